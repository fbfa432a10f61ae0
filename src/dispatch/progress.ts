// How far an alert has reached, per channel: the figures the investigator watches climb.
import { CHANNELS, type ChannelName } from '../channels/channel.ts';
import type { Queryable } from '../db/database.ts';
import type { ChannelProgress, DispatchProgress } from './schemas.ts';

export async function dispatchProgress(db: Queryable, alertId: string): Promise<DispatchProgress> {
  // The running tallies the deliveries' triggers keep (migration 0006): a few rows, whatever the alert's size.
  const { rows } = await db.query<{ channel: ChannelName; state: string; n: number; first_out: Date | null; last_out: Date | null }>(
    `SELECT channel, state, sum(n)::integer AS n, min(first_sent_at) AS first_out, max(last_sent_at) AS last_out
       FROM delivery_tallies WHERE alert_id = $1 GROUP BY channel, state`,
    [alertId],
  );
  const { rows: meta } = await db.query<{ approved_at: Date | null; pending: number }>(
    `SELECT a.approved_at, (SELECT count(*)::integer FROM dispatch_jobs j WHERE j.alert_id = a.id AND j.state IN ('queued', 'running')) AS pending
       FROM alerts a WHERE a.id = $1`,
    [alertId],
  );
  const approvedAt = meta[0]?.approved_at ?? null;
  const channels = CHANNELS.map((channel): ChannelProgress => {
    const mine = rows.filter((r) => r.channel === channel);
    const count = (...states: string[]) => mine.filter((r) => states.includes(r.state)).reduce((sum, r) => sum + r.n, 0);
    const outs = mine.filter((r) => r.first_out);
    const first = outs.length ? new Date(Math.min(...outs.map((r) => r.first_out!.getTime()))) : null;
    const last = outs.length ? new Date(Math.max(...outs.map((r) => r.last_out!.getTime()))) : null;
    return {
      channel,
      targeted: count('queued', 'sending', 'retrying', 'sent', 'delivered', 'failed', 'dead', 'dropped'),
      queued: count('queued', 'sending', 'retrying'),
      sent: count('sent', 'delivered'),
      delivered: count('delivered'),
      failed: count('failed'),
      deadLettered: count('dead'),
      dropped: count('dropped'),
      firstSentAt: first?.toISOString() ?? null,
      lastSentAt: last?.toISOString() ?? null,
      msToFirst: first && approvedAt ? first.getTime() - approvedAt.getTime() : null,
      msToLast: last && approvedAt ? last.getTime() - approvedAt.getTime() : null,
    };
  });
  return { alertId, approvedAt: approvedAt?.toISOString() ?? null, fanoutPending: meta[0]?.pending ?? 0, channels };
}

/** Terminal lines for `forgetmenot dispatch status`: one bar per channel that has anything to send. */
export function formatProgressBars(progress: DispatchProgress, width = 30): string[] {
  const number = (n: number) => n.toLocaleString('en-GB');
  const seconds = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);
  const lines = [`Alert ${progress.alertId}${progress.fanoutPending ? ` (still finding recipients: ${progress.fanoutPending} fan-out job(s) running)` : ''}`];
  const active = progress.channels.filter((c) => c.targeted > 0);
  if (active.length === 0) lines.push('  nothing targeted yet');
  for (const c of active) {
    const done = c.sent + c.failed + c.deadLettered + c.dropped;
    const filled = Math.round((done / c.targeted) * width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    lines.push(
      `  ${c.channel.padEnd(8)}[${bar}] ${number(c.sent)}/${number(c.targeted)} sent, ${number(c.delivered)} delivered, ${number(c.queued)} queued, ` +
        `${number(c.failed)} failed, ${number(c.deadLettered)} dead-lettered, ${number(c.dropped)} dropped; first ${seconds(c.msToFirst)}, last ${seconds(c.msToLast)}`,
    );
  }
  return lines;
}

/** Whether nothing more will happen: every fan-out finished and nothing waiting to be sent. */
export function dispatchSettled(progress: DispatchProgress): boolean {
  return progress.fanoutPending === 0 && progress.channels.every((c) => c.queued === 0);
}
