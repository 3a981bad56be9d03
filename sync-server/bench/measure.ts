/**
 * Measuring helpers of the server benchmark: a free loopback port, a database URL for
 * another database, percentiles and number formatting for the table, and CPU time of the
 * Postgres processes and of this process's threads (Linux /proc; nothing elsewhere).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** CPU time (ms) of all processes named postgres (Linux /proc; 0 elsewhere). */
export function postgresCpuMs(): number {
  let total = 0;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (!stat.includes('(postgres)')) continue;
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        total += ((Number(f[11]) + Number(f[12])) * 1000) / 100;
      } catch {}
    }
  } catch {}
  return total;
}

/** CPU time (ms) per thread of this process, by thread name (Linux /proc; empty elsewhere). */
export function threadCpuMs(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = ((Number(f[11]) + Number(f[12])) * 1000) / 100;
      const key = tid === String(process.pid) ? 'main' : `${name}#${tid}`;
      out.set(key, (out.get(key) ?? 0) + ms);
    }
  } catch {}
  return out;
}

/**
 * CPU time (ms) of ONE Postgres cluster: its postmaster (found by the data directory in its
 * command line) and the postmaster's children (backends, walwriter…). Unlike
 * `postgresCpuMs`, other clusters on a shared machine are not counted. Linux /proc; 0 elsewhere.
 */
export function clusterCpuMs(dataDir: string): number {
  const stats: { pid: string; ppid: string; ms: number }[] = [];
  let postmaster = '';
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (!stat.includes('(postgres)')) continue;
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        stats.push({ pid, ppid: f[1] ?? '', ms: ((Number(f[11]) + Number(f[12])) * 1000) / 100 });
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(dataDir)) postmaster = pid;
      } catch {}
    }
  } catch {}
  return stats.filter((s) => s.pid === postmaster || s.ppid === postmaster).reduce((a, s) => a + s.ms, 0);
}
