// What the public's sightings and reports hold about a person (the reporter's contact details, or the child an
// alert was about), for a subject access request, and its erasure; and the retention schedule's two rules over
// them: contact details cleared after a while, the submissions themselves deleted later. src/retention/ decides when.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql, type Sql } from '../db/sql.ts';
import { checkEmail } from '../subscribers/addresses.ts';

export type SubmissionRecordRow = Row<
  'public_submissions',
  | 'id'
  | 'reference'
  | 'kind'
  | 'received_at'
  | 'seen_at'
  | 'place_text'
  | 'description'
  | 'contact_name'
  | 'contact_email'
  | 'contact_phone'
  | 'status'
  | 'alert_id'
> & { notes: string[] };

const RECORD = sql`SELECT s.id, s.reference, s.kind, s.received_at, s.seen_at, s.place_text, s.description, s.contact_name, s.contact_email,
                          s.contact_phone, s.status, s.alert_id,
                          coalesce((SELECT array_agg(n.note ORDER BY n.id) FROM submission_notes n WHERE n.submission_id = s.id), '{}') AS notes
                     FROM public_submissions s`;

/** The sightings and reports sent about these alerts. */
export async function submissionsOfAlerts(db: Queryable, alertIds: readonly string[]): Promise<SubmissionRecordRow[]> {
  const { rows } = await db.query<SubmissionRecordRow>(
    sql`${RECORD} WHERE s.alert_id = ANY(${[...alertIds]}::uuid[]) ORDER BY s.received_at`,
  );
  return rows;
}

export interface ReporterContact {
  email?: string;
  phone?: string;
}

/** The contact as stored: emails as the intake checks them, phones in international form (UK by default), as the intake does. */
function byContact(contact: ReporterContact): Sql {
  const checked = contact.email ? checkEmail(contact.email) : undefined;
  const email = checked?.ok ? checked.address : null;
  const parsed = contact.phone ? parsePhoneNumberFromString(contact.phone.trim(), 'GB') : undefined;
  const phone = parsed?.isValid() ? parsed.number : null;
  return sql`((${email}::text IS NOT NULL AND lower(s.contact_email) = lower(${email}))
           OR (${phone}::text IS NOT NULL AND s.contact_phone = ${phone}))`;
}

/** The sightings and reports whose reporter left this email address or phone number. */
export async function submissionsOfReporter(db: Queryable, contact: ReporterContact): Promise<SubmissionRecordRow[]> {
  const { rows } = await db.query<SubmissionRecordRow>(sql`${RECORD} WHERE ${byContact(contact)} ORDER BY s.received_at`);
  return rows;
}

/** Clears the reporter's name, email and phone from their sightings and reports; what they saw stays with the case. */
export async function eraseReporterContacts(tx: Queryable, contact: ReporterContact): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    sql`UPDATE public_submissions s SET contact_name = NULL, contact_email = NULL, contact_phone = NULL
         WHERE ${byContact(contact)} RETURNING s.id::text AS id`,
  );
  return rows.map((row) => row.id);
}

/** Deletes these submissions with their notes and attachments; returns the attachments' stored files. */
export async function eraseSubmissions(tx: Queryable, submissionIds: readonly string[]): Promise<string[]> {
  const ids = [...submissionIds];
  if (ids.length === 0) return [];
  const { rows } = await tx.query<{ media_key: string }>(
    sql`DELETE FROM submission_attachments WHERE submission_id = ANY(${ids}::uuid[]) RETURNING media_key`,
  );
  await tx.query(sql`DELETE FROM submission_notes WHERE submission_id = ANY(${ids}::uuid[])`);
  await tx.query(sql`UPDATE public_submissions SET cluster_id = NULL WHERE cluster_id = ANY(${ids}::uuid[])`);
  await tx.query(sql`DELETE FROM public_submissions WHERE id = ANY(${ids}::uuid[])`);
  return rows.map((row) => row.media_key);
}

const HAS_CONTACT = sql`(contact_name IS NOT NULL OR contact_email IS NOT NULL OR contact_phone IS NOT NULL)`;

/** Submissions received before `cutoff` that still hold the reporter's contact details. */
export async function contactsHeldBefore(db: Queryable, cutoff: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM public_submissions WHERE received_at < ${cutoff} AND ${HAS_CONTACT}`,
  );
  return rows[0]!.n;
}

/** Clears the contact details of submissions received before `cutoff`, one batch. */
export async function clearContactsBefore(tx: Queryable, cutoff: Date, batch: number): Promise<number> {
  const { rowCount } = await tx.query(
    sql`UPDATE public_submissions SET contact_name = NULL, contact_email = NULL, contact_phone = NULL
         WHERE id IN (SELECT id FROM public_submissions WHERE received_at < ${cutoff} AND ${HAS_CONTACT} ORDER BY received_at LIMIT ${batch})`,
  );
  return rowCount;
}

/** Submissions received before `cutoff`, still held. */
export async function submissionsHeldBefore(db: Queryable, cutoff: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM public_submissions WHERE received_at < ${cutoff}`);
  return rows[0]!.n;
}

/** Deletes one batch of the submissions received before `cutoff`; returns their attachments' stored files. */
export async function deleteSubmissionsBefore(
  tx: Queryable,
  cutoff: Date,
  batch: number,
): Promise<{ deleted: number; mediaKeys: string[] }> {
  const { rows } = await tx.query<{ id: string }>(
    sql`SELECT id::text AS id FROM public_submissions WHERE received_at < ${cutoff} ORDER BY received_at LIMIT ${batch} FOR UPDATE`,
  );
  const mediaKeys = await eraseSubmissions(
    tx,
    rows.map((row) => row.id),
  );
  return { deleted: rows.length, mediaKeys };
}
