// The reference: a bare client pushing the same number of messages, with the same connection count and
// as many in flight as the engine allows itself, into the same receiver. It does the least a client can
// do: the body is built once and only the webhook-id (or Message-ID) changes per message, so the ratio
// it gives is, if anything, unkind to the engine.
import nodemailer from 'nodemailer';
import smpp from 'smpp';
import { Agent } from 'undici';
import { onParentMessage } from './processes.ts';

export type RawRun =
  | { kind: 'webhook'; url: string; count: number; connections: number; inFlight: number; body: string; run: string }
  | {
      kind: 'smtp';
      url: string;
      count: number;
      connections: number;
      inFlight: number;
      mail: { from: string; to: string; subject: string; text: string; html: string };
      run: string;
    }
  | { kind: 'smpp'; url: string; count: number; window: number; text: string; run: string };

/** Runs `send(i)` for i in 0..count-1 with at most `inFlight` at once; returns how many failed. */
async function pump(count: number, inFlight: number, send: (index: number) => Promise<boolean>): Promise<number> {
  let next = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const index = next++;
        if (!(await send(index))) errors += 1;
      }
    }),
  );
  return errors;
}

async function webhooks(run: Extract<RawRun, { kind: 'webhook' }>): Promise<number> {
  const url = new URL(run.url);
  const agent = new Agent({ connections: run.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v1,${Buffer.alloc(32, 7).toString('base64')}`;
  try {
    return await pump(run.count, run.inFlight, async (index) => {
      try {
        const response = await agent.request({
          origin: url.origin,
          path: url.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Forget-me-not-Webhooks/1',
            'webhook-id': `raw-${run.run}-${index}`,
            'webhook-timestamp': timestamp,
            'webhook-signature': signature,
          },
          body: run.body,
        });
        await response.body.dump();
        return response.statusCode === 200;
      } catch {
        return false;
      }
    });
  } finally {
    await agent.close();
  }
}

async function emails(run: Extract<RawRun, { kind: 'smtp' }>): Promise<number> {
  const transport = nodemailer.createTransport({
    url: run.url,
    pool: true,
    maxConnections: run.connections,
    maxMessages: 100,
    logger: false,
  });
  transport.on('error', () => {});
  try {
    return await pump(run.count, run.inFlight, async (index) => {
      try {
        await transport.sendMail({ ...run.mail, messageId: `<raw-${run.run}-${index}@localhost>`, xMailer: false });
        return true;
      } catch {
        return false;
      }
    });
  } finally {
    transport.close();
  }
}

async function sms(run: Extract<RawRun, { kind: 'smpp' }>): Promise<number> {
  const url = new URL(run.url);
  const session = smpp.connect({ host: url.hostname, port: Number(url.port) });
  session.on('error', () => {});
  // Receipts come back on the same session and must be answered, as the adapter does.
  session.on('deliver_sm', (pdu) => {
    session.send(pdu.response());
  });
  await new Promise<void>((resolve, reject) => {
    session.on('connect', () => {
      session.socket.setNoDelay(true);
      session.bind_transceiver(
        { system_id: decodeURIComponent(url.username), password: decodeURIComponent(url.password), interface_version: 0x34 },
        (pdu) => (pdu.command_status === 0 ? resolve() : reject(new Error(`bind refused: ${pdu.command_status}`))),
      );
    });
  });
  const shortMessage = smpp.encodings.ASCII.encode(run.text);
  const errors = await pump(
    run.count,
    run.window,
    (index) =>
      new Promise<boolean>((resolve) => {
        const written = session.submit_sm(
          {
            source_addr_ton: 5,
            source_addr_npi: 0,
            source_addr: 'ChildAlert',
            dest_addr_ton: 1,
            dest_addr_npi: 1,
            destination_addr: String(447700000000 + index),
            registered_delivery: 1,
            data_coding: 0,
            short_message: shortMessage,
          },
          (pdu) => resolve(pdu.command_status === 0),
        );
        if (!written) resolve(false);
      }),
  );
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2000);
    session.unbind({}, () => {
      clearTimeout(timer);
      resolve();
    });
  });
  session.destroy();
  return errors;
}

onParentMessage(async (message) => {
  if (message.type === 'stop') process.exit(0);
  if (message.type !== 'run') return;
  const run = message.run as RawRun;
  const started = performance.now();
  const errors = run.kind === 'webhook' ? await webhooks(run) : run.kind === 'smtp' ? await emails(run) : await sms(run);
  process.send?.({ type: 'done', ms: performance.now() - started, errors });
});
process.send?.({ type: 'ready' });
