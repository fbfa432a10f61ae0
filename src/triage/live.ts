// Server-sent events for staff: each new high-priority submission, sent to the connections whose reach
// holds its queue. One poller per process, shared by every connection, reads the high-priority
// notifications intake leaves (committed with the submission, so nothing is announced that could still
// roll back); it runs only while someone is connected.
import type { ServerResponse } from 'node:http';
import { staffNoticesSince } from '../alerts/staff-notices.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { commentText, eventText, openEventStream, retryText, writeEvent } from '../http/event-stream.ts';
import { queueReachable } from './queues.ts';
import type { SubmissionEvent } from './schemas.ts';

export interface SubmissionLiveOptions {
  pollMs: number;
  heartbeatMs: number;
  retryMs: number;
  /** How far back a poll looks; notifications older than this are never sent. */
  lookBackMs: number;
}

export const DEFAULT_SUBMISSION_LIVE: SubmissionLiveOptions = {
  pollMs: 2_000,
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
  deps: { db: Queryable; clock: () => Date; onError?: (error: unknown) => void },
  options = DEFAULT_SUBMISSION_LIVE,
): SubmissionHub {
  const connections = new Set<Connection>();
  // Notifications already handled, with their time, so each is sent once; pruned past the look-back.
  const handled = new Map<string, number>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let primed: Promise<void> | undefined;
  let polling = false;
  let lastHeartbeat = 0;

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

  async function poll(): Promise<void> {
    if (polling) return;
    polling = true;
    try {
      await primed;
      for (const { notificationId, at, ...event } of await fresh()) {
        handled.set(notificationId, at);
        const text = eventText('submission', JSON.stringify(event));
        for (const connection of connections) if (queueReachable(connection.reach, event.queue)) write(connection, text);
      }
      if (performance.now() - lastHeartbeat >= options.heartbeatMs) {
        lastHeartbeat = performance.now();
        for (const connection of connections) write(connection, commentText('heartbeat'));
      }
    } catch (error) {
      deps.onError?.(error);
    } finally {
      polling = false;
    }
  }

  function start(): Promise<void> {
    if (!primed) {
      // What was already there when the first member of staff connected is in their queue, not news.
      primed = fresh()
        .then((existing) => {
          for (const { notificationId, at } of existing) handled.set(notificationId, at);
        })
        .catch((error) => deps.onError?.(error));
      lastHeartbeat = performance.now();
      timer = setInterval(() => void poll(), options.pollMs);
      timer.unref();
    }
    return primed;
  }

  function stop() {
    if (timer) clearInterval(timer);
    timer = undefined;
    primed = undefined;
    handled.clear();
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
