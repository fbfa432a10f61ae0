// Recording outcomes while a batch is still being sent: groups by count and by time, one write at a time,
// and a failed write reported at the end without holding up the groups after it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { outcomeRecorder, type DeliveryResult } from './sender.ts';

const result = (id: number): DeliveryResult => ({ id, attempts: 1, state: 'sent', dueAt: null, providerRef: null, error: null });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('recording outcomes in groups', () => {
  it('writes a group as soon as enough outcomes wait, and the rest when the batch finishes', async () => {
    const written: number[][] = [];
    const recorder = outcomeRecorder(2, (group) => {
      written.push(group.map((r) => r.id));
      return Promise.resolve();
    });
    for (const id of [1, 2, 3, 4, 5]) recorder.add(result(id));
    await pause(0);
    assert.deepEqual(
      written,
      [
        [1, 2],
        [3, 4],
      ],
      'two full groups before the batch ends',
    );
    await recorder.finish();
    assert.deepEqual(written, [[1, 2], [3, 4], [5]]);
  });

  it('writes a group that is not full once its first outcome has waited long enough', async () => {
    const written: number[][] = [];
    const recorder = outcomeRecorder(100, (group) => {
      written.push(group.map((r) => r.id));
      return Promise.resolve();
    });
    recorder.add(result(1));
    recorder.add(result(2));
    await pause(150);
    assert.deepEqual(written, [[1, 2]], 'written while the batch is still going');
    recorder.add(result(3));
    await recorder.finish();
    assert.deepEqual(written, [[1, 2], [3]]);
  });

  it('writes one group at a time, in order', async () => {
    let writing = 0;
    let most = 0;
    const written: number[] = [];
    const recorder = outcomeRecorder(1, async (group) => {
      writing += 1;
      most = Math.max(most, writing);
      await pause(5);
      written.push(...group.map((r) => r.id));
      writing -= 1;
    });
    for (const id of [1, 2, 3, 4]) recorder.add(result(id));
    await recorder.finish();
    assert.equal(most, 1);
    assert.deepEqual(written, [1, 2, 3, 4]);
  });

  it('reports a failed write when the batch finishes, after writing the groups that came later', async () => {
    const written: number[][] = [];
    const recorder = outcomeRecorder(1, (group) => {
      if (group[0]!.id === 1) return Promise.reject(new Error('database unavailable'));
      written.push(group.map((r) => r.id));
      return Promise.resolve();
    });
    recorder.add(result(1));
    recorder.add(result(2));
    await assert.rejects(recorder.finish(), /database unavailable/);
    assert.deepEqual(written, [[2]]);
  });
});
