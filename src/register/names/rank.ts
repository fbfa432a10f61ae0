// Ranks candidate names against one query: what a search shows, best first, each with its reasons.
import { prepareName, type PreparedName } from './prepared.ts';
import { scoreNameMatch, type NameMatch } from './score.ts';

export interface RankedName<T> extends NameMatch {
  item: T;
}

/** Candidates that match at all (score at least `minimum`), best first, at most `limit` of them. */
export function rankNames<T>(
  query: string,
  candidates: Iterable<T>,
  nameOf: (item: T) => string | PreparedName,
  { limit = 10, minimum = 0.5 }: { limit?: number; minimum?: number } = {},
): RankedName<T>[] {
  const prepared = prepareName(query);
  const ranked: RankedName<T>[] = [];
  for (const item of candidates) {
    const match = scoreNameMatch(prepared, nameOf(item));
    if (match.score >= minimum) ranked.push({ item, ...match });
  }
  return ranked.sort((a, b) => b.score - a.score).slice(0, limit);
}
