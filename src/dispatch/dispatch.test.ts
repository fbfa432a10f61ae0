// The dispatch engine on both databases: who an alert reaches (area, confirmation, exercises, one
// delivery per recipient and channel however many of their cells are in the area), fan-out that resumes
// after a crash, leases that come back, retries to a dead letter without holding up other channels,
// updates, withdrawal with the "found" notice, re-issues, receipts and progress.
import { after, afterEach, before, beforeEach, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, FORCE_B_POINT, sessionFor, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { addRecipient, ALERT_CENTRE, ALERT_CONTENTS, approvedAlert, deliveryStates } from '../../test/support/alerts.ts';
import type { ChannelAdapter, ChannelName, Outgoing, SendOutcome } from '../channels/channel.ts';
import { devInboxAdapter } from './dev-inbox.ts';
import { enqueueConfirmation } from './queue.ts';
import { claimFanoutJob, fanoutStep, FANOUT_LEASE_MS, runDueFanoutJobs } from './fanout.ts';
import { noticeRenderer } from './render.ts';
import { pushPayload } from '../channels/push.ts';
import { applyReceipt, channelSender, claimDeliveries, DEFAULT_TUNING, recordResults, retryDelay, type SenderTuning } from './sender.ts';
import { runDueReissues } from './reissue.ts';
import { tokenBucket } from './token-bucket.ts';

const INSIDE = [
  { lon: ALERT_CENTRE.lon, lat: ALERT_CENTRE.lat },
  { lon: -3.4, lat: 52.55 },
  { lon: -3.6, lat: 52.45 },
];

/** An adapter that answers as told and remembers what it was given. */
function scriptedAdapter(channel: ChannelName, answer: (message: Outgoing) => SendOutcome): ChannelAdapter & { seen: Outgoing[] } {
  const seen: Outgoing[] = [];
  return {
    channel,
    concurrency: 4,
    seen,
    send(message) {
      seen.push(message);
      return Promise.resolve(answer(message));
    },
    async close() {},
  };
}

const TUNING: SenderTuning = { ...DEFAULT_TUNING, batchSize: 50, maxAttempts: 3, retryBaseMs: 1000, retryMaxMs: 4000 };

/** Each test starts with no recipients and nothing sent. */
async function clearDeliveries(world: TestWorld): Promise<void> {
  await world.db.query('DELETE FROM deliveries');
  await world.db.query('DELETE FROM subscribers');
  await world.db.query('DELETE FROM dev_inbox');
}

async function assertTalliesMatchRows(world: TestWorld): Promise<void> {
  // Whatever a test did (fan-out, claims, outcomes, retries, receipts, withdrawals, leavers), the
  // running tallies the progress figures come from say what counting the rows says, notice by notice.
  const { rows: counted } = await world.db.query<{ key: string }>(
    `SELECT alert_id || ' ' || notice || ' ' || channel || ' ' || state || ' ' || count(*) AS key FROM deliveries WHERE alert_id IS NOT NULL GROUP BY alert_id, notice, channel, state`,
  );
  const { rows: tallied } = await world.db.query<{ key: string }>(
    `SELECT alert_id || ' ' || notice || ' ' || channel || ' ' || state || ' ' || sum(n) AS key FROM delivery_tallies GROUP BY alert_id, notice, channel, state HAVING sum(n) <> 0`,
  );
  assert.deepEqual(tallied.map((r) => r.key).sort(), counted.map((r) => r.key).sort());
  const { rows: times } = await world.db.query<{
    alert_id: string;
    channel: string;
    first: Date | null;
    last: Date | null;
    first_tallied: Date | null;
    last_tallied: Date | null;
  }>(
    `SELECT d.alert_id, d.channel, min(d.sent_at) AS first, max(d.sent_at) AS last,
            (SELECT min(first_sent_at) FROM delivery_tallies t WHERE t.alert_id = d.alert_id AND t.channel = d.channel) AS first_tallied,
            (SELECT max(last_sent_at) FROM delivery_tallies t WHERE t.alert_id = d.alert_id AND t.channel = d.channel) AS last_tallied
       FROM deliveries d WHERE d.alert_id IS NOT NULL GROUP BY d.alert_id, d.channel`,
  );
  for (const t of times) {
    assert.equal(t.first_tallied?.getTime() ?? null, t.first?.getTime() ?? null, `first sent, ${t.channel}`);
    assert.equal(t.last_tallied?.getTime() ?? null, t.last?.getTime() ?? null, `last sent, ${t.channel}`);
  }
  // And the chart's messages out per second.
  const { rows: outCounted } = await world.db.query<{ key: string }>(
    `SELECT alert_id || ' ' || notice || ' ' || channel || ' ' || date_trunc('second', sent_at) || ' ' || count(*) AS key FROM deliveries
      WHERE alert_id IS NOT NULL AND state IN ('sent', 'delivered') AND sent_at IS NOT NULL GROUP BY alert_id, notice, channel, date_trunc('second', sent_at)`,
  );
  const { rows: outTallied } = await world.db.query<{ key: string }>(
    `SELECT alert_id || ' ' || notice || ' ' || channel || ' ' || second || ' ' || sum(n) AS key FROM delivery_seconds GROUP BY alert_id, notice, channel, second HAVING sum(n) <> 0`,
  );
  assert.deepEqual(outTallied.map((r) => r.key).sort(), outCounted.map((r) => r.key).sort());
}

function senderFor(world: TestWorld, adapter: ChannelAdapter, extra: Partial<SenderTuning> = {}) {
  return channelSender(world.deps, {
    adapter,
    renderer: noticeRenderer(world.deps),
    bucket: tokenBucket(1e6),
    tuning: { ...TUNING, ...extra },
  });
}

async function drain(s: { sendBatch(): Promise<number> }): Promise<number> {
  let total = 0;
  for (let n = await s.sendBatch(); n > 0; n = await s.sendBatch()) total += n;
  return total;
}

describeOnEngines('Dispatch engine: who is reached, and with what', (engine) => {
  let world: TestWorld;
  const sender = (adapter: ChannelAdapter, extra: Partial<SenderTuning> = {}) => senderFor(world, adapter, extra);

  before(async () => {
    world = await startTestWorld(engine);
  });
  after(() => world.close());
  beforeEach(() => clearDeliveries(world));
  afterEach(() => assertTalliesMatchRows(world));

  it('reaches every confirmed recipient in the area once per channel, and nobody else', async () => {
    const home = await addRecipient(world.db, {
      at: [INSIDE[0]!],
      channels: { email: { address: 'home@example.org' }, sms: { address: '+447700900001' } },
    });
    // Home and work both inside the area: still one message per channel.
    const twoPlaces = await addRecipient(world.db, { at: [INSIDE[1]!, INSIDE[2]!], channels: { email: { address: 'both@example.org' } } });
    const outside = await addRecipient(world.db, { at: [FORCE_B_POINT], channels: { email: { address: 'far@example.org' } } });
    const unconfirmed = await addRecipient(world.db, {
      at: [INSIDE[0]!],
      channels: { email: { address: 'pending@example.org', confirmed: false } },
    });
    const { alertId } = await approvedAlert(world);

    const jobs = await world.db.query<{ notice: string; state: string }>('SELECT notice, state FROM dispatch_jobs WHERE alert_id = $1', [
      alertId,
    ]);
    assert.deepEqual(jobs.rows, [{ notice: 'alert', state: 'queued' }], 'approval queued its fan-out in the same transaction');
    assert.equal(await runDueFanoutJobs(world.db, world.clock.now), 1);

    const { rows } = await world.db.query<{ subscriber_id: string; channel: string }>(
      'SELECT subscriber_id, channel FROM deliveries WHERE alert_id = $1 ORDER BY channel',
      [alertId],
    );
    const got = rows.map((r) => `${r.subscriber_id}/${r.channel}`).sort();
    assert.deepEqual(got, [`${home.id}/email`, `${home.id}/sms`, `${twoPlaces.id}/email`].sort());
    assert.ok(!rows.some((r) => r.subscriber_id === outside.id || r.subscriber_id === unconfirmed.id));

    const email = devInboxAdapter(world.db, 'email', world.clock.now);
    const sms = devInboxAdapter(world.db, 'sms', world.clock.now);
    assert.equal(await drain(sender(email)), 2);
    assert.equal(await drain(sender(sms)), 1);
    const inbox = await world.db.query<{ channel: string; address: string; subject: string | null; body: string }>(
      'SELECT channel, address, subject, body FROM dev_inbox ORDER BY address',
    );
    assert.deepEqual(inbox.rows.map((r) => `${r.channel} ${r.address}`).sort(), [
      'email both@example.org',
      'email home@example.org',
      'sms +447700900001',
    ]);
    const homeEmail = inbox.rows.find((r) => r.address === 'home@example.org')!;
    assert.match(homeEmail.subject!, /Amelia Testcase/);
    assert.match(homeEmail.body, /\/appeals\/[0-9]{4}-/, 'the email links to the appeal page');
    assert.match(homeEmail.body, /\/alerts\/unsubscribe\//, 'and carries the unsubscribe link');
    assert.match(inbox.rows.find((r) => r.channel === 'sms')!.body, /^CHILD RESCUE ALERT: Amelia/);
    assert.deepEqual(await deliveryStates(world.db, alertId), { delivered: 3 });

    // Running everything again sends nothing more.
    assert.equal(await runDueFanoutJobs(world.db, world.clock.now), 0);
    assert.equal(await drain(sender(email)), 0);
  });

  it('reaches everyone, once, for a national alert, over as many steps as it takes', async () => {
    const people = [];
    for (let i = 0; i < 6; i++)
      people.push(
        await addRecipient(world.db, {
          at: [{ lon: -4 + i * 0.7, lat: 51 + i * 0.3 }],
          channels: { email: { address: `n${i}@example.org` } },
        }),
      );
    const traveller = await addRecipient(world.db, { at: [INSIDE[0]!, FORCE_B_POINT], channels: { sms: { address: '+447700900055' } } });
    const { alertId } = await approvedAlert(world, { area: { national: true, description: 'The whole country' } });
    const job = (await claimFanoutJob(world.db, world.clock.now()))!;
    let steps = 0;
    // A fraction of a range: two recipient cells per step.
    while ((await fanoutStep(world.db, job, world.clock.now(), 2 / 160)) === 'more') steps++;
    assert.ok(steps >= 3, `walked the recipients' cells in slices (${steps} steps)`);
    const { rows } = await world.db.query<{ subscriber_id: string }>('SELECT subscriber_id FROM deliveries WHERE alert_id = $1', [alertId]);
    assert.deepEqual(rows.map((r) => r.subscriber_id).sort(), [...people.map((p) => p.id), traveller.id].sort());
  });

  it('sends each recipient their language where the alert has it', async () => {
    await addRecipient(world.db, { at: [INSIDE[0]!], language: 'cy', channels: { email: { address: 'cymraeg@example.org' } } });
    await addRecipient(world.db, { at: [INSIDE[0]!], language: 'pl', channels: { email: { address: 'polski@example.org' } } });
    const { alertId } = await approvedAlert(world);
    await runDueFanoutJobs(world.db, world.clock.now);
    const email = scriptedAdapter('email', () => ({ status: 'sent' }));
    await drain(sender(email));
    const byAddress = Object.fromEntries(email.seen.map((m) => [m.address, m.content]));
    assert.match(byAddress['cymraeg@example.org']!.subject, /^Rhybudd Achub Plentyn/);
    assert.equal(byAddress['cymraeg@example.org']!.language, 'cy');
    assert.equal(byAddress['polski@example.org']!.language, 'en', 'no Polish text: the alert’s first language');
    assert.deepEqual(await deliveryStates(world.db, alertId), { sent: 2 });
  });

  it('sends exercises only to those who asked for them, marked as exercises', async () => {
    await addRecipient(world.db, { at: [INSIDE[0]!], channels: { email: { address: 'plain@example.org' } } });
    await addRecipient(world.db, { at: [INSIDE[0]!], exercises: true, channels: { email: { address: 'tester@example.org' } } });
    await approvedAlert(world, { capStatus: 'Exercise' });
    await runDueFanoutJobs(world.db, world.clock.now);
    const email = scriptedAdapter('email', () => ({ status: 'sent' }));
    await drain(sender(email));
    assert.deepEqual(
      email.seen.map((m) => m.address),
      ['tester@example.org'],
    );
    assert.match(email.seen[0]!.content.subject, /EXERCISE/);
    assert.equal(email.seen[0]!.content.status, 'Exercise');
  });

  it('says EXERCISE once in every message of an exercise, its found notice too, whatever the officers wrote', async () => {
    // The officers marked the headline and the SMS themselves; the system marks every text as well.
    const marked = ALERT_CONTENTS.map((content) => {
      const word = content.language === 'cy' ? 'YMARFER' : 'EXERCISE';
      return { ...content, headline: `${word}: ${content.headline}`, smsText: `${word} ${content.smsText}` };
    });
    const { alertId } = await approvedAlert(world, { capStatus: 'Exercise', contents: marked });
    assert.equal(await asApprover(world, alertId, 'found_safe'), 200);
    const { rows: messages } = await world.db.query<{ id: string; msg_type: string }>(
      'SELECT id, msg_type FROM alert_messages WHERE alert_id = $1 ORDER BY seq',
      [alertId],
    );
    const [alert, cancel] = messages;
    assert.deepEqual(
      messages.map((m) => m.msg_type),
      ['Alert', 'Cancel'],
    );
    const renderer = noticeRenderer(world.deps);
    const once = (text: string, word: RegExp, what: string) => assert.equal(text.match(word)?.length ?? 0, 1, `${what}: ${text}`);
    for (const [messageId, notice] of [
      [alert!.id, 'alert'],
      [alert!.id, 'update'],
      [cancel!.id, 'found'],
    ] as const) {
      for (const language of ['en', 'cy']) {
        const content = (await renderer.alertNotice(messageId, notice, language, 1))!;
        const word = language === 'cy' ? /YMARFER|EXERCISE/gi : /EXERCISE/gi;
        const what = `${notice} in ${language}`;
        once(content.subject, word, `${what}, subject`);
        once(content.text, word, `${what}, text`);
        once(content.html.split('<body')[1]!, word, `${what}, email body`);
        once(content.sms, word, `${what}, SMS`);
        const push = JSON.parse(pushPayload({ key: 'k', deliveryId: 'd', notice, address: '', content })!) as {
          title: string;
          body: string;
        };
        once(`${push.title}\n${push.body}`, word, `${what}, push`);
        assert.equal(content.status, 'Exercise', `${what}: webhooks and push carry the status`);
      }
    }
    await runDueFanoutJobs(world.db, world.clock.now);
  });

  it('words every found notice the same, whatever the outcome, and tells partners only "found"', async () => {
    const texts: string[] = [];
    // One text per site language, so each notice is worded in that language.
    const languages = ['en', 'cy', 'pl', 'ro', 'ar'];
    const contents = languages.map((language) => ({ ...ALERT_CONTENTS[0]!, language }));
    for (const reason of ['found_safe', 'found'] as const) {
      const { alertId } = await approvedAlert(world, { contents });
      assert.equal(await asApprover(world, alertId, reason), 200);
      const { rows } = await world.db.query<{ id: string }>("SELECT id FROM alert_messages WHERE alert_id = $1 AND msg_type = 'Cancel'", [
        alertId,
      ]);
      for (const language of languages) {
        const content = (await noticeRenderer(world.deps).alertNotice(rows[0]!.id, 'found', language, 1))!;
        assert.doesNotMatch(
          `${content.subject}\n${content.text}\n${content.sms}`,
          /good news|safe|newyddion da|diogel|dobra wiadomość|zdrowe|vești bune|siguranță|سارة|سالم/i,
          `${reason} in ${language}`,
        );
        assert.equal(content.language, language);
        assert.equal(content.webhookData.reason, 'found');
        texts.push(`${language}|${content.subject}|${content.text.replace(/\d/g, '')}`);
      }
    }
    assert.deepEqual(texts.slice(0, texts.length / 2), texts.slice(texts.length / 2), 'the same words for found safe and found');
    assert.match(texts[0]!, /en\|Child Rescue Alert ended: the child has been found\|/);
    await runDueFanoutJobs(world.db, world.clock.now);
  });
});

describeOnEngines('Dispatch engine: crashes, retries and updates', (engine) => {
  let world: TestWorld;
  const sender = (adapter: ChannelAdapter, extra: Partial<SenderTuning> = {}) => senderFor(world, adapter, extra);

  before(async () => {
    world = await startTestWorld(engine);
  });
  after(() => world.close());
  beforeEach(() => clearDeliveries(world));
  afterEach(() => assertTalliesMatchRows(world));

  it('goes on from its cursor when the worker running a fan-out dies', async () => {
    // Recipients spread over the area, so the fan-out takes several steps of one range each.
    for (let i = 0; i < 12; i++) {
      await addRecipient(world.db, {
        at: [{ lon: -3.75 + i * 0.045, lat: 52.5 + (i % 3) * 0.04 }],
        channels: { webhook: { address: `http://127.0.0.1:9/${i}`, secret: 'whsec_AAAA' } },
      });
    }
    const { alertId } = await approvedAlert(world);
    const job = (await claimFanoutJob(world.db, world.clock.now()))!;
    assert.equal(await fanoutStep(world.db, job, world.clock.now(), 1), 'more');
    assert.equal(await fanoutStep(world.db, job, world.clock.now(), 1), 'more');
    const partial = (await deliveryStates(world.db, alertId)).queued ?? 0;
    // The worker dies here. Nobody else may take the job while its lease runs...
    assert.equal(await claimFanoutJob(world.db, world.clock.now()), null);
    // ...and once it has run out, another worker finishes it from the cursor.
    world.clock.advance(FANOUT_LEASE_MS + 1000);
    assert.equal(await runDueFanoutJobs(world.db, world.clock.now), 1);
    const states = await deliveryStates(world.db, alertId);
    assert.equal(states.queued, 12);
    assert.ok(partial > 0 && partial < 12, `the first worker had done part of it (${partial})`);
    // The dead worker's late step changes nothing: the job is no longer its.
    assert.equal(await fanoutStep(world.db, job, world.clock.now(), 1), 'lost');
    const targeted = await world.db.query<{ targeted: number }>('SELECT targeted FROM dispatch_jobs WHERE alert_id = $1', [alertId]);
    assert.equal(targeted.rows[0]!.targeted, 12);
  });

  it('gives back the rows of a sender that died mid-batch, and ignores its late answer', async () => {
    for (let i = 0; i < 5; i++) await addRecipient(world.db, { at: [INSIDE[0]!], channels: { email: { address: `r${i}@example.org` } } });
    const { alertId } = await approvedAlert(world);
    await runDueFanoutJobs(world.db, world.clock.now);
    const stolen = await claimDeliveries(world.db, 'email', 3, world.clock.now(), 60_000);
    assert.equal(stolen.length, 3);
    // Another worker takes only the unclaimed rows while the lease holds.
    const email = scriptedAdapter('email', () => ({ status: 'sent' }));
    assert.equal(await drain(sender(email)), 2);
    world.clock.advance(61_000);
    assert.equal(await drain(sender(email)), 3, 'the dead worker’s rows come back after the lease');
    assert.equal(new Set(email.seen.map((m) => m.key)).size, 5);
    // The first worker wakes up and writes what it thinks happened: ignored, the rows are someone else's now.
    await recordResults(
      world.db,
      'email',
      stolen.map((r) => ({ id: r.id, attempts: r.attempts, state: 'failed' as const, dueAt: null, providerRef: null, error: 'late' })),
      world.clock.now(),
    );
    assert.deepEqual(await deliveryStates(world.db, alertId), { sent: 5 });
  });

  it('retries with backoff, dead-letters after the last attempt, and keeps other channels going', async () => {
    await addRecipient(world.db, {
      at: [INSIDE[0]!],
      channels: { email: { address: 'a@example.org' }, webhook: { address: 'http://127.0.0.1:9/h', secret: 'whsec_AAAA' } },
    });
    const { alertId } = await approvedAlert(world);
    await runDueFanoutJobs(world.db, world.clock.now);
    const down = scriptedAdapter('email', () => ({ status: 'retry', error: 'connection refused' }));
    const webhook = scriptedAdapter('webhook', () => ({ status: 'delivered' }));
    assert.equal(await drain(sender(down)), 1);
    assert.equal(await drain(sender(webhook)), 1, 'the webhook went out while email was failing');
    const row = async () =>
      (
        await world.db.query<{ state: string; attempts: number; due_at: Date; last_error: string }>(
          "SELECT state, attempts, due_at, last_error FROM deliveries WHERE channel = 'email' AND alert_id = $1",
          [alertId],
        )
      ).rows[0]!;
    let current = await row();
    assert.equal(current.state, 'retrying');
    assert.equal(current.last_error, 'connection refused');
    const wait1 = current.due_at.getTime() - world.clock.now().getTime();
    assert.ok(wait1 >= 500 && wait1 <= 1000, `first retry after 0.5-1 s, got ${wait1}`);
    assert.equal(await drain(sender(down)), 0, 'not before its time');
    world.clock.advance(wait1);
    await drain(sender(down));
    current = await row();
    const wait2 = current.due_at.getTime() - world.clock.now().getTime();
    assert.ok(wait2 >= 1000 && wait2 <= 2000, `second retry after 1-2 s, got ${wait2}`);
    world.clock.advance(wait2);
    await drain(sender(down));
    current = await row();
    assert.equal(current.state, 'dead');
    assert.equal(current.attempts, 3);
    assert.equal(down.seen.length, 3);
    assert.equal(new Set(down.seen.map((m) => m.key)).size, 1, 'every attempt carries the same idempotency key');
  });

  it('honours a provider’s Retry-After and removes gone push subscriptions', async () => {
    const gone = await addRecipient(world.db, {
      at: [INSIDE[0]!],
      channels: { push: { address: 'https://push.example/1', p256dh: 'x', auth: 'y' } },
    });
    const slow = await addRecipient(world.db, {
      at: [INSIDE[0]!],
      channels: { push: { address: 'https://push.example/2', p256dh: 'x', auth: 'y' } },
    });
    await approvedAlert(world);
    await runDueFanoutJobs(world.db, world.clock.now);
    const push = scriptedAdapter('push', (m) =>
      m.address.endsWith('/1')
        ? { status: 'failed', error: '410 Gone', gone: true }
        : { status: 'retry', error: '429', retryAfterMs: 3_600_000 },
    );
    await drain(sender(push));
    const left = await world.db.query('SELECT 1 FROM subscribers WHERE id = $1', [gone.id]);
    assert.equal(left.rowCount, 0, 'a subscriber whose only channel is gone is removed');
    const due = await world.db.query<{ due_at: Date }>('SELECT due_at FROM deliveries WHERE subscriber_id = $1', [slow.id]);
    assert.ok(due.rows[0]!.due_at.getTime() - world.clock.now().getTime() >= 3_600_000);
  });

  it('sends an Update to those alerted and to newcomers, and a found notice only to those who were alerted', async () => {
    const early = await addRecipient(world.db, { at: [INSIDE[0]!], channels: { email: { address: 'early@example.org' } } });
    const { alertId } = await approvedAlert(world);
    await runDueFanoutJobs(world.db, world.clock.now);
    const email = scriptedAdapter('email', () => ({ status: 'sent' }));
    await drain(sender(email));

    const newcomer = await addRecipient(world.db, { at: [INSIDE[1]!], channels: { email: { address: 'new@example.org' } } });
    const approver = await sessionFor(world, 'force-a/approver');
    const view = JSON.parse((await approver('GET', `/api/v1/alerts/${alertId}`)).body);
    const updated = await approver('POST', `/api/v1/alerts/${alertId}/updates`, {
      version: view.version,
      vehicle: 'White Ford Transit, partial plate WX19',
      note: 'Vehicle identified',
    });
    assert.equal(updated.statusCode, 200, updated.body);
    await runDueFanoutJobs(world.db, world.clock.now);
    await drain(sender(email));
    const updates = email.seen
      .filter((m) => m.notice === 'update')
      .map((m) => m.address)
      .sort();
    assert.deepEqual(updates, ['early@example.org', 'new@example.org']);
    assert.match(email.seen.find((m) => m.notice === 'update')!.content.subject, /^Update:/);

    // A recipient who joined but whose message has not gone yet when the child is found gets neither.
    const late = await addRecipient(world.db, { at: [INSIDE[2]!], channels: { email: { address: 'late@example.org' } } });
    await world.db.query(
      `INSERT INTO deliveries (alert_id, message_id, subscriber_id, channel, notice, state, due_at, created_at)
       SELECT alert_id, message_id, $2, 'email', 'update', 'queued', due_at, created_at FROM deliveries WHERE alert_id = $1 AND notice = 'update' LIMIT 1`,
      [alertId, late.id],
    );
    const withdrawn = await asApprover(world, alertId, 'found_safe');
    assert.equal(withdrawn, 200);
    const dropped = await world.db.query<{ state: string }>('SELECT state FROM deliveries WHERE subscriber_id = $1', [late.id]);
    assert.deepEqual(
      dropped.rows.map((r) => r.state),
      ['dropped'],
    );
    await runDueFanoutJobs(world.db, world.clock.now);
    await drain(sender(email));
    const found = email.seen.filter((m) => m.notice === 'found');
    assert.deepEqual(found.map((m) => m.address).sort(), ['early@example.org', 'new@example.org']);
    assert.doesNotMatch(found[0]!.content.text, /Amelia/, 'the found notice does not name the child again');
    assert.equal(found[0]!.content.photo, undefined);
    assert.ok(early.id && newcomer.id);
  });
});

describeOnEngines('Dispatch engine: re-issues, receipts, progress and confirmations', (engine) => {
  let world: TestWorld;
  const sender = (adapter: ChannelAdapter, extra: Partial<SenderTuning> = {}) => senderFor(world, adapter, extra);

  before(async () => {
    world = await startTestWorld(engine);
  });
  after(() => world.close());
  beforeEach(() => clearDeliveries(world));
  afterEach(() => assertTalliesMatchRows(world));

  it('re-issues to webhooks on its schedule with its own history, and stops when the appeal ends', async () => {
    await addRecipient(world.db, {
      at: [INSIDE[0]!],
      channels: { webhook: { address: 'http://127.0.0.1:9/hook', secret: 'whsec_AAAA' }, email: { address: 'person@example.org' } },
    });
    const { alertId } = await approvedAlert(world);
    const approver = asToken(world, 'force-a/approver');
    const reissue = (method: 'PUT' | 'DELETE', headers: Record<string, string>) =>
      world.app.inject({
        method,
        url: `/api/v1/alerts/${alertId}/reissue`,
        headers,
        ...(method === 'PUT' ? { payload: { everyMinutes: 30, forHours: 1 } } : {}),
      });
    // Setting or stopping a schedule needs a session signed in with a second factor: an API token alone is refused.
    const token = { authorization: `Bearer ${world.tokens['force-a/approver']}` };
    for (const method of ['PUT', 'DELETE'] as const) {
      const refused = await reissue(method, token);
      assert.equal(refused.statusCode, 403, refused.body);
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.match(JSON.parse(refused.body).type, /second-factor-required/);
    }
    assert.equal(
      JSON.parse((await approver('GET', `/api/v1/alerts/${alertId}/reissue`)).body).schedule,
      null,
      'nothing scheduled by the token',
    );
    const set = await (
      await sessionFor(world, 'force-a/approver')
    )('PUT', `/api/v1/alerts/${alertId}/reissue`, { everyMinutes: 30, forHours: 1 });
    assert.equal(set.statusCode, 200, set.body);
    await runDueFanoutJobs(world.db, world.clock.now);
    assert.equal(await runDueReissues(world.db, world.clock.now), 0, 'nothing due yet');
    world.clock.advance(30 * 60_000);
    assert.equal(await runDueReissues(world.db, world.clock.now), 1);
    assert.equal(await runDueReissues(world.db, world.clock.now), 0, 'one re-issue per slot');
    await runDueFanoutJobs(world.db, world.clock.now);
    const reissued = await world.db.query<{ channel: string; issue: number }>(
      "SELECT channel, issue FROM deliveries WHERE alert_id = $1 AND notice = 'reissue'",
      [alertId],
    );
    assert.deepEqual(reissued.rows, [{ channel: 'webhook', issue: 1 }], 'people on email are not sent the same appeal again');
    const historyResponse = await approver('GET', `/api/v1/alerts/${alertId}/reissue`);
    assert.equal(historyResponse.statusCode, 200, historyResponse.body);
    const history = JSON.parse(historyResponse.body);
    assert.equal(history.runs.length, 1);
    assert.equal(history.runs[0].issue, 1);
    assert.equal(history.schedule.issuesDone, 1);
    assert.equal(await asApprover(world, alertId, 'found_safe'), 200);
    world.clock.advance(30 * 60_000);
    assert.equal(await runDueReissues(world.db, world.clock.now), 0);
    const after = JSON.parse((await approver('GET', `/api/v1/alerts/${alertId}/reissue`)).body);
    assert.ok(after.schedule.stoppedAt, 'the schedule stopped with the appeal');
  });

  it('records delivery receipts and shows progress per channel', async () => {
    await addRecipient(world.db, { at: [INSIDE[0]!], channels: { sms: { address: '+447700900002' } } });
    await addRecipient(world.db, { at: [INSIDE[1]!], channels: { sms: { address: '+447700900003' } } });
    const { alertId } = await approvedAlert(world);
    await runDueFanoutJobs(world.db, world.clock.now);
    let n = 0;
    const sms = scriptedAdapter('sms', () => ({ status: 'sent', providerRef: `smsc-${++n}` }));
    world.clock.advance(2000);
    await drain(sender(sms));
    assert.equal(await applyReceipt(world.db, 'sms', 'smsc-1', true, 'DELIVRD', world.clock.now()), true);
    assert.equal(await applyReceipt(world.db, 'sms', 'smsc-2', false, 'UNDELIV', world.clock.now()), true);
    assert.equal(await applyReceipt(world.db, 'sms', 'unknown', true, 'DELIVRD', world.clock.now()), false);
    // A receipt delivered again (our first answer was lost) is already stored, and changes nothing.
    const {
      rows: [first],
    } = await world.db.query<{ delivered_at: Date }>(`SELECT delivered_at FROM deliveries WHERE provider_ref = 'smsc-1'`);
    world.clock.advance(1000);
    assert.equal(await applyReceipt(world.db, 'sms', 'smsc-1', true, 'DELIVRD', world.clock.now()), true);
    assert.equal(await applyReceipt(world.db, 'sms', 'smsc-2', false, 'UNDELIV', world.clock.now()), true);
    const { rows: again } = await world.db.query<{ provider_ref: string; state: string; delivered_at: Date | null }>(
      `SELECT provider_ref, state, delivered_at FROM deliveries WHERE provider_ref IN ('smsc-1', 'smsc-2') ORDER BY provider_ref`,
    );
    assert.deepEqual(
      again.map((r) => [r.provider_ref, r.state, r.delivered_at?.getTime() ?? null]),
      [
        ['smsc-1', 'delivered', first!.delivered_at.getTime()],
        ['smsc-2', 'failed', null],
      ],
    );
    const progress = await world.app.inject({
      method: 'GET',
      url: `/api/v1/alerts/${alertId}/dispatch`,
      headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}` },
    });
    assert.equal(progress.statusCode, 200, progress.body);
    const smsProgress = JSON.parse(progress.body).channels.find((c: { channel: string }) => c.channel === 'sms');
    assert.deepEqual(
      {
        targeted: smsProgress.targeted,
        sent: smsProgress.sent,
        delivered: smsProgress.delivered,
        failed: smsProgress.failed,
        queued: smsProgress.queued,
      },
      { targeted: 2, sent: 1, delivered: 1, failed: 1, queued: 0 },
    );
    const approvedAt = Date.parse(JSON.parse(progress.body).approvedAt);
    assert.equal(smsProgress.msToFirst, Date.parse(smsProgress.firstSentAt) - approvedAt, 'from approval to the first message');
    assert.ok(smsProgress.msToFirst >= 2000);
    // Another force cannot see how far it went.
    const other = await world.app.inject({
      method: 'GET',
      url: `/api/v1/alerts/${alertId}/dispatch`,
      headers: { authorization: `Bearer ${world.tokens['force-b/investigator']}` },
    });
    assert.equal(other.statusCode, 404);
  });

  it('streams progress as server-sent events', async () => {
    const { alertId } = await approvedAlert(world);
    await world.app.listen({ port: 0, host: '127.0.0.1' });
    const address = world.app.server.address() as { port: number };
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${address.port}/api/v1/alerts/${alertId}/dispatch/events`, {
      headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}` },
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('event: progress')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const data = JSON.parse(text.split('event: progress\ndata: ')[1]!.split('\n')[0]!);
    assert.equal(data.alertId, alertId);
    assert.equal(data.channels.length, 4);
  });

  it('sends sign-up confirmations to unconfirmed addresses, then forgets their codes', async () => {
    const person = await addRecipient(world.db, { at: [INSIDE[0]!], channels: { sms: { address: '+447700900077', confirmed: false } } });
    await world.db.transaction((tx) =>
      enqueueConfirmation(tx, {
        subscriberId: person.id,
        channel: 'sms',
        payload: { code: '493021', language: 'en' },
        now: world.clock.now(),
      }),
    );
    const sms = devInboxAdapter(world.db, 'sms', world.clock.now);
    assert.equal(await drain(sender(sms)), 1);
    const inbox = await world.db.query<{ body: string }>('SELECT body FROM dev_inbox WHERE address = $1', ['+447700900077']);
    assert.match(inbox.rows[0]!.body, /493021/);
    const stored = await world.db.query<{ payload: unknown; state: string }>(
      'SELECT payload, state FROM deliveries WHERE subscriber_id = $1',
      [person.id],
    );
    assert.deepEqual(stored.rows, [{ payload: null, state: 'delivered' }], 'the code is not kept once sent');
  });

  it('spreads retries with jitter within the backoff window', () => {
    const t = { retryBaseMs: 1000, retryMaxMs: 60_000 };
    assert.equal(
      retryDelay(1, t, () => 0),
      500,
    );
    assert.equal(
      retryDelay(1, t, () => 1),
      1000,
    );
    assert.equal(
      retryDelay(4, t, () => 1),
      8000,
    );
    assert.equal(
      retryDelay(20, t, () => 1),
      60_000,
      'capped',
    );
  });
});

async function asApprover(world: TestWorld, alertId: string, reason: 'found_safe' | 'found' | 'cancelled'): Promise<number> {
  const response = await world.app.inject({
    method: 'POST',
    url: `/api/v1/alerts/${alertId}/withdraw`,
    headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}` },
    payload: { reason, note: 'Found at a friend’s house' },
  });
  return response.statusCode;
}
