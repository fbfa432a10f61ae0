// Reading and working submissions, always within the caller's reach of queues.
import { staffNames } from '../auth/staff-names.ts';
import type { Queryable } from '../db/database.ts';
import { join, raw, sql, type Sql } from '../db/sql.ts';
import type { Row } from '../db/schema.ts';
import { jurisdictionCodeOf } from '../geo/jurisdiction-lookup.ts';
import { conflict, invalid, notFound } from '../http/problem.ts';
import { queueReachable, reachReason, type ReachReason, type SubmissionReach } from './queues.ts';
import { NEXT_STATUSES, type SubmissionStatus } from './statuses.ts';

export function statusChangeAllowed(from: SubmissionStatus, to: SubmissionStatus): boolean {
  return NEXT_STATUSES[from].includes(to);
}

export type SubmissionRow = Row<
  'public_submissions',
  | 'id'
  | 'reference'
  | 'alert_id'
  | 'category'
  | 'seen_at'
  | 'lon'
  | 'lat'
  | 'place_text'
  | 'description'
  | 'contact_name'
  | 'contact_phone'
  | 'contact_email'
  | 'jurisdiction_id'
  | 'queue'
  | 'priority'
  | 'exercise'
  | 'cluster_id'
  | 'received_at'
  | 'updated_at'
> & {
  kind: 'sighting' | 'report';
  details: Record<string, unknown>;
  status: SubmissionStatus;
  /** The code of the area holding the point (not necessarily the queue's: a sighting goes to its appeal's force). */
  jurisdiction_code: string | null;
  attachment_count: number;
};

const SUBMISSION_SELECT = sql`SELECT s.id, s.reference, s.kind, s.alert_id, s.category, s.seen_at, s.lon, s.lat, s.place_text, s.description, s.details,
       s.contact_name, s.contact_phone, s.contact_email, s.jurisdiction_id, ${jurisdictionCodeOf(raw('s.jurisdiction_id'))} AS jurisdiction_code, s.queue, s.priority,
       s.exercise, s.cluster_id, s.status, s.received_at, s.updated_at,
       (SELECT count(*) FROM submission_attachments a WHERE a.submission_id = s.id)::integer AS attachment_count
  FROM public_submissions s`;

/**
 * The submission if it is within reach (its queue, or a sighting seen in the actor's force area), with why;
 * otherwise 404, so its existence is not disclosed.
 */
export async function requireReachableSubmission(
  db: Queryable,
  reach: SubmissionReach,
  id: string,
  forUpdate = false,
): Promise<SubmissionRow & { reach: ReachReason }> {
  const { rows } = await db.query<SubmissionRow>(sql`${SUBMISSION_SELECT} WHERE s.id = ${id}${forUpdate ? sql` FOR UPDATE OF s` : sql``}`);
  const row = rows[0];
  const reason = row ? reachReason(reach, row) : undefined;
  if (!row || !reason) throw notFound('That submission');
  return { ...row, reach: reason };
}

/** What the audit log says of why someone reached a submission. */
export function reachAuditDetails(reason: ReachReason): { reach: ReachReason; reason: string } {
  return { reach: reason, reason: reason === 'seen_in_area' ? 'routed to your force' : 'in a queue of your force' };
}

export interface ListFilter {
  queue?: string;
  status?: SubmissionStatus;
  kind?: 'sighting' | 'report';
  /** Only submissions at or above this priority (0..100). */
  minPriority?: number;
  limit: number;
  cursor?: string;
}

interface Cursor {
  exercise?: boolean;
  priority: number;
  receivedAt: string;
  id: string;
}

function encodeCursor(row: SubmissionRow): string {
  const cursor: Cursor = { exercise: row.exercise, priority: row.priority, receivedAt: row.received_at.toISOString(), id: row.id };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (
      (cursor.exercise === undefined || typeof cursor.exercise === 'boolean') &&
      typeof cursor.priority === 'number' &&
      typeof cursor.receivedAt === 'string' &&
      !Number.isNaN(Date.parse(cursor.receivedAt)) &&
      /^[0-9a-f-]{36}$/.test(cursor.id)
    ) {
      return cursor;
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw invalid('/cursor', 'is not a cursor this API gave out');
}

/**
 * One page of a reach: real work before exercises, most urgent first, then newest; keyset paging so pages
 * never shift. Without a queue filter, sightings seen in the actor's force areas come with their own queues'.
 */
export async function listSubmissions(
  db: Queryable,
  reach: SubmissionReach,
  filter: ListFilter,
): Promise<{ items: SubmissionRow[]; nextCursor: string | null }> {
  const where: Sql[] = [];
  if (filter.queue !== undefined) {
    if (!queueReachable(reach.queues, filter.queue)) throw notFound('That queue');
    where.push(sql`s.queue = ${filter.queue}`);
  } else if (reach.queues !== null) {
    where.push(
      sql`(s.queue = ANY(${reach.queues}::text[]) OR (s.kind = 'sighting' AND s.jurisdiction_id = ANY(${reach.areaIds}::uuid[])))`,
    );
  }
  if (filter.status) where.push(sql`s.status = ${filter.status}`);
  if (filter.kind) where.push(sql`s.kind = ${filter.kind}`);
  if (filter.minPriority !== undefined) where.push(sql`s.priority >= ${filter.minPriority}::double precision`);
  if (filter.cursor) {
    const cursor = decodeCursor(filter.cursor);
    where.push(
      sql`(NOT s.exercise, s.priority, s.received_at, s.id) < (${!(cursor.exercise ?? false)}::boolean, ${cursor.priority}::double precision, ${new Date(cursor.receivedAt)}::timestamptz, ${cursor.id}::uuid)`,
    );
  }
  const { rows } = await db.query<SubmissionRow>(
    sql`${SUBMISSION_SELECT} ${where.length ? sql`WHERE ${join(where, ' AND ')}` : sql``} ORDER BY s.exercise, s.priority DESC, s.received_at DESC, s.id DESC LIMIT ${filter.limit + 1}`,
  );
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? encodeCursor(items[items.length - 1]!) : null };
}

export type AttachmentRow = Row<'submission_attachments', 'id' | 'media_key' | 'content_type' | 'bytes' | 'sha256' | 'created_at'>;

export async function attachmentsOf(db: Queryable, submissionId: string): Promise<AttachmentRow[]> {
  const { rows } = await db.query<AttachmentRow>(
    sql`SELECT id, media_key, content_type, bytes, sha256, created_at FROM submission_attachments WHERE submission_id = ${submissionId} ORDER BY created_at, id`,
  );
  return rows;
}

export type NoteRow = Row<'submission_notes', 'id' | 'status' | 'queue' | 'note' | 'created_at'> & { user_name: string };

export async function notesOf(db: Queryable, submissionId: string): Promise<NoteRow[]> {
  const { rows } = await db.query<Row<'submission_notes', 'id' | 'user_id' | 'status' | 'queue' | 'note' | 'created_at'>>(
    sql`SELECT id::integer AS id, user_id, status, queue, note, created_at FROM submission_notes WHERE submission_id = ${submissionId} ORDER BY id`,
  );
  const names = await staffNames(
    db,
    rows.map((row) => row.user_id),
  );
  // A note is shown with the name of who wrote it; one whose author has no account is not shown.
  return rows.flatMap(({ user_id, ...note }) => {
    const name = names.get(user_id);
    return name === undefined ? [] : [{ ...note, user_name: name }];
  });
}

/** What one piece of triage work changes: a note always, status and queue only when they differ from the row's. */
export interface TriageWork {
  submissionId: string;
  userId: string;
  note: string;
  status: SubmissionStatus;
  queue: string;
  /** The status and queue as read under the lock, so the note records only what changed. */
  previous: { status: SubmissionStatus; queue: string };
}

/** Records the note and moves the submission to its new status and queue (in the caller's transaction). */
export async function recordTriage(tx: Queryable, work: TriageWork, now: Date): Promise<void> {
  const { submissionId, status, queue, previous } = work;
  await tx.query(
    sql`INSERT INTO submission_notes (submission_id, user_id, status, queue, note, created_at)
        VALUES (${submissionId}, ${work.userId}, ${status !== previous.status ? status : null}, ${queue !== previous.queue ? queue : null}, ${work.note}, ${now})`,
  );
  await tx.query(sql`UPDATE public_submissions SET status = ${status}, queue = ${queue}, updated_at = ${now} WHERE id = ${submissionId}`);
}

export type SightingPointRow = Row<
  'public_submissions',
  'id' | 'reference' | 'seen_at' | 'received_at' | 'priority' | 'exercise' | 'cluster_id'
> & {
  lon: number;
  lat: number;
  status: SubmissionStatus;
};

/** An alert's sightings that have a point, in the given queues (all when null), in the order they were seen. */
export async function sightingPointsOfAlert(db: Queryable, alertId: string, queues: string[] | null): Promise<SightingPointRow[]> {
  const { rows } = await db.query<SightingPointRow>(
    sql`SELECT id, reference, lon, lat, seen_at, received_at, priority, exercise, status, cluster_id FROM public_submissions
         WHERE alert_id = ${alertId} AND kind = 'sighting' AND lon IS NOT NULL AND lat IS NOT NULL
           AND (${queues}::text[] IS NULL OR queue = ANY(${queues}::text[]))
         ORDER BY COALESCE(seen_at, received_at), id`,
  );
  return rows;
}

/** How many sightings of the public each of these alerts brought (exercises left out), by alert id. */
export async function sightingCountsOfAlerts(db: Queryable, alertIds: readonly string[]): Promise<Map<string, number>> {
  if (alertIds.length === 0) return new Map();
  const { rows } = await db.query<{ alert_id: string; n: number }>(
    sql`SELECT alert_id, count(*)::int AS n FROM public_submissions
         WHERE alert_id = ANY(${[...alertIds]}::uuid[]) AND kind = 'sighting' AND NOT exercise GROUP BY alert_id`,
  );
  return new Map(rows.map((row) => [row.alert_id, row.n]));
}

export function refuseStatusChange(from: SubmissionStatus, to: SubmissionStatus): never {
  throw conflict(`A submission that is ${from.replaceAll('_', ' ')} cannot become ${to.replaceAll('_', ' ')}.`);
}
