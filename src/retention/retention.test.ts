// The retention schedule at its boundaries: a record exactly at the end of its period stays, one a millisecond
// older goes (or loses what identifies a person); a changed period applies at once; the review queue lists a
// child whose latest episode closed before the period and not one at it; keeping and disposing are audited
// without personal data. And who may do any of it: the national centre only, written out by hand.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendAudit, verifyAuditChain } from '../audit/audit-log.ts';
import { addRecipient } from '../../test/support/alerts.ts';
import { asToken, newChildCase, worldPerEngine, type TestWorld } from '../../test/support/app.ts';
import { describeOnEngines } from '../../test/support/databases.ts';

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365;

async function insertSession(world: TestWorld, endedAt: Date): Promise<string> {
  const id = randomUUID();
  await world.db.query(
    `INSERT INTO sessions (id, user_id, stage, csrf_token, created_at, last_seen_at, expires_at, ended_at, ip)
       SELECT $1, id, 'active', 'x', $2, $2, $2, $2, '198.51.100.7' FROM users WHERE email = 'investigator@force-a.test'`,
    [id, endedAt],
  );
  return id;
}

async function insertSubmission(world: TestWorld, receivedAt: Date): Promise<string> {
  const id = randomUUID();
  await world.db.query(
    `INSERT INTO public_submissions (id, reference, kind, idempotency_key, description, queue, received_at, updated_at,
                                       contact_name, contact_email, contact_phone)
       VALUES ($1, $2, 'report', $2, 'Seen near the station', 'national', $3, $3, 'Ida Reporter', 'ida@example.org', '+447400123456')`,
    [id, `R-${id.slice(0, 12)}`, receivedAt],
  );
  return id;
}

async function contactEmailOf(world: TestWorld, id: string): Promise<string | null | undefined> {
  const { rows } = await world.db.query<{ contact_email: string | null }>('SELECT contact_email FROM public_submissions WHERE id = $1', [
    id,
  ]);
  return rows.length ? rows[0]!.contact_email : undefined;
}

const rowExists = async (world: TestWorld, table: string, id: string) =>
  (await world.db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).rowCount > 0;

// One world per engine for both suites: the schedule's suite runs first, and who may do what does not depend on the data.
const worldOf = worldPerEngine();

describeOnEngines('retention schedule', (engine) => {
  let world: TestWorld;
  let now: Date;
  const before1 = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const older = (date: Date) => new Date(date.getTime() - 1);
  const admin = () => asToken(world, 'national/administrator');

  const session = (endedAt: Date) => insertSession(world, endedAt);
  const submission = (receivedAt: Date) => insertSubmission(world, receivedAt);
  const contactOf = (id: string) => contactEmailOf(world, id);
  const exists = (table: string, id: string) => rowExists(world, table, id);

  before(async () => {
    world = await worldOf(engine);
    now = world.clock.now();
  });

  it('shows the schedule with each default, its source and how many are due', async () => {
    const response = await admin()('GET', '/api/v1/retention/schedule');
    assert.equal(response.statusCode, 200, response.body);
    const items = (JSON.parse(response.body) as { items: { kind: string; periodDays: number; source: string; action: string }[] }).items;
    assert.deepEqual(
      items.map((item) => [item.kind, item.action, item.periodDays]),
      [
        ['missing_episodes', 'review', 6 * YEAR_DAYS],
        ['philomena_profiles', 'delete', YEAR_DAYS],
        ['return_interviews', 'anonymise', 6 * YEAR_DAYS],
        ['submissions', 'delete', 6 * YEAR_DAYS],
        ['reporter_contacts', 'anonymise', YEAR_DAYS],
        ['unconfirmed_subscribers', 'delete', 30],
        ['sessions', 'delete', 90],
        ['deliveries', 'anonymise', YEAR_DAYS],
        ['audit_details', 'anonymise', 6 * YEAR_DAYS],
      ],
    );
    assert.ok(items.every((item) => item.source.length > 10));
  });

  it('deletes or anonymises what is past its period and keeps what is exactly at it', async () => {
    const sessionAt = await session(before1(90));
    const sessionPast = await session(older(before1(90)));
    const contactAt = await submission(before1(YEAR_DAYS));
    const contactPast = await submission(older(before1(YEAR_DAYS)));
    const reportAt = await submission(before1(6 * YEAR_DAYS));
    const reportPast = await submission(older(before1(6 * YEAR_DAYS)));
    const signUpAt = await addRecipient(world.db, {
      at: [{ lon: -3.5, lat: 52.5 }],
      channels: { email: { address: 'at@example.net', confirmed: false } },
      now: before1(30),
    });
    const signUpPast = await addRecipient(world.db, {
      at: [{ lon: -3.5, lat: 52.5 }],
      channels: { email: { address: 'past@example.net', confirmed: false } },
      now: older(before1(30)),
    });
    const confirmedPast = await addRecipient(world.db, {
      at: [{ lon: -3.5, lat: 52.5 }],
      channels: { email: { address: 'kept@example.net' } },
      now: older(before1(30)),
    });
    await world.db.transaction(async (tx) => {
      const entry = { actorId: null, actor: 'test', action: 'test.noted', subjectType: 'test', reason: 'Seen by Ida at the station' };
      await appendAudit(tx, { ...entry, subjectId: 'at' }, before1(6 * YEAR_DAYS));
      await appendAudit(tx, { ...entry, subjectId: 'past' }, older(before1(6 * YEAR_DAYS)));
    });

    const run = await admin()('POST', '/api/v1/retention/run');
    assert.equal(run.statusCode, 200, run.body);
    const done = Object.fromEntries(
      (JSON.parse(run.body) as { items: { kind: string; done: number }[] }).items.map((item) => [item.kind, item.done]),
    );
    assert.deepEqual(done, {
      philomena_profiles: 0,
      return_interviews: 0,
      submissions: 1,
      reporter_contacts: 2, // the one past a year, and the one at six years (kept, but past the contact period)
      unconfirmed_subscribers: 1,
      sessions: 1,
      deliveries: 0,
      audit_details: 1,
    });

    assert.equal(await exists('sessions', sessionAt), true);
    assert.equal(await exists('sessions', sessionPast), false);
    assert.equal(await contactOf(contactAt), 'ida@example.org');
    assert.equal(await contactOf(contactPast), null, 'the contact details go, the report stays');
    assert.equal(await contactOf(reportAt), null, 'kept, but long past the contact period');
    assert.equal(await contactOf(reportPast), undefined, 'deleted');
    assert.equal(await exists('subscribers', signUpAt.id), true);
    assert.equal(await exists('subscribers', signUpPast.id), false);
    assert.equal(await exists('subscribers', confirmedPast.id), true, 'a confirmed subscriber stays until they leave');
    const { rows } = await world.db.query<{ subject_id: string; reason: string | null }>(
      `SELECT a.subject_id, p.reason FROM audit_log a LEFT JOIN audit_personal p ON p.id = a.personal_id
        WHERE a.action = 'test.noted' ORDER BY a.subject_id`,
    );
    assert.deepEqual(rows, [
      { subject_id: 'at', reason: 'Seen by Ida at the station' },
      { subject_id: 'past', reason: null },
    ]);
    assert.equal((await verifyAuditChain(world.db)).ok, true);

    // Each batch is audited with the kind, the count and the cutoff: nothing about anyone.
    const { rows: applied } = await world.db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'retention.applied' ORDER BY seq`,
    );
    assert.equal(applied.length, 5);
    assert.ok(applied.every((row) => Object.keys(row.details).sort().join() === 'action,cutoff,kind,records'));
    assert.ok(!JSON.stringify(applied).includes('ida'));

    // A second run finds nothing more.
    const again = JSON.parse((await admin()('POST', '/api/v1/retention/run')).body) as { items: { done: number }[] };
    assert.ok(again.items.every((item) => item.done === 0));
  });

  it('applies a period an administrator changes, and goes back to the default', async () => {
    const put = (body: unknown) =>
      world.app.inject({
        method: 'PUT',
        url: '/api/v1/retention/schedule/sessions',
        headers: { authorization: `Bearer ${world.tokens['national/administrator']}` },
        payload: body as object,
      });
    const recent = await session(older(before1(10)));
    const changed = await put({ periodDays: 10 });
    assert.equal(changed.statusCode, 200, changed.body);
    const sessions = (JSON.parse(changed.body) as { items: { kind: string; periodDays: number; due: number }[] }).items.find(
      (item) => item.kind === 'sessions',
    )!;
    assert.equal(sessions.periodDays, 10);
    assert.equal(sessions.due, 2, 'this one and the one kept at 90 days');
    await admin()('POST', '/api/v1/retention/run');
    assert.equal(await exists('sessions', recent), false);
    assert.equal((await put({ periodDays: 0 })).statusCode, 400);
    assert.equal(
      (
        await world.app.inject({
          method: 'PUT',
          url: '/api/v1/retention/schedule/nonsense',
          headers: { authorization: `Bearer ${world.tokens['national/administrator']}` },
          payload: { periodDays: 10 },
        })
      ).statusCode,
      404,
    );
    const reset = JSON.parse((await put({ periodDays: null })).body) as { items: { kind: string; periodDays: number }[] };
    assert.equal(reset.items.find((item) => item.kind === 'sessions')!.periodDays, 90);
  });

  it('lists a child for review once the latest episode closed before the period, keeps one on a ground, disposes of another', async () => {
    const investigator = asToken(world, 'force-a/investigator');
    const record = async (closedAt: Date) => {
      const created = JSON.parse((await investigator('POST', '/api/v1/cases', newChildCase())).body) as { id: string };
      await world.db.query(`UPDATE cases SET status = 'closed', outcome = 'found_safe', closed_at = $2 WHERE id = $1`, [
        created.id,
        closedAt,
      ]);
      const { rows } = await world.db.query<{ child_id: string }>('SELECT child_id::text AS child_id FROM cases WHERE id = $1', [
        created.id,
      ]);
      return rows[0]!.child_id;
    };
    const atBoundary = await record(before1(6 * YEAR_DAYS));
    const due = await record(older(before1(6 * YEAR_DAYS)));
    const toKeep = await record(before1(7 * YEAR_DAYS));
    const queue = async () =>
      (JSON.parse((await admin()('GET', '/api/v1/retention/reviews')).body) as { items: { childId: string }[] }).items.map(
        (item) => item.childId,
      );
    assert.deepEqual(await queue(), [toKeep, due]);
    assert.ok(!(await queue()).includes(atBoundary));

    const keepUntil = new Date(now.getTime() + YEAR_DAYS * DAY_MS).toISOString().slice(0, 10);
    const kept = await admin()('POST', `/api/v1/retention/reviews/${toKeep}`, {
      decision: 'keep',
      ground: 'linked_investigation',
      keepUntil,
    });
    assert.equal(kept.statusCode, 200, kept.body);
    assert.deepEqual(await queue(), [due]);
    const past = await admin()('POST', `/api/v1/retention/reviews/${due}`, {
      decision: 'keep',
      ground: 'legal_hold',
      keepUntil: '2020-01-01',
    });
    assert.equal(past.statusCode, 400);

    const disposed = await admin()('POST', `/api/v1/retention/reviews/${due}`, { decision: 'dispose' });
    assert.equal(disposed.statusCode, 200, disposed.body);
    assert.deepEqual(await queue(), []);
    assert.equal((await admin()('POST', `/api/v1/retention/reviews/${atBoundary}`, { decision: 'dispose' })).statusCode, 409, 'not due');
    const { rows } = await world.db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'person.erased' ORDER BY seq DESC LIMIT 1`,
    );
    assert.equal(rows[0]!.details.ground, 'retention_review');
    assert.equal((await verifyAuditChain(world.db)).ok, true);
  });
});

describeOnEngines('retention and subject access: who may', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await worldOf(engine);
  });

  // Hand-written: who may read the schedule and queue, change and run it, and export or erase a person.
  const USERS = [
    'force-a/investigator',
    'force-a/approver',
    'force-a/analyst',
    'force-a/administrator',
    'national/national_coordinator',
    'national/analyst',
    'national/administrator',
    'council-a/caseworker',
    'charity/caseworker',
    'partner/partner_admin',
  ];
  const MATRIX: Record<string, { allowed: string[]; call: (who: string) => Promise<number> }> = {
    'read the schedule and queue': {
      allowed: ['national/national_coordinator', 'national/administrator'],
      call: async (who) => (await asToken(world, who)('GET', '/api/v1/retention/reviews')).statusCode,
    },
    'run the schedule': {
      allowed: ['national/administrator'],
      call: async (who) => (await asToken(world, who)('POST', '/api/v1/retention/run')).statusCode,
    },
    'export a person': {
      allowed: ['national/national_coordinator', 'national/administrator'],
      call: async (who) =>
        (await asToken(world, who)('POST', '/api/v1/subject-access/export', { kind: 'reporter', email: 'nobody@example.org' })).statusCode,
    },
  };
  for (const [what, rule] of Object.entries(MATRIX)) {
    it(`lets only ${rule.allowed.join(' and ')} ${what}`, async () => {
      for (const who of USERS) assert.equal(await rule.call(who), rule.allowed.includes(who) ? 200 : 403, `${who} ${what}`);
    });
  }
});
