// Which language a public page is in, and the menu that changes it. Every public route asks
// `readerLanguage`, the one place the choice is made, in order: `?lang=` in the address (every link of the
// site and of its emails carries it, so a page's address alone decides its language and caches stay simple),
// a language the person chose and we stored (a subscriber's, on their own pages), the `lang` cookie set by
// the menu (for addresses typed or shared bare), then the browser's Accept-Language, then English. The menu
// is plain links through /language/{code}, which sets the cookie and sends the reader back to the page they
// were on: no JavaScript needed. The languages themselves are the one list SITE_LANGUAGES (src/i18n/i18n.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { isSiteLanguage, negotiateLanguage, SITE_LANGUAGES, translator, type SiteLanguage } from '../i18n/i18n.ts';

export const LANGUAGE_COOKIE = 'lang';
const COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3600;
/** Longest return path the menu accepts (a gallery search with its filters fits easily). */
export const MAX_RETURN_PATH = 512;

/** Each language named in itself (`site.languageName` of its own locale file), for the language menus. */
export const LANGUAGE_NAMES: Record<SiteLanguage, string> = Object.fromEntries(
  SITE_LANGUAGES.map((language) => [language, translator(language)('site.languageName')]),
) as Record<SiteLanguage, string>;

/**
 * The reader's language among the site's: the address, then `stored` (a language the person chose on a
 * form and we kept), then the menu's cookie, then the browser, then English.
 */
export function readerLanguage(request: FastifyRequest, stored?: string): SiteLanguage {
  // Any route asks, so its query is whatever that route validated, or nothing.
  const query: unknown = request.query;
  const asked = typeof query === 'object' && query !== null && 'lang' in query ? query.lang : undefined;
  if (typeof asked === 'string' && isSiteLanguage(asked)) return asked;
  if (stored && isSiteLanguage(stored)) return stored;
  // Null on a request refused before routing (a malformed address): the cookie hook never ran.
  const remembered = (request.cookies as FastifyRequest['cookies'] | null)?.[LANGUAGE_COOKIE];
  if (remembered && isSiteLanguage(remembered)) return remembered;
  return negotiateLanguage(request.headers['accept-language'], SITE_LANGUAGES) as SiteLanguage;
}

/** `path` with `lang` set to `language` (any earlier `lang` replaced), the rest of its query kept. */
export function withLanguage(path: string, language: string): string {
  const [pathname = '/', query = ''] = path.split('?', 2);
  const params = new URLSearchParams(query);
  params.set('lang', language);
  return `${pathname}?${params.toString()}`;
}

/**
 * A path on this site to send the reader back to, or '/' when `next` is anything else: an absolute URL,
 * a protocol-relative `//host`, a backslash some browsers read as a slash, control characters.
 */
export function safeReturnPath(next: string | undefined): string {
  if (!next || next.length > MAX_RETURN_PATH) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  for (let i = 0; i < next.length; i++) if (next.charCodeAt(i) < 0x20 || next.charCodeAt(i) === 0x7f) return '/';
  return next;
}

/** The href of a language menu entry: through /language/{code}, back to `currentPath`. */
export function languageSwitchHref(language: string, currentPath: string): string {
  const [pathname = '/', query = ''] = currentPath.split('?', 2);
  const params = new URLSearchParams(query);
  params.delete('lang');
  const rest = params.toString();
  return `/language/${language}?next=${encodeURIComponent(rest ? `${pathname}?${rest}` : pathname)}`;
}

/** The page's address as the menu should return to it: path and query, at most MAX_RETURN_PATH long. */
export function currentPathOf(request: FastifyRequest): string {
  const url = request.url.length > MAX_RETURN_PATH ? request.url.split('?')[0]! : request.url;
  return safeReturnPath(url);
}

const LanguageParams = Type.Object({ language: Type.String({ maxLength: 10 }) });
const ReturnQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2048 })) });

export function registerLanguageRoute(app: FastifyInstance, options: { secureCookies: boolean }): void {
  app.get<{ Params: Static<typeof LanguageParams>; Querystring: Static<typeof ReturnQuery> }>(
    '/language/:language',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        params: LanguageParams,
        querystring: ReturnQuery,
      },
    },
    async (request, reply) => {
      const { language } = request.params;
      const next = safeReturnPath(request.query.next);
      if (!isSiteLanguage(language)) return reply.redirect(next, 303);
      reply.setCookie(LANGUAGE_COOKIE, language, {
        path: '/',
        maxAge: COOKIE_MAX_AGE_SECONDS,
        sameSite: 'lax',
        httpOnly: true,
        secure: options.secureCookies,
      });
      return reply.header('Cache-Control', 'no-store').redirect(withLanguage(next, language), 303);
    },
  );
}
