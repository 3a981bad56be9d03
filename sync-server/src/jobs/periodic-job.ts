/**
 * The one way the server runs something periodically (SLA monitor, webhook delivery, and
 * whatever job comes next). A job is a function that does one pass; this module owns the
 * schedule around it:
 *
 * - Runs never overlap in this process: a pass that outlasts the interval delays the next
 *   one, it is never started twice. The next pass starts `intervalMs` after the previous
 *   one ended (a chain of timeouts, not setInterval, so slow passes cannot pile up).
 * - A failed pass is logged with the job's name and the schedule goes on: one bad pass
 *   (a dropped connection, a bug in one row) must not stop escalations for good.
 * - `stop()` cancels the next pass and waits for the one in flight, so a shutdown closes
 *   the database only after the last pass let go of it.
 * - Timers are unref'd: a job never keeps the process alive on its own.
 * - `kick()` asks for a pass as soon as possible without waiting for the interval (work
 *   announced by a NOTIFY): now when idle, or once more right after the pass in flight,
 *   which may have claimed its work before that work committed. Kicks coalesce.
 *
 * Several instances may run the same job at once; each job makes that safe itself
 * (SKIP LOCKED claims), so there is no leader election here.
 */

export type PeriodicJob<T> = {
  /** Shown in log lines: `[name] run failed: …`. */
  name: string;
  /** Pause between the end of one pass and the start of the next. */
  intervalMs: number;
  /** One pass. Its result is handed to `runNow()` callers (tests, admin triggers). */
  run: () => Promise<T>;
  /** First pass right away instead of after one interval. */
  runAtStart?: boolean;
  log?: Pick<Console, 'error'>;
};

export type JobHandle<T> = {
  /**
   * A pass now, or the one already in flight (never a second one at the same time).
   * Resolves to its result, or `undefined` when it failed (already logged) or the job
   * is stopped.
   */
  runNow(): Promise<T | undefined>;
  /**
   * A pass as soon as possible: now when none is in flight, else one more right after it
   * (however many kicks came meanwhile). The interval restarts after that pass.
   */
  kick(): void;
  /** No further passes; resolves when the pass in flight (if any) has finished. */
  stop(): Promise<void>;
};

export function startPeriodicJob<T>(job: PeriodicJob<T>): JobHandle<T> {
  const log = job.log ?? console;
  let running: Promise<T | undefined> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  /** A kick came while a pass was in flight: another pass follows it at once. */
  let again = false;

  const runNow = (): Promise<T | undefined> => {
    if (running) return running;
    if (stopped) return Promise.resolve(undefined);
    // Started inside a `then` so a `run` that throws synchronously is caught like any
    // other failure, and `finally` (always asynchronous) clears `running` only after it
    // has been assigned.
    const pass = Promise.resolve()
      .then(job.run)
      .catch((err: unknown) => {
        log.error(`[${job.name}] run failed:`, err instanceof Error ? err.message : err);
        return undefined;
      })
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          kick();
        }
      });
    running = pass;
    return pass;
  };

  const schedule = () => {
    if (stopped) return;
    // One timer at most: a kicked pass and the pass before it both end by scheduling.
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, job.intervalMs);
    timer.unref();
  };
  const tick = () => {
    timer = undefined;
    void runNow().then(schedule);
  };
  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    if (timer) clearTimeout(timer);
    tick();
  };

  if (job.runAtStart) tick();
  else schedule();

  return {
    runNow,
    kick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
