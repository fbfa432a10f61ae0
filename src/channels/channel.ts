// The one small interface every delivery channel implements. The dispatch engine claims deliveries,
// renders what each recipient is sent, and hands it to the channel's adapter; the adapter speaks the
// protocol and says what happened. Adapters never throw for a failed send: they return an outcome.

import type { ChannelName } from './names.ts';
export { CHANNELS, type ChannelName } from './names.ts';

/** What a recipient is told: the appeal, an update, found, withdrawn, the appeal again, or a sign-up code. */
export type Notice = 'alert' | 'update' | 'found' | 'withdrawn' | 'reissue' | 'confirm';

/** The text of one notice in one language, the same for every recipient of it. */
export interface NoticeContent {
  language: string;
  /** CAP status: Exercise and Test are marked in every subject and text. */
  status: 'Actual' | 'Exercise' | 'Test';
  /** Email subject and push title. */
  subject: string;
  /** Plain text body (the email's text part, the push body). */
  text: string;
  /** The email's HTML part: a whole document, every value already escaped. */
  html: string;
  /** The SMS text (within the segment limit of the alert's SMS text). */
  sms: string;
  /** Where a tap or click goes: the appeal page, or the confirmation page. */
  url: string;
  /** The first public photo of the appeal, for email (inline) and push (icon, by URL). */
  photo?: { url: string; bytes: Buffer; contentType: 'image/jpeg'; filename: string };
  /** A webhook's event type ("alert.published", "alert.updated", "alert.found", ...) and its data. */
  webhookType: string;
  webhookData: Record<string, unknown>;
  /**
   * When the event happened: the time the alert message was issued. A webhook body's `timestamp` says
   * this, the same on every attempt (the webhook-timestamp header is the attempt's, as the scheme requires).
   */
  occurredAt?: Date;
}

/** One delivery to one recipient on one channel. */
export interface Outgoing {
  /**
   * The idempotency key: the same on every attempt of this delivery. It is sent as `webhook-id`, in the
   * email Message-ID, and as the push Topic's source, so a receiver can drop a repeat after a crash.
   */
  key: string;
  deliveryId: string;
  notice: Notice;
  address: string;
  /** Web push only: the subscription's keys (base64url). */
  push?: { p256dh: string; auth: string };
  /** Webhooks only: the Standard Webhooks secret, "whsec_" + base64. */
  webhookSecret?: string;
  /**
   * Webhooks only: the secret before the last rotation, while its overlap lasts. The request is signed
   * under both, so a partner that has not yet installed the new secret still accepts it.
   */
  previousWebhookSecret?: string;
  /** Email only: the recipient's one-click unsubscribe URL (RFC 8058). */
  unsubscribeUrl?: string;
  content: NoticeContent;
}

export type SendOutcome =
  /** Handed to the provider; a delivery receipt may follow (SMPP), keyed by providerRef. */
  | { status: 'sent'; providerRef?: string }
  /** The receiving end acknowledged it (a webhook's 2xx). */
  | { status: 'delivered'; providerRef?: string }
  /** Try again later: the provider is down, slow, throttling, or said "temporarily". */
  | { status: 'retry'; error: string; retryAfterMs?: number }
  /** Refused for good. `gone`: the address no longer exists (push 404/410), so the channel is removed. */
  | { status: 'failed'; error: string; gone?: boolean };

export interface ChannelAdapter {
  readonly channel: ChannelName;
  /** The most sends this adapter wants in flight at once (pool size, SMPP window). */
  readonly concurrency: number;
  send(message: Outgoing): Promise<SendOutcome>;
  close(): Promise<void>;
}

/**
 * What a channel reports back on its own: delivery receipts, and replies such as STOP. Each resolves once
 * what it carries is stored, and only then may the adapter acknowledge it to the provider; a rejection
 * means "not stored": the adapter answers with a temporary error so that the provider sends it again.
 */
export interface ChannelEvents {
  receipt(channel: ChannelName, providerRef: string, delivered: boolean, detail: string): Promise<void>;
  inbound(channel: ChannelName, from: string, text: string): Promise<void>;
}
