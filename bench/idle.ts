// Benchmark: what an idle server costs, how soon an approval reaches its first recipient, and how soon a
// restarted server is ready, on the embedded database and on PostgreSQL, each beside a bare reference
// measured in the same run:
//
//   1. restart to ready: `forgetmenot serve` (compiled, demo data already loaded) from spawn to "Press Ctrl+C"
//      (listening, workers and schedules started), beside a bare `node -e` http server from spawn to listening;
//   2. idle: CPU time of each process (utime + stime from /proc/<pid>/stat) over the same window, after both
//      have settled, as a share of one core;
//   3. approval to first delivery: a partner webhook on loopback is registered through the API, an exercise
//      alert is raised by the demo investigator and approved by the demo approver (password and TOTP); the
//      time from sending the approval to the first webhook request arriving.
//
// Run: npm run build && node --import tsx bench/idle.ts [--seconds 30] [--postgres postgres://postgres@127.0.0.1:5432/postgres]
// (--postgres none skips PostgreSQL). A database fmn_bench_idle_* is created for the run and dropped after it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { currentTotpCode } from '../src/auth/totp.ts';
import { openPostgres } from '../src/db/database.ts';
import { ALERT_CRITERIA } from '../test/support/alerts.ts';
import { newChildCase } from '../test/support/app.ts';
import { waitFor } from './support.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const idleSeconds = Number(values.seconds);
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const SETTLE_MS = 10_000;
const OXFORD = { lon: -1.2577, lat: 51.752 };

const BARE_SERVER = `require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });`;

interface DemoAccount {
  email: string;
  role: string;
  organisation: string;
  password: string;
  totpSecret: string | null;
}

function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function startServe(env: NodeJS.ProcessEnv): { child: ChildProcess; ready: Promise<{ port: number; readyMs: number }> } {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/forgetmenot.js'), 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = waitFor(child, /API: +http:\/\/localhost:(\d+)\/[\s\S]*Press Ctrl\+C/).then((match) => ({
    port: Number(match[1]),
    readyMs: performance.now() - started,
  }));
  return { child, ready };
}

function startBare(): { child: ChildProcess; ready: Promise<number> } {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: ['ignore', 'pipe', 'pipe'] });
  return { child, ready: waitFor(child, /port (\d+)/).then(() => performance.now() - started) };
}

/** A client that keeps the session cookie and the CSRF token, as the console does. */
function client(base: string) {
  let cookie = '';
  let csrf = '';
  return async (method: string, url: string, body?: unknown) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (cookie) headers.cookie = cookie;
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    const text = await response.text();
    const json = (text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : {}) as Record<string, unknown>;
    if (typeof json.csrfToken === 'string') csrf = json.csrfToken;
    if (response.status >= 400) throw new Error(`${method} ${url}: ${response.status} ${text}`);
    return json;
  };
}

async function signIn(base: string, account: DemoAccount) {
  const as = client(base);
  const first = await as('POST', '/api/v1/auth/sign-in', { email: account.email, password: account.password });
  if (first.stage === 'totp_required')
    await as('POST', '/api/v1/auth/second-factor', { code: currentTotpCode(account.totpSecret!, new Date()) });
  return as;
}

/**
 * Registers a loopback webhook, raises an exercise alert and approves it; resolves with the time from sending
 * the approval to its answer, and to the first webhook request.
 */
async function approvalToFirstDelivery(base: string, accounts: DemoAccount[]): Promise<{ answeredMs: number; firstMs: number }> {
  const find = (role: string, organisation?: string) =>
    accounts.find((a) => a.role === role && (organisation === undefined || a.organisation === organisation))!;
  let approvedAt = 0;
  let resolveFirst!: (ms: number) => void;
  const first = new Promise<number>((resolve) => (resolveFirst = resolve));
  const receiver = http.createServer((request, response) => {
    resolveFirst(performance.now() - approvedAt);
    request.resume();
    request.on('end', () => response.writeHead(204).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverPort = (receiver.address() as { port: number }).port;
  try {
    const partner = await signIn(base, find('partner_admin'));
    await partner('POST', '/api/v1/enrolment/webhooks', {
      name: 'Idle benchmark receiver',
      url: `http://127.0.0.1:${receiverPort}/hook`,
      area: { national: true },
      exercises: true,
    });
    const investigator = await signIn(base, find('investigator', 'thames-valley'));
    const created = await investigator('POST', '/api/v1/cases', newChildCase(OXFORD, { exercise: true }));
    await investigator('POST', `/api/v1/cases/${String(created.id)}/risk-gradings`, { level: 'high', rationale: 'Exercise: benchmark' });
    const draft = await investigator('POST', '/api/v1/alerts', { caseId: created.id });
    await investigator('PATCH', `/api/v1/alerts/${String(draft.id)}`, {
      version: draft.version,
      capStatus: 'Exercise',
      criteria: ALERT_CRITERIA,
      area: { parts: [{ kind: 'circle', center: [OXFORD.lon, OXFORD.lat], radiusKm: 20 }], description: 'Within 20 km of Oxford' },
      contents: [
        {
          language: 'en',
          headline: 'EXERCISE Child Rescue Alert: Amelia Testcase, 13, Oxford',
          description: 'EXERCISE. Amelia was seen being pulled into a white van in Oxford.',
          instruction: 'EXERCISE. If you see her, call 999. Do not approach.',
          contact: 'Call 999 and quote Child Rescue Alert.',
          smsText: 'EXERCISE Child Rescue Alert: Amelia Testcase, 13, Oxford, white van. Call 999.',
          broadcastText: 'EXERCISE Child Rescue Alert: Amelia Testcase, 13, Oxford. Call 999.',
        },
      ],
    });
    await investigator('POST', `/api/v1/alerts/${String(draft.id)}/submit`);
    const approver = await signIn(base, find('approver', 'thames-valley'));
    // Long enough that every loop of the server has gone back to sleep after the set-up above.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    approvedAt = performance.now();
    await approver('POST', `/api/v1/alerts/${String(draft.id)}/approve`, {});
    const answeredMs = performance.now() - approvedAt;
    const firstMs = await Promise.race([
      first,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no delivery within 60 s')), 60_000)),
    ]);
    return { answeredMs, firstMs };
  } finally {
    receiver.closeAllConnections();
    receiver.close();
  }
}

async function measure(engine: 'pglite' | 'postgres', env: NodeJS.ProcessEnv, dataDir: string) {
  // The first start loads the demo data; what is measured is a restart on the database it leaves.
  const seeding = startServe(env);
  await seeding.ready;
  await stopProcess(seeding.child);

  const loadAtStart = loadAverage();
  const serve = startServe(env);
  const bare = startBare();
  try {
    const [{ port, readyMs }, bareReadyMs] = await Promise.all([serve.ready, bare.ready]);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const before = { serve: cpuSeconds(serve.child.pid!), bare: cpuSeconds(bare.child.pid!), at: performance.now() };
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    const elapsed = (performance.now() - before.at) / 1000;
    const serveShare = (cpuSeconds(serve.child.pid!) - before.serve) / elapsed;
    const bareShare = (cpuSeconds(bare.child.pid!) - before.bare) / elapsed;
    const loadAfterIdle = loadAverage();
    const accounts = (JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-accounts.json'), 'utf8')) as { accounts: DemoAccount[] })
      .accounts;
    const delivery = await approvalToFirstDelivery(`http://127.0.0.1:${port}`, accounts);
    return { engine, readyMs, bareReadyMs, elapsed, serveShare, bareShare, delivery, loadAtStart, loadAfterIdle };
  } finally {
    await stopProcess(bare.child);
    await stopProcess(serve.child);
  }
}

const percent = (share: number) => `${(share * 100).toFixed(2)} %`;

async function main() {
  const results = [];
  const common = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    PUBLIC_URL: '',
    DISPATCH_ALLOW_PRIVATE_ADDRESSES: 'yes',
  };
  const embeddedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-bench-idle-'));
  try {
    results.push(await measure('pglite', { ...common, DATABASE_URL: '', DATA_DIR: embeddedDir }, embeddedDir));
  } finally {
    fs.rmSync(embeddedDir, { recursive: true, force: true });
  }
  if (values.postgres !== 'none') {
    const database = `fmn_bench_idle_${randomBytes(5).toString('hex')}`;
    const admin = await openPostgres(values.postgres, { max: 1 });
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(values.postgres);
    url.pathname = `/${database}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-bench-idle-pg-'));
    try {
      results.push(await measure('postgres', { ...common, DATABASE_URL: url.toString(), DATA_DIR: dataDir, DEMO_DATA: 'always' }, dataDir));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  console.log(`idle window ${idleSeconds} s after ${SETTLE_MS / 1000} s settling; ${os.cpus().length} cores`);
  console.log(
    '| engine | restart to ready | bare node -e listening | idle CPU, serve | idle CPU, bare node -e | approval answered | approval to first delivery | load (start / after idle) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    console.log(
      `| ${r.engine} | ${(r.readyMs / 1000).toFixed(2)} s | ${(r.bareReadyMs / 1000).toFixed(2)} s | ${percent(r.serveShare)} | ${percent(r.bareShare)} | ${r.delivery.answeredMs.toFixed(0)} ms | ${r.delivery.firstMs.toFixed(0)} ms | ${r.loadAtStart} / ${r.loadAfterIdle} |`,
    );
  }
}

await main();
