// A small pool of worker threads for the heavy geometry of alert areas, so that checking or filling a
// large area never holds up the event loop: health checks, public pages and every other request go on
// while it runs. One or two workers (one fewer than the cores, at most two): these tasks are rare, and a
// queue is better than taking every core from the requests.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AlertAreaPart, AreaProblem } from './alert-area.ts';
import type { CellRange } from './cells.ts';
import type { BoundaryFileCheck, BoundaryOptions } from './boundaries.ts';
import type { GeometryResults, GeometryTask } from './geometry-tasks.ts';
import { TooManyCellsError } from './polygon-cells.ts';

// Compiled (dist/), the worker is plain JavaScript; from the sources, a small entry registers tsx first.
const WORKER_ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./geometry-worker.mjs', import.meta.url)
  : new URL('./geometry-worker.js', import.meta.url);
const POOL_SIZE = Math.min(2, Math.max(1, os.availableParallelism() - 1));
// Areas are bounded (alert-area.ts, MAX_AREA_CELLS), so a task that runs this long is stuck: its worker is replaced.
const TASK_TIMEOUT_MS = 60_000;

type Reply = { ok: true; result: unknown } | { ok: false; name: string; message: string; tooMany?: number };

interface Job {
  task: GeometryTask;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

class GeometryPool {
  /** Tasks finished by a worker thread, by kind, since the process started (exported as a metric). */
  readonly completed: Record<GeometryTask['kind'], number> = { validate: 0, cells: 0, ranges: 0, boundaries: 0 };
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, { job: Job; timer: NodeJS.Timeout }>();
  private readonly queue: Job[] = [];
  private size = 0;

  constructor(private readonly maxWorkers: number) {}

  run<K extends GeometryTask['kind']>(task: Extract<GeometryTask, { kind: K }>): Promise<GeometryResults[K]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve: resolve as (result: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.size < this.maxWorkers ? this.spawn() : undefined);
      if (!worker) return;
      const job = this.queue.shift()!;
      const timer = setTimeout(() => this.fail(worker, new Error('the area took too long to work out')), TASK_TIMEOUT_MS);
      this.busy.set(worker, { job, timer });
      worker.ref();
      worker.postMessage(job.task);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_ENTRY);
    this.size++;
    worker.on('message', (reply: Reply) => {
      const current = this.busy.get(worker);
      if (!current) return;
      clearTimeout(current.timer);
      this.busy.delete(worker);
      // An idle worker does not keep the process alive.
      worker.unref();
      this.idle.push(worker);
      this.completed[current.job.task.kind]++;
      if (reply.ok) current.job.resolve(reply.result);
      else
        current.job.reject(
          reply.tooMany !== undefined
            ? new TooManyCellsError(reply.tooMany)
            : Object.assign(new Error(reply.message), { name: reply.name }),
        );
      this.pump();
    });
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', () => this.fail(worker, new Error('a geometry worker stopped')));
    return worker;
  }

  /** Rejects the worker's task, if any, and replaces the worker. */
  private fail(worker: Worker, error: Error): void {
    const current = this.busy.get(worker);
    const index = this.idle.indexOf(worker);
    if (!current && index < 0) return; // already removed
    if (index >= 0) this.idle.splice(index, 1);
    this.busy.delete(worker);
    this.size--;
    worker.removeAllListeners();
    worker.on('error', () => undefined);
    void worker.terminate();
    if (current) {
      clearTimeout(current.timer);
      current.job.reject(error);
    }
    this.pump();
  }
}

const pool = new GeometryPool(POOL_SIZE);

/** How many geometry tasks of each kind worker threads have finished in this process. */
export function geometryTasksCompleted(): Readonly<Record<GeometryTask['kind'], number>> {
  return { ...pool.completed };
}

/** Every problem with an area as staff gave it (validateAlertArea), worked out off the event loop. */
export function validateAreaOffThread(parts: unknown): Promise<AreaProblem[]> {
  return pool.run({ kind: 'validate', parts });
}

/** The cells of an area (cellsForArea), off the event loop; rejects with TooManyCellsError past `maxCells`. */
export function areaCellsOffThread(parts: AlertAreaPart[], maxCells: number): Promise<string[]> {
  return pool.run({ kind: 'cells', parts, maxCells });
}

/** The targeting ranges of an area (cellRanges of cellsForArea), off the event loop; rejects with TooManyCellsError past `maxCells`. */
export function areaRangesOffThread(parts: AlertAreaPart[], maxCells: number): Promise<CellRange[]> {
  return pool.run({ kind: 'ranges', parts, maxCells });
}

/** Every feature of a boundary file checked (checkBoundaryFile), off the event loop: a force boundary has thousands of positions. */
export function checkBoundariesOffThread(text: string | object, options: BoundaryOptions): Promise<BoundaryFileCheck> {
  return pool.run({ kind: 'boundaries', text, options });
}
