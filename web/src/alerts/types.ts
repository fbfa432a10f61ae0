// The alert API's payloads as the console reads them (src/alerts/schemas.ts: AlertView, AlertSummary).
export type AlertState = 'draft' | 'awaiting_approval' | 'active' | 'withdrawn' | 'expired' | 'rejected';
export type CapStatus = 'Actual' | 'Exercise' | 'Test';
export const ALERT_STATES: AlertState[] = ['draft', 'awaiting_approval', 'active', 'withdrawn', 'expired', 'rejected'];
export const CRITERIA_KEYS = ['under18', 'imminentDanger', 'enoughInformation'] as const;
export type CriterionKey = (typeof CRITERIA_KEYS)[number];
export const WITHDRAWAL_REASONS = ['found_safe', 'found', 'cancelled'] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

export interface AlertContent {
  language: string;
  headline: string;
  description: string;
  instruction: string;
  contact: string;
  smsText: string;
  broadcastText: string;
}

export type CirclePart = { kind: 'circle'; center: [number, number]; radiusKm: number };
export type PolygonPart = { kind: 'polygon'; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown } };
export type AreaPart = CirclePart | PolygonPart;

export interface AlertArea {
  parts: AreaPart[];
  jurisdictionCodes: string[];
  national: boolean;
  description: string;
  cellRanges: number;
}

export interface AlertPhoto {
  photoId: string;
  position: number;
  staffUrl: string;
  publicUrl: string | null;
}

export interface AlertMessage {
  identifier: string;
  msgType: string;
  sent: string;
  note: string | null;
  capUrl: string;
}

export interface Alert {
  id: string;
  slug: string;
  publicUrl: string;
  caseId: string;
  caseReference: string;
  owningOrganisationCode: string;
  state: AlertState;
  capStatus: CapStatus;
  criteria: Record<CriterionKey, { met: boolean; reason: string; label: string }>;
  area: AlertArea;
  lastSeen: { at: string; lon: number; lat: number; place: string };
  vehicle: string;
  suspect: string;
  contents: (AlertContent & { sms: { encoding: string; units: number; segments: number; fits: boolean }; broadcastLength: number })[];
  photos: AlertPhoto[];
  requestedBy: string | null;
  requestedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  decisionNote: string | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** A requested change to the text, photos or area, waiting for a second approver. */
  pendingChange: PendingChange | null;
  messages: AlertMessage[];
  identityWithheld: false;
}

/** An alert of a sensitive case answered without a reason (src/alerts/schemas.ts: WithheldAlertView). */
export interface WithheldAlert {
  id: string;
  caseId: string;
  caseReference: string;
  state: AlertState;
  version: number;
  identityWithheld: true;
}

/** One field a pending change alters: `field` is a pointer such as /contents/cy/headline or /area/national. */
export interface ChangeDifference {
  field: string;
  before: string;
  after: string;
}

export interface PendingChange {
  id: string;
  note: string;
  requestedBy: string;
  requestedAt: string;
  differences: ChangeDifference[];
  contents: AlertContent[] | null;
  area: { parts: AreaPart[]; jurisdictionCodes: string[]; national: boolean; description: string } | null;
  photoIds: string[] | null;
}

/** The approver's inbox of changes (GET /alert-changes). */
export interface PendingChangeSummary extends PendingChange {
  alertId: string;
  caseReference: string;
  capStatus: CapStatus;
  headline: string;
  /** A sensitive case: no text is listed; opening the alert asks for the reason. */
  sensitive: boolean;
}

export interface AlertSummary {
  id: string;
  slug: string;
  caseId: string;
  caseReference: string;
  state: AlertState;
  capStatus: CapStatus;
  /** Null for the alert of a sensitive case listed without a reason: the headline names the child. */
  headline: string | null;
  owningOrganisationCode: string;
  requestedBy: string | null;
  requestedAt: string | null;
  expiresAt: string | null;
  updatedAt: string;
  sensitive: boolean;
  identityWithheld: boolean;
}

export interface StaffNotification {
  kind: string;
  /** "alert" or "submission". */
  subjectType: string;
  subjectId: string;
  /** The case reference of an alert, or a sighting's or report's own reference. */
  reference: string | null;
  /** "sighting" or "report", for a submission. */
  subjectKind: string | null;
  exercise: boolean;
  /** The server's English sentence, for scripts; the console words each kind itself. */
  message: string;
  createdAt: string;
}

/** The parts of a case the composer needs (src/cases/schemas.ts CaseView). */
export interface CaseForAlert {
  id: string;
  reference: string;
  status: 'open' | 'closed';
  sensitive: boolean;
  /** Recorded as an exercise: its alerts can only be exercises or tests, and a real case's only real. */
  exercise: boolean;
  lastSeen: { at: string; lon: number; lat: number; place: string };
  child: { givenNames: string; familyName: string };
  photos: { id: string; caption: string; urls: { thumb: string; page: string; full: string } }[];
}

/** The case's photos are served under /api/v1; the API gives paths relative to it or absolute ones. */
export function apiPath(url: string): string {
  if (url.startsWith('/api/v1')) return url;
  if (url.startsWith('/')) return `/api/v1${url}`;
  return url;
}
