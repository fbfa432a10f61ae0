// Server-sent events for staff: each new high-priority submission, sent to the connections whose reach
// holds its queue. One reader per process, shared by every connection, reads the high-priority
// notifications intake leaves (committed with the submission, so nothing is announced that could still
// roll back) when a commit of new notices wakes it (src/wake/wake.ts); it listens only while someone is
// connected, and between notices sends nothing but a heartbeat.
import type { ServerResponse } from 'node:http';
import { staffNoticesSince } from '../alerts/staff-notices.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { commentText, eventText, openEventStream, retryText, writeEvent } from '../http/event-stream.ts';
import { onWake } from '../wake/wake.ts';
import { queueReachable } from './queues.ts';
import type { SubmissionEvent } from './schemas.ts';

export interface SubmissionLiveOptions {
  heartbeatMs: number;
  retryMs: number;
  /** How far back a read looks; notifications older than this are never sent. */
  lookBackMs: number;
}

export const DEFAULT_SUBMISSION_LIVE: SubmissionLiveOptions = {
  heartbeatMs: 15_000,
  retryMs: 5_000,
  lookBackMs: 10 * 60_000,
};

interface Connection {
  reach: string[] | null;
  response: ServerResponse;
}

export interface SubmissionHub {
  connect(reach: string[] | null, response: ServerResponse): Promise<void>;
  close(): void;
  connectionCount(): number;
}

export function createSubmissionHub(
  deps: { db: Queryable & Pick<Database, 'listen'>; clock: () => Date; onError?: (error: unknown) => void },
  options = DEFAULT_SUBMISSION_LIVE,
): SubmissionHub {
  const connections = new Set<Connection>();
  // Notifications already handled, with their time, so each is sent once; pruned past the look-back.
  const handled = new Map<string, number>();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let primed: Promise<void> | undefined;
  let listening: Promise<(() => Promise<void>) | undefined> | undefined;
  let reading = false;
  let readAgain = false;
  // Read through a call: set by a wake-up while a read was awaited.
  const wokenMeanwhile = () => readAgain;

  const write = (connection: Connection, text: string) => writeEvent(connection.response, text);

  async function fresh(): Promise<(SubmissionEvent & { notificationId: string; at: number })[]> {
    const cutoff = new Date(deps.clock().getTime() - options.lookBackMs);
    const { rows } = await deps.db.query<
      Row<'public_submissions', 'id' | 'reference' | 'kind' | 'queue' | 'priority' | 'exercise' | 'alert_id' | 'received_at'> & {
        notification_id: string;
        at: Date;
      }
    >(
      sql`SELECT n.id AS notification_id, n.created_at AS at, s.id, s.reference, s.kind, s.queue, s.priority, s.exercise, s.alert_id, s.received_at
            FROM (${staffNoticesSince('submission_high_priority', cutoff)}) n JOIN public_submissions s ON s.id = n.subject_id
           ORDER BY n.created_at, n.id`,
    );
    for (const [id, at] of handled) if (at < cutoff.getTime()) handled.delete(id);
    return rows
      .filter((row) => !handled.has(row.notification_id))
      .map((row) => ({
        notificationId: row.notification_id,
        at: row.at.getTime(),
        id: row.id,
        reference: row.reference,
        kind: row.kind,
        queue: row.queue,
        priority: row.priority,
        exercise: row.exercise,
        alertId: row.alert_id,
        receivedAt: row.received_at.toISOString(),
      }));
  }

  async function read(): Promise<void> {
    // A wake-up during a read is answered by one more read after it, which sees what it announced.
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    try {
      do {
        readAgain = false;
        await primed;
        for (const { notificationId, at, ...event } of await fresh()) {
          handled.set(notificationId, at);
          const text = eventText('submission', JSON.stringify(event));
          for (const connection of connections) if (queueReachable(connection.reach, event.queue)) write(connection, text);
        }
      } while (wokenMeanwhile() && primed);
    } catch (error) {
      deps.onError?.(error);
    } finally {
      reading = false;
    }
  }

  function start(): Promise<void> {
    if (!primed) {
      // Listening starts before the first read, so that nothing committed in between is missed; what was
      // already there when the first member of staff connected is in their queue, not news.
      const started = onWake(deps.db, ['staff_notices'], () => void read());
      listening = started.catch(() => undefined);
      primed = started
        .then(async () => {
          for (const { notificationId, at } of await fresh()) handled.set(notificationId, at);
        })
        .catch((error) => deps.onError?.(error));
      heartbeat = setInterval(() => {
        for (const connection of connections) write(connection, commentText('heartbeat'));
      }, options.heartbeatMs);
      heartbeat.unref();
    }
    return primed;
  }

  function stop() {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = undefined;
    primed = undefined;
    handled.clear();
    listening?.then((stopListening) => stopListening?.()).catch(() => undefined);
    listening = undefined;
  }

  return {
    async connect(reach, response) {
      const connection: Connection = { reach, response };
      connections.add(connection);
      response.on('close', () => {
        connections.delete(connection);
        if (connections.size === 0) stop();
      });
      openEventStream(response);
      await start();
      // Sent once the poller knows what is old news: from here on, every new arrival in reach comes.
      write(connection, retryText(options.retryMs));
    },
    close() {
      for (const connection of connections) if (!connection.response.writableEnded) connection.response.end();
      connections.clear();
      stop();
    },
    connectionCount: () => connections.size,
  };
}
