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
