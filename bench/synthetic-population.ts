// A synthetic population with known truth, for measuring the matcher: missing episodes across forces and
// twenty years, described as officers write (free text, some fields left empty), and records of people found
// derived from some of them with the noise real records have (age estimated within a few years, height within
// 10 cm, hair dyed or seen as another shade, features missing from remains, marks on the wrong side, clothing
// half remembered), plus records of people who match nobody. Seeded: the same seed gives the same population.
import { randomUUID } from 'node:crypto';
import type { BodyLocation, Build, EyeColour, HairColour, MarkKind } from '../src/unidentified/vocabulary.ts';

export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number) => random() < p;
const between = (random: Random, low: number, high: number) => low + random() * (high - low);
/** A normal deviate (Box–Muller). */
const normal = (random: Random, sd: number) => sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
function weighted<T>(random: Random, table: readonly [T, number][]): T {
  let roll = random() * table.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of table) if ((roll -= weight) < 0) return value;
  return table[table.length - 1]![0];
}

const YEAR_MS = 365.2425 * 24 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** Force areas as centres (lon, lat) spread over Great Britain; a point is within about 30 km of its centre. */
export const FORCE_CENTRES: readonly { code: string; lon: number; lat: number }[] = [
  { code: 'met', lon: -0.12, lat: 51.5 },
  { code: 'gmp', lon: -2.24, lat: 53.48 },
  { code: 'wmp', lon: -1.9, lat: 52.48 },
  { code: 'wyp', lon: -1.55, lat: 53.8 },
  { code: 'mer', lon: -2.98, lat: 53.41 },
  { code: 'nor', lon: 1.3, lat: 52.63 },
  { code: 'dev', lon: -3.53, lat: 50.72 },
  { code: 'sth', lon: -3.18, lat: 51.48 },
  { code: 'nth', lon: -1.61, lat: 54.97 },
  { code: 'sco', lon: -4.25, lat: 55.86 },
];

export interface SyntheticMark {
  kind: MarkKind;
  location: BodyLocation;
  motif: string;
}

/** The truth about a child, from which a case's text and a found record's description are both written. */
interface Child {
  sex: 'female' | 'male';
  born: Date;
  heightAtLastSeen: number;
  build: Build;
  hair: HairColour;
  eyes: EyeColour;
  marks: SyntheticMark[];
  clothing: { colour: string; garment: string }[];
  carrying: string | null;
}

export interface SyntheticEpisode {
  childId: string;
  caseId: string;
  force: number;
  givenNames: string;
  familyName: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  dateOfBirth: string | null;
  estimatedAge: number | null;
  heightCm: number | null;
  build: string | null;
  hairColour: string | null;
  eyeColour: string | null;
  distinguishingMarks: string | null;
  clothing: string;
  circumstances: string;
  lastSeenAt: Date;
  lon: number;
  lat: number;
  truth: Child;
}

export interface SyntheticFound {
  id: string;
  /** The episode it was derived from, or null for someone who matches nobody. */
  truthCaseId: string | null;
  kind: 'living' | 'remains';
  force: number;
  foundAt: Date;
  lon: number;
  lat: number;
  sex: 'female' | 'male' | 'unknown';
  ageMin: number | null;
  ageMax: number | null;
  heightMinCm: number | null;
  heightMaxCm: number | null;
  build: Build | null;
  hairColour: HairColour | null;
  eyeColour: EyeColour | null;
  marks: { kind: MarkKind; bodyLocation: BodyLocation; description: string }[];
  clothing: string;
  belongings: string;
}

const GIVEN = [
  'Amelia',
  'Olivia',
  'Isla',
  'Ava',
  'Mia',
  'Ivy',
  'Lily',
  'Oliver',
  'George',
  'Noah',
  'Arthur',
  'Leo',
  'Muhammad',
  'Harry',
  'Jack',
];
const FAMILY = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright', 'Khan'];
const HAIR_TEXT: Record<Exclude<HairColour, 'grey' | 'white' | 'dyed' | 'none'>, string[]> = {
  black: ['black', 'jet black'],
  dark_brown: ['dark brown', 'brunette'],
  brown: ['brown', 'mid brown', 'chestnut'],
  light_brown: ['light brown', 'mousy', 'dark blonde'],
  blonde: ['blonde', 'fair', 'golden blonde'],
  red: ['ginger', 'red', 'auburn'],
};
const HAIR_STYLE = ['', ', long', ', short', ', curly', ', in a ponytail', ', shoulder length'];
const BUILD_TEXT: Record<Build, string[]> = {
  slight: ['slight', 'petite', 'small build'],
  slim: ['slim', 'thin', 'slender'],
  medium: ['medium build', 'average build'],
  stocky: ['stocky', 'athletic', 'broad'],
  heavy: ['heavy build', 'large', 'plump'],
};
const EYE_TEXT: Record<EyeColour, string> = {
  brown: 'brown',
  hazel: 'hazel',
  green: 'green',
  blue: 'blue',
  grey: 'grey',
  other: 'unusual',
};
const COLOURS = ['red', 'black', 'navy', 'grey', 'white', 'pink', 'green', 'yellow', 'purple', 'orange', 'beige', 'maroon'];
const GARMENTS = [
  'hoodie',
  'jacket',
  'coat',
  'jeans',
  'tracksuit',
  'trainers',
  'school jumper',
  'puffer',
  'leggings',
  'dress',
  'cap',
  'scarf',
];
const CARRIED = ['rucksack', 'teddy bear', 'skateboard', 'football', 'handbag', 'phone in a glitter case', 'guitar case', 'scooter'];
const MOTIFS = ['rose', 'star', 'heart', 'dragon', 'anchor', 'butterfly', 'initials', 'cross', 'swallow', 'crescent moon'];
const MARK_LOCATIONS: BodyLocation[] = [
  'face',
  'neck',
  'left_forearm',
  'right_forearm',
  'left_wrist',
  'right_wrist',
  'left_hand',
  'right_hand',
  'left_upper_arm',
  'right_upper_arm',
  'chest',
  'upper_back',
  'left_knee',
  'right_knee',
  'left_ankle',
  'right_ankle',
  'left_ear',
  'right_ear',
];

/** Centimetres, average for a sex and age (a rough growth chart). */
export function heightFor(sex: 'female' | 'male', age: number): number {
  if (age < 12) return 76 + 6 * age;
  const adult = sex === 'female' ? 163 : 176;
  return Math.min(adult, 148 + (sex === 'female' ? 4 : 6.5) * (age - 12));
}

const ageOn = (born: Date, on: Date) => (on.getTime() - born.getTime()) / YEAR_MS;

function newChild(random: Random, lastSeenAt: Date): Child {
  const sex = chance(random, 0.5) ? 'female' : 'male';
  const age = weighted<[number, number]>(random, [
    [[0, 6], 8],
    [[6, 12], 17],
    [[12, 18], 75],
  ]);
  const years = between(random, age[0], age[1]);
  const born = new Date(lastSeenAt.getTime() - years * YEAR_MS);
  const marks: SyntheticMark[] = [];
  if (chance(random, 0.4))
    for (let i = 0, n = chance(random, 0.3) ? 2 : 1; i < n; i++)
      marks.push({
        kind: weighted<MarkKind>(random, [
          ['scar', 4],
          ['tattoo', 3],
          ['birthmark', 2],
          ['piercing', 1],
        ]),
        location: pick(random, MARK_LOCATIONS),
        motif: pick(random, MOTIFS),
      });
  return {
    sex,
    born,
    heightAtLastSeen: Math.round(heightFor(sex, years) + normal(random, 6)),
    build: weighted<Build>(random, [
      ['slight', 1],
      ['slim', 3],
      ['medium', 4],
      ['stocky', 1.5],
      ['heavy', 1],
    ]),
    hair: weighted<HairColour>(random, [
      ['brown', 35],
      ['dark_brown', 20],
      ['black', 15],
      ['light_brown', 12],
      ['blonde', 12],
      ['red', 6],
    ]),
    eyes: weighted<EyeColour>(random, [
      ['brown', 45],
      ['blue', 30],
      ['hazel', 10],
      ['green', 8],
      ['grey', 7],
    ]),
    marks,
    clothing: Array.from({ length: 2 + Math.floor(random() * 2) }, () => ({
      colour: pick(random, COLOURS),
      garment: pick(random, GARMENTS),
    })),
    carrying: chance(random, 0.5) ? pick(random, CARRIED) : null,
  };
}

const place = (location: BodyLocation) => location.replace('_', ' ');
function markText(mark: SyntheticMark): string {
  switch (mark.kind) {
    case 'tattoo':
      return `tattoo of a ${mark.motif} on the ${place(mark.location)}`;
    case 'piercing':
      return `piercing in the ${place(mark.location)}`;
    case 'birthmark':
      return `birthmark on ${place(mark.location)}`;
    default:
      return `scar on the ${place(mark.location)}`;
  }
}

const dateOnly = (at: Date) => at.toISOString().slice(0, 10);

/** A missing episode, written as an officer would record it: free text, some of it left empty. */
export function syntheticEpisode(random: Random, now: Date): SyntheticEpisode {
  const lastSeenAt = new Date(now.getTime() - between(random, 2 * DAY_MS, 20 * YEAR_MS));
  const child = newChild(random, lastSeenAt);
  const force = Math.floor(random() * FORCE_CENTRES.length);
  const centre = FORCE_CENTRES[force]!;
  const knownBirth = chance(random, 0.9);
  return {
    childId: randomUUID(),
    caseId: randomUUID(),
    force,
    givenNames: pick(random, GIVEN),
    familyName: pick(random, FAMILY),
    sex: chance(random, 0.01) ? 'unknown' : child.sex,
    dateOfBirth: knownBirth ? dateOnly(child.born) : null,
    estimatedAge: knownBirth ? null : Math.floor(ageOn(child.born, lastSeenAt)),
    heightCm: chance(random, 0.85) ? child.heightAtLastSeen : null,
    build: chance(random, 0.85) ? pick(random, BUILD_TEXT[child.build]) : null,
    hairColour: chance(random, 0.9) ? pick(random, HAIR_TEXT[child.hair as keyof typeof HAIR_TEXT]) + pick(random, HAIR_STYLE) : null,
    eyeColour: chance(random, 0.8) ? EYE_TEXT[child.eyes] : null,
    distinguishingMarks: child.marks.length > 0 ? child.marks.map(markText).join('; ') : null,
    clothing: child.clothing.map((item) => `${item.colour} ${item.garment}`).join(', '),
    circumstances: child.carrying ? `Left home after an argument, carrying a ${child.carrying}.` : 'Did not return from school.',
    lastSeenAt,
    lon: centre.lon + between(random, -0.3, 0.3),
    lat: centre.lat + between(random, -0.2, 0.2),
    truth: child,
  };
}

const SHADES: HairColour[] = ['black', 'dark_brown', 'brown', 'light_brown', 'blonde'];
const BUILDS_IN_ORDER: Build[] = ['slight', 'slim', 'medium', 'stocky', 'heavy'];

function neighbour<T>(random: Random, order: readonly T[], value: T): T {
  const at = order.indexOf(value);
  if (at < 0) return value;
  const next = at + (chance(random, 0.5) ? 1 : -1);
  return order[Math.min(order.length - 1, Math.max(0, next))]!;
}

const MIRROR = (location: BodyLocation): BodyLocation =>
  (location.startsWith('left_') ? location.replace('left_', 'right_') : location.replace('right_', 'left_')) as BodyLocation;

/** A record of someone found, written from the truth of a child with the noise of a real record. */
function foundFrom(
  random: Random,
  child: Child,
  from: { at: Date; lon: number; lat: number; force: number },
  now: Date,
): Omit<SyntheticFound, 'id' | 'truthCaseId'> {
  const remains = chance(random, 0.3);
  const delay = remains ? between(random, 30 * DAY_MS, 8 * YEAR_MS) : between(random, 3600_000, 60 * DAY_MS);
  const foundAt = new Date(Math.min(now.getTime() - 3600_000, from.at.getTime() + delay));
  const age = ageOn(child.born, foundAt);
  // Age estimated within a few years (±5 at worst); the range may miss the truth by a little.
  const estimate = age + Math.max(-3, Math.min(3, normal(random, 1.2)));
  const halfWidth = pick(random, [2, 3, 4, 5]);
  const height = child.heightAtLastSeen + (heightFor(child.sex, age) - heightFor(child.sex, ageOn(child.born, from.at)));
  const heightEstimate = height + between(random, -10, 10);
  const far = chance(random, remains ? 0.2 : 0.3);
  const km = far ? between(random, 50, 400) : between(random, 0, remains ? 30 : 50);
  const bearing = random() * 2 * Math.PI;
  const keep = (p: number) => chance(random, remains ? p * 0.6 : p);
  const hair: HairColour | null = !keep(0.9)
    ? null
    : chance(random, 0.75)
      ? child.hair
      : chance(random, 0.5)
        ? 'dyed'
        : neighbour(random, SHADES, child.hair);
  return {
    kind: remains ? 'remains' : 'living',
    force: from.force,
    foundAt,
    lon: from.lon + (km / (111 * Math.cos((from.lat * Math.PI) / 180))) * Math.cos(bearing),
    lat: Math.max(-89, Math.min(89, from.lat + (km / 111) * Math.sin(bearing))),
    sex: chance(random, remains ? 0.25 : 0.05) ? 'unknown' : child.sex,
    ageMin: Math.max(0, Math.round(estimate) - halfWidth),
    ageMax: Math.min(120, Math.round(estimate) + halfWidth),
    heightMinCm: keep(0.85) ? Math.round(heightEstimate - 4) : null,
    heightMaxCm: keep(0.85) ? Math.round(heightEstimate + 4) : null,
    build: keep(0.7) ? (chance(random, 0.7) ? child.build : neighbour(random, BUILDS_IN_ORDER, child.build)) : null,
    hairColour: hair,
    eyeColour: chance(random, remains ? 0.2 : 0.85) ? child.eyes : null,
    marks: child.marks
      .filter(() => chance(random, remains ? 0.5 : 0.8))
      .map((mark) => ({
        kind: mark.kind,
        bodyLocation: chance(random, 0.1) ? MIRROR(mark.location) : mark.location,
        description: chance(random, 0.6) ? mark.motif : '',
      })),
    clothing: child.clothing
      .filter(() => chance(random, remains ? 0.4 : 0.7))
      .map((item) => (chance(random, 0.8) ? `${item.colour} ${item.garment}` : item.garment))
      .join(', '),
    belongings: child.carrying && chance(random, 0.4) ? `a ${child.carrying}` : '',
  };
}

/** A record derived from an episode (the truth is that episode). */
export function syntheticFoundFrom(random: Random, episode: SyntheticEpisode, now: Date): SyntheticFound {
  return {
    id: randomUUID(),
    truthCaseId: episode.caseId,
    ...foundFrom(random, episode.truth, { at: episode.lastSeenAt, lon: episode.lon, lat: episode.lat, force: episode.force }, now),
  };
}

/** A record of someone who is in no episode: a child never reported, or never reported here. */
export function syntheticStranger(random: Random, now: Date): SyntheticFound {
  const seen = new Date(now.getTime() - between(random, 2 * DAY_MS, 10 * YEAR_MS));
  const force = Math.floor(random() * FORCE_CENTRES.length);
  const centre = FORCE_CENTRES[force]!;
  return { id: randomUUID(), truthCaseId: null, ...foundFrom(random, newChild(random, seen), { at: seen, ...centre, force }, now) };
}
