// Child Rescue Alerts between partner sites: the alert feed partners pull (beside the PFIF feeds, with the same
// keys and cursors), and, for the national coordinator, the alerts partners offer us, to relay or decline.
// Relaying publishes here (the public gallery and the relayed alert's own page) and needs a second factor, as
// approving an alert does; it does not send through our channels (see README).
import type { AppDeps } from '../app-deps.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { actorOf, partnerOf } from '../auth/access.ts';
import { auditActor, requireSecondFactorSession } from '../auth/actor.ts';
import { invalid } from '../http/problem.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { readAlertFeedPage } from './alert-outbound.ts';
import { declineOffer, listOffers, relayEndsAt, relayOffer, relayPublicPath, type OfferRow } from './alert-offers.ts';
import { decodeFeedCursor, encodeFeedCursor } from './outbound.ts';
import {
  AlertFeedAnswer,
  AlertOfferList,
  AlertOfferParams,
  AlertOfferView,
  DeclineRequest,
  FeedQuery,
  RelayRequest,
  type AlertOfferView as AlertOfferViewType,
} from './schemas.ts';

const TAGS = ['exchange'];
const ALERT_FEED_PATH = '/pfif/1.4/alerts';
const DEFAULT_PAGE = 200;

function offerView(offer: OfferRow): AlertOfferViewType {
  // Only a relayed alert ends (an offer the origin ends undecided is withdrawn).
  const relayed = offer.state === 'relayed' || offer.state === 'ended';
  return {
    id: offer.id,
    state: offer.state,
    capStatus: offer.cap_status,
    partner: { code: offer.partner_code, name: offer.partner_name },
    senderName: offer.sender_name,
    infos: offer.infos,
    originExpiresAt: offer.origin_expires_at?.toISOString() ?? null,
    offeredAt: offer.offered_at.toISOString(),
    updatedAt: offer.received_at.toISOString(),
    decidedAt: offer.decided_at?.toISOString() ?? null,
    decidedBy: offer.decided_by_email,
    declineReason: offer.decline_reason,
    relayEndsAt: relayed ? (relayEndsAt(offer)?.toISOString() ?? null) : null,
    relayContents: offer.relay_contents,
    publicPath: relayed ? relayPublicPath(offer.slug) : null,
    endedReason: offer.ended_reason,
  };
}

export function registerAlertExchangeRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, clock } = deps;
  app.get(
    ALERT_FEED_PATH,
    {
      config: { access: 'partner' },
      schema: {
        tags: TAGS,
        summary:
          'Child Rescue Alerts offered to partners (X-Partner-Key): the latest CAP 1.2 message of each, cut to the partner’s grants; page on with X-Next-Cursor',
        security: [],
        querystring: FeedQuery,
        response: { 200: AlertFeedAnswer },
      },
    },
    async (request, reply) => {
      const partner = partnerOf(request);
      const { cursor, max_results: size = DEFAULT_PAGE } = request.query;
      const after = cursor === undefined ? undefined : decodeFeedCursor(cursor);
      if (cursor !== undefined && !after) throw invalid('/querystring/cursor', 'the cursor is not one this feed gave', { code: 'cursor' });
      const page = await readAlertFeedPage(db, partner, after, size);
      if (page.next) {
        const next = encodeFeedCursor(page.next);
        reply.header('x-next-cursor', next);
        if (page.more) reply.header('link', `<${ALERT_FEED_PATH}?cursor=${next}&max_results=${size}>; rel="next"`);
      }
      // Each partner sees its own statuses and fields: never cached by anyone between.
      reply.header('cache-control', 'private, no-store');
      return { items: page.items };
    },
  );

  app.get(
    '/api/v1/exchange/alert-offers',
    {
      config: { access: 'exchange:manage' },
      schema: {
        tags: TAGS,
        summary: 'Child Rescue Alerts partners offer us: those awaiting a decision first, then the latest decided or ended; audited',
        response: { 200: AlertOfferList },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const offers = await listOffers(db);
      // The offers name children: reading them is a disclosure, recorded as one (ids only).
      await db.transaction((tx) =>
        appendAudit(
          tx,
          {
            ...auditActor(actor),
            action: 'exchange.alert_offers_read',
            subjectType: 'cra_offer',
            details: { offers: offers.filter((o) => o.infos.length > 0).map((o) => o.id) },
          },
          clock(),
        ),
      );
      return { items: offers.map(offerView) };
    },
  );

  app.post(
    '/api/v1/exchange/alert-offers/:id/relay',
    {
      config: { access: 'exchange:manage' },
      schema: {
        tags: TAGS,
        summary:
          'Relay an offered alert: published on our public site, marked as relayed from its origin, until our end (never after the origin’s); needs a second factor; audited',
        params: AlertOfferParams,
        body: RelayRequest,
        response: { 200: AlertOfferView },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      requireSecondFactorSession(actor, 'Relaying a Child Rescue Alert');
      const now = clock();
      const offer = await db.transaction(async (tx) => {
        const relayed = await relayOffer(
          tx,
          request.params.id,
          { decidedBy: actor.userId, expiresAt: request.body.expiresAt, contents: request.body.contents },
          now,
        );
        await appendAudit(
          tx,
          {
            ...auditActor(actor),
            action: 'exchange.alert_relayed',
            subjectType: 'cra_offer',
            subjectId: relayed.id,
            details: {
              partner: relayed.partner_code,
              relayEndsAt: relayEndsAt(relayed)?.toISOString() ?? null,
              languages: relayed.relay_contents.map((c) => c.language),
              secondFactor: actor.secondFactor,
            },
          },
          now,
        );
        return relayed;
      });
      return offerView(offer);
    },
  );

  app.post(
    '/api/v1/exchange/alert-offers/:id/decline',
    {
      config: { access: 'exchange:manage' },
      schema: {
        tags: TAGS,
        summary: 'Decline an offered alert with a reason (kept in the audit log): nothing of it is published here; audited',
        params: AlertOfferParams,
        body: DeclineRequest,
        response: { 200: AlertOfferView },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const now = clock();
      const reason = request.body.reason.trim();
      if (reason.length < 10) throw invalid('/body/reason', 'write the reason (at least 10 characters)', { code: 'too-short', limit: 10 });
      const offer = await db.transaction(async (tx) => {
        const declined = await declineOffer(tx, request.params.id, actor.userId, reason, now);
        await appendAudit(
          tx,
          {
            ...auditActor(actor),
            action: 'exchange.alert_declined',
            subjectType: 'cra_offer',
            subjectId: declined.id,
            details: { partner: declined.partner_code },
            reason,
          },
          now,
        );
        return declined;
      });
      return offerView(offer);
    },
  );
}
