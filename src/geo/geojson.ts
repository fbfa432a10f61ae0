// GeoJSON areas (WGS84 longitude/latitude): checking what users send, bounding boxes, containment.
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon, Position } from 'geojson';

export type Area = Polygon | MultiPolygon;
export type BBox = [west: number, south: number, east: number, north: number];

export const MAX_AREA_VERTICES = 100_000;

/** Returns why `value` is not a usable Polygon or MultiPolygon, or undefined if it is. */
export function areaProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'must be a GeoJSON Polygon or MultiPolygon object';
  const geometry = value as { type?: unknown; coordinates?: unknown };
  const polygons: unknown[] =
    geometry.type === 'Polygon'
      ? [geometry.coordinates]
      : geometry.type === 'MultiPolygon' && Array.isArray(geometry.coordinates)
        ? geometry.coordinates
        : [];
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return 'type must be "Polygon" or "MultiPolygon"';
  if (polygons.length === 0) return 'has no polygons';
  let vertices = 0;
  for (const polygon of polygons) {
    if (!Array.isArray(polygon) || polygon.length === 0) return 'each polygon needs at least an outer ring';
    for (const ring of polygon) {
      if (!Array.isArray(ring) || ring.length < 4) return 'each ring needs at least four positions';
      for (const position of ring) {
        if (!Array.isArray(position) || position.length < 2 || typeof position[0] !== 'number' || typeof position[1] !== 'number') {
          return 'each position must be [longitude, latitude]';
        }
        if (!isLonLat(position[0], position[1]))
          return `position [${position[0]}, ${position[1]}] is outside longitude -180..180 / latitude -90..90`;
      }
      const first = ring[0] as number[];
      const last = ring[ring.length - 1] as number[];
      if (first[0] !== last[0] || first[1] !== last[1]) return 'each ring must end where it starts';
      vertices += ring.length;
      if (vertices > MAX_AREA_VERTICES) return `has more than ${MAX_AREA_VERTICES} vertices`;
    }
  }
  return undefined;
}

export function isLonLat(lon: number, lat: number): boolean {
  return Number.isFinite(lon) && Number.isFinite(lat) && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;
}

export function bboxOf(area: Area): BBox {
  const rings: Position[][] = area.type === 'Polygon' ? area.coordinates : area.coordinates.flat();
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) {
    for (const [lon, lat] of ring) {
      box[0] = Math.min(box[0], lon!);
      box[1] = Math.min(box[1], lat!);
      box[2] = Math.max(box[2], lon!);
      box[3] = Math.max(box[3], lat!);
    }
  }
  return box;
}

export function areaContains(area: Area, lon: number, lat: number): boolean {
  return booleanPointInPolygon([lon, lat], area);
}
