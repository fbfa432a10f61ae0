// What dispatch holds that the retention schedule and a person's erasure reach: the deliveries of a child's
// alerts (erased with the alerts), and finished deliveries and development-inbox copies past their time.
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';

/** Deletes the jobs, deliveries, figures, reissue schedules and inbox copies of these alerts (an erasure). */
export async function eraseDispatchOfAlerts(tx: Queryable, alertIds: readonly string[]): Promise<Record<string, number>> {
  const ids = [...alertIds];
  if (ids.length === 0) return { deliveries: 0 };
  await tx.query(sql`DELETE FROM dev_inbox WHERE delivery_id IN (SELECT id FROM deliveries WHERE alert_id = ANY(${ids}::uuid[]))`);
  const deliveries = (await tx.query(sql`DELETE FROM deliveries WHERE alert_id = ANY(${ids}::uuid[])`)).rowCount;
  await tx.query(sql`DELETE FROM dispatch_jobs WHERE alert_id = ANY(${ids}::uuid[])`);
  await tx.query(sql`DELETE FROM alert_reissue_schedules WHERE alert_id = ANY(${ids}::uuid[])`);
  // After the deliveries: their delete trigger writes into the figures.
  await tx.query(sql`DELETE FROM delivery_tallies WHERE alert_id = ANY(${ids}::uuid[])`);
  await tx.query(sql`DELETE FROM delivery_seconds WHERE alert_id = ANY(${ids}::uuid[])`);
  return { deliveries };
}

const FINISHED = sql`state IN ('sent', 'delivered', 'failed', 'dropped', 'dead')`;
const IDENTIFYING = sql`(subscriber_id IS NOT NULL OR payload IS NOT NULL OR provider_ref IS NOT NULL OR last_error IS NOT NULL)`;

/** Finished deliveries created before `cutoff` that still say who they went to. */
export async function deliveriesHeldBefore(db: Queryable, cutoff: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM deliveries WHERE created_at < ${cutoff} AND ${FINISHED} AND ${IDENTIFYING}`,
  );
  return rows[0]!.n + (await inboxHeldBefore(db, cutoff));
}

async function inboxHeldBefore(db: Queryable, cutoff: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM dev_inbox WHERE created_at < ${cutoff}`);
  return rows[0]!.n;
}

/**
 * Finished deliveries created before `cutoff` keep their state and times (an alert's figures stay true) but lose
 * the recipient, the payload, the provider's reference and the error text; inbox copies that old go. One batch.
 */
export async function anonymiseDeliveriesBefore(tx: Queryable, cutoff: Date, batch: number): Promise<number> {
  await tx.query(sql`DELETE FROM dev_inbox WHERE id IN (SELECT id FROM dev_inbox WHERE created_at < ${cutoff} ORDER BY id LIMIT ${batch})`);
  const { rowCount } = await tx.query(
    sql`UPDATE deliveries SET subscriber_id = NULL, payload = NULL, provider_ref = NULL, last_error = NULL
         WHERE id IN (SELECT id FROM deliveries WHERE created_at < ${cutoff} AND ${FINISHED} AND ${IDENTIFYING} ORDER BY id LIMIT ${batch})`,
  );
  return rowCount;
}
