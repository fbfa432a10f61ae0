// What the cases API answers, typed by its own schemas (src/cases/schemas.ts), and the fixed values and
// standard risk questions the console offers, imported from where the server keeps them.
import { RISK_QUESTIONS } from '../../../src/cases/risk.ts';

export { RISK_LEVELS, type RiskLevel } from '../../../src/cases/risk.ts';
export { OUTCOMES, SEXES } from '../../../src/cases/vocabulary.ts';
export type { CaseList as CaseListPage, CaseView, PhotoView as Photo, WithheldCaseView } from '../../../src/cases/schemas.ts';
export type { Organisation } from '../../../src/orgs/schemas.ts';
export type { LikelyDuplicate, LikelyDuplicatesAnswer, LikelyDuplicatesRequest } from '../../../src/register/schemas.ts';

/** The standard risk questions, in the order forces ask them; their wording is in the locale files. */
export const RISK_QUESTION_IDS = RISK_QUESTIONS.map((question) => question.id);

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  ip: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}
