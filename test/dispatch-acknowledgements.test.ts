// SMS receipts and STOP replies through the real engine, the real SMS adapter and an SMPP message centre on
// loopback: each deliver_sm is answered only once what it carries is in the database. When it cannot be
// stored (the database fails, the send it confirms is not recorded in time, the session dies first) the
// message centre gets a temporary error or no answer, delivers it again, and it is applied then.
import { after, before, beforeEach, it } from 'node:test';
import assert from 'node:assert/strict';
import smpp from 'smpp';
import { describeOnEngines } from './support/databases.ts';
import { startTestWorld, type TestWorld } from './support/app.ts';
import { addRecipient, ALERT_CENTRE, approvedAlert } from './support/alerts.ts';
import { startSmppPeer, type SmppPeer } from './peers/smpp-peer.ts';
import { createSmsAdapter } from '../src/channels/sms.ts';
import type { Database, Queryable } from '../src/db/database.ts';
import { startDispatch, type EngineOptions } from '../src/dispatch/engine.ts';

const ESME_RX_T_APPN = smpp.errors.ESME_RX_T_APPN ?? 0x64;
const SUBSCRIBER = '+447400900321';

/** Statements the tests hold back or make fail, by what they are. */
const RECEIPT_WRITE = /provider_ref = v\.ref/;
// Both forms of the statement that records outcomes: all of them sent, or a mix.
const SEND_RECORD = /UPDATE deliveries d\s+SET state = (v\.state,\s+due_at|\$\d+, leased_until)/;
const UNSUBSCRIBE = /FROM subscriber_channels WHERE channel = \$1 AND address = \$2/;

type Interference = (sql: string) => Promise<void> | void;

/** The test's database as the engine sees it: every statement passes `interfere` first, which may wait or throw. */
function interferingDatabase(db: Database, interfere: Interference): Database {
  const wrap = (target: Queryable): Queryable => ({
    async query(text, params) {
      await interfere(typeof text === 'string' ? text : text.text);
      return target.query(text, params);
    },
    exec: (sql) => target.exec(sql),
  });
  return {
    engine: db.engine,
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    listen: (channel, listener) => db.listen(channel, listener),
    close: () => db.close(),
  };
}

/** Gates still shut when a test ends are opened, so that the engine can stop. */
const shutGates = new Set<() => void>();

function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  shutGates.add(open);
  return { promise, open };
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeOnEngines('SMS receipts and STOP acknowledged once stored', (engine) => {
  let world: TestWorld;
  let peer: SmppPeer;
  let interfere: Interference = () => undefined;

  before(async () => {
    world = await startTestWorld(engine);
    world.deps.clock = () => new Date();
  });
  after(() => world.close());
  beforeEach(async () => {
    interfere = () => undefined;
    await world.db.query('DELETE FROM deliveries');
    await world.db.query('DELETE FROM subscribers');
    await addRecipient(world.db, { at: [ALERT_CENTRE], channels: { sms: { address: SUBSCRIBER } } });
  });

  /** Runs the engine (SMS only) against a fresh message centre for one test. */
  async function withEngine(test: (alert: () => Promise<string>) => Promise<void>, options: Partial<EngineOptions> = {}) {
    peer = await startSmppPeer({ redeliveryDelayMs: 50 });
    const dispatch = await startDispatch(
      { ...world.deps, db: interferingDatabase(world.db, (sql) => interfere(sql)) },
      {
        idleMs: 50,
        channels: ['sms'],
        log: () => undefined,
        adapters: (events) => ({ sms: createSmsAdapter({ url: peer.url, sourceAddress: 'ChildAlert', events, reconnectDelayMs: 50 }) }),
        ...options,
      },
    );
    world.deps.onOutbox = () => dispatch.nudge();
    try {
      await test(async () => (await approvedAlert(world)).alertId);
    } finally {
      interfere = () => undefined;
      for (const open of shutGates) open();
      shutGates.clear();
      await dispatch.stop();
      await peer.close();
    }
  }

  const smsState = async (alertId: string) =>
    (await world.db.query<{ state: string }>(`SELECT state FROM deliveries WHERE alert_id = $1 AND channel = 'sms'`, [alertId])).rows.map(
      (r) => r.state,
    );
  const answers = () => peer.receipts[0]?.answers ?? [];

  it('answers a receipt the database could not store with a temporary error, and applies it when it comes again', () =>
    withEngine(async (alert) => {
      let receiptWritesFail = true;
      interfere = (sql) => {
        if (receiptWritesFail && RECEIPT_WRITE.test(sql)) throw new Error('database unavailable');
      };
      const alertId = await alert();
      await until('a temporary error answered', () => answers().includes(ESME_RX_T_APPN));
      assert.ok(!answers().includes(0), 'never acknowledged while it could not be stored');
      assert.deepEqual(await smsState(alertId), ['sent']);
      receiptWritesFail = false;
      await until('the receipt acknowledged', () => answers().at(-1) === 0);
      assert.ok(peer.redeliveries >= 1);
      assert.deepEqual(await smsState(alertId), ['delivered']);
    }));

  it('answers a receipt that overtook the record of its send only after that record, and applies it', () =>
    withEngine(async (alert) => {
      const recording = gate();
      interfere = (sql) => (SEND_RECORD.test(sql) ? recording.promise : undefined);
      const alertId = await alert();
      await until('the receipt', () => peer.receipts.length === 1);
      // Long enough for the receipt to be tried again on the timer, still without the record.
      await pause(800);
      assert.deepEqual(answers(), [], 'not answered before the send is recorded');
      assert.equal(peer.redeliveries, 0);
      recording.open();
      await until('the receipt acknowledged', () => answers().length === 1);
      assert.deepEqual(answers(), [0]);
      assert.deepEqual(await smsState(alertId), ['delivered']);
    }));

  it('refuses a receipt whose send is still not recorded after the wait, and applies it when it comes again', () =>
    withEngine(
      async (alert) => {
        const recording = gate();
        interfere = (sql) => (SEND_RECORD.test(sql) ? recording.promise : undefined);
        const alertId = await alert();
        await until('a temporary error answered', () => answers().includes(ESME_RX_T_APPN));
        recording.open();
        await until('the receipt acknowledged', () => answers().at(-1) === 0);
        assert.ok(
          answers()
            .slice(0, -1)
            .every((status) => status === ESME_RX_T_APPN),
        );
        assert.deepEqual(await smsState(alertId), ['delivered']);
      },
      { receiptMatchWaitMs: 300 },
    ));

  it('applies receipts a dying session left unanswered when they come again on the next session', () =>
    withEngine(async (alert) => {
      const writing = gate();
      let heldWrites = 0;
      interfere = (sql) => {
        if (!RECEIPT_WRITE.test(sql)) return;
        heldWrites += 1;
        return writing.promise;
      };
      const alertId = await alert();
      await until('the receipt being written', () => heldWrites === 1);
      peer.dropConnections();
      await until('the receipt delivered again on a new session', () => peer.receipts[0]?.attempts === 2);
      writing.open();
      await until('the receipt acknowledged', () => peer.unacknowledged === 0);
      assert.deepEqual(answers(), [0], 'the first delivery was never answered');
      assert.deepEqual(await smsState(alertId), ['delivered']);
    }));

  it('answers a STOP only once the unsubscribe is stored; one that failed comes again and is applied', () =>
    withEngine(async (alert) => {
      const alertId = await alert();
      await until('the alert delivered', async () => (await smsState(alertId))[0] === 'delivered');
      const unsubscribing = gate();
      let attempts = 0;
      interfere = async (sql) => {
        if (!UNSUBSCRIBE.test(sql)) return;
        attempts += 1;
        if (attempts === 1) {
          await unsubscribing.promise;
          throw new Error('database unavailable');
        }
      };
      const firstAnswer = peer.sendInbound(SUBSCRIBER, 'STOP');
      await until('the unsubscribe started', () => attempts === 1);
      await pause(100);
      assert.deepEqual(peer.inbound[0]?.answers, [], 'not answered while the unsubscribe is under way');
      unsubscribing.open();
      assert.equal(await firstAnswer, ESME_RX_T_APPN);
      await until('the STOP acknowledged', () => peer.inbound[0]?.answers.at(-1) === 0);
      const { rows } = await world.db.query(`SELECT 1 FROM subscriber_channels WHERE channel = 'sms' AND address = $1`, [SUBSCRIBER]);
      assert.equal(rows.length, 0, 'the number is unsubscribed');
    }));
});
