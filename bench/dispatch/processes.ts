// The benchmark's other processes (sink, peers, bare clients, dispatch workers), how it talks to them
// over the IPC channel, and what /proc says each of them and PostgreSQL cost in CPU and memory.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TICKS_PER_SECOND = 100;

export interface BenchMessage {
  type: string;
  [field: string]: unknown;
}

/** Starts bench/dispatch/<script> under tsx with `setup` in its environment; its stderr goes to ours. */
export function startProcess(script: string, setup: unknown): ChildProcess {
  // FMN_BENCH_CPU_PROF=<folder>: the dispatch workers write V8 CPU profiles there when they stop.
  const profile =
    script === 'worker.ts' && process.env.FMN_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.FMN_BENCH_CPU_PROF}`] : [];
  return fork(path.join(HERE, script), [], {
    execArgv: ['--import', 'tsx', ...profile],
    env: { ...process.env, FMN_BENCH_SETUP: JSON.stringify(setup) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

/** The next message of `type` from a child; rejects if the child exits first or reports an error. */
export function nextMessage<T extends BenchMessage>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: BenchMessage) => {
      if (message.type === 'error') {
        cleanup();
        reject(new Error(`${String(message.message)}`));
      } else if (message.type === type) {
        cleanup();
        resolve(message as T);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`process ${child.pid} exited (${code}) before sending "${type}"`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

export function ask<T extends BenchMessage>(child: ChildProcess, message: BenchMessage, replyType: string): Promise<T> {
  const reply = nextMessage<T>(child, replyType);
  child.send(message);
  return reply;
}

/** Sends the child "stop" and waits for it to exit (SIGKILL after a grace period). */
export async function stopProcess(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send({ type: 'stop' });
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Child side: answers the parent's messages; an error in a handler is reported, not thrown. */
export function onParentMessage(handle: (message: BenchMessage) => Promise<void> | void): void {
  process.on('message', (message: BenchMessage) => {
    Promise.resolve()
      .then(() => handle(message))
      .catch((error: unknown) =>
        process.send?.({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
}

export function setupFromEnvironment<T>(): T {
  return JSON.parse(process.env.FMN_BENCH_SETUP ?? '{}') as T;
}

/** User plus system CPU time of a process so far, in seconds (0 once it has gone). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Every PostgreSQL server process (postmaster, backends, WAL writer, checkpointer, autovacuum). */
export function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(entry));
    } catch {
      // It ended while we looked.
    }
  }
  return pids;
}

/** The machine's busy and total CPU time so far, in seconds (all cores). */
export function machineSeconds(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

/** Peak resident memory of a process (VmHWM) in MiB. */
export function peakRssMiB(pid: number): number {
  return statusMiB(pid, 'VmHWM');
}

/** Resident memory of a process now (VmRSS) in MiB. */
export function rssMiB(pid: number): number {
  return statusMiB(pid, 'VmRSS');
}

function statusMiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU used between `start` and `finish` by named processes and by PostgreSQL (processes that start
 * during the span, such as new backends, count from zero).
 */
export interface CpuSnapshot {
  at: number;
  named: Map<string, number[]>;
  postgres: Map<number, number>;
  machine: { busy: number; total: number };
}

export function cpuSnapshot(named: Record<string, number[]>): CpuSnapshot {
  const snapshot: CpuSnapshot = { at: performance.now(), named: new Map(), postgres: new Map(), machine: machineSeconds() };
  for (const [name, pids] of Object.entries(named)) snapshot.named.set(name, pids.map(cpuSeconds));
  for (const pid of postgresPids()) snapshot.postgres.set(pid, cpuSeconds(pid));
  return snapshot;
}

export interface CpuUse {
  seconds: number;
  /** CPU seconds per process group, and as a share of one core over the span. */
  byName: Record<string, { seconds: number; cores: number }>;
  /** Share of the whole machine that was busy (1 = every core). */
  machineBusy: number;
}

/**
 * `ownBackends`: the PostgreSQL backends serving the benchmark's own connections (found by their
 * application_name); the rest of PostgreSQL's CPU (WAL writer, checkpointer, autovacuum, and any other
 * client of the same server) is reported apart.
 */
export function cpuBetween(start: CpuSnapshot, named: Record<string, number[]>, ownBackends: readonly number[] = []): CpuUse {
  const seconds = (performance.now() - start.at) / 1000;
  const byName: CpuUse['byName'] = {};
  for (const [name, pids] of Object.entries(named)) {
    const before = start.named.get(name) ?? [];
    const used = pids.reduce((sum, pid, i) => sum + Math.max(0, cpuSeconds(pid) - (before[i] ?? 0)), 0);
    byName[name] = { seconds: used, cores: used / seconds };
  }
  const own = new Set(ownBackends);
  let postgres = 0;
  let postgresOther = 0;
  for (const pid of postgresPids()) {
    const used = Math.max(0, cpuSeconds(pid) - (start.postgres.get(pid) ?? 0));
    if (own.has(pid)) postgres += used;
    else postgresOther += used;
  }
  byName.postgres = { seconds: postgres, cores: postgres / seconds };
  byName.postgresOther = { seconds: postgresOther, cores: postgresOther / seconds };
  const machine = machineSeconds();
  const machineBusy = (machine.busy - start.machine.busy) / Math.max(1e-9, machine.total - start.machine.total);
  return { seconds, byName, machineBusy };
}
