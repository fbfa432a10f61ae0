// Which language a public page is in, and the menu that changes it. The choice is, in order: `?lang=` in
// the address (every link of the site carries it, so a page's address alone decides its language and
// caches stay simple), the `lang` cookie set by the menu (for addresses typed or shared bare), then the
// browser's Accept-Language. The menu is plain links through /language/{code}, which sets the cookie and
// sends the reader back to the page they were on: no JavaScript needed.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { isSiteLanguage, negotiateLanguage, SITE_LANGUAGES, type SiteLanguage } from '../i18n/i18n.ts';

export const LANGUAGE_COOKIE = 'lang';
const COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3600;
/** Longest return path the menu accepts (a gallery search with its filters fits easily). */
export const MAX_RETURN_PATH = 512;

/** Each language named in itself, for the language menu. */
export const LANGUAGE_NAMES: Record<SiteLanguage, string> = {
  en: 'English',
  cy: 'Cymraeg',
  pl: 'Polski',
  ro: 'Română',
  ar: 'العربية',
  uk: 'Українська',
  pa: 'ਪੰਜਾਬੀ',
  bn: 'বাংলা',
  so: 'Soomaali',
  fr: 'Français',
  lt: 'Lietuvių',
  pt: 'Português',
  es: 'Español',
};

/** The reader's language among the site's: address, then cookie, then browser. */
export function readerLanguage(request: FastifyRequest): SiteLanguage {
  const asked = (request.query as { lang?: unknown } | undefined)?.lang;
  if (typeof asked === 'string' && isSiteLanguage(asked)) return asked;
  const remembered = request.cookies?.[LANGUAGE_COOKIE];
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

export function registerLanguageRoute(app: FastifyInstance, options: { secureCookies: boolean }): void {
  app.get(
    '/language/:language',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        params: Type.Object({ language: Type.String({ maxLength: 10 }) }),
        querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 2048 })) }),
      },
    },
    async (request, reply) => {
      const { language } = request.params as { language: string };
      const next = safeReturnPath((request.query as { next?: string }).next);
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
