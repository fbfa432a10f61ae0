// Data access for alerts. An alert is reachable by whoever reaches its case (see cases/reach.ts).
import type { Actor } from '../auth/actor.ts';
import { outOfReach } from '../cases/disclosure.ts';
import { findReachableCase } from '../cases/store.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { empty, join, sql, type Sql } from '../db/sql.ts';
import { caseLabels } from '../cases/alert-view.ts';
import { reachableCaseIds } from '../cases/reach.ts';
import { organisationNames } from '../orgs/names.ts';
import { staffEmails } from '../auth/staff-names.ts';
import { conflict } from '../http/problem.ts';
import type { AlertContentInput, CriteriaInput } from './schemas.ts';

export type AlertState = 'draft' | 'awaiting_approval' | 'active' | 'withdrawn' | 'expired' | 'rejected';
export type CapAlertStatus = 'Actual' | 'Exercise' | 'Test';

export interface StoredArea {
  parts: unknown[];
  jurisdictionCodes: string[];
  national: boolean;
}

/** An alert with its case's label, its owner's names and who asked for and approved it (emails), as staff see it. */
export type AlertRow = Row<
  'alerts',
  | 'id'
  | 'slug'
  | 'case_id'
  | 'owning_organisation_id'
  | 'jurisdiction_id'
  | 'area_description'
  | 'last_seen_at'
  | 'last_seen_lon'
  | 'last_seen_lat'
  | 'last_seen_place'
  | 'vehicle'
  | 'suspect'
  | 'contributors'
  | 'requested_by'
  | 'requested_at'
  | 'approved_by'
  | 'approved_at'
  | 'decision_note'
  | 'withdrawn_at'
  | 'expires_at'
  | 'created_at'
  | 'updated_at'
  | 'version'
> & {
  state: AlertState;
  cap_status: CapAlertStatus;
  criteria: Partial<Record<keyof CriteriaInput, { met: boolean; reason: string }>>;
  area: StoredArea;
  withdrawal_reason: 'found_safe' | 'found' | 'cancelled' | null;
  case_reference: string;
  /** The case is marked sensitive: who the child is is shown only with a reason (src/cases/disclosure.ts). */
  case_sensitive: boolean;
  owning_organisation_code: string;
  owning_organisation_name: string;
  requested_by_email: string | null;
  approved_by_email: string | null;
};

export type AlertPhotoRow = Row<'alert_photos', 'position' | 'photo_id' | 'public_key' | 'public_bytes' | 'public_sha1'>;

export type AlertMessageRow = Row<'alert_messages', 'id' | 'identifier' | 'sender' | 'sent' | 'cap_status' | 'note' | 'xml'> & {
  msg_type: 'Alert' | 'Update' | 'Cancel';
};

// The case, the owning organisation and the users come from their owners as derived tables (cases,
// orgs, auth), so this stays one statement, lockable `FOR UPDATE OF a`.
const ALERT_COLUMNS = sql`a.id, a.slug, a.case_id, c.reference AS case_reference, c.sensitive AS case_sensitive, a.owning_organisation_id, o.code AS owning_organisation_code,
         o.name AS owning_organisation_name, a.jurisdiction_id, a.state, a.cap_status, a.criteria, a.area, a.area_description,
         a.last_seen_at, a.last_seen_lon, a.last_seen_lat, a.last_seen_place, a.vehicle, a.suspect,
         a.contributors::text[] AS contributors, a.requested_by, ru.email AS requested_by_email, a.requested_at, a.approved_by, au.email AS approved_by_email, a.approved_at,
         a.decision_note, a.withdrawn_at, a.withdrawal_reason, a.expires_at, a.created_at, a.updated_at, a.version`;
const ALERT_FROM = sql`
    FROM alerts a
    JOIN ${caseLabels()} c ON c.id = a.case_id
    JOIN ${organisationNames()} o ON o.id = a.owning_organisation_id
    LEFT JOIN ${staffEmails()} ru ON ru.id = a.requested_by
    LEFT JOIN ${staffEmails()} au ON au.id = a.approved_by`;
const ALERT_SELECT = sql`SELECT ${ALERT_COLUMNS} ${ALERT_FROM}`;

export async function findAlert(db: Queryable, alertId: string, options: { forUpdate?: boolean } = {}): Promise<AlertRow | undefined> {
  const { rows } = await db.query<AlertRow>(
    sql`${ALERT_SELECT} WHERE a.id = ${alertId}${options.forUpdate ? sql` FOR UPDATE OF a` : empty}`,
  );
  return rows[0];
}

export async function findAlertBySlug(db: Queryable, slug: string): Promise<AlertRow | undefined> {
  const { rows } = await db.query<AlertRow>(sql`${ALERT_SELECT} WHERE a.slug = ${slug}`);
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
  const where: Sql[] = [sql`a.case_id IN (${reachableCaseIds(actor)})`];
  if (query.state) where.push(sql`a.state = ${query.state}`);
  if (query.caseId) where.push(sql`a.case_id = ${query.caseId}`);
  const { rows } = await db.query<AlertRow & { headline: string | null }>(
    sql`SELECT * FROM (SELECT (SELECT headline FROM alert_contents ac WHERE ac.alert_id = a.id ORDER BY position LIMIT 1) AS headline, ${ALERT_COLUMNS} ${ALERT_FROM}
                        WHERE ${join(where, ' AND ')}) listed
         ORDER BY (cap_status <> 'Actual'), updated_at DESC LIMIT ${query.limit ?? 50}`,
  );
  return rows;
}

export async function alertContents(db: Queryable, alertId: string): Promise<AlertContentInput[]> {
  const { rows } = await db.query<
    Row<'alert_contents', 'language' | 'headline' | 'description' | 'instruction' | 'contact' | 'sms_text' | 'broadcast_text'>
  >(
    sql`SELECT language, headline, description, instruction, contact, sms_text, broadcast_text
          FROM alert_contents WHERE alert_id = ${alertId} ORDER BY position`,
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
  await db.query(sql`DELETE FROM alert_contents WHERE alert_id = ${alertId}`);
  for (const [position, content] of contents.entries()) {
    await db.query(
      sql`INSERT INTO alert_contents (alert_id, language, position, headline, description, instruction, contact, sms_text, broadcast_text)
          VALUES (${alertId}, ${content.language}, ${position}, ${content.headline}, ${content.description}, ${content.instruction}, ${content.contact},
                  ${content.smsText}, ${content.broadcastText})`,
    );
  }
}

export async function alertPhotos(db: Queryable, alertId: string): Promise<AlertPhotoRow[]> {
  const { rows } = await db.query<AlertPhotoRow>(
    sql`SELECT position, photo_id, public_key, public_bytes, public_sha1 FROM alert_photos WHERE alert_id = ${alertId} ORDER BY position`,
  );
  return rows;
}

export async function alertMessages(db: Queryable, alertId: string): Promise<AlertMessageRow[]> {
  const { rows } = await db.query<AlertMessageRow>(
    sql`SELECT id, identifier, sender, sent, msg_type, cap_status, note, xml FROM alert_messages WHERE alert_id = ${alertId} ORDER BY seq`,
  );
  return rows;
}

export async function findMessageByIdentifier(
  db: Queryable,
  identifier: string,
): Promise<(AlertMessageRow & { alert_id: string }) | undefined> {
  const { rows } = await db.query<AlertMessageRow & { alert_id: string }>(
    sql`SELECT id, alert_id, identifier, sender, sent, msg_type, cap_status, note, xml FROM alert_messages WHERE identifier = ${identifier}`,
  );
  return rows[0];
}

/** When the alert was first published: its first message, if it has one. */
export async function firstMessageSent(db: Queryable, alertId: string): Promise<Date | undefined> {
  const { rows } = await db.query<{ sent: Date | null }>(sql`SELECT min(sent) AS sent FROM alert_messages WHERE alert_id = ${alertId}`);
  return rows[0]?.sent ?? undefined;
}

/** The alert's latest message (what its CAP address serves). */
export async function latestMessage(db: Queryable, alertId: string): Promise<{ xml: string; msg_type: string } | undefined> {
  const { rows } = await db.query<Row<'alert_messages', 'xml' | 'msg_type'>>(
    sql`SELECT xml, msg_type FROM alert_messages WHERE alert_id = ${alertId} ORDER BY seq DESC LIMIT 1`,
  );
  return rows[0];
}

/** How many ranges of cells the alert's area was turned into. */
export async function alertCellRangeCount(db: Queryable, alertId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM alert_area_ranges WHERE alert_id = ${alertId}`);
  return rows[0]?.n ?? 0;
}

/** The languages of a public appeal's text, in the alert's order, and when the appeal expires. */
export async function publicAppeal(db: Queryable, alertId: string): Promise<{ languages: string[]; expiresAt: Date | null }> {
  const { rows } = await db.query<Row<'alert_contents', 'language'> & Row<'alerts', 'expires_at'>>(
    sql`SELECT c.language, a.expires_at FROM alert_contents c JOIN alerts a ON a.id = c.alert_id WHERE c.alert_id = ${alertId} ORDER BY c.position`,
  );
  return { languages: rows.map((r) => r.language), expiresAt: rows[0]?.expires_at ?? null };
}

/** Where the child was last seen, with the appeal's headline in `language` (else its first language). */
export async function appealLastSeen(
  db: Queryable,
  alertId: string,
  language: string,
): Promise<{ lastSeenAt: Date; lastSeenPlace: string; headline: string } | undefined> {
  const { rows } = await db.query<Row<'alerts', 'last_seen_at' | 'last_seen_place'> & Row<'alert_contents', 'headline'>>(
    sql`SELECT a.last_seen_at, a.last_seen_place, c.headline
          FROM alerts a JOIN alert_contents c ON c.alert_id = a.id
         WHERE a.id = ${alertId} ORDER BY (c.language = ${language}) DESC, c.position LIMIT 1`,
  );
  const row = rows[0];
  return row && { lastSeenAt: row.last_seen_at, lastSeenPlace: row.last_seen_place, headline: row.headline };
}

export type FeedEntryRow = Row<'alert_messages', 'identifier' | 'msg_type' | 'sent'> &
  Row<'alerts', 'slug'> &
  Row<'alert_contents', 'headline' | 'language'> & { first_sent: Date; cap_status: CapAlertStatus; summary: string };

/**
 * The latest message of each active, unexpired alert, and the Cancel of each alert withdrawn or expired
 * after `cancelledSince`, newest first.
 */
export async function currentFeedEntries(db: Queryable, now: Date, cancelledSince: Date): Promise<FeedEntryRow[]> {
  const { rows } = await db.query<FeedEntryRow>(
    sql`SELECT DISTINCT ON (a.id) m.identifier, m.msg_type, m.sent, a.slug, a.cap_status,
            (SELECT min(sent) FROM alert_messages f WHERE f.alert_id = a.id) AS first_sent,
            c.headline, c.language, c.sms_text AS summary
       FROM alerts a
       JOIN alert_messages m ON m.alert_id = a.id
       JOIN alert_contents c ON c.alert_id = a.id AND c.position = 0
      WHERE (a.state = 'active' AND (a.expires_at IS NULL OR a.expires_at > ${now}))
         OR (a.state = 'withdrawn' AND a.withdrawn_at > ${cancelledSince})
         OR (a.state = 'expired' AND a.updated_at > ${cancelledSince} AND m.msg_type = 'Cancel')
      ORDER BY a.id, m.seq DESC`,
  );
  return rows.sort((a, b) => b.sent.getTime() - a.sent.getTime());
}

/** States in which an alert is live for its case: at most one per case (index alerts_one_live_per_case). */
export const LIVE_ALERT_STATES = ['awaiting_approval', 'active'] as const;

/** The live alert of a case other than `exceptAlertId`, if there is one. */
export async function otherLiveAlert(
  db: Queryable,
  caseId: string,
  exceptAlertId: string,
): Promise<{ id: string; state: AlertState } | undefined> {
  const { rows } = await db.query<Row<'alerts', 'id'> & { state: AlertState }>(
    sql`SELECT id, state FROM alerts WHERE case_id = ${caseId} AND id <> ${exceptAlertId} AND state = ANY(${LIVE_ALERT_STATES}::text[])`,
  );
  return rows[0];
}

const ONE_LIVE_DETAIL =
  'This case already has a Child Rescue Alert awaiting approval or active: a case has one live alert at a time. Update or withdraw that one instead.';

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

export type AlertChangeRow = Row<
  'alert_changes',
  'id' | 'alert_id' | 'note' | 'area_description' | 'photo_ids' | 'requested_by' | 'requested_at'
> & {
  state: AlertChangeState;
  contents: AlertContentInput[] | null;
  area: StoredArea | null;
  requested_by_email: string;
};

const CHANGE_COLUMNS = sql`ch.id, ch.alert_id, ch.state, ch.note, ch.contents, ch.area, ch.area_description, ch.photo_ids::text[] AS photo_ids,
         ch.requested_by, u.email AS requested_by_email, ch.requested_at`;
const CHANGE_FROM = sql`FROM alert_changes ch JOIN ${staffEmails()} u ON u.id = ch.requested_by`;

export async function findPendingChange(db: Queryable, alertId: string, forUpdate = false): Promise<AlertChangeRow | undefined> {
  const { rows } = await db.query<AlertChangeRow>(
    sql`SELECT ${CHANGE_COLUMNS} ${CHANGE_FROM} WHERE ch.alert_id = ${alertId} AND ch.state = 'pending'${forUpdate ? sql` FOR UPDATE OF ch` : empty}`,
  );
  return rows[0];
}

export async function insertAlertChange(
  db: Queryable,
  change: {
    alertId: string;
    note: string;
    contents?: readonly AlertContentInput[];
    area?: StoredArea;
    areaDescription?: string;
    photoIds?: readonly string[];
    requestedBy: string;
    now: Date;
  },
): Promise<string> {
  const contents = change.contents ? JSON.stringify(change.contents) : null;
  const area = change.area ? JSON.stringify(change.area) : null;
  const { rows } = await db.query<Row<'alert_changes', 'id'>>(
    sql`INSERT INTO alert_changes (alert_id, state, note, contents, area, area_description, photo_ids, requested_by, requested_at)
        VALUES (${change.alertId}, 'pending', ${change.note}, ${contents}::jsonb, ${area}::jsonb, ${change.areaDescription ?? null}, ${change.photoIds ?? null}::uuid[],
                ${change.requestedBy}, ${change.now}) RETURNING id`,
  );
  return rows[0]!.id;
}

export async function decideAlertChange(
  db: Queryable,
  changeId: string,
  state: Exclude<AlertChangeState, 'pending'>,
  decidedBy: string | null,
  now: Date,
  note: string | null,
): Promise<void> {
  await db.query(
    sql`UPDATE alert_changes SET state = ${state}, decided_by = ${decidedBy}, decided_at = ${now}, decision_note = ${note} WHERE id = ${changeId} AND state = 'pending'`,
  );
}

/** An alert that stops being live takes its pending change with it: there is nothing left to change. */
export async function lapsePendingChange(db: Queryable, alertId: string, now: Date): Promise<void> {
  await db.query(sql`UPDATE alert_changes SET state = 'lapsed', decided_at = ${now} WHERE alert_id = ${alertId} AND state = 'pending'`);
}

/** Pending changes of active alerts in the actor's reach, oldest request first, with whether the case is sensitive. */
export async function pendingChangesInReach(db: Queryable, actor: Actor): Promise<(AlertChangeRow & { case_sensitive: boolean })[]> {
  const { rows } = await db.query<AlertChangeRow & { case_sensitive: boolean }>(
    sql`SELECT c.sensitive AS case_sensitive, ${CHANGE_COLUMNS} ${CHANGE_FROM} JOIN alerts a ON a.id = ch.alert_id JOIN ${caseLabels()} c ON c.id = a.case_id
      WHERE ch.state = 'pending' AND a.state = 'active' AND a.case_id IN (${reachableCaseIds(actor)}) ORDER BY ch.requested_at LIMIT 100`,
  );
  return rows;
}
