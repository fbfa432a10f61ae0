// Server-sent events for screens. One reader per process, shared by every connected screen, is woken by
// every commit that changes alerts or their messages (src/wake/wake.ts; an expiry is such a commit, made by
// the scheduler when it falls due) and asks the database a cheap question (the last message's number and
// how many appeals are live); only when the answer changes does each screen's list get read again, and a
// screen is sent its list only when that list changed. Between changes only heartbeats go out.
import type { ServerResponse } from 'node:http';
import { liveAppealsSignature } from '../alerts/screen-view.ts';
import type { Database, Queryable } from '../db/database.ts';
import { commentText, eventText, openEventStream, retryText, writeEvent } from '../http/event-stream.ts';
import { onWake } from '../wake/wake.ts';
import { appealsForScreen, touchScreens } from './screens.ts';

export interface ScreenLiveOptions {
  heartbeatMs: number;
  /** How long a browser waits before reconnecting (the SSE `retry:` field). */
  retryMs: number;
  /** How often connected screens are marked seen and checked for revocation. */
  touchMs: number;
  /** Connections one screen may hold at once (a page open in a few tabs or on a few displays). */
  maxPerScreen: number;
}

export const DEFAULT_SCREEN_LIVE: ScreenLiveOptions = {
  heartbeatMs: 15_000,
  retryMs: 5_000,
  touchMs: 60_000,
  maxPerScreen: 20,
};

interface Connection {
  screenId: string;
  response: ServerResponse;
  /** The JSON last sent, so an unchanged list is not sent again. */
  lastSent: string | null;
}

export interface ScreenHub {
  /** Takes over `response` as an event stream for the screen; false when the screen has too many already. */
  connect(screenId: string, response: ServerResponse): Promise<boolean>;
  /** Ends the streams of a screen that was revoked, after telling them to show nothing. */
  revoke(screenId: string): void;
  close(): void;
  connectionCount(): number;
}

export function createScreenHub(
  deps: { db: Queryable & Pick<Database, 'listen'>; clock: () => Date; onError?: (error: unknown) => void },
  options: ScreenLiveOptions = DEFAULT_SCREEN_LIVE,
): ScreenHub {
  const byScreen = new Map<string, Set<Connection>>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let listening: Promise<(() => Promise<void>) | undefined> | undefined;
  let checking = false;
  let checkAgain = false;
  // Read through a call: set by a wake-up while a check was awaited.
  const wokenMeanwhile = () => checkAgain;
  // Reads and sends one after another, so a list read before a change is never sent after a newer one.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
  let signature: string | undefined;
  let lastHeartbeat = 0;
  let lastTouch = 0;

  const write = (connection: Connection, text: string) => writeEvent(connection.response, text);

  const sendList = (connection: Connection, json: string) => {
    if (connection.lastSent === json) return;
    connection.lastSent = json;
    write(connection, eventText('appeals', json));
  };

  async function listJson(screenId: string): Promise<string> {
    return JSON.stringify(await appealsForScreen(deps.db, screenId, deps.clock()));
  }

  async function refreshAll(): Promise<void> {
    for (const [screenId, connections] of byScreen) {
      const json = await listJson(screenId);
      for (const connection of connections) sendList(connection, json);
    }
  }

  /** Reads the lists again if the live appeals changed; a wake-up during a check is answered by one more. */
  async function checkForChange(): Promise<void> {
    if (checking) {
      checkAgain = true;
      return;
    }
    checking = true;
    do {
      checkAgain = false;
      await exclusive(async () => {
        try {
          const next = await liveAppealsSignature(deps.db, deps.clock());
          if (next !== signature) {
            signature = next;
            await refreshAll();
          }
        } catch (error) {
          deps.onError?.(error);
        }
      });
    } while (wokenMeanwhile() && byScreen.size > 0);
    checking = false;
  }

  /** Heartbeats, and now and then marking connected screens seen (and ending those revoked elsewhere). */
  async function keepAlive(): Promise<void> {
    await exclusive(async () => {
      try {
        const now = performance.now();
        if (now - lastHeartbeat >= options.heartbeatMs) {
          lastHeartbeat = now;
          for (const connections of byScreen.values()) for (const connection of connections) write(connection, commentText('heartbeat'));
        }
        if (now - lastTouch >= options.touchMs && byScreen.size > 0) {
          lastTouch = now;
          for (const gone of await touchScreens(deps.db, [...byScreen.keys()], deps.clock())) revoke(gone);
        }
      } catch (error) {
        deps.onError?.(error);
      }
    });
  }

  /** Resolves once listening, so that a list read after it cannot miss a change. */
  function start(): Promise<unknown> {
    if (timer) return listening ?? Promise.resolve();
    lastHeartbeat = performance.now();
    lastTouch = performance.now();
    listening = onWake(deps.db, ['alerts'], () => void checkForChange()).catch((error) => {
      deps.onError?.(error);
      return undefined;
    });
    timer = setInterval(() => void keepAlive(), Math.min(options.heartbeatMs, options.touchMs));
    timer.unref();
    return listening;
  }

  function stopListening() {
    if (timer) clearInterval(timer);
    timer = undefined;
    listening?.then((stop) => stop?.()).catch(() => undefined);
    listening = undefined;
  }

  function stopIfIdle() {
    if (byScreen.size === 0 && timer) {
      stopListening();
      // A later first connection starts from a fresh signature.
      signature = undefined;
    }
  }

  function remove(connection: Connection) {
    const connections = byScreen.get(connection.screenId);
    if (!connections) return;
    connections.delete(connection);
    if (connections.size === 0) byScreen.delete(connection.screenId);
    stopIfIdle();
  }

  function end(connection: Connection) {
    if (!connection.response.writableEnded) connection.response.end();
    remove(connection);
  }

  function revoke(screenId: string) {
    for (const connection of [...(byScreen.get(screenId) ?? [])]) {
      sendList(connection, '[]');
      end(connection);
    }
  }

  return {
    async connect(screenId, response) {
      const connections = byScreen.get(screenId) ?? new Set<Connection>();
      if (connections.size >= options.maxPerScreen) return false;
      const connection: Connection = { screenId, response, lastSent: null };
      connections.add(connection);
      byScreen.set(screenId, connections);
      response.on('close', () => remove(connection));
      openEventStream(response, { 'Referrer-Policy': 'no-referrer' });
      write(connection, retryText(options.retryMs));
      await start();
      await exclusive(async () => {
        try {
          sendList(connection, await listJson(screenId));
        } catch (error) {
          deps.onError?.(error);
          end(connection);
        }
      });
      return true;
    },
    revoke,
    close() {
      for (const connections of [...byScreen.values()]) for (const connection of [...connections]) end(connection);
      stopListening();
    },
    connectionCount() {
      let count = 0;
      for (const connections of byScreen.values()) count += connections.size;
      return count;
    },
  };
}
