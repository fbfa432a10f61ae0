// What the map reads: active alerts (src/alerts/schemas.ts AlertSummary, AlertView) and an alert's
// sightings as GeoJSON (src/triage/schemas.ts SightingsCollection).
import type { SightingFeature } from '../../../src/triage/schemas.ts';

export type { SightingFeature, SightingsCollection } from '../../../src/triage/schemas.ts';

export interface AlertSummary {
  id: string;
  slug: string;
  caseReference: string;
  state: string;
  capStatus: string;
  headline: string;
  owningOrganisationCode: string;
  updatedAt: string;
}

/** The parts of an alert the map uses. */
export interface AlertForMap {
  id: string;
  caseReference: string;
  state: string;
  capStatus: string;
  lastSeen: { at: string; lon: number; lat: number; place: string };
  contents: { language: string; headline: string }[];
}

/** When the sighting happened: the time the person gave, else when it arrived. */
export const sightingTime = (feature: SightingFeature) => Date.parse(feature.properties.seenAt ?? feature.properties.receivedAt);

/** Great-circle distance in kilometres. */
export function distanceKm(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
