// Rough hand-drawn outlines for tests and the cell benchmark: the right size and place, not real
// boundaries. Never use them for targeting.
import type { Polygon, Position } from 'geojson';

/** Shaped and sized roughly like Oxfordshire (about 2,600 km²). */
export const COUNTY_SIZED_POLYGON: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [-1.534, 52.08],
      [-1.3, 52.146],
      [-1.132, 51.987],
      [-1.048, 51.847],
      [-0.973, 51.725],
      [-0.898, 51.613],
      [-0.926, 51.52],
      [-1.113, 51.501],
      [-1.393, 51.52],
      [-1.58, 51.566],
      [-1.674, 51.632],
      [-1.646, 51.753],
      [-1.58, 51.893],
      [-1.627, 52.006],
      [-1.534, 52.08],
    ],
  ],
};

/** The mainland of Great Britain in 70 corners (about 235,000 km², cutting across firths and estuaries; the real island is 209,000 km²). */
export const GREAT_BRITAIN_POLYGON: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [-5.71, 50.06],
      [-5.2, 49.96],
      [-4.2, 50.33],
      [-3.64, 50.22],
      [-3.4, 50.62],
      [-2.45, 50.58],
      [-1.95, 50.6],
      [-1.3, 50.78],
      [-0.8, 50.73],
      [0.25, 50.74],
      [0.97, 50.91],
      [1.38, 51.15],
      [1.44, 51.38],
      [0.7, 51.45],
      [0.95, 51.6],
      [1.3, 51.87],
      [1.75, 52.45],
      [1.7, 52.75],
      [1.3, 52.95],
      [0.5, 52.97],
      [0.35, 52.8],
      [0.2, 52.9],
      [0.34, 53.14],
      [0.15, 53.5],
      [-0.05, 53.62],
      [-0.08, 54.12],
      [-0.61, 54.49],
      [-1.2, 54.62],
      [-1.42, 55.0],
      [-1.6, 55.6],
      [-2.0, 55.77],
      [-2.52, 56.0],
      [-2.58, 56.28],
      [-2.45, 56.75],
      [-2.05, 57.15],
      [-1.78, 57.5],
      [-2.0, 57.68],
      [-3.2, 57.7],
      [-3.8, 57.85],
      [-3.02, 58.64],
      [-5.0, 58.63],
      [-5.35, 58.2],
      [-5.7, 57.5],
      [-5.75, 56.8],
      [-6.22, 56.73],
      [-5.5, 56.3],
      [-5.8, 55.3],
      [-4.9, 55.7],
      [-5.15, 54.85],
      [-4.4, 54.7],
      [-3.6, 54.9],
      [-3.64, 54.51],
      [-3.05, 53.95],
      [-3.05, 53.45],
      [-4.0, 53.3],
      [-4.57, 53.4],
      [-4.75, 52.79],
      [-4.08, 52.41],
      [-4.7, 52.1],
      [-5.3, 51.88],
      [-5.1, 51.6],
      [-4.2, 51.55],
      [-3.2, 51.4],
      [-2.7, 51.6],
      [-3.0, 51.2],
      [-3.5, 51.22],
      [-4.2, 51.2],
      [-4.53, 51.02],
      [-5.0, 50.55],
      [-5.71, 50.06],
    ],
  ],
};

/**
 * The same outline with every edge cut into pieces of at most `maxStepDegrees`, wobbling by
 * `wobbleDegrees` to either side, so that it has as many vertices as a real, detailed boundary.
 */
export function densifyPolygon(polygon: Polygon, maxStepDegrees: number, wobbleDegrees: number): Polygon {
  const ring = polygon.coordinates[0]!;
  const dense: Position[] = [];
  for (let index = 1; index < ring.length; index++) {
    const [lon1, lat1] = ring[index - 1]!;
    const [lon2, lat2] = ring[index]!;
    const length = Math.hypot(lon2! - lon1!, lat2! - lat1!);
    const steps = Math.max(1, Math.ceil(length / maxStepDegrees));
    for (let step = 0; step < steps; step++) {
      const along = step / steps;
      // Perpendicular wobble, alternating sides, none at the original corners.
      const wobble = step === 0 ? 0 : (step % 2 === 0 ? 1 : -1) * wobbleDegrees;
      dense.push([
        lon1! + (lon2! - lon1!) * along + (-(lat2! - lat1!) / length) * wobble,
        lat1! + (lat2! - lat1!) * along + ((lon2! - lon1!) / length) * wobble,
      ]);
    }
  }
  dense.push(dense[0]!);
  return { type: 'Polygon', coordinates: [dense] };
}
