// The wake-up service: what has work to do is told so, rather than asking again and again. A commit that
// gives work notifies a topic (triggers, src/db/migrations/0046_wake_on_commit.sql, or `announce` for work
// already committed); every process listening on the database hears it: on PostgreSQL through LISTEN on a
// connection of its own (src/db/listener.ts), on the embedded PGlite (one process) through its own LISTEN.
// So an approval in `serve` wakes the workers of `forgetmenot work` as it wakes its own.
import type { Database, Queryable } from '../db/database.ts';

export type WakeTopic =
  /** Fan-out jobs, sends and appeal kit events queued. */
  | 'dispatch'
  /** Re-issue and kit timetables, appeals' review dates, partner feeds changed. */
  | 'schedule'
  /** Alerts or their messages changed (screens, progress streams, expiries). */
  | 'alerts'
  /** Notices for staff (the triage stream). */
  | 'staff_notices'
  /** Delivery figures moved (progress streams); announced by the workers, at most a few times a second. */
  | 'progress';

const channelOf = (topic: WakeTopic) => `fmn_${topic}`;

/** Calls `listener` whenever one of `topics` is notified; resolves, with a way to stop, once listening. */
export async function onWake(
  db: Pick<Database, 'listen'>,
  topics: readonly WakeTopic[],
  listener: () => void,
): Promise<() => Promise<void>> {
  const stops = await Promise.all(topics.map((topic) => db.listen(channelOf(topic), listener)));
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}

/** Notifies `topic`: at once outside a transaction, at commit inside one (and not at all if it rolls back). */
export async function announce(db: Queryable, topic: WakeTopic): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [channelOf(topic), '']);
}

/**
 * An announcer for frequent events (outcomes recorded): the first call notifies at once, later ones within
 * `everyMs` are folded into one notification at the end of that time. Failures go to `onError`.
 */
export function throttledAnnouncer(db: Queryable, topic: WakeTopic, everyMs: number, onError: (error: unknown) => void): () => void {
  let lastAt = -Infinity;
  let timer: NodeJS.Timeout | undefined;
  const send = () => {
    lastAt = performance.now();
    announce(db, topic).catch(onError);
  };
  return () => {
    if (timer) return;
    const wait = lastAt + everyMs - performance.now();
    if (wait <= 0) return send();
    timer = setTimeout(() => {
      timer = undefined;
      send();
    }, wait);
    timer.unref();
  };
}
