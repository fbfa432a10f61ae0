// The enrolment API for an organisation's screens (registration, the list, switching off), and the
// public pages a screen shows at its secret address, kept live over server-sent events.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../auth/access.ts';
import { negotiateLanguage, SITE_LANGUAGES } from '../i18n/i18n.ts';
import { screenAreaNames } from './area-names.ts';
import { resolveAreaRequest } from './areas.ts';
import { languageOf, orNotFound, PERMISSION, tags, type EnrolmentContext } from './route-context.ts';
import { IdParams, NewScreenRequest, ScreenCreated, ScreenView } from './schemas.ts';
import type { ScreenHub } from './screen-live.ts';
import {
  renderScreenNotFound,
  renderScreenPage,
  SCREEN_CSP,
  SCREEN_SCRIPT,
  SCREEN_SCRIPT_PATH,
  SCREEN_STYLE,
  SCREEN_STYLE_PATH,
} from './screen-page.ts';
import {
  appealsForScreen,
  createScreen,
  findScreen,
  findScreenByToken,
  listScreens,
  revokeScreen,
  SCREEN_TOKEN_PATTERN,
  screenUrl,
  touchScreen,
  type ScreenRow,
} from './screens.ts';

const HTML = 'text/html; charset=utf-8';
const TOKEN = new RegExp(SCREEN_TOKEN_PATTERN);

const screenView = (row: ScreenRow) => ({
  id: row.id,
  name: row.name,
  language: row.language,
  exercises: row.include_exercises,
  cells: row.cells,
  createdAt: row.created_at.toISOString(),
  revokedAt: row.revoked_at?.toISOString() ?? null,
  lastSeenAt: row.last_seen_at?.toISOString() ?? null,
});

export function registerScreenRoutes(scope: TypedApp, context: EnrolmentContext, hub: ScreenHub): void {
  registerScreenCreation(scope, context);
  registerScreenList(scope, context);
  registerScreenRevocation(scope, context, hub);
  registerScreenPages(scope, context, hub);
}

function registerScreenCreation(scope: TypedApp, { db, clock, config, audited }: EnrolmentContext) {
  scope.post(
    '/api/v1/enrolment/screens',
    {
      config: { access: PERMISSION },
      schema: {
        tags,
        summary: 'Register a screen; its secret address is returned this once',
        body: NewScreenRequest,
        response: { 201: ScreenCreated },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { body } = request;
      const language = languageOf(body.language, '/body/language');
      // No area, or national: a screen without cells shows every appeal in the country.
      const area = body.area
        ? await resolveAreaRequest(db, body.area, '/body/area')
        : { national: true, cellIds: [], jurisdictionCodes: [] };
      const created = await audited(
        actor,
        'enrolment.screen_created',
        (tx) =>
          createScreen(
            tx,
            actor.organisationId,
            { name: body.name, language, includeExercises: body.exercises ?? false, cellIds: area.cellIds, createdBy: actor.userId },
            clock(),
          ),
        (result) => ({
          screenId: result.id,
          national: area.national,
          jurisdictionCodes: area.jurisdictionCodes,
          cells: area.cellIds.length,
        }),
      );
      const row = (await findScreen(db, actor.organisationId, created.id))!;
      return reply.status(201).send({ ...screenView(row), url: screenUrl(config.publicUrl, created.token) });
    },
  );
}

function registerScreenList(scope: TypedApp, { db }: EnrolmentContext) {
  scope.get(
    '/api/v1/enrolment/screens',
    {
      config: { access: PERMISSION },
      schema: {
        tags,
        summary: "The organisation's screens (never their addresses)",
        response: { 200: Type.Object({ items: Type.Array(ScreenView) }) },
      },
    },
    async (request) => {
      const rows = await listScreens(db, actorOf(request).organisationId);
      const names = await screenAreaNames(
        db,
        rows.map((row) => row.id),
      );
      return { items: rows.map((row) => ({ ...screenView(row), areaNames: names.get(row.id) ?? [] })) };
    },
  );
}

function registerScreenRevocation(scope: TypedApp, { clock, audited }: EnrolmentContext, hub: ScreenHub) {
  scope.delete(
    '/api/v1/enrolment/screens/:id',
    {
      config: { access: PERMISSION },
      schema: { tags, summary: 'Switch a screen off for good: its address answers 404 from now on', params: IdParams },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { id } = request.params;
      await audited(
        actor,
        'enrolment.screen_revoked',
        (tx) => orNotFound(revokeScreen(tx, actor.organisationId, id, clock()), 'That screen'),
        () => ({ screenId: id }),
      );
      hub.revoke(id);
      return reply.status(204).send();
    },
  );
}

function screenNotFound(request: FastifyRequest, reply: FastifyReply) {
  const language = negotiateLanguage(request.headers['accept-language'], SITE_LANGUAGES);
  return reply.status(404).header('Cache-Control', 'no-store').type(HTML).send(renderScreenNotFound(language));
}

function registerScreenPages(scope: TypedApp, { db, clock }: EnrolmentContext, hub: ScreenHub) {
  const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
  const asset = (body: string, contentType: string) => async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header('Cache-Control', 'public, max-age=300').type(contentType).send(body);
  scope.get(
    SCREEN_SCRIPT_PATH,
    { config: { access: 'public' }, schema: { hide: true } },
    asset(SCREEN_SCRIPT, 'text/javascript; charset=utf-8'),
  );
  scope.get(SCREEN_STYLE_PATH, { config: { access: 'public' }, schema: { hide: true } }, asset(SCREEN_STYLE, 'text/css; charset=utf-8'));

  const liveScreen = async (token: string) => (TOKEN.test(token) ? findScreenByToken(db, token) : undefined);

  scope.get('/screens/:token', { config: { access: 'public' }, schema: { hide: true, params: TokenParams } }, async (request, reply) => {
    const { token } = request.params;
    const screen = await liveScreen(token);
    if (!screen) return screenNotFound(request, reply);
    const now = clock();
    await touchScreen(db, screen.id, now);
    const appeals = await appealsForScreen(db, screen.id, now);
    return (
      reply
        .header('Cache-Control', 'no-store')
        .header('Content-Security-Policy', SCREEN_CSP)
        // The page's address is its secret: never send it on as a Referer.
        .header('Referrer-Policy', 'no-referrer')
        .header('X-Robots-Tag', 'noindex')
        .type(HTML)
        .send(renderScreenPage({ language: screen.language, name: screen.name, appeals, eventsPath: `/screens/${token}/events`, now }))
    );
  });

  scope.get(
    '/screens/:token/events',
    { config: { access: 'public' }, schema: { hide: true, params: TokenParams } },
    async (request, reply) => {
      const { token } = request.params;
      const screen = await liveScreen(token);
      if (!screen) return screenNotFound(request, reply);
      await touchScreen(db, screen.id, clock());
      reply.hijack();
      if (!(await hub.connect(screen.id, reply.raw))) {
        reply.raw.writeHead(429, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '60' });
        reply.raw.end('This screen is open in too many places at once.');
      }
    },
  );
}
