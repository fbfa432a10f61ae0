// A real SMPP 3.4 message centre on 127.0.0.1 for tests: it binds transmitters and transceivers,
// answers submit_sm with a message id, keeps every part it was given (decoded, and concatenated
// parts put back together), sends delivery receipts and mobile-originated messages back to
// transceivers, and can be told to throttle, refuse, stall binds or drop every connection. Like a real
// message centre, it delivers a receipt or a reply again (after a short delay, on the next bound session)
// until the client answers it with status 0: an error answer, or none before the session ends, is not one.
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import smpp from 'smpp';
import { measureSms } from '../../src/channels/sms-text.ts';

const RECEIPT = 0x04;
const UDH_INDICATOR = 0x40;

export interface SmppPeerOptions {
  systemId?: string;
  password?: string;
  /** Delay before each submit_sm_resp, so that a client's submits pile up to its window. */
  slowMs?: number;
  /** auto: a receipt per part as soon as it is accepted; held: kept until releaseReceipts(); none. */
  receipts?: 'auto' | 'held' | 'none';
  /** The stat: of a part's receipt (DELIVRD unless told otherwise). */
  receiptStat?: (part: SubmittedPart) => string;
  /** Pause between accepting a part and sending its receipt (auto receipts), as a handset takes a while to report (default 0). */
  receiptDelayMs?: number;
  /** Pause before a deliver_sm answered with an error, or left unanswered by a closed session, goes again (default 100 ms). */
  redeliveryDelayMs?: number;
}

export interface SubmittedPart {
  messageId: string;
  sessionId: number;
  source: string;
  sourceTon: number;
  sourceNpi: number;
  destination: string;
  destinationTon: number;
  destinationNpi: number;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  /** This part's text, decoded, without its user data header. */
  text: string;
  concatenation?: { reference: number; total: number; sequence: number };
}

export interface SubmittedMessage {
  source: string;
  destination: string;
  dataCoding: number;
  /** The whole text: a single part's, or every part's in sequence order. */
  text: string;
  messageIds: string[];
}

export interface BindAttempt {
  sessionId: number;
  mode: 'transceiver' | 'transmitter';
  systemId: string;
  accepted: boolean;
}

export interface SentReceipt {
  messageId: string;
  stat: string;
  /** The command_status of the client's latest deliver_sm_resp, once it answered. */
  responseStatus?: number;
  /** Every answer, in order: a receipt goes again after each non-zero one. */
  answers: number[];
  /** deliver_sm sent for it: 1, plus one per redelivery. */
  attempts: number;
}

export interface SentInbound {
  from: string;
  text: string;
  responseStatus?: number;
  answers: number[];
  attempts: number;
}

export interface SmppPeer {
  readonly port: number;
  /** smpp://system_id:password@127.0.0.1:port with the peer's own credentials. */
  readonly url: string;
  urlWith(credentials: { systemId?: string; password?: string }): string;
  readonly parts: SubmittedPart[];
  readonly messages: SubmittedMessage[];
  /** Every bind request that got an answer, in order. */
  readonly binds: BindAttempt[];
  /** Bind requests received, including ones held by holdBinds(). */
  readonly bindRequests: number;
  readonly receipts: SentReceipt[];
  /** Mobile-originated messages given to sendInbound. */
  readonly inbound: SentInbound[];
  /** deliver_sm sent again (after an error answer or a session that ended without answering). */
  readonly redeliveries: number;
  /** Receipts and replies not yet answered with status 0 (sent and waiting, or waiting to go again). */
  readonly unacknowledged: number;
  redeliveryDelayMs: number;
  /** The most submit_sm a single session had unanswered at once. */
  readonly maxOutstanding: number;
  /** Sessions currently bound. */
  readonly boundSessions: number;
  /** unbind requests and enquire_link keep-alives received. */
  readonly unbinds: number;
  readonly enquireLinks: number;
  slowMs: number;
  throttleNext(count: number): void;
  rejectNext(count: number, status: number): void;
  /** Leaves bind requests unanswered until releaseBinds(), as a message centre that is starting up. */
  holdBinds(): void;
  releaseBinds(): void;
  releaseReceipts(): void;
  /** Destroys every connection at once, as a network failure would. */
  dropConnections(): void;
  /** A mobile-originated message from `from` (E.164) to a bound transceiver; resolves with the first deliver_sm_resp status (it goes again until answered 0). */
  sendInbound(from: string, text: string, to?: string): Promise<number>;
  waitFor(condition: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface PeerSession {
  id: number;
  session: smpp.Session;
  mode?: 'transceiver' | 'transmitter';
  outstanding: number;
  closed: boolean;
  /** deliver_sm sent on this session and not answered yet. */
  awaitingAnswer: Set<PendingDeliver>;
}

/** A receipt or reply the message centre keeps until the client answers it with status 0. */
interface PendingDeliver {
  fields: smpp.PduFields;
  record: { responseStatus?: number; answers: number[]; attempts: number };
  /** The session the client sent the part on, tried first. */
  sessionId?: number;
  onAnswer?: (status: number) => void;
}

export async function startSmppPeer(options: SmppPeerOptions = {}): Promise<SmppPeer> {
  const systemId = options.systemId ?? 'forgetmenot';
  const password = options.password ?? 'secret';
  const receiptMode = options.receipts ?? 'auto';
  const receiptStat = options.receiptStat ?? (() => 'DELIVRD');
  const receiptDelayMs = options.receiptDelayMs ?? 0;
  const state = { slowMs: options.slowMs ?? 0, redeliveryDelayMs: options.redeliveryDelayMs ?? 100 };
  const changes = new EventEmitter();
  changes.setMaxListeners(0);
  const changed = () => changes.emit('change');

  const sessions = new Set<PeerSession>();
  const parts: SubmittedPart[] = [];
  const messages: SubmittedMessage[] = [];
  const binds: BindAttempt[] = [];
  const receipts: SentReceipt[] = [];
  const inbound: SentInbound[] = [];
  /** Waiting for a transceiver to be bound. */
  const undeliverable: PendingDeliver[] = [];
  const unacknowledged = new Set<PendingDeliver>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let closing = false;
  const incomplete = new Map<string, SubmittedPart[]>();
  const heldBinds: Array<() => void> = [];
  const heldReceipts: SubmittedPart[] = [];
  const counts: PeerCounts = { redeliveries: 0, bindRequests: 0, unbinds: 0, enquireLinks: 0, maxOutstanding: 0 };
  const control: PeerControl = { bindsHeld: false, throttleCount: 0, reject: { count: 0, status: 0 } };
  let sessionCount = 0;
  let messageCount = 0;

  const transceivers = () => [...sessions].filter((peer) => peer.mode === 'transceiver' && !peer.closed);

  const deliver = (item: PendingDeliver) => {
    const bound = transceivers();
    const target = bound.find((peer) => peer.id === item.sessionId) ?? bound[0];
    if (!target) {
      // A message centre keeps them until the client binds again.
      undeliverable.push(item);
      return;
    }
    if (item.record.attempts > 0) counts.redeliveries += 1;
    item.record.attempts += 1;
    unacknowledged.add(item);
    target.awaitingAnswer.add(item);
    target.session.deliver_sm(item.fields, (response) => {
      target.awaitingAnswer.delete(item);
      const status = response.command_status;
      item.record.answers.push(status);
      item.record.responseStatus = status;
      item.onAnswer?.(status);
      if (status === 0) unacknowledged.delete(item);
      else deliverLater(item);
      changed();
    });
    changed();
  };

  const later = (work: () => void, ms: number) => {
    if (closing) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, ms);
    timers.add(timer);
  };

  const deliverLater = (item: PendingDeliver) => later(() => deliver(item), state.redeliveryDelayMs);

  const sendReceipt = (part: SubmittedPart) => {
    const stat = receiptStat(part);
    const record: SentReceipt = { messageId: part.messageId, stat, answers: [], attempts: 0 };
    receipts.push(record);
    deliver({
      record,
      sessionId: part.sessionId,
      fields: receiptFields(part, stat, receiptDate(new Date())),
    });
  };

  const accept = (part: SubmittedPart) => assemble(part, parts, messages, incomplete);

  const handleBind = (peer: PeerSession, pdu: smpp.Pdu, mode: 'transceiver' | 'transmitter') => {
    counts.bindRequests += 1;
    changed();
    const answer = () => {
      if (peer.closed) return;
      const alreadyBound = peer.mode !== undefined;
      const accepted = pdu.system_id === systemId && pdu.password === password && !alreadyBound;
      binds.push({ sessionId: peer.id, mode, systemId: pdu.system_id ?? '', accepted });
      if (!accepted) {
        const status = alreadyBound ? smpp.errors.ESME_RALYBND : smpp.errors.ESME_RBINDFAIL;
        peer.session.send(pdu.response({ command_status: status }));
        changed();
        return;
      }
      peer.mode = mode;
      peer.session.send(pdu.response({ system_id: 'fmn-test-smsc' }));
      if (mode === 'transceiver') undeliverable.splice(0).forEach(deliver);
      changed();
    };
    if (control.bindsHeld) heldBinds.push(answer);
    else answer();
  };

  const handleSubmit = (peer: PeerSession, pdu: smpp.Pdu) => {
    // The outcome is decided in arrival order; the answer may come later (slowMs).
    const status = submitStatus(peer, control);
    peer.outstanding += 1;
    counts.maxOutstanding = Math.max(counts.maxOutstanding, peer.outstanding);

    const answer = () => {
      peer.outstanding -= 1;
      if (peer.closed) return;
      if (status !== 0) {
        peer.session.send(pdu.response({ command_status: status }));
        changed();
        return;
      }
      messageCount += 1;
      const part = decodePart(pdu, peer.id, `4d${(0x100000 + messageCount).toString(16)}`);
      peer.session.send(pdu.response({ message_id: part.messageId }));
      accept(part);
      if ((part.registeredDelivery & 0x03) !== 0) {
        if (receiptMode === 'auto' && receiptDelayMs > 0) later(() => sendReceipt(part), receiptDelayMs);
        else if (receiptMode === 'auto') sendReceipt(part);
        else if (receiptMode === 'held') heldReceipts.push(part);
      }
      changed();
    };
    if (state.slowMs > 0) setTimeout(answer, state.slowMs);
    else answer();
  };

  const server = smpp.createServer((session) => {
    sessionCount += 1;
    const peer: PeerSession = { id: sessionCount, session, outstanding: 0, closed: false, awaitingAnswer: new Set() };
    sessions.add(peer);
    session.socket.setNoDelay(true);
    session.on('error', () => {
      // A client that vanishes mid-PDU: the close handler tidies up.
    });
    session.on('close', () => {
      peer.closed = true;
      sessions.delete(peer);
      // Unanswered when the session ended: not acknowledged, so they go again.
      for (const item of peer.awaitingAnswer) deliverLater(item);
      peer.awaitingAnswer.clear();
      changed();
    });
    session.on('bind_transceiver', (pdu) => handleBind(peer, pdu, 'transceiver'));
    session.on('bind_transmitter', (pdu) => handleBind(peer, pdu, 'transmitter'));
    session.on('submit_sm', (pdu) => handleSubmit(peer, pdu));
    answerKeepAlivesAndUnbinds(peer, counts, changed);
  });
  const port = await listenOnLoopback(server);
  const urlWith = (credentials: { systemId?: string; password?: string }) =>
    `smpp://${encodeURIComponent(credentials.systemId ?? systemId)}:${encodeURIComponent(credentials.password ?? password)}@127.0.0.1:${port}`;

  return peerHandle({
    port,
    url: urlWith({}),
    urlWith,
    records: { parts, messages, binds, receipts, inbound },
    counts,
    control,
    state,
    sessions,
    unacknowledged,
    heldBinds,
    heldReceipts,
    sendReceipt,
    deliver,
    transceivers,
    changes,
    close: async () => {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const peer of sessions) peer.session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

/** The status a submit_sm gets: refused before a bind, then throttled or rejected while a test asks for it. */
function submitStatus(peer: PeerSession, control: PeerControl): number {
  if (peer.mode === undefined) return smpp.errors.ESME_RINVBNDSTS ?? 0x04;
  if (control.throttleCount > 0) {
    control.throttleCount -= 1;
    return smpp.errors.ESME_RTHROTTLED ?? 0x58;
  }
  if (control.reject.count > 0) {
    control.reject.count -= 1;
    return control.reject.status;
  }
  return 0;
}

/** Answers enquire_link keep-alives, and an unbind by unbinding and closing the session. */
function answerKeepAlivesAndUnbinds(peer: PeerSession, counts: PeerCounts, changed: () => void): void {
  const { session } = peer;
  session.on('enquire_link', (pdu) => {
    counts.enquireLinks += 1;
    session.send(pdu.response());
    changed();
  });
  session.on('unbind', (pdu) => {
    counts.unbinds += 1;
    peer.mode = undefined;
    session.send(pdu.response());
    session.close();
    changed();
  });
}

/** Listens on a free port of 127.0.0.1 and gives the port. */
async function listenOnLoopback(server: smpp.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** What startSmppPeer keeps, for the handle that tests read and steer. */
interface Centre {
  port: number;
  url: string;
  urlWith: SmppPeer['urlWith'];
  records: Pick<SmppPeer, 'parts' | 'messages' | 'binds' | 'receipts' | 'inbound'>;
  counts: PeerCounts;
  control: PeerControl;
  state: { slowMs: number; redeliveryDelayMs: number };
  sessions: Set<PeerSession>;
  unacknowledged: Set<PendingDeliver>;
  heldBinds: Array<() => void>;
  heldReceipts: SubmittedPart[];
  sendReceipt: (part: SubmittedPart) => void;
  deliver: (item: PendingDeliver) => void;
  transceivers: () => PeerSession[];
  changes: EventEmitter;
  close: () => Promise<void>;
}

interface PeerCounts {
  redeliveries: number;
  bindRequests: number;
  unbinds: number;
  enquireLinks: number;
  maxOutstanding: number;
}

/** What a test has told the peer to do to the next binds and submits. */
interface PeerControl {
  bindsHeld: boolean;
  throttleCount: number;
  reject: { count: number; status: number };
}

function peerHandle(centre: Centre): SmppPeer {
  const { counts, control, state } = centre;
  return {
    port: centre.port,
    url: centre.url,
    urlWith: centre.urlWith,
    ...centre.records,
    get redeliveries() {
      return counts.redeliveries;
    },
    get unacknowledged() {
      return centre.unacknowledged.size;
    },
    get redeliveryDelayMs() {
      return state.redeliveryDelayMs;
    },
    set redeliveryDelayMs(value: number) {
      state.redeliveryDelayMs = value;
    },
    get bindRequests() {
      return counts.bindRequests;
    },
    get maxOutstanding() {
      return counts.maxOutstanding;
    },
    get unbinds() {
      return counts.unbinds;
    },
    get enquireLinks() {
      return counts.enquireLinks;
    },
    get boundSessions() {
      return [...centre.sessions].filter((peer) => peer.mode !== undefined).length;
    },
    get slowMs() {
      return state.slowMs;
    },
    set slowMs(value: number) {
      state.slowMs = value;
    },
    throttleNext(count) {
      control.throttleCount = count;
    },
    rejectNext(count, status) {
      control.reject = { count, status };
    },
    holdBinds() {
      control.bindsHeld = true;
    },
    releaseBinds() {
      control.bindsHeld = false;
      centre.heldBinds.splice(0).forEach((answer) => answer());
    },
    releaseReceipts() {
      centre.heldReceipts.splice(0).forEach(centre.sendReceipt);
    },
    dropConnections() {
      for (const peer of centre.sessions) peer.session.destroy();
    },
    sendInbound(from, text, to = 'ChildAlert') {
      if (centre.transceivers().length === 0) return Promise.reject(new Error('no transceiver is bound to receive the message'));
      const international = from.startsWith('+');
      const record: SentInbound = { from, text, answers: [], attempts: 0 };
      centre.records.inbound.push(record);
      return new Promise<number>((resolve) => {
        centre.deliver({
          record,
          onAnswer: resolve,
          fields: {
            source_addr_ton: international ? 1 : 0,
            source_addr_npi: 1,
            source_addr: international ? from.slice(1) : from,
            destination_addr: to,
            esm_class: 0,
            data_coding: measureSms(text).encoding === 'GSM-7' ? 0 : 8,
            short_message: text,
          },
        });
      });
    },
    waitFor: (condition, what, timeoutMs = 5000) => waitForChange(centre.changes, condition, what, timeoutMs),
    close: centre.close,
  };
}

function waitForChange(changes: EventEmitter, condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  if (condition()) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const check = () => {
      if (!condition()) return;
      clearTimeout(timer);
      changes.off('change', check);
      resolve();
    };
    const timer = setTimeout(() => {
      changes.off('change', check);
      reject(new Error(`SMPP peer: timed out waiting for ${what}`));
    }, timeoutMs);
    changes.on('change', check);
  });
}

/** Records an accepted part, and the whole message once its last part is in. */
function assemble(
  part: SubmittedPart,
  parts: SubmittedPart[],
  messages: SubmittedMessage[],
  incomplete: Map<string, SubmittedPart[]>,
): void {
  parts.push(part);
  const concatenation = part.concatenation;
  if (!concatenation) {
    messages.push({
      source: part.source,
      destination: part.destination,
      dataCoding: part.dataCoding,
      text: part.text,
      messageIds: [part.messageId],
    });
    return;
  }
  const key = `${part.source}|${part.destination}|${concatenation.reference}|${concatenation.total}`;
  const collected = incomplete.get(key) ?? [];
  collected.push(part);
  incomplete.set(key, collected);
  if (collected.length === concatenation.total) {
    incomplete.delete(key);
    collected.sort((a, b) => (a.concatenation?.sequence ?? 0) - (b.concatenation?.sequence ?? 0));
    messages.push({
      source: part.source,
      destination: part.destination,
      dataCoding: part.dataCoding,
      text: collected.map((each) => each.text).join(''),
      messageIds: collected.map((each) => each.messageId),
    });
  }
}

function receiptFields(part: SubmittedPart, stat: string, date: string) {
  return {
    source_addr_ton: part.destinationTon,
    source_addr_npi: part.destinationNpi,
    source_addr: part.destination,
    dest_addr_ton: part.sourceTon,
    dest_addr_npi: part.sourceNpi,
    destination_addr: part.source,
    esm_class: RECEIPT,
    data_coding: 0,
    short_message:
      `id:${part.messageId} sub:001 dlvr:${stat === 'DELIVRD' ? '001' : '000'} submit date:${date} ` +
      `done date:${date} stat:${stat} err:${stat === 'DELIVRD' ? '000' : '001'} text:${part.text.slice(0, 20)}`,
  };
}

function decodePart(pdu: smpp.Pdu, sessionId: number, messageId: string): SubmittedPart {
  const body = pdu.short_message;
  const decoded = body && !Buffer.isBuffer(body) ? body : { message: body ?? Buffer.alloc(0) };
  const esmClass = pdu.esm_class ?? 0;
  let concatenation: SubmittedPart['concatenation'];
  if (esmClass & UDH_INDICATOR) {
    for (const element of decoded.udh ?? []) {
      // Concatenation with an 8-bit (0x00) or 16-bit (0x08) reference number.
      if (element[0] === 0x00 && element.length >= 5) {
        concatenation = { reference: element[2] ?? 0, total: element[3] ?? 0, sequence: element[4] ?? 0 };
      } else if (element[0] === 0x08 && element.length >= 6) {
        concatenation = { reference: element.readUInt16BE(2), total: element[4] ?? 0, sequence: element[5] ?? 0 };
      }
    }
  }
  return {
    messageId,
    sessionId,
    source: pdu.source_addr ?? '',
    sourceTon: pdu.source_addr_ton ?? 0,
    sourceNpi: pdu.source_addr_npi ?? 0,
    destination: pdu.destination_addr ?? '',
    destinationTon: pdu.dest_addr_ton ?? 0,
    destinationNpi: pdu.dest_addr_npi ?? 0,
    dataCoding: pdu.data_coding ?? 0,
    esmClass,
    registeredDelivery: pdu.registered_delivery ?? 0,
    text: typeof decoded.message === 'string' ? decoded.message : decoded.message.toString('latin1'),
    concatenation,
  };
}

/** YYMMDDhhmm, the receipt's date format (SMPP 3.4 appendix B). */
function receiptDate(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return (
    two(date.getUTCFullYear() % 100) +
    two(date.getUTCMonth() + 1) +
    two(date.getUTCDate()) +
    two(date.getUTCHours()) +
    two(date.getUTCMinutes())
  );
}
