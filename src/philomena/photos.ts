// Recent photos of the child on a Philomena profile: uploaded by the profile's writer, re-encoded without metadata
// by the same code as a case's photos (src/media/photos.ts), seen through an audited route by those who reach the
// profile, and carried into the case made from it.
import type { AppDeps } from '../app-deps.ts';
import { philomenaReach } from '../auth/access.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { insertPhoto } from '../cases/store.ts';
import type { Queryable } from '../db/database.ts';
import { invalid, notFound } from '../http/problem.ts';
import { copyPhotoVariants, removePhotoVariants, storePhoto, type PhotoVariant } from '../media/photos.ts';
import { requireProfile, requireWriter } from './actions.ts';
import { ukDate } from '../i18n/dates.ts';
import { insertProfilePhoto, markProfilePhotoRemoved, profilePhotosOf, profilePhotoVariants } from './photo-store.ts';
import type { ProfilePhotoView } from './schemas.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'media'>;

const photoUrl = (profileId: string, photoId: string, variant: PhotoVariant) =>
  `/api/v1/philomena-profiles/${profileId}/photos/${photoId}/${variant}`;

/** The day a photo was taken, as the writer gives it: a calendar date, not in the future. */
function checkTakenOn(takenOn: string | undefined, now: Date): string | null {
  if (!takenOn) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(takenOn) || Number.isNaN(Date.parse(`${takenOn}T00:00:00Z`)))
    throw invalid('/body/takenOn', 'must be a date (YYYY-MM-DD)', { code: 'format' });
  if (takenOn > ukDate(now)) throw invalid('/body/takenOn', 'cannot be in the future', { code: 'future' });
  return takenOn;
}

/** The profile's photos as its readers see them, the most recent first. */
export async function profilePhotoViews(db: Queryable, profileId: string): Promise<ProfilePhotoView[]> {
  return (await profilePhotosOf(db, profileId)).map((row) => ({
    id: row.id,
    caption: row.caption,
    takenOn: row.taken_on,
    width: row.width,
    height: row.height,
    createdAt: row.created_at.toISOString(),
    urls: {
      thumb: photoUrl(profileId, row.id, 'thumb'),
      page: photoUrl(profileId, row.id, 'page'),
      full: photoUrl(profileId, row.id, 'full'),
    },
  }));
}

/** Re-encodes and stores a photo on the writer's profile; on any failure no file or row is left behind. */
export async function addProfilePhoto(
  deps: Deps,
  actor: Actor,
  profileId: string,
  photo: { upload: Buffer; caption: string; takenOn?: string | undefined },
): Promise<ProfilePhotoView> {
  const reach = philomenaReach(actor, 'philomena:write');
  requireWriter(reach, await requireProfile(deps.db, reach, profileId));
  const takenOn = checkTakenOn(photo.takenOn, deps.clock());
  const stored = await storePhoto(deps.media, photo.upload);
  const now = deps.clock();
  try {
    const photoId = await deps.db.transaction(async (tx) => {
      requireWriter(reach, await requireProfile(tx, reach, profileId, true));
      const id = await insertProfilePhoto(
        tx,
        {
          profileId,
          caption: photo.caption,
          takenOn,
          width: stored.width,
          height: stored.height,
          variants: stored.variants,
          by: actor.userId,
        },
        now,
      );
      await appendAudit(
        tx,
        {
          ...auditActor(actor),
          action: 'philomena.photo_added',
          subjectType: 'philomena_profile',
          subjectId: profileId,
          details: { photoId: id },
        },
        now,
      );
      return id;
    });
    return {
      id: photoId,
      caption: photo.caption,
      takenOn,
      width: stored.width,
      height: stored.height,
      createdAt: now.toISOString(),
      urls: {
        thumb: photoUrl(profileId, photoId, 'thumb'),
        page: photoUrl(profileId, photoId, 'page'),
        full: photoUrl(profileId, photoId, 'full'),
      },
    };
  } catch (error) {
    await removePhotoVariants(deps.media, stored.variants).catch(() => undefined);
    throw error;
  }
}

/** Removes a photo from the writer's profile (audited), then its stored files. */
export async function removeProfilePhoto(deps: Deps, actor: Actor, profileId: string, photoId: string): Promise<void> {
  const reach = philomenaReach(actor, 'philomena:write');
  const now = deps.clock();
  const variants = await deps.db.transaction(async (tx) => {
    requireWriter(reach, await requireProfile(tx, reach, profileId, true));
    const removed = await markProfilePhotoRemoved(tx, profileId, photoId, now);
    if (!removed) throw notFound('That photo');
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'philomena.photo_removed',
        subjectType: 'philomena_profile',
        subjectId: profileId,
        details: { photoId },
      },
      now,
    );
    return removed;
  });
  await removePhotoVariants(deps.media, variants);
}

/** The stored file of a photo of a profile the actor reaches (the same 404 otherwise); its viewing audited. */
export async function openProfilePhoto(
  db: Queryable,
  actor: Actor,
  photo: { profileId: string; photoId: string; variant: PhotoVariant },
  now: Date,
): Promise<string> {
  const { profileId, photoId, variant } = photo;
  await requireProfile(db, philomenaReach(actor, 'philomena:read'), profileId);
  const variants = await profilePhotoVariants(db, profileId, photoId);
  if (!variants) throw notFound('That photo');
  await appendAudit(
    db,
    {
      ...auditActor(actor),
      action: 'philomena.photo_viewed',
      subjectType: 'philomena_profile',
      subjectId: profileId,
      details: { photoId, variant },
    },
    now,
  );
  return variants[variant];
}

export interface CarriedPhoto {
  caption: string;
  width: number;
  height: number;
  variants: Record<PhotoVariant, string>;
  by: string;
}

/**
 * Copies of the profile's photos for the case about to be made from it: the case owns its own files, so that
 * removing a photo from either leaves the other whole. A photo that cannot be copied is left behind rather than
 * holding up the case of a missing child. `discard` removes the copies if the case is not made.
 */
export async function copyPhotosForCase(
  deps: Pick<AppDeps, 'db' | 'media'>,
  profileId: string,
): Promise<{ photos: CarriedPhoto[]; discard: () => Promise<void> }> {
  const photos: CarriedPhoto[] = [];
  for (const row of await profilePhotosOf(deps.db, profileId)) {
    try {
      const variants = await copyPhotoVariants(deps.media, row.variants);
      photos.push({ caption: row.caption, width: row.width, height: row.height, variants, by: row.uploaded_by });
    } catch {
      // copyPhotoVariants leaves no partial copy behind.
    }
  }
  const discard = async () => {
    await Promise.all(photos.map((photo) => removePhotoVariants(deps.media, photo.variants).catch(() => undefined)));
  };
  return { photos, discard };
}

/** Records the copied photos on the new case's child (inside the transaction that makes the case). */
export async function recordCarriedPhotos(
  db: Queryable,
  made: { childId: string; caseId: string },
  photos: CarriedPhoto[],
  now: Date,
): Promise<string[]> {
  const ids: string[] = [];
  for (const photo of photos) ids.push(await insertPhoto(db, { ...made, ...photo }, now));
  return ids;
}
