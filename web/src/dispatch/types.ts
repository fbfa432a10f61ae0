// What the dispatch API answers (src/dispatch/routes.ts), as the console reads it.

export type Channel = 'email' | 'sms' | 'push' | 'webhook';
export const CHANNEL_ORDER: Channel[] = ['email', 'sms', 'push', 'webhook'];

export interface ChannelProgress {
  channel: Channel;
  targeted: number;
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
  deadLettered: number;
  dropped: number;
  firstSentAt: string | null;
  lastSentAt: string | null;
  msToFirst: number | null;
  msToLast: number | null;
}

export interface DispatchProgress {
  alertId: string;
  approvedAt: string | null;
  fanoutPending: number;
  channels: ChannelProgress[];
}

export interface DispatchTimeline {
  alertId: string;
  approvedAt: string | null;
  bucketSeconds: number;
  points: { channel: Channel; atSeconds: number; out: number }[];
}

export interface ReissueView {
  schedule: { everyMinutes: number; untilAt: string; nextAt: string | null; issuesDone: number; stoppedAt: string | null } | null;
  runs: { issue: number; messageIdentifier: string; queuedAt: string; state: string; targeted: number; finishedAt: string | null }[];
}

/** The few facts of an alert the dashboard shows (GET /alerts/{id}). */
export interface AlertFacts {
  id: string;
  caseReference: string;
  state: string;
  capStatus: string;
  approvedAt: string | null;
  expiresAt: string | null;
  contents: { language: string; headline: string }[];
}

export interface InboxItem {
  id: number;
  channel: string;
  address: string;
  subject: string | null;
  body: string;
  createdAt: string;
}

export interface InboxPage {
  label: string;
  channels: string[];
  items: InboxItem[];
}
