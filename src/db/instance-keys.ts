// Secrets the instance makes for itself on first use and keeps in the database, so that every process
// (serve, work) signs and links with the same ones: the VAPID key pair, the recipient link secret.
import type { Queryable } from './database.ts';

/**
 * The value stored under `name`, created by `create` the first time. Two processes starting at once
 * both try to insert; the loser reads the winner's value, so everyone ends up with one key.
 */
export async function instanceKey<T>(db: Queryable, name: string, create: () => T, now: Date): Promise<T> {
  const existing = await db.query<{ value: T }>('SELECT value FROM instance_keys WHERE name = $1', [name]);
  if (existing.rows[0]) return existing.rows[0].value;
  await db.query('INSERT INTO instance_keys (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING', [name, JSON.stringify(create()), now]);
  const stored = await db.query<{ value: T }>('SELECT value FROM instance_keys WHERE name = $1', [name]);
  return stored.rows[0]!.value;
}
