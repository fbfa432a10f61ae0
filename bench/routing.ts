// Routing points to jurisdictions: the flatbush index (bounding boxes, then an exact ray cast) against a
// scan of every polygon, over the same 100,000 random points in the same run. The force areas are a
// jittered grid over a Great Britain-sized box with fractal edges (each edge drawn once and shared by the
// two areas either side, so they tile without gaps), plus the country as the union of their outer edges.
// Run: node --import tsx bench/routing.ts
import { buildJurisdictionIndex, routePoint, routePointByScan, type JurisdictionSource } from '../src/geo/jurisdiction-index.ts';

const COLUMNS = 8;
const ROWS = 6;
const POINTS = 100_000;
const WEST = -8;
const EAST = 2;
const SOUTH = 50;
const NORTH = 59;

// A fixed seed, so every run routes the same points over the same areas.
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = mulberry32(20_261_123);

type Point = [number, number];

// Grid corners, jittered inside (the outer frame stays straight before its edges are roughened).
const corners: Point[][] = [];
for (let row = 0; row <= ROWS; row++) {
  corners.push([]);
  for (let column = 0; column <= COLUMNS; column++) {
    const inner = row > 0 && row < ROWS && column > 0 && column < COLUMNS;
    const jitterX = inner ? (random() - 0.5) * 0.5 : 0;
    const jitterY = inner ? (random() - 0.5) * 0.5 : 0;
    corners[row]!.push([WEST + ((column + jitterX) * (EAST - WEST)) / COLUMNS, SOUTH + ((row + jitterY) * (NORTH - SOUTH)) / ROWS]);
  }
}

/** Midpoint displacement: 2^depth segments, each midpoint pushed sideways by a share of its length. */
function jaggedEdge(from: Point, to: Point, depth: number): Point[] {
  if (depth === 0) return [from, to];
  const [x1, y1] = from;
  const [x2, y2] = to;
  const length = Math.hypot(x2 - x1, y2 - y1);
  const offset = (random() - 0.5) * length * 0.3;
  const middle: Point = [(x1 + x2) / 2 - ((y2 - y1) / length) * offset, (y1 + y2) / 2 + ((x2 - x1) / length) * offset];
  return [...jaggedEdge(from, middle, depth - 1), ...jaggedEdge(middle, to, depth - 1).slice(1)];
}

const edges = new Map<string, Point[]>();
function edge(a: [number, number], b: [number, number]): Point[] {
  const key = (p: [number, number]) => `${p[0]},${p[1]}`;
  const forward = `${key(a)}-${key(b)}`;
  const backward = `${key(b)}-${key(a)}`;
  const known = edges.get(forward) ?? edges.get(backward)?.slice().reverse();
  if (known) return known;
  // 128 to 256 segments an edge: 500 to 1,000 vertices an area.
  const drawn = jaggedEdge(corners[a[0]]![a[1]]!, corners[b[0]]![b[1]]!, random() < 0.5 ? 7 : 8);
  edges.set(forward, drawn);
  return drawn;
}

function ringThrough(path: [number, number][]): Point[] {
  const ring: Point[] = [];
  for (let i = 0; i < path.length - 1; i++) ring.push(...edge(path[i]!, path[i + 1]!).slice(i === 0 ? 0 : 1));
  return ring;
}

const sources: JurisdictionSource[] = [];
for (let row = 0; row < ROWS; row++) {
  for (let column = 0; column < COLUMNS; column++) {
    const ring = ringThrough([
      [row, column],
      [row, column + 1],
      [row + 1, column + 1],
      [row + 1, column],
      [row, column],
    ]);
    sources.push({
      id: `force-${row}-${column}`,
      code: `force-${row}-${column}`,
      name: `Force ${row}/${column}`,
      kind: 'force_area',
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
  }
}
const frame: [number, number][] = [];
for (let column = 0; column < COLUMNS; column++) frame.push([0, column]);
for (let row = 0; row < ROWS; row++) frame.push([row, COLUMNS]);
for (let column = COLUMNS; column > 0; column--) frame.push([ROWS, column]);
for (let row = ROWS; row >= 0; row--) frame.push([row, 0]);
sources.push({
  id: 'country',
  code: 'country',
  name: 'Country',
  kind: 'country',
  geometry: { type: 'Polygon', coordinates: [ringThrough(frame)] },
});

const vertexCounts = sources.filter((s) => s.kind === 'force_area').map((s) => (s.geometry.coordinates[0] as Point[]).length);
const countryVertices = (sources.at(-1)!.geometry.coordinates[0] as Point[]).length;

// Points over a box a little larger than the country, so some fall outside it.
const lons = new Float64Array(POINTS);
const lats = new Float64Array(POINTS);
for (let i = 0; i < POINTS; i++) {
  lons[i] = WEST - 0.5 + random() * (EAST - WEST + 1);
  lats[i] = SOUTH - 0.5 + random() * (NORTH - SOUTH + 1);
}

const start = performance.now();
const index = buildJurisdictionIndex(sources);
const buildMs = performance.now() - start;

function routeAll(route: typeof routePoint): { ms: number; answers: (string | null)[] } {
  const answers: (string | null)[] = new Array(POINTS);
  const begin = performance.now();
  for (let i = 0; i < POINTS; i++) answers[i] = route(index, lons[i]!, lats[i]!)?.code ?? null;
  return { ms: performance.now() - begin, answers };
}

// One warm-up pass each on a slice, so neither pays for the compiler alone.
for (let i = 0; i < 2_000; i++) {
  routePoint(index, lons[i]!, lats[i]!);
  routePointByScan(index, lons[i]!, lats[i]!);
}
const indexed = routeAll(routePoint);
const scanned = routeAll(routePointByScan);
let disagreements = 0;
for (let i = 0; i < POINTS; i++) if (indexed.answers[i] !== scanned.answers[i]) disagreements++;
const outside = indexed.answers.filter((answer) => answer === null).length;
const countryOnly = indexed.answers.filter((answer) => answer === 'country').length;

const rate = (ms: number) => Math.round(POINTS / (ms / 1000)).toLocaleString('en-GB');
console.log(
  `${vertexCounts.length} force areas, ${Math.min(...vertexCounts)}–${Math.max(...vertexCounts)} vertices each (${vertexCounts.reduce((a, b) => a + b, 0).toLocaleString('en-GB')} in all); country outline ${countryVertices.toLocaleString('en-GB')} vertices`,
);
console.log(`index built in ${buildMs.toFixed(1)} ms`);
console.log(
  `${POINTS.toLocaleString('en-GB')} points: ${outside.toLocaleString('en-GB')} outside the country, ${countryOnly} in the country but no force area`,
);
console.log(`index (flatbush + ray cast): ${indexed.ms.toFixed(1)} ms, ${rate(indexed.ms)} points/s`);
console.log(`scan of every polygon:       ${scanned.ms.toFixed(1)} ms, ${rate(scanned.ms)} points/s`);
console.log(`speed-up ${(scanned.ms / indexed.ms).toFixed(1)}×; answers that differ: ${disagreements}`);
if (disagreements > 0) process.exitCode = 1;
