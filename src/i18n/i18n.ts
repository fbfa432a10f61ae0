// Every string the public sees comes from a locale file (src/i18n/locales/<language>.json), through i18next.
// English is complete and the fallback; a test fails if another language misses a key.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';

/**
 * The public site's languages, in the order of its language menu: the one list. To add a language, put
 * its complete locale file in locales/ (with `site.languageName`, the language named in itself) and its
 * code here; right-to-left scripts are also named in RIGHT_TO_LEFT.
 */
export const SITE_LANGUAGES = ['en', 'cy', 'pl', 'ro', 'ar', 'ur', 'uk', 'pa', 'bn', 'so', 'fr', 'lt', 'pt', 'es'] as const;
export type SiteLanguage = (typeof SITE_LANGUAGES)[number];
export const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur']);

const LOCALES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales');

export function readLocale(language: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, `${language}.json`), 'utf8')) as Record<string, unknown>;
}

const i18n = i18next.createInstance();
void i18n.init({
  initAsync: false,
  resources: Object.fromEntries(SITE_LANGUAGES.map((language) => [language, { translation: readLocale(language) }])),
  fallbackLng: 'en',
  supportedLngs: [...SITE_LANGUAGES],
  // Pages escape everything they print themselves; double escaping would show "&amp;".
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function translator(language: string): TFunction {
  return i18n.getFixedT(isSiteLanguage(language) ? language : 'en');
}

export function isSiteLanguage(language: string): language is SiteLanguage {
  return (SITE_LANGUAGES as readonly string[]).includes(language);
}

export function isRightToLeft(language: string): boolean {
  return RIGHT_TO_LEFT.has(language.split('-')[0]!.toLowerCase());
}

/**
 * The best of `available` for an Accept-Language header (RFC 9110 quality values), matching on the
 * primary subtag too ("cy-GB" → "cy"); the first available language when nothing matches.
 */
export function negotiateLanguage(acceptLanguage: string | undefined, available: readonly string[]): string {
  const fallback = available[0] ?? 'en';
  if (!acceptLanguage) return fallback;
  const wanted = acceptLanguage
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of wanted) {
    const exact = available.find((lang) => lang.toLowerCase() === tag);
    if (exact) return exact;
    const primary = available.find((lang) => lang.toLowerCase().split('-')[0] === tag.split('-')[0]);
    if (primary) return primary;
  }
  return fallback;
}
