// Spellings fixed before general transliteration (any-ascii), script by script.
//
// Arabic-script words (Arabic, Urdu, Persian, Kurdish Sorani, Pashto) to Latin letters before general
// transliteration. Short vowels are not written, so long-vowel letters become vowels and the result is
// compared as a consonant skeleton (see sound.ts); this only has to agree with how Latin spellings reduce.

const MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/gu;
const ARTICLE = /^ال(?=.{2,})/u;

const LETTERS: Readonly<Record<string, string>> = {
  ا: 'a',
  أ: 'a',
  آ: 'a',
  ٱ: 'a',
  إ: 'i',
  ى: 'a',
  ة: 'a',
  ۀ: 'a',
  ع: 'a',
  ء: '',
  ئ: 'i',
  ؤ: 'u',
  ۆ: 'o',
  ە: 'a',
  ێ: 'e',
  ۇ: 'u',
  ې: 'e',
};

function mapLetter(letter: string, index: number, word: readonly string[]): string {
  const initial = index === 0;
  const final = index === word.length - 1;
  if (letter === 'و') return initial ? 'w' : 'u';
  if (letter === 'ي' || letter === 'ی' || letter === 'ے') return initial ? 'y' : 'i';
  if ((letter === 'ه' || letter === 'ھ' || letter === 'ہ') && final && index > 0) return 'a';
  return LETTERS[letter] ?? letter;
}

/** An Arabic-script word with its vowel letters made Latin; other letters are left for any-ascii. */
export function arabicToLatinVowels(word: string): string {
  const bare = word.normalize('NFKC').replace(MARKS, '');
  const withoutArticle = bare === 'الله' ? bare : bare.replace(ARTICLE, '');
  const letters = [...withoutArticle];
  return letters.map((letter, index) => mapLetter(letter, index, letters)).join('');
}

// Hebrew is written like Arabic: vav and yod inside a word are usually vowels. Kaf is written "q" so that
// before he it is not read as the digraph "kh" (כהן is Cohen); sound keys make it "k" again.
const HEBREW_LETTERS: Readonly<Record<string, string>> = { כ: 'q', ך: 'kh', א: 'a', ע: '' };

/** A Hebrew word with its vowel letters and initial kaf made Latin; the rest is left for any-ascii. */
export function hebrewToLatinVowels(word: string): string {
  const letters = [...word.normalize('NFC').replace(/[\u0591-\u05C7]/gu, '')];
  return letters
    .map((letter, index) => {
      if (letter === 'ו') return index === 0 ? 'v' : 'o';
      if (letter === 'י') return index === 0 ? 'y' : 'i';
      return HEBREW_LETTERS[letter] ?? letter;
    })
    .join('');
}

// Modern Greek digraphs any-ascii spells letter by letter (Παπαδόπουλος would become "Papadopoylos").
const GREEK_DIGRAPHS: ReadonlyArray<readonly [RegExp, string]> = [
  [/ου/giu, 'ou'],
  [/ού/giu, 'ou'],
  [/αυ/giu, 'av'],
  [/ευ/giu, 'ev'],
  [/γγ/giu, 'ng'],
  [/γκ/giu, 'g'],
  [/μπ/giu, 'b'],
];

export function greekDigraphs(word: string): string {
  let latin = word;
  for (const [pattern, replacement] of GREEK_DIGRAPHS) latin = latin.replace(pattern, replacement);
  return latin;
}

// The nasal marks of Indian scripts are an "n" before the next consonant (ਸਿੰਘ is "Singh").
export function indicNasals(word: string): string {
  return word.replace(/[\u0A70\u0A02\u0902\u0982\u0A82]/gu, 'n');
}

// Letters with a háček, cedilla or acute that stand for "sh", "ch" or "zh": how the name sounds, not how it
// is spelt, so Ševčenko sounds like Shevchenko and Ayşe like Aysha.
const SPOKEN_LATIN: Readonly<Record<string, string>> = {
  š: 'sh',
  Š: 'sh',
  ş: 'sh',
  Ş: 'sh',
  ș: 'sh',
  Ș: 'sh',
  ś: 'sh',
  Ś: 'sh',
  č: 'ch',
  Č: 'ch',
  ç: 'ch',
  Ç: 'ch',
  ć: 'ch',
  Ć: 'ch',
  ž: 'zh',
  Ž: 'zh',
  ż: 'zh',
  Ż: 'zh',
  ź: 'zh',
  Ź: 'zh',
  ț: 'ts',
  Ț: 'ts',
  ţ: 'ts',
  Ţ: 'ts',
  // ISO 9 for Cyrillic: Ûrij is Yuriy, Ŝ is Shch.
  û: 'yu',
  Û: 'yu',
  ŝ: 'shch',
  Ŝ: 'shch',
};

export function spokenLatin(word: string): string {
  return word.replace(/[šŠşŞșȘśŚčČçÇćĆžŽżŻźŹțȚţŢûÛŝŜ]/gu, (letter) => SPOKEN_LATIN[letter] ?? letter);
}
