// Secrets the instance makes for itself on first use and keeps in the database, so that every process
// (serve, work) signs and links with the same ones: the VAPID key pair, the recipient link secret.
import type { Queryable } from './database.ts';
import { sql } from './sql.ts';

/**
 * The value stored under `name`, created by `create` the first time. Two processes starting at once
 * both try to insert; the loser reads the winner's value, so everyone ends up with one key.
 */
export async function instanceKey<T>(db: Queryable, name: string, create: () => T, now: Date): Promise<T> {
  const existing = await db.query<{ value: T }>(sql`SELECT value FROM instance_keys WHERE name = ${name}`);
  if (existing.rows[0]) return existing.rows[0].value;
  await db.query(
    sql`INSERT INTO instance_keys (name, value, created_at) VALUES (${name}, ${JSON.stringify(create())}, ${now}) ON CONFLICT (name) DO NOTHING`,
  );
  const stored = await db.query<{ value: T }>(sql`SELECT value FROM instance_keys WHERE name = ${name}`);
  return stored.rows[0]!.value;
}
