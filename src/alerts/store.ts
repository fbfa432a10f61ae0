// Data access for alerts. An alert is reachable by whoever reaches its case (see caseReach).
import type { Actor } from '../auth/actor.ts';
import { outOfReach } from '../cases/disclosure.ts';
import { findReachableCase } from '../cases/store.ts';
import type { Queryable } from '../db/database.ts';
import { join, raw, sql, type Sql } from '../db/sql.ts';
import { caseReach } from '../cases/reach.ts';
import { conflict } from '../http/problem.ts';
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
  const where: Sql[] = [caseReach(actor, 'c')];
  if (query.state) where.push(sql`a.state = ${query.state}`);
  if (query.caseId) where.push(sql`a.case_id = ${query.caseId}`);
  const select = raw(
    ALERT_SELECT.replace('SELECT a.id,', 'SELECT (SELECT headline FROM alert_contents ac WHERE ac.alert_id = a.id ORDER BY position LIMIT 1) AS headline, a.id,'),
  );
  const { rows } = await db.query<AlertRow & { headline: string | null }>(
    sql`SELECT * FROM (${select} WHERE ${join(where, ' AND ')}) listed ORDER BY (cap_status <> 'Actual'), updated_at DESC LIMIT ${query.limit ?? 50}`,
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

/** When the alert was first published: its first message, if it has one. */
export async function firstMessageSent(db: Queryable, alertId: string): Promise<Date | undefined> {
  const { rows } = await db.query<{ sent: Date | null }>('SELECT min(sent) AS sent FROM alert_messages WHERE alert_id = $1', [alertId]);
  return rows[0]?.sent ?? undefined;
}

/** The alert's latest message (what its CAP address serves). */
export async function latestMessage(db: Queryable, alertId: string): Promise<{ xml: string; msg_type: string } | undefined> {
  const { rows } = await db.query<{ xml: string; msg_type: string }>('SELECT xml, msg_type FROM alert_messages WHERE alert_id = $1 ORDER BY seq DESC LIMIT 1', [alertId]);
  return rows[0];
}

/** How many ranges of cells the alert's area was turned into. */
export async function alertCellRangeCount(db: Queryable, alertId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM alert_area_ranges WHERE alert_id = $1', [alertId]);
  return rows[0]?.n ?? 0;
}

/** The languages of a public appeal's text, in the alert's order, and when the appeal expires. */
export async function publicAppeal(db: Queryable, alertId: string): Promise<{ languages: string[]; expiresAt: Date | null }> {
  const { rows } = await db.query<{ language: string; expires_at: Date | null }>(
    'SELECT c.language, a.expires_at FROM alert_contents c JOIN alerts a ON a.id = c.alert_id WHERE c.alert_id = $1 ORDER BY c.position',
    [alertId],
  );
  return { languages: rows.map((r) => r.language), expiresAt: rows[0]?.expires_at ?? null };
}

/** Where the child was last seen, with the appeal's headline in `language` (else its first language). */
export async function appealLastSeen(db: Queryable, alertId: string, language: string): Promise<{ lastSeenAt: Date; lastSeenPlace: string; headline: string } | undefined> {
  const { rows } = await db.query<{ last_seen_at: Date; last_seen_place: string; headline: string }>(
    `SELECT a.last_seen_at, a.last_seen_place, c.headline
     FROM alerts a JOIN alert_contents c ON c.alert_id = a.id
     WHERE a.id = $1 ORDER BY (c.language = $2) DESC, c.position LIMIT 1`,
    [alertId, language],
  );
  const row = rows[0];
  return row && { lastSeenAt: row.last_seen_at, lastSeenPlace: row.last_seen_place, headline: row.headline };
}

export interface FeedEntryRow {
  identifier: string;
  msg_type: string;
  sent: Date;
  first_sent: Date;
  slug: string;
  cap_status: CapAlertStatus;
  headline: string;
  language: string;
  summary: string;
}

/**
 * The latest message of each active, unexpired alert, and the Cancel of each alert withdrawn or expired
 * after `cancelledSince`, newest first.
 */
export async function currentFeedEntries(db: Queryable, now: Date, cancelledSince: Date): Promise<FeedEntryRow[]> {
  const { rows } = await db.query<FeedEntryRow>(
    `SELECT DISTINCT ON (a.id) m.identifier, m.msg_type, m.sent, a.slug, a.cap_status,
            (SELECT min(sent) FROM alert_messages f WHERE f.alert_id = a.id) AS first_sent,
            c.headline, c.language, c.sms_text AS summary
       FROM alerts a
       JOIN alert_messages m ON m.alert_id = a.id
       JOIN alert_contents c ON c.alert_id = a.id AND c.position = 0
      WHERE (a.state = 'active' AND (a.expires_at IS NULL OR a.expires_at > $1))
         OR (a.state = 'withdrawn' AND a.withdrawn_at > $2)
         OR (a.state = 'expired' AND a.updated_at > $2 AND m.msg_type = 'Cancel')
      ORDER BY a.id, m.seq DESC`,
    [now, cancelledSince],
  );
  return rows.sort((a, b) => b.sent.getTime() - a.sent.getTime());
}

/** States in which an alert is live for its case: at most one per case (index alerts_one_live_per_case). */
export const LIVE_ALERT_STATES = ['awaiting_approval', 'active'] as const;

/** The live alert of a case other than `exceptAlertId`, if there is one. */
export async function otherLiveAlert(db: Queryable, caseId: string, exceptAlertId: string): Promise<{ id: string; state: AlertState } | undefined> {
  const { rows } = await db.query<{ id: string; state: AlertState }>(
    'SELECT id, state FROM alerts WHERE case_id = $1 AND id <> $2 AND state = ANY($3::text[])',
    [caseId, exceptAlertId, LIVE_ALERT_STATES],
  );
  return rows[0];
}

const ONE_LIVE_DETAIL = 'This case already has a Child Rescue Alert awaiting approval or active: a case has one live alert at a time. Update or withdraw that one instead.';

/** Refuses, with a 409, a second live alert for a case; the unique index catches two requests racing. */
export async function requireNoOtherLiveAlert(db: Queryable, caseId: string, alertId: string): Promise<void> {
  if (await otherLiveAlert(db, caseId, alertId)) throw conflict(ONE_LIVE_DETAIL);
}

/** Runs `work`, turning a unique-index refusal of a second live alert (or a second pending change) into a 409. */
export async function oneLiveAtATime<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const e = error as { code?: string; constraint?: string; message?: string };
    const names = (index: string) => e.constraint === index || (typeof e.message === 'string' && e.message.includes(`"${index}"`));
    if (e.code === '23505' && names('alerts_one_live_per_case')) throw conflict(ONE_LIVE_DETAIL);
    if (e.code === '23505' && names('alert_changes_one_pending')) throw conflict('A change to this alert is already waiting for approval.');
    throw error;
  }
}

// Requests to change a live alert's text, photos or area, decided by a second person (see lifecycle.ts).
export type AlertChangeState = 'pending' | 'approved' | 'returned' | 'superseded' | 'lapsed';

export interface AlertChangeRow {
  id: string;
  alert_id: string;
  state: AlertChangeState;
  note: string;
  contents: AlertContentInput[] | null;
  area: StoredArea | null;
  area_description: string | null;
  photo_ids: string[] | null;
  requested_by: string;
  requested_by_email: string;
  requested_at: Date;
}

const CHANGE_SELECT = `
  SELECT ch.id, ch.alert_id, ch.state, ch.note, ch.contents, ch.area, ch.area_description, ch.photo_ids::text[] AS photo_ids,
         ch.requested_by, u.email AS requested_by_email, ch.requested_at
    FROM alert_changes ch JOIN users u ON u.id = ch.requested_by`;

export async function findPendingChange(db: Queryable, alertId: string, forUpdate = false): Promise<AlertChangeRow | undefined> {
  const { rows } = await db.query<AlertChangeRow>(`${CHANGE_SELECT} WHERE ch.alert_id = $1 AND ch.state = 'pending'${forUpdate ? ' FOR UPDATE OF ch' : ''}`, [alertId]);
  return rows[0];
}

export async function insertAlertChange(
  db: Queryable,
  change: { alertId: string; note: string; contents?: readonly AlertContentInput[]; area?: StoredArea; areaDescription?: string; photoIds?: readonly string[]; requestedBy: string; now: Date },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO alert_changes (alert_id, state, note, contents, area, area_description, photo_ids, requested_by, requested_at)
     VALUES ($1, 'pending', $2, $3::jsonb, $4::jsonb, $5, $6::uuid[], $7, $8) RETURNING id`,
    [
      change.alertId,
      change.note,
      change.contents ? JSON.stringify(change.contents) : null,
      change.area ? JSON.stringify(change.area) : null,
      change.areaDescription ?? null,
      change.photoIds ?? null,
      change.requestedBy,
      change.now,
    ],
  );
  return rows[0]!.id;
}

export async function decideAlertChange(db: Queryable, changeId: string, state: Exclude<AlertChangeState, 'pending'>, decidedBy: string | null, now: Date, note: string | null): Promise<void> {
  await db.query(`UPDATE alert_changes SET state = $2, decided_by = $3, decided_at = $4, decision_note = $5 WHERE id = $1 AND state = 'pending'`, [
    changeId,
    state,
    decidedBy,
    now,
    note,
  ]);
}

/** An alert that stops being live takes its pending change with it: there is nothing left to change. */
export async function lapsePendingChange(db: Queryable, alertId: string, now: Date): Promise<void> {
  await db.query(`UPDATE alert_changes SET state = 'lapsed', decided_at = $2 WHERE alert_id = $1 AND state = 'pending'`, [alertId, now]);
}

/** Pending changes of active alerts in the actor's reach, oldest request first, with whether the case is sensitive. */
export async function pendingChangesInReach(db: Queryable, actor: Actor): Promise<(AlertChangeRow & { case_sensitive: boolean })[]> {
  const { rows } = await db.query<AlertChangeRow & { case_sensitive: boolean }>(
    sql`${raw(CHANGE_SELECT.replace('SELECT ch.id,', 'SELECT c.sensitive AS case_sensitive, ch.id,'))} JOIN alerts a ON a.id = ch.alert_id JOIN cases c ON c.id = a.case_id
      WHERE ch.state = 'pending' AND a.state = 'active' AND ${caseReach(actor, 'c')} ORDER BY ch.requested_at LIMIT 100`,
  );
  return rows;
}
