// Notices for staff (alerts about to expire, sightings and reports that need someone), with what the console
// needs to say what each is in the officer's language and to link to it: the kind of thing it is about and
// that thing's reference. The stored English message stays for scripts and older clients.
import type { Queryable } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';

export interface StaffNotice {
  kind: string;
  subjectType: string;
  subjectId: string;
  /** The case reference of an alert, or the reference of a sighting or report. */
  reference: string | null;
  /** "sighting" or "report", for a submission. */
  subjectKind: string | null;
  exercise: boolean;
  message: string;
  createdAt: string;
}

export async function listStaffNotices(db: Queryable, actor: Actor): Promise<StaffNotice[]> {
  const { rows } = await db.query<{
    kind: string;
    subject_type: string;
    subject_id: string;
    message: string;
    created_at: Date;
    reference: string | null;
    subject_kind: string | null;
    exercise: boolean | null;
  }>(
    `SELECT n.kind, n.subject_type, n.subject_id, n.message, n.created_at,
            COALESCE(s.reference, c.reference) AS reference, s.kind AS subject_kind, COALESCE(s.exercise, c.exercise) AS exercise
       FROM staff_notifications n
       LEFT JOIN public_submissions s ON n.subject_type = 'submission' AND s.id = n.subject_id
       LEFT JOIN alerts a ON n.subject_type = 'alert' AND a.id = n.subject_id
       LEFT JOIN cases c ON c.id = a.case_id
      WHERE (n.jurisdiction_id IS NULL OR n.jurisdiction_id = ANY($1::uuid[]) OR $2) AND (cardinality(n.roles) = 0 OR $3 = ANY(n.roles))
      ORDER BY n.created_at DESC LIMIT 100`,
    [actor.jurisdictionIds, actor.role === 'national_coordinator', actor.role],
  );
  return rows.map((r) => ({
    kind: r.kind,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    reference: r.reference,
    subjectKind: r.subject_kind,
    exercise: r.exercise === true,
    message: r.message,
    createdAt: r.created_at.toISOString(),
  }));
}

export interface NewStaffNotice {
  /** The jurisdiction whose staff see it, by id or by code; everyone's when neither is given. */
  jurisdiction: { id: string | null } | { code: string | null };
  /** The roles that see it; every role when empty. */
  roles: readonly string[];
  kind: string;
  subjectType: 'alert' | 'submission';
  subjectId: string;
  message: string;
}

export async function notifyStaff(db: Queryable, notice: NewStaffNotice, now: Date): Promise<void> {
  const byId = 'id' in notice.jurisdiction ? notice.jurisdiction.id : null;
  const byCode = 'code' in notice.jurisdiction ? notice.jurisdiction.code : null;
  await db.query(
    `INSERT INTO staff_notifications (jurisdiction_id, roles, kind, subject_type, subject_id, message, created_at)
     VALUES (COALESCE($1::uuid, (SELECT id FROM jurisdictions WHERE code = $2)), $3, $4, $5, $6, $7, $8)`,
    [byId, byCode, notice.roles, notice.kind, notice.subjectType, notice.subjectId, notice.message, now],
  );
}
