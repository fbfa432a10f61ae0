// Photos of children: the type is read from the bytes (never the file name), the pixel count is capped
// before decoding (decompression bombs), and every stored variant is re-encoded without metadata, so
// EXIF, GPS and camera details never leave the upload.
import sharp from 'sharp';
import { Problem } from '../http/problem.ts';
import type { MediaStore } from './media-store.ts';

export const ACCEPTED_PHOTO_FORMATS = ['jpeg', 'png', 'webp'] as const;
// 40 megapixels: above any phone camera, far below what a bomb expands to.
export const MAX_PHOTO_PIXELS = 40_000_000;

/** Longest side in pixels of each stored variant. */
export const PHOTO_VARIANTS = { full: 2048, page: 800, thumb: 240 } as const;
export type PhotoVariant = keyof typeof PHOTO_VARIANTS;

export interface StoredPhoto {
  width: number;
  height: number;
  variants: Record<PhotoVariant, string>;
}

const unusable = (detail: string) => new Problem(422, 'unusable-photo', 'The photo cannot be used', detail);

export async function storePhoto(media: MediaStore, upload: Buffer): Promise<StoredPhoto> {
  let format: string | undefined;
  let width: number;
  let height: number;
  try {
    // Reads the header only, so a bomb is measured before anything is decoded.
    const metadata = await sharp(upload, { limitInputPixels: false }).metadata();
    format = metadata.format;
    // The orientation tag swaps the sides of photos taken in portrait.
    const rotated = (metadata.orientation ?? 1) >= 5;
    width = rotated ? metadata.height : metadata.width;
    height = rotated ? metadata.width : metadata.height;
  } catch {
    throw unusable('The file is not an image we can read. Send a JPEG, PNG or WebP photo.');
  }
  if (!format || !(ACCEPTED_PHOTO_FORMATS as readonly string[]).includes(format)) {
    throw unusable(`The file is ${format}; send a JPEG, PNG or WebP photo.`);
  }
  if (width * height > MAX_PHOTO_PIXELS) {
    throw unusable(`The image is ${width}×${height} pixels; the limit is ${MAX_PHOTO_PIXELS / 1_000_000} megapixels.`);
  }

  const encoded: Partial<Record<PhotoVariant, Buffer>> = {};
  try {
    for (const [variant, side] of Object.entries(PHOTO_VARIANTS) as [PhotoVariant, number][]) {
      // rotate() applies the EXIF orientation; without withMetadata() sharp writes no EXIF, XMP or ICC GPS data.
      encoded[variant] = await sharp(upload, { limitInputPixels: MAX_PHOTO_PIXELS })
        .rotate()
        .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: variant === 'thumb' ? 75 : 85, mozjpeg: true })
        .toBuffer();
    }
  } catch {
    throw unusable('The image is damaged or truncated and could not be decoded.');
  }

  const variants = {} as Record<PhotoVariant, string>;
  const stored: string[] = [];
  try {
    for (const variant of Object.keys(PHOTO_VARIANTS) as PhotoVariant[]) {
      variants[variant] = await media.put(encoded[variant]!, 'image/jpeg');
      stored.push(variants[variant]);
    }
  } catch (error) {
    await Promise.all(stored.map((key) => media.remove(key).catch(() => undefined)));
    throw error;
  }
  return { width, height, variants };
}

/**
 * New copies of a photo's stored files, for a record of another owner (a profile's photo carried into a case), so
 * that removing either photo leaves the other whole. On any failure no copy is left behind.
 */
export async function copyPhotoVariants(media: MediaStore, variants: Record<PhotoVariant, string>): Promise<Record<PhotoVariant, string>> {
  const copies = {} as Record<PhotoVariant, string>;
  try {
    for (const variant of Object.keys(PHOTO_VARIANTS) as PhotoVariant[]) {
      const file = await media.get(variants[variant]);
      if (!file) throw new Error(`the ${variant} file of a photo is missing from the media store`);
      copies[variant] = await media.put(file.bytes, file.contentType);
    }
  } catch (error) {
    await removePhotoVariants(media, copies).catch(() => undefined);
    throw error;
  }
  return copies;
}

export async function removePhotoVariants(media: MediaStore, variants: Record<string, string>): Promise<void> {
  await Promise.all(Object.values(variants).map((key) => media.remove(key)));
}
