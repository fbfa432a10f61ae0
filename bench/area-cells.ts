// Figures for targeting by cell ranges: how many cells, compacted cells and ranges an area gives, and
// how long each step takes. Run: npx tsx src/geo/cells.bench.ts
import { POLYGON_TO_CELLS_FLAGS, UNITS, cellArea, polygonToCellsExperimental } from 'h3-js';
import { partPolygons, validateAlertArea, type AlertAreaPart } from '../src/geo/alert-area.ts';
import { SUBSCRIBER_RESOLUTION, cellRanges, cellsForArea, compactCells } from '../src/geo/cells.ts';
import { COUNTY_SIZED_POLYGON, GREAT_BRITAIN_POLYGON, densifyPolygon } from '../src/geo/sample-areas.ts';

const RUNS = 5;

function medianMilliseconds(work: () => unknown, runs = RUNS): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const areas: Array<{ name: string; parts: AlertAreaPart[] }> = [
  { name: '10 km circle, Oxford', parts: [{ kind: 'circle', center: [-1.2577, 51.752], radiusKm: 10 }] },
  { name: '100 km circle, Oxford', parts: [{ kind: 'circle', center: [-1.2577, 51.752], radiusKm: 100 }] },
  { name: 'county-sized polygon (14 corners)', parts: [{ kind: 'polygon', geometry: COUNTY_SIZED_POLYGON }] },
  { name: 'county-sized polygon (densified)', parts: [{ kind: 'polygon', geometry: densifyPolygon(COUNTY_SIZED_POLYGON, 0.001, 0.0003) }] },
  { name: 'Great Britain (70 corners)', parts: [{ kind: 'polygon', geometry: GREAT_BRITAIN_POLYGON }] },
  { name: 'Great Britain (densified)', parts: [{ kind: 'polygon', geometry: densifyPolygon(GREAT_BRITAIN_POLYGON, 0.005, 0.001) }] },
];

cellsForArea(areas[0]!.parts); // load the WebAssembly before timing

console.log(`resolution ${SUBSCRIBER_RESOLUTION}, median of ${RUNS} runs`);
for (const { name, parts } of areas) {
  const vertices = parts.reduce(
    (sum, part) => sum + (part.kind === 'polygon' ? JSON.stringify(part.geometry.coordinates).split('],[').length : 0),
    0,
  );
  const { cells } = cellsForArea(parts);
  const compacted = compactCells(cells);
  const ranges = cellRanges(cells);
  const areaKm2 = cells.reduce((sum, cell) => sum + cellArea(cell, UNITS.km2), 0);
  console.log(
    [
      name,
      vertices > 0 ? `${vertices} vertices` : '',
      `${cells.length} cells (${Math.round(areaKm2)} km² of cells)`,
      `${compacted.length} compacted`,
      `${ranges.length} ranges`,
      `validate ${medianMilliseconds(() => validateAlertArea(parts)).toFixed(1)} ms`,
      `cellsForArea ${medianMilliseconds(() => cellsForArea(parts)).toFixed(1)} ms`,
      `compactCells ${medianMilliseconds(() => compactCells(cells)).toFixed(1)} ms`,
      `cellRanges ${medianMilliseconds(() => cellRanges(cells)).toFixed(1)} ms`,
      // For comparison, H3's own fill with the same rule (one run: it is slow on detailed outlines).
      `H3 polygonToCellsExperimental ${medianMilliseconds(() => parts.flatMap(partPolygons).map((polygon) => polygonToCellsExperimental(polygon, SUBSCRIBER_RESOLUTION, POLYGON_TO_CELLS_FLAGS.containmentOverlapping, true)), 1).toFixed(1)} ms`,
    ]
      .filter(Boolean)
      .join(' | '),
  );
}
