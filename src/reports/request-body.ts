// Reads a submission from a request: a JSON body (the API) or multipart/form-data (the forms, and the API
// with files). Text fields only as strings; files as bytes with their field name, limits enforced while reading.
import type { FastifyRequest } from 'fastify';
import { Problem } from '../http/problem.ts';
import { MAX_ATTACHMENT_BYTES, type ReceivedFile } from './attachments.ts';
import { unsafeTextReason } from '../http/input-safety.ts';
import type { FieldProblem, SubmissionFields } from './submissions.ts';

export interface SubmissionBody {
  fields: SubmissionFields;
  links: string[];
  files: ReceivedFile[];
  /** Multipart fields whose text cannot be stored (NUL, unpaired surrogates): left out of `fields`, answered as problems. */
  refused: FieldProblem[];
}

const MAX_FIELD_BYTES = 16 * 1024;
/** The JSON body of a submission without files. */
export const JSON_BODY_LIMIT = 32 * 1024;

export async function readSubmissionBody(
  request: FastifyRequest,
  options: { maxFiles: number; fileFields: readonly string[] },
): Promise<SubmissionBody> {
  const fields: SubmissionFields = Object.create(null) as SubmissionFields;
  const links: string[] = [];
  const files: ReceivedFile[] = [];
  const refused: FieldProblem[] = [];
  if (request.isMultipart()) {
    const parts = request.parts({
      limits: {
        fileSize: MAX_ATTACHMENT_BYTES,
        files: options.maxFiles,
        fields: 40,
        fieldSize: MAX_FIELD_BYTES,
        parts: 40 + options.maxFiles,
      },
    });
    try {
      for await (const part of parts) {
        // The same check as every other input's (the preValidation hook cannot see a stream's parts).
        const reason =
          unsafeTextReason(part.fieldname) ??
          (part.type === 'file' ? undefined : typeof part.value === 'string' ? unsafeTextReason(part.value) : undefined);
        if (reason) {
          if (part.type === 'file') await part.toBuffer();
          if (refused.length < 5)
            refused.push({
              field: /^[a-z0-9_]{1,40}$/.test(part.fieldname) ? part.fieldname : 'form',
              detail: `The text ${reason}.`,
              key: 'textUnreadable',
            });
          continue;
        }
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          // An empty file input still sends a part: it means no file.
          if (bytes.length > 0 && options.fileFields.includes(part.fieldname)) files.push({ field: part.fieldname, bytes });
        } else if (typeof part.value === 'string') {
          if (/^link[1-9]$/.test(part.fieldname)) links.push(part.value);
          else if (!(part.fieldname in fields)) fields[part.fieldname] = part.value;
        }
      }
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw new Problem(413, 'too-large', 'File too large', 'Each file must be at most 10 MB.');
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
        throw new Problem(413, 'too-large', 'Too many parts', `Send at most ${options.maxFiles} file(s).`);
      throw error;
    }
    return { fields, links, files, refused };
  }
  const body = request.body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === 'string') fields[key] = value;
      else if (typeof value === 'number' && Number.isFinite(value)) fields[key] = String(value);
      else if (key === 'links' && Array.isArray(value)) for (const link of value) if (typeof link === 'string') links.push(link);
    }
    // The API names things as JSON does; the form as HTML forms do.
    const renamed: Record<string, string> = {
      idempotencyKey: 'idempotency_key',
      seenAt: 'seen_at',
      contactName: 'contact_name',
      contactPhone: 'contact_phone',
      contactEmail: 'contact_email',
      powId: 'pow_id',
      powNonce: 'pow_nonce',
      placeChoice: 'place_choice',
    };
    for (const [from, to] of Object.entries(renamed)) if (fields[from] !== undefined && fields[to] === undefined) fields[to] = fields[from];
  }
  return { fields, links, files, refused };
}
