// Organisations and boundaries managed through the API, on both databases: only the national centre's
// administrators change them; boundary files are checked per feature, all or nothing unless told otherwise;
// a boundary imported again is replaced in place, and routing follows the new shape at once.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { processJurisdictionIndex, routePoint } from '../geo/jurisdiction-index.ts';

const SAMPLE = JSON.parse(fs.readFileSync(new URL('../../test/fixtures/police-force-areas-sample.geojson', import.meta.url), 'utf8'));
const IMPORT = '/api/v1/boundaries/import?codeProperty=PFA23CD&nameProperty=PFA23NM&parent=country';
const IN_THAMES_VALLEY = { lon: -1.0, lat: 51.75 };
const square = (west: number, south: number, east: number, north: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [west, south],
      [east, south],
      [east, north],
      [west, north],
      [west, south],
    ],
  ],
});

/** The contact other forces are given about an organisation's children: set, changed in part, cleared, checked. */
async function contactIsKept(world: TestWorld): Promise<void> {
  const audited = async (action: string) =>
    (await world.db.query('SELECT details FROM audit_log WHERE action = $1 ORDER BY seq', [action])).rows as Array<{
      details: Record<string, unknown>;
    }>;
  const national = asToken(world, 'national/administrator');
  const created = await national('POST', '/api/v1/organisations', {
    code: 'contact-force',
    name: 'Contact Force',
    kind: 'police_force',
    contact: { desk: '  Missing Persons Unit (24 hours) ', phone: '+44 1632 960101' },
  });
  assert.equal(created.statusCode, 201, created.body);
  assert.deepEqual(JSON.parse(created.body).contact, { desk: 'Missing Persons Unit (24 hours)', phone: '+44 1632 960101', email: null });

  const emailAdded = await national('PATCH', '/api/v1/organisations/contact-force', { contact: { email: 'mpu@contact-force.test' } });
  assert.equal(emailAdded.statusCode, 200, emailAdded.body);
  assert.deepEqual(JSON.parse(emailAdded.body).contact, {
    desk: 'Missing Persons Unit (24 hours)',
    phone: '+44 1632 960101',
    email: 'mpu@contact-force.test',
  });
  const phoneCleared = await national('PATCH', '/api/v1/organisations/contact-force', { contact: { phone: null } });
  assert.equal(JSON.parse(phoneCleared.body).contact.phone, null);
  assert.deepEqual((await audited('organisation.updated')).at(-1)!.details, { code: 'contact-force', contact: true });

  for (const [contact, pointer] of [
    [{ phone: 'call us' }, '/body/contact/phone'],
    [{ email: 'not an address' }, '/body/contact/email'],
    [{ desk: 'x'.repeat(201) }, '/body/contact/desk'],
  ] as const) {
    const refused = await national('PATCH', '/api/v1/organisations/contact-force', { contact });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
    assert.ok(JSON.stringify(JSON.parse(refused.body)).includes(pointer), refused.body);
  }
  const listed = JSON.parse((await national('GET', '/api/v1/organisations')).body) as {
    items: Array<{ code: string; contact: unknown }>;
  };
  assert.deepEqual(listed.items.find((o) => o.code === 'contact-force')!.contact, {
    desk: 'Missing Persons Unit (24 hours)',
    phone: null,
    email: 'mpu@contact-force.test',
  });
}

describeOnEngines('organisations and boundaries', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld(engine, { users: { 'force-a': ['administrator'], national: ['administrator'] } });
  });
  after(() => world.close());

  const audited = async (action: string) =>
    (await world.db.query('SELECT details FROM audit_log WHERE action = $1 ORDER BY seq', [action])).rows as Array<{
      details: Record<string, unknown>;
    }>;

  it('imports boundaries with a report per feature; refuses a file with a bad feature unless told to skip it', async () => {
    const national = asToken(world, 'national/administrator');
    assert.equal((await asToken(world, 'force-a/administrator')('POST', IMPORT, SAMPLE)).statusCode, 403, 'a force’s administrator cannot');

    const checked = await national('POST', `${IMPORT}&dryRun=true`, SAMPLE);
    assert.equal(checked.statusCode, 200, checked.body);
    assert.deepEqual(
      JSON.parse(checked.body).features.map((f: { outcome: string }) => f.outcome),
      ['checked', 'checked'],
    );
    assert.equal((await world.db.query(`SELECT 1 FROM jurisdictions WHERE code = 'E23000029'`)).rows.length, 0, 'a check writes nothing');

    const withBad = {
      ...SAMPLE,
      features: [
        ...SAMPLE.features,
        {
          type: 'Feature',
          properties: { PFA23CD: 'E23000099', PFA23NM: 'Bow tie' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [-1, 51],
                [0, 52],
                [0, 51],
                [-1, 52],
                [-1, 51],
              ],
            ],
          },
        },
      ],
    };
    const refused = await national('POST', IMPORT, withBad);
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    const problem = JSON.parse(refused.body);
    assert.deepEqual(
      problem.errors.map((e: { pointer: string }) => e.pointer),
      ['/features/2'],
    );
    assert.match(problem.errors[0].detail, /E23000099 Bow tie: .*crosses or touches itself/);
    assert.equal((await world.db.query(`SELECT 1 FROM jurisdictions WHERE code = 'E23000029'`)).rows.length, 0, 'all or nothing');

    const skipping = await national('POST', `${IMPORT}&skipInvalid=true&source=pfa.geojson`, withBad);
    assert.equal(skipping.statusCode, 200, skipping.body);
    const outcome = JSON.parse(skipping.body);
    assert.deepEqual([outcome.created, outcome.replaced, outcome.skipped], [2, 0, 1]);
    assert.equal((await audited('jurisdiction.created')).length, 2);
    const listed = JSON.parse((await national('GET', '/api/v1/boundaries')).body).items as Array<{
      code: string;
      parentCode: string | null;
      source: string | null;
    }>;
    assert.deepEqual(
      listed.find((j) => j.code === 'E23000029'),
      { ...listed.find((j) => j.code === 'E23000029'), parentCode: 'country', source: 'pfa.geojson' },
    );
  });

  it('creates and edits organisations of every kind, audited', async () => {
    const national = asToken(world, 'national/administrator');
    const created = await national('POST', '/api/v1/organisations', {
      code: 'thames-valley',
      name: 'Thames Valley Police',
      kind: 'police_force',
      jurisdictionCodes: ['E23000029'],
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(JSON.parse(created.body).jurisdictionCodes, ['E23000029']);
    const foreign = await national('POST', '/api/v1/organisations', {
      code: 'centre-ie',
      name: 'Ireland’s national centre',
      kind: 'foreign_national_centre',
    });
    assert.equal(foreign.statusCode, 201, foreign.body);
    assert.equal(
      (await national('POST', '/api/v1/organisations', { code: 'thames-valley', name: 'Again', kind: 'police_force' })).statusCode,
      409,
    );
    const unknownArea = await national('POST', '/api/v1/organisations', {
      code: 'nowhere',
      name: 'Nowhere',
      kind: 'police_force',
      jurisdictionCodes: ['E99'],
    });
    assert.equal(unknownArea.statusCode, 400);
    assert.match(JSON.parse(unknownArea.body).detail, /no jurisdiction has the code "E99"/);
    assert.equal(
      (await asToken(world, 'force-a/administrator')('POST', '/api/v1/organisations', { code: 'rogue', name: 'Rogue', kind: 'charity' }))
        .statusCode,
      403,
    );

    const edited = await national('PATCH', '/api/v1/organisations/thames-valley', {
      name: 'Thames Valley Police (TVP)',
      jurisdictionCodes: ['E23000029', 'E23000030'],
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.deepEqual(JSON.parse(edited.body).jurisdictionCodes, ['E23000029', 'E23000030']);
    assert.equal((await national('PATCH', '/api/v1/organisations/nobody', { name: 'X' })).statusCode, 404);
    assert.equal((await audited('organisation.created')).length, 2);
    assert.deepEqual((await audited('organisation.updated'))[0]!.details, {
      code: 'thames-valley',
      name: true,
      jurisdictions: ['E23000029', 'E23000030'],
    });
  });

  it('keeps the contact other forces are given about its children: set, changed in part, cleared, checked', () => contactIsKept(world));

  it('replaces a boundary in place: its id, its organisations and what points at it stay, and routing follows the new shape', async () => {
    const national = asToken(world, 'national/administrator');
    const before = (await world.db.query<{ id: string }>(`SELECT id FROM jurisdictions WHERE code = 'E23000029'`)).rows[0]!.id;
    assert.equal(
      routePoint(await processJurisdictionIndex.current(world.db), IN_THAMES_VALLEY.lon, IN_THAMES_VALLEY.lat)?.code,
      'E23000029',
    );

    // A new edition that no longer reaches that point (far east of it).
    const edition = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { PFA23CD: 'E23000029', PFA23NM: 'Thames Valley' }, geometry: square(-1.7, 51.3, -1.2, 52.1) },
      ],
    };
    const replaced = await national('POST', IMPORT, edition);
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.deepEqual([JSON.parse(replaced.body).created, JSON.parse(replaced.body).replaced], [0, 1]);
    const after = (
      await world.db.query<{ id: string; updated_at: Date | null }>(`SELECT id, updated_at FROM jurisdictions WHERE code = 'E23000029'`)
    ).rows[0]!;
    assert.equal(after.id, before, 'the same row');
    assert.ok(after.updated_at);
    const organisation = JSON.parse((await national('GET', '/api/v1/organisations')).body).items.find(
      (o: { code: string }) => o.code === 'thames-valley',
    );
    assert.deepEqual(organisation.jurisdictionCodes, ['E23000029', 'E23000030']);
    assert.notEqual(
      routePoint(await processJurisdictionIndex.current(world.db), IN_THAMES_VALLEY.lon, IN_THAMES_VALLEY.lat)?.code,
      'E23000029',
      'the index was rebuilt',
    );
    assert.equal(routePoint(await processJurisdictionIndex.current(world.db), -1.5, 51.7)?.code, 'E23000029');
    assert.equal((await audited('jurisdiction.replaced')).length, 1);

    // A code cannot change kind.
    const asCountry = await national('POST', `/api/v1/boundaries/import?codeProperty=PFA23CD&nameProperty=PFA23NM&kind=country`, edition);
    assert.equal(asCountry.statusCode, 422);
    assert.match(JSON.parse(asCountry.body).errors[0].detail, /cannot change kind/);
  });
});
