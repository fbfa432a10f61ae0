// A worker killed with SIGKILL while webhooks, emails and SMS are all going out: after another worker
// starts, every recipient has the message on every channel, nothing is lost or dead-lettered, and the only
// repeats are of messages that were on the wire at the moment of the kill (the worker cannot know whether
// they arrived). Those repeats carry the same idempotency key (webhook-id, Message-ID), so the receivers
// drop them: the webhook receiver processes each event exactly once. SMS receipts the killed worker had
// not acknowledged are delivered again by the message centre to the new worker, so every SMS ends delivered.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeOnEngines, type TestEngine } from './support/databases.ts';
import { startTestWorld, type TestWorld } from './support/app.ts';
import { addRecipient, ALERT_CENTRE, approvedAlert } from './support/alerts.ts';
import { startSmtpPeer, type SmtpPeer } from './peers/smtp-peer.ts';
import { startSmppPeer, type SmppPeer } from './peers/smpp-peer.ts';
import { deliveryKey } from '../src/dispatch/sender.ts';
import { startWebhookReceiver, type WebhookReceiver } from './peers/webhook-receiver.ts';
import { newWebhookSecret } from '../src/channels/webhook.ts';
import { openPglite, openPostgres, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { ifStarted } from './support/hooks.ts';
import { placeEmbeddedDatabase } from './support/templates.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PEOPLE = 150;
/** The kill waits until every channel is this far along (and none is finished). */
// SMS goes past its first claims (4 lanes of 12), so that some texts are recorded and their receipts outstanding.
const UNDER_WAY = { hooks: 10, email: 3, sms: 60 };
/** The longest the test waits for the kill point, and for the second worker to finish. */
const KILL_POINT_WAIT_MS = 60_000;
/** How slowly each peer answers, in milliseconds; and how long it holds its answers once its channel is far enough along. */
const PEER_DELAYS = { hooks: 400, email: 40, sms: 60 };
const HOLD_MS = 20_000;
const SECOND_WORKER_WAIT_MS = 120_000;

/** Waits for `check`, polling often (the kill must land mid-way); on timeout says what was missing. */
async function until(check: () => boolean, missing: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${missing()}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function startWorker(setup: object): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/dispatch-worker.ts'], {
    cwd: ROOT,
    env: { ...process.env, FMN_WORKER_SETUP: JSON.stringify(setup) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) process.stderr.write(stderr);
      resolve(code);
    }),
  );
  return { child, exited };
}

describeOnEngines('A dispatch worker killed mid-batch', (engine) => {
  let world: TestWorld;
  let smtp: SmtpPeer;
  let smpp: SmppPeer;
  let hooks: WebhookReceiver;
  const secret = newWebhookSecret();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-crash-'));
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = process.env.TEST_DATABASE_URL!;
  let database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; schema: string };

  // The worker process must reach the same database: a PGlite folder, or a PostgreSQL schema.
  const openShared = async (): Promise<Database> =>
    engine.name === 'pglite' ? openPglite(path.join(dataDir, 'pglite')) : openPostgres(url, { searchPath: schema, max: 3 });

  before(async () => {
    if (engine.name === 'postgres') {
      const admin = await openPostgres(url, { max: 1 });
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.close();
    }
    if (engine.name === 'pglite') await placeEmbeddedDatabase(dataDir, 'migrated');
    database = engine.name === 'pglite' ? { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') } : { kind: 'postgres', url, schema };
    const shared: TestEngine = {
      name: engine.name,
      skip: false,
      async open() {
        const db = await openShared();
        await migrate(db);
        return db;
      },
    };
    world = await startTestWorld(shared);
    world.deps.clock = () => new Date();
    // Slow enough that every channel is still sending when the first webhooks have arrived; receipts come a
    // little after their texts, so the kill leaves some of recorded texts unanswered or not yet sent.
    [smtp, smpp, hooks] = await Promise.all([
      startSmtpPeer({ slowMs: PEER_DELAYS.email }),
      startSmppPeer({ slowMs: PEER_DELAYS.sms, receiptDelayMs: 300, redeliveryDelayMs: 100 }),
      startWebhookReceiver({ secret }),
    ]);
    hooks.setDelayMs(PEER_DELAYS.hooks);
    for (let i = 0; i < PEOPLE; i++) {
      await addRecipient(world.db, {
        at: [{ lon: ALERT_CENTRE.lon + ((i % 9) - 4) * 0.02, lat: ALERT_CENTRE.lat + ((i % 7) - 3) * 0.02 }],
        channels: {
          email: { address: `p${i}@example.org` },
          sms: { address: `+4477009${String(10000 + i).slice(1)}` },
          webhook: { address: hooks.url, secret },
        },
      });
    }
  });
  after(async () => {
    await Promise.all([ifStarted(smtp)?.close(), ifStarted(smpp)?.close(), ifStarted(hooks)?.close()]);
    await ifStarted(world)
      ?.close()
      .catch(() => undefined);
    if (engine.name === 'postgres') {
      const admin = await openPostgres(url, { max: 1 });
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.close();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers to every recipient exactly once after a restart, repeating only what was on the wire', async (t) => {
    const { alertId } = await approvedAlert(world);
    // The embedded database belongs to one process at a time: the test lets go of it while a worker runs.
    if (engine.name === 'pglite') await world.db.close();
    const setup = { database, mediaDir: world.mediaDir, alertId, smtpUrl: smtp.url, smppUrl: smpp.url, batchSize: 25 };

    const first = startWorker(setup);
    const progress = () => ({ hooks: hooks.uniqueCount(), email: smtp.messages.length, sms: smpp.messages.length });
    // A channel that reaches its mark first is held (its peer answers slowly) so that it cannot finish while
    // another, slowed by a busy machine, is still getting under way: the kill must find every channel mid-way.
    const held = { hooks: false, email: false, sms: false };
    const hold = (now: ReturnType<typeof progress>) => {
      if (!held.hooks && now.hooks >= UNDER_WAY.hooks) {
        held.hooks = true;
        hooks.setDelayMs(HOLD_MS);
      }
      if (!held.email && now.email >= UNDER_WAY.email) {
        held.email = true;
        smtp.setSlowMs(HOLD_MS);
      }
      if (!held.sms && now.sms >= UNDER_WAY.sms) {
        held.sms = true;
        smpp.slowMs = HOLD_MS;
      }
      return held.hooks && held.email && held.sms;
    };
    await until(
      () => hold(progress()),
      () => `every channel under way (${JSON.stringify(UNDER_WAY)}); got ${JSON.stringify(progress())}`,
      KILL_POINT_WAIT_MS,
    );
    first.child.kill('SIGKILL');
    assert.equal(await first.exited, null, 'killed, not finished');
    const killedAt = progress();
    const unacknowledgedAtKill = smpp.unacknowledged;
    const receiptsAtKill = smpp.receipts.length;
    const sentByKilled = new Set(smpp.parts.map((part) => part.messageId));
    /** Receipts of the killed worker's texts that the message centre first sent after the kill, and the new worker acknowledged. */
    const receiptsForKilled = () =>
      smpp.receipts.slice(receiptsAtKill).filter((r) => sentByKilled.has(r.messageId) && r.responseStatus === 0).length;

    // What the dead worker had claimed and not recorded: it cannot know whether these arrived.
    const db = engine.name === 'pglite' ? await openShared() : world.db;
    const { rows: inFlight } = await db.query<{ id: number; delivery_key: string | null; channel: string; address: string }>(
      `SELECT d.id, d.delivery_key, d.channel, sc.address FROM deliveries d JOIN subscriber_channels sc ON sc.subscriber_id = d.subscriber_id AND sc.channel = d.channel
        WHERE d.alert_id = $1 AND d.state IN ('queued', 'retrying', 'sending') AND d.leased_until IS NOT NULL`,
      [alertId],
    );
    if (engine.name === 'pglite') await db.close();
    assert.ok(inFlight.length > 0, 'the kill came in the middle of a batch');
    assert.ok(
      killedAt.hooks < PEOPLE && killedAt.email < PEOPLE && killedAt.sms < PEOPLE,
      `every channel was still sending: ${JSON.stringify(killedAt)}`,
    );

    hooks.setDelayMs(PEER_DELAYS.hooks);
    smtp.setSlowMs(PEER_DELAYS.email);
    smpp.slowMs = PEER_DELAYS.sms;
    const second = startWorker(setup);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), SECOND_WORKER_WAIT_MS)));
    const ended = await Promise.race([second.exited, gaveUp]);
    clearTimeout(timer);
    if (ended === 'timed out') {
      second.child.kill('SIGKILL');
      await second.exited;
      const look = engine.name === 'pglite' ? await openShared() : world.db;
      const { rows: states } = await look.query<{ channel: string; state: string; n: number }>(
        'SELECT channel, state, count(*)::integer AS n FROM deliveries WHERE alert_id = $1 GROUP BY channel, state ORDER BY channel, state',
        [alertId],
      );
      if (engine.name === 'pglite') await look.close();
      assert.fail(
        `the second worker did not finish within ${SECOND_WORKER_WAIT_MS} ms; deliveries: ${states.map((r) => `${r.channel} ${r.state} ${r.n}`).join(', ')}; ` +
          `webhooks ${hooks.uniqueCount()}/${PEOPLE}, emails to ${new Set(smtp.messages.map((m) => m.envelope.to[0])).size}/${PEOPLE}, ` +
          `SMS to ${new Set(smpp.messages.map((m) => m.destination)).size}/${PEOPLE}, receipts unacknowledged ${smpp.unacknowledged}`,
      );
    }
    assert.equal(ended, 0);

    // Every recipient has it on every channel.
    assert.equal(hooks.uniqueCount(), PEOPLE, 'every webhook event arrived; the receiver processed each once');
    const emailKeys = new Map<string, number>();
    for (const m of smtp.messages) emailKeys.set(m.messageId!, (emailKeys.get(m.messageId!) ?? 0) + 1);
    assert.equal(new Set(smtp.messages.map((m) => m.envelope.to[0])).size, PEOPLE);
    // One email per recipient by key: a repeat carries the key of its first sending.
    const keysByRecipient = new Map<string, Set<string>>();
    for (const m of smtp.messages)
      keysByRecipient.set(m.envelope.to[0]!, (keysByRecipient.get(m.envelope.to[0]!) ?? new Set()).add(m.messageId!));
    for (const [recipient, keys] of keysByRecipient) assert.equal(keys.size, 1, `${recipient} got emails under ${keys.size} keys`);
    const smsCounts = new Map<string, number>();
    for (const m of smpp.messages) smsCounts.set(m.destination, (smsCounts.get(m.destination) ?? 0) + 1);
    assert.equal(smsCounts.size, PEOPLE);

    // Repeats only of what was in flight at the kill, each with the key of its first sending.
    const inFlightKeys = new Set(inFlight.filter((d) => d.channel === 'email').map((d) => deliveryKey(d)));
    for (const [messageId, count] of emailKeys) {
      if (count > 1) assert.ok(inFlightKeys.has(messageId.slice(1).split('@')[0]!), `email ${messageId} repeated but was not in flight`);
      assert.ok(count <= 2);
    }
    const inFlightNumbers = new Set(inFlight.filter((d) => d.channel === 'sms').map((d) => d.address.replace('+', '')));
    for (const [number, count] of smsCounts) {
      if (count > 1) assert.ok(inFlightNumbers.has(number), `SMS to ${number} repeated but was not in flight`);
      assert.ok(count <= 2);
    }
    const webhookRepeats = hooks.rawCount() - hooks.uniqueCount();
    const smsInFlight = inFlight.filter((d) => d.channel === 'sms').length;
    t.diagnostic(
      `killed after ${killedAt.hooks} webhooks, ${killedAt.email} emails, ${killedAt.sms} SMS (${unacknowledgedAtKill} receipts unacknowledged); ` +
        `${inFlight.length} in flight (${smsInFlight} SMS); repeats: webhook ${webhookRepeats}, email ${smtp.messages.length - PEOPLE}, ` +
        `SMS ${smpp.messages.length - PEOPLE}; receipts delivered again ${smpp.redeliveries} (${smpp.receipts.filter((r) => r.attempts > 1 && r.responseStatus === 0).length} ` +
        `then acknowledged), sent after the kill for texts the killed worker sent ${receiptsForKilled()}, never acknowledged ${smpp.unacknowledged} (of texts sent again)`,
    );
    assert.ok(smpp.messages.length - PEOPLE <= smsInFlight, `${smpp.messages.length - PEOPLE} SMS repeats, ${smsInFlight} in flight`);
    assert.ok(webhookRepeats <= inFlight.filter((d) => d.channel === 'webhook').length, `${webhookRepeats} webhook repeats`);

    // And the database agrees: nothing lost, nothing dead-lettered, nothing still waiting.
    const check = engine.name === 'pglite' ? await openShared() : world.db;
    const { rows } = await check.query<{ channel: string; state: string; n: number }>(
      'SELECT channel, state, count(*)::integer AS n FROM deliveries WHERE alert_id = $1 GROUP BY channel, state ORDER BY channel, state',
      [alertId],
    );
    if (engine.name === 'pglite') await check.close();
    assert.deepEqual(
      rows.map((r) => `${r.channel} ${r.state} ${r.n}`),
      [`email sent ${PEOPLE}`, `sms delivered ${PEOPLE}`, `webhook delivered ${PEOPLE}`],
    );
  });
});
