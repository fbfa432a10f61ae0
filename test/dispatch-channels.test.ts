// From approval to every recipient, through the real engine and the real adapters, against real protocol
// peers on loopback: an SMTP server, an SMPP server (with delivery receipts), a push service that checks
// VAPID and decrypts, and a webhook receiver that verifies Standard Webhooks signatures. Then a provider
// goes down and comes back, and the withdrawal's "found" notice reaches exactly those who were alerted.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from './support/databases.ts';
import { asToken, FORCE_B_POINT, startTestWorld, type TestWorld } from './support/app.ts';
import { addRecipient, ALERT_CENTRE, approvedAlert, deliveryStates } from './support/alerts.ts';
import { startSmtpPeer, type SmtpPeer } from './peers/smtp-peer.ts';
import { startSmppPeer, type SmppPeer } from './peers/smpp-peer.ts';
import { startPushEndpoint, type PushEndpoint } from './peers/push-endpoint.ts';
import { startWebhookReceiver, type WebhookReceiver } from './peers/webhook-receiver.ts';
import { createEmailAdapter } from '../src/channels/email.ts';
import { createSmsAdapter } from '../src/channels/sms.ts';
import { createPushAdapter } from '../src/channels/push.ts';
import { createWebhookAdapter, newWebhookSecret } from '../src/channels/webhook.ts';
import { vapidKeys } from '../src/channels/vapid.ts';
import { startDispatch, type DispatchEngine } from '../src/dispatch/engine.ts';
import { dispatchProgress, dispatchSettled } from '../src/dispatch/progress.ts';
import { ifStarted } from './support/hooks.ts';

const IN_AREA = (i: number) => ({ lon: ALERT_CENTRE.lon + ((i % 7) - 3) * 0.03, lat: ALERT_CENTRE.lat + ((i % 5) - 2) * 0.03 });
const PEOPLE = 12;

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describeOnEngines('Dispatch through real protocol peers', (engine) => {
  let world: TestWorld;
  let smtp: SmtpPeer;
  let smpp: SmppPeer;
  let push: PushEndpoint;
  let hooks: WebhookReceiver;
  let dispatch: DispatchEngine;
  const secret = newWebhookSecret();
  const pushSubscriptions: ReturnType<PushEndpoint['subscribe']>[] = [];

  before(async () => {
    world = await startTestWorld(engine);
    // Real time: the engine's leases, backoffs and the peers' timestamps need a clock that moves.
    world.deps.clock = () => new Date();
    [smtp, smpp, push, hooks] = await Promise.all([
      startSmtpPeer(),
      startSmppPeer(),
      startPushEndpoint(),
      startWebhookReceiver({ secret }),
    ]);
    const vapid = await vapidKeys(world.db, new Date());
    for (let i = 0; i < PEOPLE; i++) {
      const subscription = push.subscribe(vapid.publicKey);
      pushSubscriptions.push(subscription);
      await addRecipient(world.db, {
        at: [IN_AREA(i)],
        language: i % 3 === 0 ? 'cy' : 'en',
        channels: {
          email: { address: `person${i}@example.org` },
          sms: { address: `+4477009${String(10000 + i).slice(1)}` },
          push: { address: subscription.endpoint, p256dh: subscription.keys.p256dh, auth: subscription.keys.auth },
          webhook: { address: hooks.url, secret },
        },
      });
    }
    // Someone outside the area, on every channel: must get nothing.
    const outsider = push.subscribe(vapid.publicKey);
    await addRecipient(world.db, {
      at: [FORCE_B_POINT],
      channels: {
        email: { address: 'outside@example.org' },
        sms: { address: '+447700999999' },
        push: { address: outsider.endpoint, p256dh: outsider.keys.p256dh, auth: outsider.keys.auth },
        webhook: { address: hooks.url, secret },
      },
    });
    dispatch = await startDispatch(world.deps, {
      idleMs: 50,
      tuning: { retryBaseMs: 200, retryMaxMs: 1000 },
      log: () => undefined,
      adapters: (events) => ({
        email: createEmailAdapter({ url: smtp.url, from: 'Child Rescue Alert <alerts@forgetmenot.test>' }),
        sms: createSmsAdapter({ url: smpp.url, sourceAddress: 'ChildAlert', events }),
        push: createPushAdapter({
          vapid: { ...vapid, subject: 'mailto:alerts@forgetmenot.test' },
          extraCa: [push.certificate],
          allowPrivateNetworks: true,
        }),
        webhook: createWebhookAdapter({ allowPrivateNetworks: true }),
      }),
    });
    world.deps.onOutbox = () => dispatch.nudge();
  });
  after(async () => {
    await ifStarted(dispatch)?.stop();
    await Promise.all([ifStarted(smtp)?.close(), ifStarted(smpp)?.close(), ifStarted(push)?.close(), ifStarted(hooks)?.close()]);
    await ifStarted(world)?.close();
  });

  it('reaches every recipient in the area once on every channel they chose, and nobody outside', async () => {
    const { alertId, slug } = await approvedAlert(world, { withPhoto: true });
    await smtp.waitFor(PEOPLE, 90_000);
    await smpp.waitFor(() => smpp.messages.length >= PEOPLE, 'SMS', 90_000);
    await push.waitFor(PEOPLE, 90_000);
    await hooks.waitFor(PEOPLE, 90_000);
    await until('receipts and records', async () => {
      const progress = await dispatchProgress(world.db, alertId);
      return dispatchSettled(progress) && progress.channels.find((c) => c.channel === 'sms')!.delivered === PEOPLE;
    });

    // Email: both parts, the photo inline, one-click unsubscribe, the idempotency key in Message-ID.
    assert.equal(smtp.messages.length, PEOPLE);
    assert.ok(!smtp.messages.some((m) => m.envelope.to.includes('outside@example.org')));
    const english = smtp.messages.find((m) => m.envelope.to[0] === 'person1@example.org')!;
    assert.match(english.subject, /^Child Rescue Alert: Amelia Testcase/);
    assert.match(english.text!, new RegExp(`/appeals/${slug}`));
    assert.match(english.html!, /<img src="cid:appeal-photo"/);
    assert.equal(english.attachments[0]?.cid, 'appeal-photo');
    assert.equal(english.attachments[0].contentType, 'image/jpeg');
    assert.match(
      english.headers['list-unsubscribe']!,
      /^<http:\/\/localhost:8080\/alerts\/unsubscribe\/[0-9a-f-]+\/[A-Za-z0-9_-]+(\?lang=[a-z]{2,3})?>$/,
    );
    assert.equal(english.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
    assert.match(english.messageId!, /^<fmn-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@/);
    const welsh = smtp.messages.find((m) => m.envelope.to[0] === 'person0@example.org')!;
    assert.match(welsh.subject, /^Rhybudd Achub Plentyn/);

    // SMS: the officers' text, in the person's language (UCS-2 for Welsh), each with a delivery receipt.
    assert.equal(smpp.messages.length, PEOPLE);
    assert.ok(!smpp.messages.some((m) => m.destination === '447700999999'));
    assert.match(smpp.messages.find((m) => m.destination.endsWith('0001'))!.text, /^CHILD RESCUE ALERT: Amelia/);
    const welshSms = smpp.messages.find((m) => m.destination.endsWith('0000'))!;
    assert.match(welshSms.text, /^RHYBUDD ACHUB PLENTYN/);
    assert.equal(welshSms.dataCoding, 8);

    // Push: decrypted by the push service peer with each subscription's keys.
    assert.equal(push.received.length, PEOPLE);
    for (const subscription of pushSubscriptions) assert.equal(push.receivedFor(subscription).length, 1);
    const payload = push.received[0]!.payload as { title: string; url: string; notice: string; icon?: string };
    assert.match(payload.title, /Amelia Testcase|Rhybudd/);
    assert.match(payload.url, new RegExp(`/appeals/${slug}`));
    assert.equal(payload.notice, 'alert');
    assert.match(payload.icon ?? '', /\/photos\/1\.jpg$/);

    // Webhooks: signatures verified by an independent implementation; one event per recipient.
    assert.equal(hooks.uniqueCount(), PEOPLE);
    assert.equal(hooks.rejectedCount(), 0);
    const event = hooks.events[0]!.event;
    assert.equal(event.type, 'alert.published');
    assert.equal(event.data.alertId, alertId);
    assert.match(String(event.data.capUrl), /\/cap\/.+\.xml$/);

    const states = await deliveryStates(world.db, alertId);
    // SMS (by receipt) and webhooks (by the partner's 2xx) are known delivered; email and push are handed to the relay and the push service.
    assert.deepEqual(states, { delivered: PEOPLE * 2, sent: PEOPLE * 2 });

    // When the child is found: a short notice to those who were alerted, on every channel.
    const withdrawn = await asToken(world, 'force-a/investigator')('POST', `/api/v1/alerts/${alertId}/withdraw`, { reason: 'found_safe' });
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    await smtp.waitFor(PEOPLE * 2, 90_000);
    await smpp.waitFor(() => smpp.messages.length >= PEOPLE * 2, 'found SMS', 90_000);
    await push.waitFor(PEOPLE * 2, 90_000);
    await hooks.waitFor(PEOPLE * 2, 90_000);
    const foundEmail = smtp.messages.slice(PEOPLE).find((m) => m.envelope.to[0] === 'person1@example.org')!;
    assert.match(foundEmail.subject, /found/);
    assert.doesNotMatch(foundEmail.text!, /Amelia/);
    assert.equal(foundEmail.attachments.length, 0, 'no photo once the child is found');
    assert.equal(hooks.events.filter((e) => e.event.type === 'alert.found').length, PEOPLE);
    assert.ok(!smtp.messages.some((m) => m.envelope.to.includes('outside@example.org')));
  });

  it('keeps the other channels going while one provider is down, then catches up', async () => {
    await smtp.down();
    smpp.throttleNext(3);
    hooks.failNext(4, 503);
    const before = { email: smtp.messages.length, sms: smpp.messages.length, hooks: hooks.uniqueCount() };
    const { alertId } = await approvedAlert(world);
    await hooks.waitFor(before.hooks + PEOPLE, 90_000);
    await smpp.waitFor(() => smpp.messages.length >= before.sms + PEOPLE, 'SMS after throttling', 90_000);
    // Email is still failing: retried, not lost.
    const waiting = (await dispatchProgress(world.db, alertId)).channels.find((c) => c.channel === 'email')!;
    assert.equal(waiting.sent, 0);
    assert.equal(waiting.queued, PEOPLE);
    await smtp.up();
    await smtp.waitFor(before.email + PEOPLE, 90_000);
    await until('settled', async () => dispatchSettled(await dispatchProgress(world.db, alertId)));
    const email = (await dispatchProgress(world.db, alertId)).channels.find((c) => c.channel === 'email')!;
    assert.equal(email.sent, PEOPLE);
    assert.equal(email.deadLettered, 0);
    assert.equal(smtp.messages.length, before.email + PEOPLE, 'each once');
  });
});
