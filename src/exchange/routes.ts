// PFIF 1.4 exchange: the person and note feeds partners page through with their keys, and, for the national
// centre, partners (keys, field permissions, feeds pulled), imports with their reports, and notes on partners'
// records (their records are never edited here; a note travels back to them through our note feed).
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { actorOf, partnerOf } from '../auth/access.ts';
import { auditActor } from '../auth/actor.ts';
import { conflict, invalid, notFound } from '../http/problem.ts';
import { NoContent } from '../http/schema-types.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { pfifDomain } from '../appeals/pfif-record.ts';
import { findInboundPerson, importPfifDocument, importRuns } from './inbound.ts';
import { decodeFeedCursor, encodeFeedCursor, putOutbound, readFeedPage, type FeedPage } from './outbound.ts';
import { changePartner, createPartner, findPartnerByCode, listPartners, revokePartner, type PartnerRow } from './partners.ts';
import { ALWAYS_SENT, writePfifDocument } from './pfif.ts';
import { pullPartner } from './pull.ts';
import { registerAlertExchangeRoutes } from './alert-routes.ts';
import {
  ChangePartnerAnswer,
  ChangePartnerRequest,
  FeedQuery,
  ImportReportView,
  ImportRequest,
  ImportRunList,
  NewPartnerAnswer,
  NewPartnerRequest,
  PartnerList,
  PartnerNoteAnswer,
  PartnerNoteRequest,
  PartnerParams,
} from './schemas.ts';

const TAGS = ['exchange'];
const PFIF_CONTENT_TYPE = 'application/xml; charset=utf-8';
const DEFAULT_PAGE = 200;

function sendFeed(reply: FastifyReply, path: string, page: FeedPage, kind: 'person' | 'note', size: number): FastifyReply {
  if (page.next) {
    const cursor = encodeFeedCursor(page.next);
    reply.header('x-next-cursor', cursor);
    if (page.more) reply.header('link', `<${path}?cursor=${cursor}&max_results=${size}>; rel="next"`);
  }
  // Each partner sees its own fields: never cached by anyone between.
  return reply.header('cache-control', 'private, no-store').type(PFIF_CONTENT_TYPE).send(writePfifDocument(kind, page.records));
}

function partnerView(row: PartnerRow) {
  return {
    code: row.code,
    name: row.name,
    personFields: row.person_fields,
    feedUrl: row.feed_url,
    recordDomain: row.record_domain,
    lastPulledAt: row.last_pulled_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    receivesAlerts: row.receives_alerts,
    inExercise: row.in_exercise,
  };
}

export function registerExchangeRoutes(app: TypedApp, deps: AppDeps): void {
  registerFeedRoutes(app, deps);
  registerPartnerRoutes(app, deps);
  registerPartnerChangeRoute(app, deps);
  registerImportRoutes(app, deps);
  registerAlertExchangeRoutes(app, deps);
}

function registerFeedRoutes(app: TypedApp, deps: AppDeps): void {
  for (const kind of ['person', 'note'] as const) {
    const path = `/pfif/1.4/${kind}s`;
    app.get(
      path,
      {
        config: { access: 'partner' },
        schema: {
          tags: TAGS,
          summary: `PFIF 1.4 ${kind} records by entry date, for partners (X-Partner-Key); page on with the X-Next-Cursor header`,
          security: [],
          querystring: FeedQuery,
        },
      },
      async (request, reply) => {
        const partner = partnerOf(request);
        const { cursor, min_entry_date: minEntryDate, max_results: size = DEFAULT_PAGE } = request.query;
        const after = cursor === undefined ? undefined : decodeFeedCursor(cursor);
        if (cursor !== undefined && !after)
          throw invalid('/querystring/cursor', 'the cursor is not one this feed gave', { code: 'cursor' });
        const allowed = kind === 'person' ? new Set([...ALWAYS_SENT, ...partner.person_fields]) : null;
        const page = await readFeedPage(
          deps.db,
          kind,
          { ...(after ? { after } : {}), ...(minEntryDate ? { minEntryDate: new Date(minEntryDate) } : {}) },
          size,
          allowed,
        );
        return sendFeed(reply, path, page, kind, size);
      },
    );
  }
}

function registerPartnerRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, clock } = deps;
  app.post(
    '/api/v1/exchange/partners',
    {
      config: { access: 'exchange:manage' },
      schema: {
        tags: TAGS,
        summary: 'Add a partner site: its key (shown once), the person fields it may receive, and its feeds to pull',
        body: NewPartnerRequest,
        response: { 201: NewPartnerAnswer },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const now = clock();
      if (await findPartnerByCode(db, body.code)) throw conflict(`A partner with the code ${body.code} exists already.`);
      if ((body.feedUrl === undefined) !== (body.feedKey === undefined))
        throw invalid('/body/feedKey', 'give both the feed address and our key there, or neither', { code: 'feed-key' });
      const created = await db.transaction(async (tx) => {
        const partner = await createPartner(tx, body, now);
        await appendAudit(
          tx,
          {
            ...auditActor(actor),
            action: 'exchange.partner_added',
            subjectType: 'pfif_partner',
            subjectId: partner.id,
            details: {
              code: body.code,
              personFields: body.personFields,
              receivesAlerts: body.receivesAlerts ?? false,
              inExercise: body.inExercise ?? false,
            },
          },
          now,
        );
        return partner;
      });
      return reply.status(201).send({ code: body.code, key: created.key });
    },
  );

  app.get(
    '/api/v1/exchange/partners',
    { config: { access: 'exchange:manage' }, schema: { tags: TAGS, summary: 'Partner sites', response: { 200: PartnerList } } },
    async () => ({ items: (await listPartners(db)).map(partnerView) }),
  );

  app.post(
    '/api/v1/exchange/partners/:code/revoke',
    {
      config: { access: 'exchange:manage' },
      schema: {
        tags: TAGS,
        summary: "Revoke a partner's key; its records leave our gallery",
        params: PartnerParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const now = clock();
      await db.transaction(async (tx) => {
        if (!(await revokePartner(tx, request.params.code, now))) throw notFound(`Partner ${request.params.code}`);
        await appendAudit(
          tx,
          { ...auditActor(actor), action: 'exchange.partner_revoked', subjectType: 'pfif_partner', details: { code: request.params.code } },
          now,
        );
      });
      return reply.status(204).send();
    },
  );
}

/** Feeds are pulled with our key there: a feed address needs one, held already or given with it. */
function checkFeedChange(partner: PartnerRow, body: ChangePartnerRequest): void {
  if (body.feedKey !== undefined && body.feedUrl === null)
    throw invalid('/body/feedKey', 'a key is for a feed: give the feed address too, or neither', { code: 'feed-key' });
  const feedUrl = body.feedUrl === undefined ? partner.feed_url : body.feedUrl;
  const feedKey = body.feedKey ?? (body.feedUrl === null ? null : partner.feed_key);
  if ((feedUrl === null) !== (feedKey === null))
    throw invalid('/body/feedKey', 'give both the feed address and our key there, or neither', { code: 'feed-key' });
}

function registerPartnerChangeRoute(app: TypedApp, deps: AppDeps): void {
  const { db, clock } = deps;
  app.patch(
    '/api/v1/exchange/partners/:code',
    {
      config: { access: 'exchange:manage' },
      schema: {
        tags: TAGS,
        summary: 'Change a partner: its name, feed, field permissions, enabled or not, or a new key (shown once); audited',
        params: PartnerParams,
        body: ChangePartnerRequest,
        response: { 200: ChangePartnerAnswer },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { code } = request.params;
      const body = request.body;
      const now = clock();
      return db.transaction(async (tx) => {
        const partner = await findPartnerByCode(tx, code);
        if (!partner) throw notFound(`Partner ${code}`);
        checkFeedChange(partner, body);
        const changed = await changePartner(tx, code, body, now);
        if (!changed) throw notFound(`Partner ${code}`);
        // What changed, never a key.
        const fields = Object.keys(body);
        await appendAudit(
          tx,
          {
            ...auditActor(actor),
            action: 'exchange.partner_changed',
            subjectType: 'pfif_partner',
            subjectId: partner.id,
            details: {
              code,
              fields,
              ...(body.personFields ? { personFields: body.personFields } : {}),
              ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
              ...(body.receivesAlerts === undefined ? {} : { receivesAlerts: body.receivesAlerts }),
              ...(body.inExercise === undefined ? {} : { inExercise: body.inExercise }),
            },
          },
          now,
        );
        const after = (await findPartnerByCode(tx, code))!;
        return { partner: partnerView(after), ...(changed.key ? { key: changed.key } : {}) };
      });
    },
  );
}

function registerImportRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, clock, config } = deps;
  const requirePartner = async (code: string) => {
    const partner = await findPartnerByCode(db, code);
    if (!partner || partner.revoked_at) throw notFound(`Partner ${code}`);
    return partner;
  };

  app.post(
    '/api/v1/exchange/partners/:code/import',
    {
      config: { access: 'exchange:manage' },
      schema: {
        tags: TAGS,
        summary: "Import a partner's PFIF document by hand; each record is taken or refused on its own, with the reasons",
        params: PartnerParams,
        body: ImportRequest,
        response: { 200: ImportReportView },
      },
    },
    async (request) => importPfifDocument(db, await requirePartner(request.params.code), request.body.document, clock()),
  );

  app.post(
    '/api/v1/exchange/partners/:code/pull',
    {
      config: { access: 'exchange:manage' },
      schema: {
        tags: TAGS,
        summary: "Pull a partner's feeds now, from the stored cursors",
        params: PartnerParams,
        response: { 200: ImportReportView },
      },
    },
    async (request) => {
      const partner = await requirePartner(request.params.code);
      if (!partner.feed_url) throw conflict(`Partner ${partner.code} has no feed to pull.`);
      return pullPartner(deps, partner);
    },
  );

  app.get(
    '/api/v1/exchange/partners/:code/runs',
    {
      config: { access: 'exchange:manage' },
      schema: {
        tags: TAGS,
        summary: 'The latest imports from a partner, with what was refused and why',
        params: PartnerParams,
        response: { 200: ImportRunList },
      },
    },
    async (request) => {
      const partner = await requirePartner(request.params.code);
      const runs = await importRuns(db, partner.id, 50);
      return {
        items: runs.map((run) => ({
          id: run.id,
          startedAt: run.started_at.toISOString(),
          accepted: run.accepted,
          unchanged: run.unchanged,
          refused: run.refused,
          withdrawn: run.withdrawn,
          refusals: run.refusals,
        })),
      };
    },
  );

  app.post(
    '/api/v1/exchange/notes',
    {
      config: { access: 'exchange:manage' },
      schema: {
        tags: TAGS,
        summary: "Add a note to a partner's person record (their record is never edited); the note goes back to them in our note feed",
        body: PartnerNoteRequest,
        response: { 201: PartnerNoteAnswer },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const now = clock();
      const { personRecordId, text, status } = request.body;
      const noteRecordId = `${pfifDomain(config.publicUrl)}/note.${randomUUID()}`;
      await db.transaction(async (tx) => {
        if (!(await findInboundPerson(tx, personRecordId))) throw notFound(`Partner record ${personRecordId}`);
        await putOutbound(
          tx,
          {
            recordId: noteRecordId,
            kind: 'note',
            personRecordId,
            sourceDate: now,
            expiryDate: null,
            fields: { author_name: pfifDomain(config.publicUrl), text, ...(status ? { status } : {}) },
          },
          now,
        );
        await appendAudit(
          tx,
          {
            ...auditActor(actor),
            action: 'exchange.note_added',
            subjectType: 'pfif_record',
            subjectId: personRecordId,
            details: { noteRecordId },
          },
          now,
        );
      });
      return reply.status(201).send({ noteRecordId });
    },
  );
}
