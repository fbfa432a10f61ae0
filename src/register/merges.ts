// One child recorded twice becomes one record, and the merge can be undone. A senior officer who reaches every
// episode of both children moves the duplicate's episodes and photos to the surviving child; the duplicate's
// row stays, marked merged, and leaves searches and duplicate checks; its names are found under the survivor.
// An undo moves back exactly what moved, unless some of it has moved again since. Each is audited in the same
// transaction, once for the child and once on each case that moved.
import type { AppDeps } from '../app-deps.ts';
import { caseHasLiveAlert } from '../alerts/case-view.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import {
  episodesOfChildren,
  findChildMerge,
  insertChildMerge,
  lockChildren,
  markChildMerged,
  markMergeUndone,
  mergesOfChild,
  movedAgain,
  moveCasesToChild,
  movePhotosToChild,
  photoIdsOfChild,
  type ChildMergeRow,
  type EpisodeReach,
} from '../cases/child-merges.ts';
import { indexChildNames } from '../cases/name-index.ts';
import { findChild } from '../cases/store.ts';
import type { Queryable } from '../db/database.ts';
import { conflict, forbidden, invalid, notFound, Problem } from '../http/problem.ts';
import type { MergeRequest, MergeView } from './schemas.ts';

type MergeDeps = Pick<AppDeps, 'db' | 'clock'>;

export function mergeView(row: ChildMergeRow): MergeView {
  return {
    id: row.id,
    childId: row.child_id,
    intoChildId: row.into_child_id,
    reason: row.reason,
    caseIds: row.case_ids,
    photoIds: row.photo_ids,
    mergedBy: row.merged_by,
    mergedAt: row.merged_at.toISOString(),
    undoneBy: row.undone_by,
    undoneAt: row.undone_at?.toISOString() ?? null,
    undoReason: row.undo_reason,
  };
}

/**
 * The merges a child took part in, for whoever reaches an episode of it (else not found, as for a child that
 * is not there); audited, as the reasons may speak of the child.
 */
export async function mergesOfChildFor(deps: MergeDeps, actor: Actor, childId: string): Promise<MergeView[]> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const episodes = await episodesOfChildren(tx, actor, [childId], [], { lock: false });
    if (!episodes.some((episode) => episode.reachable)) throw notFound('That child');
    const merges = await mergesOfChild(tx, childId);
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'child.merges_listed',
        subjectType: 'child',
        subjectId: childId,
        details: { merges: merges.map((m) => m.id) },
      },
      now,
    );
    return merges.map(mergeView);
  });
}

/**
 * The actor must reach every episode of the children: none reached is answered as not found (the same 404 as a
 * child that is not there); some reached but not all is refused, as only whoever reaches them all may move them.
 */
function requireReachOfAll(episodes: readonly EpisodeReach[], childIds: readonly string[]): void {
  for (const childId of childIds) {
    const own = episodes.filter((episode) => episode.child_id === childId);
    if (!own.some((episode) => episode.reachable)) throw notFound('That child');
  }
  refusePartialReach(episodes);
}

function refusePartialReach(episodes: readonly EpisodeReach[]): void {
  if (episodes.some((episode) => !episode.reachable))
    throw forbidden('Some episodes of these children are in cases you do not reach: ask the national centre to merge them.');
}

/** A case whose alert is live keeps its child: moving it would change the name on a public appeal. */
async function refuseLiveAlerts(tx: Queryable, caseIds: readonly string[]): Promise<void> {
  for (const caseId of caseIds) {
    if (await caseHasLiveAlert(tx, caseId))
      throw conflict('An episode to be moved has a Child Rescue Alert that is active or awaiting approval: withdraw it first.');
  }
}

async function auditMovedCases(tx: Queryable, actor: Actor, action: string, caseIds: readonly string[], details: object, now: Date) {
  for (const caseId of caseIds)
    await appendAudit(tx, { ...auditActor(actor), action, subjectType: 'case', subjectId: caseId, details: { ...details } }, now);
}

/** Merges the child into another; answers the merge as recorded. */
export async function mergeChild(deps: MergeDeps, actor: Actor, childId: string, request: MergeRequest): Promise<MergeView> {
  const { intoChildId, reason } = request;
  if (intoChildId === childId) throw invalid('/body/intoChildId', 'a child cannot be merged into itself', { code: 'same-child' });
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const children = await lockChildren(tx, [childId, intoChildId]);
    const duplicate = children.find((child) => child.id === childId);
    const survivor = children.find((child) => child.id === intoChildId);
    if (!duplicate || !survivor) throw notFound('That child');
    // A merged child has no episodes left to reach: said before the reach is checked (only its id is known to be merged).
    if (duplicate.merged_into) throw conflict('This child is already merged into another; undo that merge first.');
    if (survivor.merged_into) throw conflict('That child is merged into another: merge into the child it was merged into.');
    const episodes = await episodesOfChildren(tx, actor, [childId, intoChildId]);
    requireReachOfAll(episodes, [childId, intoChildId]);
    if (new Set(episodes.map((episode) => episode.exercise)).size > 1)
      throw new Problem(
        409,
        'exercise-mismatch',
        'Exercise and real cases do not mix',
        'A fictional child cannot be merged with a real one.',
      );
    const caseIds = episodes.filter((episode) => episode.child_id === childId).map((episode) => episode.id);
    await refuseLiveAlerts(tx, caseIds);
    const photoIds = await photoIdsOfChild(tx, childId);
    const mergeId = await insertChildMerge(
      tx,
      {
        childId,
        intoChildId,
        reason,
        caseIds,
        photoIds,
        childSnapshot: await findChild(tx, childId),
        intoChildSnapshot: await findChild(tx, intoChildId),
        mergedBy: actor.userId,
      },
      now,
    );
    await moveCasesToChild(tx, caseIds, childId, intoChildId, now);
    await movePhotosToChild(tx, photoIds, childId, intoChildId);
    await markChildMerged(tx, childId, intoChildId, now);
    await indexChildNames(tx, [childId, intoChildId]);
    const details = { mergeId, intoChildId, caseIds, photoIds };
    await appendAudit(tx, { ...auditActor(actor), action: 'child.merged', subjectType: 'child', subjectId: childId, reason, details }, now);
    await auditMovedCases(tx, actor, 'case.child_merged', caseIds, { mergeId, fromChildId: childId, intoChildId }, now);
    return mergeView((await findChildMerge(tx, mergeId))!);
  });
}

/** Moves back exactly what a merge moved and unmarks the child; refused if any of it has moved again since. */
export async function undoMerge(deps: MergeDeps, actor: Actor, mergeId: string, reason: string): Promise<MergeView> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const merge = await findChildMerge(tx, mergeId, { forUpdate: true });
    if (!merge) throw notFound('That merge');
    const { child_id: childId, into_child_id: intoChildId } = merge;
    await lockChildren(tx, [childId, intoChildId]);
    // What the undo would move back, wherever it is now, and the survivor's other episodes.
    const episodes = await episodesOfChildren(tx, actor, [intoChildId], merge.case_ids);
    if (!episodes.some((episode) => episode.reachable)) throw notFound('That merge');
    refusePartialReach(episodes);
    if (merge.undone_at) throw conflict('This merge has already been undone.');
    const moved = await movedAgain(tx, intoChildId, merge.case_ids, merge.photo_ids);
    if (moved.caseIds.length > 0 || moved.photoIds.length > 0)
      throw new Problem(
        409,
        'moved-again',
        'Moved again since',
        'Some of what this merge moved has been moved again since (a later merge): undo that one first.',
        { members: { caseIds: moved.caseIds, photoIds: moved.photoIds } },
      );
    await refuseLiveAlerts(tx, merge.case_ids);
    await moveCasesToChild(tx, merge.case_ids, intoChildId, childId, now);
    await movePhotosToChild(tx, merge.photo_ids, intoChildId, childId);
    await markChildMerged(tx, childId, null, now);
    await markMergeUndone(tx, mergeId, actor.userId, reason, now);
    await indexChildNames(tx, [childId, intoChildId]);
    const details = { mergeId, intoChildId, caseIds: merge.case_ids, photoIds: merge.photo_ids };
    await appendAudit(
      tx,
      { ...auditActor(actor), action: 'child.merge_undone', subjectType: 'child', subjectId: childId, reason, details },
      now,
    );
    await auditMovedCases(
      tx,
      actor,
      'case.child_merge_undone',
      merge.case_ids,
      { mergeId, fromChildId: intoChildId, intoChildId: childId },
      now,
    );
    return mergeView((await findChildMerge(tx, mergeId))!);
  });
}
