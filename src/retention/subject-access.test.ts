// Subject access and erasure through the API: everything held about a child, a reporter and a subscriber is
// exported; erasure is refused while the child is missing; after it the audit chain still verifies and none of
// the erased values is left in any text, jsonb or array column of any table.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { verifyAuditChain } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { describeOnEngines } from '../../test/support/databases.ts';
import { addRecipient, ALERT_CONTENTS, approvedAlert } from '../../test/support/alerts.ts';
import { asToken, newChildCase, sessionFor, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { FORGETMENOT } from '../../test/support/command.ts';
import { databaseUrl } from '../../test/support/templates.ts';
import { solvedChallenge, uniqueKey } from '../reports/test-support.ts';

const FOUND_NOTE = 'Found asleep in the Zephyrine boathouse on Quayside';
const REPORTER = { contactName: 'Perpetua Quillfeather', contactEmail: 'perpetua.quillfeather@example.org', contactPhone: '07400 123456' };
const SIGHTING = 'A girl in a red coat by the Vellacott Lane kiosk';
const VIEW_REASON = 'Checking the Vellacott Lane sighting against the file';
const SUBSCRIBER_EMAIL = 'ottoline.brackenridge@example.net';

// What the child's record, appeal and sighting said: none of it may remain after the erasure.
const CHILD_VALUES = [
  'Amelia',
  'Testcase',
  'Outside the leisure centre',
  'Did not come home after swimming',
  'Red coat, black jeans',
  ALERT_CONTENTS[0]!.description,
  FOUND_NOTE,
  'Zephyrine',
  SIGHTING,
  VIEW_REASON,
  REPORTER.contactName,
  REPORTER.contactEmail,
  'Abduction witnessed',
];

/** Every (table, column) of text, jsonb or array type in the database. */
async function textColumns(db: Database): Promise<{ table: string; column: string }[]> {
  const { rows } = await db.query<{ table: string; column: string }>(
    `SELECT c.table_name AS table, c.column_name AS column
       FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
      ORDER BY 1, 2`,
  );
  return rows;
}

/** Where each value is found, as "table.column: value", case-insensitively. */
async function whereFound(db: Database, values: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const { table, column } of await textColumns(db)) {
    for (const value of values) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table}" WHERE position(lower($1) IN lower("${column}"::text)) > 0`,
        [value],
      );
      if (rows[0]!.n > 0) found.push(`${table}.${column}: ${value}`);
    }
  }
  return found;
}

describeOnEngines('subject access and erasure', (engine) => {
  let world: TestWorld;
  let caseId: string;
  let reference: string;
  let alertId: string;
  let otherCaseId: string;

  before(async () => {
    world = await startTestWorld(engine);
    const investigator = asToken(world, 'force-a/investigator');
    ({ alertId } = await approvedAlert(world, { withPhoto: true }));
    const alert = JSON.parse((await investigator('GET', `/api/v1/alerts/${alertId}`)).body) as { caseId: string; slug: string };
    caseId = alert.caseId;
    reference = (JSON.parse((await investigator('GET', `/api/v1/cases/${caseId}`)).body) as { reference: string }).reference;
    await investigator('GET', `/api/v1/cases/${caseId}`, undefined, { 'x-access-reason': VIEW_REASON });
    const sighting = await world.app.inject({
      method: 'POST',
      url: '/api/v1/public/sightings',
      remoteAddress: '10.200.1.7',
      payload: {
        appeal: alert.slug,
        idempotencyKey: uniqueKey(),
        ...(await solvedChallenge(world.db, world.clock.now())),
        lat: 52.41,
        lon: -4.08,
        description: SIGHTING,
        ...REPORTER,
      },
    });
    assert.equal(sighting.statusCode, 201, `${alert.slug} ${sighting.body}`);
    // A second child, who stays.
    const other = await investigator(
      'POST',
      '/api/v1/cases',
      newChildCase(undefined, {
        child: { ...newChildCase().child, givenNames: 'Rosamund', familyName: 'Keeper' },
        lastSeen: { ...newChildCase().lastSeen, place: 'The market square' },
        circumstances: 'Left school early.',
        clothing: 'Green jumper',
      }),
    );
    otherCaseId = (JSON.parse(other.body) as { id: string }).id;
    await addRecipient(world.db, { at: [{ lon: -3.5, lat: 52.5 }], channels: { email: { address: SUBSCRIBER_EMAIL } } });
  });
  after(() => world.close());

  const coordinator = () => asToken(world, 'national/national_coordinator');
  const child = () => ({ kind: 'child', caseReference: reference });

  it('refuses subject access and erasure to anyone but the national centre’s coordinators and administrators', async () => {
    for (const who of [
      'force-a/investigator',
      'force-a/approver',
      'force-a/administrator',
      'force-a/analyst',
      'council-a/caseworker',
      'partner/partner_admin',
    ]) {
      const asked = await asToken(world, who)('POST', '/api/v1/subject-access/export', child());
      assert.equal(asked.statusCode, 403, `${who}: ${asked.body}`);
      const erase = await asToken(world, who)('POST', '/api/v1/subject-access/erase', {
        person: child(),
        ground: 'objection',
        requestReference: 'DPO-1',
      });
      assert.equal(erase.statusCode, 403, `${who}: ${erase.body}`);
    }
    assert.equal((await asToken(world, 'national/analyst')('POST', '/api/v1/subject-access/export', child())).statusCode, 403);
    assert.equal((await asToken(world, 'national/administrator')('POST', '/api/v1/subject-access/export', child())).statusCode, 200);
  });

  it('exports everything held about the child, with a readable summary and without the reporters’ details', async () => {
    const response = await coordinator()('POST', '/api/v1/subject-access/export', child());
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['cache-control'], 'no-store', 'no copy kept by a browser or a shared device');
    const { data, summary } = JSON.parse(response.body) as { data: Record<string, unknown[]>; summary: string };
    assert.equal(data.episodes!.length, 1);
    assert.equal(data.alerts!.length, 1);
    assert.equal(data.photos!.length, 1);
    assert.equal(data.sightings!.length, 1);
    const file = JSON.stringify(data);
    for (const value of ['Amelia', 'Did not come home after swimming', SIGHTING, VIEW_REASON]) assert.ok(file.includes(value), value);
    assert.ok(!file.includes(REPORTER.contactEmail), 'a reporter is a third party');
    assert.match(summary, /== Missing episodes \(1\) ==/);
    assert.match(summary, /given_names: Amelia/);
    assert.doesNotMatch(summary, /\d{4}-\d{2}-\d{2}T/, 'dates for people, not ISO');
  });

  it('exports what a reporter and a subscriber left, found by their email address or phone', async () => {
    const reporter = await coordinator()('POST', '/api/v1/subject-access/export', { kind: 'reporter', phone: REPORTER.contactPhone });
    assert.equal(reporter.statusCode, 200, reporter.body);
    assert.equal((JSON.parse(reporter.body) as { data: { submissions: unknown[] } }).data.submissions.length, 1);
    const subscriber = await coordinator()('POST', '/api/v1/subject-access/export', {
      kind: 'subscriber',
      email: SUBSCRIBER_EMAIL.toUpperCase(),
    });
    assert.equal(subscriber.statusCode, 200, subscriber.body);
    const data = (JSON.parse(subscriber.body) as { data: { subscriptions: { channels: { address: string }[] }[] } }).data;
    assert.equal(data.subscriptions[0]!.channels[0]!.address, SUBSCRIBER_EMAIL);
    const nobody = await coordinator()('POST', '/api/v1/subject-access/export', { kind: 'reporter' });
    assert.equal(nobody.statusCode, 400);
  });

  it('refuses an erasure without the data protection office’s reference', async () => {
    const refused = await coordinator()('POST', '/api/v1/subject-access/erase', { person: child(), ground: 'no_longer_needed' });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.match(refused.body, /requestReference/);
  });

  it('refuses to erase a child while an episode is open', async () => {
    const refused = await coordinator()('POST', '/api/v1/subject-access/erase', {
      person: child(),
      ground: 'no_longer_needed',
      requestReference: 'DPO-2026-0041',
    });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(JSON.parse(refused.body).detail, /open missing episode/);
  });

  it('erases the child; the audit chain still verifies and no erased value is left anywhere in the database', async () => {
    const approver = await sessionFor(world, 'force-a/approver');
    const withdrawn = await approver('POST', `/api/v1/alerts/${alertId}/withdraw`, { reason: 'found_safe', note: FOUND_NOTE });
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    const closed = await asToken(world, 'force-a/investigator')('POST', `/api/v1/cases/${caseId}/close`, {
      outcome: 'found_safe',
      notes: FOUND_NOTE,
    });
    assert.equal(closed.statusCode, 200, closed.body);
    assert.ok((await whereFound(world.db, CHILD_VALUES)).length > 10, 'the values were there before');

    const erased = await coordinator()('POST', '/api/v1/subject-access/erase', {
      person: child(),
      ground: 'no_longer_needed',
      requestReference: 'DPO-2026-0042',
    });
    assert.equal(erased.statusCode, 200, erased.body);
    const { counts } = JSON.parse(erased.body) as { counts: Record<string, number> };
    assert.equal(counts.children, 1);
    assert.equal(counts.alerts, 1);
    assert.equal(counts.sightings, 1);
    assert.ok(counts.auditDetails! > 0);

    const verdict = await verifyAuditChain(world.db);
    if (!verdict.ok) assert.fail(JSON.stringify(verdict));
    assert.ok(verdict.erasedDetails > 0);
    assert.deepEqual(await whereFound(world.db, CHILD_VALUES), []);

    // The erasure is recorded with its ground and reference, naming no one; the other child stays.
    const { rows } = await world.db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'person.erased' ORDER BY seq DESC LIMIT 1`,
    );
    assert.equal(rows[0]!.details.ground, 'no_longer_needed');
    assert.equal(rows[0]!.details.requestReference, 'DPO-2026-0042');
    const other = await asToken(world, 'force-a/investigator')('GET', `/api/v1/cases/${otherCaseId}`);
    assert.equal(other.statusCode, 200);
    assert.equal((await asToken(world, 'force-a/investigator')('GET', `/api/v1/cases/${caseId}`)).statusCode, 404);
  });

  it('erases a subscriber, and then finds no one', async () => {
    const erased = await coordinator()('POST', '/api/v1/subject-access/erase', {
      person: { kind: 'subscriber', email: SUBSCRIBER_EMAIL },
      ground: 'consent_withdrawn',
      requestReference: 'DPO-2026-0043',
    });
    assert.equal(erased.statusCode, 200, erased.body);
    assert.deepEqual(await whereFound(world.db, [SUBSCRIBER_EMAIL]), []);
    const again = await coordinator()('POST', '/api/v1/subject-access/erase', {
      person: { kind: 'subscriber', email: SUBSCRIBER_EMAIL },
      ground: 'consent_withdrawn',
      requestReference: 'DPO-2026-0043',
    });
    assert.equal(again.statusCode, 404);
  });

  it(
    'forgetmenot audit verify passes on the database after the erasures',
    { skip: engine.name !== 'postgres' && 'the command opens the database itself: PostgreSQL only' },
    async () => {
      const { rows } = await world.db.query<{ name: string }>('SELECT current_database() AS name');
      const run = spawnSync(process.execPath, [FORGETMENOT, 'audit', 'verify'], {
        env: { ...process.env, DATABASE_URL: databaseUrl(process.env.TEST_DATABASE_URL!, rows[0]!.name), LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 120_000,
      });
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^OK: \d+ entries, every hash and link intact/m);
      assert.match(run.stdout, /reasons and addresses of \d+ entries were erased/);
    },
  );
});
