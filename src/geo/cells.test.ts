import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UNITS,
  cellToCenterChild,
  cellToChildren,
  cellToLatLng,
  cellToParent,
  getHexagonAreaAvg,
  getPentagons,
  getRes0Cells,
  getResolution,
  gridDisk,
  isValidCell,
  latLngToCell,
  polygonToCells,
  uncompactCells,
} from 'h3-js';
import type { Position } from 'geojson';
import type { AlertAreaPart, LonLat } from './alert-area.ts';
import {
  ALERT_RESOLUTION,
  SUBSCRIBER_RESOLUTION,
  bigIntToCell,
  cellRanges,
  cellToBigInt,
  cellToRange,
  cellsForArea,
  compactCells,
  nextCellId,
  pointToCell,
  type CellRange,
} from './cells.ts';
import { areaContains } from './geojson.ts';
import { COUNTY_SIZED_POLYGON, GREAT_BRITAIN_POLYGON } from './sample-areas.ts';

const OXFORD: LonLat = [-1.2577, 51.752];
const EARTH_RADIUS_KM = 6371.0088; // turf's, which draws the circles

/** A small seeded generator, so that a failure can be replayed. */
function randomNumbers(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The point `distanceKm` from `start` on a great circle starting at `bearingDegrees`. */
function destination([lon, lat]: LonLat, distanceKm: number, bearingDegrees: number): LonLat {
  const radians = Math.PI / 180;
  const angle = distanceKm / EARTH_RADIUS_KM;
  const bearing = bearingDegrees * radians;
  const lat1 = lat * radians;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(angle) + Math.cos(lat1) * Math.sin(angle) * Math.cos(bearing));
  const lon2 =
    lon * radians + Math.atan2(Math.sin(bearing) * Math.sin(angle) * Math.cos(lat1), Math.cos(angle) - Math.sin(lat1) * Math.sin(lat2));
  const lonDegrees = lon2 / radians;
  return [lonDegrees > 180 ? lonDegrees - 360 : lonDegrees < -180 ? lonDegrees + 360 : lonDegrees, lat2 / radians];
}

function inRanges(cellId: bigint, ranges: readonly CellRange[]): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = ranges[middle]!;
    if (cellId < range.min) high = middle - 1;
    else if (cellId > range.max) low = middle + 1;
    else return true;
  }
  return false;
}

function polygonPart(...rings: Position[][]): AlertAreaPart {
  return { kind: 'polygon', geometry: { type: 'Polygon', coordinates: rings } };
}

function box(west: number, south: number, east: number, north: number): Position[] {
  return [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
    [west, south],
  ];
}

test('resolutions: a subscriber cell is coarse (at least 5 km² on average) and areas are filled at the same resolution', () => {
  assert.ok(getHexagonAreaAvg(SUBSCRIBER_RESOLUTION, UNITS.km2) >= 5);
  assert.equal(ALERT_RESOLUTION, SUBSCRIBER_RESOLUTION);
});

test('cellToBigInt and bigIntToCell round-trip, and every cell fits a signed 64-bit integer', () => {
  const cell = latLngToCell(OXFORD[1], OXFORD[0], SUBSCRIBER_RESOLUTION);
  assert.equal(cellToBigInt(cell), BigInt(`0x${cell}`));
  assert.equal(bigIntToCell(cellToBigInt(cell)), cell);
  const lastBaseCell = getRes0Cells().sort().at(-1)!;
  const highestCellId = cellToRange(lastBaseCell, 15).max; // base cell 121, every digit 6
  assert.ok(isValidCell(bigIntToCell(highestCellId)));
  assert.ok(highestCellId < 2n ** 63n);
});

test('pointToCell gives the cell holding the point, and refuses positions out of range', () => {
  assert.equal(pointToCell(OXFORD[0], OXFORD[1]), latLngToCell(OXFORD[1], OXFORD[0], SUBSCRIBER_RESOLUTION));
  assert.equal(getResolution(pointToCell(OXFORD[0], OXFORD[1])), SUBSCRIBER_RESOLUTION);
  assert.throws(() => pointToCell(200, 0), RangeError);
  assert.throws(() => pointToCell(0, Number.NaN), RangeError);
});

test('a 10 km circle around Oxford: the cell of every point inside it is in the area', () => {
  const { cells, cellIds } = cellsForArea([{ kind: 'circle', center: OXFORD, radiusKm: 10 }]);
  const covered = new Set(cells);
  assert.equal(cellIds.length, cells.length);
  assert.deepEqual(cellIds.map(bigIntToCell), cells);
  const random = randomNumbers(1);
  for (let sample = 0; sample < 5000; sample++) {
    const [lon, lat] = destination(OXFORD, 10 * Math.sqrt(random()), 360 * random());
    assert.ok(covered.has(pointToCell(lon, lat)), `[${lon}, ${lat}] is not covered`);
  }
  // All the way round, a few metres inside the edge.
  for (let bearing = 0; bearing < 360; bearing += 0.25) {
    const [lon, lat] = destination(OXFORD, 9.995, bearing);
    assert.ok(covered.has(pointToCell(lon, lat)), `edge point at bearing ${bearing} is not covered`);
  }
  // 314 km² in cells of about 5 km², plus the ring the edge crosses: not the whole county.
  assert.ok(cells.length > 60 && cells.length < 150, `${cells.length} cells`);
});

test('edge behaviour: a cell that only overlaps the edge is included, though its centre is outside', () => {
  const square = box(-1.3, 51.7, -1.2, 51.8);
  const { cells } = cellsForArea([polygonPart(square)]);
  const covered = new Set(cells);
  const centreOnly = new Set(polygonToCells([square], ALERT_RESOLUTION, true));
  let edgeCellsWithCentreOutside = 0;
  for (let lon = -1.2999; lon < -1.2; lon += 0.0002) {
    for (const [pointLon, pointLat] of [
      [lon, 51.700001],
      [lon, 51.799999],
    ] as const) {
      assert.ok(areaContains({ type: 'Polygon', coordinates: [square] }, pointLon, pointLat));
      const cell = pointToCell(pointLon, pointLat);
      assert.ok(covered.has(cell), `[${pointLon}, ${pointLat}], just inside the edge, is not covered`);
      const [centreLat] = cellToLatLng(cell);
      if (centreLat < 51.7 || centreLat > 51.8) {
        edgeCellsWithCentreOutside++;
        assert.equal(centreOnly.has(cell), false, 'polygonToCells would have missed it');
      }
    }
  }
  assert.ok(edgeCellsWithCentreOutside > 0, 'the walk along the edge met cells whose centre is outside');
  for (const cell of centreOnly) assert.ok(covered.has(cell), 'every cell with its centre inside is included too');
});

test('holes: a cell well inside the hole is left out, one overlapping the hole edge is kept', () => {
  const outer = box(-1.5, 51.6, -1.0, 51.9);
  const hole = box(-1.35, 51.68, -1.15, 51.82);
  const { cells } = cellsForArea([polygonPart(outer, hole)]);
  const covered = new Set(cells);
  assert.equal(covered.has(pointToCell(-1.25, 51.75)), false, 'the middle of the hole');
  assert.equal(covered.has(pointToCell(-1.35 + 0.000001, 51.75)), true, 'just inside the hole, the cell overlaps the ring');
  const random = randomNumbers(2);
  const area = { type: 'Polygon' as const, coordinates: [outer, hole] };
  let checked = 0;
  while (checked < 2000) {
    const lon = -1.5 + 0.5 * random();
    const lat = 51.6 + 0.3 * random();
    if (!areaContains(area, lon, lat)) continue;
    assert.ok(covered.has(pointToCell(lon, lat)), `[${lon}, ${lat}] is not covered`);
    checked++;
  }
});

test('multipolygons and several parts give the union of their cells', () => {
  const oxford = box(-1.3, 51.7, -1.2, 51.8);
  const cambridge = box(0.07, 52.17, 0.17, 52.24);
  const alone = [cellsForArea([polygonPart(oxford)]).cells, cellsForArea([polygonPart(cambridge)]).cells];
  const multipolygon = cellsForArea([{ kind: 'polygon', geometry: { type: 'MultiPolygon', coordinates: [[oxford], [cambridge]] } }]);
  assert.equal(multipolygon.cells.length, alone[0]!.length + alone[1]!.length);
  assert.deepEqual(new Set(multipolygon.cells), new Set([...alone[0]!, ...alone[1]!]));
  const overlappingParts = cellsForArea([polygonPart(oxford), { kind: 'circle', center: OXFORD, radiusKm: 3 }]);
  assert.deepEqual(overlappingParts.cells, alone[0], 'a circle inside the square adds nothing, and nothing is listed twice');
});

test('an area smaller than a cell still reaches the cell it lies in', () => {
  const [lon, lat] = OXFORD;
  const { cells } = cellsForArea([polygonPart(box(lon - 0.0001, lat - 0.0001, lon + 0.0001, lat + 0.0001))]);
  assert.ok(cells.includes(pointToCell(lon, lat)));
  assert.ok(cells.length <= 3);
});

test('across the antimeridian: a polygon split at 180, and a circle, fill only their own side of the world', () => {
  const split: AlertAreaPart = {
    kind: 'polygon',
    geometry: { type: 'MultiPolygon', coordinates: [[box(179.5, -17, 180, -16)], [box(-180, -17, -179.5, -16)]] },
  };
  const { cells } = cellsForArea([split]);
  const covered = new Set(cells);
  const random = randomNumbers(3);
  for (let sample = 0; sample < 2000; sample++) {
    const lon = 179.5 + random();
    const lat = -17 + random();
    assert.ok(covered.has(pointToCell(lon > 180 ? lon - 360 : lon, lat)));
  }
  // About 11,900 km² of cells averaging 5 km², plus the edges: nowhere near the whole band of latitude.
  assert.ok(cells.length < 5000, `${cells.length} cells`);

  const center: LonLat = [179.95, -16.8];
  const circle = new Set(cellsForArea([{ kind: 'circle', center, radiusKm: 10 }]).cells);
  for (let bearing = 0; bearing < 360; bearing += 1) {
    for (const distance of [0.5, 5, 9.99]) {
      const [lon, lat] = destination(center, distance, bearing);
      assert.ok(circle.has(pointToCell(lon, lat)), `bearing ${bearing}, ${distance} km`);
    }
  }
  assert.ok(circle.size < 150, `${circle.size} cells`);
});

test('the children of a cell form one range of indexes, exactly (every valid cell at resolution 3)', () => {
  const allAtResolution3 = getRes0Cells()
    .flatMap((cell) => cellToChildren(cell, 3))
    .map(cellToBigInt)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  assert.equal(allAtResolution3.length, 41_162);
  const [pentagon] = getPentagons(0);
  const hexagon = getRes0Cells().find((cell) => !getPentagons(0).includes(cell))!;
  const oxfordParents = [0, 1, 2].map((resolution) => latLngToCell(OXFORD[1], OXFORD[0], resolution));
  const parents = [pentagon!, hexagon, cellToChildren(pentagon!, 1)[0]!, getPentagons(2)[5]!, ...oxfordParents, oxfordParents[2]!];
  for (const parent of parents) {
    const range = cellToRange(parent, 3);
    const inRange = allAtResolution3.filter((cellId) => cellId >= range.min && cellId <= range.max).map(bigIntToCell);
    const children = cellToChildren(parent, 3);
    assert.deepEqual(new Set(inRange), new Set(children), `children of ${parent}`);
    assert.equal(inRange.length, children.length);
    assert.equal(range.min, cellToBigInt(cellToCenterChild(parent, 3)), 'the range starts at the centre child');
    assert.equal(
      range.max,
      children.map(cellToBigInt).reduce((a, b) => (a > b ? a : b)),
      'and ends at the last child',
    );
  }
});

test('the children of a cell form one range of indexes at the subscriber resolution (checked against the neighbours)', () => {
  const [pentagon] = getPentagons(5);
  const parents = [4, 5, 6].map((resolution) => latLngToCell(OXFORD[1], OXFORD[0], resolution)).concat(pentagon!);
  for (const parent of parents) {
    const parentResolution = getResolution(parent);
    const range = cellToRange(parent, SUBSCRIBER_RESOLUTION);
    const candidates = gridDisk(parent, 2).flatMap((cell) => cellToChildren(cell, SUBSCRIBER_RESOLUTION));
    let children = 0;
    for (const cell of candidates) {
      const isChild = cellToParent(cell, parentResolution) === parent;
      const cellId = cellToBigInt(cell);
      assert.equal(cellId >= range.min && cellId <= range.max, isChild, `${cell} and the range of ${parent}`);
      if (isChild) children++;
    }
    assert.equal(children, cellToChildren(parent, SUBSCRIBER_RESOLUTION).length);
  }
  const cell = pointToCell(OXFORD[0], OXFORD[1]);
  assert.deepEqual(
    cellToRange(cell),
    { min: cellToBigInt(cell), max: cellToBigInt(cell) },
    'a subscriber-resolution cell is its own range',
  );
  const fine = latLngToCell(OXFORD[1], OXFORD[0], 9);
  assert.deepEqual(cellToRange(fine), cellToRange(cell), 'a finer cell stands for its parent');
});

test('nextCellId: between one valid cell and the next there is no other (every cell at resolution 2)', () => {
  const all = getRes0Cells()
    .flatMap((cell) => cellToChildren(cell, 2))
    .map(cellToBigInt)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (let index = 0; index + 1 < all.length; index++) {
    const next = nextCellId(all[index]!, 2);
    assert.ok(next !== undefined && next > all[index]! && next <= all[index + 1]!);
    // Only a pentagon's missing children may lie between: then the successor is not a valid cell.
    if (next !== all[index + 1]) assert.equal(isValidCell(bigIntToCell(next)), false);
  }
  assert.equal(nextCellId(all.at(-1)!, 2), undefined, 'nothing after the last cell');
});

test('compactCells covers the same cells with fewer', () => {
  const { cells } = cellsForArea([{ kind: 'polygon', geometry: COUNTY_SIZED_POLYGON }]);
  const compacted = compactCells([...cells, cells[0]!]);
  assert.ok(compacted.length < cells.length / 2, `${compacted.length} of ${cells.length}`);
  assert.deepEqual(new Set(uncompactCells(compacted, SUBSCRIBER_RESOLUTION)), new Set(cells));
});

test('cellRanges: every cell of the area is in a range, no cell around it or far away is', () => {
  const { cells, cellIds } = cellsForArea([{ kind: 'polygon', geometry: COUNTY_SIZED_POLYGON }]);
  const ranges = cellRanges(cells);
  for (const cellId of cellIds) assert.ok(inRanges(cellId, ranges));

  for (let index = 0; index < ranges.length; index++) {
    const range = ranges[index]!;
    assert.ok(range.min <= range.max);
    assert.equal(getResolution(bigIntToCell(range.min)), SUBSCRIBER_RESOLUTION);
    if (index > 0) assert.ok(ranges[index - 1]!.max < range.min, 'sorted and disjoint');
  }

  // The cells around the area are where a range too wide would show.
  const inArea = new Set(cells);
  const around = new Set<string>();
  for (const cell of cells) for (const neighbour of gridDisk(cell, 3)) if (!inArea.has(neighbour)) around.add(neighbour);
  assert.ok(around.size > 100);
  for (const cell of around) assert.equal(inRanges(cellToBigInt(cell), ranges), false, `${cell} is outside the area`);

  const random = randomNumbers(4);
  for (let sample = 0; sample < 5000; sample++) {
    const lon = -180 + 360 * random();
    const lat = -85 + 170 * random();
    if (Math.abs(lon - OXFORD[0]) < 2 && Math.abs(lat - OXFORD[1]) < 2) continue;
    assert.equal(inRanges(cellToBigInt(pointToCell(lon, lat)), ranges), false);
  }
});

test('cellRanges: far fewer ranges than cells for a large area', () => {
  const county = cellsForArea([{ kind: 'polygon', geometry: COUNTY_SIZED_POLYGON }]);
  const countyRanges = cellRanges(county.cells);
  assert.ok(countyRanges.length * 5 < county.cells.length, `${countyRanges.length} ranges for ${county.cells.length} cells`);
  const britain = cellsForArea([{ kind: 'polygon', geometry: GREAT_BRITAIN_POLYGON }]);
  const britainRanges = cellRanges(britain.cells);
  assert.ok(britainRanges.length * 5 < britain.cells.length, `${britainRanges.length} ranges for ${britain.cells.length} cells`);
  for (const cellId of britain.cellIds) assert.ok(inRanges(cellId, britainRanges));
});

test('cellRanges takes cells of any resolution: finer cells stand for their parents, mixed sets give the same ranges', () => {
  const { cells } = cellsForArea([{ kind: 'circle', center: OXFORD, radiusKm: 10 }]);
  const ranges = cellRanges(cells);
  assert.deepEqual(cellRanges(compactCells(cells)), ranges, 'compacted (mixed resolutions) or not');
  const finer = cells.flatMap((cell) => [cellToCenterChild(cell, 9)]);
  assert.deepEqual(cellRanges(finer), ranges);
  const parent = cellToParent(cells[0]!, 5);
  const withParent = cellRanges([...cells, parent]);
  assert.ok(withParent.some((range) => range.min <= cellToRange(parent).min && range.max >= cellToRange(parent).max));
  for (const range of ranges) assert.ok(withParent.some((wider) => wider.min <= range.min && wider.max >= range.max));
  assert.deepEqual(cellRanges([]), []);
  assert.throws(() => cellRanges(['not a cell']), RangeError);
});
