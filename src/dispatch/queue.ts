// Putting single deliveries on the dispatch queue outside an alert's fan-out: sign-up confirmations.
// Alert deliveries are written in bulk by the fan-out (fanout.ts); both are sent by the same workers.
import type { ChannelName } from '../channels/channel.ts';
import { recentAlertMessageIds } from '../alerts/dispatch-view.ts';
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import type { ConfirmationPayload } from '../subscribers/confirmation.ts';

// The payload is the subscribers' (they say what a confirmation holds); dispatch only carries it.
export type { ConfirmationPayload };

/** Queues a confirmation to one address of a subscriber, inside the caller's transaction. */
export async function enqueueConfirmation(
  tx: Queryable,
  input: { subscriberId: string; channel: Extract<ChannelName, 'email' | 'sms'>; payload: ConfirmationPayload; now: Date },
): Promise<void> {
  await tx.query(
    sql`INSERT INTO deliveries (subscriber_id, channel, notice, state, due_at, payload, created_at)
        VALUES (${input.subscriberId}, ${input.channel}, 'confirm', 'queued', ${input.now}, ${JSON.stringify(input.payload)}, ${input.now})`,
  );
}

/**
 * A recipient has left: nothing dispatch holds may still lead to them. Their sends not yet made are
 * dropped; every delivery of theirs keeps its state and times (the alert's figures stay true: the tally
 * triggers see only the dropped ones move) but loses the recipient's id, the confirmation payload, the
 * provider's reference and the error text, any of which can carry the address; the development inbox's
 * copies of what they were sent go. Inside the caller's transaction, the one that deletes the recipient.
 *
 * Their rows are found through the unique key (message, recipient, ...): once per message ever sent, and
 * once for confirmations (no message), rather than through an index every delivery would pay for.
 */
export async function forgetRecipient(tx: Queryable, subscriberId: string): Promise<void> {
  const theirs = sql`SELECT id FROM deliveries WHERE message_id IS NULL AND subscriber_id = ${subscriberId}
                     UNION ALL
                     SELECT id FROM deliveries WHERE message_id = ANY(ARRAY(${recentAlertMessageIds()})) AND subscriber_id = ${subscriberId}`;
  await tx.query(sql`DELETE FROM dev_inbox WHERE delivery_id IN (${theirs})`);
  await tx.query(
    sql`UPDATE deliveries d
           SET state = CASE WHEN d.state IN ('queued', 'sending', 'retrying') THEN 'dropped' ELSE d.state END,
               last_error = CASE WHEN d.state IN ('queued', 'sending', 'retrying') THEN 'the recipient has left' ELSE NULL END,
               leased_until = NULL, subscriber_id = NULL, payload = NULL, provider_ref = NULL
          FROM (${theirs}) mine
         WHERE d.id = mine.id`,
  );
}

/** Alert messages whose sends to a channel being removed are dropped at once: pending sends belong to the latest ones. */
const RECENT_MESSAGES = 200;

/**
 * Pending sends on a channel the recipient removed (they stay subscribed on others) are dropped, inside
 * the caller's transaction. The rows are found through the unique key (message, recipient, ...):
 * confirmations have no message, and the alert messages looked at are the most recent ones. A pending send
 * of an older message is dropped by the sender when it comes to it (the address is gone). Someone who
 * leaves altogether goes through forgetRecipient.
 */
export async function dropPendingSends(tx: Queryable, subscriberId: string, channel?: string): Promise<void> {
  await tx.query(
    sql`UPDATE deliveries SET state = 'dropped', last_error = 'the recipient has left'
         WHERE (message_id IS NULL OR message_id = ANY(ARRAY(${recentAlertMessageIds(RECENT_MESSAGES)})))
           AND subscriber_id = ${subscriberId} AND state IN ('queued', 'retrying') AND (${channel ?? null}::text IS NULL OR channel = ${channel ?? null})`,
  );
}
