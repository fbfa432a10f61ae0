// Our Child Rescue Alerts offered to partner sites: the latest CAP 1.2 message of each alert, kept here by
// src/alerts/ each time it publishes one, read by partners from their cursor beside our PFIF feeds. Each
// partner sees only the statuses it takes (live alerts, or exercises and tests when it is in the exercise)
// and, within each message, only the fields its grants allow.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { capToXml, parseCapXml, type CapMessage } from '../alerts/cap.ts';
import type { FeedCursor } from './outbound.ts';
import type { PartnerRow } from './partners.ts';

// The same discipline as pfif_outbound's writers: sequence numbers become visible in order.
const ALERT_OUTBOUND_LOCK = 0x63726166;

export type RelayCapStatus = 'Actual' | 'Exercise' | 'Test';
export type RelayEnd = 'found' | 'cancelled' | 'expired';

export interface OutboundAlertMessage {
  /** The alert's incident (its public slug): the same for every message of one alert. */
  incident: string;
  capStatus: RelayCapStatus;
  msgType: 'Alert' | 'Update' | 'Cancel';
  /** For a Cancel: why the alert ended. */
  ended: RelayEnd | null;
  xml: string;
}

/** Replaces the alert's entry in the partners' alert feed with its latest message, moved to the end. */
export async function putOutboundAlertMessage(tx: Queryable, message: OutboundAlertMessage, now: Date): Promise<void> {
  await tx.query(sql`SELECT pg_advisory_xact_lock(${ALERT_OUTBOUND_LOCK})`);
  await tx.query(
    sql`INSERT INTO cra_outbound (incident, cap_status, msg_type, ended, entry_date, entry_seq, xml)
        VALUES (${message.incident}, ${message.capStatus}, ${message.msgType}, ${message.ended}, ${now}, nextval('cra_outbound_seq'), ${message.xml})
        ON CONFLICT (incident) DO UPDATE SET cap_status = EXCLUDED.cap_status, msg_type = EXCLUDED.msg_type, ended = EXCLUDED.ended,
               entry_date = EXCLUDED.entry_date, entry_seq = EXCLUDED.entry_seq, xml = EXCLUDED.xml`,
  );
}

/** Takes erased alerts out of the feed altogether (their Cancel has long been read; nothing of them stays). */
export async function removeOutboundAlertMessages(tx: Queryable, incidents: readonly string[]): Promise<number> {
  if (incidents.length === 0) return 0;
  return (await tx.query(sql`DELETE FROM cra_outbound WHERE incident = ANY(${[...incidents]}::text[])`)).rowCount;
}

/** The CAP statuses a partner takes: live alerts only when it receives alerts, exercises and tests only when it is in the exercise. */
export function relayStatusesFor(partner: Pick<PartnerRow, 'receives_alerts' | 'in_exercise'>): RelayCapStatus[] {
  return [...(partner.receives_alerts ? (['Actual'] as const) : []), ...(partner.in_exercise ? (['Exercise', 'Test'] as const) : [])];
}

/**
 * The message as this partner may have it. The headline (the child's name, as PFIF's full_name) always
 * goes; the description and the SMS and cell broadcast texts that restate it need the description grant,
 * the photos the photo grant, and the link to our page the source address grant.
 */
export function capForPartner(message: CapMessage, grants: ReadonlySet<string>): CapMessage {
  return {
    ...message,
    info: message.info.map((info) => {
      const kept = { ...info };
      if (!grants.has('description')) {
        delete kept.description;
        delete kept.parameters;
      }
      if (!grants.has('photo_url')) delete kept.resources;
      if (!grants.has('source_url')) delete kept.web;
      return kept;
    }),
  };
}

export interface OutboundAlertItem {
  incident: string;
  msgType: string;
  ended: RelayEnd | null;
  cap: string;
}

export interface AlertFeedPage {
  items: OutboundAlertItem[];
  next: FeedCursor | null;
  more: boolean;
}

type OutboundAlertRow = Row<'cra_outbound', 'incident' | 'msg_type' | 'entry_date' | 'xml'> & { entry_seq: string; ended: RelayEnd | null };

/** One page of the alert feed for a partner after `after`, each message cut to its grants. */
export async function readAlertFeedPage(
  db: Queryable,
  partner: Pick<PartnerRow, 'receives_alerts' | 'in_exercise' | 'person_fields'>,
  after: FeedCursor | undefined,
  limit: number,
): Promise<AlertFeedPage> {
  const statuses = relayStatusesFor(partner);
  if (statuses.length === 0) return { items: [], next: null, more: false };
  const where = after ? sql`(entry_date, entry_seq) > (${after.entryDate}, ${after.seq}::bigint)` : sql`TRUE`;
  const { rows } = await db.query<OutboundAlertRow>(
    sql`SELECT incident, msg_type, ended, entry_date, entry_seq::text AS entry_seq, xml FROM cra_outbound
         WHERE cap_status = ANY(${statuses}::text[]) AND ${where} ORDER BY entry_date, entry_seq LIMIT ${limit}`,
  );
  const grants = new Set(partner.person_fields);
  const items = rows.map((row) => ({
    incident: row.incident,
    msgType: row.msg_type,
    ended: row.ended,
    cap: capToXml(capForPartner(parseCapXml(row.xml), grants)),
  }));
  const last = rows.at(-1);
  return { items, next: last ? { entryDate: last.entry_date, seq: last.entry_seq } : null, more: rows.length === limit };
}
