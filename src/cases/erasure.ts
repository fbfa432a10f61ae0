// What the cases hold about one child, for a subject access request, and its erasure; and the children whose
// record is due for review under the retention schedule. The rules (when erasure is allowed, what else goes
// with it) are the retention domain's (src/retention/); this is the data access of the tables cases owns.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql, type Sql } from '../db/sql.ts';
import { organisationNameRows } from '../orgs/store.ts';
import type { ChildRow } from './store.ts';

/** The child and every child merged into it, directly or in turn: one person recorded more than once. */
export async function personChildIds(db: Queryable, childId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    sql`WITH RECURSIVE person (id) AS (
          SELECT id FROM children WHERE id = ${childId}
          UNION
          SELECT ch.id FROM children ch JOIN person p ON ch.merged_into = p.id)
        SELECT id::text AS id FROM person ORDER BY id`,
  );
  return rows.map((row) => row.id);
}

/** A child's record as subject access exports it: the description the cases module holds, and when it was kept. */
export type ChildRecordRow = ChildRow & Row<'children', 'created_at' | 'updated_at'>;

export type EpisodeRecordRow = Row<
  'cases',
  | 'id'
  | 'child_id'
  | 'reference'
  | 'status'
  | 'reported_at'
  | 'last_seen_at'
  | 'last_seen_place'
  | 'circumstances'
  | 'clothing'
  | 'vehicle'
  | 'suspect'
  | 'risk_level'
  | 'outcome'
  | 'outcome_notes'
  | 'closed_at'
  | 'created_at'
>;

export interface ChildHoldings {
  children: ChildRecordRow[];
  episodes: EpisodeRecordRow[];
  riskAnswers: Row<'risk_answers', 'case_id' | 'question' | 'answer' | 'detail' | 'source' | 'answered_at'>[];
  riskGradings: Row<'risk_gradings', 'case_id' | 'level' | 'suggested_level' | 'rationale' | 'graded_at'>[];
  photos: Row<'photos', 'id' | 'case_id' | 'caption' | 'width' | 'height' | 'created_at' | 'removed_at'>[];
  shares: (Row<'case_shares', 'case_id' | 'reason' | 'shared_at' | 'revoked_at'> & { organisation: string })[];
}

/** Everything the cases hold about these children (one person), for a subject access request. */
export async function childHoldings(db: Queryable, childIds: readonly string[]): Promise<ChildHoldings> {
  const ids = [...childIds];
  const children = await db.query<ChildRecordRow>(
    sql`SELECT id, given_names, family_name, known_as, aliases, date_of_birth::text AS date_of_birth, estimated_age, sex, height_cm, build,
               hair_colour, eye_colour, distinguishing_marks, languages, created_at, updated_at
          FROM children WHERE id = ANY(${ids}::uuid[]) ORDER BY created_at`,
  );
  const episodes = await db.query<EpisodeRecordRow>(
    sql`SELECT id, child_id, reference, status, reported_at, last_seen_at, last_seen_place, circumstances, clothing, vehicle, suspect,
               risk_level, outcome, outcome_notes, closed_at, created_at
          FROM cases WHERE child_id = ANY(${ids}::uuid[]) ORDER BY reported_at`,
  );
  const caseIds = episodes.rows.map((row) => row.id);
  const riskAnswers = await db.query<ChildHoldings['riskAnswers'][number]>(
    sql`SELECT case_id, question, answer, detail, source, answered_at FROM risk_answers WHERE case_id = ANY(${caseIds}::uuid[]) ORDER BY answered_at`,
  );
  const riskGradings = await db.query<ChildHoldings['riskGradings'][number]>(
    sql`SELECT case_id, level, suggested_level, rationale, graded_at FROM risk_gradings WHERE case_id = ANY(${caseIds}::uuid[]) ORDER BY graded_at`,
  );
  const photos = await db.query<ChildHoldings['photos'][number]>(
    sql`SELECT id, case_id, caption, width, height, created_at, removed_at FROM photos WHERE child_id = ANY(${ids}::uuid[]) ORDER BY created_at`,
  );
  const shares = await db.query<ChildHoldings['shares'][number]>(
    sql`SELECT s.case_id, s.reason, s.shared_at, s.revoked_at, o.name AS organisation
          FROM case_shares s JOIN (${organisationNameRows()}) o ON o.id = s.organisation_id
         WHERE s.case_id = ANY(${caseIds}::uuid[]) ORDER BY s.shared_at`,
  );
  return {
    children: children.rows,
    episodes: episodes.rows,
    riskAnswers: riskAnswers.rows,
    riskGradings: riskGradings.rows,
    photos: photos.rows,
    shares: shares.rows,
  };
}

/** The ids of the episodes of these children, and whether any is still open. */
export async function episodesOfPerson(db: Queryable, childIds: readonly string[]): Promise<{ caseIds: string[]; open: number }> {
  const { rows } = await db.query<Row<'cases', 'id' | 'closed_at'>>(
    sql`SELECT id, closed_at FROM cases WHERE child_id = ANY(${[...childIds]}::uuid[]) ORDER BY id FOR UPDATE`,
  );
  return { caseIds: rows.map((row) => row.id), open: rows.filter((row) => row.closed_at === null).length };
}

/**
 * Deletes everything the cases hold about these children (one person), once the other domains have let go of
 * their episodes. Returns the stored files of their photos, to delete once committed, and the counts removed.
 */
export async function eraseChildren(
  tx: Queryable,
  childIds: readonly string[],
): Promise<{ mediaKeys: string[]; counts: Record<string, number> }> {
  const ids = [...childIds];
  const { rows: photoRows } = await tx.query<{ variants: Record<string, string> }>(
    sql`SELECT variants FROM photos WHERE child_id = ANY(${ids}::uuid[])`,
  );
  const mediaKeys = photoRows.flatMap((row) => Object.values(row.variants));
  const inCases = sql`case_id IN (SELECT id FROM cases WHERE child_id = ANY(${ids}::uuid[]))`;
  const counts: Record<string, number> = {};
  counts.riskAnswers = (await tx.query(sql`DELETE FROM risk_answers WHERE ${inCases}`)).rowCount;
  counts.riskGradings = (await tx.query(sql`DELETE FROM risk_gradings WHERE ${inCases}`)).rowCount;
  counts.shares = (await tx.query(sql`DELETE FROM case_shares WHERE ${inCases}`)).rowCount;
  counts.photos = (await tx.query(sql`DELETE FROM photos WHERE child_id = ANY(${ids}::uuid[]) OR ${inCases}`)).rowCount;
  counts.merges = (
    await tx.query(sql`DELETE FROM child_merges WHERE child_id = ANY(${ids}::uuid[]) OR into_child_id = ANY(${ids}::uuid[])`)
  ).rowCount;
  counts.episodes = (await tx.query(sql`DELETE FROM cases WHERE child_id = ANY(${ids}::uuid[])`)).rowCount;
  // Children merged into this one point at it; they are the same person and go with it.
  await tx.query(sql`UPDATE children SET merged_into = NULL WHERE id = ANY(${ids}::uuid[])`);
  counts.children = (await tx.query(sql`DELETE FROM children WHERE id = ANY(${ids}::uuid[])`)).rowCount;
  await pruneUnusedNameForms(tx);
  return { mediaKeys, counts };
}

/** The register's distinct forms and words of names keep only what some child's name still uses. */
async function pruneUnusedNameForms(tx: Queryable): Promise<void> {
  await tx.query(
    sql`DELETE FROM name_forms f WHERE NOT EXISTS (SELECT 1 FROM child_name_keys k WHERE k.name_latin = f.name_latin AND k.keys = f.keys)`,
  );
  await tx.query(
    sql`DELETE FROM name_words w WHERE NOT EXISTS (
          SELECT 1 FROM name_forms f, unnest(f.keys) AS key WHERE key = 'w:' || w.word)`,
  );
}

export interface ChildDueRow {
  child_id: string;
  episodes: number;
  last_closed_at: Date;
  references: string[];
}

/**
 * Children none of whose episodes is open and whose latest episode closed before `cutoff`: due for review.
 * Exercise episodes count like any other. Ordered oldest first.
 */
export async function childrenDueForReview(
  db: Queryable,
  cutoff: Date,
  page: { limit: number; excluding: readonly string[] },
): Promise<ChildDueRow[]> {
  const { rows } = await db.query<ChildDueRow>(
    sql`SELECT c.child_id::text AS child_id, count(*)::int AS episodes, max(c.closed_at) AS last_closed_at,
               array_agg(c.reference ORDER BY c.reported_at) AS references
          FROM cases c JOIN children ch ON ch.id = c.child_id
         WHERE ch.merged_into IS NULL AND NOT (c.child_id = ANY(${[...page.excluding]}::uuid[]))
         GROUP BY c.child_id
        HAVING bool_and(c.closed_at IS NOT NULL) AND max(c.closed_at) < ${cutoff}
         ORDER BY max(c.closed_at), c.child_id
         LIMIT ${page.limit}`,
  );
  return rows;
}

/** How many children `childrenDueForReview` would list without a limit. */
export async function countChildrenDueForReview(db: Queryable, cutoff: Date, excluding: readonly string[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM (
          SELECT c.child_id FROM cases c JOIN children ch ON ch.id = c.child_id
           WHERE ch.merged_into IS NULL AND NOT (c.child_id = ANY(${[...excluding]}::uuid[]))
           GROUP BY c.child_id
          HAVING bool_and(c.closed_at IS NOT NULL) AND max(c.closed_at) < ${cutoff}) due`,
  );
  return rows[0]!.n;
}

/** The child whose episode has this reference, for finding a person's record from a case. */
export async function childOfReference(db: Queryable, reference: string): Promise<string | undefined> {
  const { rows } = await db.query<{ child_id: string }>(sql`SELECT child_id::text AS child_id FROM cases WHERE reference = ${reference}`);
  return rows[0]?.child_id;
}

/** Whether this child has episodes, none open, the latest closed before `cutoff`. */
export async function childDueForReview(db: Queryable, childId: string, cutoff: Date): Promise<boolean> {
  const { rows } = await db.query<{ due: boolean }>(
    sql`SELECT count(*) > 0 AND bool_and(closed_at IS NOT NULL) AND max(closed_at) < ${cutoff} AS due FROM cases WHERE child_id = ${childId}`,
  );
  return rows[0]?.due === true;
}

/** The children who have an episode open now: other domains keep what they hold about them while the child is missing. */
export function childrenMissingNow(): Sql {
  return sql`SELECT child_id FROM cases WHERE closed_at IS NULL`;
}
