// The score of a pair that passed the hard limits: points per feature, each contribution kept with the two
// values compared, so a reviewer sees why a pair ranks where it does. Pure: no database, no clock.
//
// Points (a perfect pair scores about 100): age up to 8, the nearer the middle of the range estimated the more;
// height (allowing for growth since last seen) 6, 0.6 less per centimetre off, down to -8; build 4 (-4);
// hair and eyes 4.6 to 8.6 for the same colour, the rarer the more (hair -3 when different: it is dyed and
// cut; eyes -6: they rarely change); marks and tattoos, by kind, place on the
// body and words, up to 25; clothing up to 10 (a colour and garment together count most); belongings up to 6;
// distance from last seen to found up to 8; for a living child, a short time between up to 15. A feature missing
// on either side scores nothing either way: remains lose hair, clothing and marks, and cases are recorded in haste.
import { createHash } from 'node:crypto';
import type { CaseFeatures } from '../cases/match-store.ts';
import type { UnidentifiedFeatures } from '../unidentified/store.ts';
import { BUILDS, type EyeColour, type HairColour } from '../unidentified/vocabulary.ts';
import {
  buildWord,
  circumstanceWords,
  contentWords,
  describedMarks,
  eyeWord,
  hairWord,
  placeCloseness,
  placeOf,
  remembered,
  sharedWords,
  type DescribedMark,
} from './words.ts';

/** Years an estimated age may be wrong beyond its range, in the hard limits and the age score. */
export const AGE_SLACK_YEARS = 1;
const YEAR_MS = 365.2425 * 24 * 3600 * 1000;

export type FeatureName = 'age' | 'height' | 'build' | 'hair' | 'eyes' | 'marks' | 'clothing' | 'belongings' | 'distance' | 'interval';

export interface FeatureScore {
  feature: FeatureName;
  contribution: number;
  /** The values compared, as words or numbers a reviewer reads (null when that side has none). */
  case: string | null;
  unidentified: string | null;
  /** For marks: which recorded mark matched which described one, for the fingerprint. */
  matched?: string[];
}

export interface PairScore {
  score: number;
  features: FeatureScore[];
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The window of birth dates a child's record allows: a date of birth, or the year before the age estimated when last seen. */
export function caseBirthWindow(episode: Pick<CaseFeatures, 'dateOfBirth' | 'estimatedAge' | 'lastSeenAt'>): { after: Date; by: Date } {
  if (episode.dateOfBirth) {
    const born = new Date(`${episode.dateOfBirth}T00:00:00Z`);
    return { after: new Date(born.getTime() - 24 * 3600 * 1000), by: born };
  }
  const age = episode.estimatedAge ?? 0;
  return { after: yearsBefore(episode.lastSeenAt, age + 1), by: yearsBefore(episode.lastSeenAt, age) };
}

/** The window of birth dates an age range estimated when found allows, widened by the slack. */
export function recordBirthWindow(record: Pick<UnidentifiedFeatures, 'ageMin' | 'ageMax' | 'foundAt'>): { after: Date; by: Date } {
  return {
    after: yearsBefore(record.foundAt, (record.ageMax ?? 120) + 1 + AGE_SLACK_YEARS),
    by: yearsBefore(record.foundAt, (record.ageMin ?? 0) - AGE_SLACK_YEARS),
  };
}

function yearsBefore(at: Date, years: number): Date {
  const date = new Date(at.getTime());
  date.setUTCFullYear(date.getUTCFullYear() - years);
  return date;
}

/** The child's age in years (with fractions) on a date: from the date of birth, else the age when last seen plus the time since. */
function ageAt(episode: CaseFeatures, on: Date): number {
  if (episode.dateOfBirth) return (on.getTime() - Date.parse(`${episode.dateOfBirth}T00:00:00Z`)) / YEAR_MS;
  return (episode.estimatedAge ?? 0) + 0.5 + (on.getTime() - episode.lastSeenAt.getTime()) / YEAR_MS;
}

function scoreAge(episode: CaseFeatures, record: UnidentifiedFeatures): FeatureScore {
  const age = ageAt(episode, record.foundAt);
  const range = record.ageMin === null && record.ageMax === null ? null : `${record.ageMin ?? '?'}–${record.ageMax ?? '?'}`;
  let contribution = 0;
  if (record.ageMin !== null && record.ageMax !== null) {
    // An estimate is most often near its middle: the closer, the more it says; a narrow range says more.
    const middle = (record.ageMin + record.ageMax + 1) / 2; // "up to 15" holds until the 16th birthday
    const half = (record.ageMax + 1 - record.ageMin) / 2;
    const closeness = Math.max(0, 1 - Math.abs(age - middle) / (half + AGE_SLACK_YEARS));
    contribution = round1(8 * closeness * (half <= 3 ? 1 : half <= 5 ? 0.8 : 0.5));
  } else if (range !== null) contribution = 1;
  return { feature: 'age', contribution, case: String(Math.floor(age)), unidentified: range };
}

/** Centimetres a child grows in a year at an age (a rough average for both sexes). */
const growthPerYear = (age: number) => (age < 12 ? 6 : age < 15 ? 7 : age < 17 ? 3 : 0.5);

function scoreHeight(episode: CaseFeatures, record: UnidentifiedFeatures): FeatureScore {
  const range =
    record.heightMinCm === null && record.heightMaxCm === null ? null : `${record.heightMinCm ?? '?'}–${record.heightMaxCm ?? '?'} cm`;
  if (episode.heightCm === null || range === null)
    return { feature: 'height', contribution: 0, case: episode.heightCm === null ? null : `${episode.heightCm} cm`, unidentified: range };
  const years = Math.max(0, (record.foundAt.getTime() - episode.lastSeenAt.getTime()) / YEAR_MS);
  let expected = episode.heightCm;
  const startAge = ageAt(episode, episode.lastSeenAt);
  for (let year = 0; year < Math.min(years, 30); year += 1) expected += growthPerYear(startAge + year) * Math.min(1, years - year);
  // Growth is uncertain, the more so the longer the time between; within that, each centimetre off costs a point.
  const spread = 2 + Math.min(12, 2 * years);
  const middle =
    record.heightMinCm !== null && record.heightMaxCm !== null
      ? (record.heightMinCm + record.heightMaxCm) / 2
      : (record.heightMinCm ?? record.heightMaxCm)! + (record.heightMinCm === null ? -5 : 5);
  const off = Math.max(0, Math.abs(expected - middle) - spread);
  const contribution = round1(Math.max(-8, 6 - 0.6 * off));
  const shown = years >= 1 ? `${episode.heightCm} cm, about ${Math.round(expected)} cm when found` : `${episode.heightCm} cm`;
  return { feature: 'height', contribution, case: shown, unidentified: range };
}

function scoreBuild(episode: CaseFeatures, record: UnidentifiedFeatures): FeatureScore {
  const described = buildWord(episode.build);
  const recorded = record.build;
  let contribution = 0;
  if (described && recorded) {
    const apart = Math.abs(BUILDS.indexOf(described) - BUILDS.indexOf(recorded));
    contribution = [4, 2, -1, -4, -4][apart]!;
  }
  return { feature: 'build', contribution, case: described, unidentified: recorded };
}

// Natural hair colours from darkest to lightest: one step apart is a common difference between two witnesses.
const HAIR_SHADES: readonly HairColour[] = ['black', 'dark_brown', 'brown', 'light_brown', 'blonde'];

/**
 * A shared colour says more the rarer it is: about how common each is among children in Great Britain (a rough
 * prior, not measured here). Points for the same colour: 3 + 2 × ln(1 / share), so brown 5, red 8.6.
 */
const HAIR_SHARE: Partial<Record<HairColour, number>> = {
  black: 0.15,
  dark_brown: 0.2,
  brown: 0.35,
  light_brown: 0.12,
  blonde: 0.12,
  red: 0.06,
};
const EYE_SHARE: Partial<Record<EyeColour, number>> = { brown: 0.45, blue: 0.3, hazel: 0.1, green: 0.08, grey: 0.07 };
const rarityPoints = (share: number | undefined) => round1(3 + 2 * Math.log(1 / (share ?? 0.1)));

function scoreHair(episode: CaseFeatures, record: UnidentifiedFeatures): FeatureScore {
  const described = hairWord(episode.hairColour);
  const recorded = record.hairColour;
  let contribution = 0;
  if (described && recorded && described !== 'dyed' && recorded !== 'dyed' && recorded !== 'none') {
    const a = HAIR_SHADES.indexOf(described);
    const b = HAIR_SHADES.indexOf(recorded);
    if (described === recorded) contribution = rarityPoints(HAIR_SHARE[described]);
    else if (a >= 0 && b >= 0) contribution = Math.abs(a - b) === 1 ? 4 : Math.abs(a - b) === 2 ? 0 : -3;
    else if ([described, recorded].every((colour) => ['red', 'light_brown', 'blonde'].includes(colour))) contribution = 2;
    else if ([described, recorded].every((colour) => ['grey', 'white'].includes(colour))) contribution = 4;
    else contribution = -3;
  }
  return { feature: 'hair', contribution, case: described, unidentified: recorded };
}

const NEAR_EYES: readonly [EyeColour, EyeColour][] = [
  ['hazel', 'brown'],
  ['hazel', 'green'],
  ['blue', 'grey'],
  ['green', 'grey'],
];

function scoreEyes(episode: CaseFeatures, record: UnidentifiedFeatures): FeatureScore {
  const described = eyeWord(episode.eyeColour);
  const recorded = record.eyeColour;
  let contribution = 0;
  if (described && recorded && recorded !== 'other') {
    if (described === recorded) contribution = rarityPoints(EYE_SHARE[described]);
    else if (NEAR_EYES.some(([a, b]) => (a === described && b === recorded) || (b === described && a === recorded))) contribution = 3;
    else contribution = -6;
  }
  return { feature: 'eyes', contribution, case: described, unidentified: recorded };
}

/** Points for one recorded mark against the best of the marks the case describes, and which it was. */
function bestMarkMatch(recorded: UnidentifiedFeatures['marks'][number], described: DescribedMark[]): { points: number; key: string } {
  const place = placeOf(recorded.bodyLocation);
  const words = contentWords(recorded.description);
  let best = { points: 0, key: '' };
  for (const mark of described) {
    const kind = mark.kind === recorded.kind ? 1 : mark.kind === null || mark.kind === 'mark' || recorded.kind === 'mark' ? 0.4 : 0;
    const closeness = mark.place ? placeCloseness(place, mark.place) : 0;
    const shared = sharedWords(words, mark.words).filter((word) => !/^(left|right)$/.test(word));
    if (kind === 0 && closeness === 0 && shared.length === 0) continue;
    const points = 4 * kind + 6 * closeness + Math.min(4, 2 * shared.length);
    if (points > best.points)
      best = {
        points,
        key: `${recorded.kind}@${recorded.bodyLocation}~${mark.kind ?? '?'}@${mark.place?.side ?? ''}${mark.place?.part ?? '?'}`,
      };
  }
  return best;
}

function scoreMarks(episode: CaseFeatures, record: UnidentifiedFeatures): FeatureScore {
  const described = describedMarks(episode.distinguishingMarks);
  const recorded = record.marks.map((mark) => `${mark.kind} (${mark.bodyLocation.replaceAll('_', ' ')})`).join('; ');
  const matched = record.marks.map((mark) => bestMarkMatch(mark, described)).filter((match) => match.points >= 3);
  const contribution = round1(
    Math.min(
      25,
      matched.reduce((sum, match) => sum + match.points, 0),
    ),
  );
  return {
    feature: 'marks',
    contribution,
    case: episode.distinguishingMarks ? episode.distinguishingMarks.slice(0, 300) : null,
    unidentified: recorded === '' ? null : recorded,
    ...(contribution > 0 ? { matched: matched.map((match) => match.key).sort() } : {}),
  };
}

function scoreWords(
  feature: 'clothing' | 'belongings',
  described: readonly Set<string>[],
  recorded: string,
  points: (shared: number) => number,
): FeatureScore {
  // The record's few words looked up in the episode's, never a set made for the pair.
  const shared = [...contentWords(recorded)].filter((word) => described.some((words) => words.has(word))).sort();
  const contribution = shared.length === 0 ? 0 : round1(points(shared.length));
  return {
    feature,
    contribution,
    case: shared.length > 0 ? shared.join(', ') : null,
    unidentified: recorded.trim() === '' ? null : recorded.slice(0, 300),
  };
}

/** Each garment's words in order ("red hoodie, black jeans" gives "red hoodie" and "black jean"), as pairs. */
const garmentPairs = remembered(readGarmentPairs);

function readGarmentPairs(text: string): Set<string> {
  const pairs = new Set<string>();
  for (const item of text.split(/,|;|\band\b|\bwith\b/)) {
    const words = [...contentWords(item)];
    for (let i = 1; i < words.length; i++) pairs.add(`${words[i - 1]} ${words[i]}`);
  }
  return pairs;
}

/** A word in common says a little (a colour, a garment); a colour and garment together say more. */
function scoreClothing(episode: CaseFeatures, record: UnidentifiedFeatures): FeatureScore {
  const words = scoreWords('clothing', [contentWords(episode.clothing)], record.clothing, (shared) => shared);
  const pairs = sharedWords(garmentPairs(episode.clothing), garmentPairs(record.clothing));
  return { ...words, contribution: round1(Math.min(10, words.contribution + 3 * pairs.length)) };
}

/** Kilometres between two points on the Earth (haversine). */
export function kilometresBetween(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const DISTANCE_BANDS: readonly [number, number][] = [
  [10, 8],
  [25, 6],
  [50, 4],
  [100, 2],
  [200, 1],
];

function scoreDistance(episode: CaseFeatures, record: UnidentifiedFeatures): FeatureScore {
  const km = kilometresBetween({ lon: episode.lastSeenLon, lat: episode.lastSeenLat }, { lon: record.foundLon, lat: record.foundLat });
  const band = DISTANCE_BANDS.find(([limit]) => km <= limit);
  // The band, not the exact distance, is what a decision rests on: moving a point within it changes nothing.
  return {
    feature: 'distance',
    contribution: band?.[1] ?? 0,
    case: band ? `within ${band[0]} km` : 'over 200 km',
    unidentified: `${Math.round(km)} km`,
  };
}

/**
 * A living child found alone is most often found soon after going missing, and few of the open episodes are
 * that recent, so a short time between says much; remains can be found years later, so for them it says nothing.
 */
function scoreInterval(episode: CaseFeatures, record: UnidentifiedFeatures): FeatureScore {
  const days = (record.foundAt.getTime() - episode.lastSeenAt.getTime()) / (24 * 3600 * 1000);
  const contribution = record.kind === 'remains' ? 0 : days <= 7 ? 15 : days <= 60 ? 12 : days <= 365 ? 5 : 0;
  const shown = days < 1 ? 'under a day' : days < 60 ? `${Math.round(days)} days` : `${(days / 365.2425).toFixed(1)} years`;
  return { feature: 'interval', contribution, case: shown, unidentified: record.kind };
}

/** Scores a pair that passed the hard limits. */
export function scorePair(episode: CaseFeatures, record: UnidentifiedFeatures): PairScore {
  const features: FeatureScore[] = [
    scoreAge(episode, record),
    scoreHeight(episode, record),
    scoreBuild(episode, record),
    scoreHair(episode, record),
    scoreEyes(episode, record),
    scoreMarks(episode, record),
    scoreClothing(episode, record),
    scoreWords(
      'belongings',
      [contentWords(episode.clothing), circumstanceWords(episode.circumstances.slice(0, 1000))],
      record.belongings,
      (shared) => Math.min(6, 3 * shared),
    ),
    scoreDistance(episode, record),
    scoreInterval(episode, record),
  ];
  const score = round1(features.reduce((sum, feature) => sum + feature.contribution, 0));
  return { score, features };
}

/**
 * A hash of what matched, each contributing feature's values (the distance by its band): what a decision was
 * made on. Worked out only for the pairs kept.
 */
export function fingerprintOf(features: readonly FeatureScore[]): string {
  const matched = features
    .filter((feature) => feature.contribution > 0)
    .map((feature) => {
      if (feature.matched) return `marks:${feature.matched.join(',')}`;
      if (feature.feature === 'distance') return `distance:${feature.case}`;
      return `${feature.feature}:${feature.case}|${feature.unidentified}`;
    })
    .sort();
  return createHash('sha256').update(matched.join('\n')).digest('base64url').slice(0, 22);
}
