/**
 * The schedule around a job's pass: interval, no overlap, failures logged and the loop
 * going on, clean stop. Fake timers move time; passes are promises the test settles, so
 * nothing waits on wall-clock time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPeriodicJob } from './periodic-job.ts';

/** A pass the test finishes by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const silent = () => ({ error: vi.fn() });

describe('startPeriodicJob', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    [true, 1],
    [false, 0],
  ])(
    'runAtStart=%s: %i pass(es) before the first interval, then one per interval',
    async (atStart, first) => {
      let passes = 0;
      const job = startPeriodicJob({
        name: 't',
        intervalMs: 1000,
        runAtStart: atStart,
        log: silent(),
        run: async () => ++passes,
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(passes).toBe(first);
      await vi.advanceTimersByTimeAsync(1000);
      expect(passes).toBe(first + 1);
      await vi.advanceTimersByTimeAsync(3000);
      expect(passes).toBe(first + 4);
      await job.stop();
      // Stopped between passes: the pending timer is gone, not merely ignored when it fires.
      expect(vi.getTimerCount()).toBe(0);
    },
  );

  it('never runs two passes at once: a slow pass delays the next, runNow joins it', async () => {
    const passes: ReturnType<typeof deferred<string>>[] = [];
    const job = startPeriodicJob({
      name: 't',
      intervalMs: 1000,
      runAtStart: true,
      log: silent(),
      run: () => {
        const d = deferred<string>();
        passes.push(d);
        return d.promise;
      },
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(passes).toHaveLength(1);
    const joined = job.runNow();
    expect(passes).toHaveLength(1);
    passes[0]!.resolve('first');
    expect(await joined).toBe('first');
    // The next pass starts one interval after the slow one ended, not at once.
    await vi.advanceTimersByTimeAsync(999);
    expect(passes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(passes).toHaveLength(2);
    passes[1]!.resolve('second');
    await job.stop();
  });

  it('kick: a pass at once when idle, one more right after a pass in flight (kicks coalesce)', async () => {
    const passes: ReturnType<typeof deferred<void>>[] = [];
    const job = startPeriodicJob({
      name: 't',
      intervalMs: 60_000,
      log: silent(),
      run: () => {
        const d = deferred<void>();
        passes.push(d);
        return d.promise;
      },
    });
    job.kick();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toHaveLength(1);
    // Work committed while the pass runs may have been missed by its claim: one more pass.
    job.kick();
    job.kick();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toHaveLength(1);
    passes[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toHaveLength(2);
    passes[1]!.resolve();
    // Then the interval again, from the end of the kicked pass, with one timer only.
    await vi.advanceTimersByTimeAsync(59_999);
    expect(passes).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(passes).toHaveLength(3);
    passes[2]!.resolve();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(passes).toHaveLength(4);
    passes[3]!.resolve();
    await job.stop();
    job.kick();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(passes).toHaveLength(4);
  });

  it('logs a failed pass with the job name and keeps the schedule (also for a synchronous throw)', async () => {
    const log = silent();
    let calls = 0;
    const job = startPeriodicJob({
      name: 'flaky',
      intervalMs: 1000,
      log,
      run: () => {
        calls++;
        if (calls === 1) throw new Error('boom');
        if (calls === 2) return Promise.reject(new Error('db down'));
        return Promise.resolve(calls);
      },
    });
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(log.error.mock.calls).toEqual([
      ['[flaky] run failed:', 'boom'],
      ['[flaky] run failed:', 'db down'],
    ]);
    expect(await job.runNow()).toBe(3);
    await job.stop();
  });

  it('runNow resolves to undefined when the pass fails', async () => {
    const job = startPeriodicJob({
      name: 't',
      intervalMs: 1000,
      log: silent(),
      run: () => Promise.reject(new Error('no')),
    });
    expect(await job.runNow()).toBeUndefined();
    await job.stop();
  });

  it('stop waits for the pass in flight and no pass starts afterwards', async () => {
    const pass = deferred<void>();
    let passes = 0;
    const job = startPeriodicJob({
      name: 't',
      intervalMs: 1000,
      runAtStart: true,
      log: silent(),
      run: () => {
        passes++;
        return pass.promise;
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = job.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    pass.resolve();
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await job.runNow()).toBeUndefined();
    expect(passes).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
