// Where an enrolled recipient, webhook or screen wants appeals from, as H3 cells at the subscriber
// resolution: given as an H3 cell, a jurisdiction code, or a "lat,lon" point (kept only as its cell).
import { cellToChildren, getResolution, isPentagon, isValidCell } from 'h3-js';
import type { Queryable } from '../db/database.ts';
import { cellToBigInt, pointToCell, SUBSCRIBER_RESOLUTION } from '../geo/cells.ts';
import { areaCellsOffThread } from '../geo/geometry-pool.ts';
import { countryShapes, jurisdictionsByCode } from '../geo/jurisdiction-lookup.ts';
import { TooManyCellsError } from '../geo/polygon-cells.ts';
import type { Area } from '../geo/geojson.ts';
import { invalid } from '../http/problem.ts';
import type { Checked } from './addresses.ts';

/**
 * The most cells one recipient, webhook or screen may stand for when its area is given explicitly. A
 * county-sized force area is a few thousand cells at resolution 7, a country of the size of Great
 * Britain 50,000 to 100,000; this admits a country and refuses a continent.
 */
export const MAX_CELLS_PER_AREA = 250_000;

/** Cells as the decimal text of their bigint index: what SQL takes for bigint, never rounded. */
export type CellIds = readonly string[];

const POINT = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;

function cellId(cell: string): string {
  return cellToBigInt(cell).toString();
}

function childCount(resolution: number, pentagon: boolean): number {
  const steps = SUBSCRIBER_RESOLUTION - resolution;
  // A pentagon has one child pentagon and five hexagons at each step: 1 + 5 × (7^n − 1) / 6.
  return pentagon ? 1 + (5 * (7 ** steps - 1)) / 6 : 7 ** steps;
}

/**
 * An H3 cell at the subscriber resolution or coarser, as the cells at the subscriber resolution it covers;
 * refused (before they are listed) when they would be more than `maxCells`.
 */
export function cellsOfH3(text: string, maxCells: number = MAX_CELLS_PER_AREA): Checked<string[]> {
  const cell = text.trim().toLowerCase();
  if (!isValidCell(cell)) return { ok: false, message: 'is not an H3 cell' };
  const resolution = getResolution(cell);
  if (resolution > SUBSCRIBER_RESOLUTION) {
    return { ok: false, message: `is an H3 cell of resolution ${resolution}; give one of resolution ${SUBSCRIBER_RESOLUTION} or coarser` };
  }
  if (childCount(resolution, isPentagon(cell)) > Math.min(maxCells, MAX_CELLS_PER_AREA)) {
    return {
      ok: false,
      message:
        maxCells < MAX_CELLS_PER_AREA
          ? `is an H3 cell of resolution ${resolution}, more area than is left for this import; give a finer one or split the file`
          : `is an H3 cell of resolution ${resolution}, larger than a country; give a finer one`,
    };
  }
  const cells = resolution === SUBSCRIBER_RESOLUTION ? [cell] : cellToChildren(cell, SUBSCRIBER_RESOLUTION);
  return { ok: true, value: cells.map(cellId) };
}

/** "lat,lon": the cell it falls in. The point itself goes no further than this function. */
export function cellOfPoint(text: string): Checked<string[]> | undefined {
  const match = POINT.exec(text);
  if (!match) return undefined;
  const lat = Number(match[1]);
  const lon = Number(match[2]);
  if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
    return { ok: false, message: 'is not a "latitude,longitude" position (latitude -90 to 90, longitude -180 to 180)' };
  }
  return { ok: true, value: [cellId(pointToCell(lon, lat))] };
}

async function jurisdictionGeometry(db: Queryable, code: string): Promise<Area | undefined> {
  return (await jurisdictionsByCode(db, [code]))[0]?.geometry;
}

/**
 * A jurisdiction's cells, as decimal ids, filled in a worker thread (a country is 50,000 cells or more and
 * seconds of work); undefined past `maxCells`.
 */
async function cellsOfGeometry(geometry: Area, maxCells = Infinity): Promise<string[] | undefined> {
  try {
    return (await areaCellsOffThread([{ kind: 'polygon', geometry }], maxCells)).map((cell) => cellToBigInt(cell).toString());
  } catch (error) {
    if (error instanceof TooManyCellsError) return undefined;
    throw error;
  }
}

/**
 * Resolves the area column of an import, one text at a time, remembering each jurisdiction's cells (and
 * each unknown code) for the rest of the import: a file of 100,000 rows names a handful of areas. The
 * cells of the distinct coarse cells it lists are counted against `maxCells`, so a file cannot make it
 * list millions of cells before the import's own limit is reached.
 */
export function createAreaResolver(db: Queryable, maxCells: number) {
  const jurisdictions = new Map<string, Promise<Checked<string[]>>>();
  const h3Cells = new Map<string, Checked<string[]>>();
  let listed = 0;
  // Only a jurisdiction's first mention waits for the database; cells and points are answered at once.
  return function resolveAreaText(text: string): Checked<string[]> | Promise<Checked<string[]>> {
    const value = text.trim();
    if (value === '') return { ok: false, message: 'is required: an H3 cell, a jurisdiction code, or "latitude,longitude"' };
    const point = cellOfPoint(value);
    if (point) return point;
    if (/^[0-9a-f]{15}$/i.test(value)) {
      // Rows naming the same coarse cell share one list, which the import then uploads once.
      const known = h3Cells.get(value);
      if (known) return known;
      const cells = cellsOfH3(value, maxCells - listed);
      if (cells.ok && cells.value.length > 1) {
        listed += cells.value.length;
        h3Cells.set(value, cells);
      }
      return cells;
    }
    let cached = jurisdictions.get(value);
    if (!cached) {
      cached = jurisdictionGeometry(db, value).then(async (geometry): Promise<Checked<string[]>> => {
        if (!geometry) return { ok: false, message: `is neither an H3 cell, a jurisdiction code nor "latitude,longitude"` };
        const cells = await cellsOfGeometry(geometry, MAX_CELLS_PER_AREA);
        return cells === undefined
          ? { ok: false, message: 'is a jurisdiction too large to enrol recipients in' }
          : { ok: true, value: cells };
      });
      jurisdictions.set(value, cached);
    }
    return cached;
  };
}

/** An area as the API takes it for webhooks and screens. */
export interface AreaRequest {
  jurisdictionCodes?: string[];
  cells?: string[];
  national?: boolean;
}

export interface ResolvedEnrolmentArea {
  national: boolean;
  /** Ascending, distinct. */
  cellIds: string[];
  jurisdictionCodes: string[];
}

/**
 * The cells of an area given through the API. National is resolved by the caller's choice: a screen with
 * no cells shows every appeal, while a webhook needs the cells of the country (see nationalCells).
 */
export async function resolveAreaRequest(db: Queryable, area: AreaRequest, pointer: string): Promise<ResolvedEnrolmentArea> {
  const codes = [...new Set(area.jurisdictionCodes ?? [])];
  const cells = [...new Set(area.cells ?? [])];
  if (area.national === true) {
    if (codes.length > 0 || cells.length > 0)
      throw invalid(pointer, 'a national area cannot also list jurisdictions or cells', { code: 'area-national-mixed' });
    return { national: true, cellIds: [], jurisdictionCodes: [] };
  }
  if (codes.length === 0 && cells.length === 0)
    throw invalid(pointer, 'the area is empty: give jurisdictionCodes, cells, or national', { code: 'area-empty' });
  const found = new Set<string>();
  const tooLarge = () =>
    invalid(pointer, `the area covers more than ${MAX_CELLS_PER_AREA} cells, the most allowed`, {
      code: 'area-too-large',
      limit: MAX_CELLS_PER_AREA,
    });
  if (codes.length > 0) {
    const rows = await jurisdictionsByCode(db, codes);
    const unknown = codes.filter((code) => !rows.some((row) => row.code === code));
    if (unknown.length > 0)
      throw invalid(`${pointer}/jurisdictionCodes`, `no jurisdiction has the code ${unknown.map((c) => `"${c}"`).join(', ')}`, {
        code: 'unknown-jurisdiction',
      });
    for (const row of rows) {
      const rowCells = await cellsOfGeometry(row.geometry, MAX_CELLS_PER_AREA);
      if (rowCells === undefined) throw tooLarge();
      for (const cell of rowCells) found.add(cell);
    }
  }
  if (found.size > MAX_CELLS_PER_AREA) throw tooLarge();
  cells.forEach((text, index) => {
    const checked = cellsOfH3(text, MAX_CELLS_PER_AREA - found.size);
    if (!checked.ok) throw invalid(`${pointer}/cells/${index}`, `"${text}" ${checked.message}`, { code: 'area-cell' });
    for (const cell of checked.value) found.add(cell);
    if (found.size > MAX_CELLS_PER_AREA) throw tooLarge();
  });
  return { national: false, cellIds: sortCellIds(found), jurisdictionCodes: codes };
}

/**
 * Every cell of the country jurisdictions: what a national webhook is enrolled in, so that fan-out finds it
 * by the same cell ranges as everyone else. At resolution 7 a country the size of Great Britain is 50,000
 * to 100,000 rows in subscriber_cells for that one webhook: acceptable for the few national partners.
 */
export async function nationalCells(db: Queryable): Promise<string[]> {
  const found = new Set<string>();
  for (const geometry of await countryShapes(db)) for (const cell of (await cellsOfGeometry(geometry)) ?? []) found.add(cell);
  return sortCellIds(found);
}

function sortCellIds(cells: Iterable<string>): string[] {
  return [...cells]
    .map(BigInt)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map(String);
}
