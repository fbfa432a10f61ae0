// What other domains show of a submission they point at (a staff notice, say): its reference, its kind and
// whether it was made in an exercise. Nothing the public wrote.
import { sql, type Sql } from '../db/sql.ts';

/** A derived table of every submission's `id`, `reference`, `kind` and `exercise`, to join under an alias. */
export function submissionLabels(): Sql {
  return sql`(SELECT id, reference, kind, exercise FROM public_submissions)`;
}
