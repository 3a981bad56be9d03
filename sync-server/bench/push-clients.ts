/**
 * The push benchmark's 50 HTTP clients, run in a worker thread (bench-server.ts starts it).
 * In production the clients are phones: sharing the server's event loop would bill their
 * request building and response parsing to the server (about a fifth of its busy time in a
 * CPU profile), so they get their own thread and the server's thread serves requests only.
 * They use node:http with a keep-alive agent rather than fetch: undici's fetch costs more
 * CPU per request than the server spends answering it, and on a 2-core machine every
 * client millisecond is taken from the server or Postgres.
 * Warm-up: the `warmup` batches are pushed first, with the same concurrency, and only then
 * does the clock start (a `{ warm: true }` message tells the parent, which starts its CPU
 * counters there). A server in production runs with its push path compiled by V8's
 * optimizing tiers; without a warm-up the measured run would include that compilation
 * (on V8's helper threads, competing with Postgres for the two cores).
 * Input (workerData): PushClientsInput. Output: `{ warm: true }`, then one PushClientsResult.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { newCase } from '../src/services/case-acceptance-fixtures.ts';

export type PushClientsInput = {
  url: string;
  tokens: string[];
  batches: number[][];
  /** Pushed before the measured batches, not measured (distinct devices). */
  warmup: number[][];
  now: string;
};
export type PushClientsWarm = { warm: true };
export type PushClientsResult =
  | { ok: true; ms: number; latencies: number[]; accepted: number }
  | { ok: false; error: string };

/** The bench's case for device i: the tests' submitted-case draft, with its own serial. */
function caseDoc(i: number, now: string) {
  return newCase({
    description: `Bench case ${i}`,
    serialNumber: `BN${String(i + 1).padStart(8, '0')}`,
    reportedAt: now,
    updatedAt: now,
  });
}

function post(
  agent: Agent,
  url: URL,
  token: string,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Pushes `bodies` from one keep-alive connection per token; returns latencies and accepted count. */
async function pushAll(agent: Agent, url: URL, tokens: string[], bodies: string[]) {
  const latencies: number[] = [];
  let accepted = 0;
  let next = 0;
  await Promise.all(
    tokens.map(async (token) => {
      for (;;) {
        const body = bodies[next++];
        if (body === undefined) return;
        const t1 = performance.now();
        const res = await post(agent, url, token, body);
        latencies.push(performance.now() - t1);
        if (res.status !== 200) throw new Error(`push: ${res.status} ${res.text.slice(0, 300)}`);
        const docs = JSON.parse(res.text) as { status: string }[];
        accepted += docs.filter((d) => d.status === 'open').length;
      }
    }),
  );
  return { latencies, accepted };
}

async function run(input: PushClientsInput): Promise<PushClientsResult> {
  const { tokens, now } = input;
  const url = new URL(input.url);
  // One connection per client, kept open, as a phone's browser would.
  const agent = new Agent({ keepAlive: true, maxSockets: tokens.length });
  // Request bodies are built before the clock starts: a phone builds its outbox offline,
  // not on the server's CPU (on this 2-core machine the two would compete).
  const build = (batches: number[][]) =>
    batches.map((b) => JSON.stringify(b.map((i) => ({ newDocumentState: caseDoc(i, now) }))));
  const warmup = build(input.warmup);
  const bodies = build(input.batches);
  await pushAll(agent, url, tokens, warmup);
  parentPort?.postMessage({ warm: true } satisfies PushClientsWarm);
  const start = performance.now();
  const { latencies, accepted } = await pushAll(agent, url, tokens, bodies);
  const ms = performance.now() - start;
  agent.destroy();
  return { ok: true, ms, latencies, accepted };
}

run(workerData as PushClientsInput).then(
  (result) => parentPort?.postMessage(result),
  (err: unknown) => parentPort?.postMessage({ ok: false, error: String(err) } satisfies PushClientsResult),
);
