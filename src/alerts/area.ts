// An alert's area: drawn polygons and circles, whole jurisdictions, or national. Checked, turned into
// H3 cell ranges for targeting, and into CAP <area> blocks for broadcasters.
import type { Queryable } from '../db/database.ts';
import { MAX_AREA_CELLS, type AlertAreaPart, type AreaProblem } from '../geo/alert-area.ts';
import type { CellRange } from '../geo/cells.ts';
import { areaRangesOffThread, validateAreaOffThread } from '../geo/geometry-pool.ts';
import { TooManyCellsError } from '../geo/polygon-cells.ts';
import { invalid, Problem } from '../http/problem.ts';
import { countriesOfJurisdiction, jurisdictionsByCode, type JurisdictionShape } from '../geo/jurisdiction-lookup.ts';
import { polygonsFromGeoJson, type CapArea } from './cap.ts';
import type { AlertAreaInput } from './schemas.ts';
import type { StoredArea } from './store.ts';

export interface ResolvedArea {
  parts: AlertAreaPart[];
  jurisdictions: JurisdictionShape[];
  national: boolean;
}

export const DEFAULT_RADIUS_KM = 25;

function areaProblem(problems: AreaProblem[], pointer: string): Problem {
  const errors = problems.map((p) => ({ pointer: `${pointer}/parts${p.path}`, detail: p.message, code: 'area-invalid' }));
  // A well-formed area that is larger than allowed is refused as such, with the limits it passes.
  const limits = problems.filter((p) => p.limit);
  if (limits.length > 0) {
    return new Problem(422, 'area-too-large', 'The area is too large', limits[0]!.message, {
      errors: limits.map((p) => ({ pointer: `${pointer}/parts${p.path}`, detail: p.message, code: 'area-too-large' })),
    });
  }
  return new Problem(400, 'validation', 'The area is not valid', problems[0]!.message, { errors });
}

/**
 * Checks an area as staff gave it; throws a 400 naming the first part at fault, or a 422 when it is larger
 * than allowed. The check runs in a worker thread. `stored`: the area was checked when it was saved, so
 * only its jurisdictions are looked up (inside a transaction, nothing heavy may run).
 */
export async function resolveAlertArea(
  db: Queryable,
  area: StoredArea | AlertAreaInput,
  pointer = '/body/area',
  options: { stored?: boolean } = {},
): Promise<ResolvedArea> {
  const national = area.national === true;
  const parts = area.parts ?? [];
  const codes = area.jurisdictionCodes ?? [];
  if (!national && parts.length === 0 && codes.length === 0) {
    throw invalid(pointer, 'the area is empty: draw a polygon or circle, choose whole jurisdictions, or choose national', {
      code: 'area-empty',
    });
  }
  if (parts.length > 0 && !options.stored) {
    const problems = await validateAreaOffThread(parts);
    if (problems.length > 0) throw areaProblem(problems, pointer);
  }
  let jurisdictions: JurisdictionShape[] = [];
  if (codes.length > 0) {
    const rows = await jurisdictionsByCode(db, codes);
    const unknown = codes.filter((code) => !rows.some((row) => row.code === code));
    if (unknown.length > 0)
      throw invalid(`${pointer}/jurisdictionCodes`, `no jurisdiction has the code ${unknown.map((c) => `"${c}"`).join(', ')}`, {
        code: 'unknown-jurisdiction',
      });
    jurisdictions = rows;
  }
  return { parts: parts as AlertAreaPart[], jurisdictions, national };
}

/**
 * Cell ranges at the subscriber resolution; none for a national alert, which targets everyone. Worked out
 * in a worker thread, so call it before a transaction, not inside one. Throws a 422 for an area of more
 * than MAX_AREA_CELLS cells.
 */
export async function areaCellRanges(area: ResolvedArea, pointer = '/body/area'): Promise<CellRange[]> {
  if (area.national) return [];
  const parts: AlertAreaPart[] = [
    ...area.parts,
    ...area.jurisdictions.map((j): AlertAreaPart => ({ kind: 'polygon', geometry: j.geometry })),
  ];
  try {
    return await areaRangesOffThread(parts, MAX_AREA_CELLS);
  } catch (error) {
    if (!(error instanceof TooManyCellsError)) throw error;
    const detail = `The area covers more than ${MAX_AREA_CELLS.toLocaleString('en-GB')} cells of about 5 km² (over 500,000 km²); draw a smaller area, or choose national.`;
    throw new Problem(422, 'area-too-large', 'The area is too large', detail, {
      errors: [{ pointer, detail, code: 'area-too-large', limit: MAX_AREA_CELLS }],
    });
  }
}

export function describeArea(area: ResolvedArea, lastSeenPlace: string): string {
  if (area.national) return 'National';
  const names = area.jurisdictions.map((j) => j.name);
  for (const part of area.parts) {
    names.push(part.kind === 'circle' ? `within ${part.radiusKm} km of ${lastSeenPlace}` : `an area around ${lastSeenPlace}`);
  }
  const text = names.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The CAP area blocks: one per part or jurisdiction; for national, the countries the alert's force lies in. */
export async function capAreasFor(db: Queryable, area: ResolvedArea, description: string, jurisdictionId: string): Promise<CapArea[]> {
  if (area.national) {
    const rows = await countriesOfJurisdiction(db, jurisdictionId);
    return rows.length > 0
      ? rows.map((country) => ({ areaDesc: `${description}: ${country.name}`, polygons: outerRings(country) }))
      : [{ areaDesc: description }];
  }
  const blocks: CapArea[] = area.jurisdictions.map((j) => ({ areaDesc: j.name, polygons: outerRings(j) }));
  const polygons = area.parts.filter((p) => p.kind === 'polygon');
  const circles = area.parts.filter((p) => p.kind === 'circle');
  if (polygons.length > 0 || circles.length > 0) {
    blocks.push({
      areaDesc: description,
      ...(polygons.length > 0 ? { polygons: polygons.flatMap((p) => polygonsFromGeoJson(withoutHoles(p.geometry))) } : {}),
      ...(circles.length > 0 ? { circles: circles.map((c) => ({ center: c.center, radiusKm: c.radiusKm })) } : {}),
    });
  }
  return blocks;
}

// CAP polygons have no holes: a drawn area with a hole is announced by its outer ring (reaching a few
// more people rather than fewer); targeting still honours the hole.
function withoutHoles(geometry: JurisdictionShape['geometry']): JurisdictionShape['geometry'] {
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: geometry.coordinates.slice(0, 1) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((polygon) => polygon.slice(0, 1)) };
}

function outerRings(jurisdiction: JurisdictionShape) {
  return polygonsFromGeoJson(withoutHoles(jurisdiction.geometry));
}
