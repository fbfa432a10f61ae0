// Alerts offered to us by partners, as the national coordinator decides on them (relay or decline, both
// audited) and as the public site shows the relayed ones: only relayed, unexpired alerts from partners
// still enabled are public, until the earlier of our own end and the origin's.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { empty, sql } from '../db/sql.ts';
import { staffEmails } from '../auth/staff-names.ts';
import { conflict, invalid, notFound } from '../http/problem.ts';
import type { RelayCapStatus, RelayEnd } from './alert-outbound.ts';
import type { OfferedInfo, OfferState } from './alert-inbound.ts';

/** Our public page of a relayed alert. */
export function relayPublicPath(slug: string): string {
  return `/appeals/relayed/${slug}`;
}

export interface RelayContent {
  language: string;
  headline: string;
  description: string;
}

export type OfferRow = Row<
  'cra_offers',
  | 'id'
  | 'slug'
  | 'incident'
  | 'sender_name'
  | 'origin_expires_at'
  | 'offered_at'
  | 'received_at'
  | 'decided_at'
  | 'decline_reason'
  | 'relay_expires_at'
  | 'ended_at'
> & {
  state: OfferState;
  cap_status: RelayCapStatus;
  infos: OfferedInfo[];
  relay_contents: RelayContent[];
  ended_reason: RelayEnd | null;
  partner_code: string;
  partner_name: string;
  partner_revoked: boolean;
  decided_by_email: string | null;
};

const OFFER_SELECT = sql`SELECT o.id, o.slug, o.incident, o.state, o.cap_status, o.sender_name, o.infos, o.origin_expires_at, o.offered_at, o.received_at,
         o.decided_at, o.decline_reason, o.relay_expires_at, o.relay_contents, o.ended_reason, o.ended_at,
         p.code AS partner_code, p.name AS partner_name, (p.revoked_at IS NOT NULL) AS partner_revoked, u.email AS decided_by_email
    FROM cra_offers o JOIN pfif_partners p ON p.id = o.partner_id LEFT JOIN ${staffEmails()} u ON u.id = o.decided_by`;

/** Offers awaiting a decision first (oldest first: the longest waiting), then the latest decided or ended. */
export async function listOffers(db: Queryable, limit = 100): Promise<OfferRow[]> {
  const { rows } = await db.query<OfferRow>(
    sql`${OFFER_SELECT} ORDER BY (o.state = 'offered') DESC, CASE WHEN o.state = 'offered' THEN o.offered_at END ASC, o.received_at DESC LIMIT ${limit}`,
  );
  return rows;
}

export async function findOffer(db: Queryable, id: string, forUpdate = false): Promise<OfferRow | undefined> {
  const { rows } = await db.query<OfferRow>(sql`${OFFER_SELECT} WHERE o.id = ${id}${forUpdate ? sql` FOR UPDATE OF o` : empty}`);
  return rows[0];
}

/** When a relayed alert ends here: the earlier of our own end and the origin's. */
export function relayEndsAt(offer: Pick<OfferRow, 'origin_expires_at' | 'relay_expires_at'>): Date | null {
  const ends = [offer.origin_expires_at, offer.relay_expires_at].filter((d): d is Date => d !== null);
  return ends.length === 0 ? null : new Date(Math.min(...ends.map((d) => d.getTime())));
}

async function requireOpenOffer(tx: Queryable, id: string): Promise<OfferRow> {
  const offer = await findOffer(tx, id, true);
  if (!offer) throw notFound(`Alert offer ${id}`);
  if (offer.state !== 'offered')
    throw conflict(
      offer.state === 'withdrawn'
        ? 'The origin ended this alert before it was decided on: there is nothing to relay.'
        : 'This offer has already been decided on.',
    );
  if (offer.partner_revoked) throw conflict(`Partner ${offer.partner_code} is disabled: nothing of theirs is published here.`);
  return offer;
}

export interface RelayDecision {
  decidedBy: string;
  expiresAt?: string | undefined;
  contents?: readonly RelayContent[] | undefined;
}

function checkRelayContents(contents: readonly RelayContent[]): void {
  const seen = new Set<string>();
  contents.forEach((content, index) => {
    let tag: string;
    try {
      tag = Intl.getCanonicalLocales(content.language)[0]!.toLowerCase();
    } catch {
      throw invalid(`/body/contents/${index}/language`, `"${content.language}" is not a BCP 47 language tag`, { code: 'language-tag' });
    }
    if (seen.has(tag)) throw invalid(`/body/contents/${index}/language`, `the language ${tag} is given twice`, { code: 'duplicate' });
    seen.add(tag);
  });
}

/** Relays an offer: published here from now until our end (never later than the origin's). */
export async function relayOffer(tx: Queryable, id: string, decision: RelayDecision, now: Date): Promise<OfferRow> {
  const offer = await requireOpenOffer(tx, id);
  const originEnd = offer.origin_expires_at;
  if (originEnd !== null && originEnd.getTime() <= now.getTime())
    throw conflict('The alert has expired at its origin: it can no longer be relayed.');
  let expiresAt: Date | null = null;
  if (decision.expiresAt !== undefined) {
    expiresAt = new Date(decision.expiresAt);
    if (expiresAt.getTime() <= now.getTime()) throw invalid('/body/expiresAt', 'the end must be in the future', { code: 'past' });
    if (originEnd !== null && expiresAt.getTime() > originEnd.getTime())
      throw invalid('/body/expiresAt', `a relay ends no later than the origin's alert (${originEnd.toISOString()})`, {
        code: 'after-origin',
      });
  }
  const contents = decision.contents ?? [];
  checkRelayContents(contents);
  await tx.query(
    sql`UPDATE cra_offers SET state = 'relayed', decided_by = ${decision.decidedBy}, decided_at = ${now}, relay_expires_at = ${expiresAt},
               relay_contents = ${JSON.stringify(contents)}::jsonb
         WHERE id = ${id}`,
  );
  return (await findOffer(tx, id))!;
}

export async function declineOffer(tx: Queryable, id: string, decidedBy: string, reason: string, now: Date): Promise<OfferRow> {
  await requireOpenOffer(tx, id);
  await tx.query(
    sql`UPDATE cra_offers SET state = 'declined', decided_by = ${decidedBy}, decided_at = ${now}, decline_reason = ${reason} WHERE id = ${id}`,
  );
  return (await findOffer(tx, id))!;
}

export interface PublicRelay {
  slug: string;
  capStatus: RelayCapStatus;
  partnerName: string;
  senderName: string | null;
  infos: OfferedInfo[];
  contents: RelayContent[];
  relayedAt: Date;
  endsAt: Date | null;
  /** Set when the public may no longer see it: ended at the origin, expired, or its partner disabled. */
  ended: 'found' | 'cancelled' | 'expired' | null;
}

function publicRelayOf(offer: OfferRow, now: Date): PublicRelay {
  const endsAt = relayEndsAt(offer);
  const ended: PublicRelay['ended'] =
    offer.state === 'ended'
      ? offer.ended_reason === 'found'
        ? 'found'
        : offer.ended_reason === 'expired'
          ? 'expired'
          : 'cancelled'
      : offer.partner_revoked
        ? 'cancelled'
        : endsAt !== null && endsAt.getTime() <= now.getTime()
          ? 'expired'
          : null;
  return {
    slug: offer.slug,
    capStatus: offer.cap_status,
    partnerName: offer.partner_name,
    senderName: offer.sender_name,
    infos: offer.infos,
    contents: offer.relay_contents,
    relayedAt: offer.decided_at ?? offer.offered_at,
    endsAt,
    ended,
  };
}

/** A relayed alert by its public address; undefined if it was never relayed (an offer is not public). */
export async function findPublicRelay(db: Queryable, slug: string, now: Date): Promise<PublicRelay | undefined> {
  const { rows } = await db.query<OfferRow>(
    sql`${OFFER_SELECT} WHERE o.slug = ${slug} AND o.state IN ('relayed', 'ended') AND o.decided_at IS NOT NULL`,
  );
  return rows[0] && publicRelayOf(rows[0], now);
}

/** Relayed live alerts the public lists: real ones only (an exercise is reachable by its link, as ours are). */
export async function liveRelays(db: Queryable, now: Date): Promise<PublicRelay[]> {
  const { rows } = await db.query<OfferRow>(
    sql`${OFFER_SELECT} WHERE o.state = 'relayed' AND o.cap_status = 'Actual' AND p.revoked_at IS NULL ORDER BY o.decided_at DESC`,
  );
  return rows.map((row) => publicRelayOf(row, now)).filter((relay) => relay.ended === null);
}
