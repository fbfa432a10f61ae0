// What problem profiles answer, typed by their own schemas (src/profiles/schemas.ts), and the codes they use.
export type { AlertFiguresAnswer, ProfileAnswer, ReachFiguresAnswer, TrendAnswer } from '../../../src/profiles/schemas.ts';
export {
  AGE_BANDS,
  DIMENSIONS,
  INTERVIEW_CODES,
  OUTCOME_CODES,
  SEX_CODES,
  YES_NO_UNKNOWN,
  type Dimension,
} from '../../../src/profiles/codes.ts';
