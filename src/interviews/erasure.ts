// Return home interviews under the retention schedule and in subject access: the data access of the table the
// interviews domain owns. An interview goes with its episode (ON DELETE CASCADE) when a child is erased.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql, type Sql } from '../db/sql.ts';

/**
 * An interview whose child returned before `cutoff` and that still holds words about a person: where the child
 * was, with whom, what they disclosed, the actions taken and the interviewer's name. The coded answers (push
 * and pull factors, signs of exploitation, referrals), its status and dates stay: the problem profiles and the
 * next episode's risk assessment count them, and they name no one.
 */
function wordsHeldBefore(cutoff: Date): Sql {
  return sql`returned_at < ${cutoff}
         AND (whereabouts <> '' OR with_whom <> '' OR disclosures <> '' OR actions <> '' OR interviewer <> '')`;
}

export async function interviewWordsHeldBefore(db: Queryable, cutoff: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM return_interviews WHERE ${wordsHeldBefore(cutoff)}`);
  return rows[0]!.n;
}

/** Clears the words of one batch of interviews past the cutoff; returns how many. */
export async function clearInterviewWordsBefore(tx: Queryable, cutoff: Date, batch: number): Promise<number> {
  const { rowCount } = await tx.query(
    sql`UPDATE return_interviews SET whereabouts = '', with_whom = '', disclosures = '', actions = '', interviewer = ''
         WHERE id IN (SELECT id FROM return_interviews WHERE ${wordsHeldBefore(cutoff)} ORDER BY returned_at, id LIMIT ${batch} FOR UPDATE)`,
  );
  return rowCount;
}

type InterviewExportRow = Omit<Row<'return_interviews'>, 'organisation_id' | 'updated_by' | 'interviewer'>;

/** The return interviews of these children (one person), for a subject access request; staff (the interviewer) are not named. */
export async function interviewsOfChildren(db: Queryable, childIds: readonly string[]): Promise<InterviewExportRow[]> {
  const { rows } = await db.query<InterviewExportRow>(
    sql`SELECT id, case_id, child_id, returned_at, requested_at, due_at, status, offered_at, answered_at, interviewed_at,
               whereabouts, with_whom, push_factors, pull_factors, exploitation_signs, disclosures, actions, referrals,
               updated_at, version
          FROM return_interviews WHERE child_id = ANY(${[...childIds]}::uuid[]) ORDER BY returned_at`,
  );
  return rows;
}
