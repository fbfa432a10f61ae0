// Unidentified people and remains over HTTP, on both databases: recording, reading, listing, changing,
// identifying and closing; who reaches what; the audit of every view and list; refusals that write nothing;
// photos seen only within reach; and what the matcher reads.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { describeOnEngines, type TestEngine } from '../../test/support/databases.ts';
import { asToken, FORCE_A_POINT, FORCE_B_POINT, newChildCase, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { jpegWithGps, multipartPhoto } from '../../test/support/images.ts';
import { openUnidentifiedForMatching, unidentifiedForMatching, type UnidentifiedFeatures } from './store.ts';

interface View {
  id: string;
  reference: string;
  kind: string;
  status: string;
  owningOrganisation: { code: string };
  found: { at: string; lon: number; lat: number; place: string };
  sex: string;
  age: { min: number | null; max: number | null };
  heightCm: { min: number | null; max: number | null };
  build: string | null;
  hairColour: string | null;
  eyeColour: string | null;
  marks: { kind: string; bodyLocation: string; description: string }[];
  clothing: string;
  belongings: string;
  dentalReference: string | null;
  dnaReference: string | null;
  identifiedCaseId: string | null;
  resolvedAt: string | null;
  photos: { id: string; urls: Record<string, string> }[];
  version: number;
}

interface List {
  items: { id: string; reference: string; kind: string; status: string; age: { min: number | null; max: number | null } }[];
  nextCursor: string | null;
}

function newRecord(point = FORCE_A_POINT, overrides: Record<string, unknown> = {}) {
  return {
    kind: 'living',
    found: { at: '2026-11-22T18:00:00Z', lon: point.lon, lat: point.lat, place: 'Bus station, platform 3' },
    sex: 'female',
    ageMin: 3,
    ageMax: 5,
    heightMinCm: 95,
    heightMaxCm: 110,
    build: 'slight',
    hairColour: 'blonde',
    eyeColour: 'blue',
    marks: [
      { kind: 'birthmark', bodyLocation: 'left_forearm', description: 'Oval, coffee-coloured, 2 cm' },
      { kind: 'scar', bodyLocation: 'face', description: 'Small scar above the right eyebrow' },
    ],
    clothing: 'Pink raincoat, blue wellington boots',
    belongings: 'A small knitted rabbit',
    notes: 'Found alone; speaks a few words, not English.',
    ...overrides,
  };
}

async function record(world: TestWorld, who = 'force-a/investigator', body: Record<string, unknown> = newRecord()): Promise<View> {
  const created = await asToken(world, who)('POST', '/api/v1/unidentified', body);
  assert.equal(created.statusCode, 201, created.body);
  return JSON.parse(created.body) as View;
}

async function auditEntries(world: TestWorld, action: string, subjectId?: string) {
  const { rows } = await world.db.query<{ actor: string; subject_id: string | null; details: Record<string, unknown> }>(
    'SELECT actor, subject_id, details FROM audit_log WHERE action = $1 AND ($2::text IS NULL OR subject_id = $2) ORDER BY seq',
    [action, subjectId ?? null],
  );
  return rows;
}

async function countRows(world: TestWorld, table: string): Promise<number> {
  return (await world.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
}

function uploadPhoto(world: TestWorld, who: string, recordId: string, bytes: Buffer) {
  const form = multipartPhoto(bytes);
  return world.app.inject({
    method: 'POST',
    url: `/api/v1/unidentified/${recordId}/photos`,
    headers: { authorization: `Bearer ${world.tokens[who]}`, 'content-type': form.contentType },
    payload: form.payload,
  });
}

/** A test world for this file, with its usual requesters. */
function worldOf(engine: TestEngine) {
  const state = {} as { world: TestWorld };
  before(async () => {
    state.world = await startTestWorld(engine);
  });
  after(() => state.world.close());
  return {
    get world() {
      return state.world;
    },
    investigator: () => asToken(state.world, 'force-a/investigator'),
    national: () => asToken(state.world, 'national/national_coordinator'),
    otherForce: () => asToken(state.world, 'force-b/investigator'),
  };
}

describeOnEngines('unidentified people and remains: recorded, listed, changed and ended', (engine) => {
  const test = worldOf(engine);
  const { investigator, otherForce } = test;

  it('records a found child with a structured description and reads it back, the reading audited', async () => {
    const created = await record(test.world);
    assert.match(created.reference, /^FORCE-A-U-2026-\d{6}$/);
    assert.equal(created.status, 'open');
    assert.equal(created.owningOrganisation.code, 'force-a');
    assert.deepEqual(created.age, { min: 3, max: 5 });
    assert.deepEqual(created.heightCm, { min: 95, max: 110 });
    assert.deepEqual(
      created.marks.map((mark) => [mark.kind, mark.bodyLocation]),
      [
        ['birthmark', 'left_forearm'],
        ['scar', 'face'],
      ],
    );
    assert.equal((await auditEntries(test.world, 'unidentified.created', created.id)).length, 1);

    const read = await investigator()('GET', `/api/v1/unidentified/${created.id}`);
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(read.headers['cache-control'], 'no-store');
    const view = JSON.parse(read.body) as View;
    assert.equal(view.clothing, 'Pink raincoat, blue wellington boots');
    assert.equal(view.found.place, 'Bus station, platform 3');
    const viewed = await auditEntries(test.world, 'unidentified.viewed', created.id);
    assert.deepEqual(
      viewed.map((entry) => entry.actor),
      ['investigator@force-a.test'],
    );
  });

  it('lists by kind, status and force, a page at a time, each list audited with the ids it showed', async () => {
    const remains = await record(
      test.world,
      'force-a/investigator',
      newRecord(FORCE_A_POINT, { kind: 'remains', sex: 'unknown', ageMin: 12, ageMax: 16 }),
    );
    const living = await record(test.world);
    const list = async (who: string, query: string) => {
      const answer = await asToken(test.world, who)('GET', `/api/v1/unidentified${query}`);
      assert.equal(answer.statusCode, 200, answer.body);
      return JSON.parse(answer.body) as List;
    };
    const onlyRemains = await list('force-a/investigator', '?kind=remains&status=open&force=force-a');
    assert.ok(onlyRemains.items.some((item) => item.id === remains.id));
    assert.ok(onlyRemains.items.every((item) => item.kind === 'remains'));
    assert.ok(!onlyRemains.items.some((item) => item.id === living.id));
    const [listed] = (await auditEntries(test.world, 'unidentified.listed')).slice(-1);
    assert.deepEqual(
      listed!.details.ids,
      onlyRemains.items.map((item) => item.id),
    );
    assert.deepEqual(listed!.details.filters, { kind: 'remains', status: 'open', force: 'force-a', limit: 25 });

    // Pages follow one another without repeats, to the end.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: List = await list('force-a/investigator', `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(page.items.length <= 1);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length);
    assert.ok(seen.includes(remains.id) && seen.includes(living.id));
    const bad = await investigator()('GET', '/api/v1/unidentified?cursor=notacursor');
    assert.equal(bad.statusCode, 400);
  });

  it('changes an open record against the version seen, refuses a stale one, and ends it identified or closed', async () => {
    const created = await record(test.world);
    const changed = await investigator()('PATCH', `/api/v1/unidentified/${created.id}`, {
      version: created.version,
      ageMax: 6,
      hairColour: 'light_brown',
      marks: [{ kind: 'tattoo', bodyLocation: 'right_ankle', description: 'A small star' }],
    });
    assert.equal(changed.statusCode, 200, changed.body);
    const view = JSON.parse(changed.body) as View;
    assert.equal(view.version, created.version + 1);
    assert.deepEqual(view.age, { min: 3, max: 6 });
    assert.equal(view.hairColour, 'light_brown');
    assert.deepEqual(view.marks, [{ kind: 'tattoo', bodyLocation: 'right_ankle', description: 'A small star' }]);
    assert.deepEqual((await auditEntries(test.world, 'unidentified.updated', created.id))[0]!.details.changed, [
      'ageMax',
      'hairColour',
      'marks',
    ]);

    const stale = await investigator()('PATCH', `/api/v1/unidentified/${created.id}`, { version: created.version, build: 'heavy' });
    assert.equal(stale.statusCode, 409);
    assert.match(String(stale.headers['content-type']), /application\/problem\+json/);

    // Identified as a missing child of the force's own: linked to the case.
    const missing = JSON.parse((await investigator()('POST', '/api/v1/cases', newChildCase())).body) as { id: string };
    const identified = await investigator()('POST', `/api/v1/unidentified/${created.id}/identify`, {
      version: view.version,
      caseId: missing.id,
      notes: 'Mother recognised her at the station.',
    });
    assert.equal(identified.statusCode, 200, identified.body);
    const done = JSON.parse(identified.body) as View;
    assert.equal(done.status, 'identified');
    assert.equal(done.identifiedCaseId, missing.id);
    assert.ok(done.resolvedAt);
    assert.equal((await auditEntries(test.world, 'unidentified.identified', created.id)).length, 1);

    // Nothing of an identified record changes any more.
    for (const write of [
      await investigator()('PATCH', `/api/v1/unidentified/${created.id}`, { version: done.version, build: 'slim' }),
      await investigator()('POST', `/api/v1/unidentified/${created.id}/close`, { version: done.version, notes: 'Again' }),
      await uploadPhoto(test.world, 'force-a/investigator', created.id, await jpegWithGps(200, 200)),
    ])
      assert.equal(write.statusCode, 409, write.body);

    const other = await record(test.world);
    const closed = await investigator()('POST', `/api/v1/unidentified/${other.id}/close`, {
      version: other.version,
      notes: 'Recorded twice; see the other record.',
    });
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal((JSON.parse(closed.body) as View).status, 'closed');

    // A case out of the force's reach cannot be named as the identification.
    const third = await record(test.world);
    const elsewhere = JSON.parse((await otherForce()('POST', '/api/v1/cases', newChildCase(FORCE_B_POINT))).body) as { id: string };
    const refused = await investigator()('POST', `/api/v1/unidentified/${third.id}/identify`, { version: 1, caseId: elsewhere.id });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal((JSON.parse((await investigator()('GET', `/api/v1/unidentified/${third.id}`)).body) as View).status, 'open');
  });
});

describeOnEngines('unidentified people and remains: reach, refusals, photos and the matcher', (engine) => {
  const test = worldOf(engine);
  const { investigator, national, otherForce } = test;

  it('lets a force reach only its own records and the national centre every one, refusals audited', async () => {
    const own = await record(test.world);
    const theirs = await record(test.world, 'force-b/investigator', newRecord(FORCE_B_POINT));
    assert.equal(theirs.owningOrganisation.code, 'force-b');

    const refused = await otherForce()('GET', `/api/v1/unidentified/${own.id}`);
    assert.equal(refused.statusCode, 404);
    assert.match(String(refused.headers['content-type']), /application\/problem\+json/);
    const refusals = await auditEntries(test.world, 'unidentified.access_refused', own.id);
    assert.equal(refusals.length, 1);
    assert.equal(refusals[0]!.actor, 'investigator@force-b.test');
    assert.equal((await otherForce()('PATCH', `/api/v1/unidentified/${own.id}`, { version: 1, build: 'slim' })).statusCode, 404);
    assert.equal((await otherForce()('POST', `/api/v1/unidentified/${own.id}/close`, { version: 1, notes: 'Not ours' })).statusCode, 404);
    const theirList = JSON.parse((await otherForce()('GET', '/api/v1/unidentified?limit=100')).body) as List;
    assert.ok(theirList.items.some((item) => item.id === theirs.id));
    assert.ok(!theirList.items.some((item) => item.id === own.id));

    assert.equal((await national()('GET', `/api/v1/unidentified/${own.id}`)).statusCode, 200);
    assert.equal((await national()('GET', `/api/v1/unidentified/${theirs.id}`)).statusCode, 200);
    const all = JSON.parse((await national()('GET', '/api/v1/unidentified?limit=100')).body) as List;
    assert.ok(all.items.some((item) => item.id === own.id) && all.items.some((item) => item.id === theirs.id));
    assert.equal((await asToken(test.world, 'force-a/approver')('GET', `/api/v1/unidentified/${own.id}`)).statusCode, 200);

    // Roles without the permission are refused outright.
    for (const who of ['council-a/caseworker', 'force-a/analyst', 'force-a/administrator', 'partner/partner_admin']) {
      assert.equal((await asToken(test.world, who)('GET', `/api/v1/unidentified/${own.id}`)).statusCode, 403, who);
      assert.equal((await asToken(test.world, who)('GET', '/api/v1/unidentified')).statusCode, 403, who);
      assert.equal((await asToken(test.world, who)('POST', '/api/v1/unidentified', newRecord())).statusCode, 403, who);
    }

    // The national centre may record for a force; a force may not record for another.
    const forForce = await record(
      test.world,
      'national/national_coordinator',
      newRecord(FORCE_B_POINT, { owningOrganisationCode: 'force-b' }),
    );
    assert.equal(forForce.owningOrganisation.code, 'force-b');
    assert.equal((await otherForce()('GET', `/api/v1/unidentified/${forForce.id}`)).statusCode, 200);
    const impostor = await investigator()('POST', '/api/v1/unidentified', newRecord(FORCE_A_POINT, { owningOrganisationCode: 'force-b' }));
    assert.equal(impostor.statusCode, 403);
    const toCharity = await national()('POST', '/api/v1/unidentified', newRecord(FORCE_A_POINT, { owningOrganisationCode: 'charity' }));
    assert.equal(toCharity.statusCode, 400);
  });

  it('refuses bad input with problem+json naming the field, and writes nothing', async () => {
    const created = await record(test.world);
    const tables = ['unidentified_people', 'unidentified_marks', 'audit_log'];
    const before = await Promise.all(tables.map((table) => countRows(test.world, table)));
    const base = newRecord();
    const bodies: [string, unknown, string][] = [
      ['age range reversed', { ...base, ageMin: 9, ageMax: 4 }, '/body/ageMin'],
      ['age above 120', { ...base, ageMax: 121 }, '/body/ageMax'],
      ['age below 0', { ...base, ageMin: -1 }, '/body/ageMin'],
      ['height below 30', { ...base, heightMinCm: 29 }, '/body/heightMinCm'],
      ['height above 250', { ...base, heightMaxCm: 251 }, '/body/heightMaxCm'],
      ['height range reversed', { ...base, heightMinCm: 120, heightMaxCm: 100 }, '/body/heightMinCm'],
      ['found in the future', { ...base, found: { ...base.found, at: '2026-11-24T00:00:00Z' } }, '/body/found/at'],
      ['found before 1900', { ...base, found: { ...base.found, at: '1899-12-31T12:00:00Z' } }, '/body/found/at'],
      [
        'found a minute before 1900 by its offset',
        { ...base, found: { ...base.found, at: '1900-01-01T00:30:00+01:00' } },
        '/body/found/at',
      ],
      ['longitude out of range', { ...base, found: { ...base.found, lon: 181 } }, '/body/found/lon'],
      ['latitude out of range', { ...base, found: { ...base.found, lat: -91 } }, '/body/found/lat'],
      ['NUL in the clothing', { ...base, clothing: 'Red\u0000coat' }, '/body/clothing'],
      ['clothing too long', { ...base, clothing: 'x'.repeat(2001) }, '/body/clothing'],
      ['a build not on the list', { ...base, build: 'athletic' }, '/body/build'],
      ['sex "other"', { ...base, sex: 'other' }, '/body/sex'],
      ['a body location not on the list', { ...base, marks: [{ kind: 'scar', bodyLocation: 'elbow' }] }, '/body/marks/0/bodyLocation'],
      ['a mark kind not on the list', { ...base, marks: [{ kind: 'brand', bodyLocation: 'face' }] }, '/body/marks/0/kind'],
      ['too many marks', { ...base, marks: Array.from({ length: 51 }, () => ({ kind: 'mark', bodyLocation: 'face' })) }, '/body/marks'],
      ['a DNA reference too long', { ...base, dnaReference: 'D'.repeat(101) }, '/body/dnaReference'],
      ['a DNA reference on two lines', { ...base, dnaReference: 'NDNAD-1\nACGT' }, '/body/dnaReference'],
      ['an unknown field', { ...base, dnaProfile: 'ACGT' }, '/body/dnaProfile'],
      ['no kind', { ...base, kind: undefined }, '/body/kind'],
    ];
    for (const [label, body, pointer] of bodies) {
      const answer = await investigator()('POST', '/api/v1/unidentified', body);
      assert.equal(answer.statusCode, 400, `${label}: ${answer.body}`);
      assert.match(String(answer.headers['content-type']), /application\/problem\+json/, label);
      const problem = JSON.parse(answer.body) as { errors?: { pointer: string }[] };
      assert.ok(
        problem.errors?.some((error) => error.pointer === pointer),
        `${label}: ${answer.body}`,
      );
    }
    // A change checked against what is stored: a new lowest age above the stored highest.
    const reversed = await investigator()('PATCH', `/api/v1/unidentified/${created.id}`, { version: created.version, ageMin: 8 });
    assert.equal(reversed.statusCode, 400, reversed.body);
    const nul = await investigator()('PATCH', `/api/v1/unidentified/${created.id}`, { version: created.version, notes: 'a\u0000b' });
    assert.equal(nul.statusCode, 400, nul.body);
    assert.deepEqual(await Promise.all(tables.map((table) => countRows(test.world, table))), before);
    assert.equal((JSON.parse((await investigator()('GET', `/api/v1/unidentified/${created.id}`)).body) as View).version, created.version);
  });

  it('stores photos without metadata and serves them only to those who reach the record, each view audited', async () => {
    const created = await record(test.world);
    const upload = await uploadPhoto(test.world, 'force-a/investigator', created.id, await jpegWithGps());
    assert.equal(upload.statusCode, 201, upload.body);
    const photo = JSON.parse(upload.body) as { id: string; urls: Record<string, string> };
    for (const variant of ['thumb', 'page', 'full']) {
      const served = await investigator()('GET', photo.urls[variant]!);
      assert.equal(served.statusCode, 200);
      assert.equal(served.headers['content-type'], 'image/jpeg');
      assert.equal(served.headers['cache-control'], 'private, no-store');
      assert.equal((await sharp(served.rawPayload).metadata()).exif, undefined);
    }
    assert.equal((await auditEntries(test.world, 'unidentified.photo_viewed', created.id)).length, 3);
    const view = JSON.parse((await investigator()('GET', `/api/v1/unidentified/${created.id}`)).body) as View;
    assert.deepEqual(
      view.photos.map((p) => p.id),
      [photo.id],
    );

    assert.equal((await national()('GET', photo.urls.thumb!)).statusCode, 200);
    const denied = await otherForce()('GET', photo.urls.thumb!);
    assert.equal(denied.statusCode, 404);
    assert.match(String(denied.headers['content-type']), /application\/problem\+json/);
    assert.equal((await asToken(test.world, 'council-a/caseworker')('GET', photo.urls.thumb!)).statusCode, 403);
    assert.equal((await uploadPhoto(test.world, 'force-b/investigator', created.id, await jpegWithGps(100, 100))).statusCode, 404);
    assert.equal((await otherForce()('DELETE', `/api/v1/unidentified/${created.id}/photos/${photo.id}`)).statusCode, 404);
    assert.equal((await auditEntries(test.world, 'unidentified.photo_viewed', created.id)).length, 4, 'only the national view was added');

    const notImage = await uploadPhoto(test.world, 'force-a/investigator', created.id, Buffer.from('%PDF-1.4 not a photo'));
    assert.equal(notImage.statusCode, 422);
    assert.equal((await investigator()('DELETE', `/api/v1/unidentified/${created.id}/photos/${photo.id}`)).statusCode, 204);
    assert.equal((await investigator()('GET', photo.urls.thumb!)).statusCode, 404);
  });

  it('gives the matcher each record’s features, and every open record page by page', async () => {
    const open = await record(
      test.world,
      'force-a/investigator',
      newRecord(FORCE_A_POINT, { kind: 'remains', sex: 'male', dnaReference: 'NDNAD-2026-0042' }),
    );
    const closed = await record(test.world);
    await investigator()('POST', `/api/v1/unidentified/${closed.id}/close`, { version: 1, notes: 'Recorded in error.' });

    const features = await unidentifiedForMatching(test.world.db, open.id);
    assert.ok(features);
    assert.equal(features.kind, 'remains');
    assert.equal(features.sex, 'male');
    assert.equal(features.ageMin, 3);
    assert.equal(features.heightMaxCm, 110);
    assert.equal(features.build, 'slight');
    assert.equal(features.foundLon, FORCE_A_POINT.lon);
    assert.ok(features.foundAt instanceof Date);
    assert.deepEqual(features.marks[0], { kind: 'birthmark', bodyLocation: 'left_forearm', description: 'Oval, coffee-coloured, 2 cm' });
    assert.equal('dnaReference' in features, false, 'references are for people to follow, not for scoring');
    assert.equal(await unidentifiedForMatching(test.world.db, '00000000-0000-4000-8000-000000000000'), undefined);

    const streamed: UnidentifiedFeatures[] = [];
    for await (const item of openUnidentifiedForMatching(test.world.db, 2)) streamed.push(item);
    const { rows } = await test.world.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM unidentified_people WHERE status = 'open'`);
    assert.equal(streamed.length, rows[0]!.n);
    assert.ok(streamed.every((item) => item.status === 'open'));
    assert.equal(new Set(streamed.map((item) => item.id)).size, streamed.length);
    assert.ok(streamed.some((item) => item.id === open.id));
    assert.ok(!streamed.some((item) => item.id === closed.id));
  });
});
