// Limits of what a partner may enrol: plain numbers, so the enrolment schemas (and the console that reads
// their types) need none of the checking code behind them.
export const MAX_EXTERNAL_REF_LENGTH = 100;
export const MAX_LABEL_LENGTH = 200;
export const MAX_WEBHOOK_URL_LENGTH = 2048;
export const MAX_JURISDICTION_CODES = 50;
/** Past this many, more errors only bury the first ones; `rejected` still counts every bad row. */
export const MAX_REPORTED_ERRORS = 1000;
