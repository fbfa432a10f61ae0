// A case's free text (build, hair, eyes, marks, clothing) mapped onto the fixed words of an unidentified
// person's description (src/unidentified/vocabulary.ts), so that the two can be compared. Each mapping is
// tolerant: text it cannot read gives null, and null matches nothing and contradicts nothing.
import type { BodyLocation, Build, EyeColour, HairColour, MarkKind } from '../unidentified/vocabulary.ts';

/**
 * Remembers a function of a text. The matcher reads the same texts again and again (a record's against every
 * episode, an episode's against every new record), so each is read once; the memory is emptied when full.
 */
export function remembered<T>(read: (text: string) => T, limit = 200_000): (text: string | null) => T {
  const memory = new Map<string, T>();
  return (text) => {
    const key = text ?? '';
    let value = memory.get(key);
    if (value === undefined && !memory.has(key)) {
      if (memory.size >= limit) memory.clear();
      value = read(key);
      memory.set(key, value);
    }
    return value!;
  };
}

const plain = (text: string | null | undefined) =>
  (text ?? '').toLowerCase().replace(/[_-]/g, ' ').normalize('NFKD').replace(/\p{M}/gu, '');

// The first pattern that matches wins, so the more specific ("dark brown") come before the general ("brown").
const HAIR_PATTERNS: [RegExp, HairColour][] = [
  [/\b(dyed|bleached|pink|purple|turquoise|highlights?)\b/, 'dyed'],
  [/\b(bald|shaved|shaven|no hair)\b/, 'none'],
  [/\b(grey|gray|silver)\b/, 'grey'],
  [/\bwhite\b/, 'white'],
  [/\b(ginger|red|auburn|strawberry)\b/, 'red'],
  [/\b(light brown|mousy|mousey|dark blonde?|dirty blonde?)\b/, 'light_brown'],
  [/\b(blonde?|fair|golden)\b/, 'blonde'],
  [/\b(dark brown|brunette)\b/, 'dark_brown'],
  [/\b(black|jet)\b/, 'black'],
  [/\b(brown|chestnut)\b/, 'brown'],
];

const EYE_PATTERNS: [RegExp, EyeColour][] = [
  [/\bhazel\b/, 'hazel'],
  [/\bgreen\b/, 'green'],
  [/\bblue\b/, 'blue'],
  [/\b(grey|gray)\b/, 'grey'],
  [/\b(brown|dark)\b/, 'brown'],
];

const BUILD_PATTERNS: [RegExp, Build][] = [
  [/\b(slight|petite|small|tiny|frail)\b/, 'slight'],
  [/\b(slim|slender|thin|skinny|lean|lanky)\b/, 'slim'],
  [/\b(medium|average|normal)\b/, 'medium'],
  [/\b(stocky|sturdy|broad|athletic|solid|muscular)\b/, 'stocky'],
  [/\b(heavy|large|big|overweight|plump|chubby|fat)\b/, 'heavy'],
];

function firstMatch<T>(patterns: [RegExp, T][], text: string | null): T | null {
  const words = plain(text);
  if (words === '') return null;
  for (const [pattern, word] of patterns) if (pattern.test(words)) return word;
  return null;
}

export const hairWord = remembered((text): HairColour | null => firstMatch(HAIR_PATTERNS, text));
export const eyeWord = remembered((text): EyeColour | null => firstMatch(EYE_PATTERNS, text));
export const buildWord = remembered((text): Build | null => firstMatch(BUILD_PATTERNS, text));

const MARK_KIND_PATTERNS: [RegExp, MarkKind][] = [
  [/\btattoo/, 'tattoo'],
  [/\b(scar|burn|scarring)/, 'scar'],
  [/\bbirth ?mark|\bport wine|\bstrawberry mark/, 'birthmark'],
  [/\b(piercing|pierced|stud|ring)\b/, 'piercing'],
  [/\b(mole|freckle|mark|blemish)/, 'mark'],
];

/** Parts of the body, without side; the words a person writes for each. */
const PART_PATTERNS: [RegExp, string][] = [
  [/\b(forearm)/, 'forearm'],
  [/\bupper arm|\bbicep/, 'upper_arm'],
  [/\bwrist/, 'wrist'],
  [/\b(hand|finger|thumb|knuckle|palm)/, 'hand'],
  [/\bshoulder/, 'shoulder'],
  [/\bupper back|\bshoulder blade/, 'upper_back'],
  [/\blower back|\bsmall of (the|her|his) back/, 'lower_back'],
  [/\bback\b/, 'upper_back'],
  [/\b(face|cheek|chin|eyebrow|eye|nose|lip|forehead|jaw)/, 'face'],
  [/\bear/, 'ear'],
  [/\bneck|\bthroat|\bnape/, 'neck'],
  [/\b(head|scalp)/, 'head'],
  [/\b(chest|breast|collarbone)/, 'chest'],
  [/\b(abdomen|stomach|belly|tummy|navel|hip)/, 'abdomen'],
  [/\bgroin/, 'groin'],
  [/\b(buttock|bottom)/, 'buttocks'],
  [/\bthigh/, 'thigh'],
  [/\bknee/, 'knee'],
  [/\b(shin|calf|lower leg)/, 'lower_leg'],
  [/\bankle/, 'ankle'],
  [/\b(foot|feet|toe|heel)/, 'foot'],
  [/\barm\b/, 'arm'],
  [/\bleg\b/, 'leg'],
];

/** Parts close enough that a witness might name one for the other. */
const NEAR_PARTS: Record<string, readonly string[]> = {
  arm: ['upper_arm', 'forearm', 'wrist', 'shoulder'],
  leg: ['thigh', 'knee', 'lower_leg', 'ankle'],
  forearm: ['wrist', 'upper_arm', 'arm'],
  upper_arm: ['shoulder', 'forearm', 'arm'],
  wrist: ['forearm', 'hand', 'arm'],
  hand: ['wrist'],
  face: ['head', 'ear'],
  head: ['face', 'neck'],
  neck: ['head', 'upper_back', 'chest'],
  chest: ['abdomen', 'neck', 'shoulder'],
  abdomen: ['chest', 'groin'],
  upper_back: ['lower_back', 'shoulder', 'neck'],
  lower_back: ['upper_back', 'buttocks'],
  thigh: ['knee', 'leg', 'buttocks'],
  knee: ['thigh', 'lower_leg', 'leg'],
  lower_leg: ['knee', 'ankle', 'leg'],
  ankle: ['lower_leg', 'foot', 'leg'],
  foot: ['ankle'],
};

export interface Place {
  part: string;
  side: 'left' | 'right' | null;
}

/** A vocabulary location ("left_forearm") as part and side. */
export function placeOf(location: BodyLocation): Place {
  const match = /^(left|right)_(.+)$/.exec(location);
  return match ? { part: match[2]!, side: match[1] === 'left' ? 'left' : 'right' } : { part: location, side: null };
}

/** How close two places are, 0 to 1: the same part and side, the same part with a side unknown or swapped, or a nearby part. */
export function placeCloseness(recorded: Place, described: Place): number {
  if (recorded.part === described.part) {
    if (recorded.side === described.side) return 1;
    return described.side === null || recorded.side === null ? 0.75 : 0.4;
  }
  if ((NEAR_PARTS[described.part] ?? []).includes(recorded.part) || (NEAR_PARTS[recorded.part] ?? []).includes(described.part)) return 0.3;
  return 0;
}

export interface DescribedMark {
  kind: MarkKind | null;
  place: Place | null;
  words: Set<string>;
  text: string;
}

/** A case's free text about marks, split into one description per mark ("scar on left knee; tattoo of a rose on her right wrist"). */
export const describedMarks = remembered(readMarks);

function readMarks(text: string): DescribedMark[] {
  return plain(text)
    .split(/[;.\n]|,(?![^(]*\))|\band (?=(?:a|an|the)?\s*(?:\w+\s+)?(?:tattoo|scar|birth ?mark|mole|piercing))/)
    .map((clause) => clause.trim())
    .filter((clause) => clause.length > 0)
    .map((clause): DescribedMark => {
      const kind = MARK_KIND_PATTERNS.find(([pattern]) => pattern.test(clause))?.[1] ?? null;
      const part = PART_PATTERNS.find(([pattern]) => pattern.test(clause))?.[1];
      const side: Place['side'] = /\bleft\b/.test(clause) ? 'left' : /\bright\b/.test(clause) ? 'right' : null;
      return { kind, place: part ? { part, side } : null, words: contentWords(clause), text: clause };
    })
    .filter((mark) => mark.kind !== null || mark.place !== null);
}

// Words that say nothing of what a thing looks like: left out of the comparison of descriptions.
const STOP_WORDS = new Set(
  (
    'the a an and or of on in at to with her his their its has had have was were is are small large big little ' +
    'left right side upper lower top bottom near above below about around approx cm mm inch inches shaped ' +
    'wearing wore carrying carried pair some one two three old new worn possibly maybe probably very light dark ' +
    'tattoo scar birthmark birth mark mole piercing pierced'
  ).split(' '),
);

/** The words of a description worth comparing, lower case, plural "s" dropped, stop words and numbers left out. */
export const contentWords = remembered(readWords);

/**
 * The same for the episodes' circumstances, in a memory of their own: with 100,000 open episodes, their
 * circumstances beside their clothing and marks outgrow one memory, which then empties for nearly every new
 * record and reads every text again.
 */
export const circumstanceWords = remembered(readWords);

function readWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const word of plain(text).split(/[^\p{L}]+/u)) {
    if (word.length < 3 || STOP_WORDS.has(word)) continue;
    words.add(word.length > 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);
  }
  return words;
}

/** The words two descriptions share, sorted. */
export function sharedWords(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((word) => b.has(word)).sort();
}
