// What the map reads: active alerts (src/alerts/schemas.ts AlertSummary, AlertView) and an alert's
// sightings as GeoJSON (src/triage/schemas.ts SightingsCollection).
import type { Static } from '@sinclair/typebox';
import type { AlertSummary as AlertSummaryView, AlertView } from '../../../src/alerts/schemas.ts';
import type { SightingFeature } from '../../../src/triage/schemas.ts';

export type { SightingFeature, SightingsCollection } from '../../../src/triage/schemas.ts';
/** Great-circle distance in kilometres, the same the server's triage uses. */
export { distanceKm } from '../../../src/triage/distance.ts';

export type AlertSummary = Static<typeof AlertSummaryView>;
/** The parts of an alert the map uses. */
export type AlertForMap = Pick<AlertView, 'id' | 'caseReference' | 'state' | 'capStatus' | 'lastSeen' | 'contents'>;

/** When the sighting happened: the time the person gave, else when it arrived. */
export const sightingTime = (feature: SightingFeature) => Date.parse(feature.properties.seenAt ?? feature.properties.receivedAt);
