// A long-term appeal as the PFIF person record partners receive, and the note that says the child was found.
// Only what the public appeal shows: the name as published, sex, age, the country, the appeal's text and its
// public address and photo. Never an address, never a reporter's contact.
import type { OutboundRecord } from '../exchange/outbound.ts';
import type { AppealRow } from './store.ts';

/** The domain of this site's PFIF record ids: the host of its public address. */
export function pfifDomain(publicUrl: string): string {
  return new URL(publicUrl).host;
}

export function appealPersonRecordId(publicUrl: string, appealId: string): string {
  return `${pfifDomain(publicUrl)}/person.${appealId}`;
}

export function appealPublicPath(slug: string): string {
  return `/missing/${slug}`;
}

export function appealPersonRecord(publicUrl: string, appeal: AppealRow, photoPosition: number | null): OutboundRecord {
  const description = appeal.contents.map((content) => `[${content.language}] ${content.headline}\n${content.description}`).join('\n\n');
  const fields: Record<string, string> = {
    author_name: pfifDomain(publicUrl),
    source_name: pfifDomain(publicUrl),
    source_url: `${publicUrl}${appealPublicPath(appeal.slug)}`,
    full_name: appeal.full_name,
    description: `Missing since ${appeal.missing_since.slice(0, 7)}.\n\n${description}`,
    home_country: appeal.country,
  };
  if (appeal.sex !== 'unknown') fields.sex = appeal.sex;
  if (appeal.age_when_missing !== null) fields.age = String(appeal.age_when_missing);
  if (photoPosition !== null) fields.photo_url = `${publicUrl}${appealPublicPath(appeal.slug)}/photos/${photoPosition + 1}.jpg`;
  return {
    recordId: appealPersonRecordId(publicUrl, appeal.id),
    kind: 'person',
    personRecordId: appealPersonRecordId(publicUrl, appeal.id),
    sourceDate: appeal.updated_at,
    expiryDate: null,
    fields,
  };
}

export function appealFoundNote(publicUrl: string, appealId: string, now: Date, alive: boolean): OutboundRecord {
  return {
    recordId: `${pfifDomain(publicUrl)}/note.${appealId}.found`,
    kind: 'note',
    personRecordId: appealPersonRecordId(publicUrl, appealId),
    sourceDate: now,
    expiryDate: null,
    fields: {
      author_name: pfifDomain(publicUrl),
      author_made_contact: 'true',
      ...(alive ? { status: 'believed_alive' } : {}),
      text: alive ? 'Found. This appeal is withdrawn.' : 'This appeal is withdrawn.',
    },
  };
}
