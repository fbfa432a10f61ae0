// Keys that stay the same however a name is spelt or transliterated: a sound key (letters that sound
// alike merged, as the romanisations of Cyrillic, Arabic, Polish and Turkish differ), a consonant
// skeleton (what an Arabic or Hebrew spelling can be compared on), and Double Metaphone codes.
import { doubleMetaphone } from 'double-metaphone';

// Applied in order to lower-case ASCII. Upper-case letters stand for sounds with no single Latin letter.
const SOUND_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/ch(?=r)/g, 'k'],
  [/tsch|tch/g, 'C'],
  [/shch|sch|sh|sz/g, 'S'],
  [/ch|cz/g, 'C'],
  [/dzh|zh|dj|rz/g, 'J'],
  [/kh/g, 'h'],
  [/gh/g, 'g'],
  [/ph/g, 'f'],
  [/th/g, 't'],
  [/dh/g, 'd'],
  [/ck/g, 'k'],
  [/c(?=[eiy])/g, 's'],
  [/c/g, 'k'],
  [/q/g, 'k'],
  [/x/g, 'ks'],
  [/w/g, 'v'],
  [/z/g, 's'],
  [/j/g, 'y'],
  [/y/g, 'i'],
  [/ou|oo/g, 'u'],
  [/ee/g, 'i'],
  [/ei|ai|ae/g, 'ai'],
  [/([aeiou])h(?![aeiou])/g, '$1'],
  [/h$/g, ''],
  [/(.)\1+/g, '$1'],
];

/** Letters that sound alike merged: Sophia, Sofiya and Zofia all give "sofia". */
export function soundKey(latin: string): string {
  let key = latin;
  for (const [pattern, replacement] of SOUND_RULES) key = key.replace(pattern, replacement);
  return key;
}

const VOWELS = /[aeiou]/g;

/** The consonants of a sound key, with one mark for a leading vowel: Mansur and منصور both give "mnsr". */
export function consonantSkeleton(sound: string): string {
  if (sound.length === 0) return '';
  const first = 'aeiou'.includes(sound[0]!) ? 'a' : sound[0]!;
  return (first + sound.slice(1).replace(VOWELS, '')).replace(/(.)\1+/g, '$1');
}

/** Double Metaphone's primary and alternative codes, without repeats. */
export function metaphoneCodes(latin: string): string[] {
  if (latin.length === 0) return [];
  const [primary, secondary] = doubleMetaphone(latin);
  return primary === secondary ? [primary] : [primary, secondary];
}
