// Email over SMTP through a pool of kept-open connections (nodemailer), so an alert to many
// subscribers pays for the connection and login once per connection, not once per message.
//
// Contract with the renderer: the HTML part shows the appeal photo with `<img src="cid:appeal-photo">`.
// When the HTML names that placeholder and the notice has a photo, the photo travels inline in the
// message under that Content-ID; otherwise no image is attached (the text and the link carry the appeal).
import nodemailer from 'nodemailer';
import type { NodemailerError, SendMailOptions } from 'nodemailer';
import type { ChannelAdapter, Outgoing, SendOutcome } from './channel.ts';

/** The Content-ID the rendered HTML refers to as `cid:appeal-photo`. */
export const APPEAL_PHOTO_CID = 'appeal-photo';

export interface EmailAdapterOptions {
  /** smtp:// or smtps:// URL, credentials included (smtp://user:pass@host:587). */
  url: string;
  /** The From header, e.g. `Forget-me-not alerts <alerts@example.org>`. */
  from: string;
  /** Open connections, and messages sent over one before it is replaced. Default 5 and 100. */
  pool?: { maxConnections: number; maxMessages: number };
  /** The right-hand side of every Message-ID. Default: the domain of `from`. */
  hostname?: string;
  /** How long connecting, the greeting, or any one reply may take before the send is given up. Default 30 s. */
  timeoutMs?: number;
}

const DEFAULT_POOL = { maxConnections: 5, maxMessages: 100 };
const DEFAULT_TIMEOUT_MS = 30_000;
const LOGIN_REFUSED = new Set([530, 534, 535, 538]);

export function createEmailAdapter(options: EmailAdapterOptions): ChannelAdapter {
  const pool = options.pool ?? DEFAULT_POOL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const hostname = options.hostname ?? domainOf(options.from) ?? 'localhost';
  const transport = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: pool.maxConnections,
    maxMessages: pool.maxMessages,
    // A message whose connection drops is put back on the pool's queue a couple of times (a kept-open
    // connection the server has just closed), no more: the dispatcher owns retries and their backoff.
    maxRequeues: 2,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // Content comes only from Buffers and strings here; never let a value be read as a path or URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });
  // Every send reports its own failure as an outcome; a transport-level error must not crash the process.
  transport.on('error', () => {});

  return {
    channel: 'email',
    // Twice the connections: while each connection is busy with one message, the next one is already
    // waiting in the pool's queue, so no connection idles while the dispatcher claims more work.
    concurrency: pool.maxConnections * 2,
    async send(message) {
      if (!isSingleAddress(message.address)) return { status: 'failed', error: 'not a single email address' };
      try {
        const info = await transport.sendMail(composeEmail(message, options.from, hostname));
        if (info.accepted.length === 0) return { status: 'failed', error: `recipient refused: ${info.response}`.trim() };
        return { status: 'sent', providerRef: queueIdOf(info.response) ?? info.messageId };
      } catch (error) {
        return outcomeOfError(error instanceof Error ? error : new Error(String(error)));
      }
    },
    close() {
      transport.close();
      return Promise.resolve();
    },
  };
}

/** The Message-ID for a delivery: the same on every attempt, so a receiver can drop a repeat. */
export function emailMessageId(key: string, hostname: string): string {
  return `<${messageIdPart(key)}@${messageIdPart(hostname.toLowerCase())}>`;
}

function composeEmail(message: Outgoing, from: string, hostname: string): SendMailOptions {
  const { content } = message;
  const photoShown = content.photo !== undefined && content.html.includes(`cid:${APPEAL_PHOTO_CID}`);
  const headers: Record<string, string> = {
    'Auto-Submitted': 'auto-generated',
    // Asks Exchange and Outlook not to answer an alert with out-of-office replies.
    'X-Auto-Response-Suppress': 'All',
    'Content-Language': content.language,
  };
  if (message.unsubscribeUrl) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  return {
    from,
    to: message.address,
    subject: content.subject,
    messageId: emailMessageId(message.key, hostname),
    text: content.text,
    html: content.html,
    headers,
    ...(message.unsubscribeUrl ? { list: { unsubscribe: message.unsubscribeUrl } } : {}),
    ...(photoShown && content.photo
      ? {
          attachments: [
            {
              filename: content.photo.filename,
              content: content.photo.bytes,
              contentType: content.photo.contentType,
              cid: APPEAL_PHOTO_CID,
              contentDisposition: 'inline',
            },
          ],
        }
      : {}),
    xMailer: false,
  };
}

function outcomeOfError(error: NodemailerError): SendOutcome {
  const detail = (error.response ?? error.message).slice(0, 500);
  const code = error.responseCode;
  // A missing or refused login (530, 534, 535, 538) is the instance's configuration, not the recipient:
  // keep the delivery until the configuration is fixed.
  if (error.code === 'EAUTH' || error.code === 'ENOAUTH' || (code !== undefined && LOGIN_REFUSED.has(code))) {
    return { status: 'retry', error: `smtp login refused: ${code ?? error.code}: ${detail}` };
  }
  // 503 means the session was in the wrong state, which a fresh connection clears (RFC 5321 4.2.1).
  if (code !== undefined && code >= 500 && code < 600 && code !== 503) {
    return { status: 'failed', error: `smtp ${code}: ${detail}`, ...(mailboxGone(error.response) ? { gone: true } : {}) };
  }
  if (code !== undefined) return { status: 'retry', error: `smtp ${code}: ${detail}` };
  // No reply code: refused or dropped connection, timeout, DNS, TLS, or the pool was closed.
  return { status: 'retry', error: `smtp ${error.code ?? 'error'}: ${detail}` };
}

/** Enhanced status codes (RFC 3463) that mean the address itself does not exist any more. */
function mailboxGone(response: string | undefined): boolean {
  return /\b5\.1\.(1|2|6|10)\b/.test(response ?? '');
}

/** The server's own id for the message, when its reply names one ("queued as X", "id=X"). */
function queueIdOf(response: string | undefined): string | undefined {
  const match = /queued as\s+<?([^\s>]+)>?/i.exec(response ?? '') ?? /\bid=([^\s]+)/i.exec(response ?? '');
  return match?.[1];
}

/** One addr-spec, nothing that would let a stored address add recipients or headers. */
function isSingleAddress(address: string): boolean {
  return /^[^\s@,;:<>()[\]"\\]+@[^\s@,;:<>()[\]"\\]+$/.test(address);
}

function domainOf(from: string): string | undefined {
  return /@([^\s@<>]+)>?\s*$/.exec(from)?.[1];
}

/**
 * Either side of a Message-ID must be dot-atom text (RFC 5322 3.6.4). Letters, digits, "-" and "_"
 * pass as they are and every other byte becomes %XX ("%" included), so two different keys never map
 * to the same id; dots are kept between other characters, where dot-atom allows them.
 */
function messageIdPart(value: string): string {
  let out = '';
  const bytes = Buffer.from(value, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    const char = String.fromCharCode(byte);
    const dotAllowed = char === '.' && i > 0 && i < bytes.length - 1 && bytes[i - 1] !== 0x2e;
    if (/[A-Za-z0-9_-]/.test(char) || dotAllowed) out += char;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out || '%00';
}
