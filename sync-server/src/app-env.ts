/**
 * Types every route module shares: the dependencies `createApp` receives and the Hono
 * environment (`c.get('auth')`, node bindings).
 */
import type { Role } from '@edc/shared';
import type { HttpBindings } from '@hono/node-server';
import type { Config } from './config.ts';
import type { Db } from './db/pool.ts';
import type { Notifier } from './notifier.ts';

export type AppDeps = {
  db: Db;
  config: Config;
  /** Server time; injected so tests can pin it. */
  clock: () => Date;
  notifier: Notifier;
  /** SSE stream tuning (routes/sync.ts); tests shorten the heartbeat. */
  sse?: { heartbeatMs?: number; coalesceMs?: number; renotifyMs?: number };
};

/** Who is calling, taken from the verified access token (never from the request body). */
export type AuthContext = {
  userId: string;
  username: string;
  role: Role;
  regions: string[];
  mid?: string;
  sessionId: string;
};

export type AppEnv = {
  // Partial: `app.request()` in tests has no node socket.
  Bindings: Partial<HttpBindings>;
  Variables: { auth: AuthContext };
};
