// Reading and working submissions, always within the caller's reach of queues.
import type { Queryable } from '../db/database.ts';
import { conflict, invalid, notFound } from '../http/problem.ts';
import { queueReachable, reachReason, type ReachReason, type SubmissionReach } from './queues.ts';
import { NEXT_STATUSES, type SubmissionStatus } from './statuses.ts';

export function statusChangeAllowed(from: SubmissionStatus, to: SubmissionStatus): boolean {
  return NEXT_STATUSES[from].includes(to);
}

export interface SubmissionRow {
  id: string;
  reference: string;
  kind: 'sighting' | 'report';
  alert_id: string | null;
  category: string | null;
  seen_at: Date | null;
  lon: number | null;
  lat: number | null;
  place_text: string | null;
  description: string;
  details: Record<string, unknown>;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  /** The area holding the point (not necessarily the queue's: a sighting goes to its appeal's force). */
  jurisdiction_id: string | null;
  jurisdiction_code: string | null;
  queue: string;
  priority: number;
  /** About an exercise or a test alert: shown marked, after every real submission. */
  exercise: boolean;
  cluster_id: string | null;
  status: SubmissionStatus;
  received_at: Date;
  updated_at: Date;
  attachment_count: number;
}

const SUBMISSION_SELECT = `SELECT s.id, s.reference, s.kind, s.alert_id, s.category, s.seen_at, s.lon, s.lat, s.place_text, s.description, s.details,
       s.contact_name, s.contact_phone, s.contact_email, s.jurisdiction_id, j.code AS jurisdiction_code, s.queue, s.priority, s.exercise, s.cluster_id, s.status,
       s.received_at, s.updated_at,
       (SELECT count(*) FROM submission_attachments a WHERE a.submission_id = s.id)::integer AS attachment_count
  FROM public_submissions s LEFT JOIN jurisdictions j ON j.id = s.jurisdiction_id`;

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
  const { rows } = await db.query<SubmissionRow>(`${SUBMISSION_SELECT} WHERE s.id = $1${forUpdate ? ' FOR UPDATE OF s' : ''}`, [id]);
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
    if ((cursor.exercise === undefined || typeof cursor.exercise === 'boolean') && typeof cursor.priority === 'number' && typeof cursor.receivedAt === 'string' && !Number.isNaN(Date.parse(cursor.receivedAt)) && /^[0-9a-f-]{36}$/.test(cursor.id)) {
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
export async function listSubmissions(db: Queryable, reach: SubmissionReach, filter: ListFilter): Promise<{ items: SubmissionRow[]; nextCursor: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.queue !== undefined) {
    if (!queueReachable(reach.queues, filter.queue)) throw notFound('That queue');
    where.push(`s.queue = ${param(filter.queue)}`);
  } else if (reach.queues !== null) {
    where.push(`(s.queue = ANY(${param(reach.queues)}::text[]) OR (s.kind = 'sighting' AND s.jurisdiction_id = ANY(${param(reach.areaIds)}::uuid[])))`);
  }
  if (filter.status) where.push(`s.status = ${param(filter.status)}`);
  if (filter.kind) where.push(`s.kind = ${param(filter.kind)}`);
  if (filter.minPriority !== undefined) where.push(`s.priority >= ${param(filter.minPriority)}::double precision`);
  if (filter.cursor) {
    const cursor = decodeCursor(filter.cursor);
    where.push(`(NOT s.exercise, s.priority, s.received_at, s.id) < (${param(!(cursor.exercise ?? false))}::boolean, ${param(cursor.priority)}::double precision, ${param(new Date(cursor.receivedAt))}::timestamptz, ${param(cursor.id)}::uuid)`);
  }
  const { rows } = await db.query<SubmissionRow>(
    `${SUBMISSION_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.exercise, s.priority DESC, s.received_at DESC, s.id DESC LIMIT ${param(filter.limit + 1)}`,
    params,
  );
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? encodeCursor(items[items.length - 1]!) : null };
}

export interface AttachmentRow {
  id: string;
  media_key: string;
  content_type: string;
  bytes: number;
  sha256: string;
  created_at: Date;
}

export async function attachmentsOf(db: Queryable, submissionId: string): Promise<AttachmentRow[]> {
  const { rows } = await db.query<AttachmentRow>(
    'SELECT id, media_key, content_type, bytes, sha256, created_at FROM submission_attachments WHERE submission_id = $1 ORDER BY created_at, id',
    [submissionId],
  );
  return rows;
}

export interface NoteRow {
  id: number;
  user_name: string;
  status: string | null;
  queue: string | null;
  note: string;
  created_at: Date;
}

export async function notesOf(db: Queryable, submissionId: string): Promise<NoteRow[]> {
  const { rows } = await db.query<NoteRow>(
    `SELECT n.id::integer AS id, u.name AS user_name, n.status, n.queue, n.note, n.created_at
       FROM submission_notes n JOIN users u ON u.id = n.user_id WHERE n.submission_id = $1 ORDER BY n.id`,
    [submissionId],
  );
  return rows;
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
  await tx.query('INSERT INTO submission_notes (submission_id, user_id, status, queue, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    submissionId,
    work.userId,
    status !== previous.status ? status : null,
    queue !== previous.queue ? queue : null,
    work.note,
    now,
  ]);
  await tx.query('UPDATE public_submissions SET status = $2, queue = $3, updated_at = $4 WHERE id = $1', [submissionId, status, queue, now]);
}

export interface SightingPointRow {
  id: string;
  reference: string;
  lon: number;
  lat: number;
  seen_at: Date | null;
  received_at: Date;
  priority: number;
  exercise: boolean;
  status: SubmissionStatus;
  cluster_id: string | null;
}

/** An alert's sightings that have a point, in the given queues (all when null), in the order they were seen. */
export async function sightingPointsOfAlert(db: Queryable, alertId: string, queues: string[] | null): Promise<SightingPointRow[]> {
  const { rows } = await db.query<SightingPointRow>(
    `SELECT id, reference, lon, lat, seen_at, received_at, priority, exercise, status, cluster_id FROM public_submissions
      WHERE alert_id = $1 AND kind = 'sighting' AND lon IS NOT NULL AND lat IS NOT NULL AND ($2::text[] IS NULL OR queue = ANY($2::text[]))
      ORDER BY COALESCE(seen_at, received_at), id`,
    [alertId, queues],
  );
  return rows;
}

export function refuseStatusChange(from: SubmissionStatus, to: SubmissionStatus): never {
  throw conflict(`A submission that is ${from.replaceAll('_', ' ')} cannot become ${to.replaceAll('_', ' ')}.`);
}

export interface AppealRow {
  alert_id: string;
  slug: string;
  state: string;
  expires_at: Date | null;
  case_id: string;
  case_reference: string;
  sensitive: boolean;
  given_names: string;
  family_name: string;
  known_as: string | null;
  /** The first of the appeal's headlines, as the public page leads with it. */
  headline: string | null;
}

/** The appeal a sighting was sent about, with its case and child; the caller decides what of it to show. */
export async function appealOfSubmission(db: Queryable, alertId: string): Promise<AppealRow | undefined> {
  const { rows } = await db.query<AppealRow>(
    `SELECT a.id AS alert_id, a.slug, a.state, a.expires_at, c.id AS case_id, c.reference AS case_reference, c.sensitive,
            ch.given_names, ch.family_name, ch.known_as,
            (SELECT headline FROM alert_contents ac WHERE ac.alert_id = a.id ORDER BY position LIMIT 1) AS headline
       FROM alerts a JOIN cases c ON c.id = a.case_id JOIN children ch ON ch.id = c.child_id
      WHERE a.id = $1`,
    [alertId],
  );
  return rows[0];
}
