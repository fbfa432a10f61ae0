// The parts of long texts: encoding a text as one SMS or as concatenated parts, and gathering the
// parts' delivery receipts into one outcome for the whole text, reported under its providerRef (the
// message_id of the last part): delivered when every part was, not delivered as soon as one part was not.
// A part's receipt is answered only once the whole text's outcome is stored.
import smpp from 'smpp';
import { measureSms } from './sms-text.ts';

/** Parts of long texts, kept so that their receipts (and receipts sent again) are known; the oldest are forgotten beyond this. */
const MAX_TRACKED_PARTS = 100_000;

export interface EncodedSms {
  dataCoding: 0 | 8;
  concatenated: boolean;
  /** The short_message of each submit_sm, the user data header first when concatenated. */
  shortMessages: Buffer[];
}

// The package's GSM 03.38 table (default alphabet and extension table) is complete and correct, but its
// encoder does work proportional to the table on every call: each character's octets are kept once
// found (the alphabet is small), and so is the last text's encoding, since every recipient of an alert
// is sent the same words.
const gsmOctets = new Map<string, Buffer>();
let lastEncoded: { text: string; gsm: boolean; characters: Buffer[] } | undefined;

function encodedCharacters(text: string): { gsm: boolean; characters: Buffer[] } {
  if (lastEncoded?.text === text) return lastEncoded;
  const gsm = measureSms(text).encoding === 'GSM-7';
  const characters = Array.from(text).map((character) => {
    if (!gsm) return Buffer.from(character, 'utf16le').swap16();
    let octets = gsmOctets.get(character);
    if (!octets) {
      octets = smpp.encodings.ASCII.encode(character);
      gsmOctets.set(character, octets);
    }
    return octets;
  });
  lastEncoded = { text, gsm, characters };
  return lastEncoded;
}

/**
 * Encodes a text for submit_sm: GSM 03.38 or UCS-2 (as measureSms decides), split into concatenated
 * parts of 153 septets or 67 UTF-16 units when it does not fit one SMS. An extension character's
 * escape pair or a surrogate pair is never split across two parts.
 */
export function encodeSms(text: string, reference: number): EncodedSms {
  const { gsm, characters } = encodedCharacters(text);
  const dataCoding = gsm ? 0 : 8;
  const octets = characters.reduce((sum, encoded) => sum + encoded.length, 0);
  if (octets <= (gsm ? 160 : 140)) {
    return { dataCoding, concatenated: false, shortMessages: [Buffer.concat(characters)] };
  }

  const perPart = gsm ? 153 : 134;
  const parts: Buffer[][] = [[]];
  let used = 0;
  for (const encoded of characters) {
    if (used + encoded.length > perPart) {
      parts.push([]);
      used = 0;
    }
    parts[parts.length - 1]?.push(encoded);
    used += encoded.length;
  }
  if (parts.length > 255) throw new RangeError(`the text needs ${parts.length} SMS parts; at most 255 can be joined`);
  return {
    dataCoding,
    concatenated: true,
    shortMessages: parts.map((part, index) =>
      // Information element 0x00: concatenated message, 8-bit reference, total, this part's number.
      Buffer.concat([Buffer.from([0x05, 0x00, 0x03, reference & 0xff, parts.length, index + 1]), ...part]),
    ),
  };
}

/** One long text sent as parts, and what its parts' receipts have said so far. */
export interface PartGroup {
  total: number;
  receipts: Map<string, { delivered: boolean; stat: string }>;
  providerRef?: string;
  /** The report of the whole text while it is being stored; cleared if it could not be, to be made again. */
  report?: Promise<void>;
  /** The report is stored: a part's receipt that comes again is answered at once. */
  stored: boolean;
  /** The text was not sent (it goes again whole, with new message ids): its parts' receipts concern nothing. */
  abandoned: boolean;
  /** Parts' receipts held unanswered until the report settles. */
  waiting: Set<PartWaiter>;
}

interface PartWaiter {
  settle(error?: Error): void;
}

/** Reports a receipt (of a short text, or of a long text as a whole); resolves once it is stored. */
export type ReportReceipt = (providerRef: string, delivered: boolean, stat: string) => Promise<void>;

export class PartReceipts {
  private readonly groupByPartId = new Map<string, PartGroup>();

  /**
   * @param report stores a receipt
   * @param waitMs how long a part's receipt waits for the rest of its text's before it is answered with a temporary error
   */
  constructor(
    private readonly report: ReportReceipt,
    private readonly waitMs: number,
  ) {}

  /** A long text about to be sent in `total` parts. */
  newGroup(total: number): PartGroup {
    return { total, receipts: new Map(), stored: false, abandoned: false, waiting: new Set() };
  }

  /** A part the message centre accepted under `id`. */
  track(group: PartGroup, id: string): void {
    this.groupByPartId.set(id, group);
    while (this.groupByPartId.size > MAX_TRACKED_PARTS) {
      const oldest = this.groupByPartId.keys().next().value;
      if (oldest === undefined) break;
      this.groupByPartId.delete(oldest);
    }
  }

  /** Every part is accepted: the last part's message id names the whole text. */
  sent(group: PartGroup, providerRef: string): void {
    group.providerRef = providerRef;
    // Receipts of the early parts may have come before the last part was accepted.
    this.reportGroup(group);
  }

  /** The text was not sent whole: it goes again with new message ids. */
  abandon(group: PartGroup): void {
    group.abandoned = true;
    settleWaiting(group);
  }

  /** Resolves once the receipt is stored (with its text's, for a part of a long text). */
  receive(id: string, stat: string): Promise<void> {
    // Intermediate states are not an outcome; only final ones are reported.
    if (stat === 'ENROUTE' || stat === 'SCHEDUL') return Promise.resolve();
    const delivered = stat === 'DELIVRD';
    const group = this.groupByPartId.get(id);
    if (!group) return this.report(id, delivered, stat);
    if (group.stored || group.abandoned) return Promise.resolve();
    group.receipts.set(id, { delivered, stat });
    const answered = this.awaitReport(group);
    this.reportGroup(group);
    return answered;
  }

  /** Parts' receipts still waiting for the rest of their text are answered "later", while the session is up. */
  close(): void {
    for (const group of new Set(this.groupByPartId.values())) {
      if (group.waiting.size > 0) settleWaiting(group, new Error('the SMS adapter is closing'));
    }
  }

  private reportGroup(group: PartGroup) {
    if (group.providerRef === undefined || group.report || group.stored || group.abandoned) return;
    const receipts = [...group.receipts.values()];
    const undelivered = receipts.find((receipt) => !receipt.delivered);
    if (!undelivered && receipts.length < group.total) return;
    const report = this.report(group.providerRef, !undelivered, undelivered?.stat ?? 'DELIVRD');
    group.report = report;
    report.then(
      () => {
        group.stored = true;
        settleWaiting(group);
      },
      (error: unknown) => {
        // The parts' receipts come again (they are answered with a temporary error) and report it again.
        group.report = undefined;
        settleWaiting(group, error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  /** Holds a part's answer until its text's report settles, or the wait runs out. */
  private awaitReport(group: PartGroup): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter: PartWaiter = {
        settle(error) {
          clearTimeout(timer);
          group.waiting.delete(waiter);
          if (error) reject(error);
          else resolve();
        },
      };
      const timer = setTimeout(
        () => waiter.settle(new Error(`the other parts' receipts did not come within ${this.waitMs} ms`)),
        this.waitMs,
      );
      group.waiting.add(waiter);
    });
  }
}

function settleWaiting(group: PartGroup, error?: Error) {
  for (const waiter of [...group.waiting]) waiter.settle(error);
}
