// What the sighting and report routes share: how their pages are sent, and how a form's answer is chosen.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readerLanguage } from '../public-site/language.ts';
import { sendPrivatePage } from '../public-site/html.ts';
import type { SubmissionFields } from './submissions.ts';
import type { FormValues } from './form-page.ts';

// Scripts and the proof-of-work worker from this site only; the one inline thing is the layout's <style>.
export const INTAKE_CSP =
  "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
export const HTML = 'text/html; charset=utf-8';

/** A new idempotency key, printed into each form as it is rendered (so the page is never cached). */
export function newIdempotencyKey(): string {
  return randomBytes(18).toString('base64url');
}

/** The reader's language: `?lang=`, then the language menu's cookie, then the browser's. */
export function pageLanguage(request: FastifyRequest): string {
  return readerLanguage(request);
}

/** The form's script asks for JSON (to keep its draft until it has a reference); a plain form post gets HTML. */
export function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** Pages with what a person typed in them: never cached, never framed; a blank form may be indexed. */
export function sendIntakePage(reply: FastifyReply, status: number, body: string, language: string, options: { indexable?: boolean } = {}) {
  return sendPrivatePage(reply, { status, body, language, contentSecurityPolicy: INTAKE_CSP, ...options });
}

/** What to print back into the form: what was typed, cut to a sane length (printing escapes it). */
export function echoValues(fields: SubmissionFields, links: readonly string[] = []): FormValues {
  const values: FormValues = {};
  for (const [key, value] of Object.entries(fields))
    if (typeof value === 'string' && key !== 'pow_id' && key !== 'pow_nonce' && key !== 'website') values[key] = value.slice(0, 4000);
  links.slice(0, 5).forEach((link, index) => (values[`link${index + 1}`] = link.slice(0, 2000)));
  return values;
}

export function powFields(fields: SubmissionFields): { id: string | undefined; nonce: string | undefined } | undefined {
  const id = (fields.pow_id ?? '').trim();
  const nonce = (fields.pow_nonce ?? '').trim();
  return id === '' && nonce === '' ? undefined : { id, nonce };
}
