// What is held about one member of the public who signed up for alerts, for a subject access request, and its
// erasure; and the retention schedule's rule over sign-ups never confirmed. src/retention/ decides when.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { forgetRecipient } from '../dispatch/queue.ts';
import { checkEmail, inboundNumber } from './addresses.ts';

export type SubscriberRecordRow = Row<'subscribers', 'id' | 'language' | 'include_exercises' | 'created_at' | 'updated_at'> & {
  channels: { channel: string; address: string; confirmedAt: string | null; createdAt: string }[];
  cells: number;
};

/** The public subscribers (not an organisation's recipients) with this email address or phone number. */
export async function subscribersByAddress(db: Queryable, address: { email?: string; phone?: string }): Promise<string[]> {
  const email = address.email ? checkEmail(address.email) : undefined;
  const stored = [email?.ok ? email.address : undefined, address.phone ? inboundNumber(address.phone) : undefined].filter(
    (value): value is string => value !== undefined,
  );
  if (stored.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    sql`SELECT DISTINCT s.id::text AS id FROM subscribers s JOIN subscriber_channels c ON c.subscriber_id = s.id
         WHERE s.organisation_id IS NULL AND c.address = ANY(${stored}::text[]) ORDER BY 1`,
  );
  return rows.map((row) => row.id);
}

/** What is held about these subscribers: language, choices, addresses and how many areas (never the cells themselves). */
export async function subscriberRecords(db: Queryable, subscriberIds: readonly string[]): Promise<SubscriberRecordRow[]> {
  const { rows } = await db.query<SubscriberRecordRow>(
    sql`SELECT s.id, s.language, s.include_exercises, s.created_at, s.updated_at,
               coalesce((SELECT json_agg(json_build_object('channel', c.channel, 'address', c.address, 'confirmedAt', c.confirmed_at, 'createdAt', c.created_at)
                                         ORDER BY c.channel)
                           FROM subscriber_channels c WHERE c.subscriber_id = s.id), '[]'::json) AS channels,
               (SELECT count(*)::int FROM subscriber_cells x WHERE x.subscriber_id = s.id) AS cells
          FROM subscribers s WHERE s.id = ANY(${[...subscriberIds]}::uuid[]) AND s.organisation_id IS NULL ORDER BY s.created_at`,
  );
  return rows;
}

/** Deletes these public subscribers (channels and cells go with them) and takes them off every delivery. */
export async function eraseSubscribers(tx: Queryable, subscriberIds: readonly string[]): Promise<number> {
  let removed = 0;
  for (const id of subscriberIds) {
    const { rowCount } = await tx.query(sql`DELETE FROM subscribers WHERE id = ${id} AND organisation_id IS NULL`);
    if (rowCount > 0) await forgetRecipient(tx, id);
    removed += rowCount;
  }
  return removed;
}

const NEVER_CONFIRMED = sql`s.organisation_id IS NULL AND NOT EXISTS (SELECT 1 FROM subscriber_channels c WHERE c.subscriber_id = s.id AND c.confirmed_at IS NOT NULL)`;

/** Public sign-ups made before `cutoff` and never confirmed on any channel. */
export async function unconfirmedBefore(db: Queryable, cutoff: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM subscribers s WHERE s.created_at < ${cutoff} AND ${NEVER_CONFIRMED}`,
  );
  return rows[0]!.n;
}

/** Deletes one batch of the sign-ups made before `cutoff` and never confirmed. */
export async function deleteUnconfirmedBefore(tx: Queryable, cutoff: Date, batch: number): Promise<number> {
  const { rows } = await tx.query<{ id: string }>(
    sql`SELECT s.id::text AS id FROM subscribers s WHERE s.created_at < ${cutoff} AND ${NEVER_CONFIRMED} ORDER BY s.created_at LIMIT ${batch}`,
  );
  return eraseSubscribers(
    tx,
    rows.map((row) => row.id),
  );
}
