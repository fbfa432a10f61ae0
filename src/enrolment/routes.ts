// The enrolment API: an organisation's own recipients (bulk CSV import), webhooks and screens, for its
// partner administrators and administrators; and the public, secret-URL pages the screens display.
// Every query is limited to the actor's organisation, so another organisation's rows answer 404.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { actorOf } from '../auth/access.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Queryable } from '../db/database.ts';
import { invalid, notFound, Problem } from '../http/problem.ts';
import { negotiateLanguage, SITE_LANGUAGES } from '../i18n/i18n.ts';
import { checkLanguage, checkWebhookUrl } from './addresses.ts';
import { createAreaResolver, nationalCells, resolveAreaRequest, type AreaRequest } from './areas.ts';
import { asFieldError, MAX_IMPORT_BYTES, MAX_IMPORT_CELLS, readRecipientCsv } from './csv-import.ts';
import {
  DeleteAllQuery,
  DeletedCount,
  IdParams,
  ImportQuery,
  ImportResult,
  NewScreenRequest,
  NewWebhookRequest,
  RecipientList,
  RecipientListQuery,
  RecipientParams,
  ScreenCreated,
  ScreenView,
  WebhookCreated,
  WebhookOverlapEnded,
  WebhookSecret,
  WebhookView,
} from './schemas.ts';
import { createScreenHub } from './screen-live.ts';
import { renderScreenNotFound, renderScreenPage, SCREEN_CSP, SCREEN_SCRIPT, SCREEN_SCRIPT_PATH, SCREEN_STYLE, SCREEN_STYLE_PATH } from './screen-page.ts';
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
import { screenAreaNames, subscriberAreaNames } from './area-names.ts';
import { countRecipients, deleteAllRecipients, deleteRecipient, listRecipients, writeImport, type RecipientRow } from './store.ts';
import { createWebhook, deleteWebhook, endWebhookSecretOverlap, findWebhook, listWebhooks, rotateWebhookSecret, type WebhookRow } from './webhooks.ts';

const PERMISSION = 'enrolment:manage' as const;
const HTML = 'text/html; charset=utf-8';
const TOKEN = new RegExp(SCREEN_TOKEN_PATTERN);

const recipientView = (row: RecipientRow) => ({
  externalRef: row.external_ref,
  label: row.label,
  language: row.language,
  includeExercises: row.include_exercises,
  channel: row.channel,
  address: row.address,
  confirmed: row.confirmed,
  cells: row.cells,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const webhookView = (row: WebhookRow) => ({
  id: row.id,
  externalRef: row.external_ref,
  name: row.name,
  url: row.url,
  language: row.language,
  exercises: row.include_exercises,
  cells: row.cells,
  previousSecretUntil: row.previous_secret_until?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

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

/** Alert messages looked at for a webhook's latest delivery: recent ones only, found by the unique key. */
const RECENT_MESSAGES = 20;

/** The latest delivery to each webhook among the most recent alert messages (re-issues included). */
async function lastWebhookDeliveries(db: Queryable, webhookIds: string[]) {
  if (webhookIds.length === 0) return new Map<string, { state: string; at: string; error: string | null }>();
  const { rows } = await db.query<{ subscriber_id: string; state: string; at: Date; last_error: string | null }>(
    `SELECT DISTINCT ON (d.subscriber_id) d.subscriber_id, d.state, coalesce(d.delivered_at, d.sent_at, d.created_at) AS at, d.last_error
       FROM deliveries d
      WHERE d.message_id IN (SELECT id FROM alert_messages ORDER BY seq DESC LIMIT ${RECENT_MESSAGES})
        AND d.subscriber_id = ANY($1::uuid[]) AND d.channel = 'webhook'
      ORDER BY d.subscriber_id, d.id DESC`,
    [webhookIds],
  );
  return new Map(rows.map((r) => [r.subscriber_id, { state: r.state, at: r.at.toISOString(), error: r.last_error }]));
}

function isCsv(contentType: string | undefined): boolean {
  return /^text\/csv\s*(;|$)/i.test(contentType ?? '');
}

/** The result of a change, or 404 (thrown inside the transaction, so nothing is written or audited). */
async function orNotFound<T>(change: Promise<T | false | undefined>, what: string): Promise<T> {
  const result = await change;
  if (result === false || result === undefined) throw notFound(what);
  return result;
}

function languageOf(text: string | undefined, pointer: string): string {
  const checked = checkLanguage(text ?? 'en');
  if (!checked.ok) throw invalid(pointer, `the language ${checked.message}`, { code: 'language-tag' });
  return checked.value;
}

export function registerEnrolmentRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db, clock, config } = deps;
  const tags = ['enrolment'];
  const hub = createScreenHub({ db, clock, onError: (error) => app.log.warn({ err: error }, 'screen events failed') });
  app.addHook('preClose', (done) => {
    hub.close();
    done();
  });

  /** Runs a change and its audit entry in one transaction. */
  const audited = <T>(actor: Actor, action: string, work: (tx: Queryable) => Promise<T>, details: (result: T) => Record<string, unknown> = () => ({})) => {
    const now = clock();
    return db.transaction(async (tx) => {
      const result = await work(tx);
      await appendAudit(tx, { ...auditActor(actor), action, subjectType: 'organisation', subjectId: actor.organisationId, details: details(result) }, now);
      return result;
    });
  };

  void app.register(async (scope) => {
    // CSV bodies are not buffered: the parser hands the body stream to the import route, which reads it
    // row by row. (Kept beside the request rather than as its body, which hooks walk as an object.)
    const csvBodies = new WeakMap<FastifyRequest, Readable>();
    scope.addContentTypeParser('text/csv', (request, payload, done) => {
      const charset = /;\s*charset="?([^";]+)"?/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
        return done(new Problem(415, 'unsupported-media-type', 'The request was refused', 'Send the file as UTF-8 (text/csv; charset=utf-8).'), undefined);
      }
      csvBodies.set(request, payload);
      done(null, undefined);
    });

    scope.post(
      '/api/v1/enrolment/recipients/import',
      {
        config: { access: PERMISSION },
        bodyLimit: MAX_IMPORT_BYTES,
        schema: {
          tags,
          summary: 'Enrol recipients from a CSV file',
          description:
            'Columns (header row required, any order): external_ref, channel (email, sms or webhook), address, area (an H3 cell of resolution 7 or coarser, a jurisdiction code, or "latitude,longitude", stored only as its resolution 7 cell), and optionally language, exercises (yes/no) and label. Rows are matched to recipients already enrolled by external_ref. mode=all-or-nothing (default) imports nothing if any row is wrong; mode=good-rows imports the good rows and reports the others.',
          consumes: ['text/csv'],
          querystring: ImportQuery,
          response: { 200: ImportResult },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        if (!isCsv(request.headers['content-type'])) throw new Problem(415, 'unsupported-media-type', 'The request was refused', 'Send the file as text/csv.');
        // An empty body never reaches the parser.
        const body = csvBodies.get(request) ?? Readable.from([]);
        if (Number(request.headers['content-length'] ?? 0) > MAX_IMPORT_BYTES) {
          reply.header('Connection', 'close');
          throw new Problem(413, 'too-large', 'The file was refused', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it into several imports.`);
        }
        const { mode } = request.query as ImportQuery;
        let parsed;
        try {
          parsed = await readRecipientCsv(body, createAreaResolver(db, MAX_IMPORT_CELLS));
        } catch (error) {
          // The rest of the body was not read: close the connection rather than read it to the end.
          reply.header('Connection', 'close');
          throw error;
        }
        if (mode === 'all-or-nothing' && parsed.rejected > 0) {
          throw new Problem(
            422,
            'rows-invalid',
            'Some rows are not valid',
            `${parsed.rejected} of ${parsed.rejected + parsed.rows.length} rows are not valid, so nothing was imported. Correct them, or import with mode=good-rows to import the others.`,
            { errors: parsed.errors.map(asFieldError) },
          );
        }
        const outcome = await audited(
          actor,
          'enrolment.imported',
          (tx) => writeImport(tx, actor.organisationId, parsed.rows, clock()),
          (result) => ({
            mode,
            imported: result.imported,
            updated: result.updated,
            unchanged: result.unchanged,
            rejected: parsed.rejected,
            webhooksCreated: result.webhookSecrets.length,
          }),
        );
        return { ...outcome, rejected: parsed.rejected, errors: parsed.errors };
      },
    );

    scope.get(
      '/api/v1/enrolment/recipients',
      {
        config: { access: PERMISSION },
        schema: { tags, summary: "The organisation's recipients, by external_ref, a page at a time", querystring: RecipientListQuery, response: { 200: RecipientList } },
      },
      async (request) => {
        const actor = actorOf(request);
        const query = request.query as RecipientListQuery;
        const rows = await listRecipients(db, actor.organisationId, query);
        const counts = await countRecipients(db, actor.organisationId);
        // The list holds addresses: who read them is recorded like any other read of personal data.
        await audited(actor, 'enrolment.recipients_listed', async () => rows.length, (count) => ({ count }));
        return {
          items: rows.map(recipientView),
          nextAfter: rows.length === query.limit ? rows[rows.length - 1]!.external_ref : null,
          counts: { total: counts.total, email: counts.byChannel.email ?? 0, sms: counts.byChannel.sms ?? 0, webhook: counts.byChannel.webhook ?? 0 },
        };
      },
    );

    scope.delete(
      '/api/v1/enrolment/recipients/:externalRef',
      { config: { access: PERMISSION }, schema: { tags, summary: 'Remove one recipient', params: RecipientParams } },
      async (request, reply) => {
        const actor = actorOf(request);
        const { externalRef } = request.params as { externalRef: string };
        await audited(actor, 'enrolment.recipient_deleted', (tx) => orNotFound(deleteRecipient(tx, actor.organisationId, externalRef), 'That recipient'), () => ({ externalRef }));
        return reply.status(204).send();
      },
    );

    scope.delete(
      '/api/v1/enrolment/recipients',
      {
        config: { access: PERMISSION },
        schema: { tags, summary: 'Remove every recipient enrolled from files (offboarding); needs confirm=yes', querystring: DeleteAllQuery, response: { 200: DeletedCount } },
      },
      async (request) => {
        const actor = actorOf(request);
        const deleted = await audited(actor, 'enrolment.recipients_deleted', (tx) => deleteAllRecipients(tx, actor.organisationId), (count) => ({ count }));
        return { deleted };
      },
    );

    scope.get(
      '/api/v1/enrolment/areas',
      {
        config: { access: PERMISSION },
        schema: {
          tags,
          summary: 'The jurisdictions a webhook, a screen or a CSV row may name as its area (codes and names, no shapes)',
          response: { 200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() })) }) },
        },
      },
      async () => ({ items: (await db.query<{ code: string; name: string; kind: string }>('SELECT code, name, kind FROM jurisdictions ORDER BY kind, name')).rows }),
    );

    scope.post(
      '/api/v1/enrolment/webhooks',
      { config: { access: PERMISSION }, schema: { tags, summary: 'Register a webhook; its signing secret is returned this once', body: NewWebhookRequest, response: { 201: WebhookCreated } } },
      async (request, reply) => {
        const actor = actorOf(request);
        const body = request.body as NewWebhookRequest;
        const url = checkWebhookUrl(body.url);
        if (!url.ok) throw invalid('/body/url', `the URL ${url.message}`);
        const language = languageOf(body.language, '/body/language');
        const area = await resolveAreaRequest(db, body.area as AreaRequest, '/body/area');
        const cellIds = area.national ? await nationalCells(db) : area.cellIds;
        if (cellIds.length === 0) throw invalid('/body/area', 'no country is set up yet, so a national webhook has no area');
        const created = await audited(
          actor,
          'enrolment.webhook_created',
          (tx) => createWebhook(tx, actor.organisationId, { name: body.name, url: url.value, language, includeExercises: body.exercises ?? false, cellIds }, clock()),
          (result) => ({ webhookId: result.id, national: area.national, jurisdictionCodes: area.jurisdictionCodes, cells: cellIds.length }),
        );
        const row = (await findWebhook(db, actor.organisationId, created.id, clock()))!;
        return reply.status(201).send({ ...webhookView(row), secret: created.secret });
      },
    );

    scope.get(
      '/api/v1/enrolment/webhooks',
      { config: { access: PERMISSION }, schema: { tags, summary: "The organisation's webhooks (never their secrets)", response: { 200: Type.Object({ items: Type.Array(WebhookView) }) } } },
      async (request) => {
        const rows = await listWebhooks(db, actorOf(request).organisationId, clock());
        const last = await lastWebhookDeliveries(db, rows.map((r) => r.id));
        const names = await subscriberAreaNames(db, rows.map((row) => row.id));
        return { items: rows.map((row) => ({ ...webhookView(row), areaNames: names.get(row.id) ?? [], lastDelivery: last.get(row.id) ?? null })) };
      },
    );

    scope.post(
      '/api/v1/enrolment/webhooks/:id/rotate-secret',
      {
        config: { access: PERMISSION },
        schema: {
          tags,
          summary: 'Replace a webhook’s signing secret; the new one is returned this once',
          description:
            'For 24 hours (previousSecretUntil) every request is signed with both the new and the previous secret, space-separated in webhook-signature as Standard Webhooks allows, so deliveries go on while the partner installs the new one. End the overlap sooner with end-secret-overlap.',
          params: IdParams,
          response: { 200: WebhookSecret },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { id } = request.params as { id: string };
        const now = clock();
        const secret = await audited(actor, 'enrolment.webhook_secret_rotated', (tx) => orNotFound(rotateWebhookSecret(tx, actor.organisationId, id, now), 'That webhook'), () => ({
          webhookId: id,
        }));
        const row = await findWebhook(db, actor.organisationId, id, now);
        return { id, secret, previousSecretUntil: row?.previous_secret_until?.toISOString() ?? null };
      },
    );

    scope.post(
      '/api/v1/enrolment/webhooks/:id/end-secret-overlap',
      {
        config: { access: PERMISSION },
        schema: { tags, summary: 'Stop signing with the previous secret now, once the partner uses the new one', params: IdParams, response: { 200: WebhookOverlapEnded } },
      },
      async (request) => {
        const actor = actorOf(request);
        const { id } = request.params as { id: string };
        const result = await audited(actor, 'enrolment.webhook_secret_overlap_ended', (tx) => orNotFound(endWebhookSecretOverlap(tx, actor.organisationId, id, clock()), 'That webhook'), (r) => ({
          webhookId: id,
          ended: r.ended,
        }));
        return { id, ended: result.ended };
      },
    );

    scope.delete(
      '/api/v1/enrolment/webhooks/:id',
      { config: { access: PERMISSION }, schema: { tags, summary: 'Remove a webhook', params: IdParams } },
      async (request, reply) => {
        const actor = actorOf(request);
        const { id } = request.params as { id: string };
        await audited(actor, 'enrolment.webhook_deleted', (tx) => orNotFound(deleteWebhook(tx, actor.organisationId, id), 'That webhook'), () => ({ webhookId: id }));
        return reply.status(204).send();
      },
    );

    scope.post(
      '/api/v1/enrolment/screens',
      { config: { access: PERMISSION }, schema: { tags, summary: 'Register a screen; its secret address is returned this once', body: NewScreenRequest, response: { 201: ScreenCreated } } },
      async (request, reply) => {
        const actor = actorOf(request);
        const body = request.body as NewScreenRequest;
        const language = languageOf(body.language, '/body/language');
        // No area, or national: a screen without cells shows every appeal in the country.
        const area = body.area ? await resolveAreaRequest(db, body.area as AreaRequest, '/body/area') : { national: true, cellIds: [], jurisdictionCodes: [] };
        const created = await audited(
          actor,
          'enrolment.screen_created',
          (tx) =>
            createScreen(tx, actor.organisationId, { name: body.name, language, includeExercises: body.exercises ?? false, cellIds: area.cellIds, createdBy: actor.userId }, clock()),
          (result) => ({ screenId: result.id, national: area.national, jurisdictionCodes: area.jurisdictionCodes, cells: area.cellIds.length }),
        );
        const row = (await findScreen(db, actor.organisationId, created.id))!;
        return reply.status(201).send({ ...screenView(row), url: screenUrl(config.publicUrl, created.token) });
      },
    );

    scope.get(
      '/api/v1/enrolment/screens',
      { config: { access: PERMISSION }, schema: { tags, summary: "The organisation's screens (never their addresses)", response: { 200: Type.Object({ items: Type.Array(ScreenView) }) } } },
      async (request) => {
        const rows = await listScreens(db, actorOf(request).organisationId);
        const names = await screenAreaNames(db, rows.map((row) => row.id));
        return { items: rows.map((row) => ({ ...screenView(row), areaNames: names.get(row.id) ?? [] })) };
      },
    );

    scope.delete(
      '/api/v1/enrolment/screens/:id',
      { config: { access: PERMISSION }, schema: { tags, summary: 'Switch a screen off for good: its address answers 404 from now on', params: IdParams } },
      async (request, reply) => {
        const actor = actorOf(request);
        const { id } = request.params as { id: string };
        await audited(actor, 'enrolment.screen_revoked', (tx) => orNotFound(revokeScreen(tx, actor.organisationId, id, clock()), 'That screen'), () => ({ screenId: id }));
        hub.revoke(id);
        return reply.status(204).send();
      },
    );

    registerScreenPages(scope);
  });

  function screenNotFound(request: FastifyRequest, reply: FastifyReply) {
    const language = negotiateLanguage(request.headers['accept-language'], SITE_LANGUAGES);
    return reply.status(404).header('Cache-Control', 'no-store').type(HTML).send(renderScreenNotFound(language));
  }

  function registerScreenPages(scope: FastifyInstance) {
    const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
    const asset = (body: string, contentType: string) => async (_request: FastifyRequest, reply: FastifyReply) =>
      reply.header('Cache-Control', 'public, max-age=300').type(contentType).send(body);
    scope.get(SCREEN_SCRIPT_PATH, { config: { access: 'public' }, schema: { hide: true } }, asset(SCREEN_SCRIPT, 'text/javascript; charset=utf-8'));
    scope.get(SCREEN_STYLE_PATH, { config: { access: 'public' }, schema: { hide: true } }, asset(SCREEN_STYLE, 'text/css; charset=utf-8'));

    const liveScreen = async (token: string) => (TOKEN.test(token) ? findScreenByToken(db, token) : undefined);

    scope.get('/screens/:token', { config: { access: 'public' }, schema: { hide: true, params: TokenParams } }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const screen = await liveScreen(token);
      if (!screen) return screenNotFound(request, reply);
      const now = clock();
      await touchScreen(db, screen.id, now);
      const appeals = await appealsForScreen(db, screen.id, now);
      return reply
        .header('Cache-Control', 'no-store')
        .header('Content-Security-Policy', SCREEN_CSP)
        // The page's address is its secret: never send it on as a Referer.
        .header('Referrer-Policy', 'no-referrer')
        .header('X-Robots-Tag', 'noindex')
        .type(HTML)
        .send(renderScreenPage({ language: screen.language, name: screen.name, appeals, eventsPath: `/screens/${token}/events`, now }));
    });

    scope.get('/screens/:token/events', { config: { access: 'public' }, schema: { hide: true, params: TokenParams } }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const screen = await liveScreen(token);
      if (!screen) return screenNotFound(request, reply);
      await touchScreen(db, screen.id, clock());
      reply.hijack();
      if (!(await hub.connect(screen.id, reply.raw))) {
        reply.raw.writeHead(429, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '60' });
        reply.raw.end('This screen is open in too many places at once.');
      }
    });
  }
}
