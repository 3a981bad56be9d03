/**
 * Types every route module shares: the dependencies `createApp` receives and the Hono
 * environment (`c.get('auth')`, node bindings). Only the composition root (app.ts,
 * index.ts) holds the whole `AppDeps` bag; route factories, middleware, services and jobs
 * declare the few members they use.
 */
import type { HttpBindings } from '@hono/node-server';
import type { AuthContext } from './auth-context.ts';
import type { Config } from './config.ts';
import type { Db } from './db/pool.ts';
import type { JobClock } from './job-clock.ts';
import type { Notifier } from './notifier.ts';

export type AppDeps = {
  db: Db;
  config: Config;
  /** Server time; injected so tests can pin it. */
  clock: () => Date;
  notifier: Notifier;
  /** The background jobs' clock, which `/api/test/job-clock` moves (TEST_HOOKS only). */
  jobClock?: JobClock;
  /** SSE stream tuning (routes/sync.ts); tests shorten the heartbeat. */
  sse?: { heartbeatMs?: number; coalesceMs?: number; renotifyMs?: number };
};

export type { AuthContext } from './auth-context.ts';

export type AppEnv = {
  // Partial: `app.request()` in tests has no node socket.
  Bindings: Partial<HttpBindings>;
  Variables: { auth: AuthContext };
};
