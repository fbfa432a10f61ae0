// A query name against a candidate name: each query word paired with the candidate word it matches
// best, the pairing scored, and every pairing explained in words an officer can check.
import { prepareName, type PreparedName, type PreparedWord } from './prepared.ts';
import { matchWords, type MatchKind, type WordMatch } from './word-match.ts';

export type ReasonKind = MatchKind | 'swapped';

export interface MatchReason {
  kind: ReasonKind;
  /** The query's word and the candidate's word (both empty for "swapped"). */
  query: string;
  candidate: string;
  /** For equivalents and diminutives: the name they are forms of; for a diminutive, which side is one. */
  headword?: string;
  diminutiveSide?: WordMatch['diminutiveSide'];
  text: string;
}

export interface NameMatch {
  /** In [0, 1]: 1 is the same name written the same way. */
  score: number;
  reasons: MatchReason[];
}

interface Pairing {
  queryIndex: number;
  candidateIndex: number;
  match: WordMatch;
}

// Each candidate word the query does not account for (a middle name, a second family name) costs this.
const UNMATCHED_CANDIDATE_WORD = 0.8;
const SWAPPED = 0.97;

type WordMatcher = (queryIndex: number, candidateWord: PreparedWord) => WordMatch | undefined;

function pairWords(query: PreparedName, candidate: PreparedName, matchAt: WordMatcher): Pairing[] {
  const all: Pairing[] = [];
  for (let queryIndex = 0; queryIndex < query.words.length; queryIndex++) {
    candidate.words.forEach((candidateWord, candidateIndex) => {
      const match = matchAt(queryIndex, candidateWord);
      if (match) all.push({ queryIndex, candidateIndex, match });
    });
  }
  // Greedy on the strongest first: names have few words, and the best pair is almost always right.
  all.sort(
    (a, b) => b.match.score - a.match.score || Math.abs(a.queryIndex - a.candidateIndex) - Math.abs(b.queryIndex - b.candidateIndex),
  );
  const usedQuery = new Set<number>();
  const usedCandidate = new Set<number>();
  const chosen: Pairing[] = [];
  for (const pairing of all) {
    if (usedQuery.has(pairing.queryIndex) || usedCandidate.has(pairing.candidateIndex)) continue;
    usedQuery.add(pairing.queryIndex);
    usedCandidate.add(pairing.candidateIndex);
    chosen.push(pairing);
  }
  return chosen.sort((a, b) => a.queryIndex - b.queryIndex);
}

function isSwapped(pairings: readonly Pairing[]): boolean {
  for (let i = 1; i < pairings.length; i++) if (pairings[i]!.candidateIndex < pairings[i - 1]!.candidateIndex) return true;
  return false;
}

function describe(match: WordMatch, query: PreparedWord, candidate: PreparedWord): string {
  const q = `“${query.written}”`;
  const c = `“${candidate.written}”`;
  switch (match.kind) {
    case 'exact':
      return `${q} is the same name`;
    case 'accents':
      return `${q} and ${c} are the same name with and without accents`;
    case 'script':
      return `${q} and ${c} are the same name in another script`;
    case 'spelling':
      return `${q} and ${c} are the same name written differently`;
    case 'equivalent':
      return `${q} and ${c} are forms of the same name, ${match.group?.headword ?? ''}`;
    case 'diminutive':
      return describeDiminutive(match, q, c);
    case 'phonetic':
      return `${q} sounds like ${c}`;
    case 'typo':
      return `${q} looks like a misspelling of ${c}`;
    case 'similar':
      return `${q} is spelt much like ${c}`;
  }
}

function describeDiminutive(match: WordMatch, q: string, c: string): string {
  const headword = match.group?.headword ?? '';
  if (match.diminutiveSide === 'query') return `${q} is a diminutive of ${c} (${headword})`;
  if (match.diminutiveSide === 'candidate') return `${c} is a diminutive of ${q} (${headword})`;
  return `${q} and ${c} are both diminutives of ${headword}`;
}

const prepared = (name: string | PreparedName): PreparedName => (typeof name === 'string' ? prepareName(name) : name);

/** Scores a candidate name against a query name, each written in any script; strings or prepared names. */
export function scoreNameMatch(query: string | PreparedName, candidate: string | PreparedName): NameMatch {
  const q = prepared(query);
  const c = prepared(candidate);
  return explain(
    q,
    c,
    pairWords(q, c, (queryIndex, candidateWord) => matchWords(q.words[queryIndex]!, candidateWord)),
  );
}

export interface NameMatcher {
  /** The score alone: what ranking many candidates needs. */
  score(candidate: string | PreparedName): number;
  /** The score with its reasons, for the candidates that are shown. */
  match(candidate: string | PreparedName): NameMatch;
}

/**
 * scoreNameMatch for one query against many candidates. The same words recur across a register (many
 * children are called Mohammed or Smith), so each query word's match with each distinct candidate word is
 * worked out once.
 */
export function nameMatcher(query: string | PreparedName): NameMatcher {
  const q = prepared(query);
  const known = q.words.map(() => new Map<string, WordMatch | null>());
  const matchAt: WordMatcher = (queryIndex, candidateWord) => {
    const memo = known[queryIndex]!;
    let match = memo.get(candidateWord.written);
    if (match === undefined) {
      match = matchWords(q.words[queryIndex]!, candidateWord) ?? null;
      memo.set(candidateWord.written, match);
    }
    return match ?? undefined;
  };
  return {
    score: (candidate) => {
      const c = prepared(candidate);
      return scorePairings(q, c, pairWords(q, c, matchAt));
    },
    match: (candidate) => {
      const c = prepared(candidate);
      return explain(q, c, pairWords(q, c, matchAt));
    },
  };
}

function scorePairings(q: PreparedName, c: PreparedName, pairings: readonly Pairing[]): number {
  if (pairings.length === 0) return 0;
  let total = 0;
  for (const pairing of pairings) total += pairing.match.score;
  const score = (total / q.words.length) * UNMATCHED_CANDIDATE_WORD ** (c.words.length - pairings.length);
  return isSwapped(pairings) ? score * SWAPPED : score;
}

function explain(q: PreparedName, c: PreparedName, pairings: readonly Pairing[]): NameMatch {
  const reasons: MatchReason[] = pairings.map(({ queryIndex, candidateIndex, match }) => {
    const queryWord = q.words[queryIndex]!;
    const candidateWord = c.words[candidateIndex]!;
    return {
      kind: match.kind,
      query: queryWord.written,
      candidate: candidateWord.written,
      ...(match.group ? { headword: match.group.headword } : {}),
      ...(match.kind === 'diminutive' ? { diminutiveSide: match.diminutiveSide } : {}),
      text: describe(match, queryWord, candidateWord),
    };
  });
  if (isSwapped(pairings))
    reasons.push({ kind: 'swapped', query: '', candidate: '', text: 'given and family names are in the other order' });
  return { score: scorePairings(q, c, pairings), reasons };
}
