// Child Rescue Alerts partners offer us: each message of their alert feed checked on its own (valid CAP 1.2,
// from the partner's own domain, a status exchanged with it, sizes, no markup or direction tricks in its
// text), kept as the facts of the alert's latest message and offered to the national coordinator. Nothing
// is public until the coordinator relays it. A Cancel from the origin withdraws an offer not yet decided and
// ends a relayed alert (its page answers 410 from then on).
import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { InvalidCapError, parseCapXml, type CapInfo, type CapMessage } from '../alerts/cap.ts';
import { MAX_EXPIRY_HOURS } from '../alerts/schemas.ts';
import { recordRun, type ImportReport } from './inbound.ts';
import { relayStatusesFor, type RelayCapStatus, type RelayEnd } from './alert-outbound.ts';
import type { PartnerRow } from './partners.ts';

export const MAX_CAP_BYTES = 256 * 1024;
export const MAX_ALERT_LANGUAGES = 12;
export const RELAY_TEXT_LIMITS = { headline: 300, description: 5000, instruction: 1000, areaDesc: 500, senderName: 200 } as const;

const SYSTEM = { actorId: null, actor: 'system' } as const;
const INCIDENT = /^[A-Za-z0-9._-]{1,100}$/;
// Text that could pass for markup, or that reorders or hides characters on screen (bidirectional overrides,
// zero-width joiners used to disguise), is refused rather than cleaned: we do not rewrite a partner's appeal.
const MARKUP = /<\s*\/?\s*[a-z!?]/i;
const HIDDEN_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069\u200B-\u200D\uFEFF]/u;

/** One language's facts of an offered alert, as the coordinator and (once relayed) the public see them. */
export interface OfferedInfo {
  language: string;
  headline: string;
  description: string | null;
  instruction: string | null;
  areaDesc: string | null;
  photoUri: string | null;
}

export interface CheckedAlertMessage {
  incident: string;
  identifier: string;
  sent: Date;
  capStatus: RelayCapStatus;
  msgType: 'Alert' | 'Update' | 'Cancel';
  ended: RelayEnd | null;
  senderName: string | null;
  expiresAt: Date | null;
  infos: OfferedInfo[];
  xml: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkText(text: string | undefined, name: keyof typeof RELAY_TEXT_LIMITS, where: string): string | null {
  if (text === undefined) return null;
  if (text.length > RELAY_TEXT_LIMITS[name]) return `${where}.${name} is longer than ${RELAY_TEXT_LIMITS[name]} characters`;
  if (HIDDEN_CHARACTERS.test(text.replace(/[\t\n\r]/g, ''))) return `${where}.${name} holds control or direction-changing characters`;
  if (MARKUP.test(text)) return `${where}.${name} holds markup`;
  return null;
}

/** The partner's host name (its record domain without a port): alerts must come from it. */
function originHost(partner: Pick<PartnerRow, 'record_domain'>): string | null {
  return partner.record_domain === null ? null : partner.record_domain.replace(/:\d+$/, '').toLowerCase();
}

/** The first photo the partner's message links to on its own site, if any. */
function photoOf(info: CapInfo, host: string): string | null {
  for (const resource of info.resources ?? []) {
    if (!resource.mimeType.startsWith('image/') || !resource.uri) continue;
    try {
      const url = new URL(resource.uri);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.toLowerCase() === host) return url.toString();
    } catch {
      // Not an address: no photo.
    }
  }
  return null;
}

function checkInfos(message: CapMessage, host: string, now: Date): OfferedInfo[] | string {
  if (message.info.length === 0) return 'the message has no info block';
  if (message.info.length > MAX_ALERT_LANGUAGES) return `the message has more than ${MAX_ALERT_LANGUAGES} info blocks`;
  const infos: OfferedInfo[] = [];
  for (const [index, info] of message.info.entries()) {
    const where = `info[${index}]`;
    try {
      Intl.getCanonicalLocales(info.language);
    } catch {
      return `${where}.language is not a BCP 47 language tag`;
    }
    if (!info.headline?.trim()) return `${where}.headline is missing`;
    const areaDesc = (info.areas ?? []).map((area) => area.areaDesc).join('; ') || null;
    for (const [name, text] of [
      ['headline', info.headline],
      ['description', info.description],
      ['instruction', info.instruction],
      ['senderName', info.senderName],
      ['areaDesc', areaDesc ?? undefined],
    ] as const) {
      const problem = checkText(text, name, where);
      if (problem) return problem;
    }
    if (message.msgType !== 'Cancel') {
      if (!info.expires) return `${where}.expires is missing: an alert offered to us must say when it ends`;
      if (info.expires.getTime() <= now.getTime()) return `${where}.expires has passed`;
      if (info.expires.getTime() > now.getTime() + MAX_EXPIRY_HOURS * 3_600_000)
        return `${where}.expires is more than ${MAX_EXPIRY_HOURS} hours ahead`;
    }
    infos.push({
      language: info.language,
      headline: info.headline,
      description: info.description ?? null,
      instruction: info.instruction ?? null,
      areaDesc,
      photoUri: photoOf(info, host),
    });
  }
  return infos;
}

/** Why one item of a partner's alert feed cannot be taken, or the message ready to store. */
export function checkAlertItem(item: unknown, partner: PartnerRow, now: Date): CheckedAlertMessage | string {
  if (!isRecord(item) || typeof item.cap !== 'string') return 'the item carries no CAP message';
  if (Buffer.byteLength(item.cap) > MAX_CAP_BYTES) return `the CAP message is larger than ${MAX_CAP_BYTES} bytes`;
  const ended = item.ended === undefined || item.ended === null ? null : item.ended;
  if (ended !== null && ended !== 'found' && ended !== 'cancelled' && ended !== 'expired')
    return 'ended is not found, cancelled or expired';
  let message: CapMessage;
  try {
    message = parseCapXml(item.cap);
  } catch (error) {
    if (!(error instanceof InvalidCapError)) throw error;
    // Only where the message breaks CAP, never the offending value (it may be personal data).
    return `the message is not valid CAP 1.2 (${error.message.split(':')[0]!.slice(0, 120)})`;
  }
  const host = originHost(partner);
  if (host === null) return "the partner has no record domain: an alert's origin cannot be checked";
  if (message.sender.split('@').at(-1)!.toLowerCase() !== host) return `the sender is not of the partner's domain (${host})`;
  if (message.scope !== 'Public') return 'the message is not for the public (scope)';
  if (message.msgType !== 'Alert' && message.msgType !== 'Update' && message.msgType !== 'Cancel')
    return `a ${message.msgType} is not an alert to relay`;
  const statuses: readonly string[] = relayStatusesFor(partner);
  if (!statuses.includes(message.status)) {
    return message.status === 'Actual'
      ? 'live alerts are not exchanged with this partner'
      : `a message of status ${message.status} is taken only from a partner in the exercise`;
  }
  const incident = message.incidents?.[0] ?? (typeof item.incident === 'string' ? item.incident : undefined);
  if (!incident || !INCIDENT.test(incident)) return 'the message names no incident we can keep it by';
  const infos = checkInfos(message, host, now);
  if (typeof infos === 'string') return infos;
  const expiries = message.info.flatMap((info) => (info.expires ? [info.expires.getTime()] : []));
  return {
    incident,
    identifier: message.identifier,
    sent: message.sent,
    capStatus: message.status as RelayCapStatus,
    msgType: message.msgType,
    ended: message.msgType === 'Cancel' ? (ended ?? 'cancelled') : null,
    senderName: message.info[0]?.senderName ?? message.source ?? null,
    expiresAt: expiries.length > 0 ? new Date(Math.min(...expiries)) : null,
    infos,
    xml: item.cap,
  };
}

export type OfferState = 'offered' | 'relayed' | 'declined' | 'withdrawn' | 'ended';
type StoredOffer = Row<'cra_offers', 'id' | 'message_identifier' | 'message_sent'> & { state: OfferState };

function newRelaySlug(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return Array.from(randomBytes(12), (b) => alphabet[b % alphabet.length]).join('');
}

/** Stores one checked message; returns what became of it. */
async function storeAlertMessage(
  tx: Queryable,
  partner: PartnerRow,
  message: CheckedAlertMessage,
  now: Date,
): Promise<'accepted' | 'unchanged' | 'withdrawn' | { refused: string }> {
  const { rows } = await tx.query<StoredOffer>(
    sql`SELECT id, state, message_identifier, message_sent FROM cra_offers WHERE partner_id = ${partner.id} AND incident = ${message.incident} FOR UPDATE`,
  );
  const stored = rows[0];
  if (stored && (stored.message_identifier === message.identifier || stored.message_sent.getTime() > message.sent.getTime()))
    return 'unchanged';
  if (stored && (stored.state === 'withdrawn' || stored.state === 'ended')) return { refused: 'the alert has already ended at its origin' };
  if (message.msgType === 'Cancel') {
    if (!stored) return 'unchanged'; // an alert we were never offered: nothing to withdraw
    const state: OfferState = stored.state === 'relayed' ? 'ended' : 'withdrawn';
    // Nothing of the child stays once it is over: the facts and the message go, the decision stays.
    await tx.query(
      sql`UPDATE cra_offers SET state = ${state}, message_identifier = ${message.identifier}, message_sent = ${message.sent}, infos = '[]'::jsonb,
                 cap_xml = NULL, relay_contents = '[]'::jsonb, ended_reason = ${message.ended}, ended_at = ${now}, received_at = ${now}
           WHERE id = ${stored.id}`,
    );
    await appendAudit(
      tx,
      {
        ...SYSTEM,
        action: `exchange.alert_${state}`,
        subjectType: 'cra_offer',
        subjectId: stored.id,
        details: { partner: partner.code, reason: message.ended },
      },
      now,
    );
    return 'withdrawn';
  }
  const infos = JSON.stringify(message.infos);
  if (stored) {
    await tx.query(
      sql`UPDATE cra_offers SET message_identifier = ${message.identifier}, message_sent = ${message.sent}, sender_name = ${message.senderName},
                 infos = ${infos}::jsonb, cap_xml = ${message.xml}, origin_expires_at = ${message.expiresAt}, received_at = ${now}
           WHERE id = ${stored.id}`,
    );
    return 'accepted';
  }
  const { rows: created } = await tx.query<Row<'cra_offers', 'id'>>(
    sql`INSERT INTO cra_offers (partner_id, incident, slug, cap_status, state, message_identifier, message_sent, sender_name, infos, cap_xml,
                                origin_expires_at, offered_at, received_at)
        VALUES (${partner.id}, ${message.incident}, ${newRelaySlug()}, ${message.capStatus}, 'offered', ${message.identifier}, ${message.sent},
                ${message.senderName}, ${infos}::jsonb, ${message.xml}, ${message.expiresAt}, ${now}, ${now})
        RETURNING id`,
  );
  await appendAudit(
    tx,
    {
      ...SYSTEM,
      action: 'exchange.alert_offered',
      subjectType: 'cra_offer',
      subjectId: created[0]!.id,
      details: { partner: partner.code, capStatus: message.capStatus },
    },
    now,
  );
  return 'accepted';
}

/** Imports a page of a partner's alert feed item by item; one refused item never stops the rest. The run is recorded. */
export async function importAlertFeedPage(db: Database, partner: PartnerRow, items: readonly unknown[], now: Date): Promise<ImportReport> {
  const report: ImportReport = { accepted: 0, unchanged: 0, refused: 0, withdrawn: 0, refusals: [] };
  const checked: { message: CheckedAlertMessage; index: number }[] = [];
  items.forEach((item, index) => {
    const result = checkAlertItem(item, partner, now);
    if (typeof result === 'string') report.refusals.push({ recordId: null, index, kind: 'alert', reason: result });
    else checked.push({ message: result, index });
  });
  if (checked.length > 0) {
    await db.transaction(async (tx) => {
      for (const { message, index } of checked) {
        const outcome = await storeAlertMessage(tx, partner, message, now);
        if (typeof outcome === 'string') report[outcome]++;
        else report.refusals.push({ recordId: message.identifier.slice(0, 200), index, kind: 'alert', reason: outcome.refused });
      }
    });
  }
  report.refused = report.refusals.length;
  await recordRun(db, partner.id, report, now);
  return report;
}
