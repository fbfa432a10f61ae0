// Which jurisdiction holds a point: an in-memory index of every jurisdiction's polygons, built from the
// jurisdictions table and kept per process. The R-tree (flatbush) over polygon bounding boxes leaves a
// handful of candidates; an even-odd ray cast over flat coordinate arrays decides among them.
import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import type { Queryable } from '../db/database.ts';
import type { Area } from './geojson.ts';

export interface RoutedJurisdiction {
  id: string;
  code: string;
  name: string;
  kind: 'force_area' | 'country';
}

/** One polygon: its rings (outer first, then holes) as flat [lon, lat, lon, lat, ...] arrays. */
type FlatPolygon = Float64Array[];

interface IndexedPolygon {
  jurisdiction: number;
  rings: FlatPolygon;
}

export interface JurisdictionIndex {
  jurisdictions: RoutedJurisdiction[];
  /** Planar area (square degrees) of each jurisdiction: the smaller of two matches is the more specific. */
  areas: number[];
  polygons: IndexedPolygon[];
  tree: Flatbush | null;
}

export interface JurisdictionSource extends RoutedJurisdiction {
  geometry: Area;
}

function flattenRing(ring: Position[]): Float64Array {
  const flat = new Float64Array(ring.length * 2);
  for (let i = 0; i < ring.length; i++) {
    flat[i * 2] = ring[i]![0]!;
    flat[i * 2 + 1] = ring[i]![1]!;
  }
  return flat;
}

function ringArea(ring: Float64Array): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) sum += ring[j]! * ring[i + 1]! - ring[i]! * ring[j + 1]!;
  return Math.abs(sum) / 2;
}

/** Even-odd crossing test of one ring; points exactly on an edge may fall either way. */
function ringContains(ring: Float64Array, lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
    const yi = ring[i + 1]!;
    const yj = ring[j + 1]!;
    if (yi > lat !== yj > lat) {
      const xi = ring[i]!;
      const xj = ring[j]!;
      if (lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Inside the outer ring and in none of the holes. */
export function polygonContains(polygon: FlatPolygon, lon: number, lat: number): boolean {
  if (!ringContains(polygon[0]!, lon, lat)) return false;
  for (let h = 1; h < polygon.length; h++) if (ringContains(polygon[h]!, lon, lat)) return false;
  return true;
}

export function flattenArea(area: Area): FlatPolygon[] {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  return polygons.map((polygon) => polygon.map(flattenRing));
}

export function buildJurisdictionIndex(sources: JurisdictionSource[]): JurisdictionIndex {
  const jurisdictions: RoutedJurisdiction[] = [];
  const areas: number[] = [];
  const polygons: IndexedPolygon[] = [];
  for (const source of sources) {
    const number = jurisdictions.length;
    jurisdictions.push({ id: source.id, code: source.code, name: source.name, kind: source.kind });
    let area = 0;
    for (const rings of flattenArea(source.geometry)) {
      polygons.push({ jurisdiction: number, rings });
      area += ringArea(rings[0]!) - rings.slice(1).reduce((sum, hole) => sum + ringArea(hole), 0);
    }
    areas.push(area);
  }
  // Most specific first: force areas before countries, smaller before larger.
  const rank = (jurisdiction: number) => (jurisdictions[jurisdiction]!.kind === 'force_area' ? 0 : 1);
  polygons.sort(
    (a, b) =>
      rank(a.jurisdiction) - rank(b.jurisdiction) || areas[a.jurisdiction]! - areas[b.jurisdiction]! || a.jurisdiction - b.jurisdiction,
  );
  let tree: Flatbush | null = null;
  if (polygons.length > 0) {
    tree = new Flatbush(polygons.length);
    for (const { rings } of polygons) {
      const outer = rings[0]!;
      let west = Infinity;
      let south = Infinity;
      let east = -Infinity;
      let north = -Infinity;
      for (let i = 0; i < outer.length; i += 2) {
        west = Math.min(west, outer[i]!);
        east = Math.max(east, outer[i]!);
        south = Math.min(south, outer[i + 1]!);
        north = Math.max(north, outer[i + 1]!);
      }
      tree.add(west, south, east, north);
    }
    tree.finish();
  }
  return { jurisdictions, areas, polygons, tree };
}

/**
 * The most specific jurisdiction holding the point: a force area before a country, and the smaller of two
 * overlapping areas. Null when no jurisdiction holds it.
 */
export function routePoint(index: JurisdictionIndex, lon: number, lat: number): RoutedJurisdiction | null {
  if (!index.tree) return null;
  const candidates = index.tree.search(lon, lat, lon, lat);
  // Polygons are numbered most specific first, so the first that holds the point is the answer; a
  // country's long outline is only walked when no force area's polygon holds the point.
  candidates.sort((a, b) => a - b);
  for (const candidate of candidates) {
    const polygon = index.polygons[candidate]!;
    if (polygonContains(polygon.rings, lon, lat)) return index.jurisdictions[polygon.jurisdiction]!;
  }
  return null;
}

/** The same answer without the index: every polygon is tested. For comparison (the benchmark, tests). */
export function routePointByScan(index: JurisdictionIndex, lon: number, lat: number): RoutedJurisdiction | null {
  for (const polygon of index.polygons) {
    if (polygonContains(polygon.rings, lon, lat)) return index.jurisdictions[polygon.jurisdiction]!;
  }
  return null;
}

export async function loadJurisdictionIndex(db: Queryable): Promise<JurisdictionIndex> {
  const { rows } = await db.query<JurisdictionSource>('SELECT id, code, name, kind, geometry FROM jurisdictions ORDER BY code');
  return buildJurisdictionIndex(rows);
}

export interface JurisdictionIndexCache {
  /** The index, rebuilt first if the table changed (checked at most every `checkEveryMs`). */
  current(db: Queryable): Promise<JurisdictionIndex>;
}

/**
 * Jurisdictions change rarely (an operator imports them); rebuilding the index on each submission would
 * parse every polygon again. The table's row count, newest creation and newest replacement (a boundary
 * imported again keeps its row) tell whether it changed.
 */
export function createJurisdictionIndexCache(
  options: { checkEveryMs: number; now?: () => number } = { checkEveryMs: 30_000 },
): JurisdictionIndexCache {
  const now = options.now ?? (() => performance.now());
  let index: JurisdictionIndex | undefined;
  let signature = '';
  let checkedAt = -Infinity;
  return {
    async current(db) {
      if (index && now() - checkedAt < options.checkEveryMs) return index;
      const { rows } = await db.query<{ signature: string }>(
        `SELECT count(*)::text || '/' || COALESCE(max(created_at)::text, '') || '/' || COALESCE(max(updated_at)::text, '') || '/' || COALESCE(string_agg(id::text, ',' ORDER BY id), '') AS signature FROM jurisdictions`,
      );
      const next = rows[0]?.signature ?? '';
      checkedAt = now();
      if (!index || next !== signature) {
        index = await loadJurisdictionIndex(db);
        signature = next;
      }
      return index;
    },
  };
}

/**
 * One cache per process, shared by everything that routes points. It asks for the signature on every
 * use: one aggregate over a table of tens of rows costs far less than the insert it accompanies, and a
 * process that talks to more than one database (tests, an operator's import) never routes with another
 * database's areas. Only a changed table is parsed again.
 */
export const processJurisdictionIndex = createJurisdictionIndexCache({ checkEveryMs: 0 });
