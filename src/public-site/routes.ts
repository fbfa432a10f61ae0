// The public site's appeal pages, their photos and the list of active appeals. Server-rendered, cached
// briefly with ETags, and checked against the alert's state on every request so nothing outlives a withdrawal.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { publicPhotoPath } from '../alerts/public-photos.ts';
import { publicAlertState } from '../alerts/public-state.ts';
import { alertContents, alertPhotos, findAlert } from '../alerts/store.ts';
import { isSiteLanguage, negotiateLanguage, SITE_LANGUAGES } from '../i18n/i18n.ts';
import { renderAppealList, renderAppealPage, renderEndedAppealPage } from './appeal-page.ts';
import { cachedPage, type AppealCache } from './appeal-cache.ts';
import { sendCacheable } from './html.ts';

// Short enough that a withdrawn appeal leaves every cache within a minute.
const PAGE_MAX_AGE = 30;
const HTML = 'text/html; charset=utf-8';

function requestedLanguage(request: FastifyRequest, available: readonly string[]): string {
  const asked = (request.query as { lang?: string }).lang;
  if (asked && available.includes(asked)) return asked;
  return negotiateLanguage(request.headers['accept-language'], available);
}

function siteLanguage(request: FastifyRequest): string {
  const asked = (request.query as { lang?: string }).lang;
  return asked && isSiteLanguage(asked) ? asked : negotiateLanguage(request.headers['accept-language'], SITE_LANGUAGES);
}

export function registerPublicSiteRoutes(app: FastifyInstance, deps: Pick<AppDeps, 'db' | 'media' | 'clock' | 'config'>, appeals: AppealCache): void {
  const { db, config } = deps;

  async function renderAppeal(slug: string, alertId: string, language: string, languages: string[]): Promise<string> {
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
        photoUrls: photos.map((p) => `${config.publicUrl}${publicPhotoPath(slug, p.position)}`),
        lastSeenPlace: alert.last_seen_place,
        lastSeenAt: alert.last_seen_at,
        vehicle: alert.vehicle,
        suspect: alert.suspect,
        issuedAt: issued[0]?.sent ?? alert.approved_at ?? alert.updated_at,
        updatedAt: alert.updated_at,
        organisationName: alert.owning_organisation_name,
      },
      config.publicUrl,
    );
  }
  const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[0-9]{4}-[a-z0-9]{6,20}$' }) });
  const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 35 })) });

  const ended = (request: FastifyRequest, reply: FastifyReply, reason: Parameters<typeof renderEndedAppealPage>[0]) =>
    sendCacheable(request, reply, renderEndedAppealPage(reason, siteLanguage(request)), HTML, PAGE_MAX_AGE, 410);

  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/appeals'));

  app.get(
    '/appeals',
    { config: { access: 'public' }, schema: { hide: true, querystring: LangQuery } },
    async (request, reply) => {
      const now = deps.clock();
      const { rows } = await db.query<{ slug: string; cap_status: string; headline: string; has_photo: boolean }>(
        `SELECT a.slug, a.cap_status,
                (SELECT headline FROM alert_contents c WHERE c.alert_id = a.id ORDER BY position LIMIT 1) AS headline,
                EXISTS (SELECT 1 FROM alert_photos p WHERE p.alert_id = a.id AND p.position = 0 AND p.public_key IS NOT NULL) AS has_photo
           FROM alerts a WHERE a.state = 'active' AND (a.expires_at IS NULL OR a.expires_at > $1)
          ORDER BY (a.cap_status = 'Actual') DESC, a.approved_at DESC`,
        [now],
      );
      const items = rows.map((r) => ({ slug: r.slug, headline: r.headline, capStatus: r.cap_status, thumbnailUrl: r.has_photo ? publicPhotoPath(r.slug, 0) : null }));
      return sendCacheable(request, reply, renderAppealList(items, siteLanguage(request)), HTML, PAGE_MAX_AGE);
    },
  );

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
      const language = requestedLanguage(request, appeal.languages);
      let rendered = appeal.pages.get(language);
      if (!rendered) {
        rendered = cachedPage(await renderAppeal(slug, appeal.state.id, language, appeal.languages));
        appeal.pages.set(language, rendered);
      }
      reply.header('Content-Language', language);
      return sendCacheable(request, reply, rendered.body, HTML, PAGE_MAX_AGE, 200, rendered.etag);
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
