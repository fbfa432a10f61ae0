// Where email and SMS go when no provider is configured (the embedded default): a table the console
// shows under a "development inbox" label. Nothing written here has left the machine.
import type { ChannelAdapter, ChannelName } from '../channels/channel.ts';
import type { Queryable } from '../db/database.ts';

export function devInboxAdapter(db: Queryable, channel: ChannelName, clock: () => Date): ChannelAdapter {
  return {
    channel,
    concurrency: 4,
    async send(message) {
      try {
        await db.query('INSERT INTO dev_inbox (delivery_id, channel, address, subject, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
          message.deliveryId,
          channel,
          message.address,
          channel === 'sms' ? null : message.content.subject,
          channel === 'sms' ? message.content.sms : message.content.text,
          clock(),
        ]);
        return { status: 'delivered' };
      } catch (error) {
        return { status: 'retry', error: (error as Error).message };
      }
    },
    async close() {},
  };
}

export interface DevInboxEntry {
  id: number;
  channel: string;
  address: string;
  subject: string | null;
  body: string;
  created_at: Date;
}

export async function listDevInbox(db: Queryable, options: { before?: number; limit: number }): Promise<DevInboxEntry[]> {
  const { rows } = await db.query<DevInboxEntry>(
    `SELECT id, channel, address, subject, body, created_at FROM dev_inbox WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2`,
    [options.before ?? null, options.limit],
  );
  return rows;
}
