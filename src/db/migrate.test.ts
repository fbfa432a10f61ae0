// Migrations: the same files on both engines, applied once, and an edited old migration refused.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeOnEngines, openEmptyDatabase } from '../../test/support/databases.ts';
import { migrate, readMigrations } from './migrate.ts';

describeOnEngines('migrations', (engine) => {
  // Test databases are copies of one migrated template; this one is migrated from nothing, as a new install is.
  it('apply every file in order to an empty database', async () => {
    const db = await openEmptyDatabase(engine);
    try {
      assert.deepEqual(
        await migrate(db),
        readMigrations().map((m) => m.version),
      );
      assert.deepEqual(await migrate(db), []);
    } finally {
      await db.close();
    }
  });

  it('are applied once and then the database is up to date', async () => {
    const db = await engine.open();
    try {
      assert.deepEqual(await migrate(db), []);
      const { rows } = await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(
        rows.map((row) => row.version),
        readMigrations().map((m) => m.version),
      );
    } finally {
      await db.close();
    }
  });

  it('refuse to run when an applied migration was edited', async () => {
    const db = await engine.open();
    try {
      const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
      await assert.rejects(migrate(db, edited), /was edited after it was applied/);
    } finally {
      await db.close();
    }
  });

  it('each run in a transaction of their own: a failing one leaves those before it applied and nothing of itself', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-migrations-'));
    const db = await openEmptyDatabase(engine);
    try {
      fs.writeFileSync(
        path.join(dir, '0001_first.sql'),
        "CREATE TABLE first_things (name text NOT NULL);\nINSERT INTO first_things VALUES ('kept');\n",
      );
      fs.writeFileSync(path.join(dir, '0002_second.sql'), 'CREATE TABLE second_things (n integer NOT NULL);\n');
      // Creates a table, then fails: the table must not survive.
      fs.writeFileSync(
        path.join(dir, '0003_broken.sql'),
        'CREATE TABLE broken_things (n integer NOT NULL);\nINSERT INTO broken_things VALUES (NULL);\n',
      );
      fs.writeFileSync(path.join(dir, '0004_after.sql'), 'CREATE TABLE later_things (n integer NOT NULL);\n');
      const migrations = readMigrations(dir);

      await assert.rejects(
        migrate(db, migrations),
        /migration 0003_broken failed and was not applied; applied before it: 0001_first, 0002_second/,
      );
      const { rows } = await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(
        rows.map((row) => row.version),
        ['0001_first', '0002_second'],
      );
      assert.deepEqual((await db.query<{ name: string }>('SELECT name FROM first_things')).rows, [{ name: 'kept' }]);
      const tables = await db.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_name IN ('second_things', 'broken_things', 'later_things')`,
      );
      assert.deepEqual(
        tables.rows.map((row) => row.name),
        ['second_things'],
      );

      // Once the broken file is mended, a run goes on from there.
      fs.writeFileSync(path.join(dir, '0003_broken.sql'), 'CREATE TABLE broken_things (n integer NOT NULL);\n');
      assert.deepEqual(await migrate(db, readMigrations(dir)), ['0003_broken', '0004_after']);
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are applied once when several runs start at once (processes starting together)', async () => {
    const db = await openEmptyDatabase(engine);
    try {
      const runs = await Promise.all([migrate(db), migrate(db), migrate(db)]);
      assert.deepEqual(
        runs.flat().sort(),
        readMigrations().map((m) => m.version),
      );
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
      assert.equal(rows[0]!.n, readMigrations().length);
    } finally {
      await db.close();
    }
  });
});
