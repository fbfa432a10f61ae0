// Signed webhooks to partner organisations, in the Standard Webhooks format
// (https://www.standardwebhooks.com): a JSON body `{ type, timestamp, data }` and three headers,
// webhook-id (the delivery's idempotency key, so a receiver drops repeats), webhook-timestamp (unix
// seconds of the attempt) and webhook-signature ("v1," + base64 HMAC-SHA256 of `id.timestamp.body` under
// the partner's secret; after a rotation, for WEBHOOK_SECRET_OVERLAP_MS unless the partner ends it sooner,
// a second signature under the previous secret, so deliveries continue while the partner switches). The
// body's timestamp is when the event happened (the alert message was issued), not the attempt's. A partner verifies with any Standard Webhooks library, or with
// verifyWebhookSignature below.
//
// Sending is built for volume: one undici agent keeps a pool of open connections per partner origin,
// one request at a time on each (no pipelining: a slow answer must not hold up the ones behind it),
// and the per-send work is one HMAC and the request itself: the body is serialised once per notice and
// second, and decoded secrets and parsed URLs are cached, since the same few partners receive every message.
import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { Agent, errors as undiciErrors, type Dispatcher } from 'undici';
import type { ChannelAdapter, NoticeContent, SendOutcome } from './channel.ts';
import { privateLiteralProblem, publicOnlyLookup } from './destinations.ts';

export interface WebhookAdapterOptions {
  /** How long connecting, the answer's headers, or any pause in its body may take. Default 10 s. */
  timeoutMs?: number;
  /** Connections kept open to each partner origin. Default 64. */
  connections?: number;
  userAgent?: string;
  /** Allow loopback and private-network URLs (tests, or partners inside the same private network). Default false. */
  allowPrivateNetworks?: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CONNECTIONS = 64;
const DEFAULT_USER_AGENT = 'Forget-me-not-Webhooks/1';
const SECRET_PREFIX = 'whsec_';
/** How long a rotated-out secret keeps signing, unless the partner's administrator ends the overlap sooner. */
export const WEBHOOK_SECRET_OVERLAP_MS = 24 * 3_600_000;
/** Bounds for the caches of decoded secrets and parsed URLs: far more partners than any instance has. */
const CACHE_LIMIT = 10_000;

export function createWebhookAdapter(options: WebhookAdapterOptions = {}): ChannelAdapter {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const connections = options.connections ?? DEFAULT_CONNECTIONS;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const agent = new Agent({
    connections,
    pipelining: 1,
    connect: { timeout: timeoutMs, ...(options.allowPrivateNetworks ? {} : { lookup: publicOnlyLookup }) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 30_000,
  });
  const targets = new Map<string, { origin: string; path: string } | null>();
  // Every recipient of a notice gets the same body: it is serialised once per content, not once per request
  // (the signature, which covers the webhook-id and the attempt's time, is still made per request). The
  // body's timestamp is the event's (when the message was issued), so every attempt carries the same body.
  const bodies = new WeakMap<NoticeContent, string>();
  const bodyOf = (content: NoticeContent, second: number) => {
    let body = bodies.get(content);
    if (body === undefined) {
      const occurredAt = content.occurredAt ?? new Date(second * 1000);
      body = JSON.stringify({ type: content.webhookType, timestamp: occurredAt.toISOString(), data: content.webhookData });
      bodies.set(content, body);
    }
    return body;
  };

  const targetOf = (address: string) => {
    let target = targets.get(address);
    if (target !== undefined) return target;
    try {
      const url = new URL(address);
      const allowed =
        (url.protocol === 'https:' || url.protocol === 'http:') &&
        !url.username &&
        !url.password &&
        (options.allowPrivateNetworks || !privateLiteralProblem(url));
      target = allowed ? { origin: url.origin, path: url.pathname + url.search } : null;
    } catch {
      target = null;
    }
    if (targets.size >= CACHE_LIMIT) targets.clear();
    targets.set(address, target);
    return target;
  };

  return {
    channel: 'webhook',
    // Twice the connections: while each connection carries one request, the next waits in its queue.
    concurrency: connections * 2,
    async send(message) {
      if (!message.webhookSecret) return { status: 'failed', error: 'no webhook secret' };
      const target = targetOf(message.address);
      if (!target) return { status: 'failed', error: 'webhook address is not an http(s) URL on a public address' };
      let keys: KeyObject[];
      try {
        keys = [signingKey(message.webhookSecret)];
        if (message.previousWebhookSecret) keys.push(signingKey(message.previousWebhookSecret));
      } catch (error) {
        return { status: 'failed', error: (error as Error).message };
      }
      const timestamp = Math.floor(Date.now() / 1000);
      const body = bodyOf(message.content, timestamp);
      // During a rotation's overlap one signature under each secret, space-separated, newest first.
      const signature = keys
        .map((key) => `v1,${createHmac('sha256', key).update(`${message.key}.${timestamp}.`).update(body).digest('base64')}`)
        .join(' ');
      let response: Dispatcher.ResponseData;
      try {
        response = await agent.request({
          origin: target.origin,
          path: target.path,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': userAgent,
            'webhook-id': message.key,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signature,
          },
          body,
        });
      } catch (error) {
        return outcomeOfRequestError(error);
      }
      const status = response.statusCode;
      if (status >= 200 && status < 300) {
        // The body must be read for the connection to be reused; nobody needs what it says.
        await response.body.dump().catch(() => undefined);
        return { status: 'delivered' };
      }
      const detail = `webhook ${status}${await snippetOf(response.body)}`;
      if (status === 410) return { status: 'failed', error: detail, gone: true };
      if (status === 429 || status === 408 || status >= 500) {
        const wait = retryAfterMs(response.headers['retry-after'], Date.now());
        return { status: 'retry', error: detail, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
      }
      // Other 4xx, and redirects, which are not followed: a signed request must not wander elsewhere.
      return { status: 'failed', error: detail };
    },
    async close() {
      await agent.close();
    },
  };
}

/** A new partner secret: "whsec_" and 24 random bytes in base64, as Standard Webhooks libraries expect. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString('base64');
}

/** The webhook-signature header value for one message: "v1," + base64 HMAC-SHA256 of `id.timestamp.body`. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string | Buffer): string {
  return `v1,${createHmac('sha256', signingKey(secret)).update(`${id}.${timestamp}.`).update(body).digest('base64')}`;
}

/**
 * Whether a received webhook is genuine: one of its v1 signatures matches, and its timestamp is within
 * `toleranceSeconds` of `now` either way (which stops an old captured request being replayed).
 * Header names are matched without regard to case.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string | Buffer,
  toleranceSeconds = 300,
  now: Date = new Date(),
): boolean {
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) lower.set(name.toLowerCase(), Array.isArray(value) ? value.join(' ') : value);
  }
  const id = lower.get('webhook-id');
  const timestampText = lower.get('webhook-timestamp');
  const signatures = lower.get('webhook-signature');
  if (!id || !timestampText || !signatures || !/^\d+$/.test(timestampText)) return false;
  const timestamp = Number(timestampText);
  if (Math.abs(Math.floor(now.getTime() / 1000) - timestamp) > toleranceSeconds) return false;
  let expected: Buffer;
  try {
    expected = Buffer.from(signWebhook(secret, id, timestamp, body).slice(3), 'base64');
  } catch {
    return false;
  }
  for (const entry of signatures.split(' ')) {
    const [version, value] = entry.split(',');
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  }
  return false;
}

/**
 * A Retry-After header (RFC 9110 10.2.3), delay-seconds or an HTTP-date, in milliseconds from `nowMs`;
 * undefined when absent or unreadable.
 */
export function retryAfterMs(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

const signingKeys = new Map<string, KeyObject>();

/** The HMAC key for a secret, decoded once: the same few partner secrets sign every message. */
function signingKey(secret: string): KeyObject {
  let key = signingKeys.get(secret);
  if (key) return key;
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length === 0) throw new Error('webhook secret is empty');
  key = createSecretKey(bytes);
  if (signingKeys.size >= CACHE_LIMIT) signingKeys.clear();
  signingKeys.set(secret, key);
  return key;
}

/** The start of an error answer's body, for the log. The rest is read and dropped so the connection can be reused. */
async function snippetOf(body: Dispatcher.ResponseData['body']): Promise<string> {
  let text = '';
  let bytes = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (text.length < 300) text += chunk.toString('utf8');
      bytes += chunk.length;
      // A huge error page is not worth reading to the end: leaving the loop closes the connection instead.
      if (bytes > 64 * 1024) break;
    }
  } catch {
    // What the partner said is only a detail for the log; an unreadable body changes nothing.
  }
  text = text.replace(/\s+/g, ' ').trim().slice(0, 300);
  return text ? `: ${text}` : '';
}

function outcomeOfRequestError(error: unknown): SendOutcome {
  // A header value undici refuses (a key with a line break in it) cannot be fixed by waiting.
  if (error instanceof undiciErrors.InvalidArgumentError) return { status: 'failed', error: `webhook request invalid: ${error.message}` };
  // Connection refused or reset, DNS, TLS, or no answer in time: the partner may well be back later.
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'EPRIVATEADDRESS' || (error as { cause?: { code?: string } }).cause?.code === 'EPRIVATEADDRESS')
    return { status: 'failed', error: `webhook refused: ${message}` };
  return { status: 'retry', error: `webhook ${code ?? 'error'}: ${message ?? String(error)}` };
}
