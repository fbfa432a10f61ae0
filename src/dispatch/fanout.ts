// Fan-out: a job from the outbox becomes one delivery row per recipient and channel. The database does
// the streaming: each step is one INSERT ... SELECT over a handful of the alert's cell ranges, joined by
// btree range scans on subscriber_cells, so no recipient list ever passes through this process's memory.
// Each step commits with the job's cursor; a job taken over after a crash goes on from the cursor, and
// the unique (message, recipient, channel, issue) key turns any repeated step into a no-op.
import type { Database, Queryable } from '../db/database.ts';
import type { Audience, FanoutNotice } from './outbox.ts';

export interface FanoutJob {
  id: number;
  alert_id: string;
  message_id: string;
  issue: number;
  notice: FanoutNotice;
  audience: Audience;
  channels: string[];
  attempts: number;
}

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
  const { rows } = await db.query<FanoutJob>(
    `UPDATE dispatch_jobs SET state = 'running', attempts = attempts + 1, leased_until = $2, started_at = COALESCE(started_at, $1)
      WHERE id = (SELECT id FROM dispatch_jobs
                   WHERE state IN ('queued', 'running') AND run_after <= $1 AND (leased_until IS NULL OR leased_until < $1)
                   ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id, alert_id, message_id, issue, notice, audience, channels, attempts`,
    [now, new Date(now.getTime() + FANOUT_LEASE_MS)],
  );
  return rows[0] ?? null;
}

type StepResult = 'more' | 'done' | 'lost';

/**
 * The recipients of the alert's ranges after the cursor ($5, exclusive) up to $6, as delivery rows. The
 * subscribers table is joined only for exercises and tests (who opted in); for a real alert every
 * recipient with a confirmed address is in, and a subscriber_channels row always has its subscriber
 * (the foreign key), so the join would only cost a lookup per recipient. Exported for the benchmark,
 * which times this SELECT on its own.
 */
export function rangeRecipientsSelect(actual: boolean): string {
  return `SELECT $1::uuid AS alert_id, $2::uuid AS message_id, $3::integer AS issue, sc.subscriber_id, sc.channel, $4::text AS notice,
                 'queued' AS state, $7::timestamptz AS due_at, $7::timestamptz AS created_at
            FROM alert_area_ranges r
            JOIN subscriber_cells c ON c.cell BETWEEN r.low AND r.high
            JOIN subscriber_channels sc ON sc.subscriber_id = c.subscriber_id AND sc.channel = ANY($8::text[]) AND sc.confirmed_at IS NOT NULL
            ${actual ? '' : 'JOIN subscribers s ON s.id = c.subscriber_id AND s.include_exercises'}
           WHERE r.alert_id = $1 AND r.low > $5::bigint AND r.low <= $6::bigint`;
}

/** Inserts the deliveries for the recipients in the next ranges after the cursor; returns how many. */
async function fanOutRanges(tx: Queryable, job: FanoutJob, cursor: string, now: Date, rangesPerStep: number, actual: boolean): Promise<{ inserted: number; cursor: string | null }> {
  const { rows } = await tx.query<{ low: string }>(
    `SELECT low::text AS low FROM alert_area_ranges WHERE alert_id = $1 AND low > $2::bigint ORDER BY low LIMIT $3`,
    [job.alert_id, cursor, rangesPerStep],
  );
  if (rows.length === 0) return { inserted: 0, cursor: null };
  const last = rows[rows.length - 1]!.low;
  const { rowCount } = await tx.query(
    `INSERT INTO deliveries (alert_id, message_id, issue, subscriber_id, channel, notice, state, due_at, created_at)
     ${rangeRecipientsSelect(actual)}
     ON CONFLICT DO NOTHING`,
    [job.alert_id, job.message_id, job.issue, job.notice, cursor, last, now, job.channels],
  );
  return { inserted: rowCount, cursor: last };
}

// A national step takes this many subscriber cell rows per range a regional step would take (5,120).
const NATIONAL_CELLS_PER_RANGE = 160;

/**
 * A national alert has no ranges: it targets everyone. The recipients' cells are walked in index order
 * instead, a slice at a time, with the last cell of each slice as the cursor.
 */
async function fanOutNational(tx: Queryable, job: FanoutJob, cursor: string, now: Date, cellsPerStep: number, actual: boolean): Promise<{ inserted: number; cursor: string | null }> {
  const { rows } = await tx.query<{ cell: string }>(
    `SELECT max(cell)::text AS cell FROM (SELECT cell FROM subscriber_cells WHERE cell > $1::bigint ORDER BY cell LIMIT $2) slice`,
    [cursor, cellsPerStep],
  );
  const last = rows[0]?.cell ?? null;
  if (last === null) return { inserted: 0, cursor: null };
  const { rowCount } = await tx.query(
    `INSERT INTO deliveries (alert_id, message_id, issue, subscriber_id, channel, notice, state, due_at, created_at)
     SELECT $1, $2, $3, sc.subscriber_id, sc.channel, $4, 'queued', $7, $7
       FROM subscriber_cells c
       JOIN subscriber_channels sc ON sc.subscriber_id = c.subscriber_id AND sc.channel = ANY($8::text[]) AND sc.confirmed_at IS NOT NULL
       ${actual ? '' : 'JOIN subscribers s ON s.id = c.subscriber_id AND s.include_exercises'}
      WHERE c.cell > $5::bigint AND c.cell <= $6::bigint
     ON CONFLICT DO NOTHING`,
    [job.alert_id, job.message_id, job.issue, job.notice, cursor, last, now, job.channels],
  );
  return { inserted: rowCount, cursor: last };
}

/**
 * Those already sent an earlier message of this alert, or being sent it now (a first attempt in flight),
 * and still subscribed to that channel. Found through the unique key's leading column, the message id.
 */
async function fanOutToAlerted(tx: Queryable, job: FanoutJob, now: Date): Promise<number> {
  const { rowCount } = await tx.query(
    `INSERT INTO deliveries (alert_id, message_id, issue, subscriber_id, channel, notice, state, due_at, created_at)
     SELECT DISTINCT $1::uuid, $2::uuid, $3::integer, d.subscriber_id, d.channel, $4, 'queued', $5::timestamptz, $5::timestamptz
       FROM deliveries d
       JOIN subscriber_channels sc ON sc.subscriber_id = d.subscriber_id AND sc.channel = d.channel
      WHERE d.message_id IN (SELECT m.id FROM alert_messages m WHERE m.alert_id = $1 AND m.id <> $2)
        AND (d.state IN ('sending', 'sent', 'delivered') OR (d.state = 'queued' AND d.leased_until IS NOT NULL))
        AND d.notice IN ('alert', 'update', 'reissue') AND d.channel = ANY($6::text[])
     ON CONFLICT DO NOTHING`,
    [job.alert_id, job.message_id, job.issue, job.notice, now, job.channels],
  );
  return rowCount;
}

/** One step of a job in one transaction: a chunk of ranges, or the last part (those alerted before). */
export async function fanoutStep(db: Database, job: FanoutJob, now: Date, rangesPerStep = RANGES_PER_STEP): Promise<StepResult> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ state: string; attempts: number; cursor: string | null; alert_state: string; national: boolean; actual: boolean }>(
      `SELECT j.state, j.attempts, j.range_cursor::text AS cursor, a.state AS alert_state, COALESCE((a.area->>'national')::boolean, false) AS national,
              a.cap_status = 'Actual' AS actual
         FROM dispatch_jobs j JOIN alerts a ON a.id = j.alert_id WHERE j.id = $1 FOR UPDATE OF j`,
      [job.id],
    );
    const current = rows[0];
    // Someone else took the job over (our lease ran out), or a withdrawal finished it.
    if (!current || current.state !== 'running' || current.attempts !== job.attempts) return 'lost';
    // An appeal that ended while it was fanning out stops reaching new people; found notices go on.
    if (['alert', 'update', 'reissue'].includes(job.notice) && current.alert_state !== 'active') {
      await tx.query(`UPDATE dispatch_jobs SET state = 'done', finished_at = $2, last_error = 'the appeal ended' WHERE id = $1`, [job.id, now]);
      return 'done';
    }
    if (job.audience !== 'alerted') {
      const cursor = current.cursor ?? START_CURSOR;
      const step = current.national
        ? await fanOutNational(tx, job, cursor, now, rangesPerStep * NATIONAL_CELLS_PER_RANGE, current.actual)
        : await fanOutRanges(tx, job, cursor, now, rangesPerStep, current.actual);
      if (step.cursor !== null) {
        await tx.query(`UPDATE dispatch_jobs SET range_cursor = $2::bigint, targeted = targeted + $3, leased_until = $4 WHERE id = $1`, [
          job.id,
          step.cursor,
          step.inserted,
          new Date(now.getTime() + FANOUT_LEASE_MS),
        ]);
        return 'more';
      }
    }
    const alerted = job.audience === 'area' ? 0 : await fanOutToAlerted(tx, job, now);
    await tx.query(`UPDATE dispatch_jobs SET state = 'done', finished_at = $2, targeted = targeted + $3, leased_until = NULL WHERE id = $1`, [job.id, now, alerted]);
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
        await db
          .query(`UPDATE dispatch_jobs SET last_error = $2 WHERE id = $1`, [job.id, String(error instanceof Error ? error.message : error).slice(0, 500)])
          .catch(() => undefined);
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
