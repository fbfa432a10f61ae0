// Who did what, by name: other domains keep a member of staff's id and show their name.
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import type { Row } from '../db/schema.ts';

/** The names of the given accounts, by id (ids of no account are left out). */
export async function staffNames(db: Queryable, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const { rows } = await db.query<Row<'users', 'id' | 'name'>>(sql`SELECT id, name FROM users WHERE id = ANY(${[...new Set(userIds)]}::uuid[])`);
  return new Map(rows.map((row) => [row.id, row.name]));
}
