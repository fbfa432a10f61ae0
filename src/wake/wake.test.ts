// Idle workers and schedules sleep for minutes; what wakes them is a commit's notification. Each test sets the
// safety re-check to ten minutes, so that only the notification (or the due time read from the database) can
// make anything happen within the test's few seconds; a worker that cannot hear notifications shows it.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { ChannelAdapter, Outgoing } from '../channels/channel.ts';
import type { Database } from '../db/database.ts';
import { startDispatch } from '../dispatch/engine.ts';
import { alertHousekeepingJobs } from '../alerts/housekeeping.ts';
import { ALERT_CENTRE, addRecipient, approvedAlert } from '../../test/support/alerts.ts';
import { liveClock, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { describeOnEngines } from '../../test/support/databases.ts';
import { startScheduler, type ScheduledJob } from './scheduler.ts';
import { announce, onWake } from './wake.ts';

const TEN_MINUTES = 10 * 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function recordingEmail(): ChannelAdapter & { seen: Outgoing[] } {
  const seen: Outgoing[] = [];
  return {
    channel: 'email',
    concurrency: 4,
    seen,
    send(message) {
      seen.push(message);
      return Promise.resolve({ status: 'sent', providerRef: `ref-${seen.length}` });
    },
    async close() {},
  };
}

/** The database as a worker that hears no notifications sees it. */
function deaf(db: Database): Database {
  return { ...db, listen: () => Promise.resolve(() => Promise.resolve()) };
}

async function sentFor(world: TestWorld, alertId: string): Promise<number> {
  const { rows } = await world.db.query<{ n: number }>(
    "SELECT count(*)::integer AS n FROM deliveries WHERE alert_id = $1 AND state IN ('sent', 'delivered')",
    [alertId],
  );
  return rows[0]!.n;
}

async function alertState(world: TestWorld, alertId: string): Promise<string> {
  const { rows } = await world.db.query<{ state: string }>('SELECT state FROM alerts WHERE id = $1', [alertId]);
  return rows[0]!.state;
}

describeOnEngines('waking workers and schedules', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld(engine, { clock: liveClock() });
    await addRecipient(world.db, { at: [ALERT_CENTRE], channels: { email: { address: 'reader@example.org' } } });
  });
  after(() => world.close());

  it('delivers a notification after commit, once per transaction, and never after a rollback', async () => {
    let heard = 0;
    const stop = await onWake(world.db, ['progress'], () => heard++);
    try {
      await world.db.transaction(async (tx) => {
        await announce(tx, 'progress');
        await announce(tx, 'progress');
        await sleep(200);
        assert.equal(heard, 0, 'nothing is heard before the commit');
      });
      await until('the committed notification', () => heard === 1);
      await world.db
        .transaction(async (tx) => {
          await announce(tx, 'progress');
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      await announce(world.db, 'progress');
      await until('the notification sent outside a transaction', () => heard >= 2);
      await sleep(200);
      assert.equal(heard, 2, 'the rolled-back notification never arrives');
    } finally {
      await stop();
    }
  });

  it('an approval committed on another connection wakes a worker that would otherwise sleep for ten minutes', async () => {
    const email = recordingEmail();
    // The approval goes through the API, with no in-process nudge to the engine: only the commit's notification can wake it.
    const dispatch = await startDispatch(world.deps, {
      channels: ['email'],
      adapters: () => ({ email }),
      idleMs: TEN_MINUTES,
      log: () => undefined,
    });
    try {
      await sleep(500);
      const started = Date.now();
      const { alertId } = await approvedAlert(world);
      await until('the first delivery', async () => (await sentFor(world, alertId)) > 0);
      assert.ok(Date.now() - started < 15_000);
    } finally {
      await dispatch.stop();
    }
  });

  it('a worker that hears no notifications leaves the same approval waiting (what the test above would see without them)', async () => {
    const email = recordingEmail();
    const dispatch = await startDispatch(
      { ...world.deps, db: deaf(world.db) },
      { channels: ['email'], adapters: () => ({ email }), idleMs: TEN_MINUTES, log: () => undefined },
    );
    try {
      await sleep(500);
      const { alertId } = await approvedAlert(world);
      await sleep(3_000);
      assert.equal(await sentFor(world, alertId), 0);
      assert.equal(email.seen.length, 0);
      // The work was there all along: woken by hand, the worker sends it.
      dispatch.nudge();
      await until('the delivery after a nudge', async () => (await sentFor(world, alertId)) > 0);
    } finally {
      await dispatch.stop();
    }
  });

  it('the scheduler sleeps until an expiry falls due, is woken when a commit moves it, and runs it then', async () => {
    let reads = 0;
    const jobs: ScheduledJob[] = alertHousekeepingJobs(world.deps).map((job) => ({
      ...job,
      nextDue: (now) => {
        reads++;
        return job.nextDue(now);
      },
    }));
    const { alertId } = await approvedAlert(world);
    const stop = await startScheduler(world.db, jobs, {
      topics: ['alerts', 'schedule'],
      clock: world.clock.now,
      safetyMs: TEN_MINUTES,
      log: () => undefined,
    });
    try {
      await sleep(500);
      // Asleep: nothing is read while nothing changes (a poll of any period under two seconds would read).
      const readsBefore = reads;
      await sleep(2_000);
      assert.equal(reads, readsBefore, 'no reads while idle');
      // The alert's end moved to two seconds from now (as a renewal or a shortened alert would move it).
      const due = Date.now() + 2_000;
      await world.db.query('UPDATE alerts SET expires_at = $2, expiry_warned_at = $3 WHERE id = $1', [alertId, new Date(due), new Date()]);
      await sleep(1_000);
      assert.equal(await alertState(world, alertId), 'active', 'not expired before its time');
      await until('the expiry', async () => (await alertState(world, alertId)) === 'expired', 10_000);
      assert.ok(Date.now() >= due);
      // Asleep again once the expiry's own commit has been read.
      await sleep(500);
      const readsAfter = reads;
      await sleep(2_000);
      assert.equal(reads, readsAfter, 'no reads while idle after the expiry');
    } finally {
      await stop();
    }
  });
});
