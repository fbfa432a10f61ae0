// Fan-out: a job from the outbox becomes one delivery row per recipient and channel. The database does
// the streaming: each step is one INSERT ... SELECT over a handful of the alert's cell ranges, joined by
// btree range scans on subscriber_cells, so no recipient list ever passes through this process's memory.
// Each step commits with the job's cursor; a job taken over after a crash goes on from the cursor, and
// the unique (message, recipient, channel, issue) key turns any repeated step into a no-op.
import { alertAreaRanges, alertForDispatch, alertMessageIds, nextAlertRangeLows } from '../alerts/dispatch-view.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql, type Sql } from '../db/sql.ts';
import { cellSliceEnd, recipientChannels, recipientsInCellSlice, recipientsInRanges } from '../subscribers/recipients.ts';
import type { Audience, FanoutNotice } from './outbox.ts';

export type FanoutJob = Row<'dispatch_jobs', 'id' | 'alert_id' | 'message_id' | 'issue' | 'channels' | 'attempts'> & {
  notice: FanoutNotice;
  audience: Audience;
};

/**
 * Ranges per step. Senders see a step's rows only when it commits, so the first step is the wait before
 * the first message: a county-sized area is about 200 ranges holding 200,000 people, and taking it in one
 * step kept every sender idle for the whole fan-out. Thirty-two ranges make a step of a few thousand to a
 * few tens of thousands of rows, and sending starts while the rest is still being written.
 */
export const RANGES_PER_STEP = 32;
export const FANOUT_LEASE_MS = 60_000;
const START_CURSOR = '-1';
const LAST_STEP_RETRIES = 5;

/** Takes the oldest due job nobody holds (a job whose holder died comes back when its lease runs out). */
export async function claimFanoutJob(db: Queryable, now: Date): Promise<FanoutJob | null> {
  const leasedUntil = new Date(now.getTime() + FANOUT_LEASE_MS);
  const { rows } = await db.query<FanoutJob>(
    sql`UPDATE dispatch_jobs SET state = 'running', attempts = attempts + 1, leased_until = ${leasedUntil}, started_at = COALESCE(started_at, ${now})
         WHERE id = (SELECT id FROM dispatch_jobs
                      WHERE state IN ('queued', 'running') AND run_after <= ${now} AND (leased_until IS NULL OR leased_until < ${now})
                      ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING id, alert_id, message_id, issue, notice, audience, channels, attempts`,
  );
  return rows[0] ?? null;
}

/** When a fan-out job next becomes claimable (queued, or its holder's lease runs out); null when none waits. */
export async function nextFanoutJobDue(db: Queryable): Promise<Date | null> {
  const { rows } = await db.query<{ due: Date | null }>(
    sql`SELECT min(GREATEST(run_after, leased_until)) AS due FROM dispatch_jobs WHERE state IN ('queued', 'running')`,
  );
  return rows[0]?.due ?? null;
}

type StepResult = 'more' | 'done' | 'lost';

/** What every delivery row of a step carries, apart from its recipient and channel. */
export interface StepRows {
  alertId: string;
  messageId: string;
  issue: number;
  notice: FanoutNotice;
  now: Date;
}

/** Delivery rows for the recipients of `recipients` (a query of subscriber_id, channel). */
function deliveryRows(step: StepRows, recipients: Sql): Sql {
  return sql`SELECT ${step.alertId}::uuid AS alert_id, ${step.messageId}::uuid AS message_id, ${step.issue}::integer AS issue, rcp.subscriber_id, rcp.channel,
                    ${step.notice}::text AS notice, 'queued' AS state, ${step.now}::timestamptz AS due_at, ${step.now}::timestamptz AS created_at
               FROM (${recipients}) rcp`;
}

function insertDeliveries(rows: Sql): Sql {
  return sql`INSERT INTO deliveries (alert_id, message_id, issue, subscriber_id, channel, notice, state, due_at, created_at)
             ${rows}
             ON CONFLICT DO NOTHING`;
}

/**
 * The recipients of the alert's ranges after `after` (exclusive) up to `upTo`, as delivery rows: the
 * alert's ranges joined to the recipients' cells by btree range scans. Exported for the benchmark, which
 * times this SELECT on its own.
 */
export function rangeRecipientsSelect(
  step: StepRows,
  range: { after: string; upTo: string; channels: readonly string[] },
  actual: boolean,
): Sql {
  return deliveryRows(step, recipientsInRanges(alertAreaRanges(step.alertId, range.after, range.upTo), range.channels, actual));
}

const stepRows = (job: FanoutJob, now: Date): StepRows => ({
  alertId: job.alert_id,
  messageId: job.message_id,
  issue: job.issue,
  notice: job.notice,
  now,
});

/** Inserts the deliveries for the recipients in the next ranges after the cursor; returns how many. */
async function fanOutRanges(
  tx: Queryable,
  job: FanoutJob,
  cursor: string,
  now: Date,
  rangesPerStep: number,
  actual: boolean,
): Promise<{ inserted: number; cursor: string | null }> {
  const lows = await nextAlertRangeLows(tx, job.alert_id, cursor, rangesPerStep);
  const last = lows.at(-1);
  if (last === undefined) return { inserted: 0, cursor: null };
  const { rowCount } = await tx.query(
    insertDeliveries(rangeRecipientsSelect(stepRows(job, now), { after: cursor, upTo: last, channels: job.channels }, actual)),
  );
  return { inserted: rowCount, cursor: last };
}

// A national step takes this many subscriber cell rows per range a regional step would take (5,120).
const NATIONAL_CELLS_PER_RANGE = 160;

/**
 * A national alert has no ranges: it targets everyone. The recipients' cells are walked in index order
 * instead, a slice at a time, with the last cell of each slice as the cursor.
 */
async function fanOutNational(
  tx: Queryable,
  job: FanoutJob,
  cursor: string,
  now: Date,
  cellsPerStep: number,
  actual: boolean,
): Promise<{ inserted: number; cursor: string | null }> {
  const last = await cellSliceEnd(tx, cursor, cellsPerStep);
  if (last === null) return { inserted: 0, cursor: null };
  const { rowCount } = await tx.query(
    insertDeliveries(deliveryRows(stepRows(job, now), recipientsInCellSlice(cursor, last, job.channels, actual))),
  );
  return { inserted: rowCount, cursor: last };
}

/**
 * Those already sent an earlier message of this alert, or being sent it now (a first attempt in flight),
 * and still subscribed to that channel. Found through the unique key's leading column, the message id.
 */
async function fanOutToAlerted(tx: Queryable, job: FanoutJob, now: Date): Promise<number> {
  const { rowCount } = await tx.query(
    sql`INSERT INTO deliveries (alert_id, message_id, issue, subscriber_id, channel, notice, state, due_at, created_at)
        SELECT DISTINCT ${job.alert_id}::uuid, ${job.message_id}::uuid, ${job.issue}::integer, d.subscriber_id, d.channel, ${job.notice},
               'queued', ${now}::timestamptz, ${now}::timestamptz
          FROM deliveries d
          JOIN (${recipientChannels}) sc ON sc.subscriber_id = d.subscriber_id AND sc.channel = d.channel
         WHERE d.message_id IN (${alertMessageIds(job.alert_id, job.message_id)})
           AND (d.state IN ('sending', 'sent', 'delivered') OR (d.state = 'queued' AND d.leased_until IS NOT NULL))
           AND d.notice IN ('alert', 'update', 'reissue') AND d.channel = ANY(${job.channels}::text[])
        ON CONFLICT DO NOTHING`,
  );
  return rowCount;
}

/** One step of a job in one transaction: a chunk of ranges, or the last part (those alerted before). */
export async function fanoutStep(db: Database, job: FanoutJob, now: Date, rangesPerStep = RANGES_PER_STEP): Promise<StepResult> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<Row<'dispatch_jobs', 'state' | 'attempts'> & { cursor: string | null }>(
      sql`SELECT state, attempts, range_cursor::text AS cursor FROM dispatch_jobs WHERE id = ${job.id} FOR UPDATE`,
    );
    const current = rows[0];
    // Someone else took the job over (our lease ran out), or a withdrawal finished it.
    if (!current || current.state !== 'running' || current.attempts !== job.attempts) return 'lost';
    // The job's alert always exists (the foreign key); the job row is locked first, as before.
    const alert = await alertForDispatch(tx, job.alert_id);
    if (!alert) return 'lost';
    // An appeal that ended while it was fanning out stops reaching new people; found notices go on.
    if (['alert', 'update', 'reissue'].includes(job.notice) && alert.state !== 'active') {
      await tx.query(
        sql`UPDATE dispatch_jobs SET state = 'done', finished_at = ${now}, last_error = 'the appeal ended' WHERE id = ${job.id}`,
      );
      return 'done';
    }
    if (job.audience !== 'alerted') {
      const cursor = current.cursor ?? START_CURSOR;
      const step = alert.national
        ? await fanOutNational(tx, job, cursor, now, rangesPerStep * NATIONAL_CELLS_PER_RANGE, alert.actual)
        : await fanOutRanges(tx, job, cursor, now, rangesPerStep, alert.actual);
      if (step.cursor !== null) {
        const leasedUntil = new Date(now.getTime() + FANOUT_LEASE_MS);
        await tx.query(
          sql`UPDATE dispatch_jobs SET range_cursor = ${step.cursor}::bigint, targeted = targeted + ${step.inserted}, leased_until = ${leasedUntil} WHERE id = ${job.id}`,
        );
        return 'more';
      }
    }
    const alerted = job.audience === 'area' ? 0 : await fanOutToAlerted(tx, job, now);
    await tx.query(
      sql`UPDATE dispatch_jobs SET state = 'done', finished_at = ${now}, targeted = targeted + ${alerted}, leased_until = NULL WHERE id = ${job.id}`,
    );
    return 'done';
  });
}

/**
 * Runs one claimed job to the end. A failing step is retried a few times here, then the job is left to
 * its lease, so another worker (or this one later) takes it over from the cursor.
 */
export async function runFanoutJob(db: Database, job: FanoutJob, clock: () => Date, onStep?: () => void): Promise<StepResult> {
  let failures = 0;
  for (;;) {
    let result: StepResult;
    try {
      result = await fanoutStep(db, job, clock());
      failures = 0;
    } catch (error) {
      if (++failures > LAST_STEP_RETRIES) {
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        await db.query(sql`UPDATE dispatch_jobs SET last_error = ${message} WHERE id = ${job.id}`).catch(() => undefined);
        throw error;
      }
      continue;
    }
    onStep?.();
    if (result !== 'more') return result;
  }
}

/** Runs every due job; returns how many were finished. Used by the worker loop and by tests. */
export async function runDueFanoutJobs(db: Database, clock: () => Date, onStep?: () => void): Promise<number> {
  let finished = 0;
  for (let job = await claimFanoutJob(db, clock()); job; job = await claimFanoutJob(db, clock())) {
    if ((await runFanoutJob(db, job, clock, onStep)) === 'done') finished++;
  }
  return finished;
}
