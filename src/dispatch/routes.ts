// The staff API for dispatch: progress per alert and channel (JSON, and live over server-sent events),
// the re-issue schedule, and the development inbox.
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { actorOf } from '../auth/access.ts';
import { auditActor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { commentText, eventText, openEventStream, retryText } from '../http/event-stream.ts';
import { notFound } from '../http/problem.ts';
import { requireReachableAlert } from '../alerts/store.ts';
import { AlertParams } from '../alerts/schemas.ts';
import { inboxChannels } from './channels.ts';
import { devInboxHtml, listDevInbox } from './dev-inbox.ts';
import { dispatchProgress, dispatchTimeline, peopleReached, progressStream } from './progress.ts';
import { InboxPage, Nullable, ProgressView, ReissueView, TimelineView } from './schemas.ts';
import { reissueSchedule, setReissueSchedule, stopReissueSchedule } from './reissue.ts';
import { onWake } from '../wake/wake.ts';

const tags = ['dispatch'];
const ReissueRequest = Type.Object(
  {
    everyMinutes: Type.Integer({ minimum: 5, maximum: 1440, description: 'Minutes between re-issues, for example 30' }),
    forHours: Type.Integer({ minimum: 1, maximum: 168, description: 'For how long from now, for example 24' }),
  },
  { additionalProperties: false },
);
const InboxQuery = Type.Object(
  {
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    channel: Type.Optional(Type.Union([Type.Literal('email'), Type.Literal('sms')])),
    address: Type.Optional(Type.String({ minLength: 1, maxLength: 320, description: 'Part of the address, any case' })),
  },
  { additionalProperties: false },
);
const InboxItemParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/**
 * Reading the development inbox discloses the public's addresses, so it is audited; but the console
 * looks again every few seconds while it is open, and an entry for each look would bury everything else
 * in the log. A list read is recorded once per person and filter in this window; opening one message is
 * recorded every time.
 */
const INBOX_READ_AUDIT_WINDOW_MS = 15 * 60_000;

// How often a live progress stream looks again; it writes only when a figure changed.
/** A stream reads its figures when workers announce that they moved, at most once in this time. */
const PROGRESS_READ_GAP_MS = 1000;
const HEARTBEAT_MS = 15_000;

export function registerDispatchRoutes(app: TypedApp, deps: AppDeps): void {
  registerProgressRoutes(app, deps);
  registerReissueRoutes(app, deps);
  registerDevInboxRoutes(app, deps);
}

function registerProgressRoutes(app: TypedApp, deps: AppDeps): void {
  const { db } = deps;

  app.get(
    '/api/v1/alerts/:alertId/dispatch',
    {
      config: { access: 'dispatch:read' },
      schema: {
        tags,
        summary: 'Delivery progress per channel: targeted, queued, sent, delivered, failed, dead-lettered',
        params: AlertParams,
        response: { 200: ProgressView },
      },
    },
    async (request) => {
      const { alertId } = request.params;
      await requireReachableAlert(db, actorOf(request), alertId);
      return dispatchProgress(db, alertId, { people: await peopleReached(db, alertId) });
    },
  );

  app.get(
    '/api/v1/alerts/:alertId/dispatch/timeline',
    {
      config: { access: 'dispatch:read' },
      schema: {
        tags,
        summary: 'Messages out per channel over time since approval, as running totals',
        params: AlertParams,
        response: { 200: TimelineView },
      },
    },
    async (request) => {
      const { alertId } = request.params;
      await requireReachableAlert(db, actorOf(request), alertId);
      return dispatchTimeline(db, alertId);
    },
  );

  app.get(
    '/api/v1/alerts/:alertId/dispatch/events',
    {
      config: { access: 'dispatch:read' },
      schema: {
        tags,
        summary:
          'The same progress, live: server-sent events named "progress", sent whenever a figure changes; the stream ends after the final figures of an ended alert',
        params: AlertParams,
      },
    },
    async (request, reply) => {
      const { alertId } = request.params;
      await requireReachableAlert(db, actorOf(request), alertId);
      reply.hijack();
      const res = reply.raw;
      openEventStream(res, { Connection: 'keep-alive' });
      res.write(retryText(3000));
      let last = '';
      let closed = false;
      const read = progressStream(db, alertId);
      const send = async () => {
        const progress = await read();
        const text = JSON.stringify(progress);
        if (closed || text === last) return;
        last = text;
        res.write(eventText('progress', text));
        // The appeal has ended and nothing is left to send: nothing will change again.
        if (progress.final) finish();
      };
      // Woken when the workers announce new figures or the alert changes (src/wake/wake.ts), read at most
      // once per PROGRESS_READ_GAP_MS; a wake-up meanwhile is answered by one read at the end of the gap.
      let lastRead = 0;
      let readTimer: NodeJS.Timeout | undefined;
      const sendSoon = () => {
        if (closed || readTimer) return;
        readTimer = setTimeout(
          () => {
            readTimer = undefined;
            lastRead = Date.now();
            void send().catch((error) => request.log.warn({ err: error }, 'progress stream failed'));
          },
          Math.max(0, lastRead + PROGRESS_READ_GAP_MS - Date.now()),
        );
      };
      const heartbeat = setInterval(() => res.write(commentText('still here')), HEARTBEAT_MS);
      const listening = onWake(db, ['progress', 'alerts'], sendSoon);
      function finish() {
        closed = true;
        clearInterval(heartbeat);
        clearTimeout(readTimer);
        // The database may be closing with the server: a stop that fails has nothing left to stop.
        listening.then((stop) => stop()).catch(() => undefined);
        if (!res.writableEnded) res.end();
      }
      request.raw.on('close', finish);
      await listening.catch((error: unknown) => request.log.warn({ err: error }, 'progress stream cannot listen for changes'));
      lastRead = Date.now();
      await send();
    },
  );
}

function registerReissueRoutes(app: TypedApp, deps: AppDeps): void {
  const { db } = deps;

  app.get(
    '/api/v1/alerts/:alertId/reissue',
    {
      config: { access: 'dispatch:read' },
      schema: { tags, summary: 'The re-issue schedule and every re-issue so far', params: AlertParams, response: { 200: ReissueView } },
    },
    async (request) => {
      const { alertId } = request.params;
      await requireReachableAlert(db, actorOf(request), alertId);
      return reissueSchedule(db, alertId);
    },
  );

  app.put(
    '/api/v1/alerts/:alertId/reissue',
    {
      config: { access: 'reissue:manage' },
      schema: {
        tags,
        summary: 'Re-issue the appeal to broadcast channels every N minutes for H hours',
        params: AlertParams,
        body: ReissueRequest,
        response: { 200: ReissueView },
      },
    },
    async (request) => {
      const { alertId } = request.params;
      await setReissueSchedule(deps, actorOf(request), alertId, request.body);
      return reissueSchedule(db, alertId);
    },
  );

  app.delete(
    '/api/v1/alerts/:alertId/reissue',
    {
      config: { access: 'reissue:manage' },
      schema: { tags, summary: 'Stop re-issuing', params: AlertParams, response: { 200: ReissueView } },
    },
    async (request) => {
      const { alertId } = request.params;
      await stopReissueSchedule(deps, actorOf(request), alertId);
      return reissueSchedule(db, alertId);
    },
  );
}

function registerDevInboxRoutes(app: TypedApp, deps: AppDeps): void {
  const { db } = deps;
  /** When each person's read of the inbox, with each filter, was last recorded. */
  const inboxReadsAudited = new Map<string, number>();

  app.get(
    '/api/v1/dev-inbox',
    {
      config: { access: 'dispatch:inbox' },
      schema: {
        tags,
        summary: 'Development inbox: email and SMS that would have been sent, where no provider is configured',
        querystring: InboxQuery,
        response: {
          200: InboxPage,
        },
      },
    },
    async (request) => {
      const query = request.query;
      const items = await listDevInbox(db, {
        before: query.before,
        limit: query.limit ?? 50,
        channel: query.channel,
        address: query.address,
      });
      const actor = actorOf(request);
      const now = deps.clock();
      const filter = { channel: query.channel ?? null, addressFilter: query.address !== undefined, before: query.before ?? null };
      const key = `${actor.userId} ${JSON.stringify(filter)}`;
      const last = inboxReadsAudited.get(key);
      if (last === undefined || now.getTime() - last >= INBOX_READ_AUDIT_WINDOW_MS) {
        await db.transaction((tx) =>
          appendAudit(
            tx,
            { ...auditActor(actor), action: 'dev_inbox.read', subjectType: 'dev_inbox', details: { ...filter, shown: items.length } },
            now,
          ),
        );
        if (inboxReadsAudited.size > 10_000) inboxReadsAudited.clear();
        inboxReadsAudited.set(key, now.getTime());
      }
      return {
        label: 'Development inbox: nothing here has left this machine. Configure SMTP_URL and SMPP_URL to send for real.',
        channels: inboxChannels(deps.config),
        items: items.map((i) => ({
          id: i.id,
          channel: i.channel,
          address: i.address,
          subject: i.subject,
          body: i.body,
          createdAt: i.created_at.toISOString(),
        })),
      };
    },
  );

  app.get(
    '/api/v1/dev-inbox/:id/html',
    {
      config: { access: 'dispatch:inbox' },
      schema: {
        tags,
        summary: 'The HTML part of an email in the development inbox (null for SMS and sign-up confirmations), to be shown sandboxed',
        params: InboxItemParams,
        response: { 200: Type.Object({ id: Type.Integer(), html: Nullable(Type.String()) }) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const html = await devInboxHtml(deps, id);
      if (html === undefined) throw notFound('That message');
      const actor = actorOf(request);
      await db.transaction((tx) =>
        appendAudit(
          tx,
          { ...auditActor(actor), action: 'dev_inbox.message_viewed', subjectType: 'dev_inbox_message', subjectId: String(id) },
          deps.clock(),
        ),
      );
      return { id, html };
    },
  );
}
