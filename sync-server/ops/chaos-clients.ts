/**
 * The chaos run's clients, speaking the replication protocol (DESIGN section 5) the way
 * the phone does:
 * - a pusher builds cases offline (UUID id + clientRev, `status: "submitted"`) and pushes
 *   each batch until it gets an answer, re-sending the SAME documents after a network
 *   error, a 5xx or a timeout (idempotent by id + clientRev); a case is acknowledged
 *   when a 200 answer carries its server document, which is what the phone then shows;
 * - a puller follows the `cases` collection with its checkpoint through every crash and
 *   records the last version of every document it was served.
 * Every HTTP answer's status and timing goes to `Traffic`, which the report uses to count
 * 5xx answers after a recovery.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { SYNC_BASE_PATH } from '@edc/shared';
import { z } from 'zod';
import { newCase } from '../src/services/case-acceptance-fixtures.ts';

export type Answer = { status: number; text: string };

/** One request's outcome: `status` 0 = network error or timeout. */
export type Exchange = { sentAt: number; doneAt: number; status: number; path: string };

export class Traffic {
  readonly serverErrors: Exchange[] = [];
  readonly unexpected: Exchange[] = [];
  byStatus = new Map<number, number>();
  record(e: Exchange): void {
    this.byStatus.set(e.status, (this.byStatus.get(e.status) ?? 0) + 1);
    if (e.status >= 500) this.serverErrors.push(e);
  }
}

export class Http {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  constructor(
    private readonly base: URL,
    private readonly traffic: Traffic,
    private readonly timeoutMs = 30_000,
  ) {}

  send(method: string, path: string, token: string | undefined, body?: string): Promise<Answer> {
    const sentAt = performance.now();
    const done = (status: number) =>
      this.traffic.record({ sentAt, doneAt: performance.now(), status, path: path.split('?')[0] ?? path });
    return new Promise((resolve) => {
      const req = request(
        new URL(path, this.base),
        {
          agent: this.agent,
          method,
          timeout: this.timeoutMs,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(body === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            done(res.statusCode ?? 0);
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', () => {
            done(0);
            resolve({ status: 0, text: '' });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        done(0);
        resolve({ status: 0, text: '' });
      });
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Capped, jittered backoff like the phone's (1 → 30 s there; shorter here, the run is minutes). */
function backoff(attempt: number): Promise<void> {
  const ms = Math.min(1000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2);
  return new Promise((r) => setTimeout(r, ms));
}

const loginAnswer = z.object({ accessToken: z.string() });

/** Logs in, retrying through outages; returns the access token. */
async function login(http: Http, username: string, password: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const res = await http.send('POST', '/api/auth/login', undefined, JSON.stringify({ username, password }));
    if (res.status === 200) return loginAnswer.parse(JSON.parse(res.text)).accessToken;
    if (res.status >= 400 && res.status < 500 && res.status !== 429) {
      throw new Error(`login ${username}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    await backoff(attempt);
  }
}

/** The fields a push decides; none may change once the phone was told them. */
const ackedSchema = z.object({
  id: z.string(),
  clientRev: z.string(),
  serverRev: z.number(),
  status: z.string(),
  caseNumber: z.string().optional(),
  rejectReason: z.string().optional(),
  blockingCaseNumber: z.string().optional(),
  acceptedAt: z.string().optional(),
  dueAt: z.string().optional(),
  description: z.string(),
});
export type AckedCase = z.infer<typeof ackedSchema>;

export type PusherOptions = {
  http: Http;
  username: string;
  password: string;
  /** Devices are `CH00000001…`; each case names a random one (some collide: rule 2 rejects). */
  devices: number;
  batch: number;
  tag: string;
};

export class Pusher {
  readonly acked = new Map<string, AckedCase>();
  /** Answers that were 200 but lacked a sent case, or other 4xx: protocol faults. */
  readonly faults: string[] = [];
  attempts = 0;
  private token: string | undefined;
  private seq = 0;

  constructor(private readonly o: PusherOptions) {}

  /** Pushes batches until `stop()` holds; the batch in flight is always finished. */
  async run(stop: () => boolean): Promise<void> {
    while (!stop()) await this.pushBatch(this.nextBatch());
  }

  private nextBatch(): Record<string, unknown>[] {
    const now = new Date().toISOString();
    return Array.from({ length: this.o.batch }, () => {
      const device = 1 + Math.floor(Math.random() * this.o.devices);
      return newCase({
        id: randomUUID(),
        clientRev: randomUUID(),
        description: `chaos ${this.o.tag} #${++this.seq}`,
        serialNumber: `CH${String(device).padStart(8, '0')}`,
        reportedAt: now,
        updatedAt: now,
      });
    });
  }

  private async pushBatch(docs: Record<string, unknown>[]): Promise<void> {
    // The same body on every attempt: a re-send must be recognised by id + clientRev.
    const body = JSON.stringify(docs.map((d) => ({ newDocumentState: d })));
    for (let attempt = 0; ; attempt++) {
      this.token ??= await login(this.o.http, this.o.username, this.o.password);
      this.attempts++;
      const res = await this.o.http.send('POST', `${SYNC_BASE_PATH}/cases/push`, this.token, body);
      if (res.status === 200) {
        const answer = z.array(ackedSchema.loose()).parse(JSON.parse(res.text));
        const byId = new Map(answer.map((d) => [d.id, d]));
        for (const d of docs) {
          const doc = byId.get(String(d.id));
          if (!doc) this.faults.push(`case ${String(d.id)} missing from a 200 answer`);
          else this.acked.set(doc.id, ackedSchema.parse(doc));
        }
        return;
      }
      if (res.status === 401) {
        this.token = undefined;
        continue;
      }
      if (res.status >= 400 && res.status < 500 && res.status !== 429) {
        this.faults.push(`push answered ${res.status}: ${res.text.slice(0, 200)}`);
        return;
      }
      await backoff(attempt);
    }
  }
}

const pullAnswer = z.object({
  documents: z.array(z.object({ id: z.string(), serverRev: z.number() }).loose()),
  checkpoint: z.object({ txid: z.string(), id: z.string() }).nullable(),
});

/** Follows `cases` from the first checkpoint on, as a back-office desk (sees every case). */
export class Puller {
  /** id → serverRev of the last version served. */
  readonly seen = new Map<string, number>();
  pulls = 0;
  private checkpoint: { txid: string; id: string } | null = null;
  private token: string | undefined;

  constructor(
    private readonly http: Http,
    private readonly username: string,
    private readonly password: string,
    private readonly limit = 500,
  ) {}

  /** One page; true when it was short (caught up), undefined when the request failed. */
  async pullOnce(): Promise<boolean | undefined> {
    this.token ??= await login(this.http, this.username, this.password);
    const cp = this.checkpoint
      ? `&txid=${this.checkpoint.txid}&id=${encodeURIComponent(this.checkpoint.id)}`
      : '';
    const res = await this.http.send(
      'GET',
      `${SYNC_BASE_PATH}/cases/pull?limit=${this.limit}${cp}`,
      this.token,
    );
    if (res.status === 401) {
      this.token = undefined;
      return undefined;
    }
    if (res.status !== 200) return undefined;
    this.pulls++;
    const page = pullAnswer.parse(JSON.parse(res.text));
    for (const d of page.documents) this.seen.set(d.id, d.serverRev);
    if (page.checkpoint) this.checkpoint = page.checkpoint;
    return page.documents.length < this.limit;
  }

  /** Pulls until `stop()`; idles 100 ms when caught up, backs off after a failure. */
  async run(stop: () => boolean): Promise<void> {
    let failures = 0;
    while (!stop()) {
      const caughtUp = await this.pullOnce();
      if (caughtUp === undefined) await backoff(failures++);
      else {
        failures = 0;
        if (caughtUp) await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}
