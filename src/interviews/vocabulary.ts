// The coded answers of a return home interview. Plain constants, so the staff console offers exactly these.
// Codes (not free text) are what the police view, the next episode's risk assessment and counts can use.
export const INTERVIEW_STATUSES = ['requested', 'offered', 'accepted', 'declined', 'completed'] as const;
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];

/** Until one of these, an interview past its due time is overdue. */
export const OPEN_STATUSES: readonly InterviewStatus[] = ['requested', 'offered', 'accepted'];

export const PUSH_FACTORS = [
  'conflict_at_home',
  'placement_breakdown',
  'abuse_or_neglect',
  'bullying',
  'school_problems',
  'mental_health',
  'bereavement',
  'other',
] as const;

export const PULL_FACTORS = ['friends', 'partner', 'family', 'older_associates', 'drugs_or_alcohol', 'money_or_gifts', 'other'] as const;

export const EXPLOITATION_SIGNS = ['criminal', 'county_lines', 'sexual', 'trafficking', 'online', 'radicalisation'] as const;
export type ExploitationSign = (typeof EXPLOITATION_SIGNS)[number];

export const REFERRALS = [
  'childrens_social_care',
  'police',
  'health',
  'mental_health_services',
  'youth_justice',
  'substance_misuse_service',
  'education',
  'national_referral_mechanism',
  'other',
] as const;

/** The law's (statutory guidance's) time for the interview after a child returns: 72 hours. */
export const INTERVIEW_DUE_HOURS = 72;
