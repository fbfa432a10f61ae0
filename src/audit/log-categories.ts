// The categories of log data protection law asks of the police (Data Protection Act 2018, section 62). A plain
// constant, so the staff console offers exactly these.
export const LOG_CATEGORIES = ['collection', 'alteration', 'consultation', 'disclosure', 'combination', 'erasure'] as const;
export type LogCategory = (typeof LOG_CATEGORIES)[number];
