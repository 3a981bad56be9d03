/**
 * CPU profile (CDP `Profiler`) and Chromium trace of one step of a page, summed by script,
 * by function and by main-thread task, written to /tmp/profile-<name>.cpuprofile and
 * /tmp/trace-<name>.json. Used by profile-phone.ts and profile-jobs.ts (not by the bench's
 * figures).
 */
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
};
type Profile = {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};

/** Self and total time per function and self time per script. */
function summarize(profile: Profile, top = 40): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  }
  const key = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  const scriptBy = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id);
    if (!n) continue;
    selfBy.set(key(n), (selfBy.get(key(n)) ?? 0) + ms);
    const script = n.callFrame.url.split('/').pop() || n.callFrame.functionName;
    scriptBy.set(script, (scriptBy.get(script) ?? 0) + ms);
    // total: each distinct function on the stack once
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cn = byId.get(cur);
      if (!cn) break;
      const k = key(cn);
      if (seen.has(k)) continue;
      seen.add(k);
      totalBy.set(k, (totalBy.get(k) ?? 0) + ms);
    }
  }
  const fmt = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${v.toFixed(1).padStart(8)} ms  ${k}`)
      .join('\n');
  const wall = (profile.endTime - profile.startTime) / 1000;
  return `wall ${wall.toFixed(0)} ms\nby script (self):\n${fmt(scriptBy, 15)}\nby function (self):\n${fmt(selfBy, top)}\nby function (total):\n${fmt(totalBy, top)}`;
}

export async function profiled<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await run();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  writeFileSync(`/tmp/profile-${name}.cpuprofile`, JSON.stringify(profile));
  process.stdout.write(`---- ${name}\n${summarize(profile)}\n`);
  await cdp.detach();
  return result;
}

/** A Chrome trace event, with the fields the profiling and Lighthouse-probe summaries read. */
export type TraceEvent = {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: {
    name?: string;
    data?: {
      url?: string;
      functionName?: string;
      type?: string;
      documentLoaderURL?: string;
      stackTrace?: { url?: string; functionName?: string }[];
    };
  };
};

/** Self time per trace event name on the renderer's main thread, and its long tasks in order. */
function summarizeTrace(events: TraceEvent[]): string {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const mine = events
    .filter((e) => e.ph === 'X' && main && e.pid === main.pid && e.tid === main.tid && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: { e: TraceEvent; end: number; child: number }[] = [];
  const label = (e: TraceEvent) => {
    const url = e.args?.data?.url?.split('/').pop();
    return url ? `${e.name} ${url}` : e.name;
  };
  const pop = () => {
    const top = stack.pop();
    if (!top) return;
    const k = label(top.e);
    self.set(k, (self.get(k) ?? 0) + ((top.e.dur ?? 0) - top.child) / 1000);
    const parent = stack[stack.length - 1];
    if (parent) parent.child += top.e.dur ?? 0;
  };
  const t0 = mine[0]?.ts ?? 0;
  const tasks: string[] = [];
  for (const e of mine) {
    while (stack.length && (stack[stack.length - 1]?.end ?? 0) <= e.ts) pop();
    if (stack.length === 0 && (e.dur ?? 0) > 8000) {
      const kids = mine.filter(
        (c) => c !== e && c.ts >= e.ts && c.ts + (c.dur ?? 0) <= e.ts + (e.dur ?? 0) && (c.dur ?? 0) > 3000,
      );
      tasks.push(
        `  @${((e.ts - t0) / 1000).toFixed(0)} ${((e.dur ?? 0) / 1000).toFixed(0)} ms ${label(e)}: ${kids
          .slice(0, 6)
          .map((c) => `${label(c)} ${((c.dur ?? 0) / 1000).toFixed(0)}`)
          .join(', ')}`,
      );
    }
    stack.push({ e, end: e.ts + (e.dur ?? 0), child: 0 });
  }
  while (stack.length) pop();
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30);
  return `self time by event (main thread):\n${top.map(([k, v]) => `  ${v.toFixed(1).padStart(8)} ms  ${k}`).join('\n')}\ntasks > 8 ms:\n${tasks.join('\n')}`;
}

export async function traced<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => {
    events.push(...(d.value as unknown as TraceEvent[]));
  });
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    categories:
      'devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.execute,blink,loading,toplevel,__metadata',
    transferMode: 'ReportEvents',
  });
  const result = await run();
  await cdp.send('Tracing.end');
  await done;
  writeFileSync(`/tmp/trace-${name}.json`, JSON.stringify({ traceEvents: events }));
  process.stdout.write(`---- trace ${name}\n${summarizeTrace(events)}\n`);
  await cdp.detach();
  return result;
}
