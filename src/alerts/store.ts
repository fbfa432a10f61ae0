// Data access for alerts. An alert is reachable by whoever reaches its case (see caseReach).
import type { Actor } from '../auth/actor.ts';
import { caseReach } from '../auth/access.ts';
import { outOfReach } from '../cases/disclosure.ts';
import { findReachableCase } from '../cases/store.ts';
import type { Queryable } from '../db/database.ts';
import type { AlertContentInput, CriteriaInput } from './schemas.ts';

export type AlertState = 'draft' | 'awaiting_approval' | 'active' | 'withdrawn' | 'expired' | 'rejected';
export type CapAlertStatus = 'Actual' | 'Exercise' | 'Test';

export interface StoredArea {
  parts: unknown[];
  jurisdictionCodes: string[];
  national: boolean;
}

export interface AlertRow {
  id: string;
  slug: string;
  case_id: string;
  case_reference: string;
  /** The case is marked sensitive: who the child is is shown only with a reason (src/cases/disclosure.ts). */
  case_sensitive: boolean;
  owning_organisation_id: string;
  owning_organisation_code: string;
  owning_organisation_name: string;
  jurisdiction_id: string;
  state: AlertState;
  cap_status: CapAlertStatus;
  criteria: Partial<Record<keyof CriteriaInput, { met: boolean; reason: string }>>;
  area: StoredArea;
  area_description: string;
  last_seen_at: Date;
  last_seen_lon: number;
  last_seen_lat: number;
  last_seen_place: string;
  vehicle: string;
  suspect: string;
  contributors: string[];
  requested_by: string | null;
  requested_by_email: string | null;
  requested_at: Date | null;
  approved_by: string | null;
  approved_by_email: string | null;
  approved_at: Date | null;
  decision_note: string | null;
  withdrawn_at: Date | null;
  withdrawal_reason: 'found_safe' | 'found' | 'cancelled' | null;
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export interface AlertPhotoRow {
  position: number;
  photo_id: string;
  public_key: string | null;
  public_bytes: number | null;
  public_sha1: string | null;
}

export interface AlertMessageRow {
  id: string;
  identifier: string;
  sender: string;
  sent: Date;
  msg_type: 'Alert' | 'Update' | 'Cancel';
  cap_status: string;
  note: string | null;
  xml: string;
}

export const ALERT_SELECT = `
  SELECT a.id, a.slug, a.case_id, c.reference AS case_reference, c.sensitive AS case_sensitive, a.owning_organisation_id, o.code AS owning_organisation_code,
         o.name AS owning_organisation_name, a.jurisdiction_id, a.state, a.cap_status, a.criteria, a.area, a.area_description,
         a.last_seen_at, a.last_seen_lon, a.last_seen_lat, a.last_seen_place, a.vehicle, a.suspect,
         a.contributors::text[] AS contributors, a.requested_by, ru.email AS requested_by_email, a.requested_at, a.approved_by, au.email AS approved_by_email, a.approved_at,
         a.decision_note, a.withdrawn_at, a.withdrawal_reason, a.expires_at, a.created_at, a.updated_at, a.version
    FROM alerts a
    JOIN cases c ON c.id = a.case_id
    JOIN organisations o ON o.id = a.owning_organisation_id
    LEFT JOIN users ru ON ru.id = a.requested_by
    LEFT JOIN users au ON au.id = a.approved_by`;

export async function findAlert(db: Queryable, alertId: string, options: { forUpdate?: boolean } = {}): Promise<AlertRow | undefined> {
  const { rows } = await db.query<AlertRow>(`${ALERT_SELECT} WHERE a.id = $1${options.forUpdate ? ' FOR UPDATE OF a' : ''}`, [alertId]);
  return rows[0];
}

export async function findAlertBySlug(db: Queryable, slug: string): Promise<AlertRow | undefined> {
  const { rows } = await db.query<AlertRow>(`${ALERT_SELECT} WHERE a.slug = $1`, [slug]);
  return rows[0];
}

/** The alert if the actor reaches its case; otherwise 404, as for a case. */
export async function requireReachableAlert(db: Queryable, actor: Actor, alertId: string, forUpdate = false): Promise<AlertRow> {
  const alert = await findAlert(db, alertId, { forUpdate });
  if (!alert || !(await findReachableCase(db, actor, alert.case_id))) throw outOfReach('alert', alertId);
  return alert;
}

/** Alerts of the cases the actor reaches, most recently changed first, each with its first headline. */
export async function listAlerts(
  db: Queryable,
  actor: Actor,
  query: { state?: string; caseId?: string; limit?: number },
): Promise<(AlertRow & { headline: string | null })[]> {
  const reach = caseReach(actor, 'c', 1);
  const params: unknown[] = [...reach.params];
  const where = [reach.sql];
  if (query.state) {
    params.push(query.state);
    where.push(`a.state = $${params.length}`);
  }
  if (query.caseId) {
    params.push(query.caseId);
    where.push(`a.case_id = $${params.length}`);
  }
  params.push(query.limit ?? 50);
  const { rows } = await db.query<AlertRow & { headline: string | null }>(
    `SELECT * FROM (${ALERT_SELECT.replace('SELECT a.id,', 'SELECT (SELECT headline FROM alert_contents ac WHERE ac.alert_id = a.id ORDER BY position LIMIT 1) AS headline, a.id,')}
       WHERE ${where.join(' AND ')}) listed ORDER BY updated_at DESC LIMIT $${params.length}`,
    params,
  );
  return rows;
}

export async function alertContents(db: Queryable, alertId: string): Promise<AlertContentInput[]> {
  const { rows } = await db.query<{
    language: string;
    headline: string;
    description: string;
    instruction: string;
    contact: string;
    sms_text: string;
    broadcast_text: string;
  }>(
    `SELECT language, headline, description, instruction, contact, sms_text, broadcast_text
       FROM alert_contents WHERE alert_id = $1 ORDER BY position`,
    [alertId],
  );
  return rows.map((r) => ({
    language: r.language,
    headline: r.headline,
    description: r.description,
    instruction: r.instruction,
    contact: r.contact,
    smsText: r.sms_text,
    broadcastText: r.broadcast_text,
  }));
}

export async function replaceAlertContents(db: Queryable, alertId: string, contents: readonly AlertContentInput[]): Promise<void> {
  await db.query('DELETE FROM alert_contents WHERE alert_id = $1', [alertId]);
  for (const [position, content] of contents.entries()) {
    await db.query(
      `INSERT INTO alert_contents (alert_id, language, position, headline, description, instruction, contact, sms_text, broadcast_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [alertId, content.language, position, content.headline, content.description, content.instruction, content.contact, content.smsText, content.broadcastText],
    );
  }
}

export async function alertPhotos(db: Queryable, alertId: string): Promise<AlertPhotoRow[]> {
  const { rows } = await db.query<AlertPhotoRow>(
    'SELECT position, photo_id, public_key, public_bytes, public_sha1 FROM alert_photos WHERE alert_id = $1 ORDER BY position',
    [alertId],
  );
  return rows;
}

export async function alertMessages(db: Queryable, alertId: string): Promise<AlertMessageRow[]> {
  const { rows } = await db.query<AlertMessageRow>(
    'SELECT id, identifier, sender, sent, msg_type, cap_status, note, xml FROM alert_messages WHERE alert_id = $1 ORDER BY seq',
    [alertId],
  );
  return rows;
}

export async function findMessageByIdentifier(db: Queryable, identifier: string): Promise<(AlertMessageRow & { alert_id: string }) | undefined> {
  const { rows } = await db.query<AlertMessageRow & { alert_id: string }>(
    'SELECT id, alert_id, identifier, sender, sent, msg_type, cap_status, note, xml FROM alert_messages WHERE identifier = $1',
    [identifier],
  );
  return rows[0];
}
