// Notices for staff (alerts about to expire, sightings and reports that need someone), with what the console
// needs to say what each is in the officer's language and to link to it: the kind of thing it is about and
// that thing's reference. The stored English message stays for scripts and older clients.
import type { Queryable } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { caseLabels } from '../cases/alert-view.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { jurisdictionIdByCode } from '../geo/jurisdiction-lookup.ts';
import { submissionLabels } from '../triage/submission-labels.ts';

export interface StaffNotice {
  kind: string;
  subjectType: string;
  subjectId: string;
  /** The case reference of an alert or a case, or the reference of a sighting or report. */
  reference: string | null;
  /** "sighting" or "report", for a submission. */
  subjectKind: string | null;
  exercise: boolean;
  message: string;
  createdAt: string;
}

export async function listStaffNotices(db: Queryable, actor: Actor): Promise<StaffNotice[]> {
  const { rows } = await db.query<
    Row<'staff_notifications', 'kind' | 'subject_type' | 'subject_id' | 'message' | 'created_at'> & {
      reference: string | null;
      subject_kind: string | null;
      exercise: boolean | null;
    }
  >(
    sql`SELECT n.kind, n.subject_type, n.subject_id, n.message, n.created_at,
               COALESCE(s.reference, c.reference) AS reference, s.kind AS subject_kind, COALESCE(s.exercise, c.exercise) AS exercise
          FROM staff_notifications n
          LEFT JOIN ${submissionLabels()} s ON n.subject_type = 'submission' AND s.id = n.subject_id
          LEFT JOIN alerts a ON n.subject_type = 'alert' AND a.id = n.subject_id
          LEFT JOIN ${caseLabels()} c ON c.id = CASE WHEN n.subject_type = 'case' THEN n.subject_id ELSE a.case_id END
         WHERE (n.jurisdiction_id IS NULL OR n.jurisdiction_id = ANY(${actor.jurisdictionIds}::uuid[]) OR ${actor.role === 'national_coordinator'})
           AND (cardinality(n.roles) = 0 OR ${actor.role} = ANY(n.roles))
         ORDER BY n.created_at DESC LIMIT 100`,
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
  subjectType: 'alert' | 'submission' | 'case';
  subjectId: string;
  message: string;
}

export async function notifyStaff(db: Queryable, notice: NewStaffNotice, now: Date): Promise<void> {
  const byId = 'id' in notice.jurisdiction ? notice.jurisdiction.id : null;
  const byCode = 'code' in notice.jurisdiction ? notice.jurisdiction.code : null;
  await db.query(
    sql`INSERT INTO staff_notifications (jurisdiction_id, roles, kind, subject_type, subject_id, message, created_at)
        VALUES (COALESCE(${byId}::uuid, ${jurisdictionIdByCode(byCode)}), ${notice.roles}, ${notice.kind}, ${notice.subjectType}, ${notice.subjectId}, ${notice.message}, ${now})`,
  );
}
