// Queue names: one per force area ("jurisdiction:<code>") and one for national triage. Pure, so the
// staff console names queues the same way.
export const NATIONAL_QUEUE = 'national';
const JURISDICTION_PREFIX = 'jurisdiction:';

export function queueOfJurisdiction(code: string): string {
  return `${JURISDICTION_PREFIX}${code}`;
}

/** The jurisdiction code of a force queue, or undefined for national triage and unknown names. */
export function jurisdictionCodeOfQueue(queue: string): string | undefined {
  return queue.startsWith(JURISDICTION_PREFIX) ? queue.slice(JURISDICTION_PREFIX.length) : undefined;
}
