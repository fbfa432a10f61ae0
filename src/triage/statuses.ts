// A submission's statuses and the changes allowed between them. Plain constants (no schema library), so
// the staff console can import them without pulling in the server's validation code.
export const SUBMISSION_STATUSES = ['new', 'reviewed', 'actioned', 'no_further_action'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** new → reviewed → actioned | no further action; a closed one may be reopened for review. */
export const NEXT_STATUSES: Record<SubmissionStatus, SubmissionStatus[]> = {
  new: ['reviewed', 'actioned', 'no_further_action'],
  reviewed: ['actioned', 'no_further_action'],
  actioned: ['reviewed'],
  no_further_action: ['reviewed'],
};
