// Pull feeds for broadcasters, aggregators and social media tools: each CAP 1.2 message, the latest
// message of an alert, and an Atom index of what is current. Only what the public may see is served.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { Problem } from '../http/problem.ts';
import { sendCacheable } from '../http/cacheable.ts';
import { atomFeed, type AtomEntry } from './atom.ts';
import { CAP_MIME_TYPE } from './cap.ts';
import { translator } from '../i18n/i18n.ts';
import { appealUrl, capSender } from './messages.ts';
import { publicAlertState } from './public-state.ts';
import { markedText } from './status-mark.ts';
import { currentFeedEntries, findMessageByIdentifier, latestMessage } from './store.ts';

const FEED_MAX_AGE = 30;
// A cancellation stays in the feed this long, so aggregators polling slowly still see it.
const CANCEL_VISIBLE_MS = 24 * 3_600_000;
const CAP_CONTENT_TYPE = `${CAP_MIME_TYPE}; charset=utf-8`;
const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

const CapFileParams = Type.Object({ file: Type.String({ maxLength: 300, pattern: '\\.xml$' }) });
const AlertCapParams = Type.Object({ alertId: Type.String({ format: 'uuid' }) });

const gone = () =>
  new Problem(
    410,
    'gone',
    'Gone',
    'This appeal has ended; its messages are no longer published. The latest message of the alert is its cancellation.',
  );

export function capUrl(publicUrl: string, identifier: string): string {
  return `${publicUrl}/cap/${encodeURIComponent(identifier)}.xml`;
}

export function registerFeedRoutes(app: TypedApp, deps: Pick<AppDeps, 'db' | 'clock' | 'config'>): void {
  const { db, config } = deps;

  const sendMessage = (request: FastifyRequest, reply: FastifyReply, xml: string) =>
    sendCacheable(request, reply, xml, CAP_CONTENT_TYPE, FEED_MAX_AGE);

  app.get(
    '/cap/:file',
    {
      config: { access: 'public' },
      schema: { tags: ['feeds'], summary: 'One CAP 1.2 message by identifier (file name "<identifier>.xml")', params: CapFileParams },
    },
    async (request, reply) => {
      const identifier = request.params.file.replace(/\.xml$/, '');
      const message = await findMessageByIdentifier(db, identifier);
      if (!message) return reply.callNotFound();
      const state = await publicAlertState(db, { id: message.alert_id }, deps.clock());
      if (!state || state.hidden) return reply.callNotFound();
      // Once an appeal ends, only its Cancel stays public: earlier messages name and show the child.
      if (state.ended && message.msg_type !== 'Cancel') throw gone();
      return sendMessage(request, reply, message.xml);
    },
  );

  app.get(
    '/alerts/:alertId/cap.xml',
    {
      config: { access: 'public' },
      schema: { tags: ['feeds'], summary: 'The latest CAP 1.2 message of an alert', params: AlertCapParams },
    },
    async (request, reply) => {
      const { alertId } = request.params;
      const state = await publicAlertState(db, { id: alertId }, deps.clock());
      if (!state || state.hidden) return reply.callNotFound();
      const latest = await latestMessage(db, alertId);
      if (!latest || (state.ended && latest.msg_type !== 'Cancel')) throw gone();
      return sendMessage(request, reply, latest.xml);
    },
  );

  app.get(
    '/feeds/alerts.atom',
    {
      config: { access: 'public' },
      schema: { tags: ['feeds'], summary: 'Atom feed of current Child Rescue Alert messages, each linking to its CAP' },
    },
    async (request, reply) => {
      const now = deps.clock();
      // The latest message of each active, unexpired alert, and the Cancel of each alert withdrawn or expired lately.
      const rows = await currentFeedEntries(db, now, new Date(now.getTime() - CANCEL_VISIBLE_MS));
      const entries: AtomEntry[] = rows.map((row) => {
        const t = translator(row.language);
        const cancelled = row.msg_type === 'Cancel';
        return {
          id: `urn:cap:${row.identifier}`,
          title: markedText(row.cap_status, cancelled ? t('cap.cancelHeadline') : row.headline, row.language),
          updated: row.sent,
          published: row.first_sent,
          summary: cancelled ? t('cap.cancelDescription') : row.summary,
          link: appealUrl(config.publicUrl, row.slug),
          capUrl: capUrl(config.publicUrl, row.identifier),
          category: row.msg_type,
          language: row.language,
        };
      });
      const xml = atomFeed({
        id: `${config.publicUrl}/feeds/alerts.atom`,
        title: 'Child Rescue Alerts',
        subtitle: 'Current Child Rescue Alert messages; each entry links to its CAP 1.2 message.',
        selfUrl: `${config.publicUrl}/feeds/alerts.atom`,
        htmlUrl: `${config.publicUrl}/appeals`,
        updated: rows[0]?.sent ?? new Date(0),
        author: { name: 'Forget-me-not', email: capSender(config.publicUrl) },
        language: 'en',
        entries,
      });
      return sendCacheable(request, reply, xml, ATOM_CONTENT_TYPE, FEED_MAX_AGE);
    },
  );
}
