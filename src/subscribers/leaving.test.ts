// "Your details have been deleted" is true: after someone leaves, no row of any table holds their id,
// email address, phone number or push endpoint, while the alert's dispatch figures still add up. Through
// the real sign-up, confirmation, dispatch (development inbox) and one-click unsubscribe, on both databases.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { describeOnEngines } from '../../test/support/databases.ts';
import { startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { approvedAlert } from '../../test/support/alerts.ts';
import { startDispatch, type DispatchEngine } from '../dispatch/engine.ts';
import { linkSecret, recipientToken } from './links.ts';
import { ifStarted } from '../../test/support/hooks.ts';

const FORM = 'application/x-www-form-urlencoded';

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describeOnEngines('Leaving the alerts', (engine) => {
  let world: TestWorld;
  let dispatch: DispatchEngine;

  const postForm = (url: string, fields: Record<string, string>) =>
    world.app.inject({
      method: 'POST',
      url,
      remoteAddress: `127.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`,
      headers: { 'content-type': FORM },
      payload: new URLSearchParams(fields).toString(),
    });

  /** Every table of the schema, each row as text, that mentions any of `needles`. */
  async function rowsMentioning(needles: string[]): Promise<string[]> {
    const { rows: tables } = await world.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    assert.ok(tables.length > 20, 'every table is searched');
    const found: string[] = [];
    for (const { table_name: table } of tables) {
      const { rows } = await world.db.query<{ row: string }>(
        `SELECT t::text AS row FROM "${table}" t WHERE lower(t::text) LIKE ANY($1::text[])`,
        [needles.map((needle) => `%${needle.toLowerCase()}%`)],
      );
      for (const row of rows) found.push(`${table}: ${row.row.slice(0, 300)}`);
    }
    return found;
  }

  before(async () => {
    world = await startTestWorld(engine);
    world.deps.clock = () => new Date();
    // No providers configured: email and SMS go to the development inbox, which keeps copies.
    dispatch = await startDispatch(world.deps, { channels: ['email', 'sms'], idleMs: 50, log: () => undefined });
    world.deps.onOutbox = () => dispatch.nudge();
  });
  after(async () => {
    await ifStarted(dispatch)?.stop();
    await ifStarted(world)?.close();
  });

  it('leaves no row anywhere that holds their id, email, phone or push endpoint, and keeps the figures', async () => {
    const email = `leaver-${randomUUID().slice(0, 8)}@example.org`;
    const digits = String(Date.now() % 1_000_000).padStart(6, '0');
    const phone = `+447400${digits}`;
    const ecdh = createECDH('prime256v1');
    const endpoint = `https://push.example.net/send/${randomBytes(12).toString('hex')}`;
    const signedUp = await postForm('/alerts/sign-up', {
      channel_email: 'yes',
      channel_sms: 'yes',
      channel_push: 'yes',
      email,
      phone: `07400 ${digits}`,
      push_endpoint: endpoint,
      push_p256dh: ecdh.generateKeys().toString('base64url'),
      push_auth: randomBytes(16).toString('base64url'),
      place1: 'Llanidloes',
      consent: 'yes',
    });
    assert.equal(signedUp.statusCode, 200, signedUp.body);
    const { rows: mine } = await world.db.query<{ subscriber_id: string }>(
      `SELECT subscriber_id FROM subscriber_channels WHERE address = $1`,
      [email],
    );
    const subscriberId = mine[0]!.subscriber_id;

    // Both confirmations go out (to the development inbox); the link and the code confirm.
    await until(
      'both confirmations',
      async () => (await world.db.query(`SELECT 1 FROM dev_inbox WHERE address IN ($1, $2)`, [email, phone])).rows.length === 2,
    );
    const inbox = (
      await world.db.query<{ channel: string; body: string }>(`SELECT channel, body FROM dev_inbox WHERE address IN ($1, $2)`, [
        email,
        phone,
      ])
    ).rows;
    const link = /\/alerts\/confirm\/\S+/.exec(inbox.find((entry) => entry.channel === 'email')!.body)![0];
    assert.equal((await postForm(new URL(link, 'http://x').pathname, {})).statusCode, 200);
    const code = /\b(\d{6})\b/.exec(inbox.find((entry) => entry.channel === 'sms')!.body)![1]!;
    assert.equal((await postForm('/alerts/confirm-code', { phone, code })).statusCode, 200);

    // An appeal reaches them by email and text; the push send stays queued (no push worker here).
    const alert = await approvedAlert(world);
    await until('the appeal to be sent by email and text', async () => {
      const { rows } = await world.db.query(
        `SELECT 1 FROM deliveries WHERE alert_id = $1 AND subscriber_id = $2 AND state IN ('sent', 'delivered')`,
        [alert.alertId, subscriberId],
      );
      return rows.length === 2;
    });
    const pushQueued = await world.db.query(
      `SELECT 1 FROM deliveries WHERE alert_id = $1 AND subscriber_id = $2 AND channel = 'push' AND state = 'queued'`,
      [alert.alertId, subscriberId],
    );
    assert.equal(pushQueued.rows.length, 1);
    assert.ok((await rowsMentioning([subscriberId, email, phone, endpoint])).length > 0, 'the search finds them before they leave');
    await dispatch.stop();

    // One click from the appeal email.
    const token = recipientToken(await linkSecret(world.db, new Date()), subscriberId);
    const left = await postForm(`/alerts/unsubscribe/${subscriberId}/${token}`, { 'List-Unsubscribe': 'One-Click' });
    assert.equal(left.statusCode, 200, left.body);

    assert.deepEqual(await rowsMentioning([subscriberId, email, phone, endpoint, phone.slice(1)]), []);
    // What was sent still counts; what had not gone is dropped, not lost.
    const { rows: states } = await world.db.query<{ channel: string; state: string; n: number }>(
      `SELECT channel, state, count(*)::int AS n FROM deliveries WHERE alert_id = $1 GROUP BY channel, state ORDER BY channel, state`,
      [alert.alertId],
    );
    const { rows: tallies } = await world.db.query<{ channel: string; state: string; n: number }>(
      `SELECT channel, state, sum(n)::int AS n FROM delivery_tallies WHERE alert_id = $1 GROUP BY channel, state HAVING sum(n) <> 0 ORDER BY channel, state`,
      [alert.alertId],
    );
    assert.deepEqual(tallies, states);
    assert.ok(states.some((row) => row.channel === 'push' && row.state === 'dropped'));
    assert.ok(states.some((row) => row.channel === 'email' && ['sent', 'delivered'].includes(row.state)));
    const { rows: seconds } = await world.db.query<{ n: number }>(
      `SELECT coalesce(sum(n), 0)::int AS n FROM delivery_seconds WHERE alert_id = $1`,
      [alert.alertId],
    );
    assert.equal(
      seconds[0]!.n,
      states.filter((row) => ['sent', 'delivered'].includes(row.state)).reduce((sum, row) => sum + row.n, 0),
    );
  });

  it('forgets someone who removes their last channel on the manage page, in the same way', async () => {
    const email = `last-${randomUUID().slice(0, 8)}@example.org`;
    const signedUp = await postForm('/alerts/sign-up', { channel_email: 'yes', email, place1: 'Llanidloes', consent: 'yes' });
    assert.equal(signedUp.statusCode, 200, signedUp.body);
    const { rows } = await world.db.query<{ subscriber_id: string }>(`SELECT subscriber_id FROM subscriber_channels WHERE address = $1`, [
      email,
    ]);
    const subscriberId = rows[0]!.subscriber_id;
    // The confirmation is still queued: its payload holds the link with their id.
    assert.ok((await rowsMentioning([subscriberId])).some((row) => row.startsWith('deliveries:')));
    const token = recipientToken(await linkSecret(world.db, new Date()), subscriberId);
    const removed = await postForm(`/alerts/manage/${subscriberId}/${token}/remove-channel`, { channel: 'email' });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual(await rowsMentioning([subscriberId, email]), []);
  });
});
