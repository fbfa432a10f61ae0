// One bound SMPP 3.4 session to the provider's message centre: binding (as a transceiver or a
// transmitter), reconnecting on its own after a drop with a doubling pause, the enquire_link keep-alive,
// and the window of submit_sm unanswered at once. What a deliver_sm carries is the adapter's (sms.ts).
import smpp from 'smpp';

export interface SmppSessionOptions {
  /** smpp://system_id:password@host:port */
  url: string;
  mode: 'transceiver' | 'transmitter';
  /** The most submit_sm unanswered at once. */
  window: number;
  /** Interval of the enquire_link keep-alive; an unanswered one drops and reopens the session. */
  enquireLinkMs: number;
  /** How long a send waits for a session to be bound before it answers retry. */
  bindWaitMs: number;
  /** How long a submit_sm may go unanswered before the send answers retry. */
  submitTimeoutMs: number;
  /** First pause before reconnecting after a drop or a refused bind; doubles up to MAX_RECONNECT_DELAY_MS. */
  reconnectDelayMs: number;
  /** Every deliver_sm, with the session it is to be answered on. */
  onDeliver: (session: smpp.Session, pdu: smpp.Pdu) => void;
}

export const STATUS = smpp.errors;
const STATUS_NAMES = new Map(Object.entries(STATUS).map(([name, value]) => [value, name]));
const MAX_RECONNECT_DELAY_MS = 30_000;

export function statusName(status: number): string {
  return STATUS_NAMES.get(status) ?? `0x${status.toString(16).padStart(8, '0')}`;
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

export type SessionError = { error: string; retryAfterMs?: number };
type SessionResult = { connection: Connection } | SessionError;
export type SubmitResult = { status: number; messageId?: string } | { lost: string };

/** The window: at most `size` submit_sm unanswered at once, the rest queued in order. */
class SubmitWindow {
  private inUse = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly size: number) {}

  acquire(): Promise<void> {
    if (this.inUse < this.size) {
      this.inUse += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.inUse -= 1;
  }
}

export class SmppSession {
  private link: Link = { state: 'idle' };
  private lastError = '';
  private reconnectDelayMs: number;
  /** Sends waiting for a bound session. */
  private readonly waiters = new Set<(result: SessionResult) => void>();
  private readonly window: SubmitWindow;
  private readonly provider: SmppProvider;

  constructor(private readonly options: SmppSessionOptions) {
    this.provider = parseSmppUrl(options.url);
    this.reconnectDelayMs = options.reconnectDelayMs;
    this.window = new SubmitWindow(options.window);
  }

  /** Opens the session now rather than on the first send. */
  open(): void {
    this.connect();
  }

  /**
   * Sends one submit_sm within the window on the bound session, binding or waiting for a reconnect first
   * until the deadline. `onAccepted` runs as the response is read, before any receipt that follows it on the wire.
   */
  async submit(fields: smpp.PduFields, deadline: number, onAccepted: (messageId: string) => void): Promise<SubmitResult | SessionError> {
    await this.window.acquire();
    try {
      const bound = await this.bound(deadline);
      return 'error' in bound ? bound : await this.submitOn(bound.connection, fields, onAccepted);
    } finally {
      this.window.release();
    }
  }

  /** The message centre no longer considers the session bound: start again with a new one. */
  dropBound(): void {
    if (this.link.state === 'bound') this.link.connection.session.destroy();
  }

  async close(): Promise<void> {
    const current = this.link;
    this.link = { state: 'closed' };
    this.settleWaiters({ error: 'the SMS adapter is closed' });
    if (current.state === 'reconnecting') clearTimeout(current.timer);
    if (current.state !== 'connecting' && current.state !== 'bound') return;
    const { connection } = current;
    if (current.state === 'bound') {
      // Let unanswered submits be answered first, so none is retried after the provider took it.
      if (connection.inflight.size > 0) {
        await withTimeout(new Promise<void>((resolve) => (connection.onIdle = resolve)), Math.min(this.options.submitTimeoutMs, 5_000));
      }
      await withTimeout(new Promise<void>((resolve) => connection.session.unbind({}, () => resolve())), 2_000);
    }
    if (connection.session.socket.destroyed) return;
    const closed = new Promise<void>((resolve) => connection.session.socket.once('close', () => resolve()));
    connection.session.close();
    await withTimeout(closed, 2_000);
    connection.session.destroy();
  }

  private isCurrent(connection: Connection): boolean {
    return (this.link.state === 'connecting' || this.link.state === 'bound') && this.link.connection === connection;
  }

  private settleWaiters(result: SessionResult) {
    for (const settle of [...this.waiters]) settle(result);
  }

  private nextReconnectDelay(): number {
    const delay = this.reconnectDelayMs;
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, MAX_RECONNECT_DELAY_MS);
    return delay;
  }

  private connect() {
    const session = smpp.connect({ host: this.provider.host, port: this.provider.port });
    const connection: Connection = { session, inflight: new Set() };
    this.link = { state: 'connecting', connection };
    const bindTimer = setTimeout(() => {
      this.lastError = `no bind response within ${this.options.bindWaitMs} ms`;
      session.destroy();
    }, this.options.bindWaitMs);

    session.on('connect', () => {
      // PDUs are small and answered one by one: Nagle's algorithm would hold a window's submits back.
      session.socket.setNoDelay(true);
      this.bind(connection, bindTimer);
    });
    session.on('error', (error) => {
      this.lastError = error.message;
    });
    session.on('close', () => {
      clearTimeout(bindTimer);
      this.onClose(connection);
    });
    session.on('deliver_sm', (pdu) => this.options.onDeliver(session, pdu));
    session.on('enquire_link', (pdu) => {
      session.send(pdu.response());
    });
    session.on('unbind', (pdu) => {
      session.send(pdu.response());
      session.close();
    });
  }

  private bind(connection: Connection, bindTimer: ReturnType<typeof setTimeout>) {
    const { session } = connection;
    const bind = this.options.mode === 'transceiver' ? session.bind_transceiver.bind(session) : session.bind_transmitter.bind(session);
    const fields = { system_id: this.provider.systemId, password: this.provider.password, interface_version: 0x34 };
    bind(fields, (pdu) => {
      clearTimeout(bindTimer);
      if (!this.isCurrent(connection)) return;
      if (pdu.command_status !== 0) {
        this.lastError = `SMPP bind refused: ${statusName(pdu.command_status)}`;
        const delay = this.nextReconnectDelay();
        this.link = { state: 'refused', until: Date.now() + delay };
        this.settleWaiters({ error: this.lastError, retryAfterMs: delay });
        session.destroy();
        return;
      }
      this.link = { state: 'bound', connection };
      this.lastError = '';
      this.reconnectDelayMs = this.options.reconnectDelayMs;
      this.startKeepAlive(connection);
      this.settleWaiters({ connection });
    });
  }

  private onClose(connection: Connection) {
    if (connection.keepAlive) clearInterval(connection.keepAlive);
    const reason = this.lastError ? `connection lost (${this.lastError})` : 'connection lost';
    for (const lose of [...connection.inflight]) lose(reason);
    if (!this.isCurrent(connection)) return;
    // Reopen on our own, so that receipts and replies keep coming even when nothing is being sent.
    const timer = setTimeout(() => this.connect(), this.nextReconnectDelay());
    timer.unref();
    this.link = { state: 'reconnecting', timer };
  }

  private startKeepAlive(connection: Connection) {
    let awaitingAnswer = false;
    connection.keepAlive = setInterval(() => {
      if (awaitingAnswer) {
        this.lastError = 'enquire_link unanswered';
        connection.session.destroy();
        return;
      }
      awaitingAnswer = true;
      connection.session.enquire_link({}, () => {
        awaitingAnswer = false;
      });
    }, this.options.enquireLinkMs);
    connection.keepAlive.unref();
  }

  /** The bound session, binding or waiting for a reconnect as needed, until the deadline. */
  private bound(deadline: number): Promise<SessionResult> {
    switch (this.link.state) {
      case 'bound':
        return Promise.resolve({ connection: this.link.connection });
      case 'closed':
        return Promise.resolve({ error: 'the SMS adapter is closed' });
      case 'refused': {
        const wait = this.link.until - Date.now();
        if (wait > 0) return Promise.resolve({ error: this.lastError, retryAfterMs: wait });
        this.connect();
        break;
      }
      case 'idle':
        this.connect();
        break;
      case 'connecting':
      case 'reconnecting':
        break;
    }
    return new Promise((resolve) => {
      const settle = (result: SessionResult) => {
        clearTimeout(timer);
        this.waiters.delete(settle);
        resolve(result);
      };
      const timer = setTimeout(
        () => {
          const reason = this.lastError ? ` (${this.lastError})` : '';
          settle({ error: `no SMPP session within ${this.options.bindWaitMs} ms${reason}` });
        },
        Math.max(0, deadline - Date.now()),
      );
      this.waiters.add(settle);
    });
  }

  private submitOn(connection: Connection, fields: smpp.PduFields, onAccepted: (messageId: string) => void): Promise<SubmitResult> {
    const { submitTimeoutMs } = this.options;
    return new Promise((resolve) => {
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
  }
}

interface SmppProvider {
  host: string;
  port: number;
  systemId: string;
  password: string;
}

function parseSmppUrl(url: string): SmppProvider {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smpp:') throw new Error(`an SMPP URL starts with smpp://, not ${parsed.protocol}//`);
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 2775,
    systemId: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
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
