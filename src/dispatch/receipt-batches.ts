// Delivery receipts arrive one by one, as fast as messages go out: they are written a batch at a time (one
// statement per channel every few milliseconds, not one per message), and each is acknowledged to the
// provider only once its batch is written. A receipt can overtake the record of the send it confirms:
// it waits, unanswered, and is tried again when sends are recorded and on a short timer; still unmatched
// after the match wait it is refused for now, and the provider delivers it again later.
// Nothing acknowledged is ever held only in memory.
import type { ChannelName } from '../channels/channel.ts';
import type { Receipt } from './sender.ts';

/** Receipts are gathered this long, or up to this many, before they are written. */
const RECEIPT_GATHER_MS = 20;
const RECEIPT_BATCH = 1000;
/**
 * How long a receipt may wait, unanswered, for the record of its send: a worker records its sends in
 * groups, a few at a time, so the receipt can come first (or reach another worker's session). A message centre
 * counts a deliver_sm lost after about 30 to 60 s without an answer; ours (a temporary error, so that it
 * comes again later) must come well before that.
 */
export const RECEIPT_MATCH_WAIT_MS = 15_000;
/** A receipt waiting for the record of its send is tried again this often, and whenever sends are recorded. */
const RECEIPT_RETRY_MS = 500;

export interface ReceiptBatchOptions {
  /** Stores one channel's receipts; returns the provider references stored (those that matched a send). */
  write: (channel: ChannelName, receipts: readonly Receipt[]) => Promise<Set<string>>;
  log: (message: string, error?: unknown) => void;
  /** How long a receipt waits for the record of its send before it is refused for now. */
  matchWaitMs?: number | undefined;
  gatherMs?: number;
  batchSize?: number;
  retryMs?: number;
}

export interface ReceiptBatches {
  /** Resolves once the receipt is stored; rejects when it is refused for now (the provider sends it again). */
  receive(channel: ChannelName, receipt: Receipt): Promise<void>;
  /** Sends of this channel were recorded: receipts that overtook them can match now. */
  sendsRecorded(channel: ChannelName): void;
  /**
   * No more sends will be recorded (the senders have stopped): receipts still waiting are tried once more
   * and refused if unmatched. Safe to call again for receipts that came in since.
   */
  settle(): Promise<void>;
}

interface WaitingReceipt extends Receipt {
  channel: ChannelName;
  since: number;
  stored: () => void;
  refused: (error: Error) => void;
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

export function receiptBatches(options: ReceiptBatchOptions): ReceiptBatches {
  const matchWaitMs = options.matchWaitMs ?? RECEIPT_MATCH_WAIT_MS;
  const gatherMs = options.gatherMs ?? RECEIPT_GATHER_MS;
  const batchSize = options.batchSize ?? RECEIPT_BATCH;
  const retryMs = options.retryMs ?? RECEIPT_RETRY_MS;
  const arrived: WaitingReceipt[] = [];
  const unmatched: WaitingReceipt[] = [];
  let flushing: Promise<void> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Once the senders have stopped, no send is left to be recorded: an unmatched receipt is refused at once. */
  let allSendsRecorded = false;

  async function writeChannel(channel: ChannelName, receipts: WaitingReceipt[]) {
    const stored = await options.write(channel, receipts);
    for (const receipt of receipts) {
      if (stored.has(receipt.providerRef)) receipt.stored();
      else if (allSendsRecorded || Date.now() - receipt.since >= matchWaitMs) {
        receipt.refused(new Error(`no sent ${channel} delivery has provider reference ${receipt.providerRef}`));
      } else unmatched.push(receipt);
    }
  }

  async function writeBatch(receipts: WaitingReceipt[]) {
    for (const channel of new Set(receipts.map((receipt) => receipt.channel))) {
      const mine = receipts.filter((receipt) => receipt.channel === channel);
      try {
        await writeChannel(channel, mine);
      } catch (error) {
        // Refused, not lost: the provider delivers each of them again.
        for (const receipt of mine) receipt.refused(asError(error));
        options.log('could not record delivery receipts; the provider sends them again', error);
      }
    }
    if (unmatched.length > 0 && !allSendsRecorded) retryTimer ??= setTimeout(() => void retryUnmatched(), retryMs);
  }

  function flush(): Promise<void> {
    flushing ??= (async () => {
      try {
        await new Promise((resolve) => setTimeout(resolve, gatherMs));
        while (arrived.length > 0) {
          const batch = arrived.splice(0, batchSize);
          try {
            await writeBatch(batch);
          } catch (error) {
            // Only a failing log can get here; the batch must still be answered and the flushing go on.
            for (const receipt of batch) receipt.refused(asError(error));
          }
        }
      } finally {
        // Whatever happened, the next receipt starts a new flush rather than waiting on this one for ever.
        flushing = null;
      }
    })();
    return flushing;
  }

  function retryUnmatched(): Promise<void> {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    arrived.push(...unmatched.splice(0));
    return flush();
  }

  return {
    receive(channel, receipt) {
      return new Promise((resolve, reject) => {
        arrived.push({ ...receipt, channel, since: Date.now(), stored: resolve, refused: reject });
        void flush();
      });
    },
    sendsRecorded(channel) {
      if (unmatched.some((receipt) => receipt.channel === channel)) void retryUnmatched();
    },
    settle() {
      allSendsRecorded = true;
      return retryUnmatched();
    },
  };
}
