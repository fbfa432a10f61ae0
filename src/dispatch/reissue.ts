// Re-issue: an active appeal sent again to broadcast channels on a schedule (for example every 30 minutes
// for 24 hours), so that screens and partners' systems that came on later, or scrolled it away, show it
// again. Each run is a fan-out job of the alert's latest message with its own issue number: that job
// list is the schedule's history.
import type { AppDeps } from '../app-deps.ts';
import { auditActor, requireSecondFactorSession, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { requireReachableAlert } from '../alerts/store.ts';
import type { Database, Queryable } from '../db/database.ts';
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

export async function setReissueSchedule(deps: ReissueDeps, actor: Actor, alertId: string, input: { everyMinutes: number; forHours: number }): Promise<void> {
  requireSecondFactorSession(actor, 'Setting a re-issue schedule');
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const alert = await requireReachableAlert(tx, actor, alertId, true);
    if (alert.state !== 'active') throw conflict(`The alert is ${alert.state.replace('_', ' ')}: only an active appeal can be re-issued.`);
    const untilAt = new Date(now.getTime() + input.forHours * 3_600_000);
    const nextAt = new Date(now.getTime() + input.everyMinutes * 60_000);
    await tx.query(
      `INSERT INTO alert_reissue_schedules (alert_id, every_minutes, until_at, next_at, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (alert_id) DO UPDATE SET every_minutes = $2, until_at = $3, next_at = $4, created_by = $5, created_at = $6, stopped_at = NULL`,
      [alertId, input.everyMinutes, untilAt, nextAt, actor.userId, now],
    );
    await appendAudit(
      tx,
      { ...auditActor(actor), action: 'alert.reissue_scheduled', subjectType: 'alert', subjectId: alertId, details: { everyMinutes: input.everyMinutes, until: untilAt.toISOString() } },
      now,
    );
  });
}

export async function stopReissueSchedule(deps: ReissueDeps, actor: Actor, alertId: string): Promise<void> {
  requireSecondFactorSession(actor, 'Stopping a re-issue schedule');
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await requireReachableAlert(tx, actor, alertId);
    await tx.query('UPDATE alert_reissue_schedules SET stopped_at = $2 WHERE alert_id = $1 AND stopped_at IS NULL', [alertId, now]);
    await appendAudit(tx, { ...auditActor(actor), action: 'alert.reissue_stopped', subjectType: 'alert', subjectId: alertId }, now);
  });
}

export async function reissueSchedule(db: Queryable, alertId: string): Promise<{ schedule: ReissueSchedule | null; runs: ReissueRun[] }> {
  const { rows } = await db.query<{ every_minutes: number; until_at: Date; next_at: Date; issues_done: number; stopped_at: Date | null }>(
    'SELECT every_minutes, until_at, next_at, issues_done, stopped_at FROM alert_reissue_schedules WHERE alert_id = $1',
    [alertId],
  );
  const runs = await db.query<{ issue: number; identifier: string; created_at: Date; state: string; targeted: number; finished_at: Date | null }>(
    `SELECT j.issue, m.identifier, j.created_at, j.state, j.targeted, j.finished_at
       FROM dispatch_jobs j JOIN alert_messages m ON m.id = j.message_id
      WHERE j.alert_id = $1 AND j.notice = 'reissue' ORDER BY j.id`,
    [alertId],
  );
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
    runs: runs.rows.map((r) => ({
      issue: r.issue,
      messageIdentifier: r.identifier,
      queuedAt: r.created_at.toISOString(),
      state: r.state,
      targeted: r.targeted,
      finishedAt: r.finished_at?.toISOString() ?? null,
    })),
  };
}

/**
 * Queues the re-issues that are due; returns how many. A schedule whose appeal ended, or whose time is
 * up, stops. One transaction per schedule, with SKIP LOCKED, so two workers never queue the same issue.
 */
export async function runDueReissues(db: Database, clock: () => Date): Promise<number> {
  const now = clock();
  const { rows } = await db.query<{ alert_id: string }>(
    'SELECT alert_id FROM alert_reissue_schedules WHERE stopped_at IS NULL AND next_at <= $1 ORDER BY next_at LIMIT 100',
    [now],
  );
  let queued = 0;
  for (const { alert_id: alertId } of rows) {
    queued += await db.transaction(async (tx) => {
      const { rows: locked } = await tx.query<{ every_minutes: number; until_at: Date; next_at: Date; issues_done: number; alert_state: string; message_id: string | null }>(
        `SELECT s.every_minutes, s.until_at, s.next_at, s.issues_done, a.state AS alert_state,
                (SELECT m.id FROM alert_messages m WHERE m.alert_id = s.alert_id ORDER BY m.seq DESC LIMIT 1) AS message_id
           FROM alert_reissue_schedules s JOIN alerts a ON a.id = s.alert_id
          WHERE s.alert_id = $1 AND s.stopped_at IS NULL AND s.next_at <= $2
          FOR UPDATE OF s SKIP LOCKED`,
        [alertId, now],
      );
      const schedule = locked[0];
      if (!schedule) return 0;
      if (schedule.alert_state !== 'active' || schedule.next_at > schedule.until_at || !schedule.message_id) {
        await tx.query('UPDATE alert_reissue_schedules SET stopped_at = $2 WHERE alert_id = $1', [alertId, now]);
        return 0;
      }
      const issue = schedule.issues_done + 1;
      await enqueueFanout(tx, { alertId, messageId: schedule.message_id, notice: 'reissue', issue, now });
      // The next run keeps to the timetable; runs missed while nothing was running are not all sent at once.
      let next = schedule.next_at.getTime() + schedule.every_minutes * 60_000;
      while (next <= now.getTime()) next += schedule.every_minutes * 60_000;
      await tx.query('UPDATE alert_reissue_schedules SET issues_done = $2, next_at = $3, stopped_at = CASE WHEN $3 > until_at THEN $4::timestamptz END WHERE alert_id = $1', [
        alertId,
        issue,
        new Date(next),
        now,
      ]);
      return 1;
    });
  }
  return queued;
}
