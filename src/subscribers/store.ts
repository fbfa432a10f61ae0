// Data access for members of the public who signed up: their addresses, their coarse cells, confirming
// an address, and leaving. Organisation-enrolled recipients share the tables but are managed elsewhere.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { dropPendingSends, forgetRecipient } from '../dispatch/queue.ts';
import { bigIntToCell } from '../geo/cells.ts';
import { checkEmail, inboundNumber } from './addresses.ts';

export type AddressChannel = 'email' | 'sms';

/** Wrong codes an SMS confirmation survives; then only a new sign-up (a new code) helps. */
export const MAX_CODE_ATTEMPTS = 5;
/** Confirmations one address may be sent in an hour, however often the form is filled in for it. */
export const MAX_CONFIRMATIONS_PER_HOUR = 3;

const HOUR_MS = 60 * 60 * 1000;
const ABANDONED_AFTER_MS = 48 * HOUR_MS;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What an SMS code is stored as: bound to its subscriber, so a hash cannot be replayed against another row. */
export function codeHash(subscriberId: string, code: string): string {
  return sha256Hex(`${subscriberId}:${code}`);
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

// Replies that mean "stop sending me messages" (the usual carrier set, and the Welsh word).
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'END', 'CANCEL', 'QUIT', 'STOPIO']);

/** Whether an inbound SMS asks to stop: the keyword alone, in any case, give or take spaces and punctuation. */
export function isStopKeyword(text: string): boolean {
  const word = text
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toUpperCase();
  return STOP_WORDS.has(word);
}

/** Removes one channel of a subscriber; a member of the public with no channel left is removed whole. */
async function removeChannelRow(tx: Queryable, subscriberId: string, channel: string): Promise<'removed' | 'left' | 'none'> {
  const removed = await tx.query(sql`DELETE FROM subscriber_channels WHERE subscriber_id = ${subscriberId} AND channel = ${channel}`);
  if (removed.rowCount === 0) return 'none';
  await dropPendingSends(tx, subscriberId, channel);
  const gone = await tx.query(
    sql`DELETE FROM subscribers s WHERE s.id = ${subscriberId} AND s.organisation_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM subscriber_channels sc WHERE sc.subscriber_id = s.id)`,
  );
  if (gone.rowCount > 0) {
    await forgetRecipient(tx, subscriberId);
    return 'left';
  }
  return 'removed';
}

/**
 * Someone leaves, and "your details have been deleted" is true: the subscriber, their channels (addresses,
 * push subscriptions, pending confirmation codes) and cells go at once (ON DELETE CASCADE), and in the
 * same transaction every delivery stops pointing at them (forgetRecipient). False when there was no such
 * subscriber.
 */
export async function removeSubscriber(db: Database, subscriberId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const deleted = await tx.query(sql`DELETE FROM subscribers WHERE id = ${subscriberId}`);
    await forgetRecipient(tx, subscriberId);
    return deleted.rowCount > 0;
  });
}

/** The address in its stored form, or undefined when it cannot be anyone's. */
function storedAddress(channel: AddressChannel, address: string): string | undefined {
  if (channel === 'sms') return inboundNumber(address);
  const email = checkEmail(address);
  return email.ok ? email.address : undefined;
}

/**
 * STOP by SMS (or an email complaint): removes that address's channel from every subscriber who has it,
 * confirmed or not, and a member of the public left with no channel altogether. An organisation's
 * recipient keeps its row without the channel, so that re-importing the organisation's list updates it
 * rather than silently adding it back. Returns how many channels were removed.
 */
export async function unsubscribeByAddress(db: Database, channel: AddressChannel, address: string, _now: Date): Promise<number> {
  const stored = storedAddress(channel, address);
  if (!stored) return 0;
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<Row<'subscriber_channels', 'subscriber_id'>>(
      sql`SELECT subscriber_id FROM subscriber_channels WHERE channel = ${channel} AND address = ${stored}`,
    );
    let removed = 0;
    for (const row of rows) {
      if ((await removeChannelRow(tx, row.subscriber_id, channel)) !== 'none') removed++;
    }
    return removed;
  });
}

/**
 * Once an address is confirmed for one sign-up, every other public subscriber's row for the same address
 * goes (older pending sign-ups, or an earlier confirmed one): the newest confirmed choice replaces the
 * earlier, and one address never receives an alert twice.
 */
async function supersedeAddress(tx: Queryable, channel: string, address: string, keepSubscriberId: string): Promise<void> {
  const { rows } = await tx.query<Row<'subscriber_channels', 'subscriber_id'>>(
    sql`SELECT sc.subscriber_id FROM subscriber_channels sc JOIN subscribers s ON s.id = sc.subscriber_id
         WHERE sc.channel = ${channel} AND sc.address = ${address} AND sc.subscriber_id <> ${keepSubscriberId} AND s.organisation_id IS NULL`,
  );
  for (const row of rows) await removeChannelRow(tx, row.subscriber_id, channel);
}

/**
 * Pending sign-ups of this address whose confirmation expired and that are older than the throttle's
 * hour are cleared away (they no longer count, and nothing can confirm them).
 */
export async function clearExpiredSignUps(tx: Queryable, channel: AddressChannel, address: string, now: Date): Promise<void> {
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  const { rows } = await tx.query<Row<'subscriber_channels', 'subscriber_id'>>(
    sql`SELECT sc.subscriber_id FROM subscriber_channels sc JOIN subscribers s ON s.id = sc.subscriber_id
         WHERE sc.channel = ${channel} AND sc.address = ${address} AND sc.confirmed_at IS NULL AND sc.created_at < ${hourAgo}
           AND sc.confirm_expires_at < ${now} AND s.organisation_id IS NULL`,
  );
  for (const row of rows) await removeChannelRow(tx, row.subscriber_id, channel);
}

/**
 * How many sign-ups gave this address in the last hour: each row was sent a confirmation, so this is the
 * count the per-address throttle looks at. Uses the (channel, address) index.
 */
export async function recentSignUps(tx: Queryable, channel: AddressChannel, address: string, now: Date): Promise<number> {
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  const { rows } = await tx.query<{ count: number }>(
    sql`SELECT count(*)::int AS count FROM subscriber_channels sc JOIN subscribers s ON s.id = sc.subscriber_id
         WHERE sc.channel = ${channel} AND sc.address = ${address} AND sc.created_at > ${hourAgo} AND s.organisation_id IS NULL`,
  );
  return rows[0]?.count ?? 0;
}

/** A browser re-subscribing replaces its old registration wherever it was. */
export async function releasePushEndpoint(tx: Queryable, endpoint: string): Promise<void> {
  const { rows } = await tx.query<Row<'subscriber_channels', 'subscriber_id'>>(
    sql`SELECT sc.subscriber_id FROM subscriber_channels sc JOIN subscribers s ON s.id = sc.subscriber_id
         WHERE sc.channel = 'push' AND sc.address = ${endpoint} AND s.organisation_id IS NULL`,
  );
  for (const row of rows) await removeChannelRow(tx, row.subscriber_id, 'push');
}

export interface NewSubscriber {
  language: string;
  includeExercises: boolean;
  /** H3 cells at the subscriber resolution. */
  cells: readonly string[];
}

export async function insertSubscriber(tx: Queryable, input: NewSubscriber, now: Date): Promise<string> {
  const { rows } = await tx.query<Row<'subscribers', 'id'>>(
    sql`INSERT INTO subscribers (language, include_exercises, created_at, updated_at) VALUES (${input.language}, ${input.includeExercises}, ${now}, ${now}) RETURNING id`,
  );
  const id = rows[0]!.id;
  // Cells are above 2^53: they travel as decimal text and become bigint in SQL.
  const cellIds = [...new Set(input.cells)].map((cell) => BigInt(`0x${cell}`).toString());
  await tx.query(
    sql`INSERT INTO subscriber_cells (cell, subscriber_id) SELECT c::bigint, ${id}::uuid FROM unnest(${cellIds}::text[]) AS c`,
  );
  return id;
}

export async function insertPendingChannel(
  tx: Queryable,
  input: { subscriberId: string; channel: AddressChannel; address: string; confirmHash: string; expiresAt: Date },
  now: Date,
): Promise<void> {
  await tx.query(
    sql`INSERT INTO subscriber_channels (subscriber_id, channel, address, confirm_hash, confirm_expires_at, created_at)
        VALUES (${input.subscriberId}, ${input.channel}, ${input.address}, ${input.confirmHash}, ${input.expiresAt}, ${now})`,
  );
}

export async function insertPushChannel(
  tx: Queryable,
  input: { subscriberId: string; endpoint: string; p256dh: string; auth: string },
  now: Date,
): Promise<void> {
  // The browser's permission prompt was the opt-in: a push channel is confirmed at once.
  await tx.query(
    sql`INSERT INTO subscriber_channels (subscriber_id, channel, address, push_p256dh, push_auth, confirmed_at, created_at)
        VALUES (${input.subscriberId}, 'push', ${input.endpoint}, ${input.p256dh}, ${input.auth}, ${now}, ${now})`,
  );
}

async function markConfirmed(tx: Queryable, subscriberId: string, channel: AddressChannel, address: string, now: Date): Promise<void> {
  await tx.query(
    sql`UPDATE subscriber_channels SET confirmed_at = ${now}, confirm_hash = NULL, confirm_expires_at = NULL, confirm_attempts = 0
         WHERE subscriber_id = ${subscriberId} AND channel = ${channel}`,
  );
  await tx.query(sql`UPDATE subscribers SET updated_at = ${now} WHERE id = ${subscriberId}`);
  await supersedeAddress(tx, channel, address, subscriberId);
}

type PendingRow = Row<'subscriber_channels', 'subscriber_id' | 'address' | 'confirm_hash' | 'confirm_expires_at' | 'confirm_attempts'>;

/** Whether an email link still confirms something, without using it up (for the page before the button). */
export async function emailLinkIsLive(db: Queryable, subscriberId: string, secret: string, now: Date): Promise<boolean> {
  const { rows } = await db.query<PendingRow>(
    sql`SELECT subscriber_id, address, confirm_hash, confirm_expires_at, confirm_attempts FROM subscriber_channels
         WHERE subscriber_id = ${subscriberId} AND channel = 'email' AND confirmed_at IS NULL`,
  );
  const row = rows[0];
  return (
    row !== undefined &&
    row.confirm_hash !== null &&
    row.confirm_expires_at !== null &&
    row.confirm_expires_at > now &&
    sameHex(row.confirm_hash, sha256Hex(secret))
  );
}

/** Confirms an email address from its link. True when confirmed now; false for a wrong, used or expired link. */
export async function confirmEmailLink(db: Database, subscriberId: string, secret: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<PendingRow>(
      sql`SELECT subscriber_id, address, confirm_hash, confirm_expires_at, confirm_attempts FROM subscriber_channels
           WHERE subscriber_id = ${subscriberId} AND channel = 'email' AND confirmed_at IS NULL FOR UPDATE`,
    );
    const row = rows[0];
    if (!row?.confirm_hash || !row.confirm_expires_at || row.confirm_expires_at <= now) return false;
    if (!sameHex(row.confirm_hash, sha256Hex(secret))) return false;
    await markConfirmed(tx, subscriberId, 'email', row.address, now);
    return true;
  });
}

/**
 * Confirms a mobile number with the code texted to it. Every pending sign-up of that number is tried
 * (each has its own code); a wrong code counts against each, and one that has had MAX_CODE_ATTEMPTS
 * wrong tries, or has expired, confirms nothing. The subscriber confirmed, or undefined.
 */
export async function confirmSmsCode(db: Database, phone: string, code: string, now: Date): Promise<string | undefined> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<PendingRow>(
      sql`SELECT sc.subscriber_id, sc.address, sc.confirm_hash, sc.confirm_expires_at, sc.confirm_attempts
            FROM subscriber_channels sc JOIN subscribers s ON s.id = sc.subscriber_id
           WHERE sc.channel = 'sms' AND sc.address = ${phone} AND sc.confirmed_at IS NULL AND s.organisation_id IS NULL
           ORDER BY sc.created_at DESC FOR UPDATE OF sc`,
    );
    const live = rows.filter(
      (row) => row.confirm_hash && row.confirm_expires_at && row.confirm_expires_at > now && row.confirm_attempts < MAX_CODE_ATTEMPTS,
    );
    const match = live.find((row) => sameHex(row.confirm_hash!, codeHash(row.subscriber_id, code)));
    if (match) {
      await markConfirmed(tx, match.subscriber_id, 'sms', match.address, now);
      return match.subscriber_id;
    }
    if (live.length > 0) {
      const tried = live.map((row) => row.subscriber_id);
      await tx.query(
        sql`UPDATE subscriber_channels SET confirm_attempts = confirm_attempts + 1 WHERE channel = 'sms' AND subscriber_id = ANY(${tried}::uuid[])`,
      );
    }
    return undefined;
  });
}

export interface SubscriberView {
  id: string;
  language: string;
  includeExercises: boolean;
  channels: { channel: 'email' | 'sms' | 'push' | 'webhook'; address: string; confirmed: boolean }[];
  /** H3 cells. */
  cells: string[];
}

/** A member of the public's own settings, for the manage page; undefined for anyone else. */
export async function findPublicSubscriber(db: Queryable, subscriberId: string): Promise<SubscriberView | undefined> {
  const { rows } = await db.query<Row<'subscribers', 'id' | 'language' | 'include_exercises'>>(
    sql`SELECT id, language, include_exercises FROM subscribers WHERE id = ${subscriberId} AND organisation_id IS NULL`,
  );
  const subscriber = rows[0];
  if (!subscriber) return undefined;
  const channels = await db.query<
    Row<'subscriber_channels', 'address'> & { channel: SubscriberView['channels'][number]['channel']; confirmed: boolean }
  >(
    sql`SELECT channel, address, confirmed_at IS NOT NULL AS confirmed FROM subscriber_channels WHERE subscriber_id = ${subscriberId}
         ORDER BY array_position(ARRAY['email', 'sms', 'push', 'webhook'], channel)`,
  );
  const cells = await db.query<{ cell: string }>(
    sql`SELECT cell::text AS cell FROM subscriber_cells WHERE subscriber_id = ${subscriberId} ORDER BY cell`,
  );
  return {
    id: subscriber.id,
    language: subscriber.language,
    includeExercises: subscriber.include_exercises,
    channels: channels.rows,
    cells: cells.rows.map((row) => bigIntToCell(BigInt(row.cell))),
  };
}

export async function subscriberExists(db: Queryable, subscriberId: string): Promise<boolean> {
  const { rows } = await db.query(sql`SELECT 1 FROM subscribers WHERE id = ${subscriberId}`);
  return rows.length > 0;
}

export async function updateSubscriberSettings(
  db: Queryable,
  subscriberId: string,
  settings: { language: string; includeExercises: boolean },
  now: Date,
): Promise<void> {
  await db.query(
    sql`UPDATE subscribers SET language = ${settings.language}, include_exercises = ${settings.includeExercises}, updated_at = ${now}
         WHERE id = ${subscriberId} AND organisation_id IS NULL`,
  );
}

/** Removes one channel from the manage page: 'left' when it was the last and the subscriber is gone. */
export async function removeSubscriberChannel(
  db: Database,
  subscriberId: string,
  channel: 'email' | 'sms' | 'push',
): Promise<'removed' | 'left' | 'none'> {
  return db.transaction((tx) => removeChannelRow(tx, subscriberId, channel));
}

/**
 * When the next unconfirmed sign-up is due to be forgotten; with none waiting, two days from `now` (one made
 * from now on falls due no sooner), so the sweep needs no wake-up and runs once per sign-up's expiry at most.
 */
export async function nextAbandonedSignUpDue(db: Queryable, now: Date): Promise<Date> {
  const { rows } = await db.query<{ oldest: Date | null }>(
    sql`SELECT min(sc.created_at) AS oldest FROM subscriber_channels sc JOIN subscribers s ON s.id = sc.subscriber_id
         WHERE sc.confirmed_at IS NULL AND sc.channel IN ('email', 'sms') AND s.organisation_id IS NULL`,
  );
  return new Date((rows[0]?.oldest ?? now).getTime() + ABANDONED_AFTER_MS);
}

/**
 * Sign-ups never confirmed are forgotten two days on (their link or code expired long before); the
 * public subscribers they leave with nothing are removed. For the housekeeping job. Returns the rows removed.
 */
export async function removeAbandonedSignUps(db: Database, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - ABANDONED_AFTER_MS);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<Row<'subscriber_channels', 'subscriber_id' | 'channel'>>(
      sql`SELECT sc.subscriber_id, sc.channel FROM subscriber_channels sc JOIN subscribers s ON s.id = sc.subscriber_id
           WHERE sc.confirmed_at IS NULL AND sc.channel IN ('email', 'sms') AND sc.created_at < ${cutoff} AND s.organisation_id IS NULL`,
    );
    for (const row of rows) await removeChannelRow(tx, row.subscriber_id, row.channel);
    return rows.length;
  });
}
