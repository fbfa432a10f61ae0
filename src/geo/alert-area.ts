// The area an alert is published to, as staff give it: polygons and circles. Whole jurisdictions are
// resolved by the caller into polygon parts (their GeoJSON was checked when imported); "national" means
// no area at all, so it is never a part: the caller skips area filtering for national alerts.
import circle from '@turf/circle';
import kinks from '@turf/kinks';
import type { Polygon, Position } from 'geojson';
import { isLonLat, type Area } from './geojson.ts';

export type LonLat = [lon: number, lat: number];

export interface PolygonAreaPart {
  kind: 'polygon';
  geometry: Area;
}

export interface CircleAreaPart {
  kind: 'circle';
  center: LonLat;
  radiusKm: number;
}

export type AlertAreaPart = PolygonAreaPart | CircleAreaPart;

/** `path` is a JSON pointer into the list of parts ("" is the list itself), `message` a sentence for staff. */
export interface AreaProblem {
  path: string;
  message: string;
  /** Set when the area is well formed but larger than allowed (the limits below): 422 rather than 400. */
  limit?: true;
}

// Limits on what staff may draw or upload (jurisdictions' GeoJSON, checked on import, does not pass
// through here), from what an alert short of national needs: anything wider is a national alert, which
// has no area to work out. Self-intersection checking is quadratic in the vertices of a polygon (0.6 s
// for 5,000 and 2.6 s for 10,000 on a busy two-core machine), filling linear in cells (2.3 s for the
// 61,000 cells of a 300 km circle, 29 s for a 1,000 km one). Both run in a worker thread
// (geometry-pool.ts), never on the event loop; the limits keep each task to a few seconds there.
export const MAX_ALERT_AREA_PARTS = 50;
/** A drawn or pasted polygon: a force boundary simplified for display has a few thousand. */
export const MAX_VERTICES_PER_PART = 5_000;
export const MAX_VERTICES_TOTAL = 10_000;
/** 300 km around a place reaches most of England and Wales, or Scotland south of the Highlands. */
export const MAX_CIRCLE_RADIUS_KM = 300;
/**
 * Cells of the subscriber resolution (5.16 km² each): 100,000 is about 516,000 km², twice Great Britain,
 * so every force area or country chosen by name fits, with room for drawn parts beside them.
 */
export const MAX_AREA_CELLS = 100_000;
// Past this many, more problems only bury the first ones (a pasted file can have thousands of bad positions).
export const MAX_REPORTED_PROBLEMS = 20;

// Mean Earth radius used by turf; a circle whose radius reaches a pole cannot be drawn as one polygon.
const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE_OF_LATITUDE = (Math.PI * EARTH_RADIUS_KM) / 180;

/** Lists every problem with `parts` (up to MAX_REPORTED_PROBLEMS); an empty list means it is a usable area. */
export function validateAlertArea(parts: unknown): AreaProblem[] {
  const problems: AreaProblem[] = [];
  if (!Array.isArray(parts)) return [{ path: '', message: 'The area must be a list of parts.' }];
  if (parts.length === 0) return [{ path: '', message: 'The area has no parts: add a polygon or a circle, or choose national.' }];
  if (parts.length > MAX_ALERT_AREA_PARTS) {
    return [{ path: '', message: `The area has ${parts.length} parts; at most ${MAX_ALERT_AREA_PARTS} are allowed.`, limit: true }];
  }
  let totalVertices = 0;
  const wellFormedPolygons: WellFormedPolygon[] = [];
  parts.forEach((part: unknown, index) => {
    const path = `/${index}`;
    if (typeof part !== 'object' || part === null || Array.isArray(part)) {
      problems.push({ path, message: 'Each part must be an object with a kind of "polygon" or "circle".' });
      return;
    }
    const kind = (part as { kind?: unknown }).kind;
    if (kind === 'polygon') totalVertices += checkPolygonPart(part, path, problems, wellFormedPolygons);
    else if (kind === 'circle') checkCirclePart(part, path, problems);
    else problems.push({ path: `${path}/kind`, message: 'The kind of a part must be "polygon" or "circle".' });
  });
  if (totalVertices > MAX_VERTICES_TOTAL) {
    problems.push({
      path: '',
      message: `The polygons have ${totalVertices} positions in all; at most ${MAX_VERTICES_TOTAL} are allowed.`,
      limit: true,
    });
  }
  // Looking for crossings costs time quadratic in the vertices of each polygon, so only within the limits.
  if (problems.length === 0) {
    for (const polygon of wellFormedPolygons) checkCrossings(polygon.rings, polygon.path, problems);
  }
  return capProblems(problems);
}

export function isValidAlertArea(parts: unknown): parts is AlertAreaPart[] {
  return validateAlertArea(parts).length === 0;
}

/**
 * A polygon approximating the circle, for consumers that only take polygons (a CAP <polygon>; CAP also has
 * <circle>, which is exact). The vertices lie on the circle, so the polygon lies just inside it. Longitudes
 * are brought into -180..180, so a circle crossing the antimeridian has one edge that jumps across it.
 */
export function circleToPolygon(center: LonLat, radiusKm: number, steps = 64): Polygon {
  const ring = circleRing(center, radiusKm, steps).map(([lon, lat]) => [normaliseLongitude(lon!), lat!]);
  return { type: 'Polygon', coordinates: [ring] };
}

/**
 * A polygon that contains the whole circle (its edges touch the circle at their midpoints), for filling
 * with cells: a polygon inside the circle would miss a sliver of it between the vertices. Its longitudes
 * are continuous, so near the antimeridian they run past ±180: for filling, not for publishing.
 */
export function circleToCoveringPolygon(center: LonLat, radiusKm: number, steps = 64): Polygon {
  return { type: 'Polygon', coordinates: [circleRing(center, radiusKm / Math.cos(Math.PI / steps), steps)] };
}

/** The polygons of one part, with circles as covering polygons. */
export function partPolygons(part: AlertAreaPart): Position[][][] {
  if (part.kind === 'circle') return [circleToCoveringPolygon(part.center, part.radiusKm).coordinates];
  return part.geometry.type === 'Polygon' ? [part.geometry.coordinates] : part.geometry.coordinates;
}

function circleRing(center: LonLat, radiusKm: number, steps: number): Position[] {
  return circle(center, radiusKm, { steps, units: 'kilometers' }).geometry.coordinates[0]!;
}

function normaliseLongitude(lon: number): number {
  if (lon >= -180 && lon <= 180) return lon;
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

interface WellFormedPolygon {
  rings: Position[][];
  path: string;
}

/**
 * Records the problems of a polygon part and collects its well-formed polygons for the crossing check;
 * returns how many positions it has, for the overall limit.
 */
function checkPolygonPart(part: { geometry?: unknown }, path: string, problems: AreaProblem[], wellFormed: WellFormedPolygon[]): number {
  const geometryPath = `${path}/geometry`;
  const geometry = part.geometry;
  if (typeof geometry !== 'object' || geometry === null) {
    problems.push({ path: geometryPath, message: 'A polygon part needs a GeoJSON geometry of type "Polygon" or "MultiPolygon".' });
    return 0;
  }
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    problems.push({ path: `${geometryPath}/type`, message: 'The geometry type must be "Polygon" or "MultiPolygon".' });
    return 0;
  }
  const coordinatesPath = `${geometryPath}/coordinates`;
  if (!Array.isArray(coordinates) || coordinates.length === 0) {
    problems.push({ path: coordinatesPath, message: `The coordinates of a ${type} must be a non-empty list.` });
    return 0;
  }
  const polygons: Array<{ rings: unknown; path: string }> =
    type === 'Polygon'
      ? [{ rings: coordinates, path: coordinatesPath }]
      : coordinates.map((rings: unknown, index) => ({ rings, path: `${coordinatesPath}/${index}` }));

  let vertices = 0;
  for (const polygon of polygons) {
    if (!Array.isArray(polygon.rings) || polygon.rings.length === 0) {
      problems.push({ path: polygon.path, message: 'Each polygon must be a list of rings: an outer boundary, then any holes.' });
      continue;
    }
    // Every ring is checked, so that each one's problems are reported.
    const ringsOk = polygon.rings.map((ring: unknown, index) => {
      const ringPath = `${polygon.path}/${index}`;
      vertices += Array.isArray(ring) ? ring.length : 0;
      return checkRing(ring, ringPath, problems);
    });
    if (ringsOk.every(Boolean)) wellFormed.push({ rings: polygon.rings as Position[][], path: polygon.path });
  }
  if (vertices > MAX_VERTICES_PER_PART) {
    problems.push({
      path: coordinatesPath,
      message: `The polygon has ${vertices} positions; at most ${MAX_VERTICES_PER_PART} are allowed in one part.`,
      limit: true,
    });
  }
  return vertices;
}

/** Records the problems of one ring; returns whether it is well formed. Also used for imported boundaries. */
export function checkRing(ring: unknown, path: string, problems: AreaProblem[]): boolean {
  if (!Array.isArray(ring)) {
    problems.push({ path, message: 'A ring must be a list of [longitude, latitude] positions.' });
    return false;
  }
  let ok = true;
  for (let index = 0; index < ring.length; index++) {
    const position: unknown = ring[index];
    if (!Array.isArray(position) || position.length < 2 || typeof position[0] !== 'number' || typeof position[1] !== 'number') {
      problems.push({ path: `${path}/${index}`, message: 'A position must be [longitude, latitude] in numbers.' });
      ok = false;
    } else if (!isLonLat(position[0], position[1])) {
      problems.push({
        path: `${path}/${index}`,
        message: `The position [${position[0]}, ${position[1]}] is out of range: longitude must be within -180..180 and latitude within -90..90.`,
      });
      ok = false;
    }
    if (problems.length > MAX_REPORTED_PROBLEMS) break; // the rest would not be shown
  }
  if (!ok) return false;
  const positions = ring as Position[];
  if (positions.length < 4) {
    problems.push({
      path,
      message: `A ring needs at least 4 positions (3 corners and the first repeated at the end); this one has ${positions.length}.`,
    });
    return false;
  }
  const first = positions[0]!;
  const last = positions[positions.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    problems.push({ path, message: 'The ring is not closed: its last position must repeat its first.' });
    return false;
  }
  if (withoutRepeatedPositions(positions).length < 4) {
    problems.push({ path, message: 'The ring encloses no area: it needs at least 3 distinct corners.' });
    return false;
  }
  for (let index = 1; index < positions.length; index++) {
    if (Math.abs(positions[index]![0]! - positions[index - 1]![0]!) > 180) {
      problems.push({
        path: `${path}/${index}`,
        message:
          'The ring crosses the antimeridian (longitude 180); split it there into two polygons of a MultiPolygon, as GeoJSON (RFC 7946) requires.',
      });
      return false;
    }
  }
  return true;
}

export function checkCrossings(rings: Position[][], path: string, problems: AreaProblem[]): void {
  // Drawing tools often repeat a position; that is harmless, but kinks would report it as a crossing.
  const polygon: Polygon = { type: 'Polygon', coordinates: rings.map(withoutRepeatedPositions) };
  const crossings = kinks(polygon).features;
  if (crossings.length === 0) return;
  const [lon, lat] = crossings[0]!.geometry.coordinates;
  const message =
    rings.length === 1
      ? `The polygon's boundary crosses or touches itself at [${lon}, ${lat}]; draw it without crossing lines.`
      : `The polygon's boundary or holes cross or touch each other at [${lon}, ${lat}]; draw them without crossing lines.`;
  problems.push({ path, message });
}

function withoutRepeatedPositions(ring: Position[]): Position[] {
  return ring.filter((position, index) => index === 0 || position[0] !== ring[index - 1]![0] || position[1] !== ring[index - 1]![1]);
}

function checkCirclePart(part: { center?: unknown; radiusKm?: unknown }, path: string, problems: AreaProblem[]): void {
  const { center, radiusKm } = part;
  let centerOk = false;
  if (!Array.isArray(center) || center.length !== 2 || typeof center[0] !== 'number' || typeof center[1] !== 'number') {
    problems.push({ path: `${path}/center`, message: 'The centre of a circle must be [longitude, latitude] in numbers.' });
  } else if (!isLonLat(center[0], center[1])) {
    problems.push({
      path: `${path}/center`,
      message: `The centre [${center[0]}, ${center[1]}] is out of range: longitude must be within -180..180 and latitude within -90..90.`,
    });
  } else {
    centerOk = true;
  }
  if (typeof radiusKm !== 'number' || !Number.isFinite(radiusKm)) {
    problems.push({ path: `${path}/radiusKm`, message: 'The radius of a circle must be a number of kilometres.' });
    return;
  }
  if (radiusKm <= 0 || radiusKm > MAX_CIRCLE_RADIUS_KM) {
    problems.push({
      path: `${path}/radiusKm`,
      message: `The radius must be more than 0 km and at most ${MAX_CIRCLE_RADIUS_KM} km (for more, choose national); it is ${radiusKm} km.`,
      ...(radiusKm > 0 ? { limit: true as const } : {}),
    });
    return;
  }
  if (centerOk && 90 - Math.abs((center as number[])[1]!) < radiusKm / KM_PER_DEGREE_OF_LATITUDE) {
    problems.push({ path, message: 'The circle reaches a pole, which cannot be drawn as an area; use a smaller radius or a polygon.' });
  }
}

function capProblems(problems: AreaProblem[]): AreaProblem[] {
  if (problems.length <= MAX_REPORTED_PROBLEMS) return problems;
  return [
    ...problems.slice(0, MAX_REPORTED_PROBLEMS),
    { path: '', message: `${problems.length - MAX_REPORTED_PROBLEMS} more problems are not shown; fix these first.` },
  ];
}
