// The importable gazetteer on both databases: all-or-nothing import with line numbers, prefix search that
// ignores case and accents, and the demo list.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { findGazetteerPlaces, importGazetteer, lookUpGazetteerPlace, seedDemoGazetteer } from './gazetteer.ts';

describeOnEngines('Gazetteer', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld(engine);
  });
  after(() => world.close());

  it('imports every row or none, naming the bad lines', async () => {
    const bad = await importGazetteer(world.db, 'name,lon,lat,kind\nZedtown,-1.5,52.1,place\nYtown,200,52,place\n,1,1,\nXtown,1,1,village\n');
    assert.equal(bad.ok, false);
    assert.deepEqual(!bad.ok && bad.errors.map((e) => e.line), [3, 4, 5]);
    assert.deepEqual(await findGazetteerPlaces(world.db, 'Zedtown'), [], 'nothing from a bad file is stored');
    assert.equal((await importGazetteer(world.db, 'place,x\nA,1\n')).ok, false, 'missing columns are refused');

    const good = await importGazetteer(world.db, '\uFEFFName,Lon,Lat,Kind\nZedtown,-1.5,52.1,place\nZE1,-1.2,60.1,postcode_district\n"Zêd Abbey",-1.6,52.2,\n');
    assert.deepEqual(good, { ok: true, imported: 3 });
    assert.deepEqual(await importGazetteer(world.db, 'name,lon,lat\nZedtown,-1.5,52.1\n'), { ok: true, imported: 0 }, 'a row already there is skipped');
  });

  it('finds places by prefix, ignoring case, accents and pattern characters', async () => {
    const found = await findGazetteerPlaces(world.db, 'zed', 10);
    assert.deepEqual(found.map((p) => p.name).sort(), ['Zedtown', 'Zêd Abbey'].sort());
    assert.deepEqual(await findGazetteerPlaces(world.db, '%'), []);
    assert.deepEqual(await findGazetteerPlaces(world.db, 'z_d'), []);
    const one = await lookUpGazetteerPlace(world.db, 'ZEDTOWN');
    assert.equal(one.kind === 'found' && one.place.kind, 'place');
    assert.equal((await lookUpGazetteerPlace(world.db, 'zed')).kind, 'ambiguous');
    assert.equal((await lookUpGazetteerPlace(world.db, 'Nowhere at all')).kind, 'unknown');
  });

  it('seeds the demo gazetteer from the built-in towns, twice without harm', async () => {
    const first = await seedDemoGazetteer(world.db);
    assert.ok(first > 50);
    assert.equal(await seedDemoGazetteer(world.db), 0);
    const oxford = await lookUpGazetteerPlace(world.db, 'Oxford');
    assert.ok(oxford.kind === 'found' && Math.abs(oxford.place.lat - 51.75) < 0.1);
    assert.equal((await lookUpGazetteerPlace(world.db, 'Caerdydd')).kind, 'found', 'other-language names are found too');
  });
});
