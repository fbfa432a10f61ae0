// The public site: home, the gallery of missing children, appeal pages and their photos, support pages,
// and (from widget.ts) the partner widget. Server-rendered, cached briefly with ETags; appeal pages are
// checked against the alert's state on every request so nothing outlives a withdrawal.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { publicPhotoPath } from '../alerts/public-photos.ts';
import { publicAlertState } from '../alerts/public-state.ts';
import { alertContents, alertPhotos, findAlert, firstMessageSent, publicAppeal } from '../alerts/store.ts';
import { appealChild } from '../cases/store.ts';
import { negotiateLanguage } from '../i18n/i18n.ts';
import { AGE_BANDS, createAppealSnapshots, filterAppeals } from './active-appeals.ts';
import { renderAppealPage, renderEndedAppealPage } from './appeal-page.ts';
import { sendNotFoundPage } from './form-errors.ts';
import { cachedPage, type AppealCache, type CachedAppeal } from './appeal-cache.ts';
import { loadPoster } from './poster.ts';
import { posterLabelLanguage, posterQrSvg, posterQrTarget, renderPosterPage } from './poster-page.ts';
import { PAGE_MAX_AGE, sendCacheable, VARY } from './html.ts';
import { currentPathOf, readerLanguage, registerLanguageRoute } from './language.ts';
import { registerWidgetRoutes } from './widget.ts';
import { countryOptions, createLongTermSnapshots, filterLongTerm, registerLongTermRoutes } from './long-term-appeals.ts';
import { registerLegalRoutes } from './legal-pages.ts';
import { registerQuickExitRoute } from './quick-exit.ts';
import { createRelaySnapshots, filterRelays, registerRelayedAlertRoutes } from './relayed-alerts.ts';
import { renderGalleryPage, renderHomePage, renderSupportPage, type SupportPage } from './site-pages.ts';

const SUPPORT_MAX_AGE = 3600;
const HTML = 'text/html; charset=utf-8';
// Public pages: the one inline thing is the layout's <style>; scripts only as files from this site.
export const PUBLIC_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[0-9]{4}-[a-z0-9]{6,20}$' }) });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 35 })) });
const PhotoParams = Type.Object({ slug: SlugParams.properties.slug, file: Type.String({ pattern: '^[1-9][0-9]?\\.jpg$' }) });
const GalleryQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 35 })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  area: Type.Optional(Type.String({ maxLength: 64 })),
  age: Type.Optional(Type.String({ maxLength: 10 })),
  country: Type.Optional(Type.String({ maxLength: 2 })),
  page: Type.Optional(Type.String({ maxLength: 4, pattern: '^[0-9]*$' })),
});

/**
 * The language of the alert's text: the one asked for in the address if the alert has it, else the
 * reader's language if it has that, else the best of the browser's, else the alert's first language.
 */
function contentLanguage(request: FastifyRequest, asked: string | undefined, available: readonly string[], reader: string): string {
  if (asked && available.includes(asked)) return asked;
  const readers = available.find((lang) => lang.toLowerCase() === reader || lang.toLowerCase().split('-')[0] === reader);
  if (readers) return readers;
  return negotiateLanguage(request.headers['accept-language'], available);
}

export function registerPublicSiteRoutes(
  app: TypedApp,
  deps: Pick<AppDeps, 'db' | 'media' | 'clock' | 'config'>,
  appeals: AppealCache,
): void {
  const { db, config } = deps;

  const snapshots = createAppealSnapshots(db);
  appeals.onForget(() => snapshots.invalidate());
  registerLanguageRoute(app, { secureCookies: config.publicUrl.startsWith('https://') });
  registerLegalRoutes(app, deps);
  registerQuickExitRoute(app);

  async function renderAppeal(slug: string, alertId: string, language: string, languages: string[], reader: string): Promise<string> {
    const alert = (await findAlert(db, alertId))!;
    const contents = await alertContents(db, alertId);
    const photos = (await alertPhotos(db, alertId)).filter((p) => p.public_key);
    const firstSent = await firstMessageSent(db, alertId);
    const child = await appealChild(db, alert.case_id, alert.last_seen_at);
    return renderAppealPage(
      {
        slug,
        capStatus: alert.cap_status,
        content: contents.find((c) => c.language === language) ?? contents[0]!,
        languages,
        photoUrls: photos.map((p) => publicPhotoPath(slug, p.position)),
        lastSeenPlace: alert.last_seen_place,
        lastSeenAt: alert.last_seen_at,
        vehicle: alert.vehicle,
        suspect: alert.suspect,
        issuedAt: firstSent ?? alert.approved_at ?? alert.updated_at,
        updatedAt: alert.updated_at,
        organisationName: alert.owning_organisation_name,
        childName: child.name,
        age: child.age,
        readerLanguage: reader,
      },
      config.publicUrl,
    );
  }
  const ended = (request: FastifyRequest, reply: FastifyReply, reason: Parameters<typeof renderEndedAppealPage>[0]) => {
    const language = readerLanguage(request);
    reply.header('Content-Security-Policy', PUBLIC_CSP).header('Content-Language', language);
    return sendCacheable(
      request,
      reply,
      renderEndedAppealPage(reason, language, currentPathOf(request)),
      HTML,
      PAGE_MAX_AGE,
      410,
      undefined,
      VARY,
    );
  };

  const sendPage = (request: FastifyRequest, reply: FastifyReply, language: string, body: string, maxAge = PAGE_MAX_AGE) => {
    reply.header('Content-Security-Policy', PUBLIC_CSP).header('Content-Language', language);
    return sendCacheable(request, reply, body, HTML, maxAge, 200, undefined, VARY);
  };

  app.get('/', { config: { access: 'public' }, schema: { hide: true, querystring: LangQuery } }, async (request, reply) => {
    const now = deps.clock();
    const language = readerLanguage(request);
    const live = filterAppeals(await snapshots.current(now), {}, now);
    return sendPage(request, reply, language, renderHomePage(language, live, currentPathOf(request)));
  });

  const supportPage = (which: SupportPage) => async (request: FastifyRequest, reply: FastifyReply) => {
    const language = readerLanguage(request);
    return sendPage(request, reply, language, renderSupportPage(language, which, currentPathOf(request)), SUPPORT_MAX_AGE);
  };
  app.get(
    '/support/running-away',
    { config: { access: 'public' }, schema: { hide: true, querystring: LangQuery } },
    supportPage('runningAway'),
  );
  app.get('/support/families', { config: { access: 'public' }, schema: { hide: true, querystring: LangQuery } }, supportPage('families'));

  registerWidgetRoutes(app, deps, snapshots);
  const longTerm = createLongTermSnapshots(db);
  registerLongTermRoutes(app, deps, PUBLIC_CSP);
  const relays = createRelaySnapshots(db);
  registerRelayedAlertRoutes(app, deps, PUBLIC_CSP);

  app.get('/appeals', { config: { access: 'public' }, schema: { hide: true, querystring: GalleryQuery } }, async (request, reply) => {
    const raw = request.query;
    const now = deps.clock();
    const language = readerLanguage(request);
    const snapshot = await snapshots.current(now);
    const longTermAppeals = await longTerm.current(now);
    const countries = countryOptions(longTermAppeals, language);
    const query = {
      q: (raw.q ?? '').trim(),
      area: snapshot.jurisdictions.some((j) => j.code === raw.area) ? raw.area! : '',
      age: (AGE_BANDS as readonly string[]).includes(raw.age ?? '') ? raw.age! : '',
      country: countries.some((c) => c.value === raw.country) ? raw.country! : '',
      page: Math.max(1, Number(raw.page) || 1),
    };
    // The country chooses among long-term appeals (ours and partners'); live alerts are all this site's own.
    const matches = filterAppeals(snapshot, query, now);
    const longTermMatches = filterLongTerm(longTermAppeals, query, snapshot.jurisdictions);
    const relayedMatches = filterRelays(await relays.current(now), query);
    return sendPage(
      request,
      reply,
      language,
      renderGalleryPage(language, {
        query,
        matches,
        jurisdictions: snapshot.jurisdictions,
        path: currentPathOf(request),
        longTerm: { matches: longTermMatches, countries },
        relayed: relayedMatches,
      }),
    );
  });

  /** The appeal behind a public address, from the cache or the database; undefined if it is not public. */
  async function currentAppeal(slug: string, now: Date): Promise<CachedAppeal | undefined> {
    const cached = appeals.get(slug, now);
    if (cached) return cached;
    const state = await publicAlertState(db, { slug }, now);
    if (!state || state.hidden) return undefined;
    const { languages, expiresAt } = await publicAppeal(db, state.id);
    const appeal: CachedAppeal = { state, expiresAt, languages, pages: new Map() };
    appeals.set(slug, appeal, now);
    return appeal;
  }

  app.get(
    '/appeals/:slug',
    { config: { access: 'public' }, schema: { hide: true, params: SlugParams, querystring: LangQuery } },
    async (request, reply) => {
      const { slug } = request.params;
      const appeal = await currentAppeal(slug, deps.clock());
      if (!appeal) return sendNotFoundPage(request, reply);
      if (appeal.state.ended) return ended(request, reply, appeal.state.ended);
      const reader = readerLanguage(request);
      const language = contentLanguage(request, request.query.lang, appeal.languages, reader);
      const key = `${reader}|${language}`;
      let rendered = appeal.pages.get(key);
      if (!rendered) {
        rendered = cachedPage(await renderAppeal(slug, appeal.state.id, language, appeal.languages, reader));
        appeal.pages.set(key, rendered);
      }
      reply.header('Content-Language', reader).header('Content-Security-Policy', PUBLIC_CSP);
      return sendCacheable(request, reply, rendered.body, HTML, PAGE_MAX_AGE, 200, rendered.etag, VARY);
    },
  );

  // The printable poster: kept beside the appeal's pages in the same cache entry, so whatever forgets the
  // appeal (a withdrawal) forgets its posters too, and answered as the appeal page once the appeal ends.
  app.get(
    '/appeals/:slug/poster',
    { config: { access: 'public' }, schema: { hide: true, params: SlugParams, querystring: LangQuery } },
    async (request, reply) => {
      const { slug } = request.params;
      const appeal = await currentAppeal(slug, deps.clock());
      if (!appeal) return sendNotFoundPage(request, reply);
      if (appeal.state.ended) return ended(request, reply, appeal.state.ended);
      const language = contentLanguage(request, request.query.lang, appeal.languages, readerLanguage(request));
      const key = `poster|${language}`;
      let rendered = appeal.pages.get(key);
      if (!rendered) {
        const poster = await loadPoster(db, slug, appeal.state.id, language, appeal.languages);
        if (!poster) return sendNotFoundPage(request, reply);
        rendered = cachedPage(
          renderPosterPage(poster, config.publicUrl, await posterQrSvg(posterQrTarget(config.publicUrl, slug, language, appeal.languages))),
        );
        appeal.pages.set(key, rendered);
      }
      reply.header('Content-Language', posterLabelLanguage(language)).header('Content-Security-Policy', PUBLIC_CSP);
      return sendCacheable(request, reply, rendered.body, HTML, PAGE_MAX_AGE, 200, rendered.etag, VARY);
    },
  );

  app.get(
    '/appeals/:slug/photos/:file',
    { config: { access: 'public' }, schema: { hide: true, params: PhotoParams } },
    async (request, reply) => {
      const { slug, file } = request.params;
      const state = await publicAlertState(db, { slug }, deps.clock());
      if (!state || state.hidden) return reply.callNotFound();
      if (state.ended) return ended(request, reply, state.ended);
      const position = Number(file.split('.')[0]) - 1;
      const photo = (await alertPhotos(db, state.id)).find((p) => p.position === position && p.public_key);
      const stored = photo?.public_key ? await deps.media.get(photo.public_key) : undefined;
      if (!stored) return reply.callNotFound();
      return sendCacheable(request, reply, stored.bytes, stored.contentType, PAGE_MAX_AGE);
    },
  );
}
