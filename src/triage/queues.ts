// Queue names: one per force area ("jurisdiction:<code>") and one for national triage. Who reaches which.
import type { Actor } from '../auth/actor.ts';
import { ROLE_GRANTS } from '../auth/roles.ts';
import type { Queryable } from '../db/database.ts';

export const NATIONAL_QUEUE = 'national';
const JURISDICTION_PREFIX = 'jurisdiction:';

export function queueOfJurisdiction(code: string): string {
  return `${JURISDICTION_PREFIX}${code}`;
}

/** The jurisdiction code of a force queue, or undefined for national triage and unknown names. */
export function jurisdictionCodeOfQueue(queue: string): string | undefined {
  return queue.startsWith(JURISDICTION_PREFIX) ? queue.slice(JURISDICTION_PREFIX.length) : undefined;
}

/**
 * The queues an actor may read and work: every queue for the national centre; the queues of their
 * organisation's force areas for a force; none for anyone else. `null` means all.
 */
export async function queuesInReach(db: Queryable, actor: Actor): Promise<string[] | null> {
  const scope = ROLE_GRANTS[actor.role].caseScope;
  if (scope === 'national') return null;
  if (scope !== 'jurisdiction' || actor.jurisdictionIds.length === 0) return [];
  const { rows } = await db.query<{ code: string }>(`SELECT code FROM jurisdictions WHERE id = ANY($1::uuid[]) AND kind = 'force_area' ORDER BY code`, [
    actor.jurisdictionIds,
  ]);
  return rows.map((row) => queueOfJurisdiction(row.code));
}

export function queueReachable(reach: string[] | null, queue: string): boolean {
  return reach === null || reach.includes(queue);
}

/** Whether a queue exists: national triage, or a force area's queue. */
export async function queueExists(db: Queryable, queue: string): Promise<boolean> {
  if (queue === NATIONAL_QUEUE) return true;
  const code = jurisdictionCodeOfQueue(queue);
  if (code === undefined) return false;
  const { rows } = await db.query(`SELECT 1 FROM jurisdictions WHERE code = $1 AND kind = 'force_area'`, [code]);
  return rows.length > 0;
}
