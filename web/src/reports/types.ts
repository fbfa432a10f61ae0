// What the triage API returns, typed by its own schemas (src/triage/schemas.ts), and the server's rules the
// console needs to offer only what the server will accept, imported from where the server keeps them.
export { HIGH_PRIORITY } from '../../../src/triage/priority.ts';
export { NATIONAL_QUEUE, queueOfJurisdiction } from '../../../src/triage/queue-names.ts';
export { NEXT_STATUSES, SUBMISSION_STATUSES } from '../../../src/triage/statuses.ts';
export type {
  QueueSummary,
  SubmissionDetailView,
  SubmissionEvent,
  SubmissionKind,
  SubmissionListItem,
  SubmissionPage,
  SubmissionStatus,
  TriageResult,
} from '../../../src/triage/schemas.ts';
import type { Jurisdiction } from '../../../src/orgs/schemas.ts';
import { HIGH_PRIORITY } from '../../../src/triage/priority.ts';

/** Where the console's "medium" band starts; the server only knows high (HIGH_PRIORITY and above). */
export const MEDIUM_PRIORITY = 40;
export type PriorityBand = 'high' | 'medium' | 'low';
export function priorityBand(priority: number): PriorityBand {
  if (priority >= HIGH_PRIORITY) return 'high';
  if (priority >= MEDIUM_PRIORITY) return 'medium';
  return 'low';
}

/** A jurisdiction as the queue names need it (GET /jurisdictions, read without its area). */
export type JurisdictionSummary = Omit<Jurisdiction, 'geometry'>;
