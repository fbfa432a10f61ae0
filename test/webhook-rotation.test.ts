// Rotating a partner's webhook secret through the enrolment API, with real dispatch to a receiver that
// checks signatures with the standardwebhooks package: during the overlap every request is signed under
// both secrets, so the partner still on the old one keeps receiving; once the partner's administrator
// ends the overlap, or it runs out, only the new secret signs. The body's timestamp is the message's.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { describeOnEngines } from './support/databases.ts';
import { asToken, liveClock, startTestWorld, type TestWorld } from './support/app.ts';
import { approvedAlert } from './support/alerts.ts';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './peers/webhook-receiver.ts';
import { createWebhookAdapter, WEBHOOK_SECRET_OVERLAP_MS } from '../src/channels/webhook.ts';
import { startDispatch, type DispatchEngine } from '../src/dispatch/engine.ts';
import { addPartnerOrganisation } from '../src/enrolment/enrolment.test-support.ts';
import { ifStarted } from './support/hooks.ts';

function verifies(secret: string, received: ReceivedWebhook): boolean {
  try {
    new Webhook(secret).verify(received.body, {
      'webhook-id': received.id,
      'webhook-timestamp': received.timestamp,
      'webhook-signature': received.signature,
    });
    return true;
  } catch {
    return false;
  }
}

describeOnEngines('Webhook secret rotation', (engine) => {
  let world: TestWorld;
  let dispatch: DispatchEngine;
  const receivers: WebhookReceiver[] = [];
  const partner = () => asToken(world, 'partner/partner_admin');

  before(async () => {
    world = await startTestWorld(engine, { clock: liveClock() });
    dispatch = await startDispatch(world.deps, {
      channels: ['webhook'],
      idleMs: 50,
      log: () => undefined,
      adapters: () => ({ webhook: createWebhookAdapter({ allowPrivateNetworks: true }) }),
    });
    world.deps.onOutbox = () => dispatch.nudge();
    await addPartnerOrganisation(world, 'rotating');
  });
  after(async () => {
    await ifStarted(dispatch)?.stop();
    await Promise.all(receivers.map((r) => r.close()));
    await ifStarted(world)?.close();
  });

  /** The partner's endpoint now checks with `secret` (as after installing it); the webhook's URL points there. */
  async function partnerEndpoint(webhookId: string, secret: string): Promise<WebhookReceiver> {
    const receiver = await startWebhookReceiver({ secret });
    receivers.push(receiver);
    await world.db.query(`UPDATE subscriber_channels SET address = $2 WHERE subscriber_id = $1 AND channel = 'webhook'`, [
      webhookId,
      receiver.url,
    ]);
    return receiver;
  }

  async function sentOf(alertId: string): Promise<string> {
    const { rows } = await world.db.query<{ sent: Date }>(
      `SELECT sent FROM alert_messages WHERE alert_id = $1 ORDER BY sent DESC LIMIT 1`,
      [alertId],
    );
    return rows[0]!.sent.toISOString();
  }

  it('signs with both secrets during the overlap, and only the new one after the partner ends it or it runs out', async () => {
    const created = await partner()('POST', '/api/v1/enrolment/webhooks', {
      name: 'Depot',
      url: 'https://hooks.example.org/depot',
      area: { jurisdictionCodes: ['area-a'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const { id, secret: oldSecret } = JSON.parse(created.body) as { id: string; secret: string };
    const stillOld = await partnerEndpoint(id, oldSecret);

    const rotated = await partner()('POST', `/api/v1/enrolment/webhooks/${id}/rotate-secret`);
    assert.equal(rotated.statusCode, 200, rotated.body);
    const { secret: newSecret, previousSecretUntil } = JSON.parse(rotated.body) as { secret: string; previousSecretUntil: string };
    assert.ok(
      Math.abs(Date.parse(previousSecretUntil) - (world.clock.now().getTime() + WEBHOOK_SECRET_OVERLAP_MS)) < 60_000,
      previousSecretUntil,
    );
    const listed = JSON.parse((await partner()('GET', '/api/v1/enrolment/webhooks')).body).items[0];
    assert.equal(listed.previousSecretUntil, previousSecretUntil);

    // The partner has not installed the new secret yet: it still receives, and both signatures verify.
    const first = await approvedAlert(world);
    const [during] = await stillOld.waitFor(1, 30_000);
    assert.equal(stillOld.rejectedCount(), 0);
    assert.equal(during!.signature.split(' ').length, 2);
    assert.ok(verifies(oldSecret, during!), 'the old secret verifies');
    assert.ok(verifies(newSecret, during!), 'the new secret verifies');
    // The event's time is when the message was issued, not when this attempt was made.
    assert.equal(during!.event.timestamp, await sentOf(first.alertId));
    assert.match(during!.id, /^fmn-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    // The partner's administrator ends the overlap: from now on only the new secret signs.
    const ended = await partner()('POST', `/api/v1/enrolment/webhooks/${id}/end-secret-overlap`);
    assert.equal(ended.statusCode, 200, ended.body);
    assert.deepEqual(JSON.parse(ended.body), { id, ended: true });
    assert.deepEqual(JSON.parse((await partner()('POST', `/api/v1/enrolment/webhooks/${id}/end-secret-overlap`)).body), {
      id,
      ended: false,
    });
    assert.equal(JSON.parse((await partner()('GET', '/api/v1/enrolment/webhooks')).body).items[0].previousSecretUntil, null);
    assert.equal(
      (
        await asToken(world, 'partner/partner_admin')(
          'POST',
          `/api/v1/enrolment/webhooks/00000000-0000-4000-8000-000000000000/end-secret-overlap`,
        )
      ).statusCode,
      404,
    );
    const audit = await world.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action = 'enrolment.webhook_secret_overlap_ended'`,
    );
    assert.equal(audit.rows.length, 2);

    const installed = await partnerEndpoint(id, newSecret);
    await approvedAlert(world);
    const [afterEnd] = await installed.waitFor(1, 30_000);
    assert.equal(afterEnd!.signature.split(' ').length, 1);
    assert.ok(verifies(newSecret, afterEnd!));
    assert.ok(!verifies(oldSecret, afterEnd!), 'the old secret no longer verifies');
    assert.notEqual(afterEnd!.id, during!.id);

    // Rotating again, and letting the default overlap run out.
    const again = JSON.parse((await partner()('POST', `/api/v1/enrolment/webhooks/${id}/rotate-secret`)).body) as { secret: string };
    world.clock.advance(WEBHOOK_SECRET_OVERLAP_MS + 60_000);
    const third = await partnerEndpoint(id, again.secret);
    await approvedAlert(world);
    const [afterExpiry] = await third.waitFor(1, 30_000);
    assert.equal(afterExpiry!.signature.split(' ').length, 1);
    assert.ok(verifies(again.secret, afterExpiry!));
    assert.ok(!verifies(newSecret, afterExpiry!));
  });

  it('keeps each organisation from ending another organisation’s overlap', async () => {
    const ours = JSON.parse(
      (
        await partner()('POST', '/api/v1/enrolment/webhooks', {
          name: 'Ours',
          url: 'https://hooks.example.org/ours',
          area: { national: true },
        })
      ).body,
    ) as { id: string };
    await partner()('POST', `/api/v1/enrolment/webhooks/${ours.id}/rotate-secret`);
    assert.equal(
      (await asToken(world, 'rotating/partner_admin')('POST', `/api/v1/enrolment/webhooks/${ours.id}/end-secret-overlap`)).statusCode,
      404,
    );
    const { rows } = await world.db.query<{ previous_webhook_secret: string | null }>(
      `SELECT previous_webhook_secret FROM subscriber_channels WHERE subscriber_id = $1`,
      [ours.id],
    );
    assert.ok(rows[0]!.previous_webhook_secret, 'the overlap still runs');
  });
});
