// Every H3 cell that overlaps a polygon at any point. H3's own polyfills (polygonToCells and
// polygonToCellsExperimental) test each candidate cell against every edge of the polygon, so their time
// grows with cells × vertices: 11 s for Great Britain at resolution 7 with an 8,800-vertex coastline.
// Here only the cells along the boundary are tested, each against the one edge that reaches it, and the
// inside is flooded from them, so the time grows with cells + vertices instead.
//
// Geometry is planar in longitude/latitude, like GeoJSON edges in geojson.ts and H3's own tests: a
// polygon edge is a straight line between its positions, a cell is the polygon of its boundary vertices.
import { cellToBoundary, cellToLatLng, getHexagonEdgeLengthAvg, gridDisk, latLngToCell, UNITS } from 'h3-js';
import type { Position } from 'geojson';

// A straight line in longitude/latitude is never longer than this many km per degree of its length.
const MAX_KM_PER_DEGREE = 111.33;

/**
 * The cells at `resolution` whose boundary touches the polygon (`rings`: outer ring, then holes) or that
 * lie inside it. Longitudes may run past ±180 when the polygon crosses the antimeridian (a circle's
 * covering polygon does); each ring must be continuous, with no edge spanning more than 180 degrees.
 */
export function polygonCellsOverlapping(rings: readonly Position[][], resolution: number, maxCells = Infinity): Set<string> {
  const edges = edgesOf(rings);
  if (edges.length === 0) return new Set();
  const frame = new PolygonFrame(edges);
  const boundary = boundaryCells(edges, resolution, frame);
  if (boundary.size > maxCells) throw new TooManyCellsError(maxCells);
  return new Set([...boundary, ...interiorCells(boundary, frame, maxCells - boundary.size)]);
}

/** An area would need more cells than allowed: filling stops as soon as that is known. */
export class TooManyCellsError extends Error {
  override readonly name = 'TooManyCellsError';
  constructor(readonly maxCells: number) {
    super(`the area covers more than ${maxCells} cells`);
  }
}

/** Flat list of edges: x1, y1, x2, y2 for each (longitude as x, latitude as y); zero-length ones dropped. */
function edgesOf(rings: readonly Position[][]): Float64Array {
  const values: number[] = [];
  for (const ring of rings) {
    for (let index = 1; index < ring.length; index++) {
      const [x1, y1] = ring[index - 1]!;
      const [x2, y2] = ring[index]!;
      if (x1 !== x2 || y1 !== y2) values.push(x1!, y1!, x2!, y2!);
    }
  }
  return Float64Array.from(values);
}

/**
 * The cells that an edge passes through or touches. Points are taken along each edge closer together
 * than a quarter of a cell's edge, so any cell the edge reaches between two points is a neighbour of one
 * of their cells; each of those neighbours is then tested exactly against the edge.
 */
function boundaryCells(edges: Float64Array, resolution: number, frame: PolygonFrame): Set<string> {
  const spacingKm = getHexagonEdgeLengthAvg(resolution, UNITS.km) / 4;
  const boundary = new Set<string>();
  for (let edge = 0; edge < edges.length; edge += 4) {
    const x1 = edges[edge]!;
    const y1 = edges[edge + 1]!;
    const x2 = edges[edge + 2]!;
    const y2 = edges[edge + 3]!;
    const steps = Math.max(1, Math.ceil((MAX_KM_PER_DEGREE * Math.hypot(x2 - x1, y2 - y1)) / spacingKm));
    const passed = new Set<string>();
    for (let step = 0; step <= steps; step++) {
      const along = step / steps;
      passed.add(latLngToCell(y1 + (y2 - y1) * along, normaliseLongitude(x1 + (x2 - x1) * along), resolution));
    }
    for (const cell of passed) {
      for (const candidate of gridDisk(cell, 1)) {
        if (!boundary.has(candidate) && segmentTouchesRing(x1, y1, x2, y2, frame.cellBoundary(candidate))) boundary.add(candidate);
      }
    }
  }
  return boundary;
}

/**
 * The cells entirely inside: two neighbouring cells that no edge touches are on the same side of the
 * boundary, so each region of untouched cells is wholly in or wholly out, decided by one cell's centre.
 */
function interiorCells(boundary: ReadonlySet<string>, frame: PolygonFrame, maxCells: number): Set<string> {
  const interior = new Set<string>();
  const outside = new Set<string>();
  for (const boundaryCell of boundary) {
    for (const seed of gridDisk(boundaryCell, 1)) {
      if (boundary.has(seed) || interior.has(seed) || outside.has(seed)) continue;
      if (!frame.containsCellCentre(seed)) {
        outside.add(seed);
        continue;
      }
      interior.add(seed);
      const toVisit = [seed];
      for (let cell = toVisit.pop(); cell !== undefined; cell = toVisit.pop()) {
        for (const neighbour of gridDisk(cell, 1)) {
          if (boundary.has(neighbour) || interior.has(neighbour)) continue;
          interior.add(neighbour);
          if (interior.size > maxCells) throw new TooManyCellsError(maxCells);
          toVisit.push(neighbour);
        }
      }
    }
  }
  return interior;
}

/**
 * The polygon's edges, bucketed by latitude for fast point-in-polygon tests, and the longitude frame it
 * is drawn in: a cell is moved by whole turns of 360 degrees to lie nearest the polygon.
 */
class PolygonFrame {
  private readonly centreLongitude: number;
  private readonly south: number;
  private readonly north: number;
  private readonly bandHeight: number;
  private readonly bands: number[][];
  private readonly boundaries = new Map<string, Float64Array>();

  constructor(private readonly edges: Float64Array) {
    let west = Infinity;
    let east = -Infinity;
    let south = Infinity;
    let north = -Infinity;
    for (let index = 0; index < edges.length; index += 2) {
      west = Math.min(west, edges[index]!);
      east = Math.max(east, edges[index]!);
      south = Math.min(south, edges[index + 1]!);
      north = Math.max(north, edges[index + 1]!);
    }
    this.centreLongitude = (west + east) / 2;
    this.south = south;
    this.north = north;
    const edgeCount = edges.length / 4;
    const bandCount = Math.max(1, Math.min(4096, Math.ceil(edgeCount / 4)));
    this.bandHeight = (north - south) / bandCount || 1;
    this.bands = Array.from({ length: bandCount }, () => []);
    for (let edge = 0; edge < edges.length; edge += 4) {
      const first = this.bandOf(Math.min(edges[edge + 1]!, edges[edge + 3]!));
      const last = this.bandOf(Math.max(edges[edge + 1]!, edges[edge + 3]!));
      for (let band = first; band <= last; band++) this.bands[band]!.push(edge);
    }
  }

  /** The cell's boundary as x, y pairs (closed), continuous across the antimeridian and in this frame. */
  cellBoundary(cell: string): Float64Array {
    const cached = this.boundaries.get(cell);
    if (cached !== undefined) return cached;
    const vertices = cellToBoundary(cell, true);
    const [, centreLongitude] = cellToLatLng(cell);
    const shift = this.shiftFor(centreLongitude);
    const ring = new Float64Array(vertices.length * 2);
    vertices.forEach(([lon, lat], index) => {
      // Vertices within half a turn of the cell's centre, then the whole cell moved into the frame.
      ring[index * 2] = lon + 360 * Math.round((centreLongitude - lon) / 360) + shift;
      ring[index * 2 + 1] = lat!;
    });
    this.boundaries.set(cell, ring);
    return ring;
  }

  containsCellCentre(cell: string): boolean {
    const [lat, lon] = cellToLatLng(cell);
    return this.contains(lon + this.shiftFor(lon), lat);
  }

  /** Even-odd rule: holes are outside. */
  private contains(x: number, y: number): boolean {
    if (y < this.south || y > this.north) return false;
    let inside = false;
    for (const edge of this.bands[this.bandOf(y)]!) {
      const x1 = this.edges[edge]!;
      const y1 = this.edges[edge + 1]!;
      const x2 = this.edges[edge + 2]!;
      const y2 = this.edges[edge + 3]!;
      if (y1 > y !== y2 > y && x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
    }
    return inside;
  }

  private bandOf(y: number): number {
    return Math.min(this.bands.length - 1, Math.max(0, Math.floor((y - this.south) / this.bandHeight)));
  }

  private shiftFor(longitude: number): number {
    return 360 * Math.round((this.centreLongitude - longitude) / 360);
  }
}

/** Whether segment (x1, y1)-(x2, y2) touches the closed ring: crosses or touches an edge, or lies inside. */
function segmentTouchesRing(x1: number, y1: number, x2: number, y2: number, ring: Float64Array): boolean {
  const count = ring.length / 2;
  for (let index = 0; index < count; index++) {
    const next = (index + 1) % count;
    if (segmentsTouch(x1, y1, x2, y2, ring[index * 2]!, ring[index * 2 + 1]!, ring[next * 2]!, ring[next * 2 + 1]!)) return true;
  }
  return pointInRing(x1, y1, ring); // no crossing: the segment is wholly inside or wholly outside
}

function pointInRing(x: number, y: number, ring: Float64Array): boolean {
  const count = ring.length / 2;
  let inside = false;
  for (let index = 0, previous = count - 1; index < count; previous = index++) {
    const xi = ring[index * 2]!;
    const yi = ring[index * 2 + 1]!;
    const xj = ring[previous * 2]!;
    const yj = ring[previous * 2 + 1]!;
    if (yi > y !== yj > y && x < xi + ((y - yi) * (xj - xi)) / (yj - yi)) inside = !inside;
  }
  return inside;
}

function segmentsTouch(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const d1 = orientation(cx, cy, dx, dy, ax, ay);
  const d2 = orientation(cx, cy, dx, dy, bx, by);
  const d3 = orientation(ax, ay, bx, by, cx, cy);
  const d4 = orientation(ax, ay, bx, by, dx, dy);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) ||
    (d2 === 0 && onSegment(cx, cy, dx, dy, bx, by)) ||
    (d3 === 0 && onSegment(ax, ay, bx, by, cx, cy)) ||
    (d4 === 0 && onSegment(ax, ay, bx, by, dx, dy))
  );
}

function orientation(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
}

/** Whether p, known to be on the line through a and b, is between them. */
function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
}

function normaliseLongitude(lon: number): number {
  return lon >= -180 && lon <= 180 ? lon : ((((lon + 180) % 360) + 360) % 360) - 180;
}
