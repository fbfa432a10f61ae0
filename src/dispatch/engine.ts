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
  /** How long a receipt waits for the record of its send before it is refused for now (default RECEIPT_MATCH_WAIT_MS). */
  receiptMatchWaitMs?: number;
  onResults?: (channel: ChannelName, results: readonly DeliveryResult[]) => void;
}

type EngineDeps = Pick<AppDeps, 'db' | 'clock' | 'media' | 'config'>;

const FANOUT_POLL_MS = 200;
/** Receipts are gathered this long, or up to this many, before they are written. */
const RECEIPT_GATHER_MS = 20;
const RECEIPT_BATCH = 1000;
/**
 * How long a receipt may wait, unanswered, for the record of its send: a worker records its sends in
 * groups, a few at a time, so the receipt can come first (or reach another worker's session). A message centre
 * counts a deliver_sm lost after about 30 to 60 s without an answer; ours (a temporary error, so that it
 * comes again later) must come well before that.
 */
const RECEIPT_MATCH_WAIT_MS = 15_000;
/** A receipt waiting for the record of its send is tried again this often, and whenever this process records sends. */
const RECEIPT_RETRY_MS = 500;

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
  // statement per channel every few milliseconds, not one per message), and each is acknowledged to the
  // provider only once its batch is written. A receipt can overtake the record of the send it confirms:
  // it waits, unanswered, and is tried again when this process records sends and on a short timer; still
  // unmatched after receiptMatchWaitMs it is refused for now, and the provider delivers it again later.
  // Nothing acknowledged is ever held only in memory.
  const receiptMatchWaitMs = options.receiptMatchWaitMs ?? RECEIPT_MATCH_WAIT_MS;
  type WaitingReceipt = Receipt & { channel: ChannelName; since: number; stored: () => void; refused: (error: Error) => void };
  const arrivedReceipts: WaitingReceipt[] = [];
  const unmatchedReceipts: WaitingReceipt[] = [];
  let receiptFlush: Promise<void> | null = null;
  let receiptRetry: ReturnType<typeof setTimeout> | undefined;
  /** Once the senders have stopped, no send is left to be recorded: an unmatched receipt is refused at once. */
  let sendsRecorded = false;

  async function writeReceipts(receipts: WaitingReceipt[]) {
    for (const channel of new Set(receipts.map((r) => r.channel))) {
      const mine = receipts.filter((r) => r.channel === channel);
      let applied: Set<string>;
      try {
        applied = await applyReceipts(db, channel, mine, clock());
      } catch (error) {
        options.log('could not record delivery receipts; the provider sends them again', error);
        for (const receipt of mine) receipt.refused(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      for (const receipt of mine) {
        if (applied.has(receipt.providerRef)) receipt.stored();
        else if (sendsRecorded || Date.now() - receipt.since >= receiptMatchWaitMs) receipt.refused(new Error(`no sent ${channel} delivery has provider reference ${receipt.providerRef}`));
        else unmatchedReceipts.push(receipt);
      }
    }
    if (unmatchedReceipts.length > 0 && !sendsRecorded) receiptRetry ??= setTimeout(retryUnmatchedReceipts, RECEIPT_RETRY_MS);
  }
  function flushReceipts(): Promise<void> {
    receiptFlush ??= (async () => {
      await new Promise((resolve) => setTimeout(resolve, RECEIPT_GATHER_MS));
      while (arrivedReceipts.length > 0) await writeReceipts(arrivedReceipts.splice(0, RECEIPT_BATCH));
      receiptFlush = null;
    })();
    return receiptFlush;
  }
  function retryUnmatchedReceipts(): Promise<void> {
    clearTimeout(receiptRetry);
    receiptRetry = undefined;
    arrivedReceipts.push(...unmatchedReceipts.splice(0));
    return flushReceipts();
  }
  const unsubscribesUnderWay = new Set<Promise<void>>();
  const events: ChannelEvents = {
    receipt(channel, providerRef, delivered, detail) {
      return new Promise((resolve, reject) => {
        arrivedReceipts.push({ channel, providerRef, delivered, detail, since: Date.now(), stored: resolve, refused: reject });
        void flushReceipts();
      });
    },
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
      onResults: (results) => {
        // Receipts that overtook these records can match now.
        if (unmatchedReceipts.some((receipt) => receipt.channel === channel)) void retryUnmatchedReceipts();
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
      sendsRecorded = true;
      await retryUnmatchedReceipts();
      await Promise.allSettled([...unsubscribesUnderWay]);
      await Promise.all(Object.values(configured).map((adapter) => adapter.close().catch(() => undefined)));
      // Those that came in while the adapters closed are settled before the caller closes the database;
      // their answers cannot go out, so the provider delivers them again.
      await retryUnmatchedReceipts();
      await Promise.allSettled([...unsubscribesUnderWay]);
    },
  };
}
