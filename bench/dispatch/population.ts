// A synthetic country of subscribers for the dispatch benchmark: people clustered around 44 towns of
// Great Britain (weighted roughly by population, bigger towns spread wider), and a thinner layer spread
// evenly over lon -6..2, lat 50..56. Seeded, so every run places the same people in the same cells.
import { randomUUID } from 'node:crypto';
import { latLngToCell } from 'h3-js';
import type { Database } from '../../src/db/database.ts';
import type { AlertAreaPart } from '../../src/geo/alert-area.ts';
import { cellsForArea, cellToBigInt, SUBSCRIBER_RESOLUTION } from '../../src/geo/cells.ts';

export const BOUNDS = { west: -6, east: 2, south: 50, north: 56 };
/** Share of people spread evenly over the bounds rather than around a town. */
const SPREAD_SHARE = 0.12;
const KM_PER_DEGREE = 111.2;

/** [name, lon, lat, weight]: weight roughly the town's population in 100,000s. */
export const TOWNS: [string, number, number, number][] = [
  ['London', -0.12, 51.5, 90],
  ['Birmingham', -1.9, 52.48, 11],
  ['Manchester', -2.24, 53.48, 15],
  ['Leeds', -1.55, 53.8, 8],
  ['Glasgow', -4.25, 55.86, 10],
  ['Liverpool', -2.98, 53.41, 9],
  ['Newcastle', -1.61, 54.98, 8],
  ['Sheffield', -1.47, 53.38, 6],
  ['Bristol', -2.59, 51.45, 6],
  ['Edinburgh', -3.19, 55.95, 5],
  ['Nottingham', -1.15, 52.95, 7],
  ['Leicester', -1.13, 52.63, 5],
  ['Cardiff', -3.18, 51.48, 4],
  ['Coventry', -1.51, 52.41, 4],
  ['Southampton', -1.4, 50.9, 4],
  ['Portsmouth', -1.09, 50.8, 4],
  ['Brighton', -0.14, 50.82, 4],
  ['Stoke-on-Trent', -2.18, 53.0, 3],
  ['Hull', -0.33, 53.74, 3],
  ['Plymouth', -4.14, 50.37, 2.6],
  ['Derby', -1.48, 52.92, 2.6],
  ['Reading', -0.97, 51.45, 3],
  ['Swansea', -3.94, 51.62, 2.4],
  ['Milton Keynes', -0.76, 52.04, 2.3],
  ['Middlesbrough', -1.23, 54.57, 3],
  ['Sunderland', -1.38, 54.9, 2.7],
  ['Preston', -2.7, 53.76, 3],
  ['Blackpool', -3.05, 53.82, 2.4],
  ['Norwich', 1.3, 52.63, 2],
  ['Northampton', -0.9, 52.24, 2.2],
  ['Peterborough', -0.24, 52.57, 2],
  ['Oxford', -1.26, 51.75, 1.6],
  ['Cambridge', 0.12, 52.2, 1.5],
  ['Exeter', -3.53, 50.72, 1.3],
  ['York', -1.08, 53.96, 1.5],
  ['Ipswich', 1.15, 52.06, 1.4],
  ['Gloucester', -2.24, 51.86, 1.3],
  ['Bath', -2.36, 51.38, 0.9],
  ['Lincoln', -0.54, 53.23, 1],
  ['Carlisle', -2.93, 54.89, 0.8],
  ['Wrexham', -2.99, 53.05, 0.7],
  ['Dumfries', -3.6, 55.07, 0.4],
  ['Bangor', -4.13, 53.23, 0.3],
  ['Aberystwyth', -4.08, 52.41, 0.2],
];

/** mulberry32: small, fast and good enough to place dots on a map reproducibly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Population {
  /** The res-7 cell of each subscriber (H3 string). */
  cells: string[];
  /** How many subscribers each cell holds. */
  perCell: Map<string, number>;
}

/** Places `count` people; returns their cells (only the cell is ever stored, as sign-up does). */
export function placePeople(count: number, seed = 20261123): Population {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const totalWeight = TOWNS.reduce((sum, town) => sum + town[3], 0);
  const heaviest = Math.max(...TOWNS.map((town) => town[3]));
  const cells: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    let lon: number;
    let lat: number;
    if (random() < SPREAD_SHARE) {
      lon = BOUNDS.west + random() * (BOUNDS.east - BOUNDS.west);
      lat = BOUNDS.south + random() * (BOUNDS.north - BOUNDS.south);
    } else {
      let pick = random() * totalWeight;
      let town = TOWNS[0]!;
      for (const candidate of TOWNS) {
        town = candidate;
        pick -= candidate[3];
        if (pick <= 0) break;
      }
      // A town of one weight unit spreads about 3 km either way, London about 16 km.
      const sigmaKm = 2.5 + 13.5 * Math.sqrt(town[3] / heaviest);
      lat = town[2] + (gaussian() * sigmaKm) / KM_PER_DEGREE;
      lon = town[1] + (gaussian() * sigmaKm) / (KM_PER_DEGREE * Math.cos((town[2] * Math.PI) / 180));
      lat = Math.min(BOUNDS.north, Math.max(BOUNDS.south, lat));
      lon = Math.min(BOUNDS.east, Math.max(BOUNDS.west, lon));
    }
    cells[i] = latLngToCell(lat, lon, SUBSCRIBER_RESOLUTION);
  }
  return populationOf(cells);
}

export function populationOf(cells: string[]): Population {
  const perCell = new Map<string, number>();
  for (const cell of cells) perCell.set(cell, (perCell.get(cell) ?? 0) + 1);
  return { cells, perCell };
}

/** `count` people around one point (a gaussian `sigmaKm` wide): a town for the email or SMS run. */
export function clusterCells(count: number, center: [number, number], sigmaKm: number, seed: number): string[] {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: count }, () => {
    const lat = center[1] + (gaussian() * sigmaKm) / KM_PER_DEGREE;
    const lon = center[0] + (gaussian() * sigmaKm) / (KM_PER_DEGREE * Math.cos((center[1] * Math.PI) / 180));
    return latLngToCell(lat, lon, SUBSCRIBER_RESOLUTION);
  });
}

/** How many of the population an area reaches: everyone in a cell the area touches. */
export function reachOf(population: Population, parts: AlertAreaPart[]): number {
  let reached = 0;
  for (const cell of cellsForArea(parts).cells) reached += population.perCell.get(cell) ?? 0;
  return reached;
}

/** The radius of a circle around `center` that reaches about `target` people (within 1 %). */
export function radiusReaching(population: Population, center: [number, number], target: number): { radiusKm: number; reached: number } {
  let low = 1;
  let high = 400;
  let best = { radiusKm: high, reached: reachOf(population, [{ kind: 'circle', center, radiusKm: high }]) };
  for (let step = 0; step < 30; step++) {
    const radiusKm = Math.round(((low + high) / 2) * 10) / 10;
    const reached = reachOf(population, [{ kind: 'circle', center, radiusKm }]);
    if (Math.abs(reached - target) < Math.abs(best.reached - target)) best = { radiusKm, reached };
    if (Math.abs(reached - target) <= target * 0.01 || high - low < 0.2) break;
    if (reached < target) low = radiusKm;
    else high = radiusKm;
  }
  return best;
}

export interface SubscriberChannel {
  channel: 'webhook' | 'email' | 'sms';
  /** The address of subscriber `index`. */
  address: (index: number) => string;
  webhookSecret?: string;
}

/**
 * Writes the subscribers in chunks of INSERT ... SELECT FROM unnest(...): the subscriber, its one cell
 * (passed as text, stored as bigint) and one confirmed channel. A few in twenty read Welsh, so a
 * message is rendered in two languages, as it would be.
 */
export async function insertSubscribers(
  db: Database,
  cells: readonly string[],
  channel: SubscriberChannel,
  chunkSize = 10_000,
): Promise<void> {
  const now = new Date();
  const chunks: number[] = [];
  for (let start = 0; start < cells.length; start += chunkSize) chunks.push(start);
  // Two writers at once: one per core.
  const writers = Array.from({ length: 2 }, async () => {
    for (let start = chunks.shift(); start !== undefined; start = chunks.shift()) {
      const end = Math.min(cells.length, start + chunkSize);
      const ids: string[] = [];
      const cellIds: string[] = [];
      const languages: string[] = [];
      const addresses: string[] = [];
      for (let i = start; i < end; i++) {
        ids.push(randomUUID());
        cellIds.push(cellToBigInt(cells[i]!).toString());
        languages.push(i % 20 === 7 ? 'cy' : 'en');
        addresses.push(channel.address(i));
      }
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO subscribers (id, language, include_exercises, created_at, updated_at)
           SELECT id, language, false, $3, $3 FROM unnest($1::uuid[], $2::text[]) AS t(id, language)`,
          [ids, languages, now],
        );
        await tx.query(
          `INSERT INTO subscriber_channels (subscriber_id, channel, address, webhook_secret, confirmed_at, created_at)
           SELECT id, $3, address, $4, $5, $5 FROM unnest($1::uuid[], $2::text[]) AS t(id, address)`,
          [ids, addresses, channel.channel, channel.webhookSecret ?? null, now],
        );
        await tx.query(
          `INSERT INTO subscriber_cells (cell, subscriber_id) SELECT cell, id FROM unnest($1::text[]::bigint[], $2::uuid[]) AS t(cell, id)`,
          [cellIds, ids],
        );
      });
    }
  });
  await Promise.all(writers);
}
