// A real SMTP server on loopback for tests: it keeps every message it accepts, parsed, and can be told
// to misbehave the ways providers do (temporary and permanent refusals, slowness, being unreachable,
// unknown mailboxes), so the email channel is tested against the protocol rather than a stand-in.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

export interface ReceivedAttachment {
  filename: string | undefined;
  contentType: string;
  /** Content-ID without the angle brackets: what a `cid:` link in the HTML names. */
  cid: string | undefined;
  disposition: string | undefined;
  content: Buffer;
}

export interface ReceivedEmail {
  /** What the client said in MAIL FROM and RCPT TO. */
  envelope: { from: string; to: string[] };
  /** The user the client authenticated as, if it did. */
  user: string | undefined;
  /** The queue id this server answered with, as real servers do ("250 ... queued as ID"). */
  queueId: string;
  from: string;
  to: string;
  subject: string;
  text: string | undefined;
  /** The HTML part with its `cid:` links left as they are. */
  html: string | undefined;
  messageId: string | undefined;
  /** Every header as sent, unfolded, keyed by its lower-case name; the first of a repeated header wins. */
  headers: Record<string, string>;
  attachments: ReceivedAttachment[];
  raw: Buffer;
}

export interface SmtpPeerOptions {
  /** Offer AUTH with these credentials; `required` refuses mail from clients that did not log in. */
  auth?: { user: string; pass: string; required?: boolean };
  /** Wait this long after a message's data before answering it. */
  slowMs?: number;
  /** Start with nothing listening on the port, so connections are refused until `up()`. */
  down?: boolean;
  /** Recipients answered with "550 5.1.1" at RCPT TO, as for a mailbox that does not exist. */
  unknownRecipients?: string[];
}

export interface SmtpPeer {
  port: number;
  /** smtp://127.0.0.1:port, without credentials. */
  url: string;
  /** The messages accepted so far, in the order they were accepted. */
  messages: ReceivedEmail[];
  /** How many SMTP connections clients have opened so far. */
  connections(): number;
  /** Resolves once `count` messages have been accepted; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedEmail[]>;
  /** Answer the next `count` messages' data with `code` (451 temporary, 550 permanent, ...) instead of accepting them. */
  failNext(count: number, code: number, message?: string): void;
  setSlowMs(ms: number): void;
  /** Stop listening and drop every open connection: clients get "connection refused". */
  down(): Promise<void>;
  /** Listen again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpPeer(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const messages: ReceivedEmail[] = [];
  const waiters = new Set<() => void>();
  const pendingAnswers = new Set<NodeJS.Timeout>();
  const unknownRecipients = new Set((options.unknownRecipients ?? []).map((address) => address.toLowerCase()));
  let slowMs = options.slowMs ?? 0;
  let failures: { remaining: number; code: number; message: string } = { remaining: 0, code: 0, message: '' };
  let connectionCount = 0;
  let server: SMTPServer | undefined;
  let port = 0;

  const answerLater = (answer: () => void) => {
    if (slowMs <= 0) return answer();
    const timer = setTimeout(() => {
      pendingAnswers.delete(timer);
      answer();
    }, slowMs);
    pendingAnswers.add(timer);
  };

  const createServer = () =>
    new SMTPServer({
      logger: false,
      // Loopback only and no certificate: plain-text AUTH is fine here, and STARTTLS is not offered.
      disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      allowInsecureAuth: true,
      authOptional: !options.auth?.required,
      // Closing should not keep a test waiting for clients that hold pooled connections open.
      closeTimeout: 1,
      onConnect(_session, callback) {
        connectionCount += 1;
        callback();
      },
      onAuth(auth, _session, callback) {
        if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
          return callback(null, { user: auth.username });
        }
        callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
      },
      onRcptTo(address, _session, callback) {
        if (unknownRecipients.has(address.address.toLowerCase())) {
          return callback(Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 }));
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (failures.remaining > 0) {
            failures.remaining -= 1;
            const error: SMTPServerError = Object.assign(new Error(failures.message), { responseCode: failures.code });
            return answerLater(() => callback(error));
          }
          const raw = Buffer.concat(chunks);
          const queueId = randomBytes(6).toString('hex').toUpperCase();
          const envelope = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
          };
          const user = typeof session.user === 'string' ? session.user : undefined;
          parseReceived(raw, envelope, user, queueId).then(
            (received) =>
              answerLater(() => {
                messages.push(received);
                for (const wake of [...waiters]) wake();
                callback(null, `2.0.0 Ok: queued as ${queueId}`);
              }),
            (error: Error) => callback(Object.assign(error, { responseCode: 554 })),
          );
        });
      },
    });

  const listen = async (onPort: number) => {
    const next = createServer();
    // A client that vanishes mid-session (a worker killed, or one that exits before its QUIT is answered)
    // is reported here; without a listener it would throw in the test's process.
    next.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      next.server.once('error', reject);
      next.listen(onPort, '127.0.0.1', () => {
        next.server.off('error', reject);
        resolve();
      });
    });
    server = next;
    return (next.server.address() as net.AddressInfo).port;
  };

  const stop = async () => {
    const current = server;
    server = undefined;
    for (const timer of pendingAnswers) clearTimeout(timer);
    pendingAnswers.clear();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  if (options.down) {
    // Take a free port and let it go again: nothing answers on it until up().
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  } else {
    port = await listen(0);
  }

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    connections: () => connectionCount,
    waitFor(count, timeoutMs = 5000) {
      if (messages.length >= count) return Promise.resolve(messages);
      return new Promise((resolve, reject) => {
        const wake = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(messages);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`SMTP peer: ${messages.length} of ${count} messages arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(wake);
      });
    },
    failNext(count, code, message = code >= 500 ? '5.7.1 Message refused' : '4.3.0 Try again later') {
      failures = { remaining: count, code, message };
    },
    setSlowMs(ms) {
      slowMs = ms;
    },
    down: stop,
    async up() {
      if (!server) await listen(port);
    },
    close: stop,
  };
}

async function parseReceived(
  raw: Buffer,
  envelope: ReceivedEmail['envelope'],
  user: string | undefined,
  queueId: string,
): Promise<ReceivedEmail> {
  const parsed = await simpleParser(raw, { keepCidLinks: true });
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const unfolded = line.replace(/\r?\n(?=[ \t])/g, '');
    if (!(key in headers)) headers[key] = unfolded.slice(unfolded.indexOf(':') + 1).trim();
  }
  const to = Array.isArray(parsed.to) ? parsed.to.map((address) => address.text).join(', ') : (parsed.to?.text ?? '');
  return {
    envelope,
    user,
    queueId,
    from: parsed.from?.text ?? '',
    to,
    subject: parsed.subject ?? '',
    text: parsed.text,
    html: typeof parsed.html === 'string' ? parsed.html : undefined,
    messageId: parsed.messageId,
    headers,
    attachments: parsed.attachments.map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      cid: attachment.cid,
      disposition: attachment.contentDisposition,
      content: attachment.content,
    })),
    raw,
  };
}
