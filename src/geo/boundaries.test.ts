// Checking boundary files feature by feature, as an operator would get them from a statistics office.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { areaKm2, checkBoundaryFile, describeBoundaryCheck } from './boundaries.ts';

const options = { codeProperty: 'PFA23CD', nameProperty: 'PFA23NM' };
const feature = (code: string | undefined, name: string | undefined, geometry: unknown) => ({
  type: 'Feature',
  properties: { PFA23CD: code, PFA23NM: name },
  geometry,
});
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const square = (west: number, south: number, east: number, north: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [west, south],
      [east, south],
      [east, north],
      [west, north],
      [west, south],
    ],
  ],
});

describe('boundary files', () => {
  it('accepts the sample of police force areas, a MultiPolygon with an island among them', () => {
    const check = checkBoundaryFile(
      fs.readFileSync(new URL('../../test/fixtures/police-force-areas-sample.geojson', import.meta.url), 'utf8'),
      options,
    );
    assert.equal(check.fileProblem, undefined);
    assert.deepEqual(
      check.features.map((f) => [f.code, f.name, f.problems]),
      [
        ['E23000029', 'Thames Valley', []],
        ['E23000030', 'Hampshire and Isle of Wight', []],
      ],
    );
    assert.ok(check.features[0]!.areaKm2! > 4000 && check.features[0]!.areaKm2! < 8000);
    assert.match(describeBoundaryCheck(check.features[0]!), /^feature 1 \(E23000029 Thames Valley\): ok, [\d,.]+ km²$/);
  });

  it('works out areas on the sphere: a degree square at the equator is about 12,364 km²', () => {
    assert.ok(Math.abs(areaKm2(square(0, 0, 1, 1) as never) - 12_364) < 10);
  });

  it('reports each bad feature on its own, with what is wrong', () => {
    const open = {
      type: 'Polygon',
      coordinates: [
        [
          [-1, 51],
          [0, 51],
          [0, 52],
          [-1, 52],
        ],
      ],
    };
    const bowTie = {
      type: 'Polygon',
      coordinates: [
        [
          [-1, 51],
          [0, 52],
          [0, 51],
          [-1, 52],
          [-1, 51],
        ],
      ],
    };
    const check = checkBoundaryFile(
      collection(
        feature('E1', 'Good', square(-1, 51, 0, 52)),
        feature('E2', 'Open ring', open),
        feature('E3', 'Bow tie', bowTie),
        feature('E4', 'Too large', square(-20, 40, 20, 60)),
        feature('E5', 'Speck', square(-1, 51, -0.999, 51.0005)),
        feature('E6', 'Projected', square(400000, 100000, 450000, 150000)),
        feature(undefined, 'No code', square(-1, 51, 0, 52)),
        feature('E8', 'A point', { type: 'Point', coordinates: [0, 51] }),
        feature('E1', 'Same code', square(1, 51, 2, 52)),
      ),
      options,
    );
    const problems = Object.fromEntries(check.features.map((f) => [f.feature, f.problems.join(' | ')]));
    assert.equal(problems[1], '');
    assert.match(problems[2]!, /not closed/);
    assert.match(problems[3]!, /crosses or touches itself/);
    assert.match(problems[4]!, /larger than the United Kingdom/);
    assert.match(problems[5]!, /too small/);
    assert.match(problems[6]!, /out of range/);
    assert.match(problems[7]!, /no "PFA23CD" property/);
    assert.match(problems[8]!, /Point, not a Polygon or MultiPolygon/);
    assert.match(problems[9]!, /same code as feature 1/);
  });

  it('refuses files that are not GeoJSON in longitude and latitude', () => {
    assert.match(checkBoundaryFile('{not json', options).fileProblem!, /not JSON/);
    assert.match(checkBoundaryFile('{"type":"Feature"}', options).fileProblem!, /not a GeoJSON FeatureCollection/);
    assert.match(checkBoundaryFile(collection(), options).fileProblem!, /no features/);
    const bng = JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } },
      features: [feature('E1', 'A', square(-1, 51, 0, 52))],
    });
    assert.match(checkBoundaryFile(bng, options).fileProblem!, /EPSG::27700.*WGS84/);
  });
});
