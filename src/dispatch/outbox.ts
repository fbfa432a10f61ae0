// The transactional outbox: a publication step writes its fan-out job in the same transaction as its
// CAP message, so an approved alert always reaches its recipients and a rolled-back one reaches nobody.
import { CHANNELS, type ChannelName } from '../channels/channel.ts';
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';

export type FanoutNotice = 'alert' | 'update' | 'found' | 'withdrawn' | 'reissue';
/** area: everyone in the alert's area; alerted: those already sent this alert; area_and_alerted: both. */
export type Audience = 'area' | 'area_and_alerted' | 'alerted';

/** Which fan-out each kind of notice gets: new facts reach the area and whoever was told before. */
export const NOTICE_AUDIENCE: Record<FanoutNotice, Audience> = {
  alert: 'area',
  update: 'area_and_alerted',
  found: 'alerted',
  withdrawn: 'alerted',
  reissue: 'area',
};

// Re-issues repeat the appeal to organisations' systems (signage, intranets, partners' devices), which
// show the latest; people on email, SMS and push are not sent the same appeal every half hour.
export const REISSUE_CHANNELS: readonly ChannelName[] = ['webhook'];

export async function enqueueFanout(
  tx: Queryable,
  job: { alertId: string; messageId: string; notice: FanoutNotice; issue?: number; channels?: readonly ChannelName[]; now: Date },
): Promise<void> {
  const channels = job.channels ?? (job.notice === 'reissue' ? REISSUE_CHANNELS : CHANNELS);
  await tx.query(
    sql`INSERT INTO dispatch_jobs (alert_id, message_id, issue, notice, audience, channels, run_after, created_at)
        VALUES (${job.alertId}, ${job.messageId}, ${job.issue ?? 0}, ${job.notice}, ${NOTICE_AUDIENCE[job.notice]}, ${[...channels]}, ${job.now}, ${job.now})`,
  );
}

/**
 * A withdrawn or expired appeal must not go on arriving: whatever has not left yet is dropped. Rows a
 * worker holds (a lease) are left to it: those on the wire are recorded as what became of them, so the
 * "found" notice reaches them; the worker's next claim drops the rest, since the appeal is no longer active.
 * The rows are found through the queue's own index (what is waiting, per channel), not among everything
 * the alert has ever sent.
 */
export async function dropPendingDeliveries(tx: Queryable, alertId: string): Promise<number> {
  const { rowCount } = await tx.query(
    sql`UPDATE deliveries SET state = 'dropped', last_error = 'the appeal ended before this was sent'
         WHERE channel = ANY(${[...CHANNELS]}::text[]) AND state IN ('queued', 'retrying') AND alert_id = ${alertId} AND leased_until IS NULL
           AND notice IN ('alert', 'update', 'reissue')`,
  );
  await tx.query(
    sql`UPDATE dispatch_jobs SET state = 'done', finished_at = now(), last_error = 'the appeal ended'
         WHERE alert_id = ${alertId} AND state IN ('queued', 'running') AND notice IN ('alert', 'update', 'reissue')`,
  );
  await tx.query(sql`UPDATE alert_reissue_schedules SET stopped_at = now() WHERE alert_id = ${alertId} AND stopped_at IS NULL`);
  return rowCount;
}
