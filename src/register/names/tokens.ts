// A full name as written to the words that are matched: each in lower-case ASCII, with the script and
// spelling it came in kept so that a match can say why it matched.
import anyAscii from 'any-ascii';
import { arabicToLatinVowels, greekDigraphs, hebrewToLatinVowels, indicNasals, spokenLatin } from './before-ascii.ts';
import { isSyllabicRun, scriptOf, type Script } from './script.ts';

export interface NameWord {
  /** The word as written. */
  written: string;
  /** Lower-case ASCII letters only. */
  latin: string;
  /** As latin, but with letters such as š, ş and č as the sounds they stand for: what sound keys use. */
  spoken: string;
  script: Script;
  /** Latin letters that carried accents or other marks (Siobhán, Łukasz). */
  marked: boolean;
}

// Connecting words left out when other words remain: "Hassan al-Tikriti", "Maria da Silva", "bin Ali".
// Left in: words that are also names (Ben, Le, Do, La are given or family names too).
const PARTICLES = new Set([
  'al',
  'el',
  'ul',
  'bin',
  'ibn',
  'bint',
  'binti',
  'binte',
  'de',
  'da',
  'das',
  'dos',
  'di',
  'del',
  'della',
  'der',
  'den',
  'van',
  'von',
  'y',
  'e',
]);
// Prefixes written apart or with an apostrophe that belong to the next word: "Ó Briain", "O'Brien", "Mc Donald".
const JOINED_PREFIXES = new Set(['o', 'mac', 'mc', 'nic', 'fitz']);
// Abd ("servant of") takes the next word in every spelling: Abdul Rahman, Abd al-Rahman, Abdur Rahman.
// Abdi and Abdu stand alone as names (Abdi Farah, Farah Abdi), so they are not joined.
const ABD = /^abd(?:ul|el|al|il|ol|ur|ar|er|ir)?$/;
const ABD_BODY = /^abd[aeiou]?(l(?=[^aeiou]))?/;
const SEPARATORS = /[\s,;/\\|_.\-‐‑–—()]+/u;
const APOSTROPHES = /['’ʼ`´‘]/gu;

function asciiLetters(text: string): string {
  return anyAscii(text)
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function wordsOfRun(written: string, script: Script): NameWord[] {
  // Chinese and Korean names run together, family name first: one word for it, one for the rest.
  const characters = [...written];
  const parts = characters.length < 2 ? [written] : [characters[0]!, characters.slice(1).join('')];
  return parts.map((part) => {
    const latin = asciiLetters(part);
    return { written: part, latin, spoken: latin, script, marked: false };
  });
}

const BEFORE_ASCII: Partial<Record<Script, (word: string) => string>> = {
  arabic: arabicToLatinVowels,
  hebrew: hebrewToLatinVowels,
  greek: greekDigraphs,
  indic: indicNasals,
};

function toWords(piece: string): NameWord[] {
  const script = scriptOf(piece);
  if (isSyllabicRun(script)) return wordsOfRun(piece, script);
  const bare = piece.replace(APOSTROPHES, '');
  const latin = asciiLetters(BEFORE_ASCII[script]?.(bare) ?? bare);
  const marked = script === 'latin' && anyAscii(bare) !== bare;
  const spoken = marked ? asciiLetters(spokenLatin(bare)) : latin;
  return [{ written: piece, latin, spoken, script, marked }];
}

/** "abdulrahman", "abdurrahman" and "abdirahman" all become "abdrahman"; a bare "Abdul" stays. */
export function canonicalAbd(latin: string): string {
  if (!latin.startsWith('abd')) return latin;
  const body = latin.replace(ABD_BODY, '').replace(/^(.)\1+/, '$1');
  return body.length >= 3 ? `abd${body}` : latin;
}

function merge(first: NameWord, second: NameWord): NameWord {
  return {
    written: `${first.written} ${second.written}`,
    latin: first.latin + second.latin,
    spoken: first.spoken + second.spoken,
    script: first.script,
    marked: first.marked || second.marked,
  };
}

function joinPrefixes(words: NameWord[]): NameWord[] {
  const joined: NameWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    const isAbd = ABD.test(word.latin);
    if (next && (isAbd || JOINED_PREFIXES.has(word.latin))) {
      // "Abd al-Rahman": the article between belongs to the compound too.
      const after = isAbd && PARTICLES.has(next.latin) ? words[i + 2] : undefined;
      joined.push(after ? merge(merge(word, next), after) : merge(word, next));
      i += after ? 2 : 1;
    } else joined.push(word);
  }
  return joined;
}

/** The words of a full name, transliterated, with particles left out and compounds joined. */
export function nameWords(fullName: string): NameWord[] {
  const pieces = fullName
    .normalize('NFKC')
    .split(SEPARATORS)
    .filter((piece) => piece.length > 0);
  const words = joinPrefixes(pieces.flatMap(toWords).filter((word) => word.latin.length > 0));
  const kept = words.filter((word) => !PARTICLES.has(word.latin));
  const chosen = kept.length > 0 ? kept : words;
  return chosen.map((word) => ({ ...word, latin: canonicalAbd(word.latin), spoken: canonicalAbd(word.spoken) }));
}
