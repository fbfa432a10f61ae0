// The dimensions of a problem profile and the codes each takes. Plain constants: the console imports this file.
export const DIMENSIONS = [
  'force',
  'local_authority',
  'age_band',
  'sex',
  'in_care',
  'risk',
  'hour',
  'weekday',
  'month',
  'duration',
  'outcome',
  'repeat',
  'exploitation',
  'return_interview',
  'cell',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const AGE_BANDS = ['0-5', '6-11', '12-14', '15-17', 'unknown'] as const;
export const DURATION_BANDS = ['under_6_hours', '6_to_24_hours', '1_to_2_days', '2_to_7_days', 'over_7_days', 'not_found_yet'] as const;
export const YES_NO_UNKNOWN = ['yes', 'no', 'unknown'] as const;
export const RISK_CODES = ['high', 'medium', 'low', 'no_apparent', 'not_graded'] as const;
export const OUTCOME_CODES = [
  'found_safe',
  'returned_of_own_accord',
  'located_elsewhere',
  'found_harmed',
  'found_dead',
  'other',
  'not_found_yet',
] as const;
export const SEX_CODES = ['female', 'male', 'other', 'unknown'] as const;
// A return home interview held, declined by the child, still open past its 72 hours, open in time, or never asked
// (the episode is open, the child died, or no local authority covers the area).
export const INTERVIEW_CODES = ['done', 'declined', 'overdue', 'in_time', 'not_asked'] as const;
