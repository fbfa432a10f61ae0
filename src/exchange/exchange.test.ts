// PFIF 1.4 exchange over HTTP, on both databases. Out: feeds only for a partner's key, valid against the PFIF 1.4
// record structure, cut to each partner's field grant and never carrying addresses or reporters' contacts, paged
// by a cursor that loses and repeats nothing, with a withdrawn appeal sent as a tombstone. In: Person Finder's
// own test files import, again and again with nothing duplicated; bad and hostile records are refused one by one
// with reasons while the rest import; a found note from the origin takes the child out of our gallery.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describeOnEngines, type TestEngine } from '../../test/support/databases.ts';
import { asToken, newChildCase, publicPageWhen, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { validateAgainstXsd } from '../../test/support/xmllint.ts';
import { parsePfifDocument } from './pfif.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/pfif');
const PFIF_XSD = path.join(FIXTURES, 'pfif-1.4.xsd');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

interface Report {
  accepted: number;
  unchanged: number;
  refused: number;
  withdrawn: number;
  refusals: { recordId: string | null; kind: string; reason: string }[];
}

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
    national: () => asToken(state.world, 'national/national_coordinator'),
  };
}

async function addPartner(world: TestWorld, body: Record<string, unknown>): Promise<string> {
  const created = await asToken(world, 'national/national_coordinator')('POST', '/api/v1/exchange/partners', body);
  assert.equal(created.statusCode, 201, created.body);
  return (JSON.parse(created.body) as { key: string }).key;
}

async function publishAppeal(world: TestWorld, givenNames: string): Promise<{ id: string; pfifRecordId: string; caseId: string }> {
  const created = await asToken(world, 'force-a/investigator')(
    'POST',
    '/api/v1/cases',
    newChildCase(undefined, { child: { ...newChildCase().child, givenNames } }),
  );
  assert.equal(created.statusCode, 201, created.body);
  const caseId = (JSON.parse(created.body) as { id: string }).id;
  const published = await asToken(world, 'force-a/approver')('POST', '/api/v1/long-term-appeals', {
    caseId,
    consent: { basis: 'parent_or_guardian', givenBy: 'Father' },
    reviewDueOn: '2027-05-01',
    country: 'GB',
    contents: [{ language: 'en', headline: `${givenNames} Testcase`, description: `${givenNames} has been missing since November.` }],
  });
  assert.equal(published.statusCode, 201, published.body);
  return { ...(JSON.parse(published.body) as { id: string; pfifRecordId: string }), caseId };
}

function feed(world: TestWorld, key: string | undefined, url: string) {
  return world.app.inject({ method: 'GET', url, headers: key === undefined ? {} : { 'x-partner-key': key } });
}

async function importDocument(world: TestWorld, code: string, document: string): Promise<Report> {
  const imported = await asToken(world, 'national/national_coordinator')('POST', `/api/v1/exchange/partners/${code}/import`, { document });
  assert.equal(imported.statusCode, 200, imported.body);
  return JSON.parse(imported.body) as Report;
}

describeOnEngines('PFIF 1.4 exchange', (engine) => {
  const test = worldOf(engine);

  it('manages partners for the national centre only', async () => {
    const body = { code: 'denied', name: 'Denied', personFields: [] };
    for (const who of ['force-a/investigator', 'force-a/approver', 'national/administrator', 'charity/caseworker']) {
      const refused = await asToken(test.world, who)('POST', '/api/v1/exchange/partners', body);
      assert.equal(refused.statusCode, 403, who);
    }
    await addPartner(test.world, { code: 'listed', name: 'Listed', personFields: ['sex'] });
    const listed = await test.national()('GET', '/api/v1/exchange/partners');
    assert.equal(listed.statusCode, 200);
    assert.doesNotMatch(listed.body, /fmp_|key_hash/);
  });

  it('serves feeds only for a partner key, valid PFIF 1.4, cut to the partner grant, never addresses or contacts', async () => {
    const full = await addPartner(test.world, {
      code: 'full',
      name: 'Full',
      personFields: ['author_name', 'source_name', 'source_url', 'description', 'sex', 'age', 'home_country', 'photo_url'],
    });
    const narrow = await addPartner(test.world, { code: 'narrow', name: 'Narrow', personFields: [] });
    const appeal = await publishAppeal(test.world, 'Beatrix');

    assert.equal((await feed(test.world, undefined, '/pfif/1.4/persons')).statusCode, 401);
    assert.equal((await feed(test.world, 'fmp_wrong', '/pfif/1.4/persons')).statusCode, 401);
    const staffToken = await test.world.app.inject({
      method: 'GET',
      url: '/pfif/1.4/persons',
      headers: { authorization: `Bearer ${test.world.tokens['national/national_coordinator']}` },
    });
    assert.equal(staffToken.statusCode, 401);

    const wide = await feed(test.world, full, '/pfif/1.4/persons?max_results=1000');
    assert.equal(wide.statusCode, 200, wide.body);
    assert.equal(wide.headers['cache-control'], 'private, no-store');
    const valid = validateAgainstXsd(wide.body, PFIF_XSD);
    assert.ok(valid.valid, valid.errors);
    const person = parsePfifDocument(wide.body).find((record) => record.fields.person_record_id === appeal.pfifRecordId)!;
    assert.equal(person.fields.full_name, 'Beatrix Testcase');
    assert.equal(person.fields.sex, 'female');
    assert.equal(person.fields.age, '13');
    assert.equal(person.fields.home_country, 'GB');
    assert.match(person.fields.description!, /missing since November/);
    assert.doesNotMatch(wide.body, /home_street|home_city|home_postal_code|author_email|author_phone|Outside the leisure centre/);

    const cut = await feed(test.world, narrow, '/pfif/1.4/persons?max_results=1000');
    assert.ok(validateAgainstXsd(cut.body, PFIF_XSD).valid);
    const narrowPerson = parsePfifDocument(cut.body).find((record) => record.fields.person_record_id === appeal.pfifRecordId)!;
    assert.deepEqual(Object.keys(narrowPerson.fields).sort(), ['entry_date', 'full_name', 'person_record_id', 'source_date']);

    const revoked = await test.national()('POST', '/api/v1/exchange/partners/narrow/revoke');
    assert.equal(revoked.statusCode, 204);
    assert.equal((await feed(test.world, narrow, '/pfif/1.4/persons')).statusCode, 401);
  });

  it('pages by cursor without losing or repeating a record, and sends a withdrawn appeal as a tombstone and a found note', async () => {
    const key = await addPartner(test.world, { code: 'pager', name: 'Pager', personFields: ['description'] });
    const appeals: { id: string; pfifRecordId: string; caseId: string }[] = [];
    for (const name of ['Carys', 'Dafydd', 'Eira']) appeals.push(await publishAppeal(test.world, name));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await feed(test.world, key, `/pfif/1.4/persons?max_results=1${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.statusCode, 200, page.body);
      seen.push(...parsePfifDocument(page.body).map((record) => record.fields.person_record_id!));
      // An empty page (the end) gives no cursor: the last one stays where to read on from.
      cursor = (page.headers['x-next-cursor'] as string | undefined) ?? cursor;
      if (!String(page.headers.link ?? '').includes('rel="next"')) break;
    }
    assert.equal(new Set(seen).size, seen.length, 'no record twice');
    for (const appeal of appeals) assert.ok(seen.includes(appeal.pfifRecordId));

    const closed = await asToken(test.world, 'force-a/investigator')('POST', `/api/v1/cases/${appeals[1]!.caseId}/close`, {
      outcome: 'found_safe',
    });
    assert.equal(closed.statusCode, 200, closed.body);
    const after = await feed(test.world, key, `/pfif/1.4/persons?cursor=${cursor}`);
    const valid = validateAgainstXsd(after.body, PFIF_XSD);
    assert.ok(valid.valid, valid.errors);
    const [tombstone] = parsePfifDocument(after.body);
    assert.equal(tombstone!.fields.person_record_id, appeals[1]!.pfifRecordId);
    assert.ok(tombstone!.fields.expiry_date);
    assert.equal(tombstone!.fields.full_name, undefined);
    const notes = await feed(test.world, key, '/pfif/1.4/notes');
    assert.ok(validateAgainstXsd(notes.body, PFIF_XSD).valid);
    const found = parsePfifDocument(notes.body).find((record) => record.fields.person_record_id === appeals[1]!.pfifRecordId)!;
    assert.equal(found.fields.status, 'believed_alive');

    const badCursor = await feed(test.world, key, '/pfif/1.4/persons?cursor=bm9wZQ');
    assert.equal(badCursor.statusCode, 400);
  });

  it("imports Person Finder's own PFIF 1.4 and 1.2 test files, idempotently, keeping the origin and dropping contacts", async () => {
    await addPartner(test.world, { code: 'personfinder', name: 'Person Finder test', personFields: [], recordDomain: 'test.google.com' });
    const first = await importDocument(test.world, 'personfinder', fixture('personfinder-test.pfif-1.4.xml'));
    assert.deepEqual([first.accepted, first.refused], [5, 0], JSON.stringify(first.refusals));
    const again = await importDocument(test.world, 'personfinder', fixture('personfinder-test.pfif-1.4.xml'));
    assert.deepEqual([again.accepted, again.unchanged, again.refused], [0, 5, 0]);
    const older = await importDocument(test.world, 'personfinder', fixture('personfinder-test.pfif-1.2.xml'));
    assert.equal(older.refused, 0, JSON.stringify(older.refusals));

    const { rows } = await test.world.db.query<{ kind: string; fields: Record<string, string>; code: string }>(
      `SELECT i.kind, i.fields, p.code FROM pfif_inbound i JOIN pfif_partners p ON p.id = i.partner_id WHERE i.record_id LIKE 'test.google.com/%' ORDER BY i.record_id`,
    );
    assert.equal(rows.length, 5);
    assert.ok(rows.every((row) => row.code === 'personfinder'));
    const person = rows.find((row) => row.kind === 'person')!;
    assert.equal(person.fields.full_name, '_test_full_name1\n_test_full_name2');
    assert.equal(person.fields.given_name, '_test_first_name');
    assert.equal(person.fields.home_street, undefined);
    assert.equal(person.fields.author_email, undefined);
    assert.ok(rows.every((row) => row.fields.author_phone === undefined && row.fields.phone_of_found_person === undefined));
  });

  it('refuses bad and hostile records one by one with reasons, imports the rest, and reports the run', async () => {
    await addPartner(test.world, { code: 'hostile', name: 'Hostile', personFields: [], recordDomain: 'partner.example' });
    const good = (id: string) => `<pfif:person><pfif:person_record_id>partner.example/person.${id}</pfif:person_record_id>
      <pfif:source_date>2026-11-01T00:00:00Z</pfif:source_date><pfif:full_name>Good ${id}</pfif:full_name></pfif:person>`;
    const document = `<?xml version="1.0" encoding="UTF-8"?><pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">
      ${good('1')}
      <pfif:person><pfif:source_date>2026-11-01T00:00:00Z</pfif:source_date><pfif:full_name>No id</pfif:full_name></pfif:person>
      <pfif:person><pfif:person_record_id>test.google.com/person.21009</pfif:person_record_id><pfif:source_date>2026-11-01T00:00:00Z</pfif:source_date><pfif:full_name>Someone else's</pfif:full_name></pfif:person>
      <pfif:person><pfif:person_record_id>partner.example/person.3</pfif:person_record_id><pfif:source_date>yesterday</pfif:source_date><pfif:full_name>Bad date</pfif:full_name></pfif:person>
      <pfif:person><pfif:person_record_id>partner.example/person.4</pfif:person_record_id><pfif:source_date>2026-11-01T00:00:00Z</pfif:source_date><pfif:full_name>${'x'.repeat(20_000)}</pfif:full_name></pfif:person>
      <pfif:person><pfif:person_record_id>partner.example/person.5</pfif:person_record_id><pfif:source_date>2026-11-01T00:00:00Z</pfif:source_date><pfif:full_name>A</pfif:full_name><pfif:full_name>B</pfif:full_name></pfif:person>
      <pfif:note><pfif:note_record_id>partner.example/note.1</pfif:note_record_id><pfif:person_record_id>partner.example/person.1</pfif:person_record_id><pfif:source_date>2026-11-01T00:00:00Z</pfif:source_date><pfif:status>kidnapped</pfif:status></pfif:note>
      ${good('6')}
    </pfif:pfif>`;
    const report = await importDocument(test.world, 'hostile', document);
    assert.equal(report.accepted, 2, JSON.stringify(report.refusals));
    assert.equal(report.refused, 6);
    const reasons = report.refusals.map((refusal) => refusal.reason).join('\n');
    for (const expected of [
      /person_record_id is missing/,
      /not in the partner's domain/,
      /source_date is not a UTC date/,
      /longer than/,
      /more than once/,
      /not a PFIF note status/,
    ]) {
      assert.match(reasons, expected);
    }

    const entities = await importDocument(
      test.world,
      'hostile',
      `<?xml version="1.0"?><!DOCTYPE pfif [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">${good('7')}</pfif:pfif>`,
    );
    assert.deepEqual([entities.accepted, entities.refused], [0, 1]);
    assert.match(entities.refusals[0]!.reason, /document type declarations/);
    const broken = await importDocument(test.world, 'hostile', '<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person>');
    assert.equal(broken.refused, 1);

    const runs = await test.national()('GET', '/api/v1/exchange/partners/hostile/runs');
    assert.equal(runs.statusCode, 200);
    const items = (JSON.parse(runs.body) as { items: Report[] }).items;
    assert.equal(items.length, 3);
    assert.doesNotMatch(runs.body, /Good 1|Bad date/, 'the report names records, not their contents');
  });

  it("shows a partner's child in the gallery until a found note from the origin withdraws it; our notes go back to them", async () => {
    await addPartner(test.world, { code: 'ie', name: 'Neighbouring site', personFields: [], recordDomain: 'ie.example' });
    const person = `<?xml version="1.0" encoding="UTF-8"?><pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person>
      <pfif:person_record_id>ie.example/person.77</pfif:person_record_id><pfif:entry_date>2026-11-20T10:00:00Z</pfif:entry_date>
      <pfif:source_date>2026-11-20T10:00:00Z</pfif:source_date><pfif:full_name>Siobhán Ní Bhriain</pfif:full_name><pfif:age>12</pfif:age>
      <pfif:home_country>IE</pfif:home_country><pfif:description>Missing from Dublin since October.</pfif:description></pfif:person></pfif:pfif>`;
    assert.equal((await importDocument(test.world, 'ie', person)).accepted, 1);
    const listed = await publicPageWhen(test.world, '/appeals?country=IE&q=Siobhan', (body) => /Siobhán Ní Bhriain/.test(body));
    assert.match(listed, /Siobhán Ní Bhriain/);
    assert.match(listed, /Shared by our partner ie/);

    const note = await test.national()('POST', '/api/v1/exchange/notes', {
      personRecordId: 'ie.example/person.77',
      text: 'Possible sighting reported here.',
    });
    assert.equal(note.statusCode, 201, note.body);
    const key = await addPartner(test.world, { code: 'ie-reader', name: 'Neighbouring site reader', personFields: [] });
    const notes = parsePfifDocument((await feed(test.world, key, '/pfif/1.4/notes')).body);
    assert.ok(
      notes.some(
        (record) => record.fields.person_record_id === 'ie.example/person.77' && record.fields.text === 'Possible sighting reported here.',
      ),
    );

    const foundNote = `<?xml version="1.0" encoding="UTF-8"?><pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:note>
      <pfif:note_record_id>ie.example/note.9</pfif:note_record_id><pfif:person_record_id>ie.example/person.77</pfif:person_record_id>
      <pfif:author_name>Neighbouring site</pfif:author_name><pfif:source_date>2026-11-23T02:00:00Z</pfif:source_date>
      <pfif:author_made_contact>true</pfif:author_made_contact><pfif:status>believed_alive</pfif:status><pfif:text>Found safe.</pfif:text></pfif:note></pfif:pfif>`;
    assert.equal((await importDocument(test.world, 'ie', foundNote)).withdrawn, 1);
    const after = await publicPageWhen(test.world, '/appeals?country=IE', (body) => !/Siobhán Ní Bhriain/.test(body));
    assert.doesNotMatch(after, /Siobhán Ní Bhriain/);
  });
});
