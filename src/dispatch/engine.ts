// The dispatch workers of one process: fan-out of queued jobs, a sender per channel (in a few lanes,
// so one lane sends while another records and claims), re-issue schedules, and delivery receipts.
// `serve` runs them in-process by default; `forgetmenot work` runs them alone, as many as wanted.
// Each loop sleeps while there is nothing to do: until the next due moment in the database, or until a
// commit that queued work wakes it (src/wake/wake.ts), in this process or any other on the same database.
import type { AppDeps } from '../app-deps.ts';
import { CHANNELS, type ChannelAdapter, type ChannelEvents, type ChannelName } from '../channels/channel.ts';
import { isStopKeyword, nextAbandonedSignUpDue, removeAbandonedSignUps, unsubscribeByAddress } from '../subscribers/store.ts';
import { nextKitWorkDue } from '../kits/reissue-store.ts';
import { runDueKitIssues, sendDueKitEvents } from '../kits/reissue.ts';
import { startWakeableLoop, type WakeableLoop, type WakeableLoopOptions } from '../wake/loop.ts';
import { onWake, throttledAnnouncer, type WakeTopic } from '../wake/wake.ts';
import { adapterFromConfig, type ChannelAdapters } from './channels.ts';
import { nextFanoutJobDue, runDueFanoutJobs } from './fanout.ts';
import { noticeRenderer } from './render.ts';
import { nextReissueDue, runDueReissues } from './reissue.ts';
import { receiptBatches } from './receipt-batches.ts';
import { applyReceipts, channelSender, DEFAULT_TUNING, nextDeliveryDue, type DeliveryResult, type SenderTuning } from './sender.ts';
import { tokenBucket } from './token-bucket.ts';

export interface DispatchEngine {
  /** Wakes every idle loop now (after a commit that queued work). */
  nudge(): void;
  stop(): Promise<void>;
}

export interface EngineOptions {
  /** Adapters to use instead of those from the configuration (tests, benchmarks); given the engine's receipt and reply handlers. */
  adapters?: (events: ChannelEvents) => Partial<ChannelAdapters>;
  channels?: readonly ChannelName[];
  tuning?: Partial<SenderTuning>;
  /** Lanes per channel. */
  lanes?: number;
  /**
   * Longest sleep when nothing is due (default SAFETY_RECHECK_MS): loops are woken by notifications and by
   * the due times they read, so this is only a safety re-check.
   */
  idleMs?: number;
  log: (message: string, error?: unknown) => void;
  /** How long a receipt waits for the record of its send before it is refused for now (default RECEIPT_MATCH_WAIT_MS, receipt-batches.ts). */
  receiptMatchWaitMs?: number;
  onResults?: (channel: ChannelName, results: readonly DeliveryResult[]) => void;
}

type EngineDeps = Pick<AppDeps, 'db' | 'clock' | 'media' | 'config'>;

/**
 * The longest an idle loop sleeps. Work is announced by notifications and due times are read from the
 * database, so this only bounds how long a notification lost with a dropped connection (before the listener
 * noticed the drop) could leave work waiting; it costs one indexed query per loop every five minutes.
 */
export const SAFETY_RECHECK_MS = 5 * 60_000;
/** Unconfirmed sign-ups fall due no sooner than two days after they are made: no notification needed. */
const SIGN_UP_RECHECK_MS = 60 * 60_000;
/** Progress streams are told that figures moved at most this often per process. */
const PROGRESS_ANNOUNCE_MS = 250;

export async function startDispatch(deps: EngineDeps, options: EngineOptions): Promise<DispatchEngine> {
  const { db, clock, config } = deps;
  const safetyMs = options.idleMs ?? SAFETY_RECHECK_MS;
  const lanes = options.lanes ?? 4;
  const tuning: SenderTuning = { ...DEFAULT_TUNING, maxAttempts: config.dispatchMaxAttempts, ...options.tuning };
  const announceProgress = throttledAnnouncer(db, 'progress', PROGRESS_ANNOUNCE_MS, (error) =>
    options.log('could not tell progress streams of new figures', error),
  );

  const receipts = receiptBatches({
    write: async (channel, batch) => {
      const matched = await applyReceipts(db, channel, batch, clock());
      announceProgress();
      return matched;
    },
    log: options.log,
    matchWaitMs: options.receiptMatchWaitMs,
  });
  const unsubscribesUnderWay = new Set<Promise<void>>();
  const events: ChannelEvents = {
    receipt: (channel, providerRef, delivered, detail) => receipts.receive(channel, { providerRef, delivered, detail }),
    inbound(channel, from, text) {
      if (channel !== 'sms' || !isStopKeyword(text)) return Promise.resolve();
      const work = unsubscribeByAddress(db, 'sms', from, clock()).then(
        () => undefined,
        (error: unknown) => {
          options.log('could not unsubscribe after STOP; the provider sends it again', error);
          throw error;
        },
      );
      const forget = () => void unsubscribesUnderWay.delete(work);
      unsubscribesUnderWay.add(work);
      work.then(forget, forget);
      return work;
    },
  };

  const given = options.adapters?.(events) ?? {};
  const configured: Partial<ChannelAdapters> = {};
  for (const channel of options.channels ?? CHANNELS)
    configured[channel] = given[channel] ?? (await adapterFromConfig(deps, channel, events));
  const renderer = noticeRenderer(deps);
  // Loops are created once listening has begun, so that their first step sees everything committed before.
  const loopSpecs: {
    topics: readonly WakeTopic[];
    options: Omit<WakeableLoopOptions, 'clock' | 'log' | 'safetyMs'> & { safetyMs?: number };
  }[] = [];
  const loops: { topics: readonly WakeTopic[]; loop: WakeableLoop }[] = [];
  const ring = (topic?: WakeTopic) => {
    for (const entry of loops) if (topic === undefined || entry.topics.includes(topic)) entry.loop.ring();
  };
  // In-process work (a fan-out step's sends, a re-issue's job) wakes the senders at once, without a round trip.
  const nudge = () => ring('dispatch');
  const fanoutStepDone = () => {
    nudge();
    announceProgress();
  };

  loopSpecs.push({
    topics: ['dispatch'],
    options: {
      name: 'dispatch fan-out',
      step: async () => (await runDueFanoutJobs(db, clock, fanoutStepDone)) > 0,
      nextDue: () => nextFanoutJobDue(db),
    },
  });
  loopSpecs.push({
    topics: ['schedule'],
    options: {
      name: 'dispatch re-issue',
      step: async () => {
        if ((await runDueReissues(db, clock)) > 0) nudge();
        return false;
      },
      nextDue: () => nextReissueDue(db),
    },
  });
  // Sign-ups never confirmed are personal data with no purpose: gone after two days.
  loopSpecs.push({
    topics: [],
    options: {
      name: 'abandoned sign-ups',
      step: async () => {
        await removeAbandonedSignUps(db, clock());
        return false;
      },
      nextDue: () => nextAbandonedSignUpDue(db, clock()),
      safetyMs: SIGN_UP_RECHECK_MS,
    },
  });
  // Long-term appeals' social media kits, re-issued to partners' webhooks through the same webhook adapter.
  const webhooks = configured.webhook;
  if (webhooks) {
    loopSpecs.push({
      topics: ['dispatch', 'schedule'],
      options: {
        name: 'appeal kits',
        step: async () => {
          const queued = await runDueKitIssues(db, clock);
          return queued + (await sendDueKitEvents(deps, webhooks)) > 0;
        },
        nextDue: () => nextKitWorkDue(db),
      },
    });
  }
  for (const [channel, adapter] of Object.entries(configured) as [ChannelName, ChannelAdapter][]) {
    const concurrency = Math.max(1, Math.ceil(adapter.concurrency / lanes));
    const sender = channelSender(deps, {
      adapter,
      renderer,
      bucket: tokenBucket(config.rateLimits[channel]),
      // Outcomes are recorded in groups while a batch is sent: a worker killed before a group is written
      // leaves those messages unrecorded, and they go again (with the same key, which webhook receivers
      // and mail clients drop). An SMS cannot be taken back and carries no key, so its groups stay at
      // twice the lane's share of the SMPP window; its batches can still be large, which keeps the
      // claims few. Other channels record in bigger groups, for throughput.
      tuning:
        channel === 'sms'
          ? {
              ...tuning,
              batchSize: Math.min(tuning.batchSize, concurrency * 40),
              recordEvery: Math.min(tuning.recordEvery, concurrency * 2),
            }
          : { ...tuning, batchSize: Math.min(tuning.batchSize, concurrency * 16) },
      concurrency,
      onResults: (results) => {
        // Receipts that overtook these records can match now.
        receipts.sendsRecorded(channel);
        announceProgress();
        options.onResults?.(channel, results);
      },
    });
    for (let lane = 0; lane < lanes; lane++) {
      loopSpecs.push({
        topics: ['dispatch'],
        options: {
          name: `dispatch ${channel} sender`,
          step: async () => (await sender.sendBatch()) > 0,
          nextDue: () => nextDeliveryDue(db, channel),
        },
      });
    }
  }

  const listening = await Promise.all((['dispatch', 'schedule'] as const).map((topic) => onWake(db, [topic], () => ring(topic))));
  for (const spec of loopSpecs) {
    loops.push({
      topics: spec.topics,
      loop: startWakeableLoop({ ...spec.options, safetyMs: spec.options.safetyMs ?? safetyMs, clock, log: options.log }),
    });
  }

  return {
    nudge,
    async stop() {
      await Promise.all(listening.map((stop) => stop()));
      await Promise.all(loops.map((entry) => entry.loop.stop()));
      // Every send is recorded: receipts and STOPs still waiting are written (or refused, to come again)
      // while the adapters can still answer them.
      await receipts.settle();
      await Promise.allSettled([...unsubscribesUnderWay]);
      await Promise.all(Object.values(configured).map((adapter) => adapter.close().catch(() => undefined)));
      // Those that came in while the adapters closed are settled before the caller closes the database;
      // their answers cannot go out, so the provider delivers them again.
      await receipts.settle();
      await Promise.allSettled([...unsubscribesUnderWay]);
    },
  };
}
