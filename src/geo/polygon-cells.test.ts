import { test } from 'node:test';
import assert from 'node:assert/strict';
import { POLYGON_TO_CELLS_FLAGS, latLngToCell, polygonToCellsExperimental } from 'h3-js';
import type { Position } from 'geojson';
import { circleToCoveringPolygon } from './alert-area.ts';
import { polygonCellsOverlapping } from './polygon-cells.ts';
import { COUNTY_SIZED_POLYGON, GREAT_BRITAIN_POLYGON, densifyPolygon } from './sample-areas.ts';

function box(west: number, south: number, east: number, north: number): Position[] {
  return [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
    [west, south],
  ];
}

/** A star with `points` spikes: very concave, with narrow spikes thinner than a cell near their tips. */
function star(center: Position, points: number, outerDegrees: number, innerDegrees: number): Position[] {
  const ring: Position[] = [];
  for (let index = 0; index < points * 2; index++) {
    const radius = index % 2 === 0 ? outerDegrees : innerDegrees;
    const angle = (Math.PI * index) / points;
    ring.push([center[0]! + radius * Math.cos(angle) * 1.6, center[1]! + radius * Math.sin(angle)]);
  }
  ring.push(ring[0]!);
  return ring;
}

function h3Overlapping(rings: Position[][], resolution: number): Set<string> {
  return new Set(polygonToCellsExperimental(rings, resolution, POLYGON_TO_CELLS_FLAGS.containmentOverlapping, true));
}

test('the same cells as H3 containmentOverlapping, for convex, concave, holed, tiny and detailed polygons', () => {
  const cases: Array<[string, Position[][], number]> = [
    ['a box', [box(-1.3, 51.7, -1.2, 51.8)], 7],
    ['a county-sized polygon', COUNTY_SIZED_POLYGON.coordinates, 7],
    ['the same, 2,300 vertices', densifyPolygon(COUNTY_SIZED_POLYGON, 0.001, 0.0003).coordinates, 7],
    ['a box with a hole', [box(-1.5, 51.6, -1.0, 51.9), box(-1.35, 51.68, -1.15, 51.82)], 7],
    ['a star', [star([-2, 53], 11, 0.3, 0.05)], 7],
    ['a star at resolution 8', [star([-2, 53], 7, 0.1, 0.01)], 8],
    ['a star at resolution 5', [star([10, 45], 9, 2, 0.3)], 5],
    [
      'a sliver 150 km long and a few metres wide',
      [
        [
          [-3, 52],
          [-1, 52.6],
          [-3, 52.0001],
          [-3, 52],
        ],
      ],
      7,
    ],
    ['smaller than a cell', [box(-1.2578, 51.7519, -1.2576, 51.7521)], 7],
    ['a 10 km circle', circleToCoveringPolygon([-1.2577, 51.752], 10).coordinates, 7],
    ['west of the antimeridian', [box(179.5, -17, 180, -16)], 7],
    ['east of the antimeridian', [box(-180, -17, -179.5, -16)], 7],
    ['southern hemisphere, far north', [box(150, -34, 151, -33)], 7],
  ];
  for (const [name, rings, resolution] of cases) {
    assert.deepEqual(polygonCellsOverlapping(rings, resolution), h3Overlapping(rings, resolution), name);
  }
});

test('Great Britain, coarse outline: the same cells as H3', () => {
  assert.deepEqual(polygonCellsOverlapping(GREAT_BRITAIN_POLYGON.coordinates, 6), h3Overlapping(GREAT_BRITAIN_POLYGON.coordinates, 6));
});

test('a circle crossing the antimeridian, its longitudes past 180, is filled on both sides', () => {
  const cells = polygonCellsOverlapping(circleToCoveringPolygon([179.95, -16.8], 10).coordinates, 7);
  assert.ok(cells.has(latLngToCell(-16.8, 179.99, 7)));
  assert.ok(cells.has(latLngToCell(-16.8, -179.99, 7)));
  assert.ok(cells.has(latLngToCell(-16.8, -179.97, 7)), '8.5 km east of the centre, across the antimeridian');
  assert.equal(cells.has(latLngToCell(-16.8, -179.8, 7)), false, '16 km east of the centre');
  // Same size as a circle at Oxford: about 80 cells, not a band round the world.
  assert.ok(cells.size > 60 && cells.size < 120, `${cells.size} cells`);
});

test('nothing for a polygon without edges', () => {
  assert.equal(
    polygonCellsOverlapping(
      [
        [
          [0, 0],
          [0, 0],
          [0, 0],
          [0, 0],
        ],
      ],
      7,
    ).size,
    0,
  );
});
