// Data access for return home interviews (owner of return_interviews). Who may read which rows is decided by
// the callers' conditions (`interviewReach` in access.ts of this module); this file only runs the statements.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { join, raw, sql, type Sql } from '../db/sql.ts';
import { organisationNameRows } from '../orgs/store.ts';
import { caseLabels } from '../cases/alert-view.ts';
import type { InterviewStatus } from './vocabulary.ts';

export type InterviewRow = Row<'return_interviews'> & {
  status: InterviewStatus;
  case_reference: string;
  organisation_code: string | null;
  organisation_name: string | null;
};

const INTERVIEW_SELECT = sql`
  SELECT i.*, c.reference AS case_reference, o.code AS organisation_code, o.name AS organisation_name
    FROM return_interviews i
    JOIN ${caseLabels()} c ON c.id = i.case_id
    LEFT JOIN (${organisationNameRows()}) o ON o.id = i.organisation_id`;

export async function insertInterviewRequest(
  db: Queryable,
  request: { caseId: string; childId: string; organisationId: string | null; returnedAt: Date; dueAt: Date },
  now: Date,
): Promise<string | undefined> {
  const { rows } = await db.query<Row<'return_interviews', 'id'>>(
    sql`INSERT INTO return_interviews (case_id, child_id, organisation_id, returned_at, requested_at, due_at, updated_at)
        VALUES (${request.caseId}, ${request.childId}, ${request.organisationId}, ${request.returnedAt}, ${now}, ${request.dueAt}, ${now})
        ON CONFLICT (case_id) DO NOTHING RETURNING id`,
  );
  return rows[0]?.id;
}

/** One interview, if `reach` (a condition on `i`) holds. */
export async function findInterview(db: Queryable, id: string, reach: Sql, forUpdate = false): Promise<InterviewRow | undefined> {
  const { rows } = await db.query<InterviewRow>(
    sql`${INTERVIEW_SELECT} WHERE i.id = ${id} AND ${reach}${forUpdate ? sql` FOR UPDATE OF i` : sql``}`,
  );
  return rows[0];
}

/** The interview of a case, if `reach` holds. */
export async function interviewOfCase(db: Queryable, caseId: string, reach: Sql): Promise<InterviewRow | undefined> {
  const { rows } = await db.query<InterviewRow>(sql`${INTERVIEW_SELECT} WHERE i.case_id = ${caseId} AND ${reach}`);
  return rows[0];
}

/** The latest interview held after an earlier return of the same child (not of `caseId` itself), if `reach` holds. */
export async function previousInterview(
  db: Queryable,
  episode: { childId: string; caseId: string; before: Date },
  reach: Sql,
): Promise<InterviewRow | undefined> {
  const { rows } = await db.query<InterviewRow>(
    sql`${INTERVIEW_SELECT} WHERE i.child_id = ${episode.childId} AND i.case_id <> ${episode.caseId} AND i.returned_at <= ${episode.before}
           AND i.status = 'completed' AND ${reach}
         ORDER BY i.returned_at DESC LIMIT 1`,
  );
  return rows[0];
}

/** Interviews in reach: still open, overdue at `now`, or all; the most urgent first. */
export async function listInterviews(db: Queryable, reach: Sql, state: 'open' | 'overdue' | 'all', now: Date): Promise<InterviewRow[]> {
  const where = [reach];
  if (state !== 'all') where.push(sql`i.status IN ('requested', 'offered', 'accepted')`);
  if (state === 'overdue') where.push(sql`i.due_at < ${now}`);
  const { rows } = await db.query<InterviewRow>(sql`${INTERVIEW_SELECT} WHERE ${join(where, ' AND ')} ORDER BY i.due_at LIMIT 200`);
  return rows;
}

export async function countOverdue(db: Queryable, reach: Sql, now: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM return_interviews i WHERE ${reach} AND i.status IN ('requested', 'offered', 'accepted') AND i.due_at < ${now}`,
  );
  return rows[0]?.n ?? 0;
}

export type InterviewColumn = keyof Row<'return_interviews'>;

/** Writes the given columns and moves the version on. */
export async function updateInterviewColumns(
  db: Queryable,
  id: string,
  values: [InterviewColumn, string | string[] | Date | null][],
  userId: string,
  now: Date,
): Promise<void> {
  const sets = values.map(([column, value]) =>
    Array.isArray(value) ? sql`${raw(column)} = ${value}::text[]` : sql`${raw(column)} = ${value}`,
  );
  await db.query(
    sql`UPDATE return_interviews SET ${join([...sets, sql`updated_by = ${userId}`, sql`updated_at = ${now}`, sql`version = version + 1`], ', ')}
         WHERE id = ${id}`,
  );
}

/** The id of a case's interview, for the demo seed, which writes it as the local authority would. */
export async function interviewIdOfCase(db: Queryable, caseId: string): Promise<string | undefined> {
  const { rows } = await db.query<Row<'return_interviews', 'id'>>(sql`SELECT id FROM return_interviews WHERE case_id = ${caseId}`);
  return rows[0]?.id;
}

/** What problem profiles count of an episode's interview: who was asked, its coded state and when it is due. */
export interface InterviewFacts {
  organisationId: string | null;
  state: 'open' | 'done' | 'declined';
  dueAt: Date;
}

/** The interview facts of these episodes, by case id; episodes with no interview asked are left out. */
export async function interviewFactsOfCases(db: Queryable, caseIds: readonly string[]): Promise<Map<string, InterviewFacts>> {
  if (caseIds.length === 0) return new Map();
  const { rows } = await db.query<Row<'return_interviews', 'case_id' | 'organisation_id' | 'status' | 'due_at'>>(
    sql`SELECT case_id, organisation_id, status, due_at FROM return_interviews WHERE case_id = ANY(${[...caseIds]}::uuid[])`,
  );
  return new Map(
    rows.map((row) => [
      row.case_id,
      {
        organisationId: row.organisation_id,
        state: row.status === 'completed' ? 'done' : row.status === 'declined' ? 'declined' : 'open',
        dueAt: row.due_at,
      },
    ]),
  );
}
