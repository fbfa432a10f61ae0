// The webhook channel against a partner endpoint on loopback that checks every signature with the
// standardwebhooks package: what arrives and how it is signed, each kind of answer mapped to an
// outcome, and a burst of sends arriving exactly once each.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { ChannelAdapter, NoticeContent, Outgoing } from './channel.ts';
import { createWebhookAdapter, newWebhookSecret, retryAfterMs, signWebhook, verifyWebhookSignature } from './webhook.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/peers/webhook-receiver.ts';

function notice(overrides: Partial<NoticeContent> = {}): NoticeContent {
  return {
    language: 'en',
    status: 'Actual',
    subject: 'Missing: Amelia, 9',
    text: 'Amelia, 9, is missing.',
    html: '<!doctype html><html><body></body></html>',
    sms: 'Amelia, 9, missing',
    url: 'https://alerts.example.org/appeals/amelia',
    webhookType: 'alert.published',
    webhookData: { alertId: 'a-1', name: 'Amelia', age: 9, area: { lat: 51.5, lon: -0.12 }, note: 'quotes " and ✿' },
    ...overrides,
  };
}

function outgoingTo(receiver: { url: string }, secret: string, overrides: Partial<Outgoing> = {}): Outgoing {
  return {
    key: `fmn-${randomUUID()}`,
    deliveryId: randomUUID(),
    notice: 'alert',
    address: receiver.url,
    webhookSecret: secret,
    content: notice(),
    ...overrides,
  };
}

/** A partner endpoint on loopback that checks signatures with a fresh secret, and an adapter allowed to reach it. */
async function startWebhookRig() {
  const secret = newWebhookSecret();
  const receiver = await startWebhookReceiver({ secret });
  const adapter = createWebhookAdapter({ timeoutMs: 5000, connections: 8, allowPrivateNetworks: true });
  return { secret, receiver, adapter };
}

describe('webhook channel', () => {
  let secret: string;
  let receiver: WebhookReceiver;
  let adapter: ChannelAdapter;

  before(async () => {
    ({ secret, receiver, adapter } = await startWebhookRig());
  });
  after(async () => {
    await adapter.close();
    await receiver.close();
  });

  it('delivers a Standard Webhooks event that the standardwebhooks library verifies, with the key as webhook-id', async () => {
    const message = outgoingTo(receiver, secret);
    const outcome = await adapter.send(message);
    assert.deepEqual(outcome, { status: 'delivered' });
    const event = receiver.events.find((received) => received.id === message.key);
    assert.ok(event, 'the receiver verified and kept it');
    assert.equal(event.event.type, 'alert.published');
    assert.deepEqual(event.event.data, message.content.webhookData);
    assert.equal(event.headers['content-type'], 'application/json');
    assert.match(event.signature, /^v1,[A-Za-z0-9+/]+=*$/);
    // Without an event time the body's timestamp is the attempt's second, as the signed header's.
    assert.equal(Math.floor(Date.parse(event.event.timestamp) / 1000), Number(event.timestamp));
  });

  it('signs as the reference implementation does, and verifies what it signs', () => {
    const body = JSON.stringify({ type: 'alert.found', timestamp: '2025-03-01T10:00:00.000Z', data: { alertId: 'a-1' } });
    const at = new Date('2025-03-01T10:00:00Z');
    const seconds = Math.floor(at.getTime() / 1000);
    assert.equal(signWebhook(secret, 'msg_1', seconds, body), new Webhook(secret).sign('msg_1', at, body));
    const headers = {
      'Webhook-Id': 'msg_1',
      'Webhook-Timestamp': String(seconds),
      'Webhook-Signature': `v1,bm90IGl0 ${signWebhook(secret, 'msg_1', seconds, body)}`,
    };
    assert.equal(verifyWebhookSignature(secret, headers, body, 300, at), true);
    assert.equal(verifyWebhookSignature(secret, headers, body.replace('a-1', 'a-2'), 300, at), false, 'tampered body');
    assert.equal(verifyWebhookSignature(newWebhookSecret(), headers, body, 300, at), false, 'another secret');
    assert.equal(verifyWebhookSignature(secret, headers, body, 300, new Date(at.getTime() + 301_000)), false, 'too old');
    assert.equal(verifyWebhookSignature(secret, { ...headers, 'Webhook-Id': 'msg_2' }, body, 300, at), false, 'another id');
  });

  it('makes secrets the standardwebhooks library accepts, each different', () => {
    const made = newWebhookSecret();
    assert.match(made, /^whsec_[A-Za-z0-9+/]{32}$/);
    assert.equal(Buffer.from(made.slice(6), 'base64').length, 24);
    assert.notEqual(newWebhookSecret(), made);
    assert.doesNotThrow(() => new Webhook(made));
  });

  it('signs under the previous secret too during a rotation, so a partner still on it keeps receiving', async () => {
    const newer = newWebhookSecret();
    // The receiver still checks with the old secret; the delivery is signed with the new one and the old.
    const message = outgoingTo(receiver, newer, { previousWebhookSecret: secret });
    assert.deepEqual(await adapter.send(message), { status: 'delivered' });
    const event = receiver.events.find((received) => received.id === message.key)!;
    const signatures = event.signature.split(' ');
    assert.equal(signatures.length, 2);
    const headers = { 'webhook-id': event.id, 'webhook-timestamp': event.timestamp, 'webhook-signature': event.signature };
    assert.doesNotThrow(() => new Webhook(newer).verify(event.body, headers));
    assert.doesNotThrow(() => new Webhook(secret).verify(event.body, headers));
    // Without an overlap, only the current secret signs.
    const alone = outgoingTo(receiver, secret);
    assert.deepEqual(await adapter.send(alone), { status: 'delivered' });
    assert.equal(receiver.events.find((received) => received.id === alone.key)!.signature.split(' ').length, 1);
  });

  it("gives the event's time in the body on every attempt, and the attempt's time in webhook-timestamp", async () => {
    const issued = new Date('2026-12-06T13:13:00Z');
    const content = notice({ occurredAt: issued });
    receiver.failNext(1, 503);
    const message = outgoingTo(receiver, secret, { content });
    assert.equal((await adapter.send(message)).status, 'retry');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.deepEqual(await adapter.send(message), { status: 'delivered' });
    const event = receiver.events.find((received) => received.id === message.key)!;
    assert.equal(event.event.timestamp, issued.toISOString());
    assert.ok(Math.abs(Number(event.timestamp) - Date.now() / 1000) < 30, 'the header is the attempt’s time');
  });
});

describe('webhook channel: answers of the receiver', () => {
  let secret: string;
  let receiver: WebhookReceiver;
  let adapter: ChannelAdapter;

  before(async () => {
    ({ secret, receiver, adapter } = await startWebhookRig());
  });
  after(async () => {
    await adapter.close();
    await receiver.close();
  });

  it('fails when the receiver refuses the signature (signed with another secret)', async () => {
    const rejectedBefore = receiver.rejectedCount();
    const message = outgoingTo(receiver, newWebhookSecret());
    const outcome = await adapter.send(message);
    assert.ok(outcome.status === 'failed' && !outcome.gone && outcome.error.includes('401'), JSON.stringify(outcome));
    assert.equal(receiver.rejectedCount(), rejectedBefore + 1);
    assert.equal(
      receiver.events.some((event) => event.id === message.key),
      false,
    );
  });

  it('retries on 503 and 500, after the time asked for on 429', async () => {
    for (const status of [503, 500]) {
      receiver.failNext(1, status);
      const outcome = await adapter.send(outgoingTo(receiver, secret));
      assert.ok(
        outcome.status === 'retry' && outcome.error.includes(String(status)) && outcome.retryAfterMs === undefined,
        JSON.stringify(outcome),
      );
    }
    receiver.failNext(1, 503);
    const detailed = await adapter.send(outgoingTo(receiver, secret));
    assert.ok(detailed.status === 'retry' && detailed.error === 'webhook 503: Service Unavailable', JSON.stringify(detailed));
    receiver.failNext(1, 429, '7');
    const throttled = await adapter.send(outgoingTo(receiver, secret));
    assert.ok(throttled.status === 'retry' && throttled.retryAfterMs === 7000, JSON.stringify(throttled));
    const message = outgoingTo(receiver, secret);
    assert.deepEqual(await adapter.send(message), { status: 'delivered' });
  });

  it('fails for good on 410 (gone) and other 4xx', async () => {
    receiver.failNext(1, 410);
    const gone = await adapter.send(outgoingTo(receiver, secret));
    assert.ok(gone.status === 'failed' && gone.gone === true, JSON.stringify(gone));
    receiver.failNext(1, 400);
    const bad = await adapter.send(outgoingTo(receiver, secret));
    assert.ok(bad.status === 'failed' && !bad.gone, JSON.stringify(bad));
  });

  it('retries when the receiver does not answer in time', async () => {
    const impatient = createWebhookAdapter({ timeoutMs: 200, allowPrivateNetworks: true });
    try {
      receiver.hangNext(1);
      const outcome = await impatient.send(outgoingTo(receiver, secret));
      assert.ok(outcome.status === 'retry' && /TIMEOUT/.test(outcome.error), JSON.stringify(outcome));
    } finally {
      await impatient.close();
    }
  });

  it('refuses loopback and private addresses unless allowed, by literal or by name, without sending', async () => {
    const guarded = createWebhookAdapter({ timeoutMs: 2000 });
    try {
      const before = receiver.rawCount();
      const literal = await guarded.send(outgoingTo(receiver, secret));
      assert.equal(literal.status, 'failed');
      const byName = await guarded.send({ ...outgoingTo(receiver, secret), address: receiver.url.replace('127.0.0.1', 'localhost') });
      assert.equal(byName.status, 'failed', JSON.stringify(byName));
      assert.match((byName as { error: string }).error, /private address/);
      const mapped = await guarded.send({
        ...outgoingTo(receiver, secret),
        address: receiver.url.replace('127.0.0.1', '[::ffff:127.0.0.1]'),
      });
      assert.equal(mapped.status, 'failed');
      assert.equal(receiver.rawCount(), before, 'nothing reached the private address');
    } finally {
      await guarded.close();
    }
  });

  it('retries when nothing listens at the address', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const outcome = await adapter.send(outgoingTo({ url: `http://127.0.0.1:${port}/hooks` }, secret));
    assert.ok(outcome.status === 'retry' && /ECONNREFUSED/.test(outcome.error), JSON.stringify(outcome));
  });

  it('refuses what it cannot send without a request', async () => {
    const before = receiver.rawCount() + receiver.rejectedCount();
    for (const overrides of [
      { webhookSecret: undefined },
      { address: 'ftp://127.0.0.1/hooks' },
      { address: 'not a url' },
      { webhookSecret: 'whsec_' },
    ] satisfies Partial<Outgoing>[]) {
      const outcome = await adapter.send(outgoingTo(receiver, secret, overrides));
      assert.equal(outcome.status, 'failed', JSON.stringify(overrides));
    }
    assert.equal(receiver.rawCount() + receiver.rejectedCount(), before);
  });

  it('lets the receiver drop a repeat: every attempt of a delivery carries the same webhook-id', async () => {
    const message = outgoingTo(receiver, secret);
    const rawBefore = receiver.rawCount();
    const uniqueBefore = receiver.uniqueCount();
    assert.equal((await adapter.send(message)).status, 'delivered');
    assert.equal((await adapter.send(message)).status, 'delivered');
    assert.equal(receiver.rawCount(), rawBefore + 2);
    assert.equal(receiver.uniqueCount(), uniqueBefore + 1);
  });

  it('delivers a burst of 2000 exactly once each over its pool of connections', async () => {
    const burstReceiver = await startWebhookReceiver({ secret });
    const burst = createWebhookAdapter({ connections: 16, allowPrivateNetworks: true });
    try {
      const messages = Array.from({ length: 2000 }, (_, i) =>
        outgoingTo(burstReceiver, secret, { content: notice({ webhookType: 'alert.updated', webhookData: { sequence: i } }) }),
      );
      const outcomes = await mapWithConcurrency(messages, burst.concurrency, (message) => burst.send(message));
      assert.deepEqual(new Set(outcomes.map((outcome) => outcome.status)), new Set(['delivered']));
      await burstReceiver.waitFor(2000);
      assert.equal(burstReceiver.uniqueCount(), 2000);
      assert.equal(burstReceiver.rawCount(), 2000);
      assert.equal(burstReceiver.rejectedCount(), 0);
      const sequences = new Set(burstReceiver.events.map((event) => event.event.data.sequence));
      assert.equal(sequences.size, 2000);
      assert.deepEqual(new Set(burstReceiver.events.map((event) => event.id)), new Set(messages.map((message) => message.key)));
      assert.ok(burstReceiver.connections() <= 16, `${burstReceiver.connections()} connections`);
    } finally {
      await burst.close();
      await burstReceiver.close();
    }
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates, and ignores what it cannot read', () => {
    const now = Date.parse('2025-03-01T10:00:00Z');
    assert.equal(retryAfterMs('120', now), 120_000);
    assert.equal(retryAfterMs(['5', '9'], now), 5000);
    assert.equal(retryAfterMs('Sat, 01 Mar 2025 10:01:00 GMT', now), 60_000);
    assert.equal(retryAfterMs('Sat, 01 Mar 2025 09:00:00 GMT', now), 0);
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs(undefined, now), undefined);
  });
});

async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}
