// The databases every database test runs on: PGlite always; PostgreSQL when TEST_DATABASE_URL is set
// (.ci/run sets it). Without it the PostgreSQL runs are reported as skipped, never as passed.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openPglite, openPostgres, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { copyPgliteTemplate, databaseUrl, placeEmbeddedDatabase, postgresTemplate, removePgliteCopy } from './templates.ts';

export interface TestEngine {
  name: 'pglite' | 'postgres';
  /** A reason to skip, or false. */
  skip: string | false;
  /** A fresh, migrated database of its own; `close` removes it. */
  open(): Promise<Database>;
}

const postgresUrl = process.env.TEST_DATABASE_URL;

/** A database of its own on the PostgreSQL server, a copy of `template`; closing it drops it. */
async function postgresDatabase(template: string): Promise<Database> {
  const name = `fmn_test_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(postgresUrl!, { max: 1 });
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.close();
  const db = await openPostgres(databaseUrl(postgresUrl!, name), { max: 5 });
  return {
    ...db,
    async close() {
      await db.close();
      const cleanup = await openPostgres(postgresUrl!, { max: 1 });
      await cleanup.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await cleanup.close();
    },
  };
}

// Each test database starts as a copy of a migrated template (test/support/templates.ts). Migrating it again
// finds every migration applied with the same checksum, and would apply one added since the template was made.
export const TEST_ENGINES: TestEngine[] = [
  {
    name: 'pglite',
    skip: false,
    async open() {
      const dir = await copyPgliteTemplate();
      const db = await openPglite(dir);
      await migrate(db);
      return {
        ...db,
        async close() {
          await db.close();
          removePgliteCopy(dir);
        },
      };
    },
  },
  {
    name: 'postgres',
    skip: postgresUrl ? false : 'TEST_DATABASE_URL is not set (PostgreSQL tests skipped)',
    async open() {
      const db = await postgresDatabase(await postgresTemplate(postgresUrl!));
      await migrate(db);
      return db;
    },
  },
];

/**
 * A fresh database with nothing in it, not even the migrations' own table; `close` removes it (an embedded one
 * given a `dataDir` lives in `dataDir/pglite`, where the command finds it, and stays for the caller to remove).
 */
export async function openEmptyDatabase(engine: TestEngine, { dataDir }: { dataDir?: string } = {}): Promise<Database> {
  if (engine.name === 'postgres') return postgresDatabase('template0');
  // A copy of the database PGlite creates, rather than its set-up run again each time (test/support/templates.ts).
  if (dataDir !== undefined) {
    await placeEmbeddedDatabase(dataDir, 'new');
    return openPglite(path.join(dataDir, 'pglite'));
  }
  const dir = await copyPgliteTemplate({ empty: true });
  const db = await openPglite(dir);
  return {
    ...db,
    async close() {
      await db.close();
      removePgliteCopy(dir);
    },
  };
}

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
