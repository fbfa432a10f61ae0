// What the triage API returns (src/triage/routes.ts), and the rules the console needs to offer only
// what the server will accept.
export type SubmissionStatus = 'new' | 'reviewed' | 'actioned' | 'no_further_action';
export type SubmissionKind = 'sighting' | 'report';

export const SUBMISSION_STATUSES: SubmissionStatus[] = ['new', 'reviewed', 'actioned', 'no_further_action'];

/** The same transitions as the server (src/triage/store.ts): new → reviewed → actioned | no further action; reopen for review. */
export const NEXT_STATUSES: Record<SubmissionStatus, SubmissionStatus[]> = {
  new: ['reviewed', 'actioned', 'no_further_action'],
  reviewed: ['actioned', 'no_further_action'],
  actioned: ['reviewed'],
  no_further_action: ['reviewed'],
};

export const REPORT_CATEGORIES = ['suspected_trafficking', 'child_at_risk', 'online_grooming', 'missing_child_information', 'other'] as const;

/** The server flags submissions of 70 and above as high priority (src/triage/priority.ts). */
export const HIGH_PRIORITY = 70;
export const MEDIUM_PRIORITY = 40;
export type PriorityBand = 'high' | 'medium' | 'low';
export function priorityBand(priority: number): PriorityBand {
  if (priority >= HIGH_PRIORITY) return 'high';
  if (priority >= MEDIUM_PRIORITY) return 'medium';
  return 'low';
}

export interface SubmissionListItem {
  id: string;
  reference: string;
  kind: SubmissionKind;
  alertId: string | null;
  category: string | null;
  seenAt: string | null;
  receivedAt: string;
  lon: number | null;
  lat: number | null;
  placeText: string | null;
  description: string;
  jurisdictionCode: string | null;
  queue: string;
  priority: number;
  clusterId: string | null;
  status: SubmissionStatus;
  hasContact: boolean;
  noScript: boolean;
  attachmentCount: number;
  updatedAt: string;
}

export interface SubmissionPage {
  items: SubmissionListItem[];
  nextCursor: string | null;
}

export interface SubmissionDetailView extends SubmissionListItem {
  details: Record<string, unknown>;
  contact: { name: string | null; phone: string | null; email: string | null };
  attachments: { id: string; contentType: string; bytes: number; sha256: string; createdAt: string }[];
  notes: { id: number; by: string; status: string | null; queue: string | null; note: string; createdAt: string }[];
}

export interface TriageResult {
  id: string;
  status: SubmissionStatus;
  queue: string;
  updatedAt: string;
}

export interface QueueSummary {
  queue: string;
  jurisdictionName: string | null;
  newCount: number;
  openCount: number;
}

/** A high-priority arrival on /api/v1/submissions/events. */
export interface SubmissionEvent {
  id: string;
  reference: string;
  kind: string;
  queue: string;
  priority: number;
  alertId: string | null;
  receivedAt: string;
}

export interface JurisdictionSummary {
  id: string;
  code: string;
  name: string;
  kind: string;
}

export const NATIONAL_QUEUE = 'national';
export const queueOfJurisdiction = (code: string) => `jurisdiction:${code}`;
