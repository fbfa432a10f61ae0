// The privacy notice every public form links to, and the way to this program's source code that the
// AGPL asks a network service to offer its users (the footer's "Source code", which leads to SOURCE_URL).
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { translator } from '../i18n/i18n.ts';
import { page, sendCacheable, VARY } from './html.ts';
import { html } from '../http/html.ts';
import { readerLanguage } from './language.ts';

const PRIVACY_MAX_AGE = 3600;
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

export function renderPrivacyPage(language: string): string {
  const t = translator(language);
  const k = (key: string) => t(`legal.privacy.${key}`);
  return page({
    language,
    title: `${k('title')} · ${t('site.name')}`,
    path: '/privacy',
    body: html`<article class="support">
<h1>${k('title')}</h1>
<h2>${k('whoTitle')}</h2><p>${k('who')}</p>
<h2>${k('whatTitle')}</h2><p>${k('what')}</p><p>${k('photos')}</p><p>${k('alerts')}</p>
<h2>${k('howLongTitle')}</h2><p>${k('howLong')}</p>
<h2>${k('rightsTitle')}</h2><p>${k('rights')}</p><p>${k('complain')}</p>
<h2>${k('contactTitle')}</h2><p>${k('contact')}</p>
<h2>${k('deviceTitle')}</h2><p>${k('device')}</p>
</article>`,
  });
}

/** The link every public form carries to the privacy notice, in the reader's language. */
export function privacyNoticeLink(language: string) {
  return html`<p class="hint"><a href="/privacy?lang=${encodeURIComponent(language)}">${translator(language)('legal.formLink')}</a></p>`;
}

export function registerLegalRoutes(app: FastifyInstance, deps: Pick<AppDeps, 'config'>): void {
  app.get('/privacy', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const language = readerLanguage(request);
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY).header('Content-Language', language);
    return sendCacheable(request, reply, renderPrivacyPage(language), 'text/html; charset=utf-8', PRIVACY_MAX_AGE, 200, undefined, VARY);
  });
  app.get('/source', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.header('Cache-Control', 'public, max-age=3600').redirect(deps.config.sourceUrl, 302),
  );
}
