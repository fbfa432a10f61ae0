// The photos an appeal shows the public: copies of the staff photo's page-size variant (already
// re-encoded without EXIF or GPS), one per alert, deleted the moment the appeal ends.
import { photoFiles } from '../cases/appeal-photos.ts';
import type { Queryable } from '../db/database.ts';
import type { MediaStore } from '../media/media-store.ts';
import { capDigest } from './cap.ts';

export interface PreparedPhoto {
  photoId: string;
  key: string;
  bytes: number;
  sha1: string;
}

export async function preparePublicPhotos(db: Queryable, media: MediaStore, photoIds: readonly string[]): Promise<PreparedPhoto[]> {
  if (photoIds.length === 0) return [];
  const rows = await photoFiles(db, photoIds);
  const prepared: PreparedPhoto[] = [];
  try {
    for (const row of rows) {
      const file = await media.get(row.variants.page ?? '');
      if (!file) continue;
      const key = await media.put(file.bytes, file.contentType);
      prepared.push({ photoId: row.id, key, bytes: file.bytes.length, sha1: capDigest(file.bytes) });
    }
  } catch (error) {
    await removePublicPhotos(
      media,
      prepared.map((p) => p.key),
    );
    throw error;
  }
  return prepared;
}

export async function removePublicPhotos(media: MediaStore, keys: readonly string[]): Promise<void> {
  await Promise.all(keys.map((key) => media.remove(key)));
}

export function publicPhotoPath(slug: string, position: number): string {
  return `/appeals/${slug}/photos/${position + 1}.jpg`;
}
