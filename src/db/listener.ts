// LISTEN on PostgreSQL needs a connection of its own that stays open: a pooled one is handed to other work
// between queries, and its notifications would go with it. One per process, shared by every channel listened
// to; when it drops, it reconnects with a growing delay, listens again, and tells every listener, since
// notifications sent while it was away are lost and the work they announced may be waiting.
import pg from 'pg';

export type NotificationListener = () => void;

export interface PostgresListener {
  /** Calls `listener` at each notification on `channel` (and after a reconnection); resolves once listening. */
  listen(channel: string, listener: NotificationListener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const FIRST_RETRY_MS = 250;
const LONGEST_RETRY_MS = 10_000;
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function postgresListener(clientConfig: pg.ClientConfig): PostgresListener {
  const listeners = new Map<string, Set<NotificationListener>>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let retryMs = FIRST_RETRY_MS;
  let retryTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const notifyAll = () => {
    for (const set of listeners.values()) for (const listener of set) listener();
  };

  function lost(lostClient: pg.Client) {
    if (client !== lostClient) return;
    client = undefined;
    connecting = undefined;
    lostClient.removeAllListeners('notification');
    void lostClient.end().catch(() => undefined);
    if (closed) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().then(notifyAll, () => undefined);
    }, retryMs);
    retryMs = Math.min(LONGEST_RETRY_MS, retryMs * 2);
  }

  function connect(): Promise<pg.Client> {
    connecting ??= (async () => {
      const next = new pg.Client(clientConfig);
      client = next;
      next.on('error', () => lost(next));
      next.on('end', () => lost(next));
      next.on('notification', (message) => {
        for (const listener of listeners.get(message.channel) ?? []) listener();
      });
      try {
        await next.connect();
        for (const channel of listeners.keys()) await next.query(`LISTEN ${channel}`);
      } catch (error) {
        lost(next);
        throw error;
      }
      retryMs = FIRST_RETRY_MS;
      return next;
    })();
    return connecting;
  }

  return {
    async listen(channel, listener) {
      if (!CHANNEL_NAME.test(channel)) throw new Error(`not a channel name: ${channel}`);
      const set = listeners.get(channel) ?? new Set<NotificationListener>();
      const first = set.size === 0;
      set.add(listener);
      listeners.set(channel, set);
      const connected = await connect();
      if (first) await connected.query(`LISTEN ${channel}`);
      return async () => {
        set.delete(listener);
        if (set.size > 0 || listeners.get(channel) !== set) return;
        listeners.delete(channel);
        await client?.query(`UNLISTEN ${channel}`).catch(() => undefined);
      };
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      const open = client;
      client = undefined;
      connecting = undefined;
      await open?.end().catch(() => undefined);
    },
  };
}
