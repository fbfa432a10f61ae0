// The links in what recipients are sent: one-click unsubscribe (RFC 8058) and "manage my alerts".
// The token is an HMAC of the recipient's id under the instance's link secret, so nothing needs storing
// per recipient and a token cannot be forged or moved to another recipient.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { instanceKey } from '../db/instance-keys.ts';

export async function linkSecret(db: Queryable, now: Date): Promise<Buffer> {
  const stored = await instanceKey(db, 'recipient_link_secret', () => randomBytes(32).toString('base64'), now);
  return Buffer.from(stored, 'base64');
}

export function recipientToken(secret: Buffer, subscriberId: string): string {
  return createHmac('sha256', secret).update(`recipient:${subscriberId}`).digest().subarray(0, 24).toString('base64url');
}

export function verifyRecipientToken(secret: Buffer, subscriberId: string, token: string): boolean {
  const expected = Buffer.from(recipientToken(secret, subscriberId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * One-click unsubscribe: GET shows a confirm button, POST (from the page or a mail client) removes. It
 * carries the language of the message it is in, so the page it opens is in that language.
 */
export function unsubscribeUrl(publicUrl: string, secret: Buffer, subscriberId: string, language: string): string {
  return `${publicUrl}/alerts/unsubscribe/${subscriberId}/${recipientToken(secret, subscriberId)}?lang=${encodeURIComponent(language)}`;
}
