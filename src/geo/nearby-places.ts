// Places near a point and within a map's view, from the gazetteer table by bounded queries on the
// (lat, lon) index: a box around the point first, widened only when it holds nothing, so a lookup reads a
// few dozen rows of tens of thousands.
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { distanceKm } from './distance.ts';

export interface NearPlace {
  name: string;
  lon: number;
  lat: number;
  population: number | null;
  /** From the point asked about. */
  km: number;
}

/** Boxes tried in turn, in degrees of latitude: about 11, 33 and 110 km. */
const SEARCH_BOXES = [0.1, 0.3, 1];

/** The gazetteer place nearest a point (each place once, not its other names), or undefined past ~110 km. */
export async function nearestPlace(db: Queryable, point: { lon: number; lat: number }): Promise<NearPlace | undefined> {
  const cosLat = Math.max(0.2, Math.cos((point.lat * Math.PI) / 180));
  for (const box of SEARCH_BOXES) {
    const lonBox = box / cosLat;
    // Ranked by an equirectangular distance in SQL; the few nearest get the exact one below.
    const { rows } = await db.query<{ name: string; lon: number; lat: number; population: number | null }>(
      sql`SELECT name, lon, lat, population FROM gazetteer_places
        WHERE alias_of IS NULL AND kind = 'place' AND lat BETWEEN ${point.lat - box} AND ${point.lat + box} AND lon BETWEEN ${point.lon - lonBox} AND ${point.lon + lonBox}
        ORDER BY ((lon - ${point.lon}) * ${cosLat}) * ((lon - ${point.lon}) * ${cosLat}) + (lat - ${point.lat}) * (lat - ${point.lat}), COALESCE(population, 0) DESC, id
        LIMIT 5`,
    );
    if (rows.length > 0) {
      const ranked = rows
        .map((row) => ({ ...row, population: row.population === null ? null : Number(row.population), km: distanceKm(point, row) }))
        .sort((a, b) => a.km - b.km);
      return ranked[0];
    }
  }
  return undefined;
}

export interface Bounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

export interface PlaceLabel {
  name: string;
  lon: number;
  lat: number;
  population: number | null;
}

/**
 * The smallest population a map shows a name for at a zoom: cities at a country's view, towns at a
 * county's, every place close in (the console leaves out names that would overlap, largest kept). Places of a
 * force's own list without a population show close in only.
 */
export function labelPopulationAtZoom(zoom: number): number {
  if (zoom <= 5) return 250_000;
  if (zoom <= 6) return 100_000;
  if (zoom <= 7) return 30_000;
  if (zoom <= 8) return 10_000;
  return 0;
}

export const MAX_LABELS = 300;

/** Place names within a map's view that are large enough for its zoom, largest first. */
export async function placeLabels(db: Queryable, bounds: Bounds, zoom: number, limit = MAX_LABELS): Promise<PlaceLabel[]> {
  const minimum = labelPopulationAtZoom(zoom);
  // A view across the antimeridian is two boxes; the UK's never is, but the query stays right.
  const lonClause =
    bounds.west <= bounds.east ? sql`lon BETWEEN ${bounds.west} AND ${bounds.east}` : sql`(lon >= ${bounds.west} OR lon <= ${bounds.east})`;
  const { rows } = await db.query<PlaceLabel>(
    sql`SELECT name, lon, lat, population FROM gazetteer_places
      WHERE alias_of IS NULL AND kind = 'place' AND lat BETWEEN ${bounds.south} AND ${bounds.north} AND ${lonClause}
        AND (${minimum}::integer = 0 OR COALESCE(population, 0) >= ${minimum})
      ORDER BY COALESCE(population, 0) DESC, name, id
      LIMIT ${limit}`,
  );
  // The demo's towns and GeoNames' may both name one town: show it once.
  const shown: PlaceLabel[] = [];
  for (const row of rows) {
    const place = { ...row, population: row.population === null ? null : Number(row.population) };
    if (!shown.some((other) => other.name === place.name && distanceKm(other, place) < 5)) shown.push(place);
  }
  return shown;
}
