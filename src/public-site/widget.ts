// The appeals widget for partner websites: one script tag, and the public JSON it reads. Only what an
// appeal publishes, cacheable for the same 30 seconds as the pages, readable from any origin.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { publicPhotoPath } from '../alerts/public-photos.ts';
import { isRightToLeft, translator } from '../i18n/i18n.ts';
import { contentFor, filterAppeals, type AppealSnapshots } from './active-appeals.ts';
import { formatWhen } from './appeal-page.ts';
import { PAGE_MAX_AGE, sendCacheable, VARY } from './html.ts';
import { readerLanguage, withLanguage } from './language.ts';

const JS = 'text/javascript; charset=utf-8';
const WIDGET_MAX_ITEMS = 24;
const ASSETS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');

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

const WidgetQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 35 })),
  area: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: WIDGET_MAX_ITEMS })),
});

export function registerWidgetRoutes(app: TypedApp, deps: Pick<AppDeps, 'clock' | 'config'>, snapshots: AppealSnapshots): void {
  const { config } = deps;
  const widgetScript = fs.readFileSync(path.join(ASSETS_DIR, 'widget.js'));

  app.get('/widget.js', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('Cache-Control', 'public, max-age=3600')
      .header('Cross-Origin-Resource-Policy', 'cross-origin')
      .header('Access-Control-Allow-Origin', '*')
      .type(JS)
      .send(widgetScript),
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
      const { area, limit } = request.query;
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
}
