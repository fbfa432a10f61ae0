// Who did what, as other domains show it: they keep a member of staff's id and show a name or an email address.
import type { Queryable } from '../db/database.ts';
import { sql, type Sql } from '../db/sql.ts';
import type { Row } from '../db/schema.ts';

/** A derived table of every account's `id` and `email`, to join under an alias: `LEFT JOIN ${staffEmails()} u ON u.id = …`. */
export function staffEmails(): Sql {
  return sql`(SELECT id, email FROM users)`;
}

/** The names of the given accounts, by id (ids of no account are left out). */
export async function staffNames(db: Queryable, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const { rows } = await db.query<Row<'users', 'id' | 'name'>>(
    sql`SELECT id, name FROM users WHERE id = ANY(${[...new Set(userIds)]}::uuid[])`,
  );
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The organisation of each of the given accounts, by id: who acted for which agency, for the disclosure register. */
export async function staffOrganisations(
  db: Queryable,
  userIds: readonly string[],
): Promise<Map<string, { organisationId: string; name: string }>> {
  if (userIds.length === 0) return new Map();
  const { rows } = await db.query<Row<'users', 'id' | 'organisation_id' | 'name'>>(
    sql`SELECT id, organisation_id, name FROM users WHERE id = ANY(${[...new Set(userIds)]}::uuid[])`,
  );
  return new Map(rows.map((row) => [row.id, { organisationId: row.organisation_id, name: row.name }]));
}
