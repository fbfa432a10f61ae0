// What the retention and subject access API takes and answers, typed by its own schemas (src/retention/schemas.ts).
export type {
  ErasureGround,
  ErasureRequest,
  ErasureResult,
  KeepGround,
  PersonKind,
  PersonQuery,
  ReviewDecision,
  ReviewQueueView,
  ScheduleView,
  SubjectExport,
} from '../../../src/retention/schemas.ts';
export { ERASURE_GROUNDS, KEEP_GROUNDS, PERSON_KINDS } from '../../../src/retention/schemas.ts';
