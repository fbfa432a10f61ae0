// Timed work of the `serve` process (alert expiries and their warnings, appeals' review reminders, the
// nightly retention run, partner feed pulls) in one loop with one timer, set for the earliest moment any of
// it falls due. Each job reads its own next due moment (from the database, where the work is); a commit that
// can move one (an alert approved, renewed or withdrawn, a review date set) wakes the loop to read them again.
import type { Database } from '../db/database.ts';
import { startWakeableLoop } from './loop.ts';
import { onWake, type WakeTopic } from './wake.ts';

export interface ScheduledJob {
  name: string;
  /** When the job next has something to do; null when nothing is waiting. */
  nextDue(now: Date): Promise<Date | null>;
  /** Does what is due at `now`. */
  run(now: Date): Promise<void>;
}

export interface SchedulerOptions {
  /** Topics whose notifications can move a due moment. */
  topics: readonly WakeTopic[];
  clock: () => Date;
  /** The longest sleep: a safety re-check (see SAFETY_RECHECK_MS in src/dispatch/engine.ts). */
  safetyMs: number;
  /** How long a job that failed waits before it is tried again. */
  retryMs?: number;
  log: (message: string, error: unknown) => void;
}

const DEFAULT_RETRY_MS = 60_000;

/** Starts the jobs' loop once listening; resolves with a function that stops it. */
export async function startScheduler(
  db: Pick<Database, 'listen'>,
  jobs: readonly ScheduledJob[],
  options: SchedulerOptions,
): Promise<() => Promise<void>> {
  const dues = new Map<ScheduledJob, Date | null>();
  const retryMs = options.retryMs ?? DEFAULT_RETRY_MS;

  async function runDue(job: ScheduledJob): Promise<void> {
    const now = options.clock();
    try {
      let due = await job.nextDue(now);
      if (due && due.getTime() <= now.getTime()) {
        await job.run(now);
        due = await job.nextDue(options.clock());
      }
      dues.set(job, due);
    } catch (error) {
      options.log(`${job.name} failed; trying again later`, error);
      dues.set(job, new Date(options.clock().getTime() + retryMs));
    }
  }

  // A wake-up before the loop exists needs no answer: the loop's first step reads every due time.
  let ring: () => void = () => undefined;
  const stopListening = await onWake(db, options.topics, () => ring());
  const loop = startWakeableLoop({
    name: 'schedule',
    clock: options.clock,
    safetyMs: options.safetyMs,
    log: options.log,
    async step() {
      for (const job of jobs) await runDue(job);
      return false;
    },
    nextDue() {
      let earliest: Date | null = null;
      for (const due of dues.values()) if (due && (!earliest || due < earliest)) earliest = due;
      return Promise.resolve(earliest);
    },
  });
  ring = () => loop.ring();
  return async () => {
    await stopListening();
    await loop.stop();
  };
}
