// Which writing system a word came in, so a match across systems can be named as such.

export type Script = 'latin' | 'arabic' | 'cyrillic' | 'greek' | 'han' | 'hangul' | 'kana' | 'hebrew' | 'indic' | 'other';

const SCRIPT_TESTS: ReadonlyArray<readonly [Script, RegExp]> = [
  ['arabic', /\p{Script=Arabic}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['greek', /\p{Script=Greek}/u],
  ['han', /\p{Script=Han}/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  [
    'indic',
    /[\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}]/u,
  ],
  ['latin', /\p{Script=Latin}/u],
];

/** The first script found in a word (names are rarely mixed within one word). */
export function scriptOf(word: string): Script {
  for (const [script, test] of SCRIPT_TESTS) if (test.test(word)) return script;
  return 'other';
}

/**
 * Scripts whose Latin form often lacks vowels a Latin spelling has (Arabic and Hebrew leave short vowels
 * out; any-ascii drops the inherent vowel of Indian scripts), so their consonant skeletons are compared.
 */
export function omitsVowels(script: Script): boolean {
  return script === 'arabic' || script === 'hebrew' || script === 'indic';
}

/** Scripts whose names run together without spaces, family name first. */
export function isSyllabicRun(script: Script): boolean {
  return script === 'han' || script === 'hangul';
}
