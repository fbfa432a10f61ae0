// Builds the CAP 1.2 message for a publication step of an alert, from the alert as it stands.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { formatDateTime } from '../i18n/dates.ts';
import { translator } from '../i18n/i18n.ts';
import { capAreasFor, resolveAlertArea } from './area.ts';
import { capReferenceOf, capSent, capToXml, childRescueInfo, type CapInfo, type CapMessage, type CapResource } from './cap.ts';
import { publicPhotoPath } from './public-photos.ts';
import { alertContents, alertMessages, alertPhotos, type AlertRow } from './store.ts';

export interface BuiltMessage {
  identifier: string;
  sender: string;
  sent: Date;
  referencesText: string | null;
  xml: string;
}

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
  const area = await resolveAlertArea(db, alert.area);
  const areas = await capAreasFor(db, area, alert.area_description, alert.jurisdiction_id);

  let info: CapInfo[];
  if (msgType === 'Cancel') {
    const { rows: jurisdictions } = await db.query<{ name: string }>('SELECT name FROM jurisdictions WHERE id = $1', [alert.jurisdiction_id]);
    const jurisdictionName = jurisdictions[0]?.name ?? alert.owning_organisation_name;
    // A Cancel carries no detail about the child: only that the appeal is over, in each language.
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
        senderName: alert.owning_organisation_name,
        headline: t(found ? 'cap.cancelFoundHeadline' : 'cap.cancelHeadline'),
        description: t('cap.cancelDescription'),
        web: appealUrl(publicUrl, alert.slug),
        // Not the drawn area around the last-seen place: only the force area it was issued in.
        areas: [{ areaDesc: jurisdictionName }],
      });
    });
  } else {
    const photos = await alertPhotos(db, alert.id);
    const resources: CapResource[] = photos
      .filter((p) => p.public_key)
      .map((p) => ({
        resourceDesc: 'Photo of the missing child',
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
        expires: alert.expires_at ?? undefined,
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
        resources,
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
