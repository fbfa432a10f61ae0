// Queue names: one per force area ("jurisdiction:<code>") and one for national triage. Who reaches which.
import type { Actor } from '../auth/actor.ts';
import { ROLE_GRANTS } from '../auth/roles.ts';
import type { Queryable } from '../db/database.ts';
import { forceAreaExists, forceAreaNames, forceAreasAmong } from '../geo/jurisdiction-lookup.ts';
import { sql } from '../db/sql.ts';
import type { Row } from '../db/schema.ts';
import { jurisdictionCodeOfQueue, NATIONAL_QUEUE, queueOfJurisdiction } from './queue-names.ts';

export { jurisdictionCodeOfQueue, NATIONAL_QUEUE, queueOfJurisdiction } from './queue-names.ts';

/**
 * The queues an actor may read and work: every queue for the national centre; the queues of their
 * organisation's force areas for a force; none for anyone else. `null` means all.
 */
export async function queuesInReach(db: Queryable, actor: Actor): Promise<string[] | null> {
  const scope = ROLE_GRANTS[actor.role].caseScope;
  if (scope === 'national') return null;
  if (scope !== 'jurisdiction' || actor.jurisdictionIds.length === 0) return [];
  return (await forceAreasAmong(db, actor.jurisdictionIds)).map((row) => queueOfJurisdiction(row.code));
}

/**
 * Everything an actor may open and work: the queues in reach, and the sightings whose point lies in one of
 * their force areas. A sighting of another force's appeal goes to the appeal's queue, but the force where
 * the child was seen is told of it and may act first (it is nearest the child); it reaches that sighting
 * and no other of the queue's.
 */
export interface SubmissionReach {
  /** `null` means every queue. */
  queues: string[] | null;
  /** Force areas whose sightings are reachable, whatever queue holds them. */
  areaIds: string[];
}

/** Why an actor reaches a submission: it is in a queue they work, or it was seen in their force's area. */
export type ReachReason = 'queue' | 'seen_in_area';

export async function submissionReach(db: Queryable, actor: Actor): Promise<SubmissionReach> {
  const scope = ROLE_GRANTS[actor.role].caseScope;
  if (scope === 'national') return { queues: null, areaIds: [] };
  if (scope !== 'jurisdiction' || actor.jurisdictionIds.length === 0) return { queues: [], areaIds: [] };
  const rows = await forceAreasAmong(db, actor.jurisdictionIds);
  return { queues: rows.map((row) => queueOfJurisdiction(row.code)), areaIds: rows.map((row) => row.id) };
}

/** Why a submission is within reach, or undefined when it is not. */
export function reachReason(
  reach: SubmissionReach,
  submission: { queue: string; kind: string; jurisdiction_id: string | null },
): ReachReason | undefined {
  if (queueReachable(reach.queues, submission.queue)) return 'queue';
  if (submission.kind === 'sighting' && submission.jurisdiction_id !== null && reach.areaIds.includes(submission.jurisdiction_id))
    return 'seen_in_area';
  return undefined;
}

export function queueReachable(reach: string[] | null, queue: string): boolean {
  return reach === null || reach.includes(queue);
}

/** Whether a queue exists: national triage, or a force area's queue. */
export async function queueExists(db: Queryable, queue: string): Promise<boolean> {
  if (queue === NATIONAL_QUEUE) return true;
  const code = jurisdictionCodeOfQueue(queue);
  if (code === undefined) return false;
  return forceAreaExists(db, code);
}

export interface QueueSummary {
  queue: string;
  /** The force area's name; null for national triage. */
  jurisdictionName: string | null;
  /** Submissions still to be looked at (status "new"). */
  newCount: number;
  /** Submissions not yet closed (new or reviewed). */
  openCount: number;
}

/** The queues within reach, national first then force areas by name, with how much waits in each. */
export async function queueSummaries(db: Queryable, reach: string[] | null): Promise<QueueSummary[]> {
  const areas = await forceAreaNames(db);
  const queues: { queue: string; jurisdictionName: string | null }[] = [
    { queue: NATIONAL_QUEUE, jurisdictionName: null },
    ...areas.map((area) => ({ queue: queueOfJurisdiction(area.code), jurisdictionName: area.name })),
  ].filter((entry) => queueReachable(reach, entry.queue));
  if (queues.length === 0) return [];
  const { rows: counts } = await db.query<Row<'public_submissions', 'queue'> & { new_count: number; open_count: number }>(
    sql`SELECT queue, count(*) FILTER (WHERE status = 'new')::integer AS new_count, count(*) FILTER (WHERE status IN ('new', 'reviewed'))::integer AS open_count
          FROM public_submissions WHERE queue = ANY(${queues.map((entry) => entry.queue)}::text[]) GROUP BY queue`,
  );
  const byQueue = new Map(counts.map((row) => [row.queue, row]));
  return queues.map((entry) => ({
    ...entry,
    newCount: byQueue.get(entry.queue)?.new_count ?? 0,
    openCount: byQueue.get(entry.queue)?.open_count ?? 0,
  }));
}
