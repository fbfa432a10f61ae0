// The console's read cache (TanStack Query). Every read goes through `useQuery` under a key that names its
// resource, and writes invalidate the keys they change. What the API refuses arrives as an `ApiError`, as
// before; nothing is retried behind the officer's back and nothing refetches merely because a window regains
// focus. Case, child and alert data leave the cache soon after no screen shows them, and everything is
// dropped at sign-out, so a shared device keeps nothing sensitive in memory.
import { QueryClient } from '@tanstack/react-query';

/** How long an unwatched entry is kept: lists of places and organisations may be reused for a while. */
const GC_MS = 5 * 60_000;
/** Entries about children (cases, alerts, reports, sightings, the register, unidentified people) are let go almost at once. */
export const SENSITIVE_GC_MS = 5_000;

/** Keys for each resource the console reads; the first part names the resource, so a write can invalidate all its views. */
export const keys = {
  cases: (query: string, reason: string | undefined) => ['cases', 'list', query, reason] as const,
  caseLists: ['cases', 'list'] as const,
  case: (id: string, reason: string | undefined) => ['cases', id, reason] as const,
  alerts: (query: string) => ['alerts', 'list', query] as const,
  alertLists: ['alerts', 'list'] as const,
  alert: (id: string, reason?: string) => ['alerts', id, reason] as const,
  alertForEditing: (id: string, reason?: string) => ['alerts', id, 'editing', reason] as const,
  reissue: (id: string) => ['alerts', id, 'reissue'] as const,
  caseForAlert: (caseId: string, reason?: string) => ['cases', caseId, 'for-alert', reason] as const,
  likelyChildren: (typed: string) => ['register', 'likely-children', typed] as const,
  alertTemplates: ['alert-templates'] as const,
  alertChanges: ['alert-changes'] as const,
  notifications: ['notifications'] as const,
  organisations: ['organisations'] as const,
  boundaries: ['boundaries'] as const,
  jurisdictions: ['jurisdictions'] as const,
  users: ['users'] as const,
  submissionQueues: ['submissions', 'queues'] as const,
  submission: (id: string) => ['submissions', id] as const,
  submissionList: (filters: string) => ['submissions', 'list', filters] as const,
  sightings: (alertId: string) => ['sightings', alertId] as const,
  enrolmentAreas: ['enrolment', 'areas'] as const,
  webhooks: ['enrolment', 'webhooks'] as const,
  screens: ['enrolment', 'screens'] as const,
  recipients: (query: string) => ['enrolment', 'recipients', query] as const,
  recipientPages: ['enrolment', 'recipients'] as const,
  registerSearch: (query: string, reason: string | undefined) => ['register', query, reason] as const,
  unidentifiedList: (query: string) => ['unidentified', 'list', query] as const,
  unidentifiedLists: ['unidentified', 'list'] as const,
  unidentified: (id: string) => ['unidentified', id] as const,
  candidates: (path: string, query: string, reason: string | undefined) => ['matching', path, query, reason] as const,
  candidate: (id: string, reason: string | undefined) => ['matching', 'candidate', id, reason] as const,
  philomenaList: (overdue: boolean) => ['philomena', 'list', overdue] as const,
  philomenaProfile: (id: string) => ['philomena', id] as const,
  repeatMissing: ['repeat-missing'] as const,
  nextEpisode: (childId: string) => ['cases', 'next-episode', childId] as const,
  appealsOfCase: (caseId: string, reason: string | undefined) => ['appeals', 'case', caseId, reason] as const,
  appealReviews: ['appeals', 'reviews'] as const,
  appealLists: ['appeals'] as const,
  partners: ['exchange', 'partners'] as const,
  partnerRuns: (code: string) => ['exchange', 'runs', code] as const,
  // Offered alerts name children: kept no longer than other personal data (SENSITIVE below).
  alertOffers: ['alert-offers'] as const,
};

const SENSITIVE = [
  'cases',
  'alerts',
  'alert-changes',
  'notifications',
  'submissions',
  'sightings',
  'register',
  'unidentified',
  'matching',
  'philomena',
  'repeat-missing',
  'appeals',
  'alert-offers',
];

export function newQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, gcTime: GC_MS },
      mutations: { retry: false },
    },
  });
  for (const root of SENSITIVE) client.setQueryDefaults([root], { gcTime: SENSITIVE_GC_MS });
  return client;
}

/** Of every organisation (one cached list), the police forces. */
export const policeForces = <T extends { kind: string }>(items: T[]): T[] => items.filter((o) => o.kind === 'police_force');
