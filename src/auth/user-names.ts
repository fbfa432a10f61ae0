// Who did what, as other domains show it: a user's email address by id.
import { sql, type Sql } from '../db/sql.ts';

/** A derived table of every user's `id` and `email`, to join under an alias: `LEFT JOIN ${userEmails()} u ON u.id = …`. */
export function userEmails(): Sql {
  return sql`(SELECT id, email FROM users)`;
}
