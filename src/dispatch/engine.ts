// The dispatch workers of one process: fan-out of queued jobs, a sender per channel (in a few lanes,
// so one lane sends while another records and claims), re-issue schedules, and delivery receipts.
// `serve` runs them in-process by default; `forgetmenot work` runs them alone, as many as wanted.
import type { AppDeps } from '../app-deps.ts';
import { CHANNELS, type ChannelAdapter, type ChannelEvents, type ChannelName } from '../channels/channel.ts';
import { isStopKeyword, removeAbandonedSignUps, unsubscribeByAddress } from '../subscribers/store.ts';
import { adapterFromConfig, type ChannelAdapters } from './channels.ts';
import { runDueFanoutJobs } from './fanout.ts';
import { noticeRenderer } from './render.ts';
import { runDueReissues } from './reissue.ts';
import { runDueKitIssues, sendDueKitEvents } from '../kits/reissue.ts';
import { receiptBatches } from './receipt-batches.ts';
import { applyReceipts, channelSender, DEFAULT_TUNING, type DeliveryResult, type SenderTuning } from './sender.ts';
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
  /** Longest wait between polls when idle (a nudge cuts it short). */
  idleMs?: number;
  log: (message: string, error?: unknown) => void;
  /** How long a receipt waits for the record of its send before it is refused for now (default RECEIPT_MATCH_WAIT_MS, receipt-batches.ts). */
  receiptMatchWaitMs?: number;
  onResults?: (channel: ChannelName, results: readonly DeliveryResult[]) => void;
}

type EngineDeps = Pick<AppDeps, 'db' | 'clock' | 'media' | 'config'>;

const FANOUT_POLL_MS = 200;
export async function startDispatch(deps: EngineDeps, options: EngineOptions): Promise<DispatchEngine> {
  const { db, clock, config } = deps;
  const idleMs = options.idleMs ?? 1000;
  const lanes = options.lanes ?? 4;
  const tuning: SenderTuning = { ...DEFAULT_TUNING, maxAttempts: config.dispatchMaxAttempts, ...options.tuning };
  let running = true;
  // Read through a call where a step was awaited meanwhile: stop() may have cleared it.
  const isRunning = () => running;
  const sleepers = new Set<() => void>();
  const nudge = () => {
    for (const wake of sleepers) wake();
    sleepers.clear();
  };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        sleepers.delete(wake);
        resolve();
      }, ms);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      sleepers.add(wake);
    });

  const receipts = receiptBatches({
    write: (channel, batch) => applyReceipts(db, channel, batch, clock()),
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
  const loops: Promise<void>[] = [];

  async function loop(name: string, step: () => Promise<boolean>, longestWaitMs = idleMs) {
    let wait = 50;
    while (running) {
      let busy = false;
      try {
        busy = await step();
      } catch (error) {
        options.log(`dispatch ${name} failed; trying again`, error);
      }
      if (!isRunning()) break;
      if (busy) {
        wait = 50;
        continue;
      }
      await pause(wait);
      wait = Math.min(longestWaitMs, wait * 2);
    }
  }

  // An approval in another process cannot nudge this one: the outbox is polled more often than the
  // queues (one cheap index probe), so the first messages leave within a fifth of a second of approval.
  loops.push(loop('fan-out', async () => (await runDueFanoutJobs(db, clock, nudge)) > 0, Math.min(idleMs, FANOUT_POLL_MS)));
  let lastSweep = 0;
  loops.push(
    loop('re-issue', async () => {
      if ((await runDueReissues(db, clock)) > 0) nudge();
      // Sign-ups never confirmed are personal data with no purpose: gone after two days.
      if (Date.now() - lastSweep > 10 * 60_000) {
        lastSweep = Date.now();
        await removeAbandonedSignUps(db, clock());
      }
      return false;
    }),
  );
  // Long-term appeals' social media kits, re-issued to partners' webhooks through the same webhook adapter.
  const webhooks = configured.webhook;
  if (webhooks) {
    loops.push(
      loop('appeal kits', async () => {
        const queued = await runDueKitIssues(db, clock);
        return queued + (await sendDueKitEvents(deps, webhooks)) > 0;
      }),
    );
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
        options.onResults?.(channel, results);
      },
    });
    for (let lane = 0; lane < lanes; lane++) loops.push(loop(`${channel} sender`, async () => (await sender.sendBatch()) > 0));
  }

  return {
    nudge,
    async stop() {
      running = false;
      nudge();
      await Promise.all(loops);
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
