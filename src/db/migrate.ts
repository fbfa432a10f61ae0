// Versioned, append-only migrations: plain SQL files applied in name order, each in its own transaction.
// The checksum of every applied file is kept, so an edited old migration stops start-up instead of
// leaving two databases with different schemas under the same version.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseError, type Database } from './database.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any fixed number: it serialises migration runs of several processes starting at once.
const MIGRATION_LOCK = 734_001;

export interface Migration {
  version: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name), 'utf8');
      return { version: name.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies the migrations the database lacks, in name order, each in a transaction of its own that also
 * records it: a failing migration leaves the ones before it applied and nothing of itself. Every step
 * takes the same advisory lock and looks again at what is applied, so processes starting at once apply
 * each migration once, in order.
 */
export async function migrate(db: Database, migrations = readMigrations()): Promise<string[]> {
  const pending = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: string; checksum: string }>('SELECT version, checksum FROM schema_migrations');
    const applied = new Map(rows.map((row) => [row.version, row.checksum]));
    for (const [version, checksum] of applied) {
      const known = migrations.find((m) => m.version === version);
      if (!known)
        throw new Error(`database has migration ${version}, which this version of Forget-me-not does not know; upgrade the program`);
      if (known.checksum !== checksum) throw new Error(`migration ${version} was edited after it was applied; add a new migration instead`);
    }
    return migrations.filter((m) => !applied.has(m.version));
  });
  const done: string[] = [];
  for (const migration of pending) {
    const ran = await db
      .transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        // Another process may have applied it while this one waited for the lock.
        const { rowCount } = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
        if (rowCount > 0) return false;
        await tx.exec(migration.sql);
        await tx.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [migration.version, migration.checksum]);
        return true;
      })
      .catch((error: unknown) => {
        const applied = done.length ? `; applied before it: ${done.join(', ')}` : '';
        // Only a database error's message is known to carry no values; any other stays in the cause.
        const reason = error instanceof DatabaseError ? `: ${error.message}` : '';
        throw new Error(`migration ${migration.version} failed and was not applied${applied}${reason}`, { cause: error });
      });
    if (ran) done.push(migration.version);
  }
  return done;
}
