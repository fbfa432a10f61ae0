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
import { applyReceipts, channelSender, DEFAULT_TUNING, type DeliveryResult, type Receipt, type SenderTuning } from './sender.ts';
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
  onResults?: (channel: ChannelName, results: readonly DeliveryResult[]) => void;
}

type EngineDeps = Pick<AppDeps, 'db' | 'clock' | 'media' | 'config'>;

const RECEIPT_PATIENCE_MS = 120_000;
const FANOUT_POLL_MS = 200;
/** Receipts are gathered this long, or up to this many, before they are written. */
const RECEIPT_GATHER_MS = 20;
const RECEIPT_BATCH = 1000;

export async function startDispatch(deps: EngineDeps, options: EngineOptions): Promise<DispatchEngine> {
  const { db, clock, config } = deps;
  const idleMs = options.idleMs ?? 1000;
  const lanes = options.lanes ?? 4;
  const tuning: SenderTuning = { ...DEFAULT_TUNING, maxAttempts: config.dispatchMaxAttempts, ...options.tuning };
  let running = true;
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

  // Receipts arrive one by one, as fast as messages go out: they are written a batch at a time (one
  // statement per channel every few milliseconds, not one per message). Receipts can overtake the record
  // of the send they confirm (the SMSC answers before this worker has written the batch); those wait and
  // are tried again with the next re-issue sweep.
  type WaitingReceipt = Receipt & { channel: ChannelName; since: number };
  const arrivedReceipts: WaitingReceipt[] = [];
  let receiptFlush: Promise<void> | null = null;
  const pendingReceipts: WaitingReceipt[] = [];
  async function writeReceipts(receipts: WaitingReceipt[], keepUnmatched: boolean) {
    for (const channel of new Set(receipts.map((r) => r.channel))) {
      const mine = receipts.filter((r) => r.channel === channel);
      const applied = await applyReceipts(db, channel, mine, clock());
      for (const receipt of mine) {
        if (!applied.has(receipt.providerRef) && (keepUnmatched || Date.now() - receipt.since < RECEIPT_PATIENCE_MS)) pendingReceipts.push(receipt);
      }
    }
  }
  function flushReceipts(): Promise<void> {
    receiptFlush ??= (async () => {
      await new Promise((resolve) => setTimeout(resolve, RECEIPT_GATHER_MS));
      while (arrivedReceipts.length > 0) {
        const batch = arrivedReceipts.splice(0, RECEIPT_BATCH);
        await writeReceipts(batch, true).catch((error) => {
          options.log('could not record delivery receipts; trying again', error);
          pendingReceipts.push(...batch);
        });
      }
      receiptFlush = null;
    })();
    return receiptFlush;
  }
  const events: ChannelEvents = {
    receipt(channel, providerRef, delivered, detail) {
      arrivedReceipts.push({ channel, providerRef, delivered, detail, since: Date.now() });
      void flushReceipts();
    },
    inbound(channel, from, text) {
      if (channel === 'sms' && isStopKeyword(text)) {
        void unsubscribeByAddress(db, 'sms', from, clock()).catch((error) => options.log('could not unsubscribe after STOP', error));
      }
    },
  };
  async function retryReceipts() {
    const waiting = pendingReceipts.splice(0);
    for (let start = 0; start < waiting.length; start += RECEIPT_BATCH) {
      const batch = waiting.slice(start, start + RECEIPT_BATCH);
      try {
        await writeReceipts(batch, false);
      } catch (error) {
        pendingReceipts.push(...waiting.slice(start));
        throw error;
      }
    }
  }

  const given = options.adapters?.(events) ?? {};
  const configured: Partial<ChannelAdapters> = {};
  for (const channel of options.channels ?? CHANNELS) configured[channel] = given[channel] ?? (await adapterFromConfig(deps, channel, events));
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
      if (!running) break;
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
      await retryReceipts();
      if ((await runDueReissues(db, clock)) > 0) nudge();
      // Sign-ups never confirmed are personal data with no purpose: gone after two days.
      if (Date.now() - lastSweep > 10 * 60_000) {
        lastSweep = Date.now();
        await removeAbandonedSignUps(db, clock());
      }
      return false;
    }),
  );
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
          ? { ...tuning, batchSize: Math.min(tuning.batchSize, concurrency * 40), recordEvery: Math.min(tuning.recordEvery, concurrency * 2) }
          : { ...tuning, batchSize: Math.min(tuning.batchSize, concurrency * 16) },
      concurrency,
      onResults: options.onResults ? (results) => options.onResults!(channel, results) : undefined,
    });
    for (let lane = 0; lane < lanes; lane++) loops.push(loop(`${channel} sender`, async () => (await sender.sendBatch()) > 0));
  }

  return {
    nudge,
    async stop() {
      running = false;
      nudge();
      await Promise.all(loops);
      await Promise.all(Object.values(configured).map((adapter) => adapter.close().catch(() => undefined)));
      // Receipts that came in while the adapters closed are written before the caller closes the database.
      await flushReceipts();
    },
  };
}
