// The importable gazetteer on both databases: all-or-nothing import with line numbers, prefix search that
// ignores case and accents, and the demo list.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import {
  findGazetteerPlaces,
  gazetteerPlaceById,
  importGazetteer,
  lookUpGazetteerPlace,
  seedDemoGazetteer,
  similarGazetteerPlaces,
} from './gazetteer.ts';
import { ensureReferenceGazetteer } from './reference-gazetteer.ts';
import { labelPopulationAtZoom, nearestPlace, placeLabels } from './nearby-places.ts';

describeOnEngines('Gazetteer', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld(engine);
  });
  after(() => world.close());

  it('imports every row or none, naming the bad lines', async () => {
    const bad = await importGazetteer(
      world.db,
      'name,lon,lat,kind\nZedtown,-1.5,52.1,place\nYtown,200,52,place\n,1,1,\nXtown,1,1,village\n',
    );
    assert.equal(bad.ok, false);
    assert.deepEqual(
      bad.errors.map((e) => e.line),
      [3, 4, 5],
    );
    assert.deepEqual(await findGazetteerPlaces(world.db, 'Zedtown'), [], 'nothing from a bad file is stored');
    assert.equal((await importGazetteer(world.db, 'place,x\nA,1\n')).ok, false, 'missing columns are refused');

    const good = await importGazetteer(
      world.db,
      '\uFEFFName,Lon,Lat,Kind\nZedtown,-1.5,52.1,place\nZE1,-1.2,60.1,postcode_district\n"Zêd Abbey",-1.6,52.2,\n',
    );
    assert.deepEqual(good, { ok: true, imported: 3 });
    assert.deepEqual(
      await importGazetteer(world.db, 'name,lon,lat\nZedtown,-1.5,52.1\n'),
      { ok: true, imported: 0 },
      'a row already there is skipped',
    );
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

  it('loads the GeoNames places of the UK and Ireland once, and finds Rhayader however it is typed', async () => {
    const first = await ensureReferenceGazetteer(world.db);
    assert.equal(first.loaded, true);
    assert.ok(first.places > 4000, `${first.places} places`);
    assert.deepEqual(await ensureReferenceGazetteer(world.db), { ...first, loaded: false }, 'a second start loads nothing');
    for (const typed of ['Rhayader', 'rhayader', '  RHAYADER ', 'Rhaeadr Gwy', 'rhaeadr']) {
      const found = await lookUpGazetteerPlace(world.db, typed);
      assert.equal(found.kind === 'found' && found.place.name, 'Rhayader', typed);
      assert.ok(found.kind === 'found' && Math.abs(found.place.lat - 52.3) < 0.05 && found.place.area === 'Wales');
    }
    for (const typed of ['St Albans', 'Saint Albans', 'st. albans', 'ST-ALBANS']) {
      const found = await lookUpGazetteerPlace(world.db, typed);
      assert.equal(found.kind === 'found' && found.place.name, 'St Albans', typed);
    }
    const lynn = await lookUpGazetteerPlace(world.db, 'Kings Lynn');
    assert.equal(lynn.kind === 'found' && lynn.place.name, "King's Lynn");
    const galway = await lookUpGazetteerPlace(world.db, 'galway');
    assert.equal(galway.kind === 'found' && galway.place.name, 'Gaillimh', 'an English name finds the Irish one');
    const cardiff = await lookUpGazetteerPlace(world.db, 'Caerdydd');
    assert.equal(cardiff.kind === 'found' && cardiff.place.name, 'Cardiff', 'a Welsh name finds the place');
    // Seven Newports: choices, largest first, each named with its area.
    const newport = await lookUpGazetteerPlace(world.db, 'Newport');
    assert.equal(newport.kind, 'ambiguous');
    assert.ok(newport.choices.length >= 5 && newport.choices[0]!.area === 'Wales' && newport.choices[0]!.population! > 100_000);
    // A place picked from choices is found again by its id.
    assert.equal((await gazetteerPlaceById(world.db, newport.choices[0]!.id))?.name, 'Newport');
  });

  it('suggests places spelt nearly like an unknown name', async () => {
    await ensureReferenceGazetteer(world.db);
    assert.equal((await lookUpGazetteerPlace(world.db, 'Rhayder')).kind, 'unknown');
    assert.equal((await similarGazetteerPlaces(world.db, 'Rhayder'))[0]?.name, 'Rhayader');
    assert.equal((await similarGazetteerPlaces(world.db, 'Llandrindod Wels'))[0]?.name, 'Llandrindod Wells');
    assert.deepEqual(await similarGazetteerPlaces(world.db, 'Qqqqqqqq'), []);
  });

  it('names the place nearest a point, and the places a map shows at each zoom', async () => {
    await ensureReferenceGazetteer(world.db);
    const near = await nearestPlace(world.db, { lon: -3.52, lat: 52.29 });
    assert.equal(near?.name, 'Rhayader');
    assert.ok(near.km < 3);
    assert.equal(await nearestPlace(world.db, { lon: -30, lat: 45 }), undefined, 'nothing in mid-Atlantic');

    const wales = { south: 51.3, west: -5.4, north: 53.5, east: -2.6 };
    const country = await placeLabels(world.db, wales, 6);
    assert.ok(country.some((p) => p.name === 'Cardiff'));
    assert.ok(
      country.every((p) => (p.population ?? 0) >= labelPopulationAtZoom(6)),
      'only cities at a country view',
    );
    assert.ok(!country.some((p) => p.name === 'Rhayader'));
    assert.ok(!country.some((p) => p.name === 'London'), 'nothing outside the view');
    const close = await placeLabels(world.db, { south: 52.2, west: -3.7, north: 52.4, east: -3.3 }, 11);
    assert.ok(
      close.some((p) => p.name === 'Rhayader'),
      'every town close in',
    );
    assert.ok(close.every((p) => p.lat >= 52.2 && p.lat <= 52.4 && p.lon >= -3.7 && p.lon <= -3.3));

    // Over HTTP: staff only, filtered by the view and the zoom, cacheable.
    const url = (zoom: number) => `/api/v1/places/labels?south=51.3&west=-5.4&north=53.5&east=-2.6&zoom=${zoom}`;
    assert.equal((await world.app.inject({ method: 'GET', url: url(6) })).statusCode, 401, 'not for the public');
    const staff = asToken(world, 'force-a/investigator');
    const wide = await staff('GET', url(6));
    assert.equal(wide.statusCode, 200, wide.body);
    assert.match(String(wide.headers['cache-control']), /max-age/);
    const wideNames = (JSON.parse(wide.body) as { items: { name: string }[] }).items.map((p) => p.name);
    assert.ok(
      wideNames.includes('Cardiff') && wideNames.includes('Swansea') && !wideNames.includes('Rhayader') && !wideNames.includes('Bristol'),
    );
    const closeIn = await staff('GET', '/api/v1/places/labels?south=52.2&west=-3.7&north=52.4&east=-3.3&zoom=11');
    assert.ok((JSON.parse(closeIn.body) as { items: { name: string }[] }).items.some((p) => p.name === 'Rhayader'));
    assert.equal((await staff('GET', '/api/v1/places/labels?south=52&west=-3&north=53&east=-2&zoom=99')).statusCode, 400);
  });
});
