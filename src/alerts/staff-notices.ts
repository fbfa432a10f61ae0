// Staff notices of one kind as a set another domain joins to its own rows (triage announces new
// high-priority submissions from them), so a poll stays one statement.
import { sql, type Sql } from '../db/sql.ts';

/**
 * A subquery of the notices of `kind` left at or after `since`: `id`, `created_at`, `subject_id`. Join it
 * to the subjects' table and order by `created_at, id` for the order they were left in.
 */
export function staffNoticesSince(kind: string, since: Date): Sql {
  return sql`SELECT id, created_at, subject_id FROM staff_notifications WHERE kind = ${kind} AND created_at >= ${since}`;
}
