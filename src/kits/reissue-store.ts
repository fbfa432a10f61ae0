// The appeal_kit_schedules and appeal_kit_sends tables: this module alone reads and writes them.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';

export type KitScheduleRow = Row<'appeal_kit_schedules', 'every_minutes' | 'until_at' | 'next_at' | 'issues_done' | 'stopped_at'>;
export type KitSendRow = Row<'appeal_kit_sends', 'id' | 'appeal_id' | 'issue' | 'subscriber_id' | 'attempts' | 'occurred_at'> & {
  event: 'kit' | 'withdrawn';
};

export async function upsertKitSchedule(
  tx: Queryable,
  input: { appealId: string; everyMinutes: number; untilAt: Date; nextAt: Date; createdBy: string; now: Date },
): Promise<void> {
  await tx.query(
    sql`INSERT INTO appeal_kit_schedules (appeal_id, every_minutes, until_at, next_at, created_by, created_at)
        VALUES (${input.appealId}, ${input.everyMinutes}, ${input.untilAt}, ${input.nextAt}, ${input.createdBy}, ${input.now})
        ON CONFLICT (appeal_id) DO UPDATE SET every_minutes = EXCLUDED.every_minutes, until_at = EXCLUDED.until_at, next_at = EXCLUDED.next_at,
                                              created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at, stopped_at = NULL`,
  );
}

export async function stopKitSchedule(tx: Queryable, appealId: string, now: Date): Promise<void> {
  await tx.query(sql`UPDATE appeal_kit_schedules SET stopped_at = ${now} WHERE appeal_id = ${appealId} AND stopped_at IS NULL`);
}

export async function kitSchedule(db: Queryable, appealId: string): Promise<KitScheduleRow | undefined> {
  const { rows } = await db.query<KitScheduleRow>(
    sql`SELECT every_minutes, until_at, next_at, issues_done, stopped_at FROM appeal_kit_schedules WHERE appeal_id = ${appealId}`,
  );
  return rows[0];
}

export interface KitIssueTally {
  event: 'kit' | 'withdrawn';
  issue: number;
  queuedAt: Date;
  partners: number;
  delivered: number;
  failed: number;
}

/** Each issue (and the withdrawal) with how many partners it went to and how many took it. */
export async function kitIssueTallies(db: Queryable, appealId: string): Promise<KitIssueTally[]> {
  const { rows } = await db.query<{
    event: 'kit' | 'withdrawn';
    issue: number;
    queued_at: Date;
    partners: number;
    delivered: number;
    failed: number;
  }>(
    sql`SELECT event, issue, min(created_at) AS queued_at, count(*)::integer AS partners,
               count(*) FILTER (WHERE state = 'delivered')::integer AS delivered,
               count(*) FILTER (WHERE state IN ('failed', 'dead'))::integer AS failed
          FROM appeal_kit_sends WHERE appeal_id = ${appealId} GROUP BY event, issue ORDER BY min(created_at), issue`,
  );
  return rows.map((row) => ({
    event: row.event,
    issue: row.issue,
    queuedAt: row.queued_at,
    partners: row.partners,
    delivered: row.delivered,
    failed: row.failed,
  }));
}

/** When the next kit issue or kit send (a retry, or one whose sender's lease ran out) falls due; null when none waits. */
export async function nextKitWorkDue(db: Queryable): Promise<Date | null> {
  const { rows } = await db.query<{ due: Date | null }>(
    sql`SELECT LEAST((SELECT min(next_at) FROM appeal_kit_schedules WHERE stopped_at IS NULL),
                     (SELECT min(due_at) FROM appeal_kit_sends WHERE state IN ('queued', 'retrying'))) AS due`,
  );
  return rows[0]?.due ?? null;
}

/** The appeals whose next issue is due. */
export async function dueKitSchedules(db: Queryable, now: Date): Promise<string[]> {
  const { rows } = await db.query<{ appeal_id: string }>(
    sql`SELECT appeal_id FROM appeal_kit_schedules WHERE stopped_at IS NULL AND next_at <= ${now} ORDER BY next_at LIMIT 100`,
  );
  return rows.map((row) => row.appeal_id);
}

/** The schedule, locked, if it is still due and no other worker holds it. */
export async function lockDueKitSchedule(
  tx: Queryable,
  appealId: string,
  now: Date,
): Promise<Row<'appeal_kit_schedules', 'every_minutes' | 'until_at' | 'next_at' | 'issues_done'> | undefined> {
  const { rows } = await tx.query<Row<'appeal_kit_schedules', 'every_minutes' | 'until_at' | 'next_at' | 'issues_done'>>(
    sql`SELECT every_minutes, until_at, next_at, issues_done FROM appeal_kit_schedules
         WHERE appeal_id = ${appealId} AND stopped_at IS NULL AND next_at <= ${now} FOR UPDATE SKIP LOCKED`,
  );
  return rows[0];
}

export async function recordKitIssue(tx: Queryable, appealId: string, issue: number, nextAt: Date, now: Date): Promise<void> {
  await tx.query(
    sql`UPDATE appeal_kit_schedules SET issues_done = ${issue}, next_at = ${nextAt},
                                        stopped_at = CASE WHEN ${nextAt}::timestamptz > until_at THEN ${now}::timestamptz END
         WHERE appeal_id = ${appealId}`,
  );
}

export async function queueKitSends(
  tx: Queryable,
  input: { appealId: string; event: 'kit' | 'withdrawn'; issue: number; subscriberIds: readonly string[]; now: Date },
): Promise<number> {
  if (input.subscriberIds.length === 0) return 0;
  const { rowCount } = await tx.query(
    sql`INSERT INTO appeal_kit_sends (appeal_id, event, issue, subscriber_id, due_at, occurred_at, created_at)
        SELECT ${input.appealId}, ${input.event}, ${input.issue}, id, ${input.now}, ${input.now}, ${input.now} FROM unnest(${input.subscriberIds}::uuid[]) AS id
        ON CONFLICT (appeal_id, event, issue, subscriber_id) DO NOTHING`,
  );
  return rowCount;
}

/**
 * The appeal is withdrawn, in the caller's transaction: its schedule stops, kits not yet sent are dropped, and
 * every partner that was sent (or was to be sent) its kit is sent a withdrawal event. Returns how many.
 */
export async function endKitReissueWithin(tx: Queryable, appealId: string, now: Date): Promise<number> {
  await stopKitSchedule(tx, appealId, now);
  await tx.query(
    sql`UPDATE appeal_kit_sends SET state = 'dropped' WHERE appeal_id = ${appealId} AND event = 'kit' AND state IN ('queued', 'retrying')`,
  );
  const { rows } = await tx.query<{ subscriber_id: string }>(
    sql`SELECT DISTINCT subscriber_id FROM appeal_kit_sends WHERE appeal_id = ${appealId} AND event = 'kit'`,
  );
  return queueKitSends(tx, { appealId, event: 'withdrawn', issue: 0, subscriberIds: rows.map((row) => row.subscriber_id), now });
}

/** Claims due sends for `leaseMs`: a worker that dies mid-send gives them back when the lease runs out. */
export async function claimKitSends(db: Queryable, now: Date, limit: number, leaseMs: number): Promise<KitSendRow[]> {
  const { rows } = await db.query<KitSendRow>(
    sql`UPDATE appeal_kit_sends SET due_at = ${new Date(now.getTime() + leaseMs)}, attempts = attempts + 1
         WHERE id IN (SELECT id FROM appeal_kit_sends WHERE state IN ('queued', 'retrying') AND due_at <= ${now}
                       ORDER BY due_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING id, appeal_id, event, issue, subscriber_id, attempts, occurred_at`,
  );
  return rows;
}

export type KitSendOutcome =
  { state: 'delivered' | 'failed' | 'dead' | 'dropped'; error?: string } | { state: 'retrying'; error: string; dueAt: Date };

export async function recordKitSend(db: Queryable, id: number, outcome: KitSendOutcome, now: Date): Promise<void> {
  await db.query(
    sql`UPDATE appeal_kit_sends SET state = ${outcome.state}, last_error = ${outcome.error ?? null},
                                    due_at = ${outcome.state === 'retrying' ? outcome.dueAt : now},
                                    sent_at = CASE WHEN ${outcome.state} = 'delivered' THEN ${now}::timestamptz ELSE sent_at END
         WHERE id = ${id}`,
  );
}
