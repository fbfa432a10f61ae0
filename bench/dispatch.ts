// Benchmark: an alert from approval to its last recipient, on PostgreSQL, with every part in a process of
// its own (bench, dispatch workers, webhook sink or protocol peer, bare client, PostgreSQL).
//
//   1. targeting: the fan-out's SELECT over all the alert's cell ranges, and the whole fan-out job;
//   2. webhooks to a bare node:http sink: approval to last delivery, against a bare undici client
//      pushing the same number of requests into the same sink in the same run;
//   3. the same for email (SMTP peer) and SMS (SMPP peer), with fewer messages: those peers are slow;
//   4. a national alert to every subscriber over webhooks, and the bare client for as many;
//   5. the worker's peak memory, and one worker process against two.
//
// Approval goes through the API (four eyes, second factor); the fan-out is started by the outbox job
// the approval writes, picked up by the workers' own polling. Progress goes to stderr, the results
// table to stdout; nothing is written to disk, and the schemas are dropped at the end.
//
// Run: node --import tsx bench/dispatch.ts [--subscribers N] [--quick]
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { ChannelName } from '../src/channels/channel.ts';
import { CHANNELS } from '../src/channels/channel.ts';
import { newWebhookSecret } from '../src/channels/webhook.ts';
import { loadConfig } from '../src/config.ts';
import { openPostgres, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { sql } from '../src/db/sql.ts';
import { rangeRecipientsSelect, runDueFanoutJobs } from '../src/dispatch/fanout.ts';
import { renderAlertNotice, withUnsubscribeFooter } from '../src/dispatch/render.ts';
import { filesystemMediaStore } from '../src/media/media-store.ts';
import { ALERT_CONTENTS, ALERT_CRITERIA } from '../test/support/alerts.ts';
import { asToken, newChildCase, sessionFor, startTestWorld, type TestWorld } from '../test/support/app.ts';
import { clusterCells, insertSubscribers, placePeople, populationOf, radiusReaching, reachOf, TOWNS } from './dispatch/population.ts';
import {
  ask,
  cpuBetween,
  cpuSnapshot,
  nextMessage,
  peakRssMiB,
  rssMiB,
  startProcess,
  stopProcess,
  type BenchMessage,
  type CpuUse,
} from './dispatch/processes.ts';
import type { RawRun } from './dispatch/raw-client.ts';

const { values: flags } = parseArgs({ options: { subscribers: { type: 'string' }, quick: { type: 'boolean' } } });
const SUBSCRIBERS = Number(flags.subscribers ?? (flags.quick ? 50_000 : 1_000_000));
assert.ok(Number.isInteger(SUBSCRIBERS) && SUBSCRIBERS >= 1000, '--subscribers takes a whole number of at least 1,000');
/** The regional alert reaches about a fifth of everyone: 200,000 of a million. */
const REGIONAL_SHARE = 0.2;
/** Email and SMS: the test peers decode and keep every message, so far fewer. */
const SLOW_PEER_COUNT = Math.min(20_000, Math.max(500, Math.round(SUBSCRIBERS / 50)));
/** The SMTP peer parses every message (about 140 a second here): a quarter as many keeps its two runs near a minute together. */
const EMAIL_COUNT = Math.max(500, Math.round(SLOW_PEER_COUNT / 4));
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The benchmark's own connections are named, so that their backends' CPU can be told from the rest. */
const APPLICATION_NAME = 'fmn-bench';
const benchUrl = (role: string) => `${DATABASE_URL}${DATABASE_URL.includes('?') ? '&' : '?'}application_name=${APPLICATION_NAME}-${role}`;
// What the adapters use by default: 64 webhook connections and twice as many sends in flight (two lanes
// of 64), a pool of 5 SMTP connections with 10 in flight, an SMPP window of 10.
const WEBHOOK_CONNECTIONS = 64;
const WEBHOOK_IN_FLIGHT = 128;
const SMTP_CONNECTIONS = 5;
const SMTP_IN_FLIGHT = 10;
const SMPP_WINDOW = 10;
const REGIONAL_CENTRE: [number, number] = [-1.9, 52.48];
const EMAIL_TOWN: [number, number] = [-3.5, 52.5];
const SMS_TOWN: [number, number] = [-1.5, 51.5];
/** Longest wait for one engine run; a run cut short is reported with how far it got. */
const REGIONAL_LIMIT_MS = 6 * 60_000;
const NATIONAL_LIMIT_MS = 8 * 60_000;
const SLOW_PEER_LIMIT_MS = 5 * 60_000;

const progress = (line: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const number = (n: number) => Math.round(n).toLocaleString('en-GB');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const perSecond = (count: number, ms: number) => `${number((count * 1000) / ms)}/s`;

// ---------------------------------------------------------------------------------------------------
// Databases, worlds and alerts

interface BenchSchema {
  name: string;
  db: Database;
  world: TestWorld;
}

async function createSchema(name: string): Promise<BenchSchema> {
  const admin = await openPostgres(benchUrl('admin'), { max: 1 });
  await admin.query(`CREATE SCHEMA ${name}`);
  await admin.close();
  const db = await openPostgres(benchUrl('bench'), { searchPath: name, max: 4 });
  await migrate(db);
  // The app gets a pool of its own, as a server process would.
  const world = await startTestWorld(
    { name: 'postgres', skip: false, open: () => openPostgres(benchUrl('app'), { searchPath: name, max: 4 }) },
    { users: { 'force-a': ['investigator', 'approver'] } },
  );
  world.clock.set(new Date());
  return { name, db, world };
}

async function dropSchema(schema: BenchSchema): Promise<void> {
  await schema.world.close().catch(() => undefined);
  await schema.db.close().catch(() => undefined);
  const admin = await openPostgres(benchUrl('admin'), { max: 1 });
  await admin.query(`DROP SCHEMA IF EXISTS ${schema.name} CASCADE`);
  await admin.close();
}

/** Drafts an alert over `area` and sends it for approval, as an investigator does through the API. */
async function alertAwaitingApproval(world: TestWorld, area: unknown): Promise<string> {
  world.clock.set(new Date());
  const investigator = asToken(world, 'force-a/investigator');
  const created = await investigator('POST', '/api/v1/cases', newChildCase());
  assert.equal(created.statusCode, 201, created.body);
  const caseId = JSON.parse(created.body).id as string;
  await investigator('POST', `/api/v1/cases/${caseId}/risk-gradings`, { level: 'high', rationale: 'Abduction witnessed' });
  const draft = await investigator('POST', '/api/v1/alerts', { caseId });
  assert.equal(draft.statusCode, 201, draft.body);
  const drafted = JSON.parse(draft.body) as { id: string; version: number };
  const edited = await investigator('PATCH', `/api/v1/alerts/${drafted.id}`, {
    version: drafted.version,
    criteria: ALERT_CRITERIA,
    contents: ALERT_CONTENTS,
    area,
  });
  assert.equal(edited.statusCode, 200, edited.body);
  const submitted = await investigator('POST', `/api/v1/alerts/${drafted.id}/submit`);
  assert.equal(submitted.statusCode, 200, submitted.body);
  return drafted.id;
}

/** The approver, signed in with a second factor, approves; returns when the call started and took. */
async function approve(world: TestWorld, alertId: string): Promise<{ startedAt: number; callMs: number }> {
  world.clock.set(new Date());
  const approver = await sessionFor(world, 'force-a/approver');
  world.clock.set(new Date());
  const startedAt = Date.now();
  const approved = await approver('POST', `/api/v1/alerts/${alertId}/approve`, {});
  assert.equal(approved.statusCode, 200, approved.body);
  return { startedAt, callMs: Date.now() - startedAt };
}

async function approvedMessageId(db: Database, alertId: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM alert_messages WHERE alert_id = $1 AND msg_type = 'Alert'`, [alertId]);
  return rows[0]!.id;
}

/** Each run starts from an empty delivery table (no other alert's rows to step over). */
async function clearDeliveries(db: Database): Promise<void> {
  await db.exec('TRUNCATE deliveries');
}

// ---------------------------------------------------------------------------------------------------
// Processes

const children = new Set<ChildProcess>();

async function started(script: string, setup: unknown, readyType: string): Promise<{ child: ChildProcess; ready: BenchMessage }> {
  const child = startProcess(script, setup);
  children.add(child);
  child.once('exit', () => children.delete(child));
  const ready = await nextMessage(child, readyType);
  return { child, ready };
}

async function stopAll(): Promise<void> {
  await Promise.all([...children].map((child) => stopProcess(child)));
}

async function startWorkers(
  count: number,
  setup: { url: string; schema: string; channels: ChannelName[]; smtpUrl?: string; smppUrl?: string },
) {
  return Promise.all(Array.from({ length: count }, async () => (await started('worker.ts', setup, 'started')).child));
}

/** The PostgreSQL backends of the benchmark's own connections (bench, app, workers) right now. */
async function ownBackends(db: Database): Promise<number[]> {
  const { rows } = await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name LIKE $1`, [
    `${APPLICATION_NAME}-%`,
  ]);
  return rows.map((r) => r.pid);
}

async function rawRun(db: Database, run: RawRun): Promise<{ ms: number; errors: number; cpu: CpuUse }> {
  const { child } = await started('raw-client.ts', {}, 'ready');
  const before = cpuSnapshot({ client: [child.pid!], receiver: receiverPids });
  const done = await ask<BenchMessage & { ms: number; errors: number }>(child, { type: 'run', run }, 'done');
  const cpu = cpuBetween(before, { client: [child.pid!], receiver: receiverPids }, await ownBackends(db));
  await stopProcess(child);
  return { ms: done.ms, errors: done.errors, cpu };
}

let receiverPids: number[] = [];

// ---------------------------------------------------------------------------------------------------
// One engine run: approval to the last message at the receiver

interface EngineRun {
  count: number;
  /** False when the time limit ran out first; `arrived` says how far it got. */
  finished: boolean;
  arrived: number | null;
  approveCallMs: number;
  /** From the start of the approve call. */
  pickupMs: number | null;
  fanoutMs: number | null;
  firstMs: number | null;
  lastMs: number;
  recordedMs: number | null;
  duplicates: number | null;
  states: Record<string, number>;
  targeted: number;
  cpu: CpuUse;
  workerPeakMiB: number[];
  /** Resident memory of each worker when idle, just before the approval. */
  workerIdleMiB: number[];
  /** Updates of delivery rows during the run (claims, outcomes, receipts), and those that wrote no index entry. */
  updates: number;
  heapOnlyUpdates: number;
}

type Arrival = BenchMessage & { lastAt: number; firstAt?: number; duplicates?: number };

async function engineRun(options: {
  schema: BenchSchema;
  alertId: string;
  count: number;
  workers: number;
  channels: ChannelName[];
  receiver: ChildProcess;
  limitMs: number;
  /** Whether the receiver answers "count" (the webhook sink), for progress lines. */
  countable?: boolean;
  smtpUrl?: string;
  smppUrl?: string;
}): Promise<EngineRun> {
  const { schema, receiver } = options;
  await clearDeliveries(schema.db);
  await ask(receiver, { type: 'reset' }, 'reset');
  const workers = await startWorkers(options.workers, {
    url: benchUrl('worker'),
    schema: schema.name,
    channels: options.channels,
    smtpUrl: options.smtpUrl,
    smppUrl: options.smppUrl,
  });
  const workerPids = workers.map((w) => w.pid!);
  const named = { worker: workerPids, receiver: receiverPids };
  // Let the workers settle into idle polling, as they would be between alerts.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const updatesBefore = await deliveryUpdates(schema);
  const workerIdleMiB = workerPids.map(rssMiB);
  const before = cpuSnapshot(named);
  const reached = ask<Arrival>(receiver, { type: 'wait', count: options.count }, 'reached');
  const { startedAt, callMs } = await approve(schema.world, options.alertId);
  const countAtReceiver = () => ask<BenchMessage & { unique: number }>(receiver, { type: 'count' }, 'count').then((c) => c.unique);
  const ticker = setInterval(() => {
    if (receiver.connected && options.countable) {
      void countAtReceiver().then((unique) =>
        progress(`  ${number(unique)} of ${number(options.count)} at the receiver after ${seconds(Date.now() - startedAt)}`),
      );
    }
  }, 10_000);
  let timer: NodeJS.Timeout | undefined;
  const arrival = await Promise.race([reached, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), options.limitMs)))]);
  clearInterval(ticker);
  clearTimeout(timer);
  const endedAt = Date.now();
  const cpu = cpuBetween(before, named, await ownBackends(schema.db));
  const workerPeakMiB = workerPids.map(peakRssMiB);
  const arrived = arrival ? options.count : options.countable ? await countAtReceiver() : null;
  if (!arrival)
    progress(
      `  stopped after ${seconds(options.limitMs)}: ${arrived === null ? 'not all' : number(arrived)} of ${number(options.count)} arrived`,
    );

  // Then until every outcome is written (and, for SMS, every receipt applied).
  let recordedMs: number | null = null;
  const finalState = options.channels.includes('sms') ? 'delivered' : null;
  while (arrival) {
    // The tallies the dashboard reads: a few rows, where counting a million deliveries ten times a second would load the run.
    const { rows } = await schema.db.query<{ pending: number; awaiting: number }>(
      `SELECT COALESCE(sum(n) FILTER (WHERE state IN ('queued', 'sending', 'retrying')), 0)::integer AS pending,
              COALESCE(sum(n) FILTER (WHERE $1::text IS NOT NULL AND state <> $1::text), 0)::integer AS awaiting
         FROM delivery_tallies WHERE alert_id = $2`,
      [finalState, options.alertId],
    );
    if (rows[0]!.pending === 0 && rows[0]!.awaiting === 0) {
      recordedMs = Date.now() - startedAt;
      break;
    }
    if (Date.now() - endedAt > 60_000) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await Promise.all(workers.map((worker) => stopProcess(worker)));
  // The workers' backends report their counts as they close; give the statistics a moment to arrive.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const updatesAfter = await deliveryUpdates(schema);
  const { rows: stateRows } = await schema.db.query<{ state: string; n: number }>(
    'SELECT state, count(*)::integer AS n FROM deliveries WHERE alert_id = $1 GROUP BY state',
    [options.alertId],
  );
  const { rows: jobRows } = await schema.db.query<{ started_at: Date | null; finished_at: Date | null; targeted: number }>(
    `SELECT started_at, finished_at, targeted FROM dispatch_jobs WHERE alert_id = $1 AND notice = 'alert'`,
    [options.alertId],
  );
  const job = jobRows[0];
  return {
    count: options.count,
    finished: arrival !== null,
    arrived,
    approveCallMs: callMs,
    pickupMs: job?.started_at ? job.started_at.getTime() - startedAt : null,
    fanoutMs: job?.started_at && job.finished_at ? job.finished_at.getTime() - job.started_at.getTime() : null,
    firstMs: arrival?.firstAt ? arrival.firstAt - startedAt : null,
    lastMs: (arrival?.lastAt ?? endedAt) - startedAt,
    recordedMs,
    duplicates: arrival?.duplicates ?? null,
    states: Object.fromEntries(stateRows.map((r) => [r.state, r.n])),
    targeted: job?.targeted ?? 0,
    cpu,
    workerPeakMiB,
    workerIdleMiB,
    updates: updatesAfter.all - updatesBefore.all,
    heapOnlyUpdates: updatesAfter.heapOnly - updatesBefore.heapOnly,
  };
}

/** Row updates of the deliveries table so far, and how many of them were heap-only (no index written). */
async function deliveryUpdates(schema: BenchSchema): Promise<{ all: number; heapOnly: number }> {
  const { rows } = await schema.db.query<{ updates: number; heap_only: number }>(
    `SELECT n_tup_upd::integer AS updates, n_tup_hot_upd::integer AS heap_only FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'deliveries'`,
    [schema.name],
  );
  return { all: rows[0]?.updates ?? 0, heapOnly: rows[0]?.heap_only ?? 0 };
}

// ---------------------------------------------------------------------------------------------------
// The run

interface Row {
  measure: string;
  result: string;
  aim: string;
}
const rows: Row[] = [];
const profile: { phase: string; messages: number; cpu: CpuUse; process: string }[] = [];
const notes: string[] = [];
const row = (measure: string, result: string, aim = '') => rows.push({ measure, result, aim });

/** "12.3 s = 16,211/s", or how far a run got before its time ran out. */
function outcome(run: EngineRun): string {
  if (run.finished) return `${seconds(run.lastMs)} = ${perSecond(run.count, run.lastMs)}`;
  const got =
    run.arrived === null
      ? 'not finished'
      : `${number(run.arrived)} of ${number(run.count)} (${((run.arrived / run.count) * 100).toFixed(0)} %)`;
  return `NOT FINISHED: ${got} after ${seconds(run.lastMs)}`;
}

function describeRun(run: EngineRun): string {
  return [
    `approve call ${seconds(run.approveCallMs)}`,
    run.pickupMs !== null ? `fan-out picked up at ${seconds(run.pickupMs)}` : 'fan-out not picked up',
    run.fanoutMs !== null ? `took ${seconds(run.fanoutMs)}` : 'fan-out not finished',
    run.firstMs !== null ? `first delivery at ${seconds(run.firstMs)}` : '',
    run.recordedMs !== null ? `all recorded at ${seconds(run.recordedMs)}` : '',
    run.updates > 0 ? `${number(run.updates)} row updates, ${((run.heapOnlyUpdates / run.updates) * 100).toFixed(0)} % heap-only` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

function checkStates(label: string, run: EngineRun, expected: string) {
  if (run.finished && ((run.states[expected] ?? 0) !== run.count || run.targeted !== run.count)) {
    notes.push(
      `${label}: ${number(run.targeted)} targeted, states ${JSON.stringify(run.states)} (expected ${number(run.count)} ${expected})`,
    );
  }
  if (run.duplicates) notes.push(`${label}: ${number(run.duplicates)} duplicate deliveries at the sink`);
}

const ratio = (engineMs: number, rawMs: number) => `${((rawMs / engineMs) * 100).toFixed(1)} %`;

/** The code measured: the commit checked out when the run started (uncommitted changes not included). */
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // A copy of the tree outside git (run away from others' unfinished edits) says which commit it is.
    return process.env.FMN_BENCH_COMMIT ?? 'unknown';
  }
})();
const schemaBase = `bench_dispatch_${randomBytes(4).toString('hex')}`;
const schemas: BenchSchema[] = [];
const loadBefore = os.loadavg();
const cleanUp = async () => {
  await stopAll();
  for (const schema of schemas) await dropSchema(schema).catch((error) => progress(`could not drop ${schema.name}: ${String(error)}`));
};
process.once('SIGINT', () => {
  progress('interrupted: stopping the processes and dropping the schemas');
  void cleanUp().finally(() => process.exit(130));
});

try {
  progress(`placing ${number(SUBSCRIBERS)} subscribers around ${TOWNS.length} towns`);
  const population = placePeople(SUBSCRIBERS);
  const regional = radiusReaching(population, REGIONAL_CENTRE, Math.round(SUBSCRIBERS * REGIONAL_SHARE));
  const regionalArea = {
    parts: [{ kind: 'circle', center: REGIONAL_CENTRE, radiusKm: regional.radiusKm }],
    description: `Within ${regional.radiusKm} km of Birmingham`,
  };
  const nationalArea = { national: true, description: 'The whole country' };

  // The webhook sink first: every subscriber's address is its URL.
  const sink = await started('sink.ts', {}, 'listening');
  const sinkUrl = `http://127.0.0.1:${String(sink.ready.port)}/hooks/forgetmenot`;
  receiverPids = [sink.child.pid!];

  progress(`schema ${schemaBase}: migrating, test world`);
  const main = await createSchema(schemaBase);
  schemas.push(main);
  const loadStarted = performance.now();
  await insertSubscribers(main.db, population.cells, { channel: 'webhook', address: () => sinkUrl, webhookSecret: newWebhookSecret() });
  for (const table of ['subscribers', 'subscriber_channels', 'subscriber_cells']) await main.db.exec(`VACUUM ANALYZE ${table}`);
  const loadMs = performance.now() - loadStarted;
  progress(`loaded ${number(SUBSCRIBERS)} subscribers in ${seconds(loadMs)}`);
  row(
    'Subscribers, each with one webhook (one sink URL, one secret)',
    `${number(SUBSCRIBERS)} written in ${seconds(loadMs)} (${perSecond(SUBSCRIBERS, loadMs)}), then VACUUM ANALYZE`,
  );

  // 1. Targeting, with no worker running: the benchmark runs the approval's outbox job itself.
  progress(`targeting: ${regional.radiusKm} km circle, ${number(regional.reached)} recipients expected`);
  const targetingAlert = await alertAwaitingApproval(main.world, regionalArea);
  const targetingApproval = await approve(main.world, targetingAlert);
  const { rows: bounds } = await main.db.query<{ ranges: number; last: string }>(
    'SELECT count(*)::integer AS ranges, max(low)::text AS last FROM alert_area_ranges WHERE alert_id = $1',
    [targetingAlert],
  );
  const { ranges, last } = bounds[0]!;
  // The fan-out's SELECT as it is sent (for a real alert), with the cursor bounds of a step that takes every range.
  const selectTimes: number[] = [];
  let selected = 0;
  const targetingMessage = await approvedMessageId(main.db, targetingAlert);
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const recipients = rangeRecipientsSelect(
      { alertId: targetingAlert, messageId: targetingMessage, issue: 0, notice: 'alert', now: new Date() },
      { after: '-1', upTo: last, channels: [...CHANNELS] },
      true,
    );
    const { rows: counted } = await main.db.query<{ n: number }>(sql`SELECT count(*)::integer AS n FROM (${recipients}) AS recipients`);
    selectTimes.push(performance.now() - start);
    selected = counted[0]!.n;
  }
  const medianSelect = [...selectTimes].sort((a, b) => a - b)[2]!;
  row(
    `1. Targeting: the fan-out's SELECT over all ${number(ranges)} cell ranges of a ${regional.radiusKm} km circle`,
    `${number(selected)} recipients in ${medianSelect.toFixed(0)} ms (median of 5; first ${selectTimes[0]!.toFixed(0)} ms)`,
    '< 1 s',
  );
  const fanoutStart = performance.now();
  await runDueFanoutJobs(main.db, () => new Date());
  const fanoutMs = performance.now() - fanoutStart;
  const { rows: written } = await main.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM deliveries WHERE alert_id = $1', [
    targetingAlert,
  ]);
  row(
    '   Full fan-out (runDueFanoutJobs on the job the approval queued)',
    `${number(written[0]!.n)} delivery rows in ${seconds(fanoutMs)} (${perSecond(written[0]!.n, fanoutMs)}); the approve call took ${seconds(targetingApproval.callMs)}`,
  );
  if (written[0]!.n !== regional.reached)
    notes.push(`fan-out wrote ${number(written[0]!.n)} rows; the cells the area touches hold ${number(regional.reached)}`);
  const config = loadConfig({});
  const content = (await renderAlertNotice(
    { db: main.db, media: filesystemMediaStore(main.world.mediaDir), config },
    await approvedMessageId(main.db, targetingAlert),
    'alert',
    'en',
    0,
  ))!;
  const webhookBody = JSON.stringify({ type: content.webhookType, timestamp: new Date().toISOString(), data: content.webhookData });
  const webhookRaw = (count: number, run: string): RawRun => ({
    kind: 'webhook',
    url: sinkUrl,
    count,
    connections: WEBHOOK_CONNECTIONS,
    inFlight: WEBHOOK_IN_FLIGHT,
    body: webhookBody,
    run,
  });

  // 2 and 5. Webhooks over the regional area: the bare client, then the engine with one worker and with two.
  progress(`bare client: ${number(regional.reached)} webhooks`);
  await ask(sink.child, { type: 'reset' }, 'reset');
  const rawRegional = await rawRun(main.db, webhookRaw(regional.reached, 'regional'));
  profile.push({ phase: 'bare client, regional webhooks', messages: regional.reached, cpu: rawRegional.cpu, process: 'client' });
  const webhookRun = async (label: string, area: unknown, count: number, workers: number, limitMs: number) => {
    const alertId = await alertAwaitingApproval(main.world, area);
    progress(`engine, ${workers} worker(s): ${number(count)} webhooks`);
    const run = await engineRun({
      schema: main,
      alertId,
      count,
      workers,
      channels: ['webhook'],
      receiver: sink.child,
      countable: true,
      limitMs,
    });
    checkStates(label, run, 'delivered');
    profile.push({ phase: label, messages: run.arrived ?? 0, cpu: run.cpu, process: 'worker' });
    return run;
  };
  const one = await webhookRun('engine, 1 worker, regional webhooks', regionalArea, regional.reached, 1, REGIONAL_LIMIT_MS);
  row(`2. Webhooks to ${number(one.count)}, 1 worker: approval → last delivered`, `${outcome(one)} (${describeRun(one)})`);
  row(
    `   Bare undici client, ${WEBHOOK_CONNECTIONS} connections, ${WEBHOOK_IN_FLIGHT} in flight, same sink`,
    `${seconds(rawRegional.ms)} = ${perSecond(regional.reached, rawRegional.ms)}${rawRegional.errors ? `, ${rawRegional.errors} errors` : ''}`,
  );
  if (one.finished) {
    const sendingMs = one.firstMs !== null ? one.lastMs - one.firstMs : null;
    row(
      '   Engine ÷ bare',
      `${ratio(one.lastMs, rawRegional.ms)} from approval${sendingMs ? `; ${ratio(sendingMs, rawRegional.ms)} from first to last delivery (${perSecond(one.count, sendingMs)})` : ''}`,
      '≥ 70 %',
    );
  }
  const two = await webhookRun('engine, 2 workers, regional webhooks', regionalArea, regional.reached, 2, REGIONAL_LIMIT_MS);
  row(
    `5. Webhooks to ${number(two.count)}, 2 worker processes`,
    `${outcome(two)}${one.finished && two.finished ? `; ×${(one.lastMs / two.lastMs).toFixed(2)} the speed of one worker` : ''} (${describeRun(two)})`,
  );

  // 4. National: everyone, over webhooks.
  progress(`bare client: ${number(SUBSCRIBERS)} webhooks`);
  await ask(sink.child, { type: 'reset' }, 'reset');
  const rawNational = await rawRun(main.db, webhookRaw(SUBSCRIBERS, 'national'));
  profile.push({ phase: 'bare client, national webhooks', messages: SUBSCRIBERS, cpu: rawNational.cpu, process: 'client' });
  const national = await webhookRun('engine, 1 worker, national webhooks', nationalArea, SUBSCRIBERS, 1, NATIONAL_LIMIT_MS);
  row(
    `4. National alert to all ${number(national.count)}, webhooks, 1 worker`,
    `${outcome(national)} (${describeRun(national)})`,
    '< 90 s',
  );
  row(
    `   Bare undici client, ${number(SUBSCRIBERS)} requests`,
    `${seconds(rawNational.ms)} = ${perSecond(SUBSCRIBERS, rawNational.ms)}${national.finished ? `; engine ÷ bare ${ratio(national.lastMs, rawNational.ms)}` : ''}${rawNational.errors ? `, ${rawNational.errors} errors` : ''}`,
    '≈ 45 s',
  );
  const peaks = (run: EngineRun) =>
    run.workerPeakMiB.map((m, i) => `${m.toFixed(0)} (idle ${run.workerIdleMiB[i]!.toFixed(0)})`).join(' and ');
  row(
    '5. Worker peak RSS (VmHWM), and RSS when idle just before the approval',
    `${peaks(one)} MiB (regional, 1 worker); ${peaks(two)} MiB (2 workers); ${peaks(national)} MiB (national)`,
    '< 300 MB',
  );
  await stopProcess(sink.child);

  // 3. Email and SMS, in a second schema: one town of email subscribers, another of SMS subscribers.
  progress(`schema ${schemaBase}_peers: ${number(EMAIL_COUNT)} email and ${number(SLOW_PEER_COUNT)} SMS subscribers`);
  const peers = await createSchema(`${schemaBase}_peers`);
  schemas.push(peers);
  const emailCells = clusterCells(EMAIL_COUNT, EMAIL_TOWN, 4, 1);
  const smsCells = clusterCells(SLOW_PEER_COUNT, SMS_TOWN, 4, 2);
  await insertSubscribers(peers.db, emailCells, { channel: 'email', address: (i) => `subscriber${i}@example.org` });
  await insertSubscribers(peers.db, smsCells, { channel: 'sms', address: (i) => `+4477${String(i).padStart(8, '0')}` });
  for (const table of ['subscribers', 'subscriber_channels', 'subscriber_cells']) await peers.db.exec(`VACUUM ANALYZE ${table}`);
  const townArea = (center: [number, number]) => ({ parts: [{ kind: 'circle', center, radiusKm: 40 }], description: 'Within 40 km' });
  assert.equal(reachOf(populationOf(emailCells), townArea(EMAIL_TOWN).parts as never), EMAIL_COUNT);
  assert.equal(reachOf(populationOf(smsCells), townArea(SMS_TOWN).parts as never), SLOW_PEER_COUNT);

  for (const kind of ['smtp', 'smpp'] as const) {
    const channel: ChannelName = kind === 'smtp' ? 'email' : 'sms';
    const count = kind === 'smtp' ? EMAIL_COUNT : SLOW_PEER_COUNT;
    const peer = await started('peer.ts', { kind }, 'listening');
    receiverPids = [peer.child.pid!];
    const peerUrl = String(peer.ready.url);
    const alertId = await alertAwaitingApproval(peers.world, townArea(kind === 'smtp' ? EMAIL_TOWN : SMS_TOWN));
    progress(`bare ${kind} client: ${number(count)} messages`);
    const footed = withUnsubscribeFooter(content, `${config.publicUrl}/unsubscribe/bench`);
    const raw = await rawRun(
      peers.db,
      kind === 'smtp'
        ? {
            kind,
            url: peerUrl,
            count,
            connections: SMTP_CONNECTIONS,
            inFlight: SMTP_IN_FLIGHT,
            mail: { from: config.smtpFrom, to: 'subscriber@example.org', subject: footed.subject, text: footed.text, html: footed.html },
            run: 'raw',
          }
        : { kind, url: peerUrl, count, window: SMPP_WINDOW, text: content.sms, run: 'raw' },
    );
    profile.push({ phase: `bare ${kind} client`, messages: count, cpu: raw.cpu, process: 'client' });
    progress(`engine, 1 worker: ${number(count)} ${channel}`);
    const run = await engineRun({
      schema: peers,
      alertId,
      count,
      workers: 1,
      channels: [channel],
      receiver: peer.child,
      limitMs: SLOW_PEER_LIMIT_MS,
      ...(kind === 'smtp' ? { smtpUrl: peerUrl } : { smppUrl: peerUrl }),
    });
    checkStates(channel, run, kind === 'smtp' ? 'sent' : 'delivered');
    profile.push({ phase: `engine, 1 worker, ${channel}`, messages: run.finished ? count : 0, cpu: run.cpu, process: 'worker' });
    const label = kind === 'smtp' ? 'Email to the SMTP peer (pool of 5)' : 'SMS to the SMPP peer (window 10, receipts)';
    const bare = kind === 'smtp' ? 'bare nodemailer pool' : 'bare smpp client';
    row(
      `3. ${label}, ${number(run.count)}, 1 worker`,
      `${outcome(run)}; ${bare} ${seconds(raw.ms)} = ${perSecond(count, raw.ms)}${run.finished ? `; engine ÷ bare ${ratio(run.lastMs, raw.ms)}` : ''}` +
        `${raw.errors ? `, ${raw.errors} bare errors` : ''} (${describeRun(run)})`,
      '≥ 70 %',
    );
    await stopProcess(peer.child);
  }
} catch (error) {
  notes.push(`the run stopped early: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}

// ---------------------------------------------------------------------------------------------------
// Results

const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
console.log(
  `Dispatch benchmark at ${commit}: ${number(SUBSCRIBERS)} subscribers around ${TOWNS.length} towns (12 % spread evenly over lon -6..2, lat 50..56); ` +
    `PostgreSQL ${DATABASE_URL.replace(/\/\/[^@]*@/, '//')}; load average before the run ${loadBefore.map((l) => l.toFixed(2)).join(', ')}`,
);
console.log('');
console.log(line(['measure', 'result', 'aim']));
console.log(line(['---', '---', '---']));
for (const r of rows) console.log(line([r.measure, r.result, r.aim]));
console.log('');
console.log('Where the CPU went: milliseconds of CPU per 1,000 messages, and cores busy on average (the machine has 2).');
console.log('PostgreSQL "ours" is the backends of the benchmark\'s own connections; "other" is the rest of the server (WAL writer,');
console.log('checkpointer, autovacuum, and anyone else using it).');
console.log('');
console.log(line(['phase', 'time', 'messages', 'client or worker', 'PostgreSQL, ours', 'PostgreSQL, other', 'receiver', 'machine busy']));
console.log(line(['---', '---', '---', '---', '---', '---', '---', '---']));
for (const { phase, messages, cpu, process: name } of profile) {
  const cell = (key: string) => {
    const use = cpu.byName[key];
    if (!use) return '-';
    const perThousand = messages > 0 ? `${((use.seconds / messages) * 1e6).toFixed(0)} ms` : '-';
    return `${perThousand} (${use.cores.toFixed(2)})`;
  };
  console.log(
    line([
      phase,
      seconds(cpu.seconds * 1000),
      number(messages),
      cell(name),
      cell('postgres'),
      cell('postgresOther'),
      cell('receiver'),
      `${(cpu.machineBusy * 100).toFixed(0)} %`,
    ]),
  );
}
if (notes.length > 0) {
  console.log('');
  for (const note of notes) console.log(`Note: ${note}`);
}
