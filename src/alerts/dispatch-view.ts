// What dispatch reads of an alert: its state, its area's cell ranges, its messages and what a recipient is
// sent. The set-based parts are SQL fragments, so that dispatch's fan-out stays one statement per step
// while these tables are named only here.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql, type Sql } from '../db/sql.ts';

/**
 * The alert's cell ranges whose low end is after `after` (exclusive) up to `upTo` (H3 cells as decimal
 * text): a subquery of `low, high`, joined by range scans on the recipients' cells.
 */
export function alertAreaRanges(alertId: string, after: string, upTo: string): Sql {
  return sql`SELECT low, high FROM alert_area_ranges WHERE alert_id = ${alertId} AND low > ${after}::bigint AND low <= ${upTo}::bigint`;
}

/** The low ends of the next `limit` cell ranges of the alert after `after`, in order, as decimal text. */
export async function nextAlertRangeLows(db: Queryable, alertId: string, after: string, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ low: string }>(
    sql`SELECT low::text AS low FROM alert_area_ranges WHERE alert_id = ${alertId} AND low > ${after}::bigint ORDER BY low LIMIT ${limit}`,
  );
  return rows.map((row) => row.low);
}

/** The ids of an alert's messages, but `except`: a subquery for `message_id IN (…)`. */
export function alertMessageIds(alertId: string, except?: string): Sql {
  return except === undefined
    ? sql`SELECT m.id FROM alert_messages m WHERE m.alert_id = ${alertId}`
    : sql`SELECT m.id FROM alert_messages m WHERE m.alert_id = ${alertId} AND m.id <> ${except}`;
}

/** The ids of the `limit` most recent messages of any alert (of every message without it): a subquery. */
export function recentAlertMessageIds(limit?: number): Sql {
  return limit === undefined ? sql`SELECT id FROM alert_messages` : sql`SELECT id FROM alert_messages ORDER BY seq DESC LIMIT ${limit}`;
}

export type AlertForDispatch = Row<'alerts', 'id' | 'state' | 'approved_at' | 'withdrawn_at' | 'expires_at'> & {
  national: boolean;
  /** A real alert, not an exercise or a test. */
  actual: boolean;
};

/** An alert's state and times as dispatch needs them; undefined when there is no such alert. */
export async function alertForDispatch(db: Queryable, alertId: string): Promise<AlertForDispatch | undefined> {
  const { rows } = await db.query<AlertForDispatch>(
    sql`SELECT a.id, a.state, a.approved_at, a.withdrawn_at, a.expires_at, COALESCE((a.area->>'national')::boolean, false) AS national,
               a.cap_status = 'Actual' AS actual
          FROM alerts a WHERE a.id = ${alertId}`,
  );
  return rows[0];
}

/** The id of the alert's latest message, or null before its first. */
export async function latestAlertMessageId(db: Queryable, alertId: string): Promise<string | null> {
  const { rows } = await db.query<Row<'alert_messages', 'id'>>(
    sql`SELECT id FROM alert_messages WHERE alert_id = ${alertId} ORDER BY seq DESC LIMIT 1`,
  );
  return rows[0]?.id ?? null;
}

/** The CAP identifiers of the given messages, by message id. */
export async function messageIdentifiers(db: Queryable, messageIds: readonly string[]): Promise<Map<string, string>> {
  if (messageIds.length === 0) return new Map();
  const { rows } = await db.query<Row<'alert_messages', 'id' | 'identifier'>>(
    sql`SELECT id, identifier FROM alert_messages WHERE id = ANY(${messageIds}::uuid[])`,
  );
  return new Map(rows.map((row) => [row.id, row.identifier]));
}

/** One message of an alert with what its notices say: the alert's words per language, its first public photo. */
export interface MessageForDispatch {
  alertId: string;
  slug: string;
  identifier: string;
  msgType: 'Alert' | 'Update' | 'Cancel';
  sent: Date;
  status: 'Actual' | 'Exercise' | 'Test';
  lastSeenPlace: string;
  lastSeenAt: Date;
  /** When the alert's first message went out. */
  firstSent: Date;
  withdrawalReason: string | null;
  expiresAt: Date | null;
  photo: { key: string; position: number } | null;
  contents: Row<'alert_contents', 'language' | 'headline' | 'description' | 'instruction' | 'contact' | 'sms_text'>[];
}

type MessageRow = Row<'alert_messages', 'alert_id' | 'identifier' | 'sent'> &
  Row<'alerts', 'slug' | 'last_seen_place' | 'last_seen_at' | 'withdrawal_reason' | 'expires_at'> & {
    msg_type: MessageForDispatch['msgType'];
    cap_status: MessageForDispatch['status'];
    first_sent: Date;
  };

export async function messageForDispatch(db: Queryable, messageId: string): Promise<MessageForDispatch | null> {
  const { rows } = await db.query<MessageRow>(
    sql`SELECT m.alert_id, a.slug, m.identifier, m.msg_type, m.sent, a.cap_status, a.last_seen_place, a.last_seen_at, a.withdrawal_reason, a.expires_at,
               (SELECT min(sent) FROM alert_messages f WHERE f.alert_id = m.alert_id) AS first_sent
          FROM alert_messages m JOIN alerts a ON a.id = m.alert_id WHERE m.id = ${messageId}`,
  );
  const row = rows[0];
  if (!row) return null;
  const contents = await db.query<MessageForDispatch['contents'][number]>(
    sql`SELECT language, headline, description, instruction, contact, sms_text FROM alert_contents WHERE alert_id = ${row.alert_id} ORDER BY position`,
  );
  const photos = await db.query<{ public_key: string; position: number }>(
    sql`SELECT public_key, position FROM alert_photos WHERE alert_id = ${row.alert_id} AND public_key IS NOT NULL ORDER BY position LIMIT 1`,
  );
  const photo = photos.rows[0];
  return {
    alertId: row.alert_id,
    slug: row.slug,
    identifier: row.identifier,
    msgType: row.msg_type,
    sent: row.sent,
    status: row.cap_status,
    lastSeenPlace: row.last_seen_place,
    lastSeenAt: row.last_seen_at,
    firstSent: row.first_sent,
    withdrawalReason: row.withdrawal_reason,
    expiresAt: row.expires_at,
    photo: photo ? { key: photo.public_key, position: photo.position } : null,
    contents: contents.rows,
  };
}

/**
 * The state of each delivery's alert, for a statement that reads deliveries: a subquery of `id, state` to
 * LEFT JOIN on the delivery's alert id (the planner flattens it into a primary-key lookup).
 */
export const alertStates: Sql = sql`SELECT id, state FROM alerts`;
