// A photo upload as staff send it: multipart/form-data with the file in "photo" and an optional "caption". Every
// text part is checked as any other input is (the preValidation hook cannot see a stream's parts). The bytes
// are checked and re-encoded by src/media/photos.ts, not here.
import type { FastifyRequest } from 'fastify';
import { unsafeTextReason } from './input-safety.ts';
import { invalid, Problem } from './problem.ts';

const CAPTION_LENGTH = 500;

/** The photo and caption of a multipart upload, and its other text fields (each checked) by name. */
export async function readPhotoUpload(
  request: FastifyRequest,
): Promise<{ upload: Buffer; caption: string; fields: Record<string, string> }> {
  if (!request.isMultipart())
    throw new Problem(
      415,
      'unsupported-media-type',
      'Send multipart/form-data',
      'Upload the photo as multipart/form-data in a field named "photo".',
    );
  let upload: Buffer | undefined;
  let caption = '';
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    const unsafe =
      unsafeTextReason(part.fieldname) ??
      (part.type === 'field' && typeof part.value === 'string' ? unsafeTextReason(part.value) : undefined);
    if (unsafe)
      throw invalid(
        part.fieldname === 'caption' ? '/body/caption' : '/body',
        `the ${part.fieldname === 'caption' ? 'caption' : 'form'} ${unsafe}`,
      );
    if (part.type === 'file') {
      if (part.fieldname !== 'photo') throw invalid('/body/photo', `unexpected file field "${part.fieldname}"; name it "photo"`);
      upload = await part.toBuffer();
    } else if (part.fieldname === 'caption') {
      caption = String(part.value).slice(0, CAPTION_LENGTH);
    } else if (typeof part.value === 'string') {
      fields[part.fieldname] = part.value.slice(0, CAPTION_LENGTH);
    }
  }
  if (!upload || upload.length === 0) throw invalid('/body/photo', 'no photo was sent');
  return { upload, caption, fields };
}
