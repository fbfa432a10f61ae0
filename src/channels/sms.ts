// SMS over SMPP 3.4: one bound session to the provider's message centre, opened at once (a transceiver
// with someone to tell what comes back) or on the first send, and kept open (with enquire_link) so that
// delivery receipts and replies such as STOP come back on it.
//
// - Text goes as GSM 03.38 (data_coding 0, one septet per octet as SMPP carries it) when every
//   character is in the default alphabet or its extension table, otherwise as UCS-2 (data_coding 8).
//   The choice is measureSms's, so a text is sent in as many parts as the console showed the officer.
// - Longer texts go as concatenated parts (UDH with an 8-bit reference), one submit_sm each.
// - providerRef is the message_id of the last part. Receipts of the parts are gathered and reported
//   once for the whole text under that providerRef: delivered when every part was, not delivered as
//   soon as one part was not. After a restart only the last part's receipt can be matched, and it is
//   reported as it is.
// - A deliver_sm (receipt or reply) is acknowledged only once what it carries is stored (ChannelEvents
//   resolves); a part's receipt only once the whole text's outcome is. Anything that cannot be stored
//   is answered with a temporary error, and the message centre delivers it again later.
// - A send never throws: a refused bind, a lost connection, a timeout, throttling or a full queue
//   answer `retry`; anything else the message centre refuses answers `failed`. A retried text is sent
//   whole again, so a phone may show an unfinished earlier copy of a long text.
import smpp from 'smpp';
import { measureSms } from './sms-text.ts';
import type { ChannelAdapter, ChannelEvents, Outgoing, SendOutcome } from './channel.ts';

export interface SmsAdapterOptions {
  /** smpp://system_id:password@host:port */
  url: string;
  /** Sender shown on the phone: an alphanumeric name (up to 11 characters), a short code or +E.164. */
  sourceAddress: string;
  /** The most submit_sm unanswered at once (default 10). */
  window?: number;
  /** transceiver (default) also receives receipts and replies; transmitter only sends. */
  mode?: 'transceiver' | 'transmitter';
  events?: ChannelEvents;
  /** Interval of the enquire_link keep-alive; an unanswered one drops and reopens the session (default 30 s). */
  enquireLinkMs?: number;
  /** How long a send waits for a session to be bound before it answers retry (default 10 s). */
  bindWaitMs?: number;
  /** How long a submit_sm may go unanswered before the send answers retry (default 30 s). */
  submitTimeoutMs?: number;
  /** First pause before reconnecting after a drop or a refused bind; doubles up to 30 s (default 500 ms). */
  reconnectDelayMs?: number;
  /** How long a part's receipt waits for the rest of its text's before it is answered with a temporary error (default 15 s). */
  partReceiptWaitMs?: number;
}

const ESM_UDH_INDICATOR = 0x40;
const ESM_DELIVERY_RECEIPT = 0x04;
/** Delivery acknowledgements and intermediate notifications: esm_class bits 2 to 5. */
const ESM_MESSAGE_TYPE = 0x3c;
/** registered_delivery: a receipt on final success or failure. */
const RECEIPT_ON_FINAL = 0x01;
const TON_UNKNOWN = 0;
const TON_INTERNATIONAL = 1;
const TON_ALPHANUMERIC = 5;
const NPI_UNKNOWN = 0;
const NPI_ISDN = 1;
const MAX_RECONNECT_DELAY_MS = 30_000;
/** Parts of long texts, kept so that their receipts (and receipts sent again) are known; the oldest are forgotten beyond this. */
const MAX_TRACKED_PARTS = 100_000;
/**
 * A part's receipt is held unanswered while the other parts' receipts come in (they usually follow within
 * a second). A message centre counts a deliver_sm lost after about 30 to 60 s without an answer; answering
 * well within that keeps our temporary error the answer it acts on.
 */
const PART_RECEIPT_WAIT_MS = 15_000;

const STATUS = smpp.errors;
const STATUS_NAMES = new Map(Object.entries(STATUS).map(([name, value]) => [value, name]));
/** The answer to a deliver_sm not stored (yet): the message centre delivers it again later. */
const TEMPORARY_APPLICATION_ERROR = STATUS.ESME_RX_T_APPN ?? 0x64;

/** Statuses worth trying again, with how long to wait first. Everything else refuses for good. */
const TEMPORARY_STATUSES = new Map<number, number>([
  [STATUS.ESME_RTHROTTLED ?? 0x58, 1_000],
  [STATUS.ESME_RMSGQFUL ?? 0x14, 5_000],
  [STATUS.ESME_RSYSERR ?? 0x08, 5_000],
  [STATUS.ESME_RX_T_APPN ?? 0x64, 5_000],
  [STATUS.ESME_RSUBMITFAIL ?? 0x45, 5_000],
  [STATUS.ESME_RUNKNOWNERR ?? 0xff, 5_000],
  [STATUS.ESME_RINVBNDSTS ?? 0x04, 1_000],
]);

/** message_state (SMPP 3.4 5.2.28) to the stat: of a receipt's text. */
const MESSAGE_STATES = ['SCHEDUL', 'ENROUTE', 'DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'ACCEPTD', 'UNKNOWN', 'REJECTD'];

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

/** The message id and state of a delivery receipt's text ("id:... sub:... stat:DELIVRD err:..."). */
export function parseReceiptText(text: string): { id?: string; stat?: string } {
  return {
    id: /(?:^|\s)id:(\S+)/i.exec(text)?.[1],
    stat: /(?:^|\s)stat:(\S+)/i.exec(text)?.[1]?.toUpperCase(),
  };
}

interface Connection {
  session: smpp.Session;
  /** Callbacks that answer each unanswered submit_sm when the connection is lost. */
  inflight: Set<(reason: string) => void>;
  keepAlive?: ReturnType<typeof setInterval>;
  onIdle?: () => void;
}

type Link =
  | { state: 'idle' }
  | { state: 'connecting'; connection: Connection }
  | { state: 'bound'; connection: Connection }
  | { state: 'reconnecting'; timer: ReturnType<typeof setTimeout> }
  /** The message centre refused the bind: the next send binds again, but not before `until`. */
  | { state: 'refused'; until: number }
  | { state: 'closed' };

type SessionResult = { connection: Connection } | { error: string; retryAfterMs?: number };
type SubmitResult = { status: number; messageId?: string } | { lost: string };

interface PartGroup {
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

export function createSmsAdapter(options: SmsAdapterOptions): ChannelAdapter {
  const provider = parseSmppUrl(options.url);
  const window = Math.max(1, options.window ?? 10);
  const mode = options.mode ?? 'transceiver';
  const enquireLinkMs = options.enquireLinkMs ?? 30_000;
  const bindWaitMs = options.bindWaitMs ?? 10_000;
  const submitTimeoutMs = options.submitTimeoutMs ?? 30_000;
  const partReceiptWaitMs = options.partReceiptWaitMs ?? PART_RECEIPT_WAIT_MS;
  const firstReconnectDelayMs = options.reconnectDelayMs ?? 500;
  const source = sourceAddressFields(options.sourceAddress);
  const events = options.events;

  let link: Link = { state: 'idle' };
  let lastError = '';
  let reconnectDelayMs = firstReconnectDelayMs;
  let reference = Math.floor(Math.random() * 256);
  const waiters = new Set<(result: SessionResult) => void>();

  let slotsInUse = 0;
  const slotQueue: Array<() => void> = [];
  const groupByPartId = new Map<string, PartGroup>();

  const settleWaiters = (result: SessionResult) => {
    for (const settle of [...waiters]) settle(result);
  };

  const nextReconnectDelay = () => {
    const delay = reconnectDelayMs;
    reconnectDelayMs = Math.min(reconnectDelayMs * 2, MAX_RECONNECT_DELAY_MS);
    return delay;
  };

  const connect = () => {
    const session = smpp.connect({ host: provider.host, port: provider.port });
    const connection: Connection = { session, inflight: new Set() };
    link = { state: 'connecting', connection };
    const isCurrent = () => (link.state === 'connecting' || link.state === 'bound') && link.connection === connection;

    const bindTimer = setTimeout(() => {
      lastError = `no bind response within ${bindWaitMs} ms`;
      session.destroy();
    }, bindWaitMs);

    session.on('connect', () => {
      // PDUs are small and answered one by one: Nagle's algorithm would hold a window's submits back.
      session.socket.setNoDelay(true);
      const bind = mode === 'transceiver' ? session.bind_transceiver : session.bind_transmitter;
      bind.call(session, { system_id: provider.systemId, password: provider.password, interface_version: 0x34 }, (pdu) => {
        clearTimeout(bindTimer);
        if (!isCurrent()) return;
        if (pdu.command_status !== 0) {
          lastError = `SMPP bind refused: ${statusName(pdu.command_status)}`;
          const delay = nextReconnectDelay();
          link = { state: 'refused', until: Date.now() + delay };
          settleWaiters({ error: lastError, retryAfterMs: delay });
          session.destroy();
          return;
        }
        link = { state: 'bound', connection };
        lastError = '';
        reconnectDelayMs = firstReconnectDelayMs;
        startKeepAlive(connection);
        settleWaiters({ connection });
      });
    });
    session.on('error', (error) => {
      lastError = error.message;
    });
    session.on('close', () => {
      clearTimeout(bindTimer);
      if (connection.keepAlive) clearInterval(connection.keepAlive);
      for (const lose of [...connection.inflight]) lose(lastError ? `connection lost (${lastError})` : 'connection lost');
      if (!isCurrent()) return;
      // Reopen on our own, so that receipts and replies keep coming even when nothing is being sent.
      const timer = setTimeout(connect, nextReconnectDelay());
      timer.unref();
      link = { state: 'reconnecting', timer };
    });
    session.on('deliver_sm', (pdu) => handleDeliver(session, pdu));
    session.on('enquire_link', (pdu) => {
      session.send(pdu.response());
    });
    session.on('unbind', (pdu) => {
      session.send(pdu.response());
      session.close();
    });
  };

  const startKeepAlive = (connection: Connection) => {
    let awaitingAnswer = false;
    connection.keepAlive = setInterval(() => {
      if (awaitingAnswer) {
        lastError = 'enquire_link unanswered';
        connection.session.destroy();
        return;
      }
      awaitingAnswer = true;
      connection.session.enquire_link({}, () => {
        awaitingAnswer = false;
      });
    }, enquireLinkMs);
    connection.keepAlive.unref();
  };

  /** The bound session, binding or waiting for a reconnect as needed, until the deadline. */
  const boundConnection = (deadline: number): Promise<SessionResult> => {
    switch (link.state) {
      case 'bound':
        return Promise.resolve({ connection: link.connection });
      case 'closed':
        return Promise.resolve({ error: 'the SMS adapter is closed' });
      case 'refused': {
        const wait = link.until - Date.now();
        if (wait > 0) return Promise.resolve({ error: lastError, retryAfterMs: wait });
        connect();
        break;
      }
      case 'idle':
        connect();
        break;
      case 'connecting':
      case 'reconnecting':
        break;
    }
    return new Promise((resolve) => {
      const settle = (result: SessionResult) => {
        clearTimeout(timer);
        waiters.delete(settle);
        resolve(result);
      };
      const timer = setTimeout(
        () => settle({ error: `no SMPP session within ${bindWaitMs} ms${lastError ? ` (${lastError})` : ''}` }),
        Math.max(0, deadline - Date.now()),
      );
      waiters.add(settle);
    });
  };

  const acquireSlot = (): Promise<void> => {
    if (slotsInUse < window) {
      slotsInUse += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => slotQueue.push(resolve));
  };

  const releaseSlot = () => {
    const next = slotQueue.shift();
    if (next) next();
    else slotsInUse -= 1;
  };

  /** `onAccepted` runs as the response is read, before any receipt that follows it on the wire. */
  const submit = (connection: Connection, fields: smpp.PduFields, onAccepted: (messageId: string) => void): Promise<SubmitResult> =>
    new Promise((resolve) => {
      let answered = false;
      const finish = (result: SubmitResult) => {
        if (answered) return;
        answered = true;
        clearTimeout(timer);
        connection.inflight.delete(lose);
        if (connection.inflight.size === 0) connection.onIdle?.();
        resolve(result);
      };
      const lose = (reason: string) => finish({ lost: reason });
      const timer = setTimeout(() => finish({ lost: `no submit_sm_resp within ${submitTimeoutMs} ms` }), submitTimeoutMs);
      connection.inflight.add(lose);
      const written = connection.session.submit_sm(fields, (pdu) => {
        if (pdu.command_status === 0 && pdu.message_id) onAccepted(pdu.message_id);
        finish({ status: pdu.command_status, messageId: pdu.message_id });
      });
      if (!written) finish({ lost: 'connection lost' });
    });

  const settleWaiting = (group: PartGroup, error?: Error) => {
    for (const waiter of [...group.waiting]) waiter.settle(error);
  };

  const abandonGroup = (group: PartGroup) => {
    group.abandoned = true;
    settleWaiting(group);
  };

  const trackPart = (group: PartGroup, id: string) => {
    groupByPartId.set(id, group);
    while (groupByPartId.size > MAX_TRACKED_PARTS) {
      const oldest = groupByPartId.keys().next().value;
      if (oldest === undefined) break;
      groupByPartId.delete(oldest);
    }
  };

  const reportGroup = (group: PartGroup) => {
    if (group.providerRef === undefined || group.report || group.stored || group.abandoned) return;
    const receipts = [...group.receipts.values()];
    const undelivered = receipts.find((receipt) => !receipt.delivered);
    if (!undelivered && receipts.length < group.total) return;
    const report = reportReceipt(group.providerRef, !undelivered, undelivered?.stat ?? 'DELIVRD');
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
  };

  /** Holds a part's answer until its text's report settles, or the wait runs out. */
  const awaitGroupReport = (group: PartGroup): Promise<void> =>
    new Promise((resolve, reject) => {
      const waiter: PartWaiter = {
        settle(error) {
          clearTimeout(timer);
          group.waiting.delete(waiter);
          if (error) reject(error);
          else resolve();
        },
      };
      const timer = setTimeout(() => waiter.settle(new Error(`the other parts' receipts did not come within ${partReceiptWaitMs} ms`)), partReceiptWaitMs);
      group.waiting.add(waiter);
    });

  const reportReceipt = (providerRef: string, delivered: boolean, stat: string): Promise<void> => {
    try {
      return events ? events.receipt('sms', providerRef, delivered, stat) : Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  };

  /** Resolves once the receipt is stored (with its text's, for a part of a long text). */
  const handleReceipt = (id: string, stat: string): Promise<void> => {
    // Intermediate states are not an outcome; only final ones are reported.
    if (stat === 'ENROUTE' || stat === 'SCHEDUL') return Promise.resolve();
    const delivered = stat === 'DELIVRD';
    const group = groupByPartId.get(id);
    if (!group) return reportReceipt(id, delivered, stat);
    if (group.stored || group.abandoned) return Promise.resolve();
    group.receipts.set(id, { delivered, stat });
    const answered = awaitGroupReport(group);
    reportGroup(group);
    return answered;
  };

  /** Resolves once what the deliver_sm carries is stored, or at once when there is nothing to store. */
  const storeDelivered = (pdu: smpp.Pdu): Promise<void> => {
    const esmClass = pdu.esm_class ?? 0;
    const text = messageText(pdu);
    if (esmClass & ESM_DELIVERY_RECEIPT) {
      const parsed = parseReceiptText(text);
      const id = pdu.receipted_message_id || parsed.id;
      const stat = parsed.stat ?? (pdu.message_state !== undefined ? MESSAGE_STATES[pdu.message_state] : undefined);
      return id && stat ? handleReceipt(id, stat) : Promise.resolve();
    }
    if ((esmClass & ESM_MESSAGE_TYPE) === 0 && events) {
      const from = pdu.source_addr ?? '';
      return events.inbound('sms', pdu.source_addr_ton === TON_INTERNATIONAL && !from.startsWith('+') ? `+${from}` : from, text);
    }
    return Promise.resolve();
  };

  // Answered when stored, not before: a worker killed in between leaves it unanswered, and the message
  // centre delivers it again. Many may be waiting at once; the session goes on meanwhile.
  const handleDeliver = (session: smpp.Session, pdu: smpp.Pdu) => {
    let stored: Promise<void>;
    try {
      stored = storeDelivered(pdu);
    } catch (error) {
      stored = Promise.reject(error);
    }
    void stored.then(
      () => 0,
      () => TEMPORARY_APPLICATION_ERROR,
    ).then((status) => {
      // A closed session cannot be answered: the message centre delivers it again on the next one.
      session.send(pdu.response({ command_status: status }));
    });
  };

  const sendSms = async (message: Outgoing): Promise<SendOutcome> => {
    if (!/^\+[1-9]\d{5,14}$/.test(message.address)) {
      return { status: 'failed', error: 'the address is not an E.164 phone number' };
    }
    let encoded: EncodedSms;
    try {
      reference = (reference + 1) % 256;
      encoded = encodeSms(message.content.sms, reference);
    } catch (error) {
      return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
    const deadline = Date.now() + bindWaitMs;
    const group: PartGroup | undefined = encoded.concatenated
      ? { total: encoded.shortMessages.length, receipts: new Map(), stored: false, abandoned: false, waiting: new Set() }
      : undefined;
    let lastMessageId = '';

    for (const shortMessage of encoded.shortMessages) {
      await acquireSlot();
      let result: SubmitResult | { error: string; retryAfterMs?: number };
      try {
        const session = await boundConnection(deadline);
        result =
          'error' in session
            ? session
            : await submit(session.connection, {
                source_addr_ton: source.ton,
                source_addr_npi: source.npi,
                source_addr: source.address,
                dest_addr_ton: TON_INTERNATIONAL,
                dest_addr_npi: NPI_ISDN,
                destination_addr: message.address.slice(1),
                esm_class: encoded.concatenated ? ESM_UDH_INDICATOR : 0,
                registered_delivery: RECEIPT_ON_FINAL,
                data_coding: encoded.dataCoding,
                short_message: shortMessage,
              }, (messageId) => {
                if (group) trackPart(group, messageId);
              });
      } finally {
        releaseSlot();
      }

      if ('error' in result || 'lost' in result || result.status !== 0) {
        if (group) abandonGroup(group);
        if ('error' in result) return { status: 'retry', error: result.error, retryAfterMs: result.retryAfterMs };
        if ('lost' in result) return { status: 'retry', error: `SMPP ${result.lost}` };
        return outcomeOfStatus(result.status, link);
      }
      lastMessageId = result.messageId ?? '';
    }

    if (group && lastMessageId) {
      // Receipts of the early parts may have come before the last part was accepted.
      group.providerRef = lastMessageId;
      reportGroup(group);
    }
    return lastMessageId ? { status: 'sent', providerRef: lastMessageId } : { status: 'sent' };
  };

  const outcomeOfStatus = (status: number, current: Link): SendOutcome => {
    const error = `SMPP submit_sm refused: ${statusName(status)}`;
    const retryAfterMs = TEMPORARY_STATUSES.get(status);
    if (retryAfterMs === undefined) return { status: 'failed', error };
    // The message centre no longer considers the session bound: start again with a new one.
    if (status === STATUS.ESME_RINVBNDSTS && current.state === 'bound') current.connection.session.destroy();
    return { status: 'retry', error, retryAfterMs };
  };

  // A transceiver binds at once, not on the first send: receipts and replies the message centre kept for
  // us (a worker killed before answering them) come on the first session, even with nothing to send.
  if (mode === 'transceiver' && events) connect();

  return {
    channel: 'sms',
    concurrency: window,
    async send(message) {
      try {
        return await sendSms(message);
      } catch (error) {
        return { status: 'retry', error: `SMS send failed: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
    async close() {
      const current = link;
      link = { state: 'closed' };
      settleWaiters({ error: 'the SMS adapter is closed' });
      // Parts' receipts still waiting for the rest of their text are answered "later" while the session is up.
      for (const group of new Set(groupByPartId.values())) {
        if (group.waiting.size > 0) settleWaiting(group, new Error('the SMS adapter is closing'));
      }
      if (current.state === 'reconnecting') clearTimeout(current.timer);
      if (current.state !== 'connecting' && current.state !== 'bound') return;
      const { connection } = current;
      if (current.state === 'bound') {
        // Let unanswered submits be answered first, so none is retried after the provider took it.
        if (connection.inflight.size > 0) {
          await withTimeout(new Promise<void>((resolve) => (connection.onIdle = resolve)), Math.min(submitTimeoutMs, 5_000));
        }
        await withTimeout(new Promise<void>((resolve) => connection.session.unbind({}, () => resolve())), 2_000);
      }
      if (connection.session.socket.destroyed) return;
      const closed = new Promise<void>((resolve) => connection.session.socket.once('close', () => resolve()));
      connection.session.close();
      await withTimeout(closed, 2_000);
      connection.session.destroy();
    },
  };
}

function parseSmppUrl(url: string): { host: string; port: number; systemId: string; password: string } {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smpp:') throw new Error(`an SMPP URL starts with smpp://, not ${parsed.protocol}//`);
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 2775,
    systemId: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
}

function sourceAddressFields(address: string): { ton: number; npi: number; address: string } {
  if (/^\+\d+$/.test(address)) return { ton: TON_INTERNATIONAL, npi: NPI_ISDN, address: address.slice(1) };
  // A short code or a national number: the message centre knows which.
  if (/^\d+$/.test(address)) return { ton: TON_UNKNOWN, npi: NPI_ISDN, address };
  return { ton: TON_ALPHANUMERIC, npi: NPI_UNKNOWN, address };
}

function messageText(pdu: smpp.Pdu): string {
  const body = pdu.message_payload ?? pdu.short_message;
  if (body === undefined) return '';
  const message = Buffer.isBuffer(body) ? body : body.message;
  return typeof message === 'string' ? message : message.toString('latin1');
}

function statusName(status: number): string {
  return STATUS_NAMES.get(status) ?? `0x${status.toString(16).padStart(8, '0')}`;
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
