// Timed work on alerts: warn approvers before an alert expires, and take expired alerts off every
// public surface (pages already treat them as ended the moment they expire; this removes the photos and
// publishes a CAP Cancel, so feeds, aggregators and broadcasters drop it too).
import type { AppDeps } from '../app-deps.ts';
import { nextReviewReminderDue, remindDueAppealReviews } from '../appeals/reminders.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { dropPendingDeliveries } from '../dispatch/outbox.ts';
import { caseLabels } from '../cases/alert-view.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { formatDateTime } from '../i18n/dates.ts';
import type { ScheduledJob } from '../wake/scheduler.ts';
import { clearPublicPhotos } from './lifecycle.ts';
import { publishAlertMessage } from './messages.ts';
import { removePublicPhotos } from './public-photos.ts';
import { lapsePendingChange } from './store.ts';

export const EXPIRY_WARNING_MS = 2 * 3_600_000;
const SYSTEM = { actorId: null, actor: 'system' } as const;

type HousekeepingDeps = Pick<AppDeps, 'db' | 'clock' | 'media'> & { config: Pick<AppDeps['config'], 'publicUrl'> };

export async function warnExpiringAlerts(deps: HousekeepingDeps): Promise<number> {
  const now = deps.clock();
  const { rows } = await deps.db.query<Row<'alerts', 'id' | 'jurisdiction_id'> & Row<'cases', 'reference'> & { expires_at: Date }>(
    sql`SELECT a.id, a.jurisdiction_id, a.expires_at, c.reference FROM alerts a JOIN ${caseLabels()} c ON c.id = a.case_id
         WHERE a.state = 'active' AND a.expiry_warned_at IS NULL AND a.expires_at > ${now} AND a.expires_at <= ${new Date(now.getTime() + EXPIRY_WARNING_MS)}`,
  );
  for (const alert of rows) {
    await deps.db.transaction(async (tx) => {
      const { rowCount } = await tx.query(
        sql`UPDATE alerts SET expiry_warned_at = ${now} WHERE id = ${alert.id} AND expiry_warned_at IS NULL AND state = 'active'`,
      );
      if (rowCount === 0) return;
      const minutes = Math.round((alert.expires_at.getTime() - now.getTime()) / 60_000);
      const message = `The Child Rescue Alert for case ${alert.reference} expires in ${minutes} minutes (at ${formatDateTime(alert.expires_at, 'en')}). Renew it if the child is still missing and in danger.`;
      await tx.query(
        sql`INSERT INTO staff_notifications (jurisdiction_id, roles, kind, subject_type, subject_id, message, created_at)
            VALUES (${alert.jurisdiction_id}, ${['approver', 'national_coordinator']}, 'alert_expiring', 'alert', ${alert.id}, ${message}, ${now})`,
      );
      await appendAudit(tx, { ...SYSTEM, action: 'alert.expiry_warned', subjectType: 'alert', subjectId: alert.id }, now);
    });
  }
  return rows.length;
}

export async function expireDueAlerts(deps: HousekeepingDeps): Promise<number> {
  const now = deps.clock();
  const { rows } = await deps.db.query<Row<'alerts', 'id'>>(sql`SELECT id FROM alerts WHERE state = 'active' AND expires_at <= ${now}`);
  for (const { id } of rows) {
    const keys = await deps.db.transaction(async (tx) => {
      const { rowCount } = await tx.query(
        sql`UPDATE alerts SET state = 'expired', updated_at = ${now}, version = version + 1 WHERE id = ${id} AND state = 'active' AND expires_at <= ${now}`,
      );
      if (rowCount === 0) return [];
      const removed = await clearPublicPhotos(tx, id);
      await lapsePendingChange(tx, id, now);
      await dropPendingDeliveries(tx, id);
      const cancel = await publishAlertMessage(tx, deps.config.publicUrl, id, 'Cancel', 'The appeal has expired.', now, null);
      await appendAudit(
        tx,
        { ...SYSTEM, action: 'alert.expired', subjectType: 'alert', subjectId: id, details: { message: cancel.identifier } },
        now,
      );
      return removed;
    });
    await removePublicPhotos(deps.media, keys);
  }
  return rows.length;
}

/** When an active alert next needs a warning or reaches its expiry; null when none will. */
export async function nextAlertHousekeepingDue(db: HousekeepingDeps['db']): Promise<Date | null> {
  const { rows } = await db.query<{ due: Date | null }>(
    sql`SELECT min(CASE WHEN expiry_warned_at IS NULL THEN expires_at - make_interval(secs => ${EXPIRY_WARNING_MS / 1000}) ELSE expires_at END) AS due
          FROM alerts WHERE state = 'active' AND expires_at IS NOT NULL`,
  );
  return rows[0]?.due ?? null;
}

/**
 * The alerts' timed work for the scheduler (src/wake/scheduler.ts): expiry warnings and expiries at the
 * moments they fall due, and the long-term appeals' review reminders (they have no expiry but a review date)
 * from the start of the UK day they come. Failures are logged by the scheduler and tried again.
 */
export function alertHousekeepingJobs(deps: HousekeepingDeps): ScheduledJob[] {
  return [
    {
      name: 'alert expiries',
      nextDue: () => nextAlertHousekeepingDue(deps.db),
      async run() {
        await warnExpiringAlerts(deps);
        await expireDueAlerts(deps);
      },
    },
    {
      name: 'appeal review reminders',
      nextDue: () => nextReviewReminderDue(deps.db),
      async run() {
        await remindDueAppealReviews(deps);
      },
    },
  ];
}
