// What each staff role may do, and over which cases. Anything not granted here is denied.

export const ROLES = [
  'investigator',
  'approver',
  'national_coordinator',
  'analyst',
  'caseworker',
  'partner_admin',
  'administrator',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'case:read',
  'case:create',
  'case:update',
  'case:grade',
  'case:close',
  'case:share',
  'photo:upload',
  'case:audit',
  'audit:verify',
  'user:manage',
  'organisation:read',
  // Creating and editing organisations and importing boundaries (the national centre's administrators).
  'organisation:manage',
  'alert:read',
  'alert:request',
  'alert:update',
  'alert:withdraw',
  'alert:approve',
  'alert:renew',
  'template:manage',
  // An organisation's own recipients, webhooks and screens (partner administrators, administrators).
  'enrolment:manage',
  // What left the machine, per alert and channel; the development inbox holds addresses, so fewer see it.
  'dispatch:read',
  'dispatch:inbox',
  'reissue:manage',
  // Sightings and reports from the public: reading the queues of one's reach, and working them.
  'submission:read',
  'submission:triage',
  // The national register: a child searched for by name across every force (police and the national centre).
  'register:search',
  // Merging a child recorded twice, and undoing it (senior officers and the national centre).
  'register:merge',
  // People found who cannot or will not say who they are, and remains (police and the national centre).
  'unidentified:read',
  'unidentified:write',
  // Candidate matches between missing episodes and unidentified people: forces read those of their own cases
  // and records; the national centre reviews them (dismiss, refer for dental or DNA comparison, confirm).
  'match:read',
  'match:review',
  // Problem profiles: counts of coded facts of episodes (no identities), over the areas `profileReach` gives.
  'profile:read',
  // Return home interviews: the local authority asked reads and writes the whole interview; the police read the
  // subset they need of the interviews of their cases (src/interviews/police-view.ts says which fields).
  'interview:read',
  'interview:write',
  // Cases shared with one's organisation (only the fields shared, until the share ends), and adding what one knows.
  'share:read',
  'share:contribute',
  // The disclosure register: every disclosure of a child's record and every view by another agency.
  'disclosure:read',
  // Philomena profiles of children likely to go missing: local authorities and care providers write them, the
  // police of the profile's area read them (`philomenaReach` in access.ts says which profiles each reaches).
  'philomena:read',
  'philomena:write',
  // The repeat-missing list (three episodes in 90 days), the agenda of the force's and local authority's meetings.
  'repeat:read',
  // Long-term appeals: reading them (officers on cases), publishing one with the consent recorded and changing
  // it (senior officers and the national centre), and withdrawing one (any officer on the case, at once).
  'appeal:read',
  'appeal:publish',
  'appeal:withdraw',
  // PFIF exchange with partner sites: partners, their keys and field permissions, import reports, notes on
  // partners' records (the national centre).
  'exchange:manage',
  // The retention schedule and its review queue (reading), and changing periods, deciding reviews, running it.
  // Staff of the national centre only (nationalCentreOnly in src/auth/access.ts).
  'retention:read',
  'retention:manage',
  // Everything held about one person, exported; and its erasure where the law allows (national centre only).
  'subject:access',
  'subject:erase',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Which cases a role's case permissions reach:
 * - national: every case (national centre);
 * - jurisdiction: cases in the areas of the user's organisation, or owned by it (police forces);
 * - shared: no whole case: only the fields of a case shared with the user's organisation, until the share ends,
 *   through the shared-case view (src/cases/shared-view.ts) (local authorities, charities);
 * - none: no case at all.
 */
export type CaseScope = 'national' | 'jurisdiction' | 'shared' | 'none';

interface RoleGrant {
  permissions: readonly Permission[];
  caseScope: CaseScope;
  /** Whether signing in needs a second factor (TOTP). */
  secondFactorRequired: boolean;
  label: string;
}

const CASE_WORK: Permission[] = ['case:read', 'case:create', 'case:update', 'case:grade', 'case:close', 'photo:upload'];
// Any officer on a case may request an alert, update it and withdraw it the moment the child is found;
// approving and renewing need a senior officer (and a different person from the requester).
const ALERT_WORK: Permission[] = [
  'alert:read',
  'alert:request',
  'alert:update',
  'alert:withdraw',
  'dispatch:read',
  'submission:read',
  'submission:triage',
];
// Recording and reading unidentified people and remains: a force its own records, the national centre all.
const UNIDENTIFIED_WORK: Permission[] = ['unidentified:read', 'unidentified:write', 'match:read'];
const ALERT_AUTHORITY: Permission[] = ['alert:approve', 'alert:renew', 'template:manage', 'reissue:manage', 'appeal:publish'];
const APPEAL_WORK: Permission[] = ['appeal:read', 'appeal:withdraw'];
// Police safeguarding: the interviews of their cases (police subset), cases another force shares with them.
const POLICE_SAFEGUARDING: Permission[] = ['interview:read', 'share:read', 'share:contribute'];
// Reading the Philomena profiles of the force's area and the repeat-missing list.
const SAFEGUARDING_READ: Permission[] = ['philomena:read', 'repeat:read'];

export const ROLE_GRANTS: Record<Role, RoleGrant> = {
  investigator: {
    label: 'Investigator',
    permissions: [
      ...CASE_WORK,
      ...ALERT_WORK,
      ...APPEAL_WORK,
      ...UNIDENTIFIED_WORK,
      ...POLICE_SAFEGUARDING,
      ...SAFEGUARDING_READ,
      'organisation:read',
      'register:search',
    ],
    caseScope: 'jurisdiction',
    secondFactorRequired: false,
  },
  approver: {
    label: 'Approver (senior officer)',
    permissions: [
      ...CASE_WORK,
      ...ALERT_WORK,
      ...ALERT_AUTHORITY,
      ...APPEAL_WORK,
      ...UNIDENTIFIED_WORK,
      ...POLICE_SAFEGUARDING,
      ...SAFEGUARDING_READ,
      'case:share',
      'case:audit',
      'disclosure:read',
      'organisation:read',
      'register:search',
      'register:merge',
    ],
    caseScope: 'jurisdiction',
    secondFactorRequired: true,
  },
  national_coordinator: {
    label: 'National coordinator',
    permissions: [
      ...CASE_WORK,
      ...ALERT_WORK,
      ...ALERT_AUTHORITY,
      ...UNIDENTIFIED_WORK,
      ...SAFEGUARDING_READ,
      'case:share',
      'case:audit',
      'organisation:read',
      'dispatch:inbox',
      'register:search',
      'register:merge',
      'match:review',
      'interview:read',
      'disclosure:read',
      ...APPEAL_WORK,
      'exchange:manage',
      'retention:read',
      'subject:access',
      'subject:erase',
    ],
    caseScope: 'national',
    secondFactorRequired: true,
  },
  // Analysts work on aggregates (the analysis domain); they see no individual child's record.
  analyst: { label: 'Analyst', permissions: ['organisation:read', 'profile:read'], caseScope: 'none', secondFactorRequired: false },
  caseworker: {
    label: 'Caseworker (local authority, care provider or charity)',
    // No whole case: the fields shared with their organisation, the return interviews it is asked for, and the
    // profiles and repeat list for the kinds of organisation `philomenaReach` and `repeatReach` allow.
    permissions: [
      'share:read',
      'share:contribute',
      'interview:read',
      'interview:write',
      'philomena:read',
      'philomena:write',
      'repeat:read',
    ],
    caseScope: 'shared',
    secondFactorRequired: false,
  },
  partner_admin: { label: 'Partner administrator', permissions: ['enrolment:manage'], caseScope: 'none', secondFactorRequired: false },
  // Administrators run accounts and check the audit trail of their area; they do not read children's records.
  administrator: {
    label: 'Administrator',
    permissions: [
      'user:manage',
      'audit:verify',
      'case:audit',
      'disclosure:read',
      'organisation:read',
      'organisation:manage',
      'enrolment:manage',
      'dispatch:inbox',
      'retention:read',
      'retention:manage',
      'subject:access',
      'subject:erase',
    ],
    caseScope: 'jurisdiction',
    secondFactorRequired: true,
  },
};

/** Which kinds of organisation may hold each role: a caseworker is never a police officer, and so on. */
export const ROLE_ORGANISATION_KINDS: Record<Role, readonly string[]> = {
  investigator: ['police_force'],
  approver: ['police_force'],
  national_coordinator: ['national_centre'],
  analyst: ['police_force', 'national_centre'],
  caseworker: ['local_authority', 'care_provider', 'charity'],
  partner_admin: ['partner_company'],
  administrator: ['police_force', 'national_centre'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_GRANTS[role].permissions.includes(permission);
}
