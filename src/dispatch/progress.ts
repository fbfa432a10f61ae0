// How far an alert has reached, per channel: the figures the investigator watches climb.
import { CHANNELS, type ChannelName } from '../channels/channel.ts';
import { alertForDispatch, alertMessageIds, recentAlertMessageIds } from '../alerts/dispatch-view.ts';
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import {
  NOTICES,
  type ChannelProgress,
  type DispatchNotice,
  type DispatchProgress,
  type DispatchTimeline,
  type NoticeProgress,
  type PeopleFigures,
} from './schemas.ts';

/** The most steps a timeline is drawn in, whatever its length. */
const TIMELINE_STEPS = 60;

const STATES_TARGETED = ['queued', 'sending', 'retrying', 'sent', 'delivered', 'failed', 'dead', 'dropped'];

interface TallyRow {
  notice: DispatchNotice;
  channel: ChannelName;
  state: string;
  n: number;
  first_out: Date | null;
  last_out: Date | null;
}

/** One channel's figures from its tally rows, with times counted from `from`. */
function channelFigures(channel: ChannelName, mine: TallyRow[], from: Date | null): ChannelProgress {
  const count = (...states: string[]) => mine.filter((r) => states.includes(r.state)).reduce((sum, r) => sum + r.n, 0);
  const outs = mine.filter((r) => r.first_out);
  const first = outs.length ? new Date(Math.min(...outs.map((r) => r.first_out!.getTime()))) : null;
  const last = outs.length ? new Date(Math.max(...outs.map((r) => r.last_out!.getTime()))) : null;
  return {
    channel,
    targeted: count(...STATES_TARGETED),
    queued: count('queued', 'sending', 'retrying'),
    sent: count('sent', 'delivered'),
    delivered: count('delivered'),
    failed: count('failed'),
    deadLettered: count('dead'),
    dropped: count('dropped'),
    firstSentAt: first?.toISOString() ?? null,
    lastSentAt: last?.toISOString() ?? null,
    msToFirst: first && from ? first.getTime() - from.getTime() : null,
    msToLast: last && from ? last.getTime() - from.getTime() : null,
  };
}

/**
 * Different people each notice of the alert went to, per channel and on any channel. Unlike the message
 * figures this is not a running tally (a person is counted once however many messages they had), so it
 * walks the deliveries through their unique key's leading column (the alert's message ids): a live
 * stream reads it every few seconds, not every second (see progressStream).
 */
export async function peopleReached(db: Queryable, alertId: string): Promise<Map<DispatchNotice, PeopleFigures[]>> {
  const { rows } = await db.query<{ notice: DispatchNotice; channel: ChannelName | null; targeted: number; reached: number }>(
    sql`SELECT d.notice, d.channel, count(DISTINCT d.subscriber_id)::integer AS targeted,
               count(DISTINCT d.subscriber_id) FILTER (WHERE d.state IN ('sent', 'delivered'))::integer AS reached
          FROM deliveries d
         WHERE d.message_id IN (${alertMessageIds(alertId)})
         GROUP BY GROUPING SETS ((d.notice, d.channel), (d.notice))`,
  );
  const byNotice = new Map<DispatchNotice, PeopleFigures[]>();
  for (const notice of NOTICES) {
    const mine = rows.filter((r) => r.notice === notice);
    if (mine.length === 0) continue;
    const perChannel = CHANNELS.flatMap((channel) => mine.filter((r) => r.channel === channel)).map((r) => ({
      channel: r.channel,
      targeted: r.targeted,
      reached: r.reached,
    }));
    const any = mine.find((r) => r.channel === null);
    byNotice.set(notice, [...perChannel, { channel: null, targeted: any?.targeted ?? 0, reached: any?.reached ?? 0 }]);
  }
  return byNotice;
}

/**
 * How far an alert has reached: every notice together per channel, and each notice (the appeal, updates,
 * re-issues, the found notice) on its own, per channel and state, in messages and, when `people` (from
 * peopleReached) is given, in people; and whether the appeal has ended and these are the final figures.
 * Without `people` it reads only a few rows, for those who look every fraction of a second.
 */
export async function dispatchProgress(
  db: Queryable,
  alertId: string,
  options: { people?: Map<DispatchNotice, PeopleFigures[]> } = {},
): Promise<DispatchProgress> {
  // The running tallies the deliveries' triggers keep (migrations 0006 and 0016): a few rows, whatever the alert's size.
  const { rows } = await db.query<TallyRow>(
    sql`SELECT notice, channel, state, sum(n)::integer AS n, min(first_sent_at) AS first_out, max(last_sent_at) AS last_out
          FROM delivery_tallies WHERE alert_id = ${alertId} GROUP BY notice, channel, state`,
  );
  const alert = await alertForDispatch(db, alertId);
  const { rows: jobs } = await db.query<{ notice: DispatchNotice; started: Date; pending: number }>(
    sql`SELECT notice, min(created_at) AS started, count(*) FILTER (WHERE state IN ('queued', 'running'))::integer AS pending
          FROM dispatch_jobs WHERE alert_id = ${alertId} GROUP BY notice`,
  );
  const people = options.people ?? new Map<DispatchNotice, PeopleFigures[]>();
  const approvedAt = alert?.approved_at ?? null;
  const channels = CHANNELS.map((channel) =>
    channelFigures(
      channel,
      rows.filter((r) => r.channel === channel),
      approvedAt,
    ),
  );
  const notices = NOTICES.flatMap((notice): NoticeProgress[] => {
    const job = jobs.find((j) => j.notice === notice);
    const mine = rows.filter((r) => r.notice === notice);
    if (!job && mine.every((r) => r.n === 0)) return [];
    const from = notice === 'alert' ? approvedAt : (job?.started ?? null);
    return [
      {
        notice,
        startedAt: from?.toISOString() ?? null,
        fanoutPending: job?.pending ?? 0,
        channels: CHANNELS.map((channel) =>
          channelFigures(
            channel,
            mine.filter((r) => r.channel === channel),
            from,
          ),
        ),
        people: people.get(notice) ?? [],
      },
    ];
  });
  const state = alert?.state;
  const endedHow: DispatchProgress['endedHow'] = state === 'withdrawn' ? 'withdrawn' : state === 'expired' ? 'expired' : null;
  const endedAt = endedHow === 'withdrawn' ? alert?.withdrawn_at : endedHow === 'expired' ? alert?.expires_at : null;
  const fanoutPending = jobs.reduce((sum, j) => sum + j.pending, 0);
  const progress = {
    alertId,
    approvedAt: approvedAt?.toISOString() ?? null,
    fanoutPending,
    channels,
    notices,
    endedAt: endedAt?.toISOString() ?? null,
    endedHow,
    final: false,
  };
  return { ...progress, final: endedHow !== null && dispatchSettled(progress) };
}

/** How long a live stream reuses its count of people before counting again. */
export const PEOPLE_REFRESH_MS = 10_000;

/**
 * Progress for a live stream that looks again every second: the message figures each time (a few tally
 * rows), the people at most every PEOPLE_REFRESH_MS, and again at once whenever the sending settles or
 * starts again, a notice appears or the figures become final, so that what the stream ends on is exact.
 */
export function progressStream(db: Queryable, alertId: string, now: () => number = Date.now): () => Promise<DispatchProgress> {
  let people: Map<DispatchNotice, PeopleFigures[]> | undefined;
  let countedAt = 0;
  let countedFor = '';
  return async () => {
    let progress = await dispatchProgress(db, alertId, { people });
    const moment = `${dispatchSettled(progress)} ${progress.final} ${progress.notices.map((n) => n.notice).join(',')}`;
    if (people === undefined || now() - countedAt >= PEOPLE_REFRESH_MS || moment !== countedFor) {
      people = await peopleReached(db, alertId);
      countedAt = now();
      countedFor = moment;
      progress = await dispatchProgress(db, alertId, { people });
    }
    return progress;
  };
}

/**
 * Messages out over time since approval, in at most TIMELINE_STEPS steps, per notice and channel, each
 * point the running total at the end of its step (the chart of the dispatch dashboard). Only messages
 * sent or delivered count (not those queued, failed before leaving, or dropped). Read from the per-second
 * counts the deliveries' triggers keep: one row per second of sending, not one per delivery; a message
 * counts at the end of the second it was sent in. Every step from a series' start to the last is given,
 * quiet ones too, so a chart draws a quiet half hour flat instead of a line across it; a series starts
 * from 0 at the step before its first message (the found notice begins when the child is found).
 */
export async function dispatchTimeline(db: Queryable, alertId: string): Promise<DispatchTimeline> {
  const approvedAt = (await alertForDispatch(db, alertId))?.approved_at ?? null;
  if (!approvedAt) return { alertId, approvedAt: null, bucketSeconds: 1, lastSeconds: 0, points: [] };
  const { rows: out } = await db.query<{ last_out: Date | null }>(
    sql`SELECT max(second) + interval '1 second' AS last_out
          FROM (SELECT second FROM delivery_seconds s WHERE s.alert_id = ${alertId} GROUP BY second HAVING sum(n) > 0) out`,
  );
  const lastOut = out[0]?.last_out ?? null;
  if (!lastOut) return { alertId, approvedAt: approvedAt.toISOString(), bucketSeconds: 1, lastSeconds: 0, points: [] };
  const span = Math.max(1, Math.ceil((lastOut.getTime() - approvedAt.getTime()) / 1000));
  const bucketSeconds = Math.max(1, Math.ceil(span / TIMELINE_STEPS));
  const lastStep = Math.ceil(span / bucketSeconds);
  const { rows } = await db.query<{ notice: DispatchNotice; channel: ChannelName; step: number; n: number }>(
    sql`SELECT notice, channel, greatest(0, ceil(extract(epoch FROM second + interval '1 second' - ${approvedAt}::timestamptz) / ${bucketSeconds}))::integer AS step,
               sum(n)::integer AS n
          FROM delivery_seconds WHERE alert_id = ${alertId}
         GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3`,
  );
  const points: DispatchTimeline['points'] = [];
  for (const notice of NOTICES) {
    for (const channel of CHANNELS) {
      const mine = rows.filter((r) => r.notice === notice && r.channel === channel);
      if (mine.length === 0) continue;
      const added = new Map(mine.map((r) => [r.step, r.n]));
      let out = 0;
      for (let step = Math.max(0, mine[0]!.step - 1); step <= lastStep; step++) {
        out += added.get(step) ?? 0;
        points.push({ notice, channel, atSeconds: step * bucketSeconds, out });
      }
    }
  }
  return { alertId, approvedAt: approvedAt.toISOString(), bucketSeconds, lastSeconds: lastStep * bucketSeconds, points };
}

/** Terminal lines for `forgetmenot dispatch status`: one bar per channel that has anything to send. */
export function formatProgressBars(progress: DispatchProgress, width = 30): string[] {
  const number = (n: number) => n.toLocaleString('en-GB');
  const seconds = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);
  const lines = [
    `Alert ${progress.alertId}${progress.fanoutPending ? ` (still finding recipients: ${progress.fanoutPending} fan-out job(s) running)` : ''}`,
  ];
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
export function dispatchSettled(progress: Pick<DispatchProgress, 'fanoutPending' | 'channels'>): boolean {
  return progress.fanoutPending === 0 && progress.channels.every((c) => c.queued === 0);
}

/** Alert messages looked at for a webhook's latest delivery: recent ones only, found by the unique key. */
const RECENT_MESSAGES = 20;

export interface WebhookDelivery {
  state: string;
  at: string;
  error: string | null;
}

/** The latest delivery to each webhook among the most recent alert messages (re-issues included). */
export async function latestWebhookDeliveries(db: Queryable, webhookIds: readonly string[]): Promise<Map<string, WebhookDelivery>> {
  if (webhookIds.length === 0) return new Map();
  const { rows } = await db.query<{ subscriber_id: string; state: string; at: Date; last_error: string | null }>(
    sql`SELECT DISTINCT ON (d.subscriber_id) d.subscriber_id, d.state, coalesce(d.delivered_at, d.sent_at, d.created_at) AS at, d.last_error
          FROM deliveries d
         WHERE d.message_id IN (${recentAlertMessageIds(RECENT_MESSAGES)})
           AND d.subscriber_id = ANY(${webhookIds}::uuid[]) AND d.channel = 'webhook'
         ORDER BY d.subscriber_id, d.id DESC`,
  );
  return new Map(rows.map((r) => [r.subscriber_id, { state: r.state, at: r.at.toISOString(), error: r.last_error }]));
}
