import { test } from 'node:test';
import assert from 'node:assert/strict';
import { greatCircleDistance, UNITS } from 'h3-js';
import type { Position } from 'geojson';
import {
  MAX_ALERT_AREA_PARTS,
  MAX_REPORTED_PROBLEMS,
  MAX_VERTICES_PER_PART,
  MAX_VERTICES_TOTAL,
  circleToCoveringPolygon,
  circleToPolygon,
  isValidAlertArea,
  validateAlertArea,
  type AlertAreaPart,
  type LonLat,
} from './alert-area.ts';

const OXFORD: LonLat = [-1.2577, 51.752];
const square: Position[] = [
  [-1.3, 51.7],
  [-1.2, 51.7],
  [-1.2, 51.8],
  [-1.3, 51.8],
  [-1.3, 51.7],
];
const hole: Position[] = [
  [-1.27, 51.73],
  [-1.23, 51.73],
  [-1.23, 51.77],
  [-1.27, 51.77],
  [-1.27, 51.73],
];

function polygonPart(...rings: Position[][]): AlertAreaPart {
  return { kind: 'polygon', geometry: { type: 'Polygon', coordinates: rings } };
}

/** A closed ring of `count` positions on a small circle (so it never crosses itself). */
function ringOf(count: number, center: LonLat = OXFORD): Position[] {
  const ring: Position[] = [];
  for (let index = 0; index < count - 1; index++) {
    const angle = (2 * Math.PI * index) / (count - 1);
    ring.push([center[0] + 0.1 * Math.cos(angle), center[1] + 0.1 * Math.sin(angle)]);
  }
  ring.push(ring[0]!);
  return ring;
}

function distanceKm([lon1, lat1]: Position, [lon2, lat2]: Position): number {
  return greatCircleDistance([lat1!, lon1!], [lat2!, lon2!], UNITS.km);
}

test('a polygon, a multipolygon with a hole and a circle make a valid area', () => {
  const parts: AlertAreaPart[] = [
    polygonPart(square),
    { kind: 'polygon', geometry: { type: 'MultiPolygon', coordinates: [[square, hole], [ringOf(50, [-0.1, 51.5])]] } },
    { kind: 'circle', center: OXFORD, radiusKm: 10 },
  ];
  assert.deepEqual(validateAlertArea(parts), []);
  assert.equal(isValidAlertArea(parts), true);
});

test('the list itself: not a list, empty, too many parts', () => {
  assert.deepEqual(validateAlertArea({ kind: 'circle' }), [{ path: '', message: 'The area must be a list of parts.' }]);
  const [empty] = validateAlertArea([]);
  assert.equal(empty?.path, '');
  assert.match(empty.message, /no parts/);
  const tooMany = Array.from({ length: MAX_ALERT_AREA_PARTS + 1 }, (): AlertAreaPart => ({ kind: 'circle', center: OXFORD, radiusKm: 1 }));
  const [problem] = validateAlertArea(tooMany);
  assert.match(problem!.message, new RegExp(`at most ${MAX_ALERT_AREA_PARTS}`));
  assert.equal(isValidAlertArea(tooMany), false);
});

test('parts that are not objects or have an unknown kind', () => {
  assert.deepEqual(
    validateAlertArea([null, 'national', { kind: 'national' }]).map((problem) => problem.path),
    ['/0', '/1', '/2/kind'],
  );
});

test('not valid GeoJSON: missing geometry, wrong type, coordinates not lists, positions not numbers', () => {
  const problems = validateAlertArea([
    { kind: 'polygon' },
    { kind: 'polygon', geometry: { type: 'Point', coordinates: [0, 0] } },
    { kind: 'polygon', geometry: { type: 'Polygon', coordinates: 'nope' } },
    { kind: 'polygon', geometry: { type: 'MultiPolygon', coordinates: [[]] } },
    {
      kind: 'polygon',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            ['1', 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
    },
    { kind: 'polygon', geometry: { type: 'Polygon', coordinates: [42] } },
  ]);
  assert.deepEqual(
    problems.map((problem) => problem.path),
    [
      '/0/geometry',
      '/1/geometry/type',
      '/2/geometry/coordinates',
      '/3/geometry/coordinates/0',
      '/4/geometry/coordinates/0/1',
      '/5/geometry/coordinates/0',
    ],
  );
  for (const problem of problems) assert.match(problem.message, /^[A-Z].*\.$/, 'each message is a sentence');
});

test('coordinates out of range point at the position', () => {
  const ring: Position[] = [
    [-1.3, 51.7],
    [181, 51.7],
    [-1.2, 91],
    [-1.3, 51.7],
  ];
  const problems = validateAlertArea([polygonPart(ring)]);
  assert.deepEqual(
    problems.map((problem) => problem.path),
    ['/0/geometry/coordinates/0/1', '/0/geometry/coordinates/0/2'],
  );
  assert.match(problems[0]!.message, /\[181, 51\.7\] is out of range/);
});

test('unclosed rings', () => {
  const [problem] = validateAlertArea([polygonPart(square.slice(0, 4))]);
  assert.equal(problem?.path, '/0/geometry/coordinates/0');
  assert.match(problem.message, /not closed/);
});

test('rings with fewer than 4 positions, or no area', () => {
  const [tooShort] = validateAlertArea([
    polygonPart([
      [0, 0],
      [1, 1],
      [0, 0],
    ]),
  ]);
  assert.equal(tooShort?.path, '/0/geometry/coordinates/0');
  assert.match(tooShort.message, /at least 4 positions.*has 3/);
  const [flat] = validateAlertArea([
    polygonPart([
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ]),
  ]);
  assert.match(flat!.message, /no area/);
});

test('a self-intersecting ring (a bow tie) is reported with where it crosses', () => {
  const bowTie: Position[] = [
    [0, 0],
    [1, 1],
    [1, 0],
    [0, 1],
    [0, 0],
  ];
  const [problem] = validateAlertArea([polygonPart(bowTie)]);
  assert.equal(problem?.path, '/0/geometry/coordinates');
  assert.match(problem.message, /crosses or touches itself at \[0\.5, 0\.5\]/);
});

test('a hole crossing the outer ring is reported, in the right polygon of a multipolygon', () => {
  const crossingHole: Position[] = [
    [-1.25, 51.75],
    [-1.1, 51.75],
    [-1.1, 51.76],
    [-1.25, 51.76],
    [-1.25, 51.75],
  ];
  const problems = validateAlertArea([
    { kind: 'polygon', geometry: { type: 'MultiPolygon', coordinates: [[ringOf(20, [0, 0])], [square, crossingHole]] } },
  ]);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.path, '/0/geometry/coordinates/1');
  assert.match(problems[0]!.message, /holes cross or touch/);
});

test('a repeated position, as drawing tools leave, is not a crossing', () => {
  const withRepeat: Position[] = [square[0]!, square[1]!, square[1]!, square[2]!, square[3]!, square[4]!];
  assert.deepEqual(validateAlertArea([polygonPart(withRepeat)]), []);
});

test('too many vertices in one part, and in all', () => {
  const [perPart] = validateAlertArea([polygonPart(ringOf(MAX_VERTICES_PER_PART + 1))]);
  assert.equal(perPart?.path, '/0/geometry/coordinates');
  assert.match(perPart.message, new RegExp(`at most ${MAX_VERTICES_PER_PART} are allowed in one part`));
  assert.equal(perPart.limit, true);

  const partsCount = Math.floor(MAX_VERTICES_TOTAL / MAX_VERTICES_PER_PART) + 1;
  const parts = Array.from({ length: partsCount }, (_, index) => polygonPart(ringOf(MAX_VERTICES_PER_PART, [index, 0])));
  const problems = validateAlertArea(parts);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.path, '');
  assert.match(problems[0]!.message, new RegExp(`at most ${MAX_VERTICES_TOTAL} are allowed`));
  assert.equal(problems[0]!.limit, true);
});

test('a ring crossing the antimeridian must be split', () => {
  const [problem] = validateAlertArea([
    polygonPart([
      [179.5, -17],
      [-179.5, -17],
      [-179.5, -16],
      [179.5, -16],
      [179.5, -17],
    ]),
  ]);
  assert.equal(problem?.path, '/0/geometry/coordinates/0/1');
  assert.match(problem.message, /antimeridian/);
  const split: AlertAreaPart = {
    kind: 'polygon',
    geometry: {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [179.5, -17],
            [180, -17],
            [180, -16],
            [179.5, -16],
            [179.5, -17],
          ],
        ],
        [
          [
            [-180, -17],
            [-179.5, -17],
            [-179.5, -16],
            [-180, -16],
            [-180, -17],
          ],
        ],
      ],
    },
  };
  assert.deepEqual(validateAlertArea([split]), []);
});

test('circles: radius at or below 0, above 300 km, not a number; centre out of range; reaching a pole', () => {
  const problems = validateAlertArea([
    { kind: 'circle', center: OXFORD, radiusKm: 0 },
    { kind: 'circle', center: OXFORD, radiusKm: -3 },
    { kind: 'circle', center: OXFORD, radiusKm: 300.5 },
    { kind: 'circle', center: OXFORD, radiusKm: '10' },
    { kind: 'circle', center: [-1.2577, 95], radiusKm: 10 },
    { kind: 'circle', center: 'Oxford', radiusKm: 10 },
    { kind: 'circle', center: [0, 88], radiusKm: 250 },
  ]);
  assert.deepEqual(
    problems.map((problem) => problem.path),
    ['/0/radiusKm', '/1/radiusKm', '/2/radiusKm', '/3/radiusKm', '/4/center', '/5/center', '/6'],
  );
  assert.match(problems[0]!.message, /more than 0 km and at most 300 km \(for more, choose national\); it is 0 km/);
  assert.match(problems[6]!.message, /pole/);
  // Only the radius above the limit is a limit (422); the rest are mistakes (400).
  assert.deepEqual(
    problems.map((problem) => problem.limit === true),
    [false, false, true, false, false, false, false],
  );
  assert.deepEqual(validateAlertArea([{ kind: 'circle', center: OXFORD, radiusKm: 300 }]), []);
});

test('problems are capped, so a bad file does not bury the first ones', () => {
  const badRing: Position[] = Array.from({ length: 500 }, () => [200, 0]);
  const problems = validateAlertArea([polygonPart(badRing)]);
  assert.equal(problems.length, MAX_REPORTED_PROBLEMS + 1);
  assert.match(problems[MAX_REPORTED_PROBLEMS]!.message, /more problems are not shown/);
});

test('circleToPolygon: closed ring of steps + 1 positions, every vertex on the circle', () => {
  const polygon = circleToPolygon(OXFORD, 10, 32);
  const ring = polygon.coordinates[0]!;
  assert.equal(ring.length, 33);
  assert.deepEqual(ring[0], ring[32]);
  for (const position of ring) assert.ok(Math.abs(distanceKm(OXFORD, position) - 10) < 0.001);
  assert.deepEqual(validateAlertArea([polygonPart(ring)]), []);
  assert.equal(circleToPolygon(OXFORD, 10).coordinates[0]!.length, 65, '64 steps by default');
});

test('circleToCoveringPolygon: the middle of every edge is at least the radius away, so the circle is inside', () => {
  const ring = circleToCoveringPolygon(OXFORD, 10, 16).coordinates[0]!;
  for (let index = 1; index < ring.length; index++) {
    const [lon1, lat1] = ring[index - 1]!;
    const [lon2, lat2] = ring[index]!;
    const middle: Position = [(lon1! + lon2!) / 2, (lat1! + lat2!) / 2];
    assert.ok(distanceKm(OXFORD, middle) >= 10 - 0.001, `edge ${index} cuts into the circle`);
  }
});

test('a circle crossing the antimeridian keeps its longitudes within -180..180', () => {
  const ring = circleToPolygon([179.95, -16.8], 10).coordinates[0]!;
  assert.ok(ring.every(([lon]) => lon! >= -180 && lon! <= 180));
  assert.ok(ring.some(([lon]) => lon! < 0) && ring.some(([lon]) => lon! > 0));
  assert.deepEqual(ring[0], ring[ring.length - 1]);
});
