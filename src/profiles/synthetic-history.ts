// A fictional national history of missing episodes, for development, demonstrations and benchmarks
// (`forgetmenot seed --history-years N`). Only profile facts are made (no case, child, name or place), each row
// marked synthetic, so no register, queue or search ever shows them. Children are made a batch at a time and
// their episodes written at once, so memory holds one batch whatever the length of the history.
//
// The shape follows the UK figures: about 75,000 children a year in about 215,000 episodes (two thirds of them
// repeats), mostly aged 12 to 17, three quarters found within a day, nearly all safe; children in care and
// children at risk of exploitation over-represented among those who go missing again and again; more episodes
// in spring and summer, in the afternoon and evening, and at the end of the week.
import { randomUUID } from 'node:crypto';
import { latLngToCell } from 'h3-js';
import type { Queryable } from '../db/database.ts';
import { areaContains, type Area } from '../geo/geojson.ts';
import { analyseEpisodeFacts, countSyntheticEpisodes, insertSyntheticEpisodes, type EpisodeFacts } from './facts-store.ts';
import { listJurisdictions } from '../geo/jurisdictions-store.ts';
import { localAuthoritiesOf } from '../orgs/store.ts';
import { ukLocalParts } from './uk-time.ts';
import { PROFILE_CELL_RESOLUTION, REPEAT_DAYS, REPEAT_EPISODES } from './repeats.ts';

export const CHILDREN_PER_YEAR = 75_000;
const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

export interface ForceShape {
  id: string;
  geometry: Area;
  /** The local authority answering for the area, if any. */
  localAuthorityId: string | null;
}

/** A small, fast, seeded generator (mulberry32): the same seed gives the same history. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: () => number, weighted: readonly (readonly [T, number])[]): T {
  const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
  let target = random() * total;
  for (const [value, weight] of weighted) {
    target -= weight;
    if (target < 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

// Episodes a child has in a year: half go missing once; a third three or more times (mean about 2.9).
function episodeCount(random: () => number): number {
  const roll = random();
  if (roll < 0.5) return 1;
  if (roll < 0.67) return 2;
  let count = 3;
  while (random() < 0.76) count += 1;
  return Math.min(count, 60);
}

const AGE_BANDS: readonly (readonly [[number, number], number])[] = [
  [[0, 5], 3],
  [[6, 11], 9],
  [[12, 14], 33],
  [[15, 17], 55],
];
// Afternoon and evening (UK local hour of last seen), relative weights.
const HOURS = [3, 2, 1.5, 1, 0.7, 0.5, 0.6, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 7.5, 7.5, 7, 6.5, 6, 5, 4];
const WEEKDAY_WEIGHT = [1.15, 0.95, 0.95, 0.95, 1, 1.15, 1.2]; // Sunday .. Saturday (getUTCDay)
// What became of the return home interview of an episode whose time has passed: most are held.
const INTERVIEW_STATES: readonly (readonly ['done' | 'declined' | 'open', number])[] = [
  ['done', 62],
  ['declined', 12],
  ['open', 26],
];
const INTERVIEW_DUE_MS = 72 * 3_600_000;

/** The interview asked when a child comes back alive: still open while in time, else as most turn out. */
function interviewOf(random: () => number, returnedAt: number, outcome: string | null, now: number): EpisodeFacts['interview'] {
  if (outcome === null || outcome === 'found_dead') return null;
  const dueAt = returnedAt + INTERVIEW_DUE_MS;
  return { state: dueAt > now ? 'open' : pick(random, INTERVIEW_STATES), dueAt: new Date(dueAt) };
}

const OUTCOMES: readonly (readonly [string, number])[] = [
  ['found_safe', 60],
  ['returned_of_own_accord', 32],
  ['located_elsewhere', 5],
  ['found_harmed', 2.5],
  ['other', 0.4],
  ['found_dead', 0.1],
];

/** More going missing in spring and summer: a weight for a day of the year (0..1 through it). */
const seasonal = (fraction: number) => 1 + 0.18 * Math.sin(2 * Math.PI * (fraction - 0.2));

/** An instant in [start, end) with the seasonal, weekly and daily shape. */
function missingInstant(random: () => number, start: number, end: number): Date {
  for (;;) {
    const day = start + Math.floor((random() * (end - start)) / DAY_MS) * DAY_MS;
    const date = new Date(day);
    const fraction = (day % YEAR_MS) / YEAR_MS;
    if (random() * 1.4 > seasonal(fraction) * WEEKDAY_WEIGHT[date.getUTCDay()]!) continue;
    const hour = pick(
      random,
      HOURS.map((weight, h) => [h, weight] as const),
    );
    return new Date(day + hour * 3_600_000 + Math.floor(random() * 3_600_000));
  }
}

/** Cells inside each force area, for the children of that force to live in. */
export function cellsOfForces(random: () => number, forces: readonly ForceShape[], perForce = 40): string[][] {
  return forces.map((force) => {
    const points = force.geometry.type === 'Polygon' ? force.geometry.coordinates[0]! : force.geometry.coordinates.flatMap((p) => p[0]!);
    const lons = points.map((point) => point[0]!);
    const lats = points.map((point) => point[1]!);
    const [west, east, south, north] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
    const cells = new Set<string>();
    for (let tries = 0; cells.size < perForce && tries < perForce * 50; tries += 1) {
      const lon = west + random() * (east - west);
      const lat = south + random() * (north - south);
      if (areaContains(force.geometry, lon, lat)) cells.add(latLngToCell(lat, lon, PROFILE_CELL_RESOLUTION));
    }
    if (cells.size === 0) cells.add(latLngToCell(points[0]![1]!, points[0]![0]!, PROFILE_CELL_RESOLUTION));
    return [...cells];
  });
}

interface ChildPlan {
  key: string;
  force: number;
  cell: string;
  age: number;
  birthOffsetMs: number;
  sex: EpisodeFacts['sex'];
  inCare: boolean | null;
  exploitation: boolean | null;
}

function planChild(
  random: () => number,
  episodes: number,
  forceWeights: readonly (readonly [number, number])[],
  cells: string[][],
): ChildPlan {
  const force = pick(random, forceWeights);
  const [low, high] = pick(random, AGE_BANDS);
  const often = episodes >= 3;
  const known = random() > 0.1;
  const inCare = random() < (often ? 0.45 : 0.1);
  return {
    key: randomUUID(),
    force,
    cell: cells[force]![Math.floor(random() * cells[force]!.length)]!,
    age: low + Math.floor(random() * (high - low + 1)),
    birthOffsetMs: random() * YEAR_MS,
    sex: pick(random, [
      ['female', 52],
      ['male', 47],
      ['other', 0.5],
      ['unknown', 0.5],
    ] as const),
    inCare: known ? inCare : null,
    exploitation: known ? random() < (often ? 0.3 : 0.04) + (inCare ? 0.1 : 0) : null,
  };
}

function riskOf(random: () => number, child: ChildPlan): EpisodeFacts['riskLevel'] {
  const raised = child.exploitation === true || child.age < 12;
  return pick(random, [
    ['no_apparent', raised ? 2 : 10],
    ['low', raised ? 20 : 38],
    ['medium', raised ? 50 : 44],
    ['high', raised ? 28 : 8],
  ] as const);
}

/** The episodes of one child within [start, end); those not over by `now` are still open. */
export function childEpisodes(
  random: () => number,
  child: ChildPlan,
  count: number,
  start: number,
  end: number,
  now: number,
  forces: readonly ForceShape[],
): EpisodeFacts[] {
  // Repeat episodes cluster: after the first, each follows the last by about three weeks.
  const times: number[] = [missingInstant(random, start, end).getTime()];
  while (times.length < count) {
    const next = times[times.length - 1]! + Math.max(0.5, -Math.log(1 - random()) * 21) * DAY_MS;
    times.push(next < end ? next : missingInstant(random, start, end).getTime());
  }
  times.sort((a, b) => a - b);
  return times.map((at, i) => {
    const minutes = Math.round(Math.exp(Math.log(540) + 1.46 * normal(random)));
    const over = at + minutes * 60_000 <= now;
    const lastSeen = new Date(at);
    const recent = times.filter((other, j) => j <= i && other > at - REPEAT_DAYS * DAY_MS).length;
    const outcome = over ? pick(random, OUTCOMES) : null;
    const force = forces[child.force]!;
    return {
      caseId: null,
      childKey: child.key,
      jurisdictionId: force.id,
      reportedAt: new Date(at + (1 + Math.floor(random() * 5)) * 3_600_000),
      ...ukLocalParts(lastSeen),
      age: Math.min(17, child.age + (at - start > child.birthOffsetMs ? 1 : 0)),
      sex: child.sex,
      inCare: child.inCare,
      exploitation: child.exploitation,
      riskLevel: riskOf(random, child),
      outcome,
      missingMinutes: over ? minutes : null,
      repeat: recent >= REPEAT_EPISODES,
      cell: child.cell,
      localAuthorityId: force.localAuthorityId,
      interview: interviewOf(random, at + minutes * 60_000, outcome, now),
    };
  });
}

export interface HistoryOptions {
  years: number;
  /** 1 for the national scale (75,000 children a year); less for a smaller history. */
  scale: number;
  now: Date;
  seed: number;
  batchChildren?: number;
  onBatch?: (episodesSoFar: number) => void;
}

/** Writes the history for these force areas, a batch of children at a time; returns how many episodes. */
export async function generateHistory(db: Queryable, forces: readonly ForceShape[], options: HistoryOptions): Promise<number> {
  if (forces.length === 0) throw new Error('there is no force area to put the history in');
  const random = seededRandom(options.seed);
  const cells = cellsOfForces(random, forces);
  // Forces differ in size: a fixed weight each, from 1 to 6.
  const forceWeights = forces.map((_force, i) => [i, 1 + random() * 5] as const);
  const batchChildren = options.batchChildren ?? 1000;
  const end = options.now.getTime();
  let written = 0;
  for (let year = options.years - 1; year >= 0; year -= 1) {
    const yearEnd = end - year * YEAR_MS;
    const yearStart = yearEnd - YEAR_MS;
    const children = Math.round(CHILDREN_PER_YEAR * options.scale);
    for (let done = 0; done < children; done += batchChildren) {
      const batch: EpisodeFacts[] = [];
      for (let i = done; i < Math.min(children, done + batchChildren); i += 1) {
        const count = episodeCount(random);
        batch.push(...childEpisodes(random, planChild(random, count, forceWeights, cells), count, yearStart, yearEnd, end, forces));
      }
      await insertSyntheticEpisodes(db, batch);
      written += batch.length;
      options.onBatch?.(written);
    }
  }
  return written;
}

/**
 * The history asked for by `forgetmenot seed --history-years`, over every force area in the database; refused
 * (undefined) where a synthetic history is already stored, so that none is counted twice.
 */
export async function seedHistory(
  db: Queryable,
  options: Omit<HistoryOptions, 'seed'> & { seed?: number },
): Promise<{ episodes: number; forces: number } | undefined> {
  if ((await countSyntheticEpisodes(db)) > 0) return undefined;
  const areas = (await listJurisdictions(db)).filter((area) => area.kind === 'force_area');
  const authorities = await localAuthoritiesOf(
    db,
    areas.map((area) => area.id),
  );
  const forces = areas.map((area) => ({ ...area, localAuthorityId: authorities.get(area.id)?.id ?? null }));
  const episodes = await generateHistory(db, forces, { seed: 16, ...options });
  await analyseEpisodeFacts(db);
  return { episodes, forces: forces.length };
}
