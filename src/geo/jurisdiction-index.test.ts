// The jurisdiction index: holes, MultiPolygons, a force area before its country, the smaller of two
// overlapping force areas, and the same answers as a scan over every polygon.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Polygon } from 'geojson';
import { describeOnEngines } from '../../test/support/databases.ts';
import type { Database } from '../db/database.ts';
import { insertJurisdiction } from './jurisdictions-store.ts';
import {
  buildJurisdictionIndex,
  createJurisdictionIndexCache,
  routePoint,
  routePointByScan,
  type JurisdictionSource,
} from './jurisdiction-index.ts';

function square(west: number, south: number, east: number, north: number): Polygon['coordinates'][number] {
  return [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
    [west, south],
  ];
}

const SOURCES: JurisdictionSource[] = [
  { id: 'country', code: 'country', name: 'Country', kind: 'country', geometry: { type: 'Polygon', coordinates: [square(0, 0, 10, 10)] } },
  // A ring-shaped force area: its hole is another force's city.
  {
    id: 'ring',
    code: 'ring',
    name: 'Ring',
    kind: 'force_area',
    geometry: { type: 'Polygon', coordinates: [square(1, 1, 5, 5), square(2, 2, 3, 3)] },
  },
  { id: 'city', code: 'city', name: 'City', kind: 'force_area', geometry: { type: 'Polygon', coordinates: [square(2, 2, 3, 3)] } },
  // Islands: one force area in two pieces.
  {
    id: 'islands',
    code: 'islands',
    name: 'Islands',
    kind: 'force_area',
    geometry: { type: 'MultiPolygon', coordinates: [[square(6, 6, 7, 7)], [square(8, 8, 9, 9)]] },
  },
  // A large force area overlapping a smaller one: the smaller is the more specific.
  { id: 'large', code: 'large', name: 'Large', kind: 'force_area', geometry: { type: 'Polygon', coordinates: [square(6, 0, 10, 4)] } },
  { id: 'small', code: 'small', name: 'Small', kind: 'force_area', geometry: { type: 'Polygon', coordinates: [square(7, 1, 8, 2)] } },
  // A concave (L-shaped) one.
  {
    id: 'ell',
    code: 'ell',
    name: 'Ell',
    kind: 'force_area',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [0.1, 6],
          [2, 6],
          [2, 7],
          [1, 7],
          [1, 9],
          [0.1, 9],
          [0.1, 6],
        ],
      ],
    },
  },
];

describe('jurisdiction index', () => {
  const index = buildJurisdictionIndex(SOURCES);
  const codeAt = (lon: number, lat: number) => routePoint(index, lon, lat)?.code ?? null;

  it('finds the force area holding a point, and the country where no force area does', () => {
    assert.equal(codeAt(1.5, 1.5), 'ring');
    assert.equal(codeAt(0.5, 0.5), 'country');
    assert.equal(codeAt(11, 5), null);
    assert.equal(codeAt(-1, -1), null);
  });

  it('respects holes: a point in the hole belongs to the force area filling it', () => {
    assert.equal(codeAt(2.5, 2.5), 'city');
  });

  it('finds either piece of a MultiPolygon and not the sea between them', () => {
    assert.equal(codeAt(6.5, 6.5), 'islands');
    assert.equal(codeAt(8.5, 8.5), 'islands');
    assert.equal(codeAt(7.5, 7.5), 'country');
  });

  it('prefers the smaller of two overlapping force areas', () => {
    assert.equal(codeAt(7.5, 1.5), 'small');
    assert.equal(codeAt(9, 3), 'large');
  });

  it('handles concave polygons (a point in the bounding box but outside the shape)', () => {
    assert.equal(codeAt(0.5, 8), 'ell');
    assert.equal(codeAt(1.5, 8), 'country');
  });

  it('gives the same answer as a scan over every polygon for random points', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 12 - 1;
    for (let i = 0; i < 5_000; i++) {
      const lon = random();
      const lat = random();
      assert.equal(routePoint(index, lon, lat)?.code ?? null, routePointByScan(index, lon, lat)?.code ?? null, `at ${lon},${lat}`);
    }
  });

  it('routes nothing when there are no jurisdictions', () => {
    assert.equal(routePoint(buildJurisdictionIndex([]), 1, 1), null);
  });
});

describeOnEngines('jurisdiction index cache', (engine) => {
  let db: Database;
  before(async () => {
    db = await engine.open();
  });
  after(() => db.close());

  it('rebuilds when the table changes, asking at most once per interval', async () => {
    await insertJurisdiction(db, {
      code: 'country',
      name: 'Country',
      kind: 'country',
      geometry: { type: 'Polygon', coordinates: [square(0, 0, 10, 10)] },
    });
    let clock = 0;
    const cache = createJurisdictionIndexCache({ checkEveryMs: 30_000, now: () => clock });
    const first = await cache.current(db);
    assert.equal(routePoint(first, 2.5, 2.5)?.code, 'country');
    await insertJurisdiction(db, {
      code: 'city',
      name: 'City',
      kind: 'force_area',
      geometry: { type: 'Polygon', coordinates: [square(2, 2, 3, 3)] },
    });
    clock = 10_000;
    assert.equal(await cache.current(db), first, 'within the interval the table is not asked again');
    clock = 31_000;
    const second = await cache.current(db);
    assert.equal(routePoint(second, 2.5, 2.5)?.code, 'city');
    clock = 62_000;
    assert.equal(await cache.current(db), second, 'an unchanged table is not parsed again');
  });
});
