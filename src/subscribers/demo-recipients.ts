// Demo members of the public, signed up and confirmed already, so that a demo install shows dispatch at work.
// Only the demo seed calls this: real sign-ups confirm each address first (sign-up.ts).
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { insertSubscriber, type NewSubscriber } from './store.ts';

export interface DemoRecipient extends NewSubscriber {
  email: string;
  sms?: string;
}

/** Writes a subscriber with confirmed email (and SMS) addresses; returns its id. */
export async function insertDemoRecipient(tx: Queryable, recipient: DemoRecipient, now: Date): Promise<string> {
  const id = await insertSubscriber(tx, recipient, now);
  const addresses: Array<['email' | 'sms', string]> = [['email', recipient.email]];
  if (recipient.sms !== undefined) addresses.push(['sms', recipient.sms]);
  for (const [channel, address] of addresses) {
    await tx.query(
      sql`INSERT INTO subscriber_channels (subscriber_id, channel, address, confirmed_at, created_at) VALUES (${id}, ${channel}, ${address}, ${now}, ${now})`,
    );
  }
  return id;
}
