// Where a new submission goes and how urgent it is. Called inside the transaction that stores it, so a
// submission is never committed without its queue, priority and cluster.
import { notifyStaff } from '../alerts/notifications.ts';
import { alertForTriage } from '../alerts/triage-view.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { jurisdictionById } from '../geo/jurisdiction-lookup.ts';
import { processJurisdictionIndex, routePoint, type JurisdictionIndexCache } from '../geo/jurisdiction-index.ts';
import { clusterSighting } from './clustering.ts';
import { submissionPriority, HIGH_PRIORITY } from './priority.ts';
import { NATIONAL_QUEUE, queueOfJurisdiction } from './queues.ts';

type NewSubmission = Row<'public_submissions', 'id' | 'reference' | 'alert_id' | 'category' | 'seen_at' | 'lon' | 'lat' | 'received_at'> & {
  kind: 'sighting' | 'report';
};

export const TRIAGE_ROLES = ['investigator', 'approver'];

/**
 * Routes a stored submission to a queue, records the jurisdiction holding its point, ranks it, groups it
 * with near-duplicate sightings, and leaves notifications for staff: the force whose area a sighting of
 * another force's appeal came from, and whoever works the queue when it is high priority.
 */
export async function triageNewSubmission(
  tx: Queryable,
  submissionId: string,
  now: Date,
  jurisdictions: JurisdictionIndexCache = processJurisdictionIndex,
): Promise<void> {
  const { rows } = await tx.query<NewSubmission>(
    sql`SELECT id, reference, kind, alert_id, category, seen_at, lon, lat, received_at FROM public_submissions WHERE id = ${submissionId} FOR UPDATE`,
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
    alert: alert
      ? {
          active: alert.state === 'active',
          lastSeenAt: alert.last_seen_at,
          lastSeen: { lon: alert.last_seen_lon, lat: alert.last_seen_lat },
        }
      : null,
    now,
  });

  const clusterId =
    submission.kind === 'sighting' && submission.alert_id && hasPoint
      ? await clusterSighting(tx, {
          id: submission.id,
          alertId: submission.alert_id,
          lon: submission.lon!,
          lat: submission.lat!,
          seenAt: submission.seen_at ?? submission.received_at,
        })
      : null;

  await tx.query(
    sql`UPDATE public_submissions SET queue = ${queue}, jurisdiction_id = ${placed?.id ?? null}, priority = ${priority}, cluster_id = ${clusterId},
               updated_at = ${now}, exercise = ${exercise}
         WHERE id = ${submission.id}`,
  );

  const notify = (jurisdictionId: string | null, kind: string, message: string) =>
    notifyStaff(
      tx,
      {
        jurisdiction: { id: jurisdictionId },
        roles: TRIAGE_ROLES,
        kind,
        subjectType: 'submission',
        subjectId: submission.id,
        message: exercise ? `EXERCISE: ${message}` : message,
      },
      now,
    );
  // A sighting belongs to the appeal's force, but the force where the child was seen may act first.
  if (alert && placed?.kind === 'force_area' && placed.id !== alert.jurisdiction_id) {
    await notify(placed.id, 'submission_in_area', `Sighting ${submission.reference} of another force's appeal, in ${placed.name}.`);
  }
  if (priority >= HIGH_PRIORITY) {
    await notify(
      queueJurisdictionId,
      'submission_high_priority',
      `High-priority ${submission.kind} ${submission.reference} (priority ${Math.round(priority)}).`,
    );
  }
}

/** The alert a sighting answers, with the code and kind of its jurisdiction (the queue it routes to). */
async function owningAlert(tx: Queryable, alertId: string) {
  const alert = await alertForTriage(tx, alertId);
  const jurisdiction = alert && (await jurisdictionById(tx, alert.jurisdiction_id));
  if (!alert || !jurisdiction) return undefined;
  return { ...alert, jurisdiction_code: jurisdiction.code, jurisdiction_kind: jurisdiction.kind };
}

/** A checked submission as the public sent it, before it is routed. */
export interface SubmissionToStore {
  kind: 'sighting' | 'report';
  alertId: string | null;
  category: string | null;
  seenAt: Date | null;
  lon: number | null;
  lat: number | null;
  placeText: string | null;
  description: string;
  details: Record<string, unknown>;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  idempotencyKey: string;
}

/** A file already in the media store, kept with the submission. */
export interface StoredAttachment {
  mediaKey: string;
  contentType: string;
  bytes: number;
  sha256: string;
}

/** The reference already given for an idempotency key, if this is a repeat. */
export async function referenceForKey(db: Queryable, idempotencyKey: string): Promise<string | undefined> {
  const { rows } = await db.query<Row<'public_submissions', 'reference'>>(
    sql`SELECT reference FROM public_submissions WHERE idempotency_key = ${idempotencyKey}`,
  );
  return rows[0]?.reference;
}

/**
 * Inserts a submission with its attachments under the given reference and routes, ranks and clusters it
 * (in the caller's transaction). Undefined, with nothing stored, when another submission with the same
 * idempotency key committed first (a double tap racing itself).
 */
export async function insertSubmission(
  tx: Queryable,
  reference: string,
  submission: SubmissionToStore,
  attachments: readonly StoredAttachment[],
  now: Date,
): Promise<string | undefined> {
  const { rows } = await tx.query<Row<'public_submissions', 'id'>>(
    sql`INSERT INTO public_submissions
          (reference, kind, idempotency_key, alert_id, category, seen_at, lon, lat, place_text, description, details,
           contact_name, contact_phone, contact_email, queue, received_at, updated_at)
        VALUES (${reference}, ${submission.kind}, ${submission.idempotencyKey}, ${submission.alertId}, ${submission.category}, ${submission.seenAt},
                ${submission.lon}, ${submission.lat}, ${submission.placeText}, ${submission.description}, ${JSON.stringify(submission.details)},
                ${submission.contactName}, ${submission.contactPhone}, ${submission.contactEmail}, 'national', ${now}, ${now})
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id`,
  );
  const id = rows[0]?.id;
  if (!id) return undefined;
  for (const attachment of attachments) {
    await tx.query(
      sql`INSERT INTO submission_attachments (submission_id, media_key, content_type, bytes, sha256, created_at)
          VALUES (${id}, ${attachment.mediaKey}, ${attachment.contentType}, ${attachment.bytes}, ${attachment.sha256}, ${now})`,
    );
  }
  await triageNewSubmission(tx, id, now);
  return id;
}
