// Who is sent what, as dispatch needs it: recipients by place and channel, and each one's address and
// language. The set-based parts are SQL fragments, so that fan-out and the send queue's claim stay one
// statement each while the subscribers tables are named only here.
import type { Queryable } from '../db/database.ts';
import { empty, sql, type Sql } from '../db/sql.ts';

/**
 * Exercises and tests reach only those who opted in; for a real alert everyone with a confirmed address is
 * in, and a subscriber_channels row always has its subscriber (the foreign key), so the join would only
 * cost a lookup per recipient.
 */
function optedIn(actual: boolean): Sql {
  return actual ? empty : sql`JOIN subscribers s ON s.id = c.subscriber_id AND s.include_exercises`;
}

/**
 * Recipients with a confirmed address on one of `channels` who live in a cell of `ranges` (a subquery of
 * `low, high`): a query of `subscriber_id, channel`, one row per cell they hold there.
 */
export function recipientsInRanges(ranges: Sql, channels: readonly string[], actual: boolean): Sql {
  return sql`SELECT sc.subscriber_id, sc.channel
               FROM (${ranges}) r
               JOIN subscriber_cells c ON c.cell BETWEEN r.low AND r.high
               JOIN subscriber_channels sc ON sc.subscriber_id = c.subscriber_id AND sc.channel = ANY(${channels}::text[]) AND sc.confirmed_at IS NOT NULL
               ${optedIn(actual)}`;
}

/**
 * Recipients with a confirmed address on one of `channels` whose cells are after `after` (exclusive) up to
 * `upTo`: a national alert walks every recipient's cells in index order, a slice at a time.
 */
export function recipientsInCellSlice(after: string, upTo: string, channels: readonly string[], actual: boolean): Sql {
  return sql`SELECT sc.subscriber_id, sc.channel
               FROM subscriber_cells c
               JOIN subscriber_channels sc ON sc.subscriber_id = c.subscriber_id AND sc.channel = ANY(${channels}::text[]) AND sc.confirmed_at IS NOT NULL
               ${optedIn(actual)}
              WHERE c.cell > ${after}::bigint AND c.cell <= ${upTo}::bigint`;
}

/** The last cell of the next slice of `size` recipient cells after `after`, or null when none is left. */
export async function cellSliceEnd(db: Queryable, after: string, size: number): Promise<string | null> {
  const { rows } = await db.query<{ cell: string | null }>(
    sql`SELECT max(cell)::text AS cell FROM (SELECT cell FROM subscriber_cells WHERE cell > ${after}::bigint ORDER BY cell LIMIT ${size}) slice`,
  );
  return rows[0]?.cell ?? null;
}

/**
 * Each recipient's addresses, one row per (subscriber, channel) with its address, push keys and webhook
 * secrets: a subquery to join on both columns (the planner flattens it into a primary-key lookup).
 */
export const recipientChannels: Sql = sql`SELECT subscriber_id, channel, address, confirmed_at, push_p256dh, push_auth, webhook_secret,
                                                 previous_webhook_secret, previous_secret_until
                                            FROM subscriber_channels`;

/** Each recipient's language: a subquery of `id, language` to join on the recipient's id. */
export const recipientLanguages: Sql = sql`SELECT id, language FROM subscribers`;

/**
 * A push subscription the push service says is gone is removed, and with it each member of the public
 * left with no channel. Returns those removed whole, whose deliveries must then stop pointing at them.
 */
export async function removeGoneChannels(tx: Queryable, channel: string, subscriberIds: readonly string[]): Promise<string[]> {
  await tx.query(sql`DELETE FROM subscriber_channels WHERE channel = ${channel} AND subscriber_id = ANY(${subscriberIds}::uuid[])`);
  const { rows } = await tx.query<{ id: string }>(
    sql`DELETE FROM subscribers s WHERE s.id = ANY(${subscriberIds}::uuid[]) AND s.organisation_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM subscriber_channels sc WHERE sc.subscriber_id = s.id) RETURNING s.id`,
  );
  return rows.map((row) => row.id);
}
