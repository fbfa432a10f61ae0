// A push service on loopback for tests (RFC 8030), over HTTPS as every real one is (web-push speaks
// nothing else). It hands out subscriptions with `/push/<id>` endpoints, and for every push message it
// checks what a real service checks, then does the browser's part too: VAPID (RFC 8292: the ES256 JWT
// verified with the `k` key, audience, expiry, subject, and the key the subscription was made with),
// the TTL and Content-Encoding headers, the 4096-byte limit, and the aes128gcm body decrypted with
// the subscription's private key and auth secret (RFC 8291). It can answer the ways push services
// refuse: 404/410 for a subscription that is gone, 429 with Retry-After, 5xx, or no answer at all.
import { createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type net from 'node:net';
import { createBrowserSubscription, type BrowserSubscription } from './browser-subscription.ts';

/** The most a push service must accept as a message body (RFC 8030 7.2, RFC 8291 4). */
const MAX_BODY_BYTES = 4096;
/** RFC 8292 2: a JWT expiring more than 24 hours ahead may be refused. */
const MAX_JWT_LIFETIME_SECONDS = 24 * 60 * 60;

export interface ReceivedPush {
  subscriptionId: string;
  /** The decrypted body. */
  plaintext: Buffer;
  /** The decrypted body parsed as JSON (undefined if it is not JSON). */
  payload: unknown;
  /** Size of the encrypted body as sent. */
  bodyBytes: number;
  ttl: number;
  urgency: string | undefined;
  topic: string | undefined;
  /** The verified VAPID claims and key. */
  vapid: { aud: string; exp: number; sub: string; publicKey: string };
}

export interface RefusedPush {
  subscriptionId: string | undefined;
  status: number;
  reason: string;
}

export interface PeerSubscription extends BrowserSubscription {
  id: string;
}

export interface PushEndpoint {
  /** https://127.0.0.1:port, the audience VAPID tokens must name. */
  origin: string;
  /** The server's self-signed certificate (PEM), for the client to trust. */
  certificate: string;
  /** A new subscription, as PushManager.subscribe({ applicationServerKey }) would make. */
  subscribe(applicationServerKey?: string): PeerSubscription;
  /** Push messages accepted and decrypted, in order of arrival. */
  received: ReceivedPush[];
  receivedFor(subscription: PeerSubscription): ReceivedPush[];
  /** Requests refused because something in them was wrong (not the ones told to fail with failNext). */
  refused: RefusedPush[];
  /** TLS connections clients have opened so far. */
  connections(): number;
  /** Resolves once `count` messages have been accepted; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedPush[]>;
  /** The subscription ends: its endpoint answers `status` (410 Gone, or 404) from now on. */
  expire(subscription: PeerSubscription, status?: 404 | 410): void;
  /** Answer the next `count` requests with `status` (429, 500, 503, 413, ...), with Retry-After if given. */
  failNext(count: number, status: number, retryAfter?: string): void;
  /** Accept the next `count` requests' bodies and never answer them. */
  hangNext(count: number): void;
  close(): Promise<void>;
}

export async function startPushEndpoint(): Promise<PushEndpoint> {
  const { key, certificate } = selfSignedCertificate('127.0.0.1');
  const subscriptions = new Map<string, PeerSubscription>();
  const expired = new Map<string, number>();
  const received: ReceivedPush[] = [];
  const refused: RefusedPush[] = [];
  const waiters = new Set<() => void>();
  let failures = { remaining: 0, status: 0, retryAfter: undefined as string | undefined };
  let hangs = 0;
  let connectionCount = 0;
  let origin = '';

  const handle = (request: IncomingMessage, response: ServerResponse, body: Buffer) => {
    const answer = (status: number, headers: Record<string, string> = {}, text = '') => {
      response.writeHead(status, { 'content-type': 'text/plain', ...headers });
      response.end(text);
    };
    const refuse = (subscriptionId: string | undefined, status: number, reason: string) => {
      refused.push({ subscriptionId, status, reason });
      answer(status, {}, reason);
    };

    if (hangs > 0) {
      hangs -= 1;
      return;
    }
    if (failures.remaining > 0) {
      failures.remaining -= 1;
      return answer(failures.status, failures.retryAfter ? { 'retry-after': failures.retryAfter } : {});
    }
    const match = /^\/push\/([A-Za-z0-9_-]+)$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) return refuse(undefined, 404, 'no such resource');
    const id = match[1]!;
    const goneStatus = expired.get(id);
    if (goneStatus) return answer(goneStatus, {}, 'subscription expired');
    const subscription = subscriptions.get(id);
    if (!subscription) return refuse(id, 404, 'unknown subscription');

    let vapid: ReceivedPush['vapid'];
    try {
      vapid = verifyVapid(request.headers.authorization, origin);
    } catch (error) {
      return refuse(id, 401, `VAPID: ${(error as Error).message}`);
    }
    // RFC 8292 4.2: a subscription made with an applicationServerKey only takes messages signed by it.
    if (subscription.applicationServerKey && subscription.applicationServerKey !== vapid.publicKey) {
      return refuse(id, 403, 'VAPID key differs from the subscription applicationServerKey');
    }
    const ttlHeader = request.headers.ttl;
    if (typeof ttlHeader !== 'string' || !/^\d+$/.test(ttlHeader)) return refuse(id, 400, 'TTL header missing or not a number');
    if (request.headers['content-encoding'] !== 'aes128gcm')
      return refuse(id, 415, `Content-Encoding ${request.headers['content-encoding']} is not aes128gcm`);
    if (body.length > MAX_BODY_BYTES) return refuse(id, 413, `body of ${body.length} bytes exceeds ${MAX_BODY_BYTES}`);
    const topic = header(request, 'topic');
    if (topic !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(topic))
      return refuse(id, 400, 'Topic must be at most 32 base64url characters');

    let plaintext: Buffer;
    try {
      plaintext = subscription.decrypt(body);
    } catch (error) {
      return refuse(id, 400, `cannot decrypt: ${(error as Error).message}`);
    }
    let payload: unknown;
    try {
      payload = JSON.parse(plaintext.toString('utf8'));
    } catch {
      payload = undefined;
    }
    received.push({
      subscriptionId: id,
      plaintext,
      payload,
      bodyBytes: body.length,
      ttl: Number(ttlHeader),
      urgency: header(request, 'urgency'),
      topic,
      vapid,
    });
    for (const wake of [...waiters]) wake();
    const messageId = randomBytes(8).toString('hex');
    answer(201, { location: `${origin}/message/${messageId}` });
  };

  const server = https.createServer({ key, cert: certificate }, (request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep a little more than the limit, enough to tell that it was exceeded.
      if (size <= MAX_BODY_BYTES + 1) chunks.push(chunk);
    });
    request.on('end', () => handle(request, response, Buffer.concat(chunks)));
  });
  server.on('secureConnection', () => {
    connectionCount += 1;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  origin = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`;

  return {
    origin,
    certificate,
    subscribe(applicationServerKey) {
      const id = randomBytes(12).toString('base64url');
      const subscription = { id, ...createBrowserSubscription(`${origin}/push/${id}`, applicationServerKey) };
      subscriptions.set(id, subscription);
      return subscription;
    },
    received,
    receivedFor: (subscription) => received.filter((push) => push.subscriptionId === subscription.id),
    refused,
    connections: () => connectionCount,
    waitFor(count, timeoutMs = 5000) {
      if (received.length >= count) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const wake = () => {
          if (received.length < count) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(received);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`push endpoint: ${received.length} of ${count} messages arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(wake);
      });
    },
    expire(subscription, status = 410) {
      expired.set(subscription.id, status);
    },
    failNext(count, status, retryAfter) {
      failures = { remaining: count, status, retryAfter };
    },
    hangNext(count) {
      hangs = count;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Checks `Authorization: vapid t=<JWT>, k=<public key>` (RFC 8292 3) and returns its claims. */
function verifyVapid(authorization: string | undefined, audience: string): ReceivedPush['vapid'] {
  const scheme = /^vapid\s+(.+)$/i.exec(authorization ?? '');
  if (!scheme) throw new Error('no "vapid" Authorization');
  const params = new Map<string, string>();
  for (const part of scheme[1]!.split(',')) {
    const equals = part.indexOf('=');
    if (equals > 0) params.set(part.slice(0, equals).trim().toLowerCase(), part.slice(equals + 1).trim());
  }
  const token = params.get('t');
  const publicKey = params.get('k');
  if (!token || !publicKey) throw new Error('t or k parameter missing');

  const [encodedHeader, encodedClaims, encodedSignature, ...rest] = token.split('.');
  if (!encodedHeader || !encodedClaims || !encodedSignature || rest.length > 0) throw new Error('t is not a JWS compact serialization');
  const jwtHeader = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8')) as { alg?: string };
  if (jwtHeader.alg !== 'ES256') throw new Error(`alg ${jwtHeader.alg} is not ES256`);
  // ES256 signatures in a JWS are r || s, 32 bytes each (RFC 7518 3.4), not DER.
  const signature = Buffer.from(encodedSignature, 'base64url');
  const valid = verify(
    'sha256',
    Buffer.from(`${encodedHeader}.${encodedClaims}`),
    { key: p256PublicKey(publicKey), dsaEncoding: 'ieee-p1363' },
    signature,
  );
  if (!valid) throw new Error('JWT signature does not verify with k');

  const claims = JSON.parse(Buffer.from(encodedClaims, 'base64url').toString('utf8')) as { aud?: unknown; exp?: unknown; sub?: unknown };
  const now = Math.floor(Date.now() / 1000);
  if (claims.aud !== audience) throw new Error(`aud ${String(claims.aud)} is not ${audience}`);
  if (typeof claims.exp !== 'number' || claims.exp <= now) throw new Error('exp missing or in the past');
  if (claims.exp > now + MAX_JWT_LIFETIME_SECONDS) throw new Error('exp more than 24 hours ahead');
  if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub)) throw new Error('sub is not a mailto: or https: contact');
  return { aud: claims.aud, exp: claims.exp, sub: claims.sub, publicKey };
}

/** A P-256 public key from its uncompressed point (0x04 || X || Y), base64url as VAPID's `k` carries it. */
function p256PublicKey(encoded: string): KeyObject {
  const point = Buffer.from(encoded, 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
  return createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
    format: 'jwk',
  });
}

// A self-signed X.509 certificate for an IP address, built in DER by hand: Node can sign but has no
// certificate builder, and the test suite must not depend on an openssl binary being installed.

function selfSignedCertificate(ip: string): { key: string; certificate: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecdsaWithSha256 = der(0x30, oid('1.2.840.10045.4.3.2'));
  const name = der(0x30, der(0x31, der(0x30, oid('2.5.4.3'), der(0x0c, Buffer.from('push endpoint test peer')))));
  const now = Date.now();
  const subjectAltName = der(0x30, der(0x87, Buffer.from(ip.split('.').map(Number))));
  const tbs = der(
    0x30,
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, Buffer.concat([Buffer.from([1]), randomBytes(15)])),
    ecdsaWithSha256,
    name,
    der(0x30, utcTime(new Date(now - 60_000)), utcTime(new Date(now + 24 * 60 * 60_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    der(0xa3, der(0x30, der(0x30, oid('2.5.29.17'), der(0x04, subjectAltName)))),
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = der(0x30, tbs, ecdsaWithSha256, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const base64 = certificate.toString('base64').replace(/.{64}/g, '$&\n');
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    certificate: `-----BEGIN CERTIFICATE-----\n${base64}${base64.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`,
  };
}

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  let length: Buffer;
  if (body.length < 0x80) length = Buffer.from([body.length]);
  else if (body.length < 0x100) length = Buffer.from([0x81, body.length]);
  else length = Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first! * 40 + second!];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) groups.unshift((value & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return der(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const iso = date.toISOString();
  return der(
    0x17,
    Buffer.from(`${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`),
  );
}
