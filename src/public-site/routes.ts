// The public site's appeal pages, their photos and the list of active appeals. Server-rendered, cached
// briefly with ETags, and checked against the alert's state on every request so nothing outlives a withdrawal.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { publicPhotoPath } from '../alerts/public-photos.ts';
import { publicAlertState } from '../alerts/public-state.ts';
import { alertContents, alertPhotos, findAlert } from '../alerts/store.ts';
import { isRightToLeft, negotiateLanguage, translator } from '../i18n/i18n.ts';
import { AGE_BANDS, contentFor, createAppealSnapshots, filterAppeals } from './active-appeals.ts';
import { formatWhen, renderAppealPage, renderEndedAppealPage } from './appeal-page.ts';
import { cachedPage, type AppealCache } from './appeal-cache.ts';
import { sendCacheable } from './html.ts';
import { currentPathOf, readerLanguage, registerLanguageRoute, withLanguage } from './language.ts';
import { renderGalleryPage, renderHomePage, renderSupportPage, type SupportPage } from './site-pages.ts';

// Short enough that a withdrawn appeal leaves every cache within a minute.
const PAGE_MAX_AGE = 30;
const SUPPORT_MAX_AGE = 3600;
const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
// Pages whose language may come from the menu's cookie as well as the browser.
const VARY = 'Accept-Language, Cookie';
const WIDGET_MAX_ITEMS = 24;
const ASSETS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
// Public pages: the one inline thing is the layout's <style>; scripts only as files from this site.
export const PUBLIC_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The language of the alert's text: the one asked for in the address if the alert has it, else the
 * reader's language if it has that, else the best of the browser's, else the alert's first language.
 */
function contentLanguage(request: FastifyRequest, available: readonly string[], reader: string): string {
  const asked = (request.query as { lang?: string }).lang;
  if (asked && available.includes(asked)) return asked;
  const readers = available.find((lang) => lang.toLowerCase() === reader || lang.toLowerCase().split('-')[0] === reader);
  if (readers) return readers;
  return negotiateLanguage(request.headers['accept-language'], available);
}

const WidgetItem = Type.Object({
  slug: Type.String(),
  url: Type.String(),
  sightingUrl: Type.String(),
  capStatus: Type.Union([Type.Literal('Actual'), Type.Literal('Exercise'), Type.Literal('Test')]),
  language: Type.String(),
  headline: Type.String(),
  lastSeenPlace: Type.String(),
  lastSeenAt: Type.String({ format: 'date-time' }),
  lastSeenWhen: Type.String(),
  photoUrl: Type.Union([Type.String(), Type.Null()]),
});
const WidgetResponse = Type.Object({
  language: Type.String(),
  direction: Type.Union([Type.Literal('ltr'), Type.Literal('rtl')]),
  allUrl: Type.String(),
  labels: Type.Object({
    kicker: Type.String(),
    title: Type.String(),
    none: Type.String(),
    lastSeen: Type.String(),
    sighting: Type.String(),
    all: Type.String(),
    exercise: Type.String(),
    test: Type.String(),
  }),
  items: Type.Array(WidgetItem),
});

export function registerPublicSiteRoutes(app: FastifyInstance, deps: Pick<AppDeps, 'db' | 'media' | 'clock' | 'config'>, appeals: AppealCache): void {
  const { db, config } = deps;

  const snapshots = createAppealSnapshots(db);
  appeals.onForget(() => snapshots.invalidate());
  registerLanguageRoute(app, { secureCookies: config.publicUrl.startsWith('https://') });
  const widgetScript = fs.readFileSync(path.join(ASSETS_DIR, 'widget.js'));

  async function renderAppeal(slug: string, alertId: string, language: string, languages: string[], reader: string): Promise<string> {
    const alert = (await findAlert(db, alertId))!;
    const contents = await alertContents(db, alertId);
    const photos = (await alertPhotos(db, alertId)).filter((p) => p.public_key);
    const { rows: issued } = await db.query<{ sent: Date }>(`SELECT min(sent) AS sent FROM alert_messages WHERE alert_id = $1`, [alertId]);
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
        issuedAt: issued[0]?.sent ?? alert.approved_at ?? alert.updated_at,
        updatedAt: alert.updated_at,
        organisationName: alert.owning_organisation_name,
        readerLanguage: reader,
      },
      config.publicUrl,
    );
  }
  const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[0-9]{4}-[a-z0-9]{6,20}$' }) });
  const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 35 })) });

  const GalleryQuery = Type.Object({
    lang: Type.Optional(Type.String({ maxLength: 35 })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    area: Type.Optional(Type.String({ maxLength: 64 })),
    age: Type.Optional(Type.String({ maxLength: 10 })),
    page: Type.Optional(Type.String({ maxLength: 4, pattern: '^[0-9]*$' })),
  });
  const WidgetQuery = Type.Object({
    lang: Type.Optional(Type.String({ maxLength: 35 })),
    area: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: WIDGET_MAX_ITEMS })),
  });

  const ended = (request: FastifyRequest, reply: FastifyReply, reason: Parameters<typeof renderEndedAppealPage>[0]) => {
    const language = readerLanguage(request);
    reply.header('Content-Security-Policy', PUBLIC_CSP).header('Content-Language', language);
    return sendCacheable(request, reply, renderEndedAppealPage(reason, language, currentPathOf(request)), HTML, PAGE_MAX_AGE, 410, undefined, VARY);
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
  app.get('/support/running-away', { config: { access: 'public' }, schema: { hide: true, querystring: LangQuery } }, supportPage('runningAway'));
  app.get('/support/families', { config: { access: 'public' }, schema: { hide: true, querystring: LangQuery } }, supportPage('families'));

  // --- The widget for partner websites ------------------------------------------------------------------

  app.get('/widget.js', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.header('Cache-Control', 'public, max-age=3600').header('Cross-Origin-Resource-Policy', 'cross-origin').header('Access-Control-Allow-Origin', '*').type(JS).send(widgetScript),
  );

  app.get(
    '/api/v1/public/appeals',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public'],
        summary: 'The live appeals of an area, for the widget on partner websites',
        description:
          'Only active appeals, with public fields only. `area` is a jurisdiction code (a force area, or a country for all of its force areas); ' +
          '`lang` one of the site languages (the appeal text is in that language where the alert has it, else its first language). ' +
          'Cacheable for 30 seconds; CORS allows any origin to read it.',
        querystring: WidgetQuery,
        response: { 200: WidgetResponse },
        security: [],
      },
    },
    async (request, reply) => {
      const { area, limit } = request.query as { area?: string; limit?: number };
      const now = deps.clock();
      const language = readerLanguage(request);
      const t = translator(language);
      const snapshot = await snapshots.current(now);
      const items = filterAppeals(snapshot, area ? { area } : {}, now)
        .slice(0, limit ?? 6)
        .map((appeal) => {
          const content = contentFor(appeal, language);
          return {
            slug: appeal.slug,
            url: `${config.publicUrl}${withLanguage(`/appeals/${appeal.slug}`, language)}`,
            sightingUrl: `${config.publicUrl}${withLanguage(`/appeals/${appeal.slug}/sighting`, language)}`,
            capStatus: appeal.capStatus,
            language: content.language,
            headline: content.headline,
            lastSeenPlace: appeal.lastSeenPlace,
            lastSeenAt: appeal.lastSeenAt.toISOString(),
            lastSeenWhen: formatWhen(appeal.lastSeenAt, language),
            photoUrl: appeal.photoPosition === null ? null : `${config.publicUrl}${publicPhotoPath(appeal.slug, appeal.photoPosition)}`,
          };
        });
      const body = JSON.stringify({
        language,
        direction: isRightToLeft(language) ? 'rtl' : 'ltr',
        allUrl: `${config.publicUrl}${withLanguage(area ? `/appeals?area=${encodeURIComponent(area)}` : '/appeals', language)}`,
        labels: {
          kicker: t('appeal.kicker'),
          title: t('widget.title'),
          none: t('widget.none'),
          lastSeen: t('appeal.lastSeen'),
          sighting: t('appeal.reportSighting'),
          all: t('widget.all'),
          exercise: t('appeal.exerciseShort'),
          test: t('appeal.testShort'),
        },
        items,
      });
      reply.header('Access-Control-Allow-Origin', '*').header('Cross-Origin-Resource-Policy', 'cross-origin');
      return sendCacheable(request, reply, body, 'application/json; charset=utf-8', PAGE_MAX_AGE, 200, undefined, VARY);
    },
  );

  app.get('/appeals', { config: { access: 'public' }, schema: { hide: true, querystring: GalleryQuery } }, async (request, reply) => {
    const raw = request.query as { q?: string; area?: string; age?: string; page?: string };
    const now = deps.clock();
    const language = readerLanguage(request);
    const snapshot = await snapshots.current(now);
    const query = {
      q: (raw.q ?? '').trim(),
      area: snapshot.jurisdictions.some((j) => j.code === raw.area) ? raw.area! : '',
      age: (AGE_BANDS as readonly string[]).includes(raw.age ?? '') ? raw.age! : '',
      page: Math.max(1, Number(raw.page) || 1),
    };
    const matches = filterAppeals(snapshot, query, now);
    return sendPage(request, reply, language, renderGalleryPage(language, { query, matches, jurisdictions: snapshot.jurisdictions, path: currentPathOf(request) }));
  });

  app.get(
    '/appeals/:slug',
    { config: { access: 'public' }, schema: { hide: true, params: SlugParams, querystring: LangQuery } },
    async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const now = deps.clock();
      let appeal = appeals.get(slug, now);
      if (!appeal) {
        const state = await publicAlertState(db, { slug }, now);
        if (!state || state.hidden) return reply.callNotFound();
        const { rows } = await db.query<{ language: string; expires_at: Date | null }>(
          'SELECT c.language, a.expires_at FROM alert_contents c JOIN alerts a ON a.id = c.alert_id WHERE c.alert_id = $1 ORDER BY c.position',
          [state.id],
        );
        appeal = { state, expiresAt: rows[0]?.expires_at ?? null, languages: rows.map((r) => r.language), pages: new Map() };
        appeals.set(slug, appeal, now);
      }
      if (appeal.state.ended) return ended(request, reply, appeal.state.ended);
      const reader = readerLanguage(request);
      const language = contentLanguage(request, appeal.languages, reader);
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

  app.get(
    '/appeals/:slug/photos/:file',
    { config: { access: 'public' }, schema: { hide: true, params: Type.Object({ slug: SlugParams.properties.slug, file: Type.String({ pattern: '^[1-9][0-9]?\\.jpg$' }) }) } },
    async (request, reply) => {
      const { slug, file } = request.params as { slug: string; file: string };
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
