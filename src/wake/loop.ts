// A worker loop that sleeps while there is nothing to do: it does what is due, then sleeps until the next due
// moment read from the database, or until it is woken (a notification, src/wake/wake.ts), whichever comes
// first. The only timer left when nothing is due is a long safety re-check: it costs one cheap query per loop
// every few minutes and recovers from a notification lost with a dropped connection before it was noticed.
export interface WakeableLoopOptions {
  name: string;
  /** Does what is due; true when there may be more to do at once. */
  step(): Promise<boolean>;
  /** When work next falls due (null: nothing is waiting); asked only when a step found nothing more to do. */
  nextDue?(): Promise<Date | null>;
  clock(): Date;
  /** The longest sleep. */
  safetyMs: number;
  log(message: string, error: unknown): void;
}

export interface WakeableLoop {
  /** Runs a step soon; a ring during a step runs another step after it, so nothing committed meanwhile waits. */
  ring(): void;
  /** Stops after the step under way; resolves when it has. */
  stop(): Promise<void>;
}

const FIRST_FAILURE_WAIT_MS = 50;
// Something due that a step could not take (another process holds it until its transaction commits) is
// looked at again after a short wait that grows while it stays so, never in a tight loop.
const FIRST_HELD_WAIT_MS = 20;
const LONGEST_HELD_WAIT_MS = 1_000;
const LONGEST_FAILURE_WAIT_MS = 5_000;
// setTimeout takes at most 2^31 - 1 ms.
const LONGEST_TIMER_MS = 2_147_483_647;

export function startWakeableLoop(options: WakeableLoopOptions): WakeableLoop {
  let running = true;
  // Read through a call where a step was awaited meanwhile: stop() may have cleared it.
  const isRunning = () => running;
  let rung = false;
  let wake: (() => void) | undefined;
  const ring = () => {
    rung = true;
    wake?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (rung || !running) return resolve();
      const timer = setTimeout(done, Math.min(Math.max(0, ms), LONGEST_TIMER_MS));
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function run() {
    let failureWait = FIRST_FAILURE_WAIT_MS;
    let heldWait = FIRST_HELD_WAIT_MS;
    while (running) {
      // Rings before this point are answered by the step about to run, which sees what they announced.
      rung = false;
      let wait = options.safetyMs;
      try {
        if (await options.step()) continue;
        const due = isRunning() ? await options.nextDue?.() : null;
        const dueIn = due ? due.getTime() - options.clock().getTime() : Infinity;
        if (dueIn > 0) {
          wait = Math.min(wait, dueIn);
          heldWait = FIRST_HELD_WAIT_MS;
        } else {
          wait = Math.min(wait, heldWait);
          heldWait = Math.min(LONGEST_HELD_WAIT_MS, heldWait * 2);
        }
        failureWait = FIRST_FAILURE_WAIT_MS;
      } catch (error) {
        options.log(`${options.name} failed; trying again`, error);
        wait = Math.min(wait, failureWait);
        failureWait = Math.min(LONGEST_FAILURE_WAIT_MS, failureWait * 2);
      }
      await sleep(wait);
    }
  }
  const done = run();
  return {
    ring,
    async stop() {
      running = false;
      wake?.();
      await done;
    },
  };
}
