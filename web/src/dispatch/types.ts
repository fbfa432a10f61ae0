// What the dispatch screens read. The dispatch API's own payloads are typed by its schemas
// (src/dispatch/schemas.ts); the alert's facts come from its view (src/alerts/schemas.ts).
import type { AlertView } from '../../../src/alerts/schemas.ts';

/** The few facts of an alert the dashboard shows (GET /alerts/{id}). */
export type AlertFacts = Pick<AlertView, 'id' | 'caseReference' | 'state' | 'capStatus' | 'approvedAt' | 'expiresAt' | 'contents'>;
