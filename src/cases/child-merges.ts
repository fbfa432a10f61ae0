// Data access for merging a child recorded twice, and undoing it: the duplicate's episodes and photos move to
// the surviving child, the duplicate's row stays marked merged, and `child_merges` keeps exactly what moved
// and both children as they were. The rules and the audit are the register's (src/register/merges.ts).
import type { Actor } from '../auth/actor.ts';
import { staffEmails } from '../auth/staff-names.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { caseReach } from './reach.ts';
import { refreshEpisodeFacts } from './episode-facts.ts';

export type ChildMergeRow = Row<
  'child_merges',
  'id' | 'child_id' | 'into_child_id' | 'reason' | 'case_ids' | 'photo_ids' | 'merged_at' | 'undone_at' | 'undo_reason'
> & { merged_by: string; undone_by: string | null };

export type EpisodeReach = Row<'cases', 'id' | 'child_id' | 'exercise'> & { reachable: boolean };

/** The child this one was merged into, or null if it was not (or does not exist). */
export async function survivorOf(db: Queryable, childId: string): Promise<string | null> {
  const { rows } = await db.query<Row<'children', 'merged_into'>>(sql`SELECT merged_into FROM children WHERE id = ${childId}`);
  return rows[0]?.merged_into ?? null;
}

/** Locks the children, in one order whatever the caller's, so two merges of the same pair cannot deadlock. */
export async function lockChildren(db: Queryable, childIds: readonly string[]): Promise<Row<'children', 'id' | 'merged_into'>[]> {
  const { rows } = await db.query<Row<'children', 'id' | 'merged_into'>>(
    sql`SELECT id, merged_into FROM children WHERE id = ANY(${[...childIds]}::uuid[]) ORDER BY id FOR UPDATE`,
  );
  return rows;
}

/** Every episode of these children (and these cases, whichever child they are on), locked, with whether the actor reaches each. */
export async function episodesOfChildren(
  db: Queryable,
  actor: Actor,
  childIds: readonly string[],
  caseIds: readonly string[] = [],
  options: { lock: boolean } = { lock: true },
): Promise<EpisodeReach[]> {
  // A merge locks the episodes it may move; a read of a child's history does not.
  const { rows } = await db.query<EpisodeReach>(
    sql`SELECT c.id, c.child_id, c.exercise, (${caseReach(actor, 'c')}) AS reachable
          FROM cases c WHERE c.child_id = ANY(${[...childIds]}::uuid[]) OR c.id = ANY(${[...caseIds]}::uuid[])
         ORDER BY c.id${options.lock ? sql` FOR UPDATE OF c` : sql``}`,
  );
  return rows;
}

/** Every photo of the child, removed ones too: the record moves whole. */
export async function photoIdsOfChild(db: Queryable, childId: string): Promise<string[]> {
  const { rows } = await db.query<Row<'photos', 'id'>>(sql`SELECT id FROM photos WHERE child_id = ${childId} ORDER BY id`);
  return rows.map((row) => row.id);
}

/**
 * Moves these cases from one child to another. Each case's version goes up, so an edit made on the page opened
 * before the move (showing the other child) is refused as stale.
 */
export async function moveCasesToChild(db: Queryable, caseIds: readonly string[], from: string, to: string, now: Date): Promise<number> {
  const { rowCount } = await db.query(
    sql`UPDATE cases SET child_id = ${to}, updated_at = ${now}, version = version + 1
         WHERE id = ANY(${[...caseIds]}::uuid[]) AND child_id = ${from}`,
  );
  await refreshEpisodeFacts(db, [from, to]);
  return rowCount;
}

export async function movePhotosToChild(db: Queryable, photoIds: readonly string[], from: string, to: string): Promise<number> {
  const { rowCount } = await db.query(
    sql`UPDATE photos SET child_id = ${to} WHERE id = ANY(${[...photoIds]}::uuid[]) AND child_id = ${from}`,
  );
  return rowCount;
}

/** Of these cases and photos, the ones no longer on the child (moved again since). */
export async function movedAgain(
  db: Queryable,
  childId: string,
  caseIds: readonly string[],
  photoIds: readonly string[],
): Promise<{ caseIds: string[]; photoIds: string[] }> {
  const { rows: cases } = await db.query<Row<'cases', 'id'>>(
    sql`SELECT id FROM cases WHERE id = ANY(${[...caseIds]}::uuid[]) AND child_id <> ${childId} ORDER BY id`,
  );
  const { rows: photos } = await db.query<Row<'photos', 'id'>>(
    sql`SELECT id FROM photos WHERE id = ANY(${[...photoIds]}::uuid[]) AND child_id <> ${childId} ORDER BY id`,
  );
  return { caseIds: cases.map((row) => row.id), photoIds: photos.map((row) => row.id) };
}

/** Marks the child merged into another, or (null) no longer merged. */
export async function markChildMerged(db: Queryable, childId: string, intoChildId: string | null, now: Date): Promise<void> {
  await db.query(sql`UPDATE children SET merged_into = ${intoChildId}, updated_at = ${now} WHERE id = ${childId}`);
}

// Who merged and who undid, by email.
const MERGE_SELECT = sql`
  SELECT m.id, m.child_id, m.into_child_id, m.reason, m.case_ids, m.photo_ids, m.merged_at, m.undone_at, m.undo_reason,
         u.email AS merged_by, v.email AS undone_by
    FROM child_merges m JOIN ${staffEmails()} u ON u.id = m.merged_by LEFT JOIN ${staffEmails()} v ON v.id = m.undone_by`;

export async function insertChildMerge(
  db: Queryable,
  merge: {
    childId: string;
    intoChildId: string;
    reason: string;
    caseIds: readonly string[];
    photoIds: readonly string[];
    childSnapshot: unknown;
    intoChildSnapshot: unknown;
    mergedBy: string;
  },
  now: Date,
): Promise<string> {
  const { rows } = await db.query<Row<'child_merges', 'id'>>(
    sql`INSERT INTO child_merges (child_id, into_child_id, reason, case_ids, photo_ids, child_snapshot, into_child_snapshot, merged_by, merged_at)
        VALUES (${merge.childId}, ${merge.intoChildId}, ${merge.reason}, ${[...merge.caseIds]}::uuid[], ${[...merge.photoIds]}::uuid[],
                ${JSON.stringify(merge.childSnapshot)}::jsonb, ${JSON.stringify(merge.intoChildSnapshot)}::jsonb, ${merge.mergedBy}, ${now})
        RETURNING id`,
  );
  return rows[0]!.id;
}

/** Every merge a child took part in, either side, newest first. */
export async function mergesOfChild(db: Queryable, childId: string): Promise<ChildMergeRow[]> {
  const { rows } = await db.query<ChildMergeRow>(
    sql`${MERGE_SELECT} WHERE m.child_id = ${childId} OR m.into_child_id = ${childId} ORDER BY m.merged_at DESC, m.id`,
  );
  return rows;
}

export async function findChildMerge(
  db: Queryable,
  mergeId: string,
  options: { forUpdate?: boolean } = {},
): Promise<ChildMergeRow | undefined> {
  const { rows } = await db.query<ChildMergeRow>(
    sql`${MERGE_SELECT} WHERE m.id = ${mergeId}${options.forUpdate ? sql` FOR UPDATE OF m` : sql``}`,
  );
  return rows[0];
}

export async function markMergeUndone(db: Queryable, mergeId: string, undoneBy: string, reason: string, now: Date): Promise<void> {
  await db.query(sql`UPDATE child_merges SET undone_by = ${undoneBy}, undone_at = ${now}, undo_reason = ${reason} WHERE id = ${mergeId}`);
}
