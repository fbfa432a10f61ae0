// A reason a child matched: a code with its values for consoles to word in their reader's language, and the
// English sentence the API has always given, for the clients that read it.
import type { MatchReason } from './names/score.ts';
import type { Reason, ReasonCode } from './schemas.ts';

export type ExplainedReason = Reason & { text: string };

export function explained(code: ReasonCode, params: Reason['params'], text: string): ExplainedReason {
  return { code, params, text };
}

/** A word of the name, or the names' order, as a code. */
export function nameReason(reason: MatchReason): ExplainedReason {
  if (reason.kind === 'swapped') return explained('names-swapped', {}, reason.text);
  const params: Reason['params'] = { query: reason.query, candidate: reason.candidate };
  if (reason.headword) params.headword = reason.headword;
  const code: ReasonCode = reason.kind === 'diminutive' ? `name-diminutive-${reason.diminutiveSide ?? 'both'}` : `name-${reason.kind}`;
  return explained(code, params, reason.text);
}
