// Web Push (RFC 8030) through the web-push package: the payload encrypted for the subscription's keys
// (aes128gcm, RFC 8291) and signed for the push service with the instance's VAPID key (RFC 8292).
// Requests go over kept-open connections (one HTTPS agent, a pool per push service), since nearly
// every subscriber's endpoint is on one of a handful of services.
//
// Topic: the push service keeps at most one undelivered message per subscription and Topic, a later
// one replacing the earlier. The topic is derived from the delivery's idempotency key, so a retry of a
// delivery whose first attempt did reach the service replaces it rather than arriving twice, while an
// update or a "found" notice (another delivery, another key) never displaces the appeal itself.
//
// The payload, for the public site's service worker:
//   { title, body, url, icon?, tag, status, notice, id }
// `tag` is the appeal's page URL, so on the device a later notice about the same appeal replaces the
// earlier notification; `id` is the delivery's idempotency key, for the worker to drop a repeat.
import { createHash } from 'node:crypto';
import https from 'node:https';
import tls from 'node:tls';
import webpush from 'web-push';
import type { ChannelAdapter, Outgoing, SendOutcome } from './channel.ts';
import { retryAfterMs } from './webhook.ts';
import { privateLiteralProblem, publicOnlyLookup } from './destinations.ts';

export interface PushAdapterOptions {
  /** The instance's VAPID key pair (vapidKeys) and contact (vapidSubject). */
  vapid: { publicKey: string; privateKey: string; subject: string };
  /** How long a push service keeps a message for a device that is offline. Default 6 hours. */
  ttlSeconds?: number;
  /** Sends in flight at once, which is also the most connections kept open to one push service. Default 50. */
  concurrency?: number;
  /** How long a connection may stay silent during a send before it is given up. Default 15 s. */
  timeoutMs?: number;
  /**
   * Certificate authorities to trust besides the system's (PEM): a TLS-inspecting proxy on the way
   * to the push services, or a push service on a private network.
   */
  extraCa?: string[];
  /** Allow push services on loopback or private addresses (tests). Default false: browsers' push services are public. */
  allowPrivateNetworks?: boolean;
}

const DEFAULT_TTL_SECONDS = 6 * 60 * 60;
const DEFAULT_CONCURRENCY = 50;
const DEFAULT_TIMEOUT_MS = 15_000;
/**
 * RFC 8291 4: with one record and no padding, a 4096-byte message body (all a push service has to
 * accept) holds 3993 bytes of plaintext.
 */
export const MAX_PUSH_PLAINTEXT_BYTES = 3993;
/** VAPID tokens are signed once per push service and reused; RFC 8292 allows up to 24 hours. */
const VAPID_TOKEN_SECONDS = 12 * 60 * 60;
const VAPID_TOKEN_REFRESH_MS = 60 * 60 * 1000;

export function createPushAdapter(options: PushAdapterOptions): ChannelAdapter {
  const { vapid } = options;
  const ttl = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Fail at start-up, not at every send, if the keys or the subject are malformed.
  webpush.getVapidHeaders('https://push.invalid', vapid.subject, vapid.publicKey, vapid.privateKey, 'aes128gcm');

  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: concurrency,
    maxFreeSockets: concurrency,
    scheduling: 'lifo',
    ...(options.allowPrivateNetworks ? {} : { lookup: publicOnlyLookup }),
    ...(options.extraCa?.length ? { ca: [...tls.rootCertificates, ...options.extraCa] } : {}),
  });

  // One signed token per push service origin, renewed an hour before it expires. Signing is the
  // larger part of the CPU a send costs, so it is not repeated for every message.
  const tokens = new Map<string, { authorization: string; renewAt: number }>();
  const authorizationFor = (audience: string): string => {
    const now = Date.now();
    const cached = tokens.get(audience);
    if (cached && cached.renewAt > now) return cached.authorization;
    const expiry = Math.floor(now / 1000) + VAPID_TOKEN_SECONDS;
    const { Authorization } = webpush.getVapidHeaders(audience, vapid.subject, vapid.publicKey, vapid.privateKey, 'aes128gcm', expiry);
    if (tokens.size >= 1000) tokens.clear();
    tokens.set(audience, { authorization: Authorization, renewAt: expiry * 1000 - VAPID_TOKEN_REFRESH_MS });
    return Authorization;
  };

  return {
    channel: 'push',
    concurrency,
    async send(message) {
      const keys = message.push;
      if (!keys) return { status: 'failed', error: 'no push subscription keys' };
      const keyProblem = subscriptionKeyProblem(keys);
      if (keyProblem) return { status: 'failed', error: keyProblem };
      let endpoint: URL;
      try {
        endpoint = new URL(message.address);
      } catch {
        return { status: 'failed', error: 'push endpoint is not a URL' };
      }
      // RFC 8030 requires HTTPS, and browsers only ever hand out https endpoints.
      if (endpoint.protocol !== 'https:') return { status: 'failed', error: 'push endpoint is not https' };
      const literal = options.allowPrivateNetworks ? null : privateLiteralProblem(endpoint);
      if (literal) return { status: 'failed', error: literal };
      const payload = pushPayload(message);
      if (payload === undefined)
        return { status: 'failed', error: `push payload exceeds ${MAX_PUSH_PLAINTEXT_BYTES} bytes even with the body cut` };
      try {
        const result = await webpush.sendNotification({ endpoint: message.address, keys }, payload, {
          // Null (which web-push's types leave out) stops it adding a VAPID header of its own.
          vapidDetails: null as unknown as undefined,
          headers: { Authorization: authorizationFor(endpoint.origin) },
          contentEncoding: 'aes128gcm',
          TTL: ttl,
          urgency: 'high',
          topic: pushTopic(message.key),
          agent,
          timeout,
        });
        const location = result.headers.location;
        return { status: 'sent', ...(typeof location === 'string' && location ? { providerRef: location } : {}) };
      } catch (error) {
        return outcomeOfError(error);
      }
    },
    close() {
      agent.destroy();
      return Promise.resolve();
    },
  };
}

/** The Topic header for a delivery: 32 base64url characters (the most RFC 8030 5.4 allows) of a hash of its key. */
export function pushTopic(key: string): string {
  return createHash('sha256').update(key).digest().subarray(0, 24).toString('base64url');
}

/** The text under the title: a notification shows its title already, so a text that opens with it goes on from after it. */
function bodyUnderTitle(content: Outgoing['content']): string {
  const lead = `${content.subject}\n\n`;
  return content.text.startsWith(lead) ? content.text.slice(lead.length) : content.text;
}

/** The JSON the service worker receives, its body cut to fit the size a push service must accept. */
export function pushPayload(message: Outgoing): string | undefined {
  const { content } = message;
  const fields = {
    title: content.subject,
    body: bodyUnderTitle(content),
    url: content.url,
    ...(content.photo ? { icon: content.photo.url } : {}),
    tag: content.url,
    status: content.status,
    notice: message.notice,
    id: message.key,
  };
  const whole = JSON.stringify(fields);
  if (Buffer.byteLength(whole) <= MAX_PUSH_PLAINTEXT_BYTES) return whole;
  const ellipsis = '…';
  const room = MAX_PUSH_PLAINTEXT_BYTES - Buffer.byteLength(JSON.stringify({ ...fields, body: ellipsis }));
  if (room < 0) return undefined;
  let cut = '';
  let used = 0;
  for (const character of content.text) {
    // Count what the character costs once JSON-escaped, so quotes and control characters are not underestimated.
    const cost = Buffer.byteLength(JSON.stringify(character)) - 2;
    if (used + cost > room) break;
    cut += character;
    used += cost;
  }
  return JSON.stringify({ ...fields, body: cut.trimEnd() + ellipsis });
}

/** Why the subscription's keys cannot be encrypted for, or undefined if they can. */
function subscriptionKeyProblem(keys: { p256dh: string; auth: string }): string | undefined {
  const base64url = /^[A-Za-z0-9_-]+$/;
  if (!base64url.test(keys.p256dh) || !base64url.test(keys.auth)) return 'push subscription keys are not base64url';
  const point = Buffer.from(keys.p256dh, 'base64url');
  if (point.length !== 65 || point[0] !== 4) return 'push subscription p256dh is not an uncompressed P-256 key';
  if (Buffer.from(keys.auth, 'base64url').length < 16) return 'push subscription auth secret is shorter than 16 bytes';
  return undefined;
}

function outcomeOfError(error: unknown): SendOutcome {
  if (error instanceof webpush.WebPushError) {
    const status = error.statusCode;
    const detail = `push service ${status}${error.body ? `: ${String(error.body).slice(0, 300)}` : ''}`;
    // The subscription has expired or been unsubscribed (RFC 8030 7.3): remove it.
    if (status === 404 || status === 410) return { status: 'failed', error: detail, gone: true };
    if (status === 429 || status >= 500 || status === 408) {
      const wait = retryAfterMs(error.headers['retry-after'], Date.now());
      return { status: 'retry', error: detail, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
    }
    // 400 malformed, 401/403 VAPID refused, 413 too large: sending the same again would fail again.
    return { status: 'failed', error: detail };
  }
  // No answer: refused or dropped connection, timeout, DNS, TLS.
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'EPRIVATEADDRESS') return { status: 'failed', error: `push refused: ${message}` };
  return { status: 'retry', error: `push ${code ?? 'error'}: ${message ?? String(error)}` };
}
