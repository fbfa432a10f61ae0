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
  fs.rmSync(mediaDir, { recursive: true, force: true });
  process.exit(0);
});
