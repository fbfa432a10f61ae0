// A member of the public from the sign-up form to leaving, through the real dispatch engine and real
// protocol peers on loopback: the confirmation email and text arrive and work, an appeal then reaches
// them by email, text and browser notification, the one-click unsubscribe in that email removes them,
// and a STOP reply removes a number.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describeOnEngines } from '../../test/support/databases.ts';
import { startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { approvedAlert } from '../../test/support/alerts.ts';
import { startSmtpPeer, type SmtpPeer } from '../../test/peers/smtp-peer.ts';
import { startSmppPeer, type SmppPeer } from '../../test/peers/smpp-peer.ts';
import { startPushEndpoint, type PushEndpoint } from '../../test/peers/push-endpoint.ts';
import { createEmailAdapter } from '../channels/email.ts';
import { createPushAdapter } from '../channels/push.ts';
import { createSmsAdapter } from '../channels/sms.ts';
import { vapidKeys } from '../channels/vapid.ts';
import { startDispatch, type DispatchEngine } from '../dispatch/engine.ts';
import { ifStarted } from '../../test/support/hooks.ts';

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describeOnEngines('A member of the public from sign-up to leaving', (engine) => {
  let world: TestWorld;
  let smtp: SmtpPeer;
  let smpp: SmppPeer;
  let push: PushEndpoint;
  let dispatch: DispatchEngine;
  let vapidPublicKey: string;

  const postForm = (url: string, fields: Record<string, string>) =>
    world.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });
  const channelRows = async (address: string) =>
    (
      await world.db.query<{ subscriber_id: string; confirmed_at: Date | null }>(
        'SELECT subscriber_id, confirmed_at FROM subscriber_channels WHERE address = $1',
        [address],
      )
    ).rows;

  before(async () => {
    world = await startTestWorld(engine);
    // Real time: the engine's leases and the peers' timestamps need a clock that moves.
    world.deps.clock = () => new Date();
    [smtp, smpp, push] = await Promise.all([startSmtpPeer(), startSmppPeer(), startPushEndpoint()]);
    const vapid = await vapidKeys(world.db, new Date());
    vapidPublicKey = vapid.publicKey;
    dispatch = await startDispatch(world.deps, {
      channels: ['email', 'sms', 'push'],
      idleMs: 50,
      log: () => undefined,
      adapters: (events) => ({
        email: createEmailAdapter({ url: smtp.url, from: 'Child Rescue Alert <alerts@forgetmenot.test>' }),
        sms: createSmsAdapter({ url: smpp.url, sourceAddress: 'ChildAlert', events }),
        push: createPushAdapter({
          vapid: { ...vapid, subject: 'mailto:alerts@forgetmenot.test' },
          extraCa: [push.certificate],
          allowPrivateNetworks: true,
        }),
      }),
    });
    world.deps.onOutbox = () => dispatch.nudge();
  });
  after(async () => {
    await ifStarted(dispatch)?.stop();
    await Promise.all([ifStarted(smtp)?.close(), ifStarted(smpp)?.close(), ifStarted(push)?.close()]);
    await ifStarted(world)?.close();
  });

  it('confirms by the emailed link and the texted code, gets an appeal on every channel, and leaves with one click', async () => {
    const email = `journey-${randomUUID().slice(0, 8)}@example.org`;
    const phone = '+447400555123';
    const browser = push.subscribe(vapidPublicKey);
    // The page reads the key the browser subscribes with from here.
    assert.equal(JSON.parse((await world.app.inject({ method: 'GET', url: '/alerts/vapid-public-key' })).body).publicKey, vapidPublicKey);

    const signedUp = await postForm('/alerts/sign-up?lang=cy', {
      channel_email: 'yes',
      channel_sms: 'yes',
      channel_push: 'yes',
      email,
      phone: '07400 555123',
      push_endpoint: browser.endpoint,
      push_p256dh: browser.keys.p256dh,
      push_auth: browser.keys.auth,
      // Inside the alert area used below (30 km around 52.5 N, 3.5 W).
      place1: 'Llanidloes',
      language: 'cy',
      consent: 'yes',
    });
    assert.equal(signedUp.statusCode, 200, signedUp.body);
    assert.match(signedUp.body, /Gwiriwch eich negeseuon/);

    // The email: Welsh, with the link, which shows a button and then confirms.
    const [confirmation] = await smtp.waitFor(1, 20_000);
    assert.deepEqual(confirmation!.envelope.to, [email]);
    assert.equal(confirmation!.subject, 'Cadarnhewch eich Rhybuddion Achub Plentyn');
    const link = /https?:\/\/\S+\/alerts\/confirm\/\S+/.exec(confirmation!.text!)![0];
    assert.ok(confirmation!.html!.includes(`href="${link}"`));
    const path = new URL(link).pathname;
    assert.equal((await world.app.inject({ method: 'GET', url: path })).statusCode, 200);
    assert.equal((await postForm(path, {})).statusCode, 200);

    // The text: the code, which confirms the number.
    await smpp.waitFor(() => smpp.messages.length >= 1, 'the confirmation text', 20_000);
    const text = smpp.messages[0]!;
    assert.equal(text.destination.replace(/^\+/, ''), phone.slice(1));
    const code = /\b(\d{6})\b/.exec(text.text)![1]!;
    const confirmed = await postForm('/alerts/confirm-code?lang=cy', { phone, code });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.match(confirmed.body, /Rydych wedi cofrestru/);
    for (const address of [email, phone, browser.endpoint])
      assert.ok((await channelRows(address))[0]?.confirmed_at, `${address} is confirmed`);

    // An appeal in their area reaches them on all three channels, in Welsh.
    await approvedAlert(world);
    const [, appealEmail] = await smtp.waitFor(2, 20_000);
    assert.match(appealEmail!.subject, /^Rhybudd Achub Plentyn/);
    await smpp.waitFor(() => smpp.messages.length >= 2, 'the appeal text', 20_000);
    assert.match(smpp.messages[1]!.text, /^RHYBUDD ACHUB PLENTYN/);
    await push.waitFor(1, 30_000).catch(async (error: Error) => {
      const { rows } = await world.db.query(`SELECT state, attempts, last_error FROM deliveries WHERE channel = 'push'`);
      throw new Error(`${error.message}; deliveries: ${JSON.stringify(rows)}; refused: ${JSON.stringify(push.refused)}`);
    });
    assert.equal(push.receivedFor(browser).length, 1);

    // The appeal email's one-click unsubscribe, as a mail provider would send it.
    const unsubscribe = /^<(.+)>$/.exec(appealEmail!.headers['list-unsubscribe']!)![1]!;
    const oneClick = await postForm(new URL(unsubscribe).pathname, { 'List-Unsubscribe': 'One-Click' });
    assert.equal(oneClick.statusCode, 200, oneClick.body);
    for (const address of [email, phone, browser.endpoint]) assert.equal((await channelRows(address)).length, 0, `${address} is gone`);
  });

  it('removes a number that replies STOP', async () => {
    const phone = '+447400555124';
    const signedUp = await postForm('/alerts/sign-up', { channel_sms: 'yes', phone, place1: 'Newtown', consent: 'yes' });
    assert.equal(signedUp.statusCode, 200, signedUp.body);
    await smpp.waitFor(() => smpp.messages.some((m) => m.destination.endsWith('7400555124')), 'the confirmation text', 20_000);
    assert.equal((await channelRows(phone)).length, 1);
    await smpp.sendInbound(phone, 'Stop');
    await until('the number to be removed', async () => (await channelRows(phone)).length === 0);
  });
});
