/**
 * Owns the one dedicated Postgres connection per server instance that runs
 * `LISTEN edc_sync`. It is deliberately NOT a pool client: a pooled connection is handed
 * to other queries between uses, and a LISTEN registration would leak into them (or be
 * lost when the pool recycles the connection).
 *
 * If the connection drops (Postgres restart, network blip) it reconnects with capped
 * exponential backoff and reports `onReconnect`, because notifications sent while we were
 * disconnected are lost: the caller answers by poking every subscriber so clients re-pull.
 */
import pg from 'pg';

/** Channel written by the replication triggers (SERVER-A's migrations) and by pushes. */
export const SYNC_CHANNEL = 'edc_sync';

export type ListenHandlers = {
  onNotification: (payload: string) => void;
  /** Called after a re-established connection (not the first one). */
  onReconnect: () => void;
  onError?: (error: unknown) => void;
};

export type ListenConnection = {
  /** Resolves once the first LISTEN is active. */
  ready: Promise<void>;
  close: () => Promise<void>;
};

const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 10_000;

/**
 * Opens a LISTEN connection with the same settings as `pool` (or an explicit config) and
 * keeps it open until `close()`.
 */
export const listenForSyncNotices = (
  source: pg.Pool | pg.ClientConfig | string,
  handlers: ListenHandlers,
): ListenConnection => {
  const config: pg.ClientConfig | string = source instanceof pg.Pool ? { ...source.options } : source;
  let closed = false;
  let client: pg.Client | null = null;
  let attempt = 0;
  let connectedOnce = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    const delay = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** attempt);
    attempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
    retryTimer.unref();
  };

  const connect = async () => {
    if (closed) return;
    const next = new pg.Client(config);
    // An 'error' event without a listener would crash the process; a dropped LISTEN
    // connection is an expected event that we recover from.
    next.on('error', (error) => {
      handlers.onError?.(error);
      if (client === next) client = null;
      next.end().catch(() => {});
      scheduleReconnect();
    });
    next.on('end', () => {
      if (client === next) {
        client = null;
        scheduleReconnect();
      }
    });
    next.on('notification', (message) => {
      if (message.channel === SYNC_CHANNEL) handlers.onNotification(message.payload ?? '');
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${SYNC_CHANNEL}`);
      if (closed) {
        await next.end().catch(() => {});
        return;
      }
      client = next;
      attempt = 0;
      if (connectedOnce) handlers.onReconnect();
      connectedOnce = true;
      resolveReady();
    } catch (error) {
      handlers.onError?.(error);
      next.end().catch(() => {});
      scheduleReconnect();
    }
  };

  void connect();

  return {
    ready,
    close: async () => {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      resolveReady();
      if (current) await current.end().catch(() => {});
    },
  };
};

/** Test hook: terminates this database's LISTEN backends so the reconnect path runs. */
export const terminateSyncListeners = async (pool: pg.Pool): Promise<number> => {
  const result = await pool.query<{ n: string }>(
    `SELECT count(pg_terminate_backend(pid))::text AS n
       FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND query = $1`,
    [`LISTEN ${SYNC_CHANNEL}`],
  );
  return Number(result.rows[0]?.n ?? 0);
};
