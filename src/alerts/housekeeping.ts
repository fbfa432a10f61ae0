// Periodic work on alerts: warn approvers before an alert expires, and take expired alerts off every
// public surface (pages already treat them as ended the moment they expire; this removes the photos and
// publishes a CAP Cancel, so feeds, aggregators and broadcasters drop it too).
import type { AppDeps } from '../app-deps.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { dropPendingDeliveries } from '../dispatch/outbox.ts';
import { formatDateTime } from '../i18n/dates.ts';
import { clearPublicPhotos } from './lifecycle.ts';
import { publishAlertMessage } from './messages.ts';
import { removePublicPhotos } from './public-photos.ts';
import { lapsePendingChange } from './store.ts';

export const EXPIRY_WARNING_MS = 2 * 3_600_000;
const SYSTEM = { actorId: null, actor: 'system' } as const;

type HousekeepingDeps = Pick<AppDeps, 'db' | 'clock' | 'media'> & { config: Pick<AppDeps['config'], 'publicUrl'> };

export async function warnExpiringAlerts(deps: HousekeepingDeps): Promise<number> {
  const now = deps.clock();
  const { rows } = await deps.db.query<{ id: string; jurisdiction_id: string; expires_at: Date; reference: string }>(
    `SELECT a.id, a.jurisdiction_id, a.expires_at, c.reference FROM alerts a JOIN cases c ON c.id = a.case_id
      WHERE a.state = 'active' AND a.expiry_warned_at IS NULL AND a.expires_at > $1 AND a.expires_at <= $2`,
    [now, new Date(now.getTime() + EXPIRY_WARNING_MS)],
  );
  for (const alert of rows) {
    await deps.db.transaction(async (tx) => {
      const { rowCount } = await tx.query(`UPDATE alerts SET expiry_warned_at = $2 WHERE id = $1 AND expiry_warned_at IS NULL AND state = 'active'`, [alert.id, now]);
      if (rowCount === 0) return;
      const minutes = Math.round((alert.expires_at.getTime() - now.getTime()) / 60_000);
      await tx.query(
        `INSERT INTO staff_notifications (jurisdiction_id, roles, kind, subject_type, subject_id, message, created_at)
         VALUES ($1, $2, 'alert_expiring', 'alert', $3, $4, $5)`,
        [
          alert.jurisdiction_id,
          ['approver', 'national_coordinator'],
          alert.id,
          `The Child Rescue Alert for case ${alert.reference} expires in ${minutes} minutes (at ${formatDateTime(alert.expires_at, 'en')}). Renew it if the child is still missing and in danger.`,
          now,
        ],
      );
      await appendAudit(tx, { ...SYSTEM, action: 'alert.expiry_warned', subjectType: 'alert', subjectId: alert.id }, now);
    });
  }
  return rows.length;
}

export async function expireDueAlerts(deps: HousekeepingDeps): Promise<number> {
  const now = deps.clock();
  const { rows } = await deps.db.query<{ id: string }>(`SELECT id FROM alerts WHERE state = 'active' AND expires_at <= $1`, [now]);
  for (const { id } of rows) {
    const keys = await deps.db.transaction(async (tx) => {
      const { rowCount } = await tx.query(`UPDATE alerts SET state = 'expired', updated_at = $2, version = version + 1 WHERE id = $1 AND state = 'active' AND expires_at <= $2`, [id, now]);
      if (rowCount === 0) return [];
      const removed = await clearPublicPhotos(tx, id);
      await lapsePendingChange(tx, id, now);
      await dropPendingDeliveries(tx, id);
      const cancel = await publishAlertMessage(tx, deps.config.publicUrl, id, 'Cancel', 'The appeal has expired.', now, null);
      await appendAudit(tx, { ...SYSTEM, action: 'alert.expired', subjectType: 'alert', subjectId: id, details: { message: cancel.identifier } }, now);
      return removed;
    });
    await removePublicPhotos(deps.media, keys);
  }
  return rows.length;
}

/** Runs both every `intervalMs`; returns a function that stops it. Failures are logged and retried next time. */
export function startAlertHousekeeping(deps: HousekeepingDeps, log: (error: unknown) => void, intervalMs = 30_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await warnExpiringAlerts(deps);
      await expireDueAlerts(deps);
    } catch (error) {
      log(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
