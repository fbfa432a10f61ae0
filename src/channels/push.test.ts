// The push channel against a real push service on loopback that verifies VAPID and decrypts like a
// browser: what arrives, the headers, each refusal mapped to an outcome, and the instance's VAPID keys.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import webpush from 'web-push';
import type { ChannelAdapter, NoticeContent, Outgoing } from './channel.ts';
import { createPushAdapter, MAX_PUSH_PLAINTEXT_BYTES, pushTopic } from './push.ts';
import { vapidKeys, vapidSubject } from './vapid.ts';
import { openPglite, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { startPushEndpoint, type PeerSubscription, type PushEndpoint } from '../../test/peers/push-endpoint.ts';
import { describeOnEngines } from '../../test/support/databases.ts';
import { placeEmbeddedDatabase } from '../../test/support/templates.ts';

const SUBJECT = 'mailto:operations@alerts.example.org';

function notice(overrides: Partial<NoticeContent> = {}): NoticeContent {
  return {
    language: 'en',
    status: 'Exercise',
    subject: 'EXERCISE Missing: Amelia, 9, last seen in Riverside',
    text: 'EXERCISE Amelia, 9, is missing. Have you seen her? « » “quotes” and emoji 🌼',
    html: '<!doctype html><html><body><p>Amelia</p></body></html>',
    sms: 'Amelia, 9, missing',
    url: 'https://alerts.example.org/appeals/amelia',
    photo: {
      url: 'https://alerts.example.org/appeals/amelia/photos/1.jpg',
      bytes: Buffer.from('jpeg'),
      contentType: 'image/jpeg',
      filename: 'appeal.jpg',
    },
    webhookType: 'alert.published',
    webhookData: {},
    ...overrides,
  };
}

function outgoingTo(subscription: PeerSubscription, overrides: Partial<Outgoing> = {}): Outgoing {
  return {
    key: `fmn-${randomUUID()}`,
    deliveryId: randomUUID(),
    notice: 'alert',
    address: subscription.endpoint,
    push: subscription.keys,
    content: notice(),
    ...overrides,
  };
}

/** A push service on loopback and an adapter with fresh VAPID keys that trusts it. */
async function startPushRig() {
  const peer = await startPushEndpoint();
  const vapid = webpush.generateVAPIDKeys();
  const adapter = createPushAdapter({
    vapid: { ...vapid, subject: SUBJECT },
    extraCa: [peer.certificate],
    allowPrivateNetworks: true,
    concurrency: 4,
    timeoutMs: 2000,
  });
  return { peer, vapid, adapter };
}

describe('push channel', () => {
  let peer: PushEndpoint;
  let vapid: { publicKey: string; privateKey: string };
  let adapter: ChannelAdapter;

  before(async () => {
    ({ peer, vapid, adapter } = await startPushRig());
  });
  after(async () => {
    await adapter.close();
    await peer.close();
  });

  it('delivers a payload the subscription decrypts to what was sent, with a VAPID token that verifies', async () => {
    const subscription = peer.subscribe(vapid.publicKey);
    // The text opens with the title, as every alert notice's does: the notification shows it once.
    const body = 'Amelia, 9, is missing. Have you seen her? « » “quotes” and emoji 🌼';
    const message = outgoingTo(subscription, { content: notice({ text: `${notice().subject}\n\n${body}` }) });
    const outcome = await adapter.send(message);
    assert.equal(outcome.status, 'sent', JSON.stringify(outcome));
    assert.deepEqual(peer.refused, []);
    const [push] = peer.receivedFor(subscription);
    assert.ok(push);
    assert.deepEqual(push.payload, {
      title: message.content.subject,
      body,
      url: message.content.url,
      icon: message.content.photo!.url,
      tag: message.content.url,
      status: 'Exercise',
      notice: 'alert',
      id: message.key,
    });
    assert.equal(push.vapid.aud, peer.origin);
    assert.equal(push.vapid.sub, SUBJECT);
    assert.equal(push.vapid.publicKey, vapid.publicKey);
    assert.equal(push.ttl, 6 * 60 * 60);
    assert.equal(push.urgency, 'high');
    assert.equal(push.topic, pushTopic(message.key));
    assert.match(push.topic, /^[A-Za-z0-9_-]{32}$/);
    // The provider reference is the push message resource the service answered with (RFC 8030 5).
    assert.ok(outcome.providerRef?.startsWith(`${peer.origin}/message/`));
  });

  it('gives a retry of the same delivery the same topic, and another delivery another', async () => {
    const subscription = peer.subscribe(vapid.publicKey);
    const first = outgoingTo(subscription);
    await adapter.send(first);
    await adapter.send(first);
    await adapter.send(outgoingTo(subscription, { notice: 'update' }));
    const topics = peer.receivedFor(subscription).map((push) => push.topic);
    assert.equal(topics.length, 3);
    assert.equal(topics[0], topics[1]);
    assert.notEqual(topics[0], topics[2]);
  });

  it('leaves out the icon when the appeal has no photo', async () => {
    const subscription = peer.subscribe(vapid.publicKey);
    const outcome = await adapter.send(outgoingTo(subscription, { content: notice({ photo: undefined }) }));
    assert.equal(outcome.status, 'sent');
    const payload = peer.receivedFor(subscription)[0]!.payload as Record<string, unknown>;
    assert.equal('icon' in payload, false);
  });

  it('cuts a long body so the message stays within what every push service accepts', async () => {
    const subscription = peer.subscribe(vapid.publicKey);
    const text = `${'Amelia was last seen near the "river" path. '.repeat(150)}END`;
    const outcome = await adapter.send(outgoingTo(subscription, { content: notice({ text }) }));
    assert.equal(outcome.status, 'sent', JSON.stringify(outcome));
    const [push] = peer.receivedFor(subscription);
    assert.ok(push);
    assert.ok(push.plaintext.length <= MAX_PUSH_PLAINTEXT_BYTES, `${push.plaintext.length} bytes`);
    assert.ok(push.bodyBytes <= 4096, `${push.bodyBytes} bytes on the wire`);
    const body = (push.payload as { body: string }).body;
    assert.ok(body.endsWith('…'));
    assert.ok(text.startsWith(body.slice(0, -1)));
    assert.ok(body.length > 3000, 'the body is cut only as much as needed');
  });

  it('is refused when the token is signed with another key than the one it names', async () => {
    const other = webpush.generateVAPIDKeys();
    const forged = createPushAdapter({
      vapid: { publicKey: vapid.publicKey, privateKey: other.privateKey, subject: SUBJECT },
      extraCa: [peer.certificate],
      allowPrivateNetworks: true,
    });
    try {
      const subscription = peer.subscribe(vapid.publicKey);
      const outcome = await forged.send(outgoingTo(subscription));
      assert.equal(outcome.status, 'failed');
      assert.ok(!outcome.gone && outcome.error.includes('401'));
      assert.match(peer.refused.at(-1)!.reason, /signature does not verify/);
      assert.equal(peer.receivedFor(subscription).length, 0);
    } finally {
      await forged.close();
    }
  });

  it('is refused by a subscription made for another application server key', async () => {
    const subscription = peer.subscribe(webpush.generateVAPIDKeys().publicKey);
    const outcome = await adapter.send(outgoingTo(subscription));
    assert.ok(outcome.status === 'failed' && !outcome.gone && outcome.error.includes('403'), JSON.stringify(outcome));
  });

  it("cannot be read with another subscription's keys", async () => {
    const subscription = peer.subscribe(vapid.publicKey);
    const stranger = peer.subscribe(vapid.publicKey);
    const outcome = await adapter.send(outgoingTo(subscription, { push: stranger.keys }));
    assert.ok(outcome.status === 'failed' && outcome.error.includes('400'), JSON.stringify(outcome));
    assert.match(peer.refused.at(-1)!.reason, /cannot decrypt/);
  });
});

describe('push channel: answers of the push service', () => {
  let peer: PushEndpoint;
  let vapid: { publicKey: string; privateKey: string };
  let adapter: ChannelAdapter;

  before(async () => {
    ({ peer, vapid, adapter } = await startPushRig());
  });
  after(async () => {
    await adapter.close();
    await peer.close();
  });

  it('marks an expired subscription gone on 410 and on 404', async () => {
    for (const status of [410, 404] as const) {
      const subscription = peer.subscribe(vapid.publicKey);
      peer.expire(subscription, status);
      const outcome = await adapter.send(outgoingTo(subscription));
      assert.deepEqual(
        { status: outcome.status, gone: outcome.status === 'failed' && outcome.gone },
        { status: 'failed', gone: true },
        `on ${status}`,
      );
    }
  });

  it('retries after the time a throttling service asks for', async () => {
    const subscription = peer.subscribe(vapid.publicKey);
    peer.failNext(1, 429, '120');
    const outcome = await adapter.send(outgoingTo(subscription));
    assert.equal(outcome.status, 'retry');
    assert.ok(outcome.retryAfterMs === 120_000);
    // The next attempt goes through.
    assert.equal((await adapter.send(outgoingTo(subscription))).status, 'sent');
  });

  it('retries on a server error, with Retry-After as a date when given', async () => {
    const subscription = peer.subscribe(vapid.publicKey);
    peer.failNext(1, 500);
    const plain = await adapter.send(outgoingTo(subscription));
    assert.ok(plain.status === 'retry' && plain.retryAfterMs === undefined && plain.error.includes('500'), JSON.stringify(plain));
    peer.failNext(1, 503, new Date(Date.now() + 3_600_000).toUTCString());
    const dated = await adapter.send(outgoingTo(subscription));
    assert.ok(dated.status === 'retry' && dated.retryAfterMs !== undefined && dated.retryAfterMs > 3_000_000, JSON.stringify(dated));
  });

  it('fails for good on 413 and 400', async () => {
    const subscription = peer.subscribe(vapid.publicKey);
    for (const status of [413, 400]) {
      peer.failNext(1, status);
      const outcome = await adapter.send(outgoingTo(subscription));
      assert.ok(outcome.status === 'failed' && !outcome.gone, `on ${status}: ${JSON.stringify(outcome)}`);
    }
  });

  it('retries when the push service does not answer in time', async () => {
    const impatient = createPushAdapter({
      vapid: { ...vapid, subject: SUBJECT },
      extraCa: [peer.certificate],
      allowPrivateNetworks: true,
      timeoutMs: 200,
    });
    try {
      const subscription = peer.subscribe(vapid.publicKey);
      peer.hangNext(1);
      const outcome = await impatient.send(outgoingTo(subscription));
      assert.equal(outcome.status, 'retry', JSON.stringify(outcome));
    } finally {
      await impatient.close();
    }
  });

  it('retries when the push service cannot be reached', async () => {
    const gone = await startPushEndpoint();
    const subscription = gone.subscribe(vapid.publicKey);
    await gone.close();
    const outcome = await adapter.send(outgoingTo(subscription));
    assert.ok(outcome.status === 'retry' && /ECONNREFUSED/.test(outcome.error), JSON.stringify(outcome));
  });

  it('refuses what it cannot send without asking the push service', async () => {
    const subscription = peer.subscribe(vapid.publicKey);
    const before = peer.received.length + peer.refused.length;
    const cases: Array<[string, Partial<Outgoing>]> = [
      ['no keys', { push: undefined }],
      ['http endpoint', { address: subscription.endpoint.replace('https:', 'http:') }],
      ['not a URL', { address: 'not a url' }],
      ['short p256dh', { push: { p256dh: subscription.keys.p256dh.slice(0, 20), auth: subscription.keys.auth } }],
      ['short auth', { push: { p256dh: subscription.keys.p256dh, auth: 'c2hvcnQ' } }],
    ];
    for (const [name, overrides] of cases) {
      const outcome = await adapter.send(outgoingTo(subscription, overrides));
      assert.equal(outcome.status, 'failed', name);
    }
    assert.equal(peer.received.length + peer.refused.length, before);
  });

  it('sends many at once over no more connections than its concurrency', async () => {
    const subscriptions = Array.from({ length: 5 }, () => peer.subscribe(vapid.publicKey));
    const connectionsBefore = peer.connections();
    const receivedBefore = peer.received.length;
    const messages = Array.from({ length: 40 }, (_, i) => outgoingTo(subscriptions[i % 5]!));
    const outcomes = await Promise.all(messages.map((message) => adapter.send(message)));
    assert.deepEqual(new Set(outcomes.map((outcome) => outcome.status)), new Set(['sent']));
    await peer.waitFor(receivedBefore + 40);
    const ids = new Set(peer.received.slice(receivedBefore).map((push) => (push.payload as { id: string }).id));
    assert.deepEqual(ids, new Set(messages.map((message) => message.key)));
    assert.ok(peer.connections() - connectionsBefore <= adapter.concurrency, `${peer.connections() - connectionsBefore} new connections`);
  });
});

describe('VAPID subject', () => {
  it('is the public site when it is https on a real host, else a mailto: contact', () => {
    assert.equal(vapidSubject('https://alerts.example.org'), 'https://alerts.example.org');
    assert.equal(vapidSubject('https://alerts.example.org/missing/'), 'https://alerts.example.org/missing');
    assert.equal(vapidSubject('http://localhost:8080'), 'mailto:push@localhost');
    assert.equal(vapidSubject('https://localhost:8443'), 'mailto:push@localhost');
    assert.equal(vapidSubject('http://alerts.example.org', 'ops@example.org'), 'mailto:ops@example.org');
    // Whatever it returns, web-push takes it.
    for (const url of ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080', 'https://alerts.example.org']) {
      const keys = webpush.generateVAPIDKeys();
      assert.doesNotThrow(
        () => webpush.getVapidHeaders('https://push.example.net', vapidSubject(url), keys.publicKey, keys.privateKey, 'aes128gcm'),
        url,
      );
    }
  });
});

describeOnEngines('VAPID keys', (engine) => {
  let db: Database;
  let other: Database;
  before(async () => {
    db = await engine.open();
    other = await engine.open();
  });
  after(async () => {
    await db.close();
    await other.close();
  });

  it('are made once and kept: the same on every call, different in another database', async () => {
    const first = await vapidKeys(db, new Date());
    const second = await vapidKeys(db, new Date());
    assert.deepEqual(second, first);
    assert.equal(Buffer.from(first.publicKey, 'base64url').length, 65);
    assert.equal(Buffer.from(first.privateKey, 'base64url').length, 32);
    const elsewhere = await vapidKeys(other, new Date());
    assert.notEqual(elsewhere.publicKey, first.publicKey);
    assert.notEqual(elsewhere.privateKey, first.privateKey);
  });

  it('sign tokens that a push service verifies', async () => {
    const peer = await startPushEndpoint();
    const keys = await vapidKeys(db, new Date());
    const adapter = createPushAdapter({
      vapid: { ...keys, subject: vapidSubject('http://localhost:8080') },
      extraCa: [peer.certificate],
      allowPrivateNetworks: true,
    });
    try {
      const subscription = peer.subscribe(keys.publicKey);
      const outcome = await adapter.send(outgoingTo(subscription));
      assert.equal(outcome.status, 'sent', JSON.stringify(outcome));
      assert.equal(peer.receivedFor(subscription)[0]!.vapid.publicKey, keys.publicKey);
    } finally {
      await adapter.close();
      await peer.close();
    }
  });
});

describe('VAPID keys on disk', () => {
  it('survive closing and opening the same data again', async () => {
    const dir = await placeEmbeddedDatabase(fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-vapid-')), 'migrated');
    try {
      const dataDir = path.join(dir, 'pglite');
      const first = await openPglite(dataDir);
      await migrate(first);
      const made = await vapidKeys(first, new Date());
      await first.close();
      const again = await openPglite(dataDir);
      await migrate(again);
      const kept = await vapidKeys(again, new Date());
      await again.close();
      assert.deepEqual(kept, made);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
