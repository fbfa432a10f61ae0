// Migrations: the same files on both engines, applied once, and an edited old migration refused.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines, openEmptyDatabase } from '../../test/support/databases.ts';
import { migrate, readMigrations } from './migrate.ts';

describeOnEngines('migrations', (engine) => {
  // Test databases are copies of one migrated template; this one is migrated from nothing, as a new install is.
  it('apply every file in order to an empty database', async () => {
    const db = await openEmptyDatabase(engine);
    try {
      assert.deepEqual(await migrate(db), readMigrations().map((m) => m.version));
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
});
