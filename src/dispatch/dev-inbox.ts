// Where email and SMS go when no provider is configured (the embedded default): a table the console
// shows under a "development inbox" label. Nothing written here has left the machine.
import type { AppDeps } from '../app-deps.ts';
import type { ChannelAdapter, ChannelName, Notice } from '../channels/channel.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { linkSecret, unsubscribeUrl } from '../subscribers/links.ts';
import { recipientLanguages } from '../subscribers/recipients.ts';
import { renderAlertNotice, withUnsubscribeFooter } from './render.ts';

export function devInboxAdapter(db: Queryable, channel: ChannelName, clock: () => Date): ChannelAdapter {
  return {
    channel,
    concurrency: 4,
    async send(message) {
      try {
        const subject = channel === 'sms' ? null : message.content.subject;
        const body = channel === 'sms' ? message.content.sms : message.content.text;
        await db.query(
          sql`INSERT INTO dev_inbox (delivery_id, channel, address, subject, body, created_at)
              VALUES (${message.deliveryId}, ${channel}, ${message.address}, ${subject}, ${body}, ${clock()})`,
        );
        return { status: 'delivered' };
      } catch (error) {
        return { status: 'retry', error: (error as Error).message };
      }
    },
    async close() {},
  };
}

export type DevInboxEntry = Row<'dev_inbox', 'id' | 'channel' | 'address' | 'subject' | 'body' | 'created_at'>;

export interface DevInboxFilter {
  before?: number;
  limit: number;
  channel?: 'email' | 'sms';
  /** Part of the address, any case. */
  address?: string;
}

export async function listDevInbox(db: Queryable, options: DevInboxFilter): Promise<DevInboxEntry[]> {
  const address = options.address ? `%${options.address.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const { rows } = await db.query<DevInboxEntry>(
    sql`SELECT id, channel, address, subject, body, created_at FROM dev_inbox
         WHERE (${options.before ?? null}::bigint IS NULL OR id < ${options.before ?? null})
           AND (${options.channel ?? null}::text IS NULL OR channel = ${options.channel ?? null})
           AND (${address}::text IS NULL OR address ILIKE ${address})
         ORDER BY id DESC LIMIT ${options.limit}`,
  );
  return rows;
}

/**
 * The HTML part of an email in the inbox. Only its text is kept, so the HTML is rendered again from the
 * immutable message it came from, with the recipient's unsubscribe footer, as the sender would have.
 * Null for SMS, for sign-up confirmations (their codes are forgotten once sent) and for entries whose
 * delivery is gone; undefined when there is no such entry.
 */
export async function devInboxHtml(
  deps: Pick<AppDeps, 'db' | 'media' | 'clock'> & { config: Pick<AppDeps['config'], 'publicUrl'> },
  id: number,
): Promise<string | null | undefined> {
  const { rows } = await deps.db.query<
    Row<'dev_inbox', 'channel'> &
      Row<'deliveries', 'message_id' | 'subscriber_id'> & { notice: Notice | null; issue: number | null; language: string | null }
  >(
    sql`SELECT i.channel, d.message_id, d.notice, d.issue, d.subscriber_id, s.language
          FROM dev_inbox i LEFT JOIN deliveries d ON d.id = i.delivery_id LEFT JOIN (${recipientLanguages}) s ON s.id = d.subscriber_id
         WHERE i.id = ${id}`,
  );
  const row = rows[0];
  if (!row) return undefined;
  if (row.channel !== 'email' || !row.message_id || !row.notice || row.notice === 'confirm' || !row.subscriber_id) return null;
  const content = await renderAlertNotice(deps, row.message_id, row.notice, row.language ?? 'en', row.issue ?? 0);
  if (!content) return null;
  const secret = await linkSecret(deps.db, deps.clock());
  return withUnsubscribeFooter(content, unsubscribeUrl(deps.config.publicUrl, secret, row.subscriber_id, content.language)).html;
}
