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
// The session (bind, reconnect, keep-alive, window) is smpp-session.ts's; the parts of long texts and their
// receipts are sms-parts.ts's; this file joins them and reads what each deliver_sm carries.
import type smpp from 'smpp';
import type { ChannelAdapter, ChannelEvents, Outgoing, SendOutcome } from './channel.ts';
import { encodeSms, PartReceipts, type EncodedSms } from './sms-parts.ts';
import { SmppSession, STATUS, statusName } from './smpp-session.ts';

export { encodeSms, type EncodedSms } from './sms-parts.ts';

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
/**
 * A part's receipt is held unanswered while the other parts' receipts come in (they usually follow within
 * a second). A message centre counts a deliver_sm lost after about 30 to 60 s without an answer; answering
 * well within that keeps our temporary error the answer it acts on.
 */
const PART_RECEIPT_WAIT_MS = 15_000;

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

/** The message id and state of a delivery receipt's text ("id:... sub:... stat:DELIVRD err:..."). */
export function parseReceiptText(text: string): { id?: string; stat?: string } {
  return {
    id: /(?:^|\s)id:(\S+)/i.exec(text)?.[1],
    stat: /(?:^|\s)stat:(\S+)/i.exec(text)?.[1]?.toUpperCase(),
  };
}

export function createSmsAdapter(options: SmsAdapterOptions): ChannelAdapter {
  const window = Math.max(1, options.window ?? 10);
  const mode = options.mode ?? 'transceiver';
  const events = options.events;
  const bindWaitMs = options.bindWaitMs ?? 10_000;
  const session = new SmppSession({
    url: options.url,
    mode,
    window,
    enquireLinkMs: options.enquireLinkMs ?? 30_000,
    bindWaitMs,
    submitTimeoutMs: options.submitTimeoutMs ?? 30_000,
    reconnectDelayMs: options.reconnectDelayMs ?? 500,
    onDeliver: (bound, pdu) => answerDeliver(bound, pdu, () => storeDelivered(pdu, parts, events)),
  });
  const source = sourceAddressFields(options.sourceAddress);
  const parts = new PartReceipts(
    (providerRef, delivered, stat) => reportReceipt(events, providerRef, delivered, stat),
    options.partReceiptWaitMs ?? PART_RECEIPT_WAIT_MS,
  );
  // The reference that ties a long text's parts together on the phone: a different one for each text.
  let reference = Math.floor(Math.random() * 256);
  const nextReference = () => (reference = (reference + 1) % 256);

  // A transceiver binds at once, not on the first send: receipts and replies the message centre kept for
  // us (a worker killed before answering them) come on the first session, even with nothing to send.
  if (mode === 'transceiver' && events) session.open();

  return {
    channel: 'sms',
    concurrency: window,
    async send(message) {
      try {
        return await sendSms({ session, parts, source, nextReference, bindWaitMs }, message);
      } catch (error) {
        return { status: 'retry', error: `SMS send failed: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
    async close() {
      const closing = session.close();
      parts.close();
      await closing;
    },
  };
}

type SourceAddress = { ton: number; npi: number; address: string };

interface Sending {
  session: SmppSession;
  parts: PartReceipts;
  source: SourceAddress;
  nextReference: () => number;
  bindWaitMs: number;
}

/** Sends a text, in parts when it is long; every part goes, or the whole text is tried again later. */
async function sendSms({ session, parts, source, nextReference, bindWaitMs }: Sending, message: Outgoing): Promise<SendOutcome> {
  if (!/^\+[1-9]\d{5,14}$/.test(message.address)) {
    return { status: 'failed', error: 'the address is not an E.164 phone number' };
  }
  let encoded: EncodedSms;
  try {
    encoded = encodeSms(message.content.sms, nextReference());
  } catch (error) {
    return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
  const deadline = Date.now() + bindWaitMs;
  const group = encoded.concatenated ? parts.newGroup(encoded.shortMessages.length) : undefined;
  let lastMessageId = '';

  for (const shortMessage of encoded.shortMessages) {
    const fields: smpp.PduFields = {
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
    };
    const result = await session.submit(fields, deadline, (messageId) => {
      if (group) parts.track(group, messageId);
    });
    if ('error' in result || 'lost' in result || result.status !== 0) {
      if (group) parts.abandon(group);
      if ('error' in result) return { status: 'retry', error: result.error, retryAfterMs: result.retryAfterMs };
      if ('lost' in result) return { status: 'retry', error: `SMPP ${result.lost}` };
      return outcomeOfStatus(result.status, session);
    }
    lastMessageId = result.messageId ?? '';
  }

  if (group && lastMessageId) parts.sent(group, lastMessageId);
  return lastMessageId ? { status: 'sent', providerRef: lastMessageId } : { status: 'sent' };
}

function outcomeOfStatus(status: number, session: SmppSession): SendOutcome {
  const error = `SMPP submit_sm refused: ${statusName(status)}`;
  const retryAfterMs = TEMPORARY_STATUSES.get(status);
  if (retryAfterMs === undefined) return { status: 'failed', error };
  // The message centre no longer considers the session bound: start again with a new one.
  if (status === STATUS.ESME_RINVBNDSTS) session.dropBound();
  return { status: 'retry', error, retryAfterMs };
}

/** Resolves once what the deliver_sm carries is stored, or at once when there is nothing to store. */
function storeDelivered(pdu: smpp.Pdu, parts: PartReceipts, events: ChannelEvents | undefined): Promise<void> {
  const esmClass = pdu.esm_class ?? 0;
  const body = messageText(pdu);
  if (esmClass & ESM_DELIVERY_RECEIPT) {
    const parsed = parseReceiptText(body);
    const id = pdu.receipted_message_id || parsed.id;
    const stat = parsed.stat ?? (pdu.message_state !== undefined ? MESSAGE_STATES[pdu.message_state] : undefined);
    return id && stat ? parts.receive(id, stat) : Promise.resolve();
  }
  if ((esmClass & ESM_MESSAGE_TYPE) === 0 && events) {
    const from = pdu.source_addr ?? '';
    return events.inbound('sms', pdu.source_addr_ton === TON_INTERNATIONAL && !from.startsWith('+') ? `+${from}` : from, body);
  }
  return Promise.resolve();
}

function reportReceipt(events: ChannelEvents | undefined, providerRef: string, delivered: boolean, stat: string): Promise<void> {
  // A handler that throws is answered as one that rejects.
  return new Promise((resolve) => resolve(events ? events.receipt('sms', providerRef, delivered, stat) : undefined));
}

// Answered when stored, not before: a worker killed in between leaves it unanswered, and the message
// centre delivers it again. Many may be waiting at once; the session goes on meanwhile.
function answerDeliver(session: smpp.Session, pdu: smpp.Pdu, store: () => Promise<void>) {
  // A store that throws is answered as one that rejects.
  const stored = new Promise<void>((resolve) => resolve(store()));
  void stored
    .then(
      () => 0,
      () => TEMPORARY_APPLICATION_ERROR,
    )
    .then((status) => {
      // A closed session cannot be answered: the message centre delivers it again on the next one.
      session.send(pdu.response({ command_status: status }));
    });
}

function sourceAddressFields(address: string): SourceAddress {
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
