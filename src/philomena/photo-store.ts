// Data access for the photos of Philomena profiles (owner of philomena_photos). The callers have checked that the
// actor reaches the profile.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import type { PhotoVariant } from '../media/photos.ts';

export type ProfilePhotoRow = Row<'philomena_photos', 'id' | 'caption' | 'taken_on' | 'width' | 'height' | 'uploaded_by' | 'created_at'> & {
  variants: Record<PhotoVariant, string>;
};

export async function insertProfilePhoto(
  db: Queryable,
  photo: {
    profileId: string;
    caption: string;
    takenOn: string | null;
    width: number;
    height: number;
    variants: Record<PhotoVariant, string>;
    by: string;
  },
  now: Date,
): Promise<string> {
  const { rows } = await db.query<Row<'philomena_photos', 'id'>>(
    sql`INSERT INTO philomena_photos (profile_id, caption, taken_on, width, height, variants, uploaded_by, created_at)
        VALUES (${photo.profileId}, ${photo.caption}, ${photo.takenOn}::date, ${photo.width}, ${photo.height},
                ${JSON.stringify(photo.variants)}::jsonb, ${photo.by}, ${now})
        RETURNING id`,
  );
  return rows[0]!.id;
}

/** The profile's photos not removed, the most recent first (by the day taken, else the upload). */
export async function profilePhotosOf(db: Queryable, profileId: string): Promise<ProfilePhotoRow[]> {
  const { rows } = await db.query<ProfilePhotoRow>(
    sql`SELECT id, caption, taken_on, width, height, variants, uploaded_by, created_at FROM philomena_photos
         WHERE profile_id = ${profileId} AND removed_at IS NULL
         ORDER BY coalesce(taken_on, (created_at AT TIME ZONE 'Europe/London')::date) DESC, created_at DESC, id`,
  );
  return rows;
}

/** The stored files of a photo of the profile that has not been removed, or undefined. */
export async function profilePhotoVariants(
  db: Queryable,
  profileId: string,
  photoId: string,
): Promise<Record<PhotoVariant, string> | undefined> {
  const { rows } = await db.query<{ variants: Record<PhotoVariant, string> }>(
    sql`SELECT variants FROM philomena_photos WHERE id = ${photoId} AND profile_id = ${profileId} AND removed_at IS NULL`,
  );
  return rows[0]?.variants;
}

/** Marks a photo removed and returns its stored files, or undefined if there was none to remove. */
export async function markProfilePhotoRemoved(
  db: Queryable,
  profileId: string,
  photoId: string,
  now: Date,
): Promise<Record<PhotoVariant, string> | undefined> {
  const { rows } = await db.query<{ variants: Record<PhotoVariant, string> }>(
    sql`UPDATE philomena_photos SET removed_at = ${now}
         WHERE id = ${photoId} AND profile_id = ${profileId} AND removed_at IS NULL RETURNING variants`,
  );
  return rows[0]?.variants;
}
