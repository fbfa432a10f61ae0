// Ranks candidate names against one query: what a search shows, best first, each with its reasons.
import type { PreparedName } from './prepared.ts';
import { nameMatcher, type NameMatch } from './score.ts';

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
  const matcher = nameMatcher(query);
  const scored: { item: T; name: string | PreparedName; score: number }[] = [];
  for (const item of candidates) {
    const name = nameOf(item);
    const score = matcher.score(name);
    if (score >= minimum) scored.push({ item, name, score });
  }
  // Reasons are worded only for the candidates that are shown.
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ item, name }) => ({ item, ...matcher.match(name) }));
}
