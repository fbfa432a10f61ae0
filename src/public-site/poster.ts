// What a poster prints, read through the alerts domain: the alert's text in one of its languages, its first
// published photo (the copy made for the public, already without metadata), and the child's name and age.
import type { Queryable } from '../db/database.ts';
import { publicPhotoPath } from '../alerts/public-photos.ts';
import { alertContents, alertPhotos, findAlert } from '../alerts/store.ts';
import { appealChild } from '../cases/store.ts';
import type { AppealForPoster } from './poster-page.ts';

export async function loadPoster(
  db: Queryable,
  slug: string,
  alertId: string,
  language: string,
  languages: string[],
): Promise<AppealForPoster | undefined> {
  const alert = await findAlert(db, alertId);
  const contents = await alertContents(db, alertId);
  const content = contents.find((c) => c.language === language) ?? contents[0];
  if (!alert || !content) return undefined;
  // The same name and age as the appeal page shows, from the one function that reads them from the case.
  const child = await appealChild(db, alert.case_id, alert.last_seen_at);
  const photo = (await alertPhotos(db, alertId)).find((p) => p.public_key);
  return {
    slug,
    capStatus: alert.cap_status,
    content,
    languages,
    photoUrl: photo ? publicPhotoPath(slug, photo.position) : undefined,
    childName: child.name,
    age: child.age,
    lastSeenPlace: alert.last_seen_place,
    lastSeenAt: alert.last_seen_at,
    vehicle: alert.vehicle,
    suspect: alert.suspect,
    organisationName: alert.owning_organisation_name,
    issuedAt: alert.approved_at ?? alert.updated_at,
  };
}
