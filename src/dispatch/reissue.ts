// Re-issue: an active appeal sent again to broadcast channels on a schedule (for example every 30 minutes
// for 24 hours), so that screens and partners' systems that came on later, or scrolled it away, show it
// again. Each run is a fan-out job of the alert's latest message with its own issue number: that job
// list is the schedule's history.
import type { AppDeps } from '../app-deps.ts';
import { auditActor, requireSecondFactorSession, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { requireReachableAlert } from '../alerts/store.ts';
import { alertForDispatch, latestAlertMessageId, messageIdentifiers } from '../alerts/dispatch-view.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { conflict } from '../http/problem.ts';
import { enqueueFanout } from './outbox.ts';

export interface ReissueSchedule {
  everyMinutes: number;
  untilAt: string;
  nextAt: string | null;
  issuesDone: number;
  stoppedAt: string | null;
}

export interface ReissueRun {
  issue: number;
  messageIdentifier: string;
  queuedAt: string;
  state: string;
  targeted: number;
  finishedAt: string | null;
}

type ReissueDeps = Pick<AppDeps, 'db' | 'clock'> & { onOutbox?: () => void };

export async function setReissueSchedule(
  deps: ReissueDeps,
  actor: Actor,
  alertId: string,
  input: { everyMinutes: number; forHours: number },
): Promise<void> {
  requireSecondFactorSession(actor, 'Setting a re-issue schedule');
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const alert = await requireReachableAlert(tx, actor, alertId, true);
    if (alert.state !== 'active') throw conflict(`The alert is ${alert.state.replace('_', ' ')}: only an active appeal can be re-issued.`);
    const untilAt = new Date(now.getTime() + input.forHours * 3_600_000);
    const nextAt = new Date(now.getTime() + input.everyMinutes * 60_000);
    await tx.query(
      sql`INSERT INTO alert_reissue_schedules (alert_id, every_minutes, until_at, next_at, created_by, created_at)
          VALUES (${alertId}, ${input.everyMinutes}, ${untilAt}, ${nextAt}, ${actor.userId}, ${now})
          ON CONFLICT (alert_id) DO UPDATE SET every_minutes = EXCLUDED.every_minutes, until_at = EXCLUDED.until_at, next_at = EXCLUDED.next_at,
                                               created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at, stopped_at = NULL`,
    );
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'alert.reissue_scheduled',
        subjectType: 'alert',
        subjectId: alertId,
        details: { everyMinutes: input.everyMinutes, until: untilAt.toISOString() },
      },
      now,
    );
  });
}

export async function stopReissueSchedule(deps: ReissueDeps, actor: Actor, alertId: string): Promise<void> {
  requireSecondFactorSession(actor, 'Stopping a re-issue schedule');
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await requireReachableAlert(tx, actor, alertId);
    await tx.query(sql`UPDATE alert_reissue_schedules SET stopped_at = ${now} WHERE alert_id = ${alertId} AND stopped_at IS NULL`);
    await appendAudit(tx, { ...auditActor(actor), action: 'alert.reissue_stopped', subjectType: 'alert', subjectId: alertId }, now);
  });
}

export async function reissueSchedule(db: Queryable, alertId: string): Promise<{ schedule: ReissueSchedule | null; runs: ReissueRun[] }> {
  const { rows } = await db.query<Row<'alert_reissue_schedules', 'every_minutes' | 'until_at' | 'next_at' | 'issues_done' | 'stopped_at'>>(
    sql`SELECT every_minutes, until_at, next_at, issues_done, stopped_at FROM alert_reissue_schedules WHERE alert_id = ${alertId}`,
  );
  const { rows: jobs } = await db.query<Row<'dispatch_jobs', 'issue' | 'message_id' | 'created_at' | 'state' | 'targeted' | 'finished_at'>>(
    sql`SELECT issue, message_id, created_at, state, targeted, finished_at FROM dispatch_jobs WHERE alert_id = ${alertId} AND notice = 'reissue' ORDER BY id`,
  );
  const identifiers = await messageIdentifiers(db, [...new Set(jobs.map((j) => j.message_id))]);
  const row = rows[0];
  return {
    schedule: row
      ? {
          everyMinutes: row.every_minutes,
          untilAt: row.until_at.toISOString(),
          nextAt: row.stopped_at ? null : row.next_at.toISOString(),
          issuesDone: row.issues_done,
          stoppedAt: row.stopped_at?.toISOString() ?? null,
        }
      : null,
    runs: jobs.flatMap((r) => {
      const identifier = identifiers.get(r.message_id);
      if (identifier === undefined) return [];
      return [
        {
          issue: r.issue,
          messageIdentifier: identifier,
          queuedAt: r.created_at.toISOString(),
          state: r.state,
          targeted: r.targeted,
          finishedAt: r.finished_at?.toISOString() ?? null,
        },
      ];
    }),
  };
}

/** When the next re-issue falls due; null when no schedule runs. */
export async function nextReissueDue(db: Queryable): Promise<Date | null> {
  const { rows } = await db.query<{ due: Date | null }>(
    sql`SELECT min(next_at) AS due FROM alert_reissue_schedules WHERE stopped_at IS NULL`,
  );
  return rows[0]?.due ?? null;
}

/**
 * Queues the re-issues that are due; returns how many. A schedule whose appeal ended, or whose time is
 * up, stops. One transaction per schedule, with SKIP LOCKED, so two workers never queue the same issue.
 */
export async function runDueReissues(db: Database, clock: () => Date): Promise<number> {
  const now = clock();
  const { rows } = await db.query<Row<'alert_reissue_schedules', 'alert_id'>>(
    sql`SELECT alert_id FROM alert_reissue_schedules WHERE stopped_at IS NULL AND next_at <= ${now} ORDER BY next_at LIMIT 100`,
  );
  let queued = 0;
  for (const { alert_id: alertId } of rows) {
    queued += await db.transaction(async (tx) => {
      const { rows: locked } = await tx.query<Row<'alert_reissue_schedules', 'every_minutes' | 'until_at' | 'next_at' | 'issues_done'>>(
        sql`SELECT every_minutes, until_at, next_at, issues_done FROM alert_reissue_schedules
             WHERE alert_id = ${alertId} AND stopped_at IS NULL AND next_at <= ${now}
             FOR UPDATE SKIP LOCKED`,
      );
      const schedule = locked[0];
      if (!schedule) return 0;
      // The schedule's alert always exists (the foreign key).
      const alert = await alertForDispatch(tx, alertId);
      if (!alert) return 0;
      const messageId = await latestAlertMessageId(tx, alertId);
      if (alert.state !== 'active' || schedule.next_at > schedule.until_at || !messageId) {
        await tx.query(sql`UPDATE alert_reissue_schedules SET stopped_at = ${now} WHERE alert_id = ${alertId}`);
        return 0;
      }
      const issue = schedule.issues_done + 1;
      await enqueueFanout(tx, { alertId, messageId, notice: 'reissue', issue, now });
      // The next run keeps to the timetable; runs missed while nothing was running are not all sent at once.
      let next = schedule.next_at.getTime() + schedule.every_minutes * 60_000;
      while (next <= now.getTime()) next += schedule.every_minutes * 60_000;
      const nextAt = new Date(next);
      await tx.query(
        sql`UPDATE alert_reissue_schedules SET issues_done = ${issue}, next_at = ${nextAt}, stopped_at = CASE WHEN ${nextAt}::timestamptz > until_at THEN ${now}::timestamptz END
             WHERE alert_id = ${alertId}`,
      );
      return 1;
    });
  }
  return queued;
}
