/**
 * The clock the background jobs read (jobs/background-jobs.ts `JobDeps.clock`). It is the
 * server clock, moved ahead by `aheadMs` only when the test hooks set it
 * (`POST /api/test/job-clock`, TEST_HOOKS only): an end-to-end journey can then see the
 * real schedule (jobs/periodic-job.ts → services/sla-monitor.ts) find a deadline passed without waiting
 * for it in real time. Requests keep the server clock; only the jobs see the offset.
 */
export type JobClock = {
  now: () => Date;
  /** Moves the jobs' time `ms` ahead of the server clock (0: back in step). */
  setAhead: (ms: number) => void;
};

export function jobClock(base: () => Date): JobClock {
  let ahead = 0;
  return {
    now: () => new Date(base().getTime() + ahead),
    setAhead: (ms) => {
      ahead = ms;
    },
  };
}
