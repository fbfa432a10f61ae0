// Backing up, restoring into a fresh instance, and moving an embedded pilot into PostgreSQL, as an operator
// runs them: through the forgetmenot command, on databases holding data of every kind (the demo's
// organisations, staff, cases and photos, plus an alert dispatched to its subscribers, so deliveries and their
// tallies too). A restored or moved instance must hold the same rows, the same photo bytes, and an audit log
// whose chain verifies with the same head. The PostgreSQL runs are reported as skipped without TEST_DATABASE_URL.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { openPglite, openPostgres, type Database } from '../src/db/database.ts';
import { startDispatch } from '../src/dispatch/engine.ts';
import { dispatchProgress, dispatchSettled } from '../src/dispatch/progress.ts';
import { filesystemMediaStore } from '../src/media/media-store.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { countRows, listTables } from '../src/backup/tables.ts';
import { FORGETMENOT } from './support/command.ts';
import { placeEmbeddedDatabase } from './support/templates.ts';

const postgresUrl = process.env.TEST_DATABASE_URL;
const SKIP_POSTGRES = 'TEST_DATABASE_URL is not set (PostgreSQL tests skipped)';

function run(args: string[], env: { DATA_DIR: string; DATABASE_URL?: string } & Record<string, string>) {
  return spawnSync(process.execPath, [FORGETMENOT, ...args], {
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
}

function succeeds(result: ReturnType<typeof run>, what: string): string {
  assert.equal(result.status, 0, `${what}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** The demo, and its active exercise alert dispatched to the demo's subscribers (into the development inbox). */
async function fillWithEveryKind(db: Database, dataDir: string): Promise<void> {
  const media = filesystemMediaStore(path.join(dataDir, 'media'));
  const config = { ...loadConfig({}), dataDir, logLevel: 'silent' as const };
  const clock = () => new Date();
  await seedDemo({ db, media, clock, config });
  const {
    rows: [alert],
  } = await db.query<{ id: string }>("SELECT id FROM alerts WHERE state = 'active' LIMIT 1");
  const engine = await startDispatch({ db, media, config, clock }, { channels: ['email', 'sms'], idleMs: 50, log: () => undefined });
  try {
    for (let waited = 0; ; waited += 100) {
      const progress = await dispatchProgress(db, alert!.id);
      if (dispatchSettled(progress) && progress.channels.some((channel) => channel.targeted > 0)) break;
      if (waited > 120_000) throw new Error('the demo alert did not finish dispatching');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await engine.stop();
  }
  const {
    rows: [tallies],
  } = await db.query<{ count: number }>('SELECT count(*) AS count FROM delivery_tallies');
  assert.ok(tallies!.count > 0, 'the source holds delivery tallies');
}

async function embeddedAt(dataDir: string): Promise<Database> {
  return openPglite(path.join(dataDir, 'pglite'));
}

async function everyCount(db: Database): Promise<Record<string, number>> {
  return countRows(
    db,
    (await listTables(db)).map((table) => table.name),
  );
}

/** The bytes of every photo variant the database names, read from a DATA_DIR's media store. */
async function photoBytes(db: Database, dataDir: string): Promise<Map<string, Buffer>> {
  const media = filesystemMediaStore(path.join(dataDir, 'media'));
  const { rows } = await db.query<{ variants: Record<string, string> }>('SELECT variants FROM photos ORDER BY id');
  const bytes = new Map<string, Buffer>();
  for (const key of rows.flatMap((row) => Object.values(row.variants))) bytes.set(key, (await media.get(key))!.bytes);
  return bytes;
}

/** What the delivery tallies add up to: rows copied with their insert triggers on would count twice. */
async function tallies(db: Database): Promise<{ channel: string; state: string; n: string }[]> {
  const { rows } = await db.query<{ channel: string; state: string; n: string }>(
    'SELECT channel, state, sum(n)::text AS n FROM delivery_tallies GROUP BY 1, 2 ORDER BY 1, 2',
  );
  return rows;
}

function auditHead(output: string): string {
  const match = /^OK: \d+ entries, every hash and link intact\. Head: ([0-9a-f]{64})$/m.exec(output);
  assert.ok(match, output);
  return match[1]!;
}

function temporaryFolder(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `fmn-${name}-`));
}

describe('backup, restore and moving to PostgreSQL', () => {
  const work = temporaryFolder('backup');
  const source = path.join(work, 'source');
  let counts: Record<string, number>;
  let photos: Map<string, Buffer>;
  let sums: Awaited<ReturnType<typeof tallies>>;
  let head: string;

  before(async () => {
    // As an operator would: "migrate" also loads the built-in gazetteer (places that refer to one another).
    await placeEmbeddedDatabase(source, 'new');
    succeeds(run(['migrate'], { DATA_DIR: source }), 'migrate');
    const db = await embeddedAt(source);
    try {
      await fillWithEveryKind(db, source);
      counts = await everyCount(db);
      photos = await photoBytes(db, source);
      sums = await tallies(db);
    } finally {
      await db.close();
    }
    head = auditHead(succeeds(run(['audit', 'verify'], { DATA_DIR: source }), 'audit verify on the source'));
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('explains each command', () => {
    assert.match(succeeds(run(['backup', '--help'], { DATA_DIR: source }), 'backup --help'), /stop "serve" first/);
    assert.match(succeeds(run(['restore', '--help'], { DATA_DIR: source }), 'restore --help'), /--force/);
    assert.match(succeeds(run(['move-to-postgres', '--help'], { DATA_DIR: source }), 'move --help'), /PGPASSWORD/);
    assert.equal(run(['backup'], { DATA_DIR: source }).status, 2);
  });

  it('backs up the embedded database into one file and restores it into a fresh DATA_DIR', async () => {
    const file = path.join(work, 'embedded.backup');
    assert.match(
      succeeds(run(['backup', '--to', file], { DATA_DIR: source }), 'backup'),
      /Backed up the embedded database \(\d+ rows in \d+ tables/,
    );
    assert.equal(fs.statSync(file).mode & 0o077, 0, 'only its owner can read the backup');
    const again = run(['backup', '--to', file], { DATA_DIR: source });
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already exists/);

    const restored = path.join(work, 'restored');
    succeeds(run(['restore', '--from', file], { DATA_DIR: restored }), 'restore');
    assert.equal(auditHead(succeeds(run(['audit', 'verify'], { DATA_DIR: restored }), 'audit verify after restore')), head);
    const db = await embeddedAt(restored);
    try {
      assert.deepEqual(await everyCount(db), counts);
      const restoredPhotos = await photoBytes(db, restored);
      assert.ok(restoredPhotos.size > 0);
      assert.deepEqual(restoredPhotos, photos);
      assert.deepEqual(await tallies(db), sums);
    } finally {
      await db.close();
    }

    const refused = run(['restore', '--from', file], { DATA_DIR: restored });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /is not empty .*--force/);
    succeeds(run(['restore', '--from', file, '--force'], { DATA_DIR: restored }), 'restore --force');
    assert.deepEqual(
      fs.readdirSync(work).filter((name) => name.includes('.restoring-') || name.includes('.replaced-')),
      [],
      'no folder is left behind',
    );
  });

  it('refuses to back up an embedded database that a running process holds', () => {
    const lock = path.join(source, 'pglite.lock');
    // This test's own process is alive and is not the command's: the lock is held.
    fs.writeFileSync(lock, String(process.pid));
    try {
      const result = run(['backup', '--to', path.join(work, 'while-serving.backup')], { DATA_DIR: source });
      assert.equal(result.status, 1);
      assert.match(result.stderr, /is in use by process \d+/);
      assert.equal(fs.existsSync(path.join(work, 'while-serving.backup')), false);
    } finally {
      fs.rmSync(lock, { force: true });
    }
  });

  if (!postgresUrl) it('moves the embedded database into PostgreSQL', { skip: SKIP_POSTGRES }, () => undefined);
  else
    describe('moving into PostgreSQL', () => {
      const database = `fmn_move_${randomBytes(5).toString('hex')}`;
      let targetUrl = '';
      before(async () => {
        targetUrl = await createDatabase(database);
      });
      after(() => dropDatabase(database));

      it('copies every table and the photos, keeps the audit chain, and refuses a target that is not empty', async () => {
        const target = path.join(work, 'moved');
        const moved = succeeds(
          run(['move-to-postgres', '--to', targetUrl, '--media-to', path.join(target, 'media')], { DATA_DIR: source }),
          'move-to-postgres',
        );
        assert.match(moved, /every table's row count matches/);
        assert.equal(
          auditHead(succeeds(run(['audit', 'verify'], { DATA_DIR: target, DATABASE_URL: targetUrl }), 'audit verify after the move')),
          head,
        );
        const db = await openPostgres(targetUrl, { max: 1 });
        try {
          assert.deepEqual(await everyCount(db), counts);
          assert.deepEqual(await photoBytes(db, target), photos);
          assert.deepEqual(await tallies(db), sums);
          // The sequences go on from where the embedded database left them.
          const {
            rows: [next],
          } = await db.query<{ taken: boolean }>("SELECT nextval('case_reference_seq') > (SELECT count(*) FROM cases) AS taken");
          assert.equal(next!.taken, true);
        } finally {
          await db.close();
        }

        const again = run(['move-to-postgres', '--to', targetUrl], { DATA_DIR: source });
        assert.equal(again.status, 1);
        assert.match(again.stderr, /target database is not empty/);
        const withPassword = new URL(targetUrl);
        withPassword.password = 'secret';
        const exposed = run(['move-to-postgres', '--to', withPassword.toString()], { DATA_DIR: source });
        assert.equal(exposed.status, 2);
        assert.match(exposed.stderr, /PGPASSWORD/);
      });
    });
});

async function createDatabase(name: string): Promise<string> {
  const admin = await openPostgres(postgresUrl!, { max: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = new URL(postgresUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(name: string): Promise<void> {
  const admin = await openPostgres(postgresUrl!, { max: 1 });
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.close();
}

if (!postgresUrl) it('backup and restore on PostgreSQL', { skip: SKIP_POSTGRES }, () => undefined);
else
  describe('backup and restore on PostgreSQL', () => {
    const work = temporaryFolder('pg-backup');
    const sourceDir = path.join(work, 'source');
    const sourceName = `fmn_backup_${randomBytes(5).toString('hex')}`;
    const restoredName = `fmn_restored_${randomBytes(5).toString('hex')}`;
    let sourceUrl = '';
    let restoredUrl = '';

    before(async () => {
      sourceUrl = await createDatabase(sourceName);
      restoredUrl = await createDatabase(restoredName);
    });
    after(async () => {
      await dropDatabase(sourceName);
      await dropDatabase(restoredName);
      fs.rmSync(work, { recursive: true, force: true });
    });

    it('dumps with pg_dump beside the photos and restores into a new database with pg_restore', async () => {
      succeeds(run(['migrate'], { DATA_DIR: sourceDir, DATABASE_URL: sourceUrl }), 'migrate');
      const db = await openPostgres(sourceUrl, { max: 2 });
      let counts: Record<string, number>;
      let photos: Map<string, Buffer>;
      try {
        await fillWithEveryKind(db, sourceDir);
        counts = await everyCount(db);
        photos = await photoBytes(db, sourceDir);
      } finally {
        await db.close();
      }
      const head = auditHead(
        succeeds(run(['audit', 'verify'], { DATA_DIR: sourceDir, DATABASE_URL: sourceUrl }), 'audit verify on the source'),
      );

      const file = path.join(work, 'postgres.backup');
      assert.match(
        succeeds(run(['backup', '--to', file], { DATA_DIR: sourceDir, DATABASE_URL: sourceUrl }), 'backup'),
        /Backed up the PostgreSQL database/,
      );
      const missingTool = run(['backup', '--to', path.join(work, 'other.backup')], {
        DATA_DIR: sourceDir,
        DATABASE_URL: sourceUrl,
        PG_BINDIR: path.join(work, 'no-such-folder'),
      });
      assert.equal(missingTool.status, 1);
      assert.match(missingTool.stderr, /pg_dump was not found in PG_BINDIR .*client tools/);

      const restoredDir = path.join(work, 'restored');
      succeeds(run(['restore', '--from', file], { DATA_DIR: restoredDir, DATABASE_URL: restoredUrl }), 'restore');
      assert.equal(
        auditHead(succeeds(run(['audit', 'verify'], { DATA_DIR: restoredDir, DATABASE_URL: restoredUrl }), 'audit verify after restore')),
        head,
      );
      const restored = await openPostgres(restoredUrl, { max: 1 });
      try {
        assert.deepEqual(await everyCount(restored), counts);
        assert.deepEqual(await photoBytes(restored, restoredDir), photos);
      } finally {
        await restored.close();
      }

      const refused = run(['restore', '--from', file, '--force'], { DATA_DIR: restoredDir, DATABASE_URL: restoredUrl });
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /database is not empty/);
      const wrongEngine = run(['restore', '--from', file], { DATA_DIR: path.join(work, 'embedded') });
      assert.equal(wrongEngine.status, 1);
      assert.match(wrongEngine.stderr, /backup of a PostgreSQL database/);
    });
  });
