// "forgetmenot serve" and "forgetmenot work": the long-running processes.
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import type { Config } from '../config.ts';
import { openRuntime } from '../runtime.ts';
import { createMetrics } from '../ops/metrics.ts';
import { buildApp, loggerOptions } from '../server.ts';
import { buildMetricsApp } from '../ops/metrics-app.ts';
import { ensureConsoleBuilt } from '../console/build.ts';
import { alertHousekeepingJobs } from '../alerts/housekeeping.ts';
import { partnerPullJob } from '../exchange/pull.ts';
import { retentionJob } from '../retention/run.ts';
import { SAFETY_RECHECK_MS, startDispatch, type DispatchEngine } from '../dispatch/engine.ts';
import { startScheduler } from '../wake/scheduler.ts';
import { inboxChannels } from '../dispatch/channels.ts';
import { databaseIsEmpty, formatDemoAccounts, readDemoCredentials, seedDemo, writeDemoCredentials } from '../seed/demo.ts';
import type { CommandContext, Out } from './command.ts';

export async function serve({ config, out }: CommandContext): Promise<number> {
  const started = Date.now();
  const runtime = await openRuntime(config);
  const clock = () => new Date();
  const embedded = !config.databaseUrl;
  const seedWanted = config.demoData === 'always' || (config.demoData === 'auto' && embedded);
  if (seedWanted && (await databaseIsEmpty(runtime.db))) {
    out('Empty database: loading demo data (fictional children, generated photos)...');
    const accounts = await seedDemo({ db: runtime.db, media: runtime.media, clock, config });
    writeDemoCredentials(config.dataDir, accounts);
  }
  await ensureConsoleBuilt(out);
  const deps: AppDeps = { db: runtime.db, media: runtime.media, config, clock, metrics: createMetrics({ defaultMetrics: true }) };
  const app = await buildApp(deps, { logger: loggerOptions(config.logLevel) });
  // Timed work sleeps until the earliest moment any of it falls due, or until a commit moves that moment.
  const stopScheduler = await startScheduler(
    runtime.db,
    [
      ...alertHousekeepingJobs(deps),
      retentionJob(deps),
      // Partners' PFIF feeds, pulled often enough that a found note there withdraws the appeal here within a minute.
      partnerPullJob(deps, (partner, error) => app.log.error({ partner, err: error }, 'pulling a partner feed failed')),
    ],
    { topics: ['alerts', 'schedule'], clock, safetyMs: SAFETY_RECHECK_MS, log: (message, error) => app.log.error({ err: error }, message) },
  );
  let dispatch: DispatchEngine | undefined;
  if (config.dispatchWorkers === 'in-process') {
    const engine = await startDispatch(deps, {
      log: (message, error) => app.log.error({ err: error }, message),
      onResults: (channel, results) => {
        for (const result of results) deps.metrics.deliveries.inc({ channel, outcome: result.state });
      },
    });
    dispatch = engine;
    deps.onOutbox = () => engine.nudge();
  }
  const metricsApp = config.metricsPort === undefined ? undefined : await buildMetricsApp(deps);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    await stopScheduler();
    await metricsApp?.close();
    await app.close();
    await dispatch?.stop();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  await metricsApp?.listen({ port: config.metricsPort, host: config.host });
  announce(out, config, app, `${((Date.now() - started) / 1000).toFixed(1)} s`);
  return new Promise<number>(() => undefined);
}

/** Where everything is, once the server listens: the addresses, the dispatch workers, the demo accounts. */
function announce(out: Out, config: Config, app: FastifyInstance, readyIn: string): void {
  const embedded = !config.databaseUrl;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const local = `http://localhost:${port}`;
  out('');
  out(`Forget-me-not is running (${embedded ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}), ready in ${readyIn}`);
  out(`  Staff console: ${local}/console/`);
  out(`  Public site:  ${local}/appeals   (Atom: ${local}/feeds/alerts.atom)`);
  out(`  API:          ${local}/api/v1/   (OpenAPI: ${local}/api/v1/openapi.json)`);
  const metricsUrl =
    config.metricsPort === undefined ? `${local}/metrics` : `http://localhost:${config.metricsPort}/metrics (METRICS_PORT only)`;
  out(`  Health:       ${local}/healthz   ${local}/readyz   ${metricsUrl}${config.metricsToken ? ' (needs METRICS_TOKEN)' : ''}`);
  out(`  Alerts sign-up: ${local}/alerts/sign-up`);
  const inbox = inboxChannels(config);
  out(
    config.dispatchWorkers === 'off'
      ? '  Dispatch:     workers off here (DISPATCH_WORKERS=off): run "forgetmenot work"'
      : `  Dispatch:     workers running in this process${inbox.length ? `; ${inbox.join(' and ')} go to the development inbox (${local}/api/v1/dev-inbox), not to real people` : ''}`,
  );
  // Links in pages, feeds and CAP messages use PUBLIC_URL; say so when it is not this address.
  if (process.env.PUBLIC_URL && config.publicUrl !== local) out(`  Public URL:   ${config.publicUrl}`);
  const demo = readDemoCredentials(config.dataDir);
  if (demo) {
    out('');
    out('Demo accounts (fictional data; the codes change every 30 s: add the secret to an authenticator app):');
    out(formatDemoAccounts(demo, new Date()));
  }
  out('');
  out('Press Ctrl+C to stop.');
}

export async function work({ config, out }: CommandContext): Promise<number> {
  const runtime = await openRuntime(config);
  const log = pino(loggerOptions(config.logLevel));
  const deps = { db: runtime.db, media: runtime.media, config, clock: () => new Date() };
  const engine = await startDispatch(deps, { log: (message, error) => log.error({ err: error }, message) });
  const inbox = inboxChannels(config);
  out(
    `Dispatch workers running (${config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`}).${inbox.length ? ` ${inbox.join(' and ')} go to the development inbox.` : ''} Ctrl+C to stop.`,
  );
  return new Promise<number>((resolve) => {
    const stop = async () => {
      await engine.stop();
      await runtime.close();
      resolve(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  });
}
