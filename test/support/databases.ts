// The databases every database test runs on: PGlite always; PostgreSQL when TEST_DATABASE_URL is set
// (.ci/run sets it). Without it the PostgreSQL runs are reported as skipped, never as passed.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openPglite, openPostgres, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

export interface TestEngine {
  name: 'pglite' | 'postgres';
  /** A reason to skip, or false. */
  skip: string | false;
  /**
   * A fresh, migrated database of its own; `close` removes it. `migrated: false` leaves it empty (tests of
   * the migrations themselves); `dataDir` keeps an embedded one on disk there, as `DATA_DIR` would.
   */
  open(options?: { migrated?: boolean; dataDir?: string }): Promise<Database>;
}

const postgresUrl = process.env.TEST_DATABASE_URL;

export const TEST_ENGINES: TestEngine[] = [
  {
    name: 'pglite',
    skip: false,
    async open({ migrated = true, dataDir }: { migrated?: boolean; dataDir?: string } = {}) {
      const db = await openPglite(dataDir === undefined ? undefined : path.join(dataDir, 'pglite'));
      if (migrated) await migrate(db);
      return db;
    },
  },
  {
    name: 'postgres',
    skip: postgresUrl ? false : 'TEST_DATABASE_URL is not set (PostgreSQL tests skipped)',
    async open({ migrated = true }: { migrated?: boolean } = {}) {
      // Each test database is a schema of its own, so test files run in parallel without sharing rows.
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const admin = await openPostgres(postgresUrl!, { max: 1 });
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.close();
      const db = await openPostgres(postgresUrl!, { searchPath: schema, max: 5 });
      if (migrated) await migrate(db);
      const close = db.close;
      return {
        ...db,
        async close() {
          await close();
          const cleanup = await openPostgres(postgresUrl!, { max: 1 });
          await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
          await cleanup.close();
        },
      };
    },
  },
];

/**
 * Declares a suite once per engine. A skipped engine shows as one skipped test (counted in the
 * runner's summary), so a run without PostgreSQL can never look as if it had tested it.
 */
export function describeOnEngines(title: string, body: (engine: TestEngine) => void): void {
  for (const engine of TEST_ENGINES) {
    if (engine.skip) it(`${title} on ${engine.name}`, { skip: engine.skip }, () => undefined);
    else describe(`${title} on ${engine.name}`, () => body(engine));
  }
}
