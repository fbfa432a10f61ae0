// What triage needs of the alert a sighting was sent about: enough to route and rank the sighting when it
// arrives, and to say which appeal it answers when staff open it.
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import type { Row } from '../db/schema.ts';

export type AlertForTriage = Row<'alerts', 'state' | 'cap_status' | 'jurisdiction_id' | 'last_seen_at' | 'last_seen_lon' | 'last_seen_lat'>;

/** The alert's state, area and last-seen point, as intake ranks and routes a sighting by them. */
export async function alertForTriage(db: Queryable, alertId: string): Promise<AlertForTriage | undefined> {
  const { rows } = await db.query<AlertForTriage>(
    sql`SELECT state, cap_status, jurisdiction_id, last_seen_at, last_seen_lon, last_seen_lat FROM alerts WHERE id = ${alertId}`,
  );
  return rows[0];
}

export type AppealOfSubmission = Row<'alerts', 'slug' | 'state' | 'expires_at' | 'case_id'> & {
  alert_id: string;
  /** The first of the appeal's headlines, as the public page leads with it. */
  headline: string | null;
};

/** The appeal a sighting was sent about, with its case's id; the caller decides what of it to show. */
export async function appealOfSubmission(db: Queryable, alertId: string): Promise<AppealOfSubmission | undefined> {
  const { rows } = await db.query<AppealOfSubmission>(
    sql`SELECT a.id AS alert_id, a.slug, a.state, a.expires_at, a.case_id,
               (SELECT headline FROM alert_contents ac WHERE ac.alert_id = a.id ORDER BY position LIMIT 1) AS headline
          FROM alerts a WHERE a.id = ${alertId}`,
  );
  return rows[0];
}
