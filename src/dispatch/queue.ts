// Putting single deliveries on the dispatch queue outside an alert's fan-out: sign-up confirmations.
// Alert deliveries are written in bulk by the fan-out (fanout.ts); both are sent by the same workers.
import type { ChannelName } from '../channels/channel.ts';
import type { Queryable } from '../db/database.ts';

/** What a confirmation says: the code to type in, or the link to follow (email), in the recipient's language. */
export interface ConfirmationPayload {
  code?: string;
  link?: string;
  language: string;
}

/** Queues a confirmation to one address of a subscriber, inside the caller's transaction. */
export async function enqueueConfirmation(
  tx: Queryable,
  input: { subscriberId: string; channel: Extract<ChannelName, 'email' | 'sms'>; payload: ConfirmationPayload; now: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO deliveries (subscriber_id, channel, notice, state, due_at, payload, created_at)
     VALUES ($1, $2, 'confirm', 'queued', $3, $4, $3)`,
    [input.subscriberId, input.channel, input.now, JSON.stringify(input.payload)],
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
  const theirs = `SELECT id FROM deliveries WHERE message_id IS NULL AND subscriber_id = $1
                  UNION ALL
                  SELECT id FROM deliveries WHERE message_id = ANY(ARRAY(SELECT id FROM alert_messages)) AND subscriber_id = $1`;
  await tx.query(`DELETE FROM dev_inbox WHERE delivery_id IN (${theirs})`, [subscriberId]);
  await tx.query(
    `UPDATE deliveries d
        SET state = CASE WHEN d.state IN ('queued', 'sending', 'retrying') THEN 'dropped' ELSE d.state END,
            last_error = CASE WHEN d.state IN ('queued', 'sending', 'retrying') THEN 'the recipient has left' ELSE NULL END,
            leased_until = NULL, subscriber_id = NULL, payload = NULL, provider_ref = NULL
       FROM (${theirs}) mine
      WHERE d.id = mine.id`,
    [subscriberId],
  );
}
