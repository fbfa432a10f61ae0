// A dispatch worker in a process of its own, for the crash test: it opens the test's database (a
// PostgreSQL schema, or a PGlite folder), runs the real engine with the real channel adapters against
// the test's loopback peers, and exits once the alert has nothing left to send. The test kills it with
// SIGKILL part-way through and starts another.
import { loadConfig } from '../../src/config.ts';
import { openPglite, openPostgres, type Database } from '../../src/db/database.ts';
import { startDispatch } from '../../src/dispatch/engine.ts';
import { dispatchProgress, dispatchSettled } from '../../src/dispatch/progress.ts';
import { filesystemMediaStore } from '../../src/media/media-store.ts';

interface WorkerSetup {
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; schema: string };
  mediaDir: string;
  alertId: string;
  smtpUrl: string;
  smppUrl: string;
  batchSize: number;
}

const setup = JSON.parse(process.env.FMN_WORKER_SETUP ?? '{}') as WorkerSetup;
const db: Database =
  setup.database.kind === 'pglite'
    ? await openPglite(setup.database.dataDir)
    : await openPostgres(setup.database.url, { searchPath: setup.database.schema, max: 6 });
const config = {
  ...loadConfig({}),
  smtpUrl: setup.smtpUrl,
  smppUrl: setup.smppUrl,
  allowPrivateDestinations: true,
  rateLimits: { email: 100_000, sms: 100_000, push: 100_000, webhook: 100_000 },
};
const engine = await startDispatch(
  { db, media: filesystemMediaStore(setup.mediaDir), config, clock: () => new Date() },
  {
    channels: ['email', 'sms', 'webhook'],
    idleMs: 100,
    tuning: { batchSize: setup.batchSize, leaseMs: 10_000 },
    log: (message, error) => process.stderr.write(`${message}: ${String(error)}\n`),
  },
);
process.stdout.write('started\n');
for (;;) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  const progress = await dispatchProgress(db, setup.alertId);
  // Settled, and the SMS delivery receipts are in (they follow the sends).
  const sms = progress.channels.find((c) => c.channel === 'sms')!;
  if (dispatchSettled(progress) && progress.channels.some((c) => c.targeted > 0) && sms.delivered + sms.failed >= sms.sent) break;
}
await engine.stop();
await db.close();
process.stdout.write('settled\n');
process.exit(0);
