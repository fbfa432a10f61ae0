// A dispatch worker in a process of its own, as `forgetmenot work` runs it: the real engine with its
// default lanes, batch size and idle polling, the real channel adapters, only the provider rate limits
// raised so that they do not cap the figures (and loopback destinations allowed). It runs until the benchmark says stop.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChannelName } from '../../src/channels/channel.ts';
import { loadConfig } from '../../src/config.ts';
import { openPostgres } from '../../src/db/database.ts';
import { startDispatch } from '../../src/dispatch/engine.ts';
import { filesystemMediaStore } from '../../src/media/media-store.ts';
import { onParentMessage, setupFromEnvironment } from './processes.ts';

interface WorkerSetup {
  url: string;
  schema: string;
  channels: ChannelName[];
  smtpUrl?: string;
  smppUrl?: string;
}

const setup = setupFromEnvironment<WorkerSetup>();
const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-bench-media-'));
const db = await openPostgres(setup.url, { searchPath: setup.schema });
// FMN_BENCH_SQL_TIMES=1: each kind of statement's count and total wait, printed to stderr at the end.
const sqlTimes = new Map<string, { count: number; ms: number }>();
if (process.env.FMN_BENCH_SQL_TIMES) {
  const timed = <T extends (...args: never[]) => Promise<unknown>>(query: T): T =>
    (async (...args: Parameters<T>) => {
      const kind = String(args[0]).replace(/\s+/g, ' ').trim().slice(0, 60);
      const started = performance.now();
      try {
        return await query(...args);
      } finally {
        const entry = sqlTimes.get(kind) ?? { count: 0, ms: 0 };
        entry.count += 1;
        entry.ms += performance.now() - started;
        sqlTimes.set(kind, entry);
      }
    }) as T;
  db.query = timed(db.query);
  const transaction = db.transaction.bind(db);
  db.transaction = (work) => transaction((tx) => work({ ...tx, query: timed(tx.query) }));
}
const unlimited = 1_000_000;
const config = {
  ...loadConfig({}),
  smtpUrl: setup.smtpUrl,
  smppUrl: setup.smppUrl,
  // The sink and the peers listen on loopback.
  allowPrivateDestinations: true,
  rateLimits: { email: unlimited, sms: unlimited, push: unlimited, webhook: unlimited },
};
let failures = 0;
const engine = await startDispatch(
  { db, media: filesystemMediaStore(mediaDir), config, clock: () => new Date() },
  {
    channels: setup.channels,
    log: (message, error) => {
      // Only the first few: a flood of the same failure would hide the results table.
      if (++failures <= 5) process.stderr.write(`worker ${process.pid}: ${message}: ${String(error)}\n`);
    },
  },
);
process.send?.({ type: 'started' });

onParentMessage(async (message) => {
  if (message.type !== 'stop') return;
  await engine.stop();
  await db.close();
  for (const [kind, { count, ms }] of [...sqlTimes].sort((a, b) => b[1].ms - a[1].ms)) {
    process.stderr.write(
      `worker ${process.pid} sql: ${ms.toFixed(0).padStart(7)} ms ${String(count).padStart(6)}× ${(ms / count).toFixed(2).padStart(7)} ms  ${kind}\n`,
    );
  }
  fs.rmSync(mediaDir, { recursive: true, force: true });
  process.exit(0);
});
