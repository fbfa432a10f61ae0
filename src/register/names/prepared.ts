// A name made ready for matching: every key computed once, so scoring many candidates is cheap.
import { groupsOf, isListedSpelling, type GroupMembership } from './groups/index.ts';
import { consonantSkeleton, metaphoneCodes, soundKey } from './sound.ts';
import { nameWords, type NameWord } from './tokens.ts';

export interface PreparedWord extends NameWord {
  sound: string;
  skeleton: string;
  metaphone: string[];
  groups: readonly GroupMembership[];
  /** Spelt as in the curated lists, not only sounding like a listed form. */
  listed: boolean;
}

export interface PreparedName {
  written: string;
  words: PreparedWord[];
}

export function prepareWord(word: NameWord): PreparedWord {
  const sound = soundKey(word.spoken);
  return {
    ...word,
    sound,
    skeleton: consonantSkeleton(sound),
    metaphone: metaphoneCodes(word.latin),
    groups: groupsOf(sound),
    listed: isListedSpelling(word.latin),
  };
}

/** Splits, transliterates and keys a full name as written in any script. */
export function prepareName(fullName: string): PreparedName {
  return { written: fullName, words: nameWords(fullName).map(prepareWord) };
}
