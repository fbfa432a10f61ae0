// A requested change to a live alert as the approver sees it: each field it alters, as it is and as it
// would be, so that the decision is made on the words and the reach, not on trust.
import type { Queryable } from '../db/database.ts';
import type { AlertContentInput, ChangeDifference, PendingChangeView } from './schemas.ts';
import { alertContents, alertPhotos, type AlertChangeRow, type AlertRow } from './store.ts';

const CONTENT_FIELDS = ['headline', 'description', 'instruction', 'contact', 'smsText', 'broadcastText'] as const;

/** Every field that differs between the live text and the proposed one, language by language. */
export function contentDifferences(before: readonly AlertContentInput[], after: readonly AlertContentInput[]): ChangeDifference[] {
  const differences: ChangeDifference[] = [];
  const languages = [...new Set([...before.map((c) => c.language), ...after.map((c) => c.language)])];
  for (const language of languages) {
    const old = before.find((c) => c.language === language);
    const proposed = after.find((c) => c.language === language);
    for (const field of CONTENT_FIELDS) {
      const was = old?.[field] ?? '';
      const will = proposed?.[field] ?? '';
      if (was !== will) differences.push({ field: `/contents/${language}/${field}`, before: was, after: will });
    }
  }
  return differences;
}

export async function pendingChangeView(db: Queryable, alert: AlertRow, change: AlertChangeRow): Promise<PendingChangeView> {
  const differences: ChangeDifference[] = [];
  if (change.contents) differences.push(...contentDifferences(await alertContents(db, alert.id), change.contents));
  if (change.area) {
    const description = change.area_description ?? alert.area_description;
    if (description !== alert.area_description)
      differences.push({ field: '/area/description', before: alert.area_description, after: description });
    if (change.area.national !== alert.area.national)
      differences.push({ field: '/area/national', before: String(alert.area.national), after: String(change.area.national) });
    const codes = (list: readonly string[]) => [...list].sort().join(', ');
    if (codes(change.area.jurisdictionCodes) !== codes(alert.area.jurisdictionCodes)) {
      differences.push({
        field: '/area/jurisdictionCodes',
        before: codes(alert.area.jurisdictionCodes),
        after: codes(change.area.jurisdictionCodes),
      });
    }
    if (JSON.stringify(change.area.parts) !== JSON.stringify(alert.area.parts)) {
      differences.push({ field: '/area/parts', before: String(alert.area.parts.length), after: String(change.area.parts.length) });
    }
  }
  if (change.photo_ids) {
    const current = (await alertPhotos(db, alert.id)).map((p) => p.photo_id).join(' ');
    const proposed = change.photo_ids.join(' ');
    if (current !== proposed) differences.push({ field: '/photos', before: current, after: proposed });
  }
  return {
    id: change.id,
    note: change.note,
    requestedBy: change.requested_by_email,
    requestedAt: change.requested_at.toISOString(),
    differences,
    contents: change.contents,
    area: change.area ? { ...change.area, description: change.area_description ?? alert.area_description } : null,
    photoIds: change.photo_ids,
  };
}
