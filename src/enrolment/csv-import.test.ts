// Bulk enrolment from CSV, on both databases: good files, bad rows in either mode, re-imports, a 100,000-row
// file, refusals of the whole file, exact positions never stored, and one organisation never reaching another's.
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cellToChildren, latLngToCell } from 'h3-js';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, square, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { cellsForArea, cellToBigInt } from '../geo/cells.ts';
import { Problem } from '../http/problem.ts';
import { cellOfPoint, cellsOfH3, createAreaResolver } from './areas.ts';
import { readRecipientCsv } from './csv-import.ts';
import { addPartnerOrganisation, countRows, importCsv, organisationIdOf } from './enrolment.test-support.ts';

const HEADER = 'external_ref,channel,address,area,language,exercises,label';
const AREA_A_CELL = latLngToCell(52.5, -3.5, 7);
const COARSE_CELL = latLngToCell(52.3, -3.9, 5);

describe('reading a recipient CSV', () => {
  const read = (text: string | Buffer[], maxBytes?: number) =>
    readRecipientCsv(
      Readable.from(typeof text === 'string' ? [Buffer.from(text)] : text),
      (area) => cellOfPoint(area) ?? cellsOfH3(area),
      maxBytes,
    );

  it('takes columns in any order and any case, a byte order mark, CRLF and quoted fields across lines', async () => {
    const text = `\ufeffAREA, Channel ,external_ref,address,label\r\n${AREA_A_CELL},email,a,a@example.org,"two\r\nlines"\r\n\r\n${AREA_A_CELL},email,b,b@example.org,\r\n`;
    const bytes = Buffer.from(text);
    // Whole, and a byte at a time (a CR and its LF in different chunks, the byte order mark split).
    for (const parsed of [await read(text), await read([...bytes].map((byte) => Buffer.from([byte])))]) {
      assert.deepEqual(parsed.errors, []);
      assert.deepEqual(
        parsed.rows.map((r) => [r.externalRef, r.line, r.label]),
        [
          ['a', 3, 'two\nlines'],
          ['b', 5, null],
        ],
      );
    }
  });

  it('reports a row with too few or too many fields, and NUL characters', async () => {
    const parsed = await read(
      `external_ref,channel,address,area\na,email,a@example.org\nb,email,b@example.org,${AREA_A_CELL},extra\nc\u0000,email,c@example.org,${AREA_A_CELL}\n`,
    );
    assert.deepEqual(
      parsed.errors.map((e) => [e.line, e.column]),
      [
        [2, null],
        [3, null],
        [4, 'external_ref'],
      ],
    );
    assert.equal(parsed.rejected, 3);
  });

  it('stops listing the cells of coarse areas once an import has listed its share', () => {
    const resolve = createAreaResolver({ query: () => Promise.reject(new Error('no database here')), exec: () => Promise.resolve() }, 60);
    const first = latLngToCell(52.5, -3.5, 5);
    const second = latLngToCell(51.5, -1.5, 5);
    const listed = resolve(first);
    assert.ok(!(listed instanceof Promise) && listed.ok && listed.value.length === 49);
    assert.equal(resolve(first), listed, 'the same cell is listed once and shared');
    const refused = resolve(second);
    assert.ok(!(refused instanceof Promise) && !refused.ok && /more area than is left/.test(refused.message));
    const point = resolve('52.5,-3.5');
    assert.ok(!(point instanceof Promise) && point.ok && point.value.length === 1, 'single cells are not limited here');
  });

  it('refuses a file past its byte limit with 413, whatever its chunks', async () => {
    const chunks = Array.from({ length: 100 }, (_, i) =>
      Buffer.from(i === 0 ? 'external_ref,channel,address,area\n' : `r${i},email,r${i}@example.org,${AREA_A_CELL}\n`),
    );
    await assert.rejects(read(chunks, 1000), (error: unknown) => error instanceof Problem && error.status === 413);
    assert.equal((await read(chunks, 1_000_000)).rows.length, 99);
  });
});

/** A file with bad rows is refused as a whole, with where each problem is; nothing is written. */
async function badRowsRefuseTheFile(world: TestWorld, partnerId: string) {
  const recipientsOf = (organisationId: string) => countRows(world, 'subscribers WHERE organisation_id = $1', [organisationId]);
  const before = await recipientsOf(partnerId);
  const auditBefore = await countRows(world, 'audit_log');
  const csv = [
    HEADER,
    `ok-1,email,ok-1@example.org,${AREA_A_CELL},,,`,
    `bad-1,email,not-an-address,${AREA_A_CELL},,,`,
    `bad-2,push,https://push.example.org/x,${AREA_A_CELL},,,`,
    `bad-3,sms,020 7946 0018,atlantis,,maybe,`,
    `ok-1,email,again@example.org,${AREA_A_CELL},,,`,
    `bad-5,webhook,http://hooks.example.org/x,${latLngToCell(52.5, -3.5, 9)},english!,,`,
  ].join('\n');
  const response = await importCsv(world, 'partner/partner_admin', csv);
  assert.equal(response.statusCode, 422, response.body);
  assert.match(String(response.headers['content-type']), /application\/problem\+json/);
  const problem = JSON.parse(response.body);
  assert.match(problem.detail, /5 of 6 rows are not valid/);
  const where = problem.errors.map((e: { line: number; column: string }) => `${e.line}:${e.column}`);
  assert.deepEqual(where, [
    '3:address',
    '4:channel',
    '5:address',
    '5:exercises',
    '5:area',
    '6:external_ref',
    '7:address',
    '7:language',
    '7:area',
  ]);
  assert.match(problem.errors[1].message, /web push needs the recipient/);
  assert.match(problem.errors[2].message, /not a mobile number/);
  assert.match(problem.errors[5].message, /appears again \(first on line 2\)/);
  assert.match(problem.errors[8].message, /resolution 9/);
  assert.equal(await recipientsOf(partnerId), before, 'nothing was written');
  assert.equal(await countRows(world, 'audit_log'), auditBefore);
}

describeOnEngines('Enrolling recipients from CSV: importing and re-importing', (engine) => {
  let world: TestWorld;
  let partnerId: string;
  const recipientsOf = (organisationId: string) => countRows(world, 'subscribers WHERE organisation_id = $1', [organisationId]);

  before(async () => {
    world = await startTestWorld(engine);
    partnerId = await organisationIdOf(world, 'partner');
  });
  after(() => world.close());

  it('imports good rows of every kind of area, confirmed, with their cells', async () => {
    const csv = [
      HEADER,
      `desk-1,email,Reception@Example.ORG,${AREA_A_CELL},,,Front desk`,
      `van-17,sms,07911 123456,${COARSE_CELL},cy,yes,`,
      'hook-1,webhook,https://hooks.example.org/fmn,area-b,en,no,Control room',
      '"van-18","sms","+48 512 345 678","52.41237,-3.91873",pl,,',
    ].join('\r\n');
    const response = await importCsv(world, 'partner/partner_admin', csv);
    assert.equal(response.statusCode, 200, response.body);
    const result = JSON.parse(response.body);
    assert.deepEqual([result.imported, result.updated, result.rejected, result.errors], [4, 0, 0, []]);
    assert.equal(result.webhookSecrets.length, 1);
    assert.equal(result.webhookSecrets[0].externalRef, 'hook-1');
    assert.match(result.webhookSecrets[0].secret, /^whsec_[A-Za-z0-9+/]{32}$/);

    const { rows } = await world.db.query<{
      external_ref: string;
      language: string;
      include_exercises: boolean;
      label: string | null;
      channel: string;
      address: string;
      confirmed: boolean;
      webhook_secret: string | null;
      cells: number;
    }>(
      `SELECT s.external_ref, s.language, s.include_exercises, s.label, c.channel, c.address, c.confirmed_at IS NOT NULL AS confirmed, c.webhook_secret,
              (SELECT count(*) FROM subscriber_cells x WHERE x.subscriber_id = s.id)::integer AS cells
         FROM subscribers s JOIN subscriber_channels c ON c.subscriber_id = s.id WHERE s.organisation_id = $1 ORDER BY s.external_ref`,
      [partnerId],
    );
    const byRef = Object.fromEntries(rows.map((row) => [row.external_ref, row]));
    assert.ok(
      rows.every((row) => row.confirmed),
      'the organisation vouches for its recipients',
    );
    // Addresses are stored in the one canonical form public sign-up uses, so STOP and unsubscribe find them.
    assert.deepEqual(
      [byRef['desk-1']!.address, byRef['desk-1']!.language, byRef['desk-1']!.label, byRef['desk-1']!.cells],
      ['reception@example.org', 'en', 'Front desk', 1],
    );
    assert.deepEqual(
      [byRef['van-17']!.address, byRef['van-17']!.language, byRef['van-17']!.include_exercises],
      ['+447911123456', 'cy', true],
    );
    assert.equal(byRef['van-17']!.cells, cellToChildren(COARSE_CELL, 7).length, 'a coarse cell becomes its resolution 7 children');
    assert.equal(
      byRef['hook-1']!.cells,
      cellsForArea([{ kind: 'polygon', geometry: square(-2.6, 51, -0.5, 52.2) }]).cells.length,
      'a jurisdiction becomes its cells',
    );
    assert.equal(byRef['hook-1']!.webhook_secret, result.webhookSecrets[0].secret);
    assert.equal(byRef['van-18']!.address, '+48512345678');

    const audit = await world.db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'enrolment.imported' AND subject_id = $1`,
      [partnerId],
    );
    assert.equal(audit.rows.length, 1);
    assert.equal(audit.rows[0]!.details.imported, 4);
  });

  it('keeps no exact position: a "lat,lon" area is stored as its resolution 7 cell only', async () => {
    const before = await recipientsOf(partnerId);
    const response = await importCsv(
      world,
      'partner/partner_admin',
      `external_ref,channel,address,area\npoint-1,email,point@example.org,"51.73519,-1.27643"\n`,
    );
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(await recipientsOf(partnerId), before + 1);
    const { rows: cells } = await world.db.query<{ cell: string }>(
      `SELECT c.cell::text AS cell FROM subscriber_cells c JOIN subscribers s ON s.id = c.subscriber_id WHERE s.external_ref = 'point-1'`,
    );
    assert.deepEqual(
      cells.map((c) => c.cell),
      [cellToBigInt(latLngToCell(51.73519, -1.27643, 7)).toString()],
    );
    for (const table of ['subscribers', 'subscriber_channels', 'subscriber_cells', 'audit_log', 'screens']) {
      const { rows } = await world.db.query<{ n: number }>(
        `SELECT count(*)::integer AS n FROM ${table} t WHERE row_to_json(t)::text LIKE '%51.735%' OR row_to_json(t)::text LIKE '%1.276%'`,
      );
      assert.equal(rows[0]!.n, 0, `${table} holds the position`);
    }
  });

  it('refuses a file with bad rows as a whole, writing nothing, and says where each problem is', () =>
    badRowsRefuseTheFile(world, partnerId));

  it('in good-rows mode writes the good rows and reports the others by line', async () => {
    const before = await recipientsOf(partnerId);
    const csv = [
      HEADER,
      `good-1,email,good-1@example.org,area-a,,,`,
      `,email,x@example.org,area-a,,,`,
      `good-2,sms,07911 123457,area-a,,,`,
      `bad,sms,12,area-a,,,`,
    ].join('\n');
    const response = await importCsv(world, 'partner/partner_admin', csv, '?mode=good-rows');
    assert.equal(response.statusCode, 200, response.body);
    const result = JSON.parse(response.body);
    assert.deepEqual([result.imported, result.updated, result.rejected], [2, 0, 2]);
    assert.deepEqual(
      result.errors.map((e: { line: number; column: string }) => [e.line, e.column]),
      [
        [3, 'external_ref'],
        [5, 'address'],
      ],
    );
    assert.equal(await recipientsOf(partnerId), before + 2);
  });

  it('updates on re-import by external_ref: no duplicates, the new channel and address, cells replaced', async () => {
    const first = await importCsv(
      world,
      'partner/partner_admin',
      `${HEADER}\nre-1,email,re-1@example.org,area-a,,,Old label\nre-2,email,re-2@example.org,${AREA_A_CELL},,,\n`,
    );
    assert.equal(JSON.parse(first.body).imported, 2);
    const before = await recipientsOf(partnerId);
    const newCell = latLngToCell(51.5, -1.5, 7);
    const second = await importCsv(
      world,
      'partner/partner_admin',
      `${HEADER}\nre-1,sms,07911 111222,${newCell},ro,yes,New label\nre-2,email,re-2@example.org,${AREA_A_CELL},,,\n`,
    );
    assert.equal(second.statusCode, 200, second.body);
    const counts = JSON.parse(second.body);
    assert.deepEqual([counts.imported, counts.updated, counts.unchanged], [0, 1, 1]);
    assert.equal(await recipientsOf(partnerId), before, 'no duplicates');

    const { rows } = await world.db.query<{
      label: string;
      language: string;
      include_exercises: boolean;
      channels: string[];
      cells: string[];
    }>(
      `SELECT s.label, s.language, s.include_exercises,
              ARRAY(SELECT channel || ':' || address FROM subscriber_channels c WHERE c.subscriber_id = s.id) AS channels,
              ARRAY(SELECT cell::text FROM subscriber_cells c WHERE c.subscriber_id = s.id) AS cells
         FROM subscribers s WHERE s.organisation_id = $1 AND s.external_ref = 're-1'`,
      [partnerId],
    );
    assert.deepEqual(rows[0], {
      label: 'New label',
      language: 'ro',
      include_exercises: true,
      channels: ['sms:+447911111222'],
      cells: [cellToBigInt(newCell).toString()],
    });
  });

  it('keeps a webhook’s secret when a re-import changes its address', async () => {
    const first = JSON.parse(
      (await importCsv(world, 'partner/partner_admin', `${HEADER}\nhook-9,webhook,https://a.example.org/in,area-a,,,\n`)).body,
    );
    const second = JSON.parse(
      (await importCsv(world, 'partner/partner_admin', `${HEADER}\nhook-9,webhook,https://b.example.org/in,area-a,,,\n`)).body,
    );
    assert.equal(first.webhookSecrets.length, 1);
    assert.deepEqual(second.webhookSecrets, [], 'no new secret is shown');
    const { rows } = await world.db.query<{ address: string; webhook_secret: string }>(
      `SELECT c.address, c.webhook_secret FROM subscriber_channels c JOIN subscribers s ON s.id = c.subscriber_id WHERE s.external_ref = 'hook-9'`,
    );
    assert.deepEqual(rows[0], { address: 'https://b.example.org/in', webhook_secret: first.webhookSecrets[0].secret });
  });
});

describeOnEngines('Enrolling recipients from CSV: refusals, scale, lists and reach', (engine) => {
  let world: TestWorld;
  let partnerId: string;
  const partner = () => asToken(world, 'partner/partner_admin');
  const recipientsOf = (organisationId: string) => countRows(world, 'subscribers WHERE organisation_id = $1', [organisationId]);

  before(async () => {
    world = await startTestWorld(engine);
    partnerId = await organisationIdOf(world, 'partner');
  });
  after(() => world.close());

  it('refuses the whole file for an unknown or missing column, broken quoting, or the wrong type', async () => {
    const before = await recipientsOf(partnerId);
    const unknown = await importCsv(
      world,
      'partner/partner_admin',
      `external_ref,channel,address,area,date_of_birth\nx,email,x@example.org,area-a,2001-01-01\n`,
    );
    assert.equal(unknown.statusCode, 422);
    assert.match(JSON.parse(unknown.body).errors[0].message, /"date_of_birth" is not a known column/);
    const missing = await importCsv(world, 'partner/partner_admin', `external_ref,channel,address\nx,email,x@example.org\n`);
    assert.equal(missing.statusCode, 422);
    assert.equal(JSON.parse(missing.body).errors[0].column, 'area');
    const broken = await importCsv(world, 'partner/partner_admin', `${HEADER}\nx,email,"x@example.org,area-a,,,\n`);
    assert.equal(broken.statusCode, 422, broken.body);
    assert.match(JSON.parse(broken.body).detail, /not valid CSV/);
    const empty = await importCsv(world, 'partner/partner_admin', '');
    assert.equal(empty.statusCode, 422);
    const json = await partner()('POST', '/api/v1/enrolment/recipients/import', { rows: [] });
    assert.equal(json.statusCode, 415);
    const latin1 = await importCsv(world, 'partner/partner_admin', `${HEADER}\n`, '', 'text/csv; charset=iso-8859-1');
    assert.equal(latin1.statusCode, 415);
    assert.equal(await recipientsOf(partnerId), before);
  });

  it('imports 100,000 rows in one transaction', async (t) => {
    const organisationId = await addPartnerOrganisation(world, 'bulk-partner');
    const lines = [HEADER];
    for (let i = 0; i < 100_000; i++) {
      const lat = (51.9 + (i % 300) * 0.005).toFixed(4);
      const lon = (-4.9 + Math.floor(i / 300) * 0.007).toFixed(4);
      lines.push(`staff-${i},email,staff.${i}@example.org,"${lat},${lon}",en,no,`);
    }
    const started = performance.now();
    const response = await importCsv(world, 'bulk-partner/partner_admin', lines.join('\n'));
    const elapsed = Math.round(performance.now() - started);
    assert.equal(response.statusCode, 200, response.body.slice(0, 500));
    assert.equal(JSON.parse(response.body).imported, 100_000);
    t.diagnostic(`${engine.name}: 100,000 rows imported in ${elapsed} ms`);
    assert.equal(await recipientsOf(organisationId), 100_000);
    assert.equal(
      await countRows(world, 'subscriber_channels c JOIN subscribers s ON s.id = c.subscriber_id WHERE s.organisation_id = $1', [
        organisationId,
      ]),
      100_000,
    );
    assert.equal(
      await countRows(world, 'subscriber_cells c JOIN subscribers s ON s.id = c.subscriber_id WHERE s.organisation_id = $1', [
        organisationId,
      ]),
      100_000,
    );

    const again = performance.now();
    const reimport = await importCsv(world, 'bulk-partner/partner_admin', lines.join('\n'));
    assert.equal(JSON.parse(reimport.body).unchanged, 100_000);
    t.diagnostic(`${engine.name}: the same 100,000 rows re-imported in ${Math.round(performance.now() - again)} ms`);
    assert.equal(await recipientsOf(organisationId), 100_000);

    const offboarded = await asToken(world, 'bulk-partner/partner_admin')('DELETE', '/api/v1/enrolment/recipients?confirm=yes');
    assert.equal(JSON.parse(offboarded.body).deleted, 100_000);
    assert.equal(
      await countRows(world, 'subscriber_cells c JOIN subscribers s ON s.id = c.subscriber_id WHERE s.organisation_id = $1', [
        organisationId,
      ]),
      0,
    );
  });

  it('lists recipients a page at a time with counts per channel, and removes them', async () => {
    const organisationId = await addPartnerOrganisation(world, 'list-partner');
    const admin = asToken(world, 'list-partner/partner_admin');
    const rows = ['c,sms,07911 000001', 'a,email,a@example.org', 'b,email,b@example.org', 'd,webhook,https://hooks.example.org/d'];
    const imported = await importCsv(
      world,
      'list-partner/partner_admin',
      `external_ref,channel,address,area\n${rows.map((r) => `${r},area-a`).join('\n')}\n`,
    );
    assert.equal(imported.statusCode, 200, imported.body);

    const first = JSON.parse((await admin('GET', '/api/v1/enrolment/recipients?limit=3')).body);
    assert.deepEqual(
      first.items.map((i: { externalRef: string }) => i.externalRef),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(first.counts, { total: 4, email: 2, sms: 1, webhook: 1 });
    assert.equal(first.nextAfter, 'c');
    assert.equal(first.items[2].address, '+447911000001');
    assert.ok(first.items[0].cells > 1000);
    const second = JSON.parse((await admin('GET', `/api/v1/enrolment/recipients?limit=3&after=${first.nextAfter}`)).body);
    assert.deepEqual(
      second.items.map((i: { externalRef: string }) => i.externalRef),
      ['d'],
    );
    assert.equal(second.nextAfter, null);
    assert.equal(JSON.parse((await admin('GET', '/api/v1/enrolment/recipients?channel=sms')).body).items.length, 1);

    assert.equal((await admin('DELETE', '/api/v1/enrolment/recipients/b')).statusCode, 204);
    assert.equal((await admin('DELETE', '/api/v1/enrolment/recipients/b')).statusCode, 404);
    assert.equal((await admin('DELETE', '/api/v1/enrolment/recipients')).statusCode, 400, 'offboarding needs confirm=yes');
    assert.equal(await recipientsOf(organisationId), 3);
    assert.equal(JSON.parse((await admin('DELETE', '/api/v1/enrolment/recipients?confirm=yes')).body).deleted, 3);
    assert.equal(await recipientsOf(organisationId), 0);
    const actions = await world.db.query<{ action: string }>('SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY seq', [
      organisationId,
    ]);
    assert.deepEqual(
      actions.rows.map((r) => r.action),
      [
        'enrolment.imported',
        'enrolment.recipients_listed',
        'enrolment.recipients_listed',
        'enrolment.recipients_listed',
        'enrolment.recipient_deleted',
        'enrolment.recipients_deleted',
      ],
    );
  });

  it('lets each organisation reach only its own recipients', async () => {
    await addPartnerOrganisation(world, 'other-partner');
    const other = asToken(world, 'other-partner/partner_admin');
    const listed = JSON.parse((await other('GET', '/api/v1/enrolment/recipients')).body);
    assert.deepEqual(listed.items, []);
    assert.equal(listed.counts.total, 0);
    const before = await recipientsOf(partnerId);
    assert.equal((await other('DELETE', '/api/v1/enrolment/recipients/desk-1')).statusCode, 404);
    assert.equal(JSON.parse((await other('DELETE', '/api/v1/enrolment/recipients?confirm=yes')).body).deleted, 0);
    // The same external_ref in another organisation is another recipient.
    const theirs = await importCsv(world, 'other-partner/partner_admin', `${HEADER}\ndesk-1,email,theirs@example.org,area-a,,,\n`);
    assert.equal(JSON.parse(theirs.body).imported, 1);
    assert.equal(await recipientsOf(partnerId), before);

    // An administrator manages their own organisation's recipients; staff without the permission are refused.
    const force = await importCsv(world, 'force-a/administrator', `${HEADER}\nduty-1,email,duty@force-a.example.org,area-a,,,\n`);
    assert.equal(force.statusCode, 200, force.body);
    assert.equal(await recipientsOf(await organisationIdOf(world, 'force-a')), 1);
    assert.equal((await importCsv(world, 'force-a/investigator', `${HEADER}\n`)).statusCode, 403);
    assert.equal((await asToken(world, 'force-a/investigator')('GET', '/api/v1/enrolment/recipients')).statusCode, 403);
    assert.equal((await world.app.inject({ method: 'GET', url: '/api/v1/enrolment/recipients' })).statusCode, 401);
  });
});
