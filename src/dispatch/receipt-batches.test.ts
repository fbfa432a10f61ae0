// Writing delivery receipts in batches: one write per channel, answers only once written, receipts that
// overtook their send waiting for it, and a failed write that holds up nothing after it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChannelName } from '../channels/channel.ts';
import { receiptBatches } from './receipt-batches.ts';
import type { Receipt } from './sender.ts';

const receipt = (providerRef: string): Receipt => ({ providerRef, delivered: true, detail: 'DELIVRD' });

/** Sends recorded so far, by provider reference, as the deliveries table would hold them. */
function sentDeliveries(...refs: string[]) {
  const sent = new Set(refs);
  const writes: { channel: ChannelName; refs: string[] }[] = [];
  const write = (channel: ChannelName, receipts: readonly Receipt[]) => {
    writes.push({ channel, refs: receipts.map((r) => r.providerRef) });
    return Promise.resolve(new Set(receipts.map((r) => r.providerRef).filter((ref) => sent.has(ref))));
  };
  return { sent, writes, write };
}

const quiet = () => undefined;

describe('receipt batches', () => {
  it('writes the receipts that arrive together in one write per channel, and answers each once written', async () => {
    const store = sentDeliveries('a', 'b', 'c');
    const batches = receiptBatches({ write: store.write, log: quiet });
    await Promise.all([
      batches.receive('sms', receipt('a')),
      batches.receive('webhook', receipt('c')),
      batches.receive('sms', receipt('b')),
    ]);
    assert.deepEqual(store.writes, [
      { channel: 'sms', refs: ['a', 'b'] },
      { channel: 'webhook', refs: ['c'] },
    ]);
  });

  it('writes no more than a batch at a time', async () => {
    const store = sentDeliveries('a', 'b', 'c');
    const batches = receiptBatches({ write: store.write, log: quiet, batchSize: 2 });
    await Promise.all(['a', 'b', 'c'].map((ref) => batches.receive('sms', receipt(ref))));
    assert.deepEqual(
      store.writes.map((w) => w.refs),
      [['a', 'b'], ['c']],
    );
  });

  it('keeps a receipt that overtook its send until the send is recorded', async () => {
    const store = sentDeliveries();
    // A long retry, so that only the recorded send can bring the receipt back.
    const batches = receiptBatches({ write: store.write, log: quiet, retryMs: 60_000 });
    const answer = batches.receive('sms', receipt('late'));
    let answered = false;
    void answer.then(() => (answered = true));
    while (store.writes.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(answered, false, 'not answered while its send is unrecorded');
    store.sent.add('late');
    batches.sendsRecorded('sms');
    await answer;
    assert.equal(store.writes.length, 2);
    await batches.settle();
  });

  it('tries a waiting receipt again on its own, without a recorded send to prompt it', async () => {
    const store = sentDeliveries();
    const batches = receiptBatches({
      write: async (channel, receipts) => {
        const stored = await store.write(channel, receipts);
        // Another worker records the send just after the first try.
        store.sent.add('elsewhere');
        return stored;
      },
      log: quiet,
      retryMs: 1,
    });
    await batches.receive('sms', receipt('elsewhere'));
    assert.deepEqual(
      store.writes.map((w) => w.refs),
      [['elsewhere'], ['elsewhere']],
    );
  });

  it('refuses a receipt for now once it has waited the match wait for its send', async () => {
    const store = sentDeliveries();
    const batches = receiptBatches({ write: store.write, log: quiet, matchWaitMs: 0 });
    await assert.rejects(batches.receive('sms', receipt('never')), /no sent sms delivery has provider reference never/);
  });

  it('refuses receipts still unmatched once no more sends will be recorded', async () => {
    const store = sentDeliveries();
    const batches = receiptBatches({ write: store.write, log: quiet, retryMs: 60_000 });
    const answer = batches.receive('sms', receipt('orphan'));
    while (store.writes.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await batches.settle();
    await assert.rejects(answer, /no sent sms delivery/);
  });

  it('refuses the receipts of a write that fails, and still writes those that come later', { timeout: 10_000 }, async () => {
    const store = sentDeliveries('first', 'second');
    const logged: string[] = [];
    let failures = 1;
    const batches = receiptBatches({
      write: (channel, receipts) => {
        if (failures-- > 0) throw new Error('database unavailable');
        return store.write(channel, receipts);
      },
      log: (message) => logged.push(message),
    });
    await assert.rejects(batches.receive('sms', receipt('first')), /database unavailable/);
    assert.deepEqual(logged, ['could not record delivery receipts; the provider sends them again']);
    // The provider delivers the refused receipt again, and a new one arrives beside it.
    await Promise.all([batches.receive('sms', receipt('first')), batches.receive('sms', receipt('second'))]);
    assert.deepEqual(store.writes, [{ channel: 'sms', refs: ['first', 'second'] }]);
  });

  it('still writes later receipts when reporting a failed write fails too', { timeout: 10_000 }, async () => {
    const store = sentDeliveries('later');
    let failures = 1;
    const batches = receiptBatches({
      write: (channel, receipts) => {
        if (failures-- > 0) return Promise.reject(new Error('database unavailable'));
        return store.write(channel, receipts);
      },
      log: () => {
        throw new Error('log unavailable');
      },
    });
    await assert.rejects(batches.receive('sms', receipt('first')));
    await batches.receive('sms', receipt('later'));
    assert.deepEqual(store.writes, [{ channel: 'sms', refs: ['later'] }]);
  });
});
