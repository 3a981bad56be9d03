/**
 * Lighthouse on the technician home for two (or more) client builds, interleaved in one run
 * so all see the same machine load (issue 16): one server and one signed-in Chromium profile
 * per build (the bench technician, 5,000 demo devices, first sync done), then rounds of one
 * Lighthouse run per build, the first build of each round rotating. Prints each run's score
 * and TBT, then per build the median score, the median TBT and the long tasks of its median
 * run (simulated ×4; `lighthouseRows`).
 *
 *   AB_DISTS=<dir A>,<dir B>[,<more dirs>] [AB_ROUNDS=5] [LH_SAVE=<dir>] npx tsx e2e/bench/ab-lighthouse.ts
 *
 * Build each side with `EDC_CLIENT_OUT_DIR=<dir> npm run build -w @edc/client` from its
 * commit. Run under `flock /work/heavy.lock` like every benchmark.
 */
import { type RunningServer, startServer } from '../server.ts';
import { ensureTechnician, lighthouseRows, openLighthouse } from './cheap-phone.ts';

const ROUNDS = Number(process.env.AB_ROUNDS ?? 5);
const log = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

type Session = Awaited<ReturnType<typeof openLighthouse>>;
type Report = Awaited<ReturnType<Session['run']>>;
type Side = { name: string; server: RunningServer; session: Session; reports: Report[] };

const scoreOf = (r: Report) => Math.round((r.categories.performance?.score ?? 0) * 100);
const tbtOf = (r: Report) => Math.round(r.audits['total-blocking-time']?.numericValue ?? Number.NaN);

async function main(): Promise<void> {
  const dists = (process.env.AB_DISTS ?? '').split(',').filter(Boolean);
  if (dists.length < 2) throw new Error('AB_DISTS=<dir A>,<dir B>[,<more dirs>]');
  const sides: Side[] = [];
  const servers: RunningServer[] = [];
  try {
    for (const [i, dist] of dists.entries()) {
      const name = `${String.fromCharCode(65 + i)} (${dist})`;
      const server = await startServer({ STATIC_DIR: dist });
      servers.push(server);
      await ensureTechnician(server.baseURL);
      sides.push({ name, server, session: await openLighthouse(server.baseURL), reports: [] });
      log(`${name}: signed in, first sync done`);
    }
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate which side goes first, so none always follows the same other's work.
      for (let k = 0; k < sides.length; k++) {
        const side = sides[(k + round) % sides.length];
        if (!side) continue;
        const report = await side.session.run();
        side.reports.push(report);
        log(`round ${round + 1} ${side.name}: performance ${scoreOf(report)}, TBT ${tbtOf(report)} ms`);
      }
    }
    for (const side of sides) {
      log(`---- ${side.name}`);
      lighthouseRows(side.reports, log);
      log(
        `${side.name}: performance median ${median(side.reports.map(scoreOf))} (runs ${side.reports.map(scoreOf).join(', ')}); TBT median ${median(side.reports.map(tbtOf))} ms (runs ${side.reports.map(tbtOf).join(', ')})`,
      );
    }
  } finally {
    for (const side of sides) await side.session.close().catch(() => undefined);
    for (const server of servers) await server.stop();
  }
}

await main();
