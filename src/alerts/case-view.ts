// What the cases domain needs to know of a case's alerts, without reading the alert tables itself.
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { LIVE_ALERT_STATES } from './store.ts';

/** Whether the case has an alert awaiting approval or active: a case closes only once its appeal is down. */
export async function caseHasLiveAlert(db: Queryable, caseId: string): Promise<boolean> {
  const { rows } = await db.query(sql`SELECT 1 FROM alerts WHERE case_id = ${caseId} AND state = ANY(${LIVE_ALERT_STATES}::text[])`);
  return rows.length > 0;
}
