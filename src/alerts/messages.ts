// Builds the CAP 1.2 message for a publication step of an alert, from the alert as it stands.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { formatDateTime } from '../i18n/dates.ts';
import { translator } from '../i18n/i18n.ts';
import { capAreasFor, resolveAlertArea } from './area.ts';
import { capReferenceOf, capSent, capToXml, childRescueInfo, type CapInfo, type CapMessage, type CapResource } from './cap.ts';
import { publicPhotoPath } from './public-photos.ts';
import { alertContents, alertMessages, alertPhotos, findAlert, type AlertRow } from './store.ts';
import { putOutboundAlertMessage, type RelayEnd } from '../exchange/alert-outbound.ts';

export interface BuiltMessage {
  identifier: string;
  sender: string;
  sent: Date;
  referencesText: string | null;
  xml: string;
}

/**
 * How long a Cancel stays current for the receivers that show it: every CAP info block carries expires
 * (Google's public alerts profile refuses one without), and a Cancel's says when the notice that the appeal
 * is over may be dropped.
 */
export const CANCEL_EXPIRES_MS = 24 * 3_600_000;
/** An Alert or Update whose alert has no expiry of its own (none should) is current for this long. */
const FALLBACK_EXPIRES_MS = 24 * 3_600_000;

export function capSender(publicUrl: string): string {
  return `alerts@${new URL(publicUrl).hostname}`;
}

export function appealUrl(publicUrl: string, slug: string, language?: string): string {
  return `${publicUrl}/appeals/${slug}${language ? `?lang=${encodeURIComponent(language)}` : ''}`;
}

export async function buildAlertMessage(
  db: Queryable,
  publicUrl: string,
  alert: AlertRow,
  msgType: 'Alert' | 'Update' | 'Cancel',
  note: string | null,
  now: Date,
): Promise<BuiltMessage> {
  const sender = capSender(publicUrl);
  const sent = new Date(capSent(now));
  const identifier = `${new URL(publicUrl).hostname}.cra.${randomUUID()}`;
  const earlier = await alertMessages(db, alert.id);
  const references = earlier.map((m) => capReferenceOf({ sender: m.sender, identifier: m.identifier, sent: m.sent }));
  const contents = await alertContents(db, alert.id);
  // Checked when it was saved; this runs inside the publishing transaction, so nothing heavy.
  const area = await resolveAlertArea(db, alert.area, undefined, { stored: true });
  const areas = await capAreasFor(db, area, alert.area_description, alert.jurisdiction_id);

  let info: CapInfo[];
  if (msgType === 'Cancel') {
    // A Cancel carries no detail about the child: only that the appeal is over, in each language, over the
    // same area as what it cancels (receivers match a Cancel to the alert they showed by its area too).
    const found = alert.withdrawal_reason === 'found_safe' || alert.withdrawal_reason === 'found';
    info = contents.map((content) => {
      const t = translator(content.language);
      return childRescueInfo({
        language: content.language,
        responseTypes: ['AllClear'],
        urgency: 'Past',
        severity: 'Minor',
        certainty: 'Observed',
        effective: sent,
        expires: new Date(sent.getTime() + CANCEL_EXPIRES_MS),
        senderName: alert.owning_organisation_name,
        headline: t(found ? 'cap.cancelFoundHeadline' : 'cap.cancelHeadline'),
        description: t('cap.cancelDescription'),
        web: appealUrl(publicUrl, alert.slug),
        areas,
      });
    });
  } else {
    const photos = (await alertPhotos(db, alert.id)).filter((p) => p.public_key);
    // Each language's block describes the photos in that language.
    const resourcesIn = (language: string): CapResource[] =>
      photos.map((p) => ({
        resourceDesc: translator(language)('cap.photoDescription'),
        mimeType: 'image/jpeg',
        size: p.public_bytes ?? undefined,
        uri: `${publicUrl}${publicPhotoPath(alert.slug, p.position)}`,
        digest: p.public_sha1 ?? undefined,
      }));
    info = contents.map((content) => {
      const t = translator(content.language);
      const facts = [
        t('cap.lastSeen', { place: alert.last_seen_place, time: formatDateTime(alert.last_seen_at, content.language) }),
        alert.vehicle ? t('cap.vehicle', { vehicle: alert.vehicle }) : '',
        alert.suspect ? t('cap.suspect', { suspect: alert.suspect }) : '',
      ].filter(Boolean);
      return childRescueInfo({
        language: content.language,
        responseTypes: ['Monitor'],
        effective: sent,
        expires: alert.expires_at ?? new Date(sent.getTime() + FALLBACK_EXPIRES_MS),
        senderName: alert.owning_organisation_name,
        headline: content.headline,
        description: `${content.description}\n\n${facts.join('\n')}`,
        instruction: content.instruction,
        contact: content.contact,
        web: appealUrl(publicUrl, alert.slug, content.language),
        parameters: [
          { valueName: 'SMS', value: content.smsText },
          { valueName: 'CellBroadcast', value: content.broadcastText },
        ],
        resources: resourcesIn(content.language),
        areas,
      });
    });
  }

  const message: CapMessage = {
    identifier,
    sender,
    sent,
    status: alert.cap_status,
    msgType,
    scope: 'Public',
    source: alert.owning_organisation_name,
    ...(note ? { note } : {}),
    ...(msgType !== 'Alert' && references.length > 0 ? { references } : {}),
    incidents: [alert.slug],
    info,
  };
  const xml = capToXml(message);
  const referencesText = references.length > 0 ? references.map((r) => `${r.sender},${r.identifier},${capSent(r.sent)}`).join(' ') : null;
  return { identifier, sender, sent, referencesText, xml };
}

/** Why an alert ended, as partners are told it: found (never how), cancelled or expired. */
function endOf(alert: Pick<AlertRow, 'state' | 'withdrawal_reason'>): RelayEnd {
  if (alert.state === 'expired') return 'expired';
  return alert.withdrawal_reason === 'found_safe' || alert.withdrawal_reason === 'found' ? 'found' : 'cancelled';
}

/**
 * Builds the next CAP message of an alert as it stands and stores it (messages are immutable once stored).
 * `sentBy` is the member of staff who caused it, or null for the system (an alert that expired).
 */
export async function publishAlertMessage(
  tx: Queryable,
  publicUrl: string,
  alertId: string,
  msgType: 'Alert' | 'Update' | 'Cancel',
  note: string | null,
  now: Date,
  sentBy: string | null,
): Promise<{ id: string; identifier: string }> {
  const alert = (await findAlert(tx, alertId))!;
  const message = await buildAlertMessage(tx, publicUrl, alert, msgType, note, now);
  const id = randomUUID();
  await tx.query(
    sql`INSERT INTO alert_messages (id, alert_id, identifier, sender, sent, msg_type, cap_status, references_text, note, xml, sent_by)
        VALUES (${id}, ${alertId}, ${message.identifier}, ${message.sender}, ${message.sent}, ${msgType}, ${alert.cap_status}, ${message.referencesText}, ${note},
                ${message.xml}, ${sentBy})`,
  );
  // Every message is offered to partner sites in the same transaction (src/exchange/ decides who may read it).
  await putOutboundAlertMessage(
    tx,
    { incident: alert.slug, capStatus: alert.cap_status, msgType, ended: msgType === 'Cancel' ? endOf(alert) : null, xml: message.xml },
    now,
  );
  return { id, identifier: message.identifier };
}
