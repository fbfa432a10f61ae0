// What the enrolment API answers (src/enrolment/schemas.ts and routes.ts), as the console reads it.

export type ImportMode = 'all-or-nothing' | 'good-rows';

export interface RowError {
  line: number;
  column: string | null;
  message: string;
}

export interface ImportResult {
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: RowError[];
  webhookSecrets: { externalRef: string; secret: string }[];
}

export interface Recipient {
  externalRef: string;
  label: string | null;
  language: string;
  includeExercises: boolean;
  channel: string | null;
  address: string | null;
  confirmed: boolean;
  cells: number;
  createdAt: string;
  updatedAt: string;
}

export interface RecipientList {
  items: Recipient[];
  nextAfter: string | null;
  counts: { total: number; email: number; sms: number; webhook: number };
}

export interface AreaChoice {
  code: string;
  name: string;
  kind: string;
}

/** What a new webhook or screen covers: the whole country, or some jurisdictions. */
export interface AreaRequest {
  national?: boolean;
  jurisdictionCodes?: string[];
}

export interface Webhook {
  id: string;
  externalRef: string;
  name: string | null;
  url: string;
  language: string;
  exercises: boolean;
  cells: number;
  createdAt: string;
  updatedAt: string;
  lastDelivery?: { state: string; at: string; error: string | null } | null;
}

export interface Screen {
  id: string;
  name: string;
  language: string;
  exercises: boolean;
  cells: number;
  createdAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
}

/** The languages recipients, webhooks and screens may be given (the public site's). */
export const RECIPIENT_LANGUAGES = ['en', 'cy', 'pl', 'ro', 'ar'] as const;
