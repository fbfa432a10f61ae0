// H3 cells: the unit of targeting. A subscriber's location is kept only as one coarse cell; an alert's
// area becomes the set of cells it touches; the recipients are found by scanning a btree on the bigint
// cell column over a few contiguous ranges of cell indexes.
import { cellToParent, compactCells as h3CompactCells, getResolution, isValidCell, latLngToCell } from 'h3-js';
import { partPolygons, type AlertAreaPart } from './alert-area.ts';
import { isLonLat } from './geojson.ts';
import { polygonCellsOverlapping, TooManyCellsError } from './polygon-cells.ts';

/**
 * Resolution of the one cell stored for a subscriber's location. Averages (h3-js getHexagonAreaAvg,
 * getHexagonEdgeLengthAvg; a cell is about two edges across):
 *
 *   res 5: 252.9 km², edge 9.85 km
 *   res 6:  36.1 km², edge 3.72 km
 *   res 7:   5.16 km², edge 1.41 km   <- chosen
 *   res 8:   0.74 km², edge 0.53 km
 *   res 9:   0.11 km², edge 0.20 km
 *
 * Privacy: at England's density (about 430 people per km²) a res 7 cell holds about 2,000 people, in
 * London nearer 30,000, in sparse rural areas a few hundred, and only in the emptiest uplands a few dozen
 * households. Res 8 would narrow many rural cells to a hamlet or a single farm.
 * Precision: an alert reaches every cell its area touches, so people up to one cell across beyond the
 * drawn edge may be alerted (about 2.8 km at res 7). The cells touching a 10 km circle around Oxford
 * (314 km²) cover 522 km² at res 6, 401 km² at res 7, 348 km² at res 8. For a missing child a little
 * over-reach is far better than missing someone, but alerting whole towns beyond the area wears out
 * people's attention; res 7 keeps the over-reach near a quarter for a small area, less for larger ones.
 */
export const SUBSCRIBER_RESOLUTION = 7;

/**
 * Resolution at which alert areas are filled: the same as subscribers', so that "the cells the area
 * touches" are exactly the subscriber cells that overlap it. Filling finer and taking parents would give
 * about the same cells at seven times the work; filling coarser would add over-reach.
 */
export const ALERT_RESOLUTION = SUBSCRIBER_RESOLUTION;

/** The cells of an area, ascending by index, as H3 strings and the same cells as bigint. */
export interface AreaCells {
  cells: string[];
  cellIds: bigint[];
}

/** An inclusive range of cell indexes at one resolution: `cell BETWEEN min AND max` in SQL. */
export interface CellRange {
  min: bigint;
  max: bigint;
}

// H3 index layout (64 bits): 1 reserved bit (0), 4 mode bits, 3 reserved bits, 4 resolution bits
// (52-55), 7 base cell bits (45-51), then 15 digits of 3 bits, resolution 1's highest. Digits below the
// cell's resolution are 7; a child at finer resolution has digits 0-6 in their place.
const RESOLUTION_SHIFT = 52n;
const RESOLUTION_MASK = 0xfn << RESOLUTION_SHIFT;
const BASE_CELL_SHIFT = 45n;
const BASE_CELL_MASK = 0x7fn << BASE_CELL_SHIFT;
const LAST_BASE_CELL = 121n;
const MAX_RESOLUTION = 15;

/**
 * An H3 index fits a signed 64-bit integer (its top bit is 0), so PostgreSQL stores it as int8 and its
 * btree order is the order of these bigints. It is above 2^53: the database layer reads int8 as a
 * JavaScript number, which would corrupt it, so select `cell::text` and convert with BigInt, or keep the
 * comparison in SQL.
 */
export function cellToBigInt(cell: string): bigint {
  return BigInt(`0x${cell}`);
}

export function bigIntToCell(cellId: bigint): string {
  return cellId.toString(16);
}

/**
 * The cell to store for a subscriber who gives a location; the point itself is never stored.
 * Throws a RangeError for a position that is not longitude -180..180, latitude -90..90.
 */
export function pointToCell(lon: number, lat: number, resolution: number = SUBSCRIBER_RESOLUTION): string {
  if (!isLonLat(lon, lat)) throw new RangeError(`[${lon}, ${lat}] is not a longitude/latitude position`);
  return latLngToCell(lat, lon, resolution);
}

/**
 * Every cell at `resolution` that overlaps the area at any point, not only those whose centre is inside
 * (polygonToCells' rule), because an alert must reach people whose cell merely overlaps the edge. This is
 * H3's containmentOverlapping rule rather than a one-ring buffer around centre containment: a buffer adds
 * a whole ring of cells outside the area all the way round, this adds only the cells the edge touches.
 * It is computed by polygonCellsOverlapping (same result as H3's polygonToCellsExperimental with
 * containmentOverlapping, which the tests check, but in time that does not grow with cells × vertices).
 * Polygon edges are straight lines in longitude/latitude, as in geojson.ts; holes are honoured (a cell
 * overlapping a hole's edge is kept); circles are filled through a polygon that covers them.
 *
 * Limits: a polygon ring must not cross the antimeridian (validateAlertArea rejects it; split at 180 into
 * a MultiPolygon, it fills correctly); circles may cross it. Areas around a pole are not supported.
 * For a national alert do not call this: skip the cell filter altogether. Past `maxCells` cells it stops
 * and throws a TooManyCellsError. It can take seconds for a large detailed area: on a request path, call
 * it through the geometry pool (geometry-pool.ts), never on the event loop.
 */
export function cellsForArea(parts: readonly AlertAreaPart[], resolution: number = ALERT_RESOLUTION, maxCells = Infinity): AreaCells {
  const found = new Set<string>();
  for (const part of parts) {
    for (const polygon of partPolygons(part)) {
      // Each polygon may fill only what the others left, so the work stays bounded however parts overlap.
      for (const cell of polygonCellsOverlapping(polygon, resolution, maxCells - found.size)) found.add(cell);
      if (found.size > maxCells) throw new TooManyCellsError(maxCells);
    }
  }
  const cellIds = [...found].map(cellToBigInt).sort(compareBigInt);
  return { cells: cellIds.map(bigIntToCell), cellIds };
}

/**
 * The fewest cells covering the same ground: seven sibling cells become their parent, recursively.
 * The cells must share one resolution; duplicates are ignored.
 */
export function compactCells(cells: readonly string[]): string[] {
  return h3CompactCells([...new Set(cells)]);
}

/**
 * The inclusive range of indexes at `subscriberResolution` holding exactly the descendants of `cell`
 * among valid cells: digits below the cell's resolution run from all 0 (its centre child) to all 6.
 * A cell finer than `subscriberResolution` stands for its parent there (it overlaps that parent).
 */
export function cellToRange(cell: string, subscriberResolution: number = SUBSCRIBER_RESOLUTION): CellRange {
  const coarseCell = getResolution(cell) > subscriberResolution ? cellToParent(cell, subscriberResolution) : cell;
  const resolution = getResolution(coarseCell);
  const childDigitsMask = digitsMask(resolution + 1, subscriberResolution, 7n);
  const base = (cellToBigInt(coarseCell) & ~RESOLUTION_MASK & ~childDigitsMask) | (BigInt(subscriberResolution) << RESOLUTION_SHIFT);
  return { min: base, max: base | digitsMask(resolution + 1, subscriberResolution, 6n) };
}

/**
 * Sorted, disjoint ranges of subscriber cell indexes covering `cells` (any resolutions): compacted first,
 * then ranges that overlap or follow one another with no valid cell between them are merged, so that a
 * targeting query scans a few index ranges instead of probing every cell.
 */
export function cellRanges(cells: readonly string[], subscriberResolution: number = SUBSCRIBER_RESOLUTION): CellRange[] {
  const coarseCells = new Set<string>();
  for (const cell of cells) {
    if (!isValidCell(cell)) throw new RangeError(`${cell} is not an H3 cell`);
    coarseCells.add(getResolution(cell) > subscriberResolution ? cellToParent(cell, subscriberResolution) : cell);
  }
  const resolutions = new Set([...coarseCells].map(getResolution));
  const compacted = resolutions.size === 1 ? h3CompactCells([...coarseCells]) : [...coarseCells];
  const ranges = compacted.map((cell) => cellToRange(cell, subscriberResolution)).sort((a, b) => compareBigInt(a.min, b.min));

  const merged: CellRange[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    const next = last === undefined ? undefined : nextCellId(last.max, subscriberResolution);
    if (last !== undefined && next !== undefined && range.min <= next) {
      if (range.max > last.max) last.max = range.max;
    } else {
      merged.push({ ...range });
    }
  }
  return merged;
}

/**
 * The smallest index above `cellId` that could be a valid cell of `resolution`: its digits counted up in
 * base 7, carrying into the base cell. Every index in between has a digit 7, so no cell lies there.
 * Undefined after the last base cell. (A pentagon's missing children are not skipped: a range ending
 * before one is simply not merged with the next.)
 */
export function nextCellId(cellId: bigint, resolution: number): bigint | undefined {
  for (let digit = resolution; digit >= 1; digit--) {
    const shift = digitShift(digit);
    const value = (cellId >> shift) & 7n;
    if (value < 6n) {
      const cleared = cellId & ~digitsMask(digit, resolution, 7n);
      return cleared | ((value + 1n) << shift);
    }
  }
  const baseCell = (cellId & BASE_CELL_MASK) >> BASE_CELL_SHIFT;
  if (baseCell >= LAST_BASE_CELL) return undefined;
  return (cellId & ~BASE_CELL_MASK & ~digitsMask(1, resolution, 7n)) | ((baseCell + 1n) << BASE_CELL_SHIFT);
}

function digitShift(digit: number): bigint {
  return BigInt((MAX_RESOLUTION - digit) * 3);
}

/** `digitValue` in every digit from resolution `first` to `last` (none if first > last). */
function digitsMask(first: number, last: number, digitValue: bigint): bigint {
  let mask = 0n;
  for (let digit = first; digit <= last; digit++) mask |= digitValue << digitShift(digit);
  return mask;
}

function compareBigInt(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
