// Areas and places of the demo: two real police force areas and the country, drawn by hand as simplified
// outlines (WGS84 [longitude, latitude]) that follow the real boundaries to within a few kilometres. They
// are good enough to route a last-seen point to the right force; they are not survey boundaries.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { PLACES } from '../geo/places.ts';

/** Dyfed-Powys Police: Carmarthenshire, Ceredigion, Pembrokeshire and Powys (mid and west Wales). */
export const DYFED_POWYS_AREA: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      // Cardigan Bay, from the Dyfi estuary south.
      [-4.05, 52.53],
      [-4.06, 52.48],
      [-4.1, 52.41],
      [-4.17, 52.3],
      [-4.37, 52.21],
      [-4.55, 52.14],
      [-4.7, 52.11],
      [-4.84, 52.03],
      [-4.98, 52.01],
      [-5.08, 52.03],
      [-5.31, 51.9],
      // St Brides Bay, Milford Haven, the south Pembrokeshire coast and Carmarthen Bay.
      [-5.25, 51.87],
      [-5.13, 51.84],
      [-5.11, 51.77],
      [-5.25, 51.74],
      [-5.18, 51.68],
      [-5.06, 51.68],
      [-4.93, 51.6],
      [-4.8, 51.64],
      [-4.7, 51.67],
      [-4.64, 51.73],
      [-4.52, 51.74],
      [-4.4, 51.75],
      [-4.32, 51.73],
      [-4.28, 51.68],
      [-4.16, 51.665],
      [-4.08, 51.66],
      // Inland: Swansea, Neath Port Talbot and the heads of the valleys.
      [-4.05, 51.71],
      [-3.98, 51.76],
      [-3.87, 51.8],
      [-3.75, 51.78],
      [-3.58, 51.78],
      [-3.3, 51.8],
      [-3.2, 51.83],
      [-3.1, 51.87],
      // The border with England: Black Mountains, Hay-on-Wye, Presteigne, Knighton, Montgomery, Llanymynech.
      [-3.05, 51.96],
      [-3.1, 52.07],
      [-3.1, 52.18],
      [-2.98, 52.28],
      [-3.02, 52.35],
      [-3.18, 52.41],
      [-3.2, 52.46],
      [-3.1, 52.5],
      [-3.03, 52.53],
      [-3.1, 52.56],
      [-3.05, 52.61],
      [-3.0, 52.66],
      [-2.97, 52.72],
      [-3.03, 52.76],
      [-3.08, 52.79],
      // North: the Berwyn, Lake Vyrnwy and the Dyfi valley (Wrexham, Denbighshire, Gwynedd).
      [-3.13, 52.84],
      [-3.2, 52.87],
      [-3.42, 52.9],
      [-3.52, 52.86],
      [-3.62, 52.8],
      [-3.68, 52.73],
      [-3.66, 52.68],
      [-3.75, 52.63],
      [-3.86, 52.605],
      [-3.95, 52.56],
      [-4.05, 52.53],
    ],
  ],
};

/** Thames Valley Police: Berkshire, Buckinghamshire (with Milton Keynes) and Oxfordshire. */
export const THAMES_VALLEY_AREA: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      // North Oxfordshire, then the borders with Warwickshire and Gloucestershire.
      [-1.33, 52.17],
      [-1.4, 52.12],
      [-1.49, 52.1],
      [-1.52, 52.05],
      [-1.6, 51.99],
      [-1.67, 51.97],
      [-1.66, 51.9],
      [-1.72, 51.84],
      [-1.69, 51.75],
      [-1.7, 51.69],
      // Swindon and Wiltshire, then Hampshire along the south.
      [-1.69, 51.63],
      [-1.67, 51.57],
      [-1.6, 51.52],
      [-1.58, 51.47],
      [-1.55, 51.4],
      [-1.5, 51.35],
      [-1.4, 51.34],
      [-1.25, 51.36],
      [-1.1, 51.36],
      [-0.92, 51.36],
      [-0.82, 51.34],
      [-0.75, 51.33],
      // Surrey, then London along the Colne, then Hertfordshire.
      [-0.66, 51.39],
      [-0.6, 51.43],
      [-0.54, 51.46],
      [-0.5, 51.49],
      [-0.48, 51.54],
      [-0.49, 51.6],
      [-0.51, 51.65],
      [-0.58, 51.69],
      [-0.65, 51.75],
      [-0.7, 51.79],
      [-0.62, 51.84],
      [-0.59, 51.88],
      // Bedfordshire around Milton Keynes, then Northamptonshire back west.
      [-0.68, 51.92],
      [-0.66, 51.99],
      [-0.62, 52.04],
      [-0.66, 52.1],
      [-0.62, 52.17],
      [-0.7, 52.21],
      [-0.8, 52.17],
      [-0.85, 52.12],
      [-0.88, 52.07],
      [-1.0, 52.05],
      [-1.12, 52.05],
      [-1.15, 52.01],
      [-1.24, 51.98],
      [-1.29, 52.03],
      [-1.29, 52.08],
      [-1.29, 52.13],
      [-1.33, 52.17],
    ],
  ],
};

/** Positions of an outline, closed (the first position repeated at the end) as GeoJSON requires. */
function ring(positions: Position[]): Position[] {
  return [...positions, positions[0]!];
}

/**
 * The United Kingdom: Great Britain, Northern Ireland and the larger island groups. The outline runs a
 * little out to sea, so the country also covers inshore waters and holds both force areas whole.
 */
export const UNITED_KINGDOM_AREA: MultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [
    // Great Britain, with Anglesey, the Isle of Wight and the Inner Hebrides, anticlockwise from Land's End.
    [
      ring([
        [-5.8, 50.02],
        [-5.22, 49.9],
        [-4.15, 50.27],
        [-3.63, 50.16],
        [-3.3, 50.55],
        [-2.9, 50.65],
        [-2.45, 50.45],
        [-2.05, 50.53],
        [-1.62, 50.6],
        [-1.3, 50.5],
        [-1.02, 50.64],
        [-0.79, 50.66],
        [0.25, 50.67],
        [0.99, 50.84],
        [1.45, 51.12],
        [1.52, 51.38],
        [1.0, 51.55],
        [1.35, 51.83],
        [1.65, 52.08],
        [1.85, 52.48],
        [1.82, 52.65],
        [1.38, 53.0],
        [0.5, 53.02],
        [0.4, 53.12],
        [0.2, 53.6],
        [-0.02, 54.14],
        [-0.52, 54.53],
        [-1.08, 54.7],
        [-1.3, 54.95],
        [-1.58, 55.3],
        [-1.9, 55.8],
        [-2.05, 55.95],
        [-2.52, 56.3],
        [-2.5, 56.6],
        [-1.98, 57.15],
        [-1.7, 57.5],
        [-1.95, 57.75],
        [-3.0, 57.75],
        [-3.7, 57.92],
        [-3.0, 58.45],
        [-2.95, 58.7],
        [-3.4, 58.74],
        [-5.05, 58.68],
        [-5.45, 58.1],
        [-5.9, 57.9],
        [-6.85, 57.48],
        [-6.3, 56.95],
        [-6.3, 56.7],
        [-6.55, 56.3],
        [-6.55, 55.65],
        [-5.85, 55.25],
        [-5.05, 55.15],
        [-4.9, 54.58],
        [-4.4, 54.65],
        [-3.65, 54.85],
        [-3.7, 54.48],
        [-3.3, 54.0],
        [-3.12, 53.8],
        [-3.15, 53.5],
        [-3.85, 53.4],
        [-4.4, 53.48],
        [-4.78, 53.32],
        [-4.55, 53.1],
        [-4.88, 52.73],
        [-4.2, 52.85],
        [-4.12, 52.55],
        [-4.16, 52.41],
        [-4.41, 52.22],
        [-4.72, 52.14],
        [-5.12, 52.06],
        [-5.38, 51.9],
        [-5.3, 51.73],
        [-5.2, 51.64],
        [-4.93, 51.56],
        [-4.33, 51.52],
        [-3.97, 51.53],
        [-3.57, 51.37],
        [-3.15, 51.4],
        [-2.65, 51.62],
        [-3.0, 51.32],
        [-3.45, 51.2],
        [-4.58, 51.0],
        [-5.05, 50.55],
        [-5.6, 50.2],
      ]),
    ],
    // Northern Ireland.
    [
      ring([
        [-5.42, 54.62],
        [-5.4, 54.42],
        [-5.58, 54.22],
        [-6.0, 54.03],
        [-6.27, 54.1],
        [-6.62, 54.04],
        [-7.03, 54.12],
        [-7.25, 54.18],
        [-7.56, 54.12],
        [-7.87, 54.3],
        [-8.16, 54.46],
        [-7.75, 54.6],
        [-7.6, 54.72],
        [-7.45, 54.84],
        [-7.25, 55.05],
        [-6.95, 55.2],
        [-6.62, 55.25],
        [-6.13, 55.27],
        [-5.75, 54.88],
        [-5.65, 54.78],
      ]),
    ],
    // The Outer Hebrides.
    [
      ring([
        [-7.7, 56.8],
        [-7.1, 57.1],
        [-6.15, 58.3],
        [-6.2, 58.55],
        [-6.9, 58.3],
        [-7.7, 57.6],
      ]),
    ],
    // Orkney.
    [
      ring([
        [-3.45, 58.78],
        [-2.35, 58.75],
        [-2.35, 59.4],
        [-3.45, 59.2],
      ]),
    ],
    // Shetland.
    [
      ring([
        [-1.4, 59.82],
        [-0.65, 60.25],
        [-0.7, 60.9],
        [-1.7, 60.6],
        [-1.75, 60.1],
      ]),
    ],
  ],
};

export const DEMO_JURISDICTIONS = {
  // ISO 3166 calls the United Kingdom "GB", as the exchange formats (PFIF, CAP) will.
  country: { code: 'gb', name: 'United Kingdom', kind: 'country', geometry: UNITED_KINGDOM_AREA },
  'dyfed-powys': { code: 'dyfed-powys', name: 'Dyfed-Powys', kind: 'force_area', geometry: DYFED_POWYS_AREA },
  'thames-valley': { code: 'thames-valley', name: 'Thames Valley', kind: 'force_area', geometry: THAMES_VALLEY_AREA },
} as const;

export type ForceCode = 'dyfed-powys' | 'thames-valley';

export interface DemoPlace {
  town: string;
  force: ForceCode;
  lon: number;
  lat: number;
}

/** The built-in gazetteer names a force area's towns by the area below (geo/places.ts). */
const GAZETTEER_AREAS: Record<ForceCode, string> = { 'dyfed-powys': 'Wales', 'thames-valley': 'Thames Valley' };

/** A town of the built-in gazetteer, so that the demo's places and the towns the public can type always agree. */
function demoTown(town: string, force: ForceCode): DemoPlace {
  const place = PLACES.find((candidate) => candidate.name === town && candidate.area === GAZETTEER_AREAS[force]);
  if (!place) throw new Error(`${town} is not in the built-in gazetteer`);
  return { town, force, lon: place.lon, lat: place.lat };
}

/** Towns where demo children were last seen, each a real town inside its force's area. */
export const DEMO_PLACES = {
  aberystwyth: demoTown('Aberystwyth', 'dyfed-powys'),
  carmarthen: demoTown('Carmarthen', 'dyfed-powys'),
  brecon: demoTown('Brecon', 'dyfed-powys'),
  llandrindodWells: demoTown('Llandrindod Wells', 'dyfed-powys'),
  haverfordwest: demoTown('Haverfordwest', 'dyfed-powys'),
  newtown: demoTown('Newtown', 'dyfed-powys'),
  oxford: demoTown('Oxford', 'thames-valley'),
  reading: demoTown('Reading', 'thames-valley'),
  slough: demoTown('Slough', 'thames-valley'),
  miltonKeynes: demoTown('Milton Keynes', 'thames-valley'),
  highWycombe: demoTown('High Wycombe', 'thames-valley'),
  banbury: demoTown('Banbury', 'thames-valley'),
} satisfies Record<string, DemoPlace>;

export type DemoPlaceKey = keyof typeof DEMO_PLACES;
