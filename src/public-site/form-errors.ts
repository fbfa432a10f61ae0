// What a public form answers when it refuses something before its own page can: too many submissions,
// a body too large or unreadable, a post from another site, a spent anti-spam check. A person gets a page
// in their language with a way back, never the API's problem+json. Routes opt in with `publicForm: true`
// in their config; every other route of the scope (the JSON API) is left to the site-wide handler.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from '../http/problem.ts';
import { translator } from '../i18n/i18n.ts';
import { page, sendPrivatePage } from './html.ts';
import { html } from '../http/html.ts';
import { readerLanguage } from './language.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A form people post from a page: refusals are answered with a page (form-errors.ts). */
    publicForm?: boolean;
  }
}

const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

type Reason = 'rateLimited' | 'tooLarge' | 'crossSite' | 'outOfDate' | 'notRead' | 'ourFault';

function reasonOf(status: number, kind: string | undefined): Reason {
  if (status === 429 || kind === 'rate-limited') return 'rateLimited';
  if (status === 413 || kind === 'too-large') return 'tooLarge';
  if (kind === 'cross-site') return 'crossSite';
  if (kind === 'proof-of-work') return 'outOfDate';
  if (status >= 500) return 'ourFault';
  return 'notRead';
}

/** Where "go back" leads: the page the form is on (for a post without one, the sign-up or home page). */
function backPath(request: FastifyRequest, language: string): string {
  const path = request.url.split('?')[0]!.replace(/\/(settings|remove-channel)$/, '');
  const page = path === '/alerts/confirm-code' ? '/alerts/sign-up' : path.startsWith('/') && !path.startsWith('//') ? path : '/';
  return `${page}?lang=${encodeURIComponent(language)}`;
}

export function renderFormErrorPage(language: string, reason: Reason, back: string): string {
  const t = translator(language);
  return page({
    language,
    title: t('formError.title'),
    head: html`<meta name="robots" content="noindex">`,
    body: html`<h1>${t('formError.title')}</h1>
<p>${t(`formError.${reason}`)}</p>
<p>${t('formError.emergency')}</p>
<p><a href="${back}">${t('formError.back')}</a></p>`,
  });
}

/**
 * A public address with nothing at it (an appeal never published, or not public): a page in the reader's
 * language with a way on, not the API's problem+json.
 */
export function sendNotFoundPage(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const language = readerLanguage(request);
  const t = translator(language);
  const body = page({
    language,
    title: t('site.notFoundTitle'),
    head: html`<meta name="robots" content="noindex">`,
    body: html`<h1>${t('site.notFoundTitle')}</h1>
<p>${t('site.notFound')}</p>
<p><a href="/appeals?lang=${encodeURIComponent(language)}">${t('nav.appeals')}</a></p>
<p>${t('formError.emergency')}</p>`,
  });
  return sendPrivatePage(reply, { status: 404, body, language, contentSecurityPolicy: CONTENT_SECURITY_POLICY });
}

/** Sends the page for a refused form post; the status stays what it was (429 keeps its Retry-After). */
function sendFormError(request: FastifyRequest, reply: FastifyReply, status: number, kind: string | undefined): FastifyReply {
  const language = readerLanguage(request);
  return sendPrivatePage(reply, {
    status,
    body: renderFormErrorPage(language, reasonOf(status, kind), backPath(request, language)),
    language,
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
  });
}

/** In this scope, routes with `publicForm` answer refusals with a page; others go on to the site-wide handler. */
export function installFormErrorPages(scope: FastifyInstance): void {
  scope.setErrorHandler((error: FastifyError, request, reply) => {
    if (!request.routeOptions.config.publicForm) throw error;
    if (error instanceof Problem) return sendFormError(request, reply, error.status, error.kind);
    let status = error.statusCode ?? 500;
    // Multipart parsing errors (no boundary, a truncated body) arrive without a status: the sender's fault.
    if (status === 500 && /boundary|unexpected end of (form|multipart)|multipart/i.test(error.message)) status = 400;
    if (status >= 500) {
      // The error's name and code only: its message and details can hold what the person typed.
      request.log.error({ errName: error.name, errCode: error.code }, 'public form request failed');
    }
    return sendFormError(request, reply, status, undefined);
  });
}
