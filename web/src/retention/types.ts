// What the retention API answers, typed by its own schemas (src/retention/schemas.ts).
export type { ReviewQueueView, ScheduleView } from '../../../src/retention/schemas.ts';
