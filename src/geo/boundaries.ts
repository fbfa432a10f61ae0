// Jurisdiction boundaries as national statistics offices publish them: a GeoJSON FeatureCollection of
// Polygon and MultiPolygon features, each with a code and a name among its properties (the Office for
// National Statistics names them after the edition, e.g. PFA23CD and PFA23NM). Every feature is checked on
// its own and reported on its own, so an operator sees at once which areas of a file are unusable and why.
import type { Position } from 'geojson';
import { checkCrossings, checkRing, type AreaProblem } from './alert-area.ts';
import type { Area } from './geojson.ts';

/** The United Kingdom is about 243,000 km²: a boundary larger than this is a wrong file or a wrong projection. */
export const MAX_BOUNDARY_KM2 = 350_000;
/** Smaller than a hectare is a sliver or a degenerate shape, not an area anyone answers for. */
export const MIN_BOUNDARY_KM2 = 0.01;
/** The crossing check is quadratic in positions (about 10 s for 20,000): full-resolution editions are simplified first. */
export const MAX_BOUNDARY_POSITIONS = 20_000;
export const MAX_FEATURES = 2_000;

export interface BoundaryOptions {
  codeProperty: string;
  nameProperty: string;
}

export interface CheckedBoundary {
  /** Position of the feature in the file, from 1, as an operator counts. */
  feature: number;
  code: string | null;
  name: string | null;
  problems: string[];
  geometry?: Area;
  areaKm2?: number;
}

export interface BoundaryFileCheck {
  /** A problem with the file as a whole (not JSON, not a FeatureCollection); no features are then reported. */
  fileProblem?: string;
  features: CheckedBoundary[];
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Area of a ring on the sphere in km² (the method of Chamberlain and Duquette, as turf uses). */
function ringAreaKm2(ring: Position[]): number {
  let total = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [lon1, lat1] = ring[i]!;
    const [lon2, lat2] = ring[i + 1]!;
    total += toRadians(lon2! - lon1!) * (2 + Math.sin(toRadians(lat1!)) + Math.sin(toRadians(lat2!)));
  }
  return Math.abs((total * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2) / 1_000_000;
}

function toRadians(degrees: number): number {
  return (degrees * Math.PI) / 180;
}

export function areaKm2(area: Area): number {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  let total = 0;
  for (const polygon of polygons) {
    total += ringAreaKm2(polygon[0]!);
    for (const hole of polygon.slice(1)) total -= ringAreaKm2(hole);
  }
  return total;
}

function propertyText(properties: unknown, name: string): string | null {
  if (typeof properties !== 'object' || properties === null) return null;
  const value = (properties as Record<string, unknown>)[name];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** Checks one feature: its code and name, its geometry's form, closure, crossings and size. */
export function checkBoundaryFeature(value: unknown, index: number, options: BoundaryOptions): CheckedBoundary {
  const feature = index + 1;
  if (typeof value !== 'object' || value === null || (value as { type?: unknown }).type !== 'Feature') {
    return { feature, code: null, name: null, problems: ['is not a GeoJSON Feature'] };
  }
  const { properties, geometry } = value as { properties?: unknown; geometry?: unknown };
  const code = propertyText(properties, options.codeProperty);
  const name = propertyText(properties, options.nameProperty);
  const problems: string[] = [];
  if (!code) problems.push(`has no "${options.codeProperty}" property to use as its code`);
  else if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/.test(code))
    problems.push(`its code "${code}" must be letters, digits, "-", "_" or "." (at most 50)`);
  if (!name) problems.push(`has no "${options.nameProperty}" property to use as its name`);
  else if (name.length > 200) problems.push('its name is longer than 200 characters');

  const type = typeof geometry === 'object' && geometry !== null ? (geometry as { type?: unknown }).type : undefined;
  const coordinates = typeof geometry === 'object' && geometry !== null ? (geometry as { coordinates?: unknown }).coordinates : undefined;
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    problems.push(geometry == null ? 'has no geometry' : `its geometry is a ${String(type)}, not a Polygon or MultiPolygon`);
    return { feature, code, name, problems };
  }
  if (!Array.isArray(coordinates) || coordinates.length === 0) {
    problems.push('its geometry has no coordinates');
    return { feature, code, name, problems };
  }
  const polygons = (type === 'Polygon' ? [coordinates] : coordinates) as unknown[];
  let positions = 0;
  for (const polygon of polygons) if (Array.isArray(polygon)) for (const ring of polygon) if (Array.isArray(ring)) positions += ring.length;
  if (positions > MAX_BOUNDARY_POSITIONS) {
    problems.push(
      `has ${positions} positions; at most ${MAX_BOUNDARY_POSITIONS} are accepted (simplify it, e.g. the "generalised" edition)`,
    );
    return { feature, code, name, problems };
  }
  const shapeProblems: AreaProblem[] = [];
  const wellFormed: Array<{ rings: Position[][]; path: string }> = [];
  polygons.forEach((polygon, p) => {
    const path = type === 'Polygon' ? '/coordinates' : `/coordinates/${p}`;
    if (!Array.isArray(polygon) || polygon.length === 0) {
      shapeProblems.push({ path, message: 'Each polygon must be a list of rings: an outer boundary, then any holes.' });
      return;
    }
    // Every ring is checked, so that each one's problems are reported.
    const ringsOk = polygon.map((ring: unknown, r) => checkRing(ring, `${path}/${r}`, shapeProblems));
    if (ringsOk.every(Boolean)) wellFormed.push({ rings: polygon as Position[][], path });
  });
  if (shapeProblems.length === 0) for (const polygon of wellFormed) checkCrossings(polygon.rings, polygon.path, shapeProblems);
  for (const problem of shapeProblems.slice(0, 5)) problems.push(`geometry${problem.path}: ${problem.message}`);
  if (shapeProblems.length > 5) problems.push(`and ${shapeProblems.length - 5} more problems with its geometry`);
  if (shapeProblems.length > 0) return { feature, code, name, problems };

  const area = { type, coordinates } as Area;
  const km2 = areaKm2(area);
  if (km2 < MIN_BOUNDARY_KM2) problems.push(`encloses ${km2.toFixed(4)} km², too small to be an area anyone answers for`);
  if (km2 > MAX_BOUNDARY_KM2) {
    problems.push(
      `encloses ${Math.round(km2).toLocaleString('en-GB')} km², more than ${MAX_BOUNDARY_KM2.toLocaleString('en-GB')} km² (larger than the United Kingdom): is it in longitude/latitude (WGS84)?`,
    );
  }
  return { feature, code, name, problems, geometry: area, areaKm2: Math.round(km2 * 10) / 10 };
}

/** Checks a whole file (its text, or its JSON already parsed). The code must also be unique within the file. */
export function checkBoundaryFile(input: string | object, options: BoundaryOptions): BoundaryFileCheck {
  let parsed: unknown = input;
  if (typeof input === 'string') {
    try {
      parsed = JSON.parse(input);
    } catch {
      return { fileProblem: 'The file is not JSON.', features: [] };
    }
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { type?: unknown }).type !== 'FeatureCollection') {
    return { fileProblem: 'The file is not a GeoJSON FeatureCollection.', features: [] };
  }
  const crs = (parsed as { crs?: { properties?: { name?: unknown } } }).crs?.properties?.name;
  if (typeof crs === 'string' && !/CRS84|4326/i.test(crs)) {
    return {
      fileProblem: `The file is in ${crs}; export it in WGS84 longitude/latitude (EPSG:4326), as GeoJSON (RFC 7946) requires.`,
      features: [],
    };
  }
  const features = (parsed as { features?: unknown }).features;
  if (!Array.isArray(features) || features.length === 0) return { fileProblem: 'The FeatureCollection has no features.', features: [] };
  if (features.length > MAX_FEATURES)
    return { fileProblem: `The file has ${features.length} features; at most ${MAX_FEATURES} are imported at once.`, features: [] };
  const checked = features.map((feature, index) => checkBoundaryFeature(feature, index, options));
  const seen = new Map<string, number>();
  for (const boundary of checked) {
    if (!boundary.code) continue;
    const earlier = seen.get(boundary.code);
    if (earlier !== undefined) boundary.problems.push(`has the same code as feature ${earlier}`);
    else seen.set(boundary.code, boundary.feature);
  }
  return { features: checked };
}

/** One line per feature, for the command and for logs of an import: "feature 3 (E23000001 Metropolitan Police): ok". */
export function describeBoundaryCheck(boundary: CheckedBoundary): string {
  const label = `feature ${boundary.feature}${boundary.code || boundary.name ? ` (${[boundary.code, boundary.name].filter(Boolean).join(' ')})` : ''}`;
  if (boundary.problems.length === 0) return `${label}: ok, ${boundary.areaKm2?.toLocaleString('en-GB')} km²`;
  return `${label}: ${boundary.problems.join('; ')}`;
}
