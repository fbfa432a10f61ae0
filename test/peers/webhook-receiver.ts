// A partner's webhook endpoint on loopback for tests. It verifies every request with the
// `standardwebhooks` package, an implementation independent of ours, and refuses a bad signature with
// 401; it drops repeats by webhook-id, as Standard Webhooks receivers must; and it can fail the ways
// real endpoints do (500, 503, 429 with Retry-After, 410), be slow, or not answer at all.
import http from 'node:http';
import type net from 'node:net';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  signature: string;
  /** The parsed body: { type, timestamp, data }. */
  event: { type: string; timestamp: string; data: Record<string, unknown> };
  body: string;
  headers: http.IncomingHttpHeaders;
}

export interface WebhookReceiverOptions {
  /** The partner's secret, "whsec_" + base64. */
  secret: string;
}

export interface WebhookReceiver {
  /** The URL to send to: http://127.0.0.1:port/hooks. */
  url: string;
  /** Each event once, in order of first arrival. */
  events: ReceivedWebhook[];
  /** Every verified request, repeats included. */
  rawCount(): number;
  uniqueCount(): number;
  /** Requests refused with 401 for a bad or missing signature. */
  rejectedCount(): number;
  /** TCP connections clients have opened so far. */
  connections(): number;
  /** Resolves once `count` distinct events have arrived; rejects after `timeoutMs`. */
  waitFor(uniqueCount: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  /** Answer the next `count` requests with `status`, and Retry-After if given, before looking at them. */
  failNext(count: number, status: number, retryAfter?: string): void;
  /** Take the next `count` requests and never answer them. */
  hangNext(count: number): void;
  /** Wait this long before answering each request. */
  setDelayMs(ms: number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const verifier = new Webhook(options.secret);
  const events: ReceivedWebhook[] = [];
  const seen = new Set<string>();
  const waiters = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();
  let raw = 0;
  let rejected = 0;
  let connectionCount = 0;
  let failures = { remaining: 0, status: 0, retryAfter: undefined as string | undefined };
  let hangs = 0;
  let delayMs = 0;

  const handle = (request: http.IncomingMessage, response: http.ServerResponse, body: string) => {
    const answer = (status: number, headers: Record<string, string> = {}) => {
      const send = () => {
        response.writeHead(status, { 'content-type': 'text/plain', ...headers });
        response.end(status < 300 ? '' : http.STATUS_CODES[status]);
      };
      if (delayMs <= 0) return send();
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, delayMs);
      timers.add(timer);
    };
    if (hangs > 0) {
      hangs -= 1;
      return;
    }
    if (failures.remaining > 0) {
      failures.remaining -= 1;
      return answer(failures.status, failures.retryAfter ? { 'retry-after': failures.retryAfter } : {});
    }
    const id = headerOf(request, 'webhook-id');
    const timestamp = headerOf(request, 'webhook-timestamp');
    const signature = headerOf(request, 'webhook-signature');
    let event: ReceivedWebhook['event'];
    try {
      event = verifier.verify(body, {
        'webhook-id': id,
        'webhook-timestamp': timestamp,
        'webhook-signature': signature,
      }) as ReceivedWebhook['event'];
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      rejected += 1;
      return answer(401);
    }
    raw += 1;
    if (!seen.has(id)) {
      seen.add(id);
      events.push({ id, timestamp, signature, event, body, headers: request.headers });
      for (const wake of [...waiters]) wake();
    }
    answer(204);
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        handle(request, response, Buffer.concat(chunks).toString('utf8'));
      } catch {
        response.writeHead(400).end('unreadable');
      }
    });
  });
  server.on('connection', () => {
    connectionCount += 1;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/hooks`,
    events,
    rawCount: () => raw,
    uniqueCount: () => events.length,
    rejectedCount: () => rejected,
    connections: () => connectionCount,
    waitFor(count, timeoutMs = 10_000) {
      if (events.length >= count) return Promise.resolve(events);
      return new Promise((resolve, reject) => {
        const wake = () => {
          if (events.length < count) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(events);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`webhook receiver: ${events.length} of ${count} events arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(wake);
      });
    },
    failNext(count, status, retryAfter) {
      failures = { remaining: count, status, retryAfter };
    },
    hangNext(count) {
      hangs = count;
    },
    setDelayMs(ms) {
      delayMs = ms;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function headerOf(request: http.IncomingMessage, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
