// Send workers: claim a batch of due deliveries of one channel with FOR UPDATE SKIP LOCKED (so any
// number of workers, in any number of processes, never take the same row), send each through the
// channel's adapter, and record every outcome in one statement. A claim is a lease: the rows come back
// to whoever is next if this worker dies before recording (kill -9, power loss), and the attempt counter
// makes sure a late writer cannot overwrite the outcome of the worker that took over.
import type { AppDeps } from '../app-deps.ts';
import type { ChannelAdapter, ChannelName, NoticeContent, Outgoing, SendOutcome } from '../channels/channel.ts';
import { alertStates } from '../alerts/dispatch-view.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { empty, sql } from '../db/sql.ts';
import { linkSecret, unsubscribeUrl } from '../subscribers/links.ts';
import { recipientChannels, recipientLanguages, removeGoneChannels } from '../subscribers/recipients.ts';
import { forgetRecipient, type ConfirmationPayload } from './queue.ts';
import { withUnsubscribeFooter, type NoticeRenderer } from './render.ts';
import type { TokenBucket } from './token-bucket.ts';

export interface SenderTuning {
  /** Deliveries claimed at once by one lane. */
  batchSize: number;
  /**
   * Outcomes are recorded while the batch is still being sent, once this many are waiting (or after
   * RECORD_GATHER_MS): what a killed worker has sent but not recorded, and so sends again, is at most
   * this many per lane plus those on the wire, whatever the size of the batch.
   */
  recordEvery: number;
  /** How long a claim holds its rows; longer than the slowest send an adapter allows. */
  leaseMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

/** Scans of the queue from its head (see sendBatch), at most this often per channel and process. */
const FULL_SCAN_GAP_MS = 1000;

/** The longest an outcome waits to be recorded with others while its batch goes on. */
const RECORD_GATHER_MS = 50;

export const DEFAULT_TUNING: SenderTuning = {
  batchSize: 500,
  recordEvery: 250,
  leaseMs: 120_000,
  maxAttempts: 8,
  retryBaseMs: 5_000,
  retryMaxMs: 10 * 60_000,
};

/** Columns of a LEFT JOIN: null when there is no row to join. */
type Joined<T> = { [K in keyof T]: T[K] | null };

export type ClaimedDelivery = Row<'deliveries', 'id' | 'alert_id' | 'message_id' | 'issue' | 'attempts' | 'delivery_key' | 'due_at'> & {
  subscriber_id: string;
  notice: Outgoing['notice'];
  payload: ConfirmationPayload | null;
  /** The secret before the last rotation, while it still signs (see migration 0013). */
  previous_webhook_secret: string | null;
  confirmed: boolean | null;
  alert_state: string | null;
} & Joined<Row<'subscriber_channels', 'address' | 'push_p256dh' | 'push_auth' | 'webhook_secret'> & Row<'subscribers', 'language'>>;

/**
 * The idempotency key of a delivery: random, stored with the row, so it is the same on every attempt and
 * never repeats on another instance or after a restore. Rows written before migration 0013 keep the key
 * they may already have been sent under.
 */
export function deliveryKey(row: Pick<ClaimedDelivery, 'id' | 'delivery_key'>): string {
  return row.delivery_key ? `fmn-${row.delivery_key}` : `fmn-${row.id}`;
}

/** Where a claim stopped in the queue's order (due time, then id): the next claim can start after it. */
export interface ClaimCursor {
  dueAt: Date;
  id: number;
}

/**
 * Claims up to `limit` due deliveries of a channel for `leaseMs`. The claim writes only the attempt counter
 * and the end of the lease, columns no index covers, so PostgreSQL keeps the new row version on the same
 * page without index writes (migration 0005); the state stays 'queued' or 'retrying' while the lease runs.
 *
 * With `after`, the scan starts past that point of the queue's order instead of at its head. The head of
 * the due-index is where every delivery already sent left an entry for a row version that is no longer
 * there; until VACUUM removes them, a scan from the head walks all of them (a million, after a national
 * alert), and a claim that had to would get slower with every batch.
 */
export async function claimDeliveries(
  db: Queryable,
  channel: ChannelName,
  limit: number,
  now: Date,
  leaseMs: number,
  after: ClaimCursor | null = null,
): Promise<ClaimedDelivery[]> {
  const leasedUntil = new Date(now.getTime() + leaseMs);
  const { rows } = await db.query<ClaimedDelivery>(
    sql`WITH picked AS (
          SELECT id FROM deliveries
           WHERE channel = ${channel} AND state IN ('queued', 'retrying', 'sending') AND due_at <= ${now} AND (leased_until IS NULL OR leased_until <= ${now})
                 ${after ? sql`AND (due_at, id) > (${after.dueAt}::timestamptz, ${after.id}::bigint)` : empty}
           ORDER BY due_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED
        ), claimed AS (
          UPDATE deliveries d SET attempts = d.attempts + 1, leased_until = ${leasedUntil}
            FROM picked WHERE d.id = picked.id
          RETURNING d.id, d.delivery_key, d.alert_id, d.message_id, d.issue, d.subscriber_id, d.notice, d.attempts, d.payload, d.due_at
        )
        SELECT c.*, sc.address, sc.push_p256dh, sc.push_auth, sc.webhook_secret,
               CASE WHEN sc.previous_secret_until > ${now} THEN sc.previous_webhook_secret END AS previous_webhook_secret, sc.confirmed_at IS NOT NULL AS confirmed,
               s.language, a.state AS alert_state
          FROM claimed c
          LEFT JOIN (${recipientChannels}) sc ON sc.subscriber_id = c.subscriber_id AND sc.channel = ${channel}
          LEFT JOIN (${recipientLanguages}) s ON s.id = c.subscriber_id
          LEFT JOIN (${alertStates}) a ON a.id = c.alert_id`,
    [],
    { prepare: after ? 'dispatch-claim-after' : 'dispatch-claim' },
  );
  return rows;
}

/**
 * When a delivery of a channel next becomes claimable: a retry's due time, or the end of a lease (a worker
 * that died holding it); null when nothing is pending. Read through the partial due-index, which holds only
 * pending rows, so it is cheap when the queue is empty and asked only when a sender finds nothing to claim.
 */
export async function nextDeliveryDue(db: Queryable, channel: ChannelName): Promise<Date | null> {
  const { rows } = await db.query<{ due: Date | null }>(
    sql`SELECT min(GREATEST(due_at, leased_until)) AS due FROM deliveries WHERE channel = ${channel} AND state IN ('queued', 'retrying', 'sending')`,
  );
  return rows[0]?.due ?? null;
}

/** The later of a cursor and the last of the claimed rows in the queue's order. */
export function cursorAfter(cursor: ClaimCursor | null, rows: readonly Pick<ClaimedDelivery, 'id' | 'due_at'>[]): ClaimCursor | null {
  let last = cursor;
  for (const row of rows) {
    const due = row.due_at.getTime();
    if (!last || due > last.dueAt.getTime() || (due === last.dueAt.getTime() && row.id > last.id)) last = { dueAt: row.due_at, id: row.id };
  }
  return last;
}

export interface DeliveryResult {
  id: number;
  attempts: number;
  state: 'sent' | 'delivered' | 'retrying' | 'failed' | 'dead' | 'dropped';
  dueAt: Date | null;
  providerRef: string | null;
  error: string | null;
  /** A sign-up confirmation, whose code is forgotten once it has gone. */
  confirmation?: boolean;
  /** The address no longer exists (push 404/410): the subscriber's channel is removed. */
  goneSubscriberId?: string;
}

/** Exponential backoff with jitter: base·2^(n-1), capped, then a random point in its upper half. */
export function retryDelay(
  attempt: number,
  tuning: Pick<SenderTuning, 'retryBaseMs' | 'retryMaxMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(tuning.retryMaxMs, tuning.retryBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function resultOf(
  row: Pick<ClaimedDelivery, 'id' | 'attempts' | 'subscriber_id'>,
  outcome: SendOutcome,
  now: Date,
  tuning: SenderTuning,
): DeliveryResult {
  switch (outcome.status) {
    case 'sent':
    case 'delivered':
      // The common case, once per message: one object, no spreading.
      return {
        id: row.id,
        attempts: row.attempts,
        state: outcome.status,
        dueAt: null,
        providerRef: outcome.providerRef ?? null,
        error: null,
      };
  }
  const base = { id: row.id, attempts: row.attempts, dueAt: null, providerRef: null, error: null };
  switch (outcome.status) {
    case 'failed':
      return {
        ...base,
        state: 'failed',
        error: outcome.error.slice(0, 500),
        ...(outcome.gone ? { goneSubscriberId: row.subscriber_id } : {}),
      };
    case 'retry': {
      if (row.attempts >= tuning.maxAttempts) return { ...base, state: 'dead', error: outcome.error.slice(0, 500) };
      const delay = Math.max(retryDelay(row.attempts, tuning), outcome.retryAfterMs ?? 0);
      return { ...base, state: 'retrying', dueAt: new Date(now.getTime() + delay), error: outcome.error.slice(0, 500) };
    }
  }
}

/**
 * Writes a batch of outcomes in one statement; a row taken over by another worker since (its attempt
 * counter moved on) is left alone. Matching on the primary key and the counter only keeps the plan an
 * index lookup per row: adding the state to the condition let the planner pick the partial due-index
 * and made this statement six times slower at 200,000 rows.
 */
export async function recordResults(db: Database, channel: ChannelName, results: readonly DeliveryResult[], now: Date): Promise<void> {
  if (results.length === 0) return;
  const state = results[0]!.state;
  if ((state === 'sent' || state === 'delivered') && results.every((r) => r.state === state && r.dueAt === null && r.error === null)) {
    // Every one of them went (the usual case): three arrays to send and unpack instead of six.
    const ids = results.map((r) => r.id);
    const attempts = results.map((r) => r.attempts);
    const refs = results.map((r) => r.providerRef);
    await db.query(
      sql`UPDATE deliveries d
             SET state = ${state}, leased_until = NULL, provider_ref = COALESCE(v.provider_ref, d.provider_ref), last_error = NULL, sent_at = ${now}::timestamptz,
                 delivered_at = CASE WHEN ${state} = 'delivered' THEN ${now}::timestamptz ELSE d.delivered_at END
            FROM (SELECT unnest(${ids}::bigint[]) AS id, unnest(${attempts}::integer[]) AS attempts, unnest(${refs}::text[]) AS provider_ref) v
           WHERE d.id = v.id AND d.attempts = v.attempts`,
      [],
      { prepare: 'dispatch-record-sent' },
    );
  } else {
    await recordMixedResults(db, results, now);
  }
  // A confirmation's code and link are needed only until it has gone (or will never go).
  const finished = results.filter((r) => r.confirmation && r.state !== 'retrying').map((r) => r.id);
  if (finished.length > 0)
    await db.query(sql`UPDATE deliveries SET payload = NULL WHERE id = ANY(${finished}::bigint[]) AND notice = 'confirm'`);
  const gone = results.flatMap((r) => (r.goneSubscriberId ? [r.goneSubscriberId] : []));
  if (gone.length > 0) await forgetGoneChannels(db, channel, gone);
}

async function recordMixedResults(db: Database, results: readonly DeliveryResult[], now: Date): Promise<void> {
  const column = <T>(pick: (r: DeliveryResult) => T) => results.map(pick);
  await db.query(
    sql`UPDATE deliveries d
           SET state = v.state,
               due_at = COALESCE(v.due_at, d.due_at),
               leased_until = NULL,
               provider_ref = COALESCE(v.provider_ref, d.provider_ref),
               last_error = v.error,
               sent_at = CASE WHEN v.state IN ('sent', 'delivered') THEN ${now}::timestamptz ELSE d.sent_at END,
               delivered_at = CASE WHEN v.state = 'delivered' THEN ${now}::timestamptz ELSE d.delivered_at END
          FROM (SELECT unnest(${column((r) => r.id)}::bigint[]) AS id, unnest(${column((r) => r.attempts)}::integer[]) AS attempts,
                       unnest(${column((r) => r.state)}::text[]) AS state, unnest(${column((r) => r.dueAt)}::timestamptz[]) AS due_at,
                       unnest(${column((r) => r.providerRef)}::text[]) AS provider_ref, unnest(${column((r) => r.error)}::text[]) AS error) v
         WHERE d.id = v.id AND d.attempts = v.attempts`,
    [],
    { prepare: 'dispatch-record' },
  );
}

/** A push subscription the push service says is gone is removed, and the subscriber (forgotten) if nothing is left. */
async function forgetGoneChannels(db: Database, channel: ChannelName, subscriberIds: readonly string[]): Promise<void> {
  await db.transaction(async (tx) => {
    const left = await removeGoneChannels(tx, channel, subscriberIds);
    // Someone left with nothing: their deliveries stop pointing at them, as when they unsubscribe.
    for (const id of left) await forgetRecipient(tx, id);
  });
}

/** Runs `work` over `items` with at most `limit` at once, keeping the results in order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(runners);
  return results;
}

/**
 * Records a batch's outcomes in groups while the rest of the batch is still being sent: a group is
 * written once `every` outcomes wait, or RECORD_GATHER_MS after the first of them. Groups are written
 * one after another; `finish` writes what is left and reports the first write that failed (the rows of a
 * failed write keep their lease, and go again when it runs out).
 */
export function outcomeRecorder(every: number, write: (results: DeliveryResult[]) => Promise<void>) {
  let waiting: DeliveryResult[] = [];
  let writing: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let failure: { error: unknown } | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (waiting.length === 0) return;
    const group = waiting;
    waiting = [];
    writing = writing
      .then(() => write(group))
      .catch((error: unknown) => {
        failure ??= { error };
      });
  };
  return {
    add(result: DeliveryResult) {
      waiting.push(result);
      if (waiting.length >= every) flush();
      else timer ??= setTimeout(flush, RECORD_GATHER_MS);
    },
    async finish() {
      flush();
      await writing;
      if (failure) throw failure.error;
    },
  };
}

export interface ChannelSender {
  readonly channel: ChannelName;
  /** Claims one batch, sends it, records it; returns how many were claimed (0: nothing due). */
  sendBatch(): Promise<number>;
}

type SenderDeps = Pick<AppDeps, 'db' | 'clock'> & { config: Pick<AppDeps['config'], 'publicUrl'> };

const dropped = (row: ClaimedDelivery, error: string): DeliveryResult => ({
  id: row.id,
  attempts: row.attempts,
  state: 'dropped',
  dueAt: null,
  providerRef: null,
  error,
  ...(row.notice === 'confirm' ? { confirmation: true } : {}),
});

export function channelSender(
  deps: SenderDeps,
  options: {
    adapter: ChannelAdapter;
    renderer: NoticeRenderer;
    bucket: TokenBucket;
    tuning: SenderTuning;
    concurrency?: number;
    onResults?: (results: readonly DeliveryResult[]) => void;
  },
): ChannelSender {
  const { adapter, renderer, bucket, tuning } = options;
  const channel = adapter.channel;
  // One read of the link secret for all lanes (they start together), read again if it failed.
  let secret: Promise<Buffer> | undefined;
  let cursor: ClaimCursor | null = null;
  let lastFullScan = Number.NEGATIVE_INFINITY;

  async function outgoingFor(row: ClaimedDelivery): Promise<Outgoing | string> {
    if (row.address === null) return 'the recipient has left';
    let content: NoticeContent | null;
    if (row.notice === 'confirm') {
      if (!row.payload) return 'no confirmation payload';
      content = renderer.confirmation(row.payload);
    } else {
      if (!row.confirmed) return 'the address is not confirmed';
      if (row.notice !== 'found' && row.notice !== 'withdrawn' && row.alert_state !== 'active')
        return 'the appeal ended before this was sent';
      content = await renderer.alertNotice(row.message_id!, row.notice, row.language ?? 'en', row.issue);
      if (!content) return 'the message no longer exists';
    }
    const outgoing: Outgoing = { key: deliveryKey(row), deliveryId: String(row.id), notice: row.notice, address: row.address, content };
    if (channel === 'push' && row.push_p256dh && row.push_auth) outgoing.push = { p256dh: row.push_p256dh, auth: row.push_auth };
    if (channel === 'webhook' && row.webhook_secret) {
      outgoing.webhookSecret = row.webhook_secret;
      if (row.previous_webhook_secret) outgoing.previousWebhookSecret = row.previous_webhook_secret;
    }
    if (channel === 'email' && row.notice !== 'confirm') {
      secret ??= linkSecret(deps.db, deps.clock()).catch((error: unknown) => {
        secret = undefined;
        throw error;
      });
      outgoing.unsubscribeUrl = unsubscribeUrl(deps.config.publicUrl, await secret, row.subscriber_id, content.language);
      outgoing.content = withUnsubscribeFooter(content, outgoing.unsubscribeUrl);
    }
    return outgoing;
  }

  async function deliver(row: ClaimedDelivery, leaseEnd: number): Promise<DeliveryResult | null> {
    // Past the end of our lease the row may be another worker's: leave it to them rather than send twice.
    if (deps.clock().getTime() > leaseEnd) return null;
    let outgoing: Outgoing | string;
    try {
      outgoing = await outgoingFor(row);
    } catch (error) {
      return resultOf(row, { status: 'retry', error: `could not render: ${(error as Error).message}` }, deps.clock(), tuning);
    }
    if (typeof outgoing === 'string') return dropped(row, outgoing);
    const turn = bucket.take();
    if (turn) await turn;
    let outcome: SendOutcome;
    try {
      outcome = await adapter.send(outgoing);
    } catch (error) {
      outcome = { status: 'retry', error: error instanceof Error ? error.message : String(error) };
    }
    const result = resultOf(row, outcome, deps.clock(), tuning);
    if (row.notice === 'confirm') result.confirmation = true;
    return result;
  }

  return {
    channel,
    async sendBatch() {
      const claimedAt = deps.clock().getTime();
      // Lanes go on from the furthest point any of them reached. What the cursor has passed can still
      // hold work: a dead worker's rows once their lease runs out (they keep their place in the order),
      // rows that became visible after the cursor passed their due time (another process's fan-out
      // committing late), or a retry that falls due behind newer rows. A scan from the head finds those:
      // when the cursor runs dry, and at least twice per lease while there is a backlog, but not more
      // than once per FULL_SCAN_GAP_MS.
      const fullScanAllowed = claimedAt - lastFullScan >= FULL_SCAN_GAP_MS;
      let rows: ClaimedDelivery[] = [];
      if (cursor && claimedAt - lastFullScan < tuning.leaseMs / 2) {
        rows = await claimDeliveries(deps.db, channel, tuning.batchSize, new Date(claimedAt), tuning.leaseMs, cursor);
      }
      if (rows.length === 0 && (!cursor || fullScanAllowed || claimedAt - lastFullScan >= tuning.leaseMs / 2)) {
        lastFullScan = claimedAt;
        rows = await claimDeliveries(deps.db, channel, tuning.batchSize, new Date(claimedAt), tuning.leaseMs);
      }
      cursor = cursorAfter(cursor, rows);
      if (rows.length === 0) return 0;
      // Stop starting sends with a tenth of the lease left, so what is sent is recorded before it runs out.
      const leaseEnd = claimedAt + tuning.leaseMs * 0.9;
      const recorder = outcomeRecorder(tuning.recordEvery, async (results) => {
        await recordResults(deps.db, channel, results, deps.clock());
        options.onResults?.(results);
      });
      await mapWithConcurrency(rows, options.concurrency ?? adapter.concurrency, async (row) => {
        const result = await deliver(row, leaseEnd);
        if (result) recorder.add(result);
      });
      await recorder.finish();
      return rows.length;
    },
  };
}

export interface Receipt {
  providerRef: string;
  delivered: boolean;
  detail: string;
}

/**
 * Delivery receipts (SMPP deliver_sm), many in one statement: each row named becomes delivered, or failed.
 * Returns the provider references that are stored: matched a sent delivery, or one a receipt already
 * settled (a receipt the provider delivers again, because our answer to it was lost). The others may have
 * overtaken the record of their send, and the caller tries them again.
 */
export async function applyReceipts(db: Queryable, channel: ChannelName, receipts: readonly Receipt[], now: Date): Promise<Set<string>> {
  if (receipts.length === 0) return new Set();
  const refs = receipts.map((r) => r.providerRef);
  const states = receipts.map((r) => (r.delivered ? 'delivered' : 'failed'));
  const details = receipts.map((r) => r.detail.slice(0, 500));
  const { rows } = await db.query<{ ref: string }>(
    sql`UPDATE deliveries d SET state = v.state,
               delivered_at = CASE WHEN v.state = 'delivered' THEN COALESCE(CASE WHEN d.state = 'delivered' THEN d.delivered_at END, ${now}::timestamptz) ELSE d.delivered_at END,
               last_error = CASE WHEN v.state = 'failed' THEN v.detail ELSE d.last_error END
          FROM (SELECT unnest(${refs}::text[]) AS ref, unnest(${states}::text[]) AS state, unnest(${details}::text[]) AS detail) v
         WHERE d.channel = ${channel} AND d.provider_ref = v.ref AND d.state IN ('sent', 'delivered')
         RETURNING v.ref`,
    [],
    { prepare: 'dispatch-receipts' },
  );
  const stored = new Set(rows.map((r) => r.ref));
  const unmatched = [...new Set(receipts.map((r) => r.providerRef))].filter((ref) => !stored.has(ref));
  if (unmatched.length > 0) {
    const settled = await db.query<{ ref: string }>(
      sql`SELECT provider_ref AS ref FROM deliveries WHERE channel = ${channel} AND provider_ref = ANY(${unmatched}::text[]) AND state = 'failed'`,
    );
    for (const row of settled.rows) stored.add(row.ref);
  }
  return stored;
}

/** One delivery receipt: the row it names becomes delivered, or failed. */
export async function applyReceipt(
  db: Queryable,
  channel: ChannelName,
  providerRef: string,
  delivered: boolean,
  detail: string,
  now: Date,
): Promise<boolean> {
  return (await applyReceipts(db, channel, [{ providerRef, delivered, detail }], now)).has(providerRef);
}
