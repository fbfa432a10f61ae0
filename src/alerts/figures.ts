// What problem profiles count of Child Rescue Alerts (table alerts, owned here): each real alert asked for in a
// period, with its area and its timings; never its text, photo or case details. Exercises and tests are left out.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';

export type AlertForFigures = Row<'alerts', 'id' | 'case_id' | 'jurisdiction_id' | 'requested_at' | 'approved_at' | 'state'> & {
  requested_at: Date;
};

/** Real alerts asked for in [from, to), in these areas or everywhere: few enough a year to read whole. */
export async function alertsRequestedBetween(
  db: Queryable,
  from: Date,
  to: Date,
  jurisdictionIds: readonly string[] | 'all',
): Promise<AlertForFigures[]> {
  const { rows } = await db.query<AlertForFigures>(
    sql`SELECT id, case_id, jurisdiction_id, requested_at, approved_at, state FROM alerts
         WHERE cap_status = 'Actual' AND requested_at >= ${from} AND requested_at < ${to}
           ${jurisdictionIds === 'all' ? sql`` : sql`AND jurisdiction_id = ANY(${[...jurisdictionIds]}::uuid[])`}
         ORDER BY requested_at`,
  );
  return rows;
}
