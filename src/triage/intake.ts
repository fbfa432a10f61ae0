// Where a new submission goes and how urgent it is. Called inside the transaction that stores it, so a
// submission is never committed without its queue, priority and cluster.
import type { Queryable } from '../db/database.ts';
import { processJurisdictionIndex, routePoint, type JurisdictionIndexCache } from '../geo/jurisdiction-index.ts';
import { clusterSighting } from './clustering.ts';
import { submissionPriority, HIGH_PRIORITY } from './priority.ts';
import { NATIONAL_QUEUE, queueOfJurisdiction } from './queues.ts';

interface NewSubmission {
  id: string;
  reference: string;
  kind: 'sighting' | 'report';
  alert_id: string | null;
  category: string | null;
  seen_at: Date | null;
  lon: number | null;
  lat: number | null;
  received_at: Date;
}

interface OwningAlert {
  state: string;
  cap_status: string;
  jurisdiction_id: string;
  jurisdiction_code: string;
  jurisdiction_kind: 'force_area' | 'country';
  last_seen_at: Date;
  last_seen_lon: number;
  last_seen_lat: number;
}

export const TRIAGE_ROLES = ['investigator', 'approver'];

/**
 * Routes a stored submission to a queue, records the jurisdiction holding its point, ranks it, groups it
 * with near-duplicate sightings, and leaves notifications for staff: the force whose area a sighting of
 * another force's appeal came from, and whoever works the queue when it is high priority.
 */
export async function triageNewSubmission(tx: Queryable, submissionId: string, now: Date, jurisdictions: JurisdictionIndexCache = processJurisdictionIndex): Promise<void> {
  const { rows } = await tx.query<NewSubmission>(
    `SELECT id, reference, kind, alert_id, category, seen_at, lon, lat, received_at FROM public_submissions WHERE id = $1 FOR UPDATE`,
    [submissionId],
  );
  const submission = rows[0];
  if (!submission) throw new Error(`submission ${submissionId} does not exist`);

  const hasPoint = submission.lon !== null && submission.lat !== null;
  const placed = hasPoint ? routePoint(await jurisdictions.current(tx), submission.lon!, submission.lat!) : null;
  const alert = submission.alert_id ? await owningAlert(tx, submission.alert_id) : undefined;
  // About an exercise (or a test): marked wherever staff see it, and ranked after real work.
  const exercise = alert !== undefined && alert.cap_status !== 'Actual';

  let queue = NATIONAL_QUEUE;
  let queueJurisdictionId: string | null = null;
  if (alert && alert.jurisdiction_kind === 'force_area') {
    queue = queueOfJurisdiction(alert.jurisdiction_code);
    queueJurisdictionId = alert.jurisdiction_id;
  } else if (placed?.kind === 'force_area') {
    queue = queueOfJurisdiction(placed.code);
    queueJurisdictionId = placed.id;
  }

  const priority = submissionPriority({
    kind: submission.kind,
    category: submission.category,
    seenAt: submission.seen_at ?? submission.received_at,
    point: hasPoint ? { lon: submission.lon!, lat: submission.lat! } : null,
    alert: alert ? { active: alert.state === 'active', lastSeenAt: alert.last_seen_at, lastSeen: { lon: alert.last_seen_lon, lat: alert.last_seen_lat } } : null,
    now,
  });

  const clusterId =
    submission.kind === 'sighting' && submission.alert_id && hasPoint
      ? await clusterSighting(tx, { id: submission.id, alertId: submission.alert_id, lon: submission.lon!, lat: submission.lat!, seenAt: submission.seen_at ?? submission.received_at })
      : null;

  await tx.query(`UPDATE public_submissions SET queue = $2, jurisdiction_id = $3, priority = $4, cluster_id = $5, updated_at = $6, exercise = $7 WHERE id = $1`, [
    submission.id,
    queue,
    placed?.id ?? null,
    priority,
    clusterId,
    now,
    exercise,
  ]);

  const notify = (jurisdictionId: string | null, kind: string, message: string) =>
    tx.query(
      `INSERT INTO staff_notifications (jurisdiction_id, roles, kind, subject_type, subject_id, message, created_at)
       VALUES ($1, $2, $3, 'submission', $4, $5, $6)`,
      [jurisdictionId, TRIAGE_ROLES, kind, submission.id, exercise ? `EXERCISE: ${message}` : message, now],
    );
  // A sighting belongs to the appeal's force, but the force where the child was seen may act first.
  if (alert && placed?.kind === 'force_area' && placed.id !== alert.jurisdiction_id) {
    await notify(placed.id, 'submission_in_area', `Sighting ${submission.reference} of another force's appeal, in ${placed.name}.`);
  }
  if (priority >= HIGH_PRIORITY) {
    await notify(queueJurisdictionId, 'submission_high_priority', `High-priority ${submission.kind} ${submission.reference} (priority ${Math.round(priority)}).`);
  }
}

async function owningAlert(tx: Queryable, alertId: string): Promise<OwningAlert | undefined> {
  const { rows } = await tx.query<OwningAlert>(
    `SELECT a.state, a.cap_status, a.jurisdiction_id, j.code AS jurisdiction_code, j.kind AS jurisdiction_kind, a.last_seen_at, a.last_seen_lon, a.last_seen_lat
       FROM alerts a JOIN jurisdictions j ON j.id = a.jurisdiction_id WHERE a.id = $1`,
    [alertId],
  );
  return rows[0];
}
