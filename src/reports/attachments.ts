// Files the public sends with a sighting or report. The type is read from the bytes, never the name; the
// original is kept exactly as sent (EXIF and GPS included: evidence for investigators), never served publicly.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { MAX_PHOTO_PIXELS } from '../media/photos.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const IMAGE_TYPES: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

export interface ReceivedFile {
  field: string;
  bytes: Buffer;
}

export interface CheckedAttachment {
  bytes: Buffer;
  contentType: string;
  sha256: string;
}

export type AttachmentCheck = { ok: true; attachment: CheckedAttachment } | { ok: false; detail: string };

/** A JPEG, PNG or WebP photo of at most 10 MB and 40 megapixels, identified by its bytes. */
export async function checkPhotoAttachment(bytes: Buffer): Promise<AttachmentCheck> {
  if (bytes.length === 0) return { ok: false, detail: 'The file is empty.' };
  if (bytes.length > MAX_ATTACHMENT_BYTES) return { ok: false, detail: 'The file is larger than 10 MB.' };
  let format: string | undefined;
  let pixels: number;
  try {
    // The header only: a decompression bomb is measured, never decoded.
    const metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
    format = metadata.format;
    pixels = metadata.width * metadata.height;
  } catch {
    return { ok: false, detail: 'The file is not a photo we can read. Send a JPEG, PNG or WebP photo.' };
  }
  const contentType = format ? IMAGE_TYPES[format] : undefined;
  if (!contentType) return { ok: false, detail: 'The file is not a JPEG, PNG or WebP photo.' };
  if (pixels > MAX_PHOTO_PIXELS) return { ok: false, detail: 'The photo is larger than 40 megapixels.' };
  return { ok: true, attachment: { bytes, contentType, sha256: createHash('sha256').update(bytes).digest('hex') } };
}
