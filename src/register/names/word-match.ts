// How well one word of a query matches one word of a candidate, and why: the first rule that holds wins,
// from the strongest evidence (same letters) to the weakest (spelt much alike).
import { editDistance, jaroWinkler } from './distance.ts';
import type { GroupMembership } from './groups/index.ts';
import type { PreparedWord } from './prepared.ts';
import { omitsVowels } from './script.ts';

export type MatchKind = 'exact' | 'accents' | 'script' | 'spelling' | 'equivalent' | 'diminutive' | 'phonetic' | 'typo' | 'similar';

export interface WordMatch {
  kind: MatchKind;
  score: number;
  /** The equivalence group that made the match, if one did. */
  group?: GroupMembership;
  /** Of the two words, the one that is the diminutive, for "diminutive of" wording. */
  diminutiveSide?: 'query' | 'candidate' | 'both';
}

type Rule = (query: PreparedWord, candidate: PreparedWord) => WordMatch | undefined;

const otherScript = (query: PreparedWord, candidate: PreparedWord): boolean => query.script !== candidate.script;

function sameLetters(query: PreparedWord, candidate: PreparedWord): WordMatch | undefined {
  if (query.latin !== candidate.latin) return undefined;
  if (otherScript(query, candidate)) return { kind: 'script', score: 0.97 };
  if (query.written === candidate.written) return { kind: 'exact', score: 1 };
  if (query.written.toLowerCase() === candidate.written.toLowerCase()) return { kind: 'exact', score: 1 };
  if (query.marked || candidate.marked) return { kind: 'accents', score: 0.98 };
  return { kind: 'spelling', score: 0.96 };
}

function sharedGroup(query: PreparedWord, candidate: PreparedWord): WordMatch | undefined {
  if (query.groups.length === 0 || candidate.groups.length === 0) return undefined;
  // An unlisted spelling found in a group by its sound is a sound-alike (or a slip), not another form.
  if (!(query.listed && candidate.listed) && (query.sound === candidate.sound || editDistance(query.latin, candidate.latin, 1) <= 1))
    return undefined;
  let best: WordMatch | undefined;
  for (const mine of query.groups) {
    const theirs = candidate.groups.find((group) => group.id === mine.id);
    if (!theirs) continue;
    const diminutives = Number(mine.diminutive) + Number(theirs.diminutive);
    const match: WordMatch =
      diminutives === 0
        ? { kind: otherScript(query, candidate) ? 'script' : 'equivalent', score: 0.92, group: mine }
        : {
            kind: 'diminutive',
            score: diminutives === 1 ? 0.88 : 0.84,
            group: mine,
            diminutiveSide: mine.diminutive ? (theirs.diminutive ? 'both' : 'query') : 'candidate',
          };
    if (!best || match.score > best.score) best = match;
  }
  return best;
}

function slipOfTheKeys(query: PreparedWord, candidate: PreparedWord): WordMatch | undefined {
  // Transliterations and accented letters differ by a letter for other reasons than a slip.
  if ((query.listed && candidate.listed) || otherScript(query, candidate) || query.marked || candidate.marked) return undefined;
  if (Math.min(query.latin.length, candidate.latin.length) < 4) return undefined;
  return editDistance(query.latin, candidate.latin, 1) === 1 ? { kind: 'typo', score: 0.85 } : undefined;
}

function sameSound(query: PreparedWord, candidate: PreparedWord): WordMatch | undefined {
  if (query.sound !== candidate.sound) return undefined;
  return { kind: otherScript(query, candidate) ? 'script' : 'phonetic', score: 0.9 };
}

function sameSkeleton(query: PreparedWord, candidate: PreparedWord): WordMatch | undefined {
  // Arabic and Hebrew spellings leave short vowels out, so only their consonants can be compared.
  const abjad = omitsVowels(query.script) || omitsVowels(candidate.script);
  if (query.skeleton !== candidate.skeleton || query.skeleton.length < (abjad ? 2 : 3)) return undefined;
  const likeness = jaroWinkler(query.sound, candidate.sound);
  if (!abjad && likeness < 0.75) return undefined;
  return { kind: otherScript(query, candidate) ? 'script' : 'phonetic', score: 0.72 + 0.12 * likeness };
}

function typingSlip(query: PreparedWord, candidate: PreparedWord): WordMatch | undefined {
  const shorter = Math.min(query.latin.length, candidate.latin.length);
  if (shorter < 4) return undefined;
  const distance = editDistance(query.latin, candidate.latin, 2);
  const kind = otherScript(query, candidate) ? 'script' : 'typo';
  if (distance === 1) return { kind, score: 0.82 };
  if (distance === 2 && shorter >= 7) return { kind, score: 0.74 };
  if (editDistance(query.sound, candidate.sound, 1) === 1) return { kind: 'phonetic', score: 0.74 };
  return undefined;
}

function soundsAlike(query: PreparedWord, candidate: PreparedWord): WordMatch | undefined {
  if (!query.metaphone.some((code) => code.length >= 2 && candidate.metaphone.includes(code))) return undefined;
  const likeness = jaroWinkler(query.latin, candidate.latin);
  return likeness >= 0.7 ? { kind: 'phonetic', score: 0.5 + 0.2 * likeness } : undefined;
}

function spelledAlike(query: PreparedWord, candidate: PreparedWord): WordMatch | undefined {
  // Only words that start alike and are of like length: others differ in sound and the keys above judge them.
  if (query.latin[0] !== candidate.latin[0] || Math.abs(query.latin.length - candidate.latin.length) > 3) return undefined;
  const likeness = jaroWinkler(query.latin, candidate.latin);
  return likeness >= 0.85 && Math.min(query.latin.length, candidate.latin.length) >= 4
    ? { kind: 'similar', score: 0.65 * likeness }
    : undefined;
}

const RULES: readonly Rule[] = [sameLetters, sharedGroup, slipOfTheKeys, sameSound, sameSkeleton, typingSlip, soundsAlike, spelledAlike];

/** The strongest reason the two words are one name, or undefined if they are not. */
export function matchWords(query: PreparedWord, candidate: PreparedWord): WordMatch | undefined {
  for (const rule of RULES) {
    const match = rule(query, candidate);
    if (match) return match;
  }
  return undefined;
}
