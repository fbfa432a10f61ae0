// What the matching API answers and takes, typed by its own schemas (src/matching/schemas.ts).
export type {
  CandidateList,
  CandidateView,
  ConfirmRequest,
  DecisionAnswer,
  DismissRequest,
  ReferRequest,
} from '../../../src/matching/schemas.ts';
export { CANDIDATE_STATUSES, FEATURE_NAMES, REFERRAL_KINDS } from '../../../src/matching/schemas.ts';
export type { CaseView } from '../../../src/cases/schemas.ts';
export type { UnidentifiedView } from '../../../src/unidentified/schemas.ts';
