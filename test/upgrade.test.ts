// Upgrading a database that holds data. Every migration runs from the first, one at a time, and after each
// that adds or changes tables its fixture (test/fixtures/upgrade/NNNN.sql, made-up data) puts in rows of
// what it introduced; so every later migration runs over cases, alerts in each state, messages, recipients,
// deliveries, sightings, reports, audit entries and the rest, as a deployment's database would hold them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { verifyAuditChain } from '../src/audit/audit-log.ts';
import { auditHashInLog } from '../src/audit/head.ts';
import { createApiToken } from '../src/auth/api-tokens.ts';
import { loadConfig } from '../src/config.ts';
import { openPglite, type Database } from '../src/db/database.ts';
import { migrate, readMigrations, type Migration } from '../src/db/migrate.ts';
import { filesystemMediaStore } from '../src/media/media-store.ts';
import { createMetrics } from '../src/ops/metrics.ts';
import { buildApp } from '../src/server.ts';
import { describeOnEngines, openEmptyDatabase } from './support/databases.ts';
import { databaseUrl } from './support/templates.ts';
import { FORGETMENOT, PROJECT_ROOT } from './support/command.ts';

const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/upgrade');

// No release is tagged yet. 0001 to 0013 stand for the previous release: they had all been merged when
// the work that added 0014 (the reference gazetteer), 0016 (figures per notice, recounted from the
// deliveries) and 0017 (operating without SQL) began, and those three change tables that already hold data.
const PREVIOUS_RELEASE = '0013_webhook_secret_overlap';

const FIXED_NOW = new Date('2026-02-08T09:00:00Z');
const INVESTIGATOR_NORTH = '30000000-0000-4000-8000-000000000001';
const WREN_OPEN_CASE = '50000000-0000-4000-8000-000000000002';
const LEGACY_REASON = 'Return interview';

const ALL = readMigrations();

/**
 * Applies the migrations one at a time up to `through` (all by default), each followed by its fixture.
 * After the foundation, entries are written as the audit log wrote them before migration 0033 (reason and
 * address inside the chain), so the upgrade must move them out and keep the chain verifiable.
 */
async function migrateWithData(db: Database, through = ALL.at(-1)!.version): Promise<Migration[]> {
  const steps = ALL.filter((m) => m.version <= through);
  for (const [i, migration] of steps.entries()) {
    assert.deepEqual(await migrate(db, steps.slice(0, i + 1)), [migration.version]);
    const fixture = path.join(FIXTURES, `${migration.version.slice(0, 4)}.sql`);
    if (fs.existsSync(fixture)) await db.exec(fs.readFileSync(fixture, 'utf8'));
    if (migration.version.startsWith('0001_')) await writeLegacyAuditEntries(db);
  }
  return steps;
}

interface LegacyEntry {
  actorId: string | null;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  ip: string | null;
  reason: string | null;
  details: Record<string, unknown>;
  at: Date;
}

/** The chain as the foundation's code wrote it: the canonical JSON of every field, reason and address included. */
async function writeLegacyAuditEntries(db: Database): Promise<string> {
  const actor = { actorId: INVESTIGATOR_NORTH, actor: 'investigator@north.fixture', ip: '192.0.2.10' };
  const entries: LegacyEntry[] = [
    {
      ...actor,
      action: 'case.created',
      subjectType: 'case',
      subjectId: WREN_OPEN_CASE,
      reason: null,
      details: { reference: 'FX-0002' },
      at: new Date('2026-02-01T07:00:00Z'),
    },
    {
      ...actor,
      action: 'case.shared',
      subjectType: 'case',
      subjectId: WREN_OPEN_CASE,
      reason: LEGACY_REASON,
      details: { organisation: 'north-council' },
      at: new Date('2026-02-01T09:00:00Z'),
    },
    {
      actorId: null,
      actor: 'system',
      action: 'alert.expired',
      subjectType: 'alert',
      subjectId: '70000000-0000-4000-8000-000000000008',
      ip: null,
      reason: null,
      details: {},
      at: new Date('2026-01-11T21:20:00Z'),
    },
  ];
  let prevHash = '0'.repeat(64);
  for (const [i, entry] of entries.entries()) {
    const { at, ...rest } = entry;
    const body = canonicalize({ seq: i + 1, at: at.toISOString(), ...rest }) ?? '';
    const hash = createHash('sha256').update(prevHash).update(body).digest('hex');
    await db.query(
      `INSERT INTO audit_log (seq, at, actor_id, actor, action, subject_type, subject_id, ip, reason, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12)`,
      [
        i + 1,
        at,
        entry.actorId,
        entry.actor,
        entry.action,
        entry.subjectType,
        entry.subjectId,
        entry.ip,
        entry.reason,
        JSON.stringify(entry.details),
        prevHash,
        hash,
      ],
    );
    prevHash = hash;
  }
  return prevHash;
}

async function count(db: Database, table: string, where = 'true'): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`);
  return rows[0]!.n;
}

/**
 * The fixture rows an upgraded database must still hold. `fromPrevious`: only the fixtures of the previous
 * release's migrations were loaded.
 */
async function assertDataKept(db: Database, { fromPrevious = false } = {}): Promise<void> {
  assert.equal(await count(db, 'jurisdictions', "code LIKE 'fixture-%'"), 3);
  assert.equal(await count(db, 'organisations', "id::text LIKE '20000000-%'"), fromPrevious ? 6 : 7);
  assert.equal(await count(db, 'children', "id::text LIKE '40000000-%'"), 3);
  assert.equal(await count(db, 'cases', "reference LIKE 'FX-%'"), 4);
  assert.equal(await count(db, 'cases', "child_id = '40000000-0000-4000-8000-000000000001'"), 2, 'both of Wren’s episodes');
  assert.equal(await count(db, 'photos'), 1);
  assert.equal(await count(db, 'alerts'), 9);
  assert.equal(await count(db, 'alert_messages'), 5);
  assert.equal(await count(db, 'subscribers'), 4);
  assert.equal(await count(db, 'subscriber_channels'), 4);
  assert.equal(await count(db, 'deliveries'), 9);
  assert.equal(await count(db, 'public_submissions', "kind = 'sighting'"), 2);
  assert.equal(await count(db, 'public_submissions', "kind = 'report'"), 1);
  assert.equal(await count(db, 'alert_changes'), 2);
  assert.equal(await count(db, 'sign_in_backoff'), 2);
  assert.equal(await count(db, 'intake_allowance_uses'), 2);
  assert.equal(await count(db, 'gazetteer_places', "source = 'import'"), fromPrevious ? 2 : 4);
  assert.equal(await count(db, 'audit_log'), 3);

  // Each data migration did what it says to the rows it found.
  const states = await db.query<{ slug: string; state: string }>('SELECT slug, state FROM alerts ORDER BY slug');
  assert.deepEqual(Object.fromEntries(states.rows.map((row) => [row.slug, row.state])), {
    'fx-active': 'active',
    'fx-awaiting': 'awaiting_approval',
    'fx-draft': 'draft',
    'fx-expired': 'expired',
    'fx-exercise': 'withdrawn',
    'fx-found': 'withdrawn',
    'fx-practice': 'active',
    'fx-rejected': 'rejected',
    // 0008: a request awaiting approval beside the case's active appeal went back to draft.
    'fx-second-request': 'draft',
  });
  const users = await db.query<{ email: string; totp_secret: string | null; totp_enabled: boolean; locked_until: Date | null }>(
    'SELECT email, totp_secret, totp_enabled, locked_until FROM users ORDER BY email',
  );
  const byEmail = new Map(users.rows.map((row) => [row.email, row]));
  // 0007: a second factor in force is kept; a half-finished enrolment and the hard lock are cleared.
  assert.equal(byEmail.get('approver@north.fixture')!.totp_secret, 'JBSWY3DPEHPK3PXP');
  assert.equal(byEmail.get('coordinator@centre.fixture')!.totp_secret, null);
  assert.equal(byEmail.get('caseworker@council.fixture')!.locked_until, null);
  // 0010: the sighting of the exercise raised on a real case is marked; the real one is not.
  const exercise = await db.query<{ reference: string; exercise: boolean }>(
    'SELECT reference, exercise FROM public_submissions WHERE kind = $1 ORDER BY reference',
    ['sighting'],
  );
  assert.deepEqual(exercise.rows, [
    { reference: 'S-FX01-AAAA', exercise: false },
    { reference: 'S-FX02-BBBB', exercise: true },
  ]);
  // 0013: rows written before it keep no stored key; those written after get one.
  assert.equal(await count(db, 'deliveries', "delivery_key IS NULL AND created_at < '2026-02-05'"), 8);
  assert.equal(await count(db, 'deliveries', "delivery_key IS NOT NULL AND created_at >= '2026-02-05'"), 1);
}

async function appliedVersions(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((row) => row.version);
}

/** The SQLSTATE a statement fails with. */
async function refusal(db: Database, sql: string): Promise<string> {
  try {
    await db.query(sql);
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
  return 'accepted';
}

describeOnEngines('upgrading a database that holds data', (engine) => {
  it('runs every migration from the first over rows of each kind; the data, the constraints and the audit chain survive and the app starts', async () => {
    const db = await openEmptyDatabase(engine);
    const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-upgrade-'));
    try {
      await migrateWithData(db);
      assert.deepEqual(
        await appliedVersions(db),
        ALL.map((m) => m.version),
      );
      assert.deepEqual(await migrate(db), [], 'nothing is left to apply');
      await assertDataKept(db);
      assert.equal(await count(db, 'account_links'), 1);
      assert.equal(await count(db, 'organisations', "kind = 'foreign_national_centre'"), 1);

      // 0016 recounted the figures per notice from the deliveries that were there, and its triggers count on.
      const tallies = await db.query<{ notice: string; state: string; n: number }>(
        `SELECT notice, state, sum(n)::int AS n FROM delivery_tallies WHERE alert_id = $1 GROUP BY notice, state HAVING sum(n) <> 0 ORDER BY notice, state`,
        ['70000000-0000-4000-8000-000000000001'],
      );
      const counted = await db.query<{ notice: string; state: string; n: number }>(
        'SELECT notice, state, count(*)::int AS n FROM deliveries WHERE alert_id = $1 GROUP BY notice, state ORDER BY notice, state',
        ['70000000-0000-4000-8000-000000000001'],
      );
      assert.deepEqual(tallies.rows, counted.rows);
      assert.deepEqual(
        counted.rows.map((row) => `${row.notice}/${row.state}`),
        ['alert/delivered', 'alert/failed', 'alert/retrying', 'alert/sent', 'reissue/queued'],
      );

      // The constraints hold on the upgraded schema.
      assert.equal(await count(db, 'pg_constraint', 'NOT convalidated'), 0);
      const draft = "(SELECT id FROM alerts WHERE slug = 'fx-second-request')";
      assert.equal(await refusal(db, `UPDATE alerts SET state = 'active' WHERE id = ${draft}`), '23505', 'one live alert per case');
      assert.equal(await refusal(db, "UPDATE organisations SET kind = 'fan_club' WHERE code = 'fixture-helpline'"), '23514');
      assert.equal(
        await refusal(db, "UPDATE cases SET child_id = '40000000-0000-4000-8000-0000000000ff' WHERE reference = 'FX-0004'"),
        '23503',
      );
      assert.equal(
        await refusal(db, "UPDATE alert_messages SET note = 'changed' WHERE identifier = 'urn:fixture:1'"),
        'P0001',
        'messages are immutable',
      );
      assert.equal(await refusal(db, 'DELETE FROM audit_log'), 'P0001', 'the audit log is append-only');
      const chain = await verifyAuditChain(db);
      assert.deepEqual(chain.ok && chain.entries, 3);
      // The reason and address left the chained entries for the erasable table; a head kept before is still known.
      const moved = await db.query<{ reason: string | null; ip: string | null }>('SELECT reason, ip FROM audit_personal ORDER BY reason');
      assert.deepEqual(moved.rows, [
        { reason: LEGACY_REASON, ip: '192.0.2.10' },
        { reason: null, ip: '192.0.2.10' },
      ]);
      const { rows: heads } = await db.query<{ legacy_hash: string }>('SELECT legacy_hash FROM audit_log WHERE seq = 3');
      assert.equal(await auditHashInLog(db, heads[0]!.legacy_hash), true);

      // The app starts on it, and a case reads through the API (which audits the read on the same chain).
      const config = { ...loadConfig({}), dataDir: mediaDir, logLevel: 'silent' as const };
      const deps = {
        db,
        media: filesystemMediaStore(mediaDir),
        config,
        clock: () => FIXED_NOW,
        metrics: createMetrics({ defaultMetrics: false }),
      };
      const app = await buildApp(deps, { logger: false });
      try {
        assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
        const { token } = await createApiToken(db, INVESTIGATOR_NORTH, 'upgrade check', FIXED_NOW);
        const read = await app.inject({
          method: 'GET',
          url: `/api/v1/cases/${WREN_OPEN_CASE}`,
          headers: { authorization: `Bearer ${token}` },
        });
        assert.equal(read.statusCode, 200, read.body);
        const view = JSON.parse(read.body) as {
          reference: string;
          child: { givenNames: string };
          photos: unknown[];
          episodes: { total: number };
        };
        assert.equal(view.reference, 'FX-0002');
        assert.equal(view.child.givenNames, 'Wren');
        assert.equal(view.photos.length, 1);
        assert.equal(view.episodes.total, 2);
      } finally {
        await app.close();
      }
      const after = await verifyAuditChain(db);
      assert.deepEqual(after.ok && after.entries, 4);
    } finally {
      await db.close();
      fs.rmSync(mediaDir, { recursive: true, force: true });
    }
  });

  it('from the previous release: forgetmenot migrate applies only the migrations added since and says which', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-upgrade-'));
    let db = await openEmptyDatabase(engine, { dataDir });
    try {
      const previous = await migrateWithData(db, PREVIOUS_RELEASE);
      const added = ALL.slice(previous.length).map((m) => m.version);
      assert.ok(added.length > 0);

      // The command as an operator runs it, against this database.
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
      if (engine.name === 'postgres') {
        const { rows } = await db.query<{ name: string }>('SELECT current_database() AS name');
        env.DATABASE_URL = databaseUrl(process.env.TEST_DATABASE_URL!, rows[0]!.name);
      } else {
        // The embedded database has one user at a time.
        await db.close();
      }
      const run = spawnSync(process.execPath, [FORGETMENOT, 'migrate'], {
        env,
        encoding: 'utf8',
        timeout: 240_000,
      });
      if (engine.name === 'pglite') db = await openPglite(path.join(dataDir, 'pglite'));
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^Applied: ${added.join(', ')}$`, 'm'));

      assert.deepEqual(
        await appliedVersions(db),
        ALL.map((m) => m.version),
      );
      await assertDataKept(db, { fromPrevious: true });
      const chain = await verifyAuditChain(db);
      assert.deepEqual(chain.ok && chain.entries, 3);
    } finally {
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('upgrade fixtures', () => {
  it('each belong to a migration', () => {
    const numbers = new Set(ALL.map((m) => m.version.slice(0, 4)));
    for (const file of fs.readdirSync(FIXTURES)) assert.ok(numbers.has(file.replace(/\.sql$/, '')), `${file} matches no migration`);
  });
});
