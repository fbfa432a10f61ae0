// What a share may disclose, in groups of fields, and the templates for common purposes. Plain constants, so
// the staff console offers exactly these. The server shows a receiving agency only the groups its share names.
export const SHARE_FIELDS = [
  // Names, aliases, date of birth or age, sex.
  'identity',
  // Height, build, hair, eyes, marks, languages.
  'description',
  // When and where the child was last seen.
  'lastSeen',
  // Circumstances, clothing, vehicle, suspect.
  'circumstances',
  // The risk level and the answers to the standard questions.
  'risk',
  // The child's other episodes (dates and outcomes).
  'episodes',
  // How the episode ended.
  'outcome',
  // The police's view of the return home interview (no disclosures).
  'returnInterview',
] as const;
export type ShareField = (typeof SHARE_FIELDS)[number];

export const SHARE_PURPOSES = ['return_interview', 'strategy_meeting', 'charity_support', 'other'] as const;
export type SharePurpose = (typeof SHARE_PURPOSES)[number];

/** The fields and the length of a share for each common purpose; "other" names its fields itself. */
export const SHARE_TEMPLATES: Record<SharePurpose, { fields: readonly ShareField[]; days: number }> = {
  // The local authority needs who the child is, what happened and the risk, to talk to them within 72 hours.
  return_interview: { fields: ['identity', 'lastSeen', 'circumstances', 'risk', 'episodes', 'outcome'], days: 14 },
  // A strategy meeting under section 47 weighs everything known.
  strategy_meeting: { fields: SHARE_FIELDS, days: 30 },
  // A charity supporting the child needs to know who they are and how often they go missing, not the investigation.
  charity_support: { fields: ['identity', 'episodes', 'outcome'], days: 90 },
  other: { fields: [], days: 30 },
};

/** What a share of a Philomena profile may disclose, in groups of fields. */
export const PROFILE_SHARE_FIELDS = [
  // Names, date of birth, sex.
  'identity',
  // Height, build, hair, eyes, marks, languages and the writer's description.
  'description',
  // The recent photos.
  'photos',
  // Associates, places frequented, phone numbers and online accounts.
  'contacts',
  // Medical needs and medication.
  'medical',
  // The placement and the carers' contacts.
  'placement',
  // Previous episodes, as the writer records them.
  'history',
  // The risk factors the writer knows.
  'risk',
] as const;
export type ProfileShareField = (typeof PROFILE_SHARE_FIELDS)[number];

/** The fields and the length of a profile's share for each common purpose, as for a case's. */
export const PROFILE_SHARE_TEMPLATES: Record<SharePurpose, { fields: readonly ProfileShareField[]; days: number }> = {
  return_interview: { fields: ['identity', 'description', 'photos', 'contacts', 'history', 'risk'], days: 14 },
  strategy_meeting: { fields: PROFILE_SHARE_FIELDS, days: 30 },
  charity_support: { fields: ['identity', 'photos', 'history'], days: 90 },
  other: { fields: [], days: 30 },
};

/** The longest a share may run before it must be made again. */
export const MAX_SHARE_DAYS = 365;

export const CONTRIBUTION_CATEGORIES = ['whereabouts', 'associates', 'risk', 'support', 'other'] as const;
export type ContributionCategory = (typeof CONTRIBUTION_CATEGORIES)[number];
