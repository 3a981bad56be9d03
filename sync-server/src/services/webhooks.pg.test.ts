import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createWebhookResponseSchema,
  intakeResponseSchema,
  webhookDeliverySchema,
  webhookEndpointSchema,
  webhookPayloadSchema,
} from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { withTransaction } from '../db/pool.ts';
import { makeTestApp, seedDevice, type TestApp } from '../test/fixtures.ts';
import { createAddressPolicy } from './webhook-address.ts';
import {
  deliverDueWebhooks,
  sealLegacyWebhookSecrets,
  verifyWebhookSignature,
  type WebhookWorkerOptions,
} from './webhooks.ts';

type Received = { headers: IncomingHttpHeaders; body: string; valid: boolean };

/** A real HTTP receiver on 127.0.0.1 and a free port that checks the signature like an integrator would. */
async function startReceiver(
  secret: string,
  status: (n: number) => number,
): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const sig = req.headers['x-edc-signature'];
      const valid = verifyWebhookSignature(
        secret,
        body,
        typeof sig === 'string' ? sig : undefined,
        Math.floor(Date.now() / 1000),
      );
      got.push({ headers: req.headers, body, valid });
      res.statusCode = valid ? status(got.length) : 401;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/edc`,
    got,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SECRET_OK = 'receiver-secret-0123456789';
const SECRET_BAD = 'failing-secret-0123456789';
const MID = '800000000000001';

describe('outbound webhooks (real Postgres, real HTTP receivers)', () => {
  let t: TestApp;
  let admin: string;
  let good: Awaited<ReturnType<typeof startReceiver>>;
  let failing: Awaited<ReturnType<typeof startReceiver>>;
  let goodId: string;
  let failingId: string;
  let opts: Partial<WebhookWorkerOptions> = {
    maxAttempts: 3,
    baseDelayMs: 1000,
    maxDelayMs: 10_000,
    timeoutMs: 5000,
  };

  beforeAll(async () => {
    // Real clock: the receiver checks the signature timestamp against its own clock.
    // The receivers listen on loopback, which webhooks may reach only when allowlisted.
    t = await makeTestApp({ env: { WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32' } });
    opts = {
      ...opts,
      policy: createAddressPolicy(t.deps.config.webhooks.allowedNetworks),
      secretKey: t.deps.config.webhooks.secretKey,
    };
    admin = await t.login('admin1');
    good = await startReceiver(SECRET_OK, () => 200);
    failing = await startReceiver(SECRET_BAD, () => 503);
    await seedDevice(t.db, { serialNumber: 'SN-WH-1', tid: 'TIDW0001', mid: MID });
  });
  afterAll(async () => {
    await good?.close();
    await failing?.close();
    await t?.close();
  });

  it('admin registers endpoints; the secret is shown once', async () => {
    const res = await t.request('/api/admin/webhooks', {
      token: admin,
      json: {
        url: good.url,
        events: ['case.accepted', 'case.resolved'],
        secret: SECRET_OK,
        description: 'CRM',
      },
    });
    expect(res.status).toBe(201);
    const created = createWebhookResponseSchema.parse(await res.json());
    expect(created.secret).toBe(SECRET_OK);
    goodId = created.id;

    const generated = createWebhookResponseSchema.parse(
      await (
        await t.request('/api/admin/webhooks', {
          token: admin,
          json: { url: failing.url, events: ['case.resolved'] },
        })
      ).json(),
    );
    expect(generated.secret).toMatch(/^whsec_/);
    // Without a secret the server generates one; that endpoint is removed again and the
    // failing receiver gets its own endpoint with a secret it knows.
    await t.request(`/api/admin/webhooks/${generated.id}`, { token: admin, method: 'DELETE' });
    const failingRes = await t.request('/api/admin/webhooks', {
      token: admin,
      json: { url: failing.url, events: ['case.resolved'], secret: SECRET_BAD },
    });
    failingId = createWebhookResponseSchema.parse(await failingRes.json()).id;

    const list = z
      .array(webhookEndpointSchema)
      .parse(await (await t.request('/api/admin/webhooks', { token: admin })).json());
    expect(list.map((e) => e.id).sort()).toEqual([goodId, failingId].sort());
    expect(JSON.stringify(list)).not.toContain(SECRET_OK);

    expect(
      (
        await t.request('/api/admin/webhooks', {
          token: admin,
          json: { url: 'ftp://x', events: ['case.accepted'] },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.request('/api/admin/webhooks', {
          token: admin,
          json: { url: good.url, events: ['case.commented'] },
        })
      ).status,
    ).toBe(400);
  });

  it('an accepted case is delivered once, signed, with the case summary', async () => {
    const agent = await t.login('agent1');
    const res = await t.request('/api/intake/cases', {
      token: agent,
      json: {
        channel: 'phone',
        mid: MID,
        serialNumber: 'SN-WH-1',
        description: 'EDC mati',
        category: 'replace_device',
      },
    });
    const { case: c } = intakeResponseSchema.parse(await res.json());
    expect(c.status).toBe('open');

    const outcomes = await deliverDueWebhooks(t.db, new Date(), opts);
    expect(outcomes).toEqual([expect.objectContaining({ ok: true, statusCode: 200 })]);
    expect(good.got).toHaveLength(1);
    const hit = good.got[0]!;
    expect(hit.valid).toBe(true);
    expect(hit.headers['x-edc-event']).toBe('case.accepted');
    const payload = webhookPayloadSchema.parse(JSON.parse(hit.body));
    expect(payload).toMatchObject({
      event: 'case.accepted',
      case: { id: c.id, caseNumber: c.caseNumber, status: 'open', mid: MID },
    });

    // Nothing more is due: a second pass sends nothing.
    expect(await deliverDueWebhooks(t.db, new Date(), opts)).toEqual([]);
    const log = z
      .array(webhookDeliverySchema)
      .parse(await (await t.request(`/api/admin/webhooks/${goodId}/deliveries`, { token: admin })).json());
    expect(log).toEqual([
      expect.objectContaining({
        status: 'delivered',
        attempts: 1,
        lastStatusCode: 200,
        event: 'case.accepted',
      }),
    ]);
  });

  it('a failing receiver is retried with backoff, then the delivery is failed; the good one is not resent', async () => {
    const caseId = randomUUID();
    await t.db.pool.query(
      `INSERT INTO cases (id, client_rev, status, case_number, category, description, channel, mid, reported_at, created_by,
         accepted_at, resolved_at, region)
       VALUES ($1, $2, 'resolved', 'CASE-WH-00001', 'paper_supply', 'x', 'phone', $3, now(), 'agent1', now(), now(), 'JKT')`,
      [caseId, randomUUID(), MID],
    );
    await t.db.pool.query(
      `INSERT INTO case_events (id, case_id, type, at, actor, mid, region) VALUES ($1, $2, 'resolved', now(), 'agent1', $3, 'JKT')`,
      [randomUUID(), caseId, MID],
    );
    // A comment is not a webhook event.
    await t.db.pool.query(
      `INSERT INTO case_events (id, case_id, type, at, actor, note, mid, region) VALUES ($1, $2, 'comment', now(), 'agent1', 'hi', $3, 'JKT')`,
      [randomUUID(), caseId, MID],
    );

    let now = new Date();
    // Two workers at once (two server instances): each delivery goes out once.
    const [a, b] = await Promise.all([
      deliverDueWebhooks(t.db, now, opts),
      deliverDueWebhooks(t.db, now, opts),
    ]);
    expect([...a, ...b]).toHaveLength(2);
    expect(good.got).toHaveLength(2);
    expect(failing.got).toHaveLength(1);
    expect(failing.got[0]?.valid).toBe(true);

    // Not due again before its backoff.
    expect(await deliverDueWebhooks(t.db, now, opts)).toEqual([]);
    for (let i = 2; i <= 3; i++) {
      now = new Date(now.getTime() + 60_000);
      const out = await deliverDueWebhooks(t.db, now, opts);
      expect(out).toEqual([expect.objectContaining({ ok: false, statusCode: 503, final: i === 3 })]);
    }
    now = new Date(now.getTime() + 3_600_000);
    expect(await deliverDueWebhooks(t.db, now, opts)).toEqual([]);
    expect(failing.got).toHaveLength(3);
    expect(good.got).toHaveLength(2);

    const log = z
      .array(webhookDeliverySchema)
      .parse(await (await t.request(`/api/admin/webhooks/${failingId}/deliveries`, { token: admin })).json());
    expect(log).toEqual([
      expect.objectContaining({
        event: 'case.resolved',
        status: 'failed',
        attempts: 3,
        lastStatusCode: 503,
        lastError: 'http_status',
      }),
    ]);
  });

  it('a rolled-back change enqueues nothing', async () => {
    const caseId = randomUUID();
    await expect(
      withTransaction(t.db, async (client) => {
        await client.query(
          `INSERT INTO cases (id, client_rev, status, category, description, channel, mid, reported_at, created_by, region)
           VALUES ($1, $2, 'open', 'other', 'x', 'phone', $3, now(), 'agent1', 'JKT')`,
          [caseId, randomUUID(), MID],
        );
        await client.query(
          `INSERT INTO case_events (id, case_id, type, at, actor, mid) VALUES ($1, $2, 'accepted', now(), 'system', $3)`,
          [randomUUID(), caseId, MID],
        );
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const { rows } = await t.db.pool.query(
      `SELECT 1 FROM webhook_deliveries WHERE payload->'case'->>'id' = $1`,
      [caseId],
    );
    expect(rows).toHaveLength(0);
  });

  it('deleting an endpoint stops deliveries to it', async () => {
    expect(
      (await t.request(`/api/admin/webhooks/${goodId}`, { token: admin, method: 'DELETE' })).status,
    ).toBe(200);
    expect(
      (await t.request(`/api/admin/webhooks/${goodId}`, { token: admin, method: 'DELETE' })).status,
    ).toBe(404);
    const caseId = randomUUID();
    await t.db.pool.query(
      `INSERT INTO cases (id, client_rev, status, category, description, channel, mid, reported_at, created_by, region)
       VALUES ($1, $2, 'open', 'other', 'x', 'phone', $3, now(), 'agent1', 'JKT')`,
      [caseId, randomUUID(), MID],
    );
    await t.db.pool.query(
      `INSERT INTO case_events (id, case_id, type, at, actor, mid) VALUES ($1, $2, 'accepted', now(), 'system', $3)`,
      [randomUUID(), caseId, MID],
    );
    expect(await deliverDueWebhooks(t.db, new Date(Date.now() + 86_400_000), opts)).toEqual([]);
  });

  it('every path enqueues: intake acceptance and rejection, desk resolve and close (real routes)', async () => {
    const all = await startReceiver(SECRET_OK, () => 204);
    try {
      const created = await t.request('/api/admin/webhooks', {
        token: admin,
        json: {
          url: all.url,
          events: ['case.accepted', 'case.rejected', 'case.resolved', 'case.closed'],
          secret: SECRET_OK,
        },
      });
      expect(created.status).toBe(201);
      await seedDevice(t.db, { serialNumber: 'SN-WH-2', tid: 'TIDW0002', mid: MID });
      const agent = await t.login('agent1');
      const intake = (description: string) =>
        t.request('/api/intake/cases', {
          token: agent,
          json: {
            channel: 'walk_in',
            mid: MID,
            serialNumber: 'SN-WH-2',
            description,
            category: 'replace_device',
          },
        });
      const { case: c } = intakeResponseSchema.parse(await (await intake('printer rusak')).json());
      const { case: dup } = intakeResponseSchema.parse(await (await intake('printer rusak lagi')).json());
      expect(dup.status).toBe('rejected');
      for (const body of [
        { action: 'start' },
        { action: 'resolve', rca: 'Head printer aus', capa: 'Ganti unit; cek rutin bulanan' },
        { action: 'close' },
      ]) {
        const res = await t.request(`/api/cases/${c.id}/transition`, { token: agent, json: body });
        expect(res.status, JSON.stringify(body)).toBe(200);
      }
      await deliverDueWebhooks(t.db, new Date(), opts);
      expect(all.got.every((g) => g.valid)).toBe(true);
      const events = all.got.map((g) => webhookPayloadSchema.parse(JSON.parse(g.body)));
      expect(events.map((e) => `${e.event}:${e.case.id}`).sort()).toEqual(
        [
          `case.accepted:${c.id}`,
          `case.rejected:${dup.id}`,
          `case.resolved:${c.id}`,
          `case.closed:${c.id}`,
        ].sort(),
      );
      const closed = events.find((e) => e.event === 'case.closed');
      expect(closed?.case).toMatchObject({ status: 'closed', rca: 'Head printer aus' });
    } finally {
      await all.close();
    }
  });

  it.each(['agent1', 'supervisor1', 'tech1', 'merchant1'])(
    '%s may not manage webhooks (403)',
    async (username) => {
      const token = await t.login(username);
      expect((await t.request('/api/admin/webhooks', { token })).status).toBe(403);
    },
  );
});

describe('webhooks and SSRF (issue 11)', () => {
  let t: TestApp;
  let admin: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    t = await makeTestApp({ env: { WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32' } });
    admin = await t.login('admin1');
    receiver = await startReceiver(SECRET_OK, () => 200);
    await seedDevice(t.db, { serialNumber: 'SN-WH-9', tid: 'TIDW0009', mid: MID });
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  const register = (url: string, secret = SECRET_OK) =>
    t.request('/api/admin/webhooks', { token: admin, json: { url, events: ['case.accepted'], secret } });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    // Loopback beyond the allowlisted 127.0.0.1 (a strict server refuses `localhost` too:
    // webhook-address.test.ts).
    'http://127.0.0.2:54420/',
    'http://0x7f.2/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::1]/',
    'http://10.0.0.1/',
    'http://192.168.1.10:8080/',
    'http://100.64.0.1/',
  ])('registering %s → 422 url_not_allowed', async (url) => {
    const res = await register(url);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      reason: 'url_not_allowed',
      details: { reason: 'private_address' },
    });
  });

  it('the allowlisted receiver registers; its secret is stored sealed, deliveries are signed with the plain one', async () => {
    const res = await register(receiver.url);
    expect(res.status).toBe(201);
    const { id, secret } = createWebhookResponseSchema.parse(await res.json());
    expect(secret).toBe(SECRET_OK);
    const { rows } = await t.db.pool.query<{ secret: string }>(
      'SELECT secret FROM webhook_endpoints WHERE id = $1',
      [id],
    );
    expect(rows[0]?.secret).toMatch(/^v1:/);
    expect(rows[0]?.secret).not.toContain(SECRET_OK);

    await t.request('/api/intake/cases', {
      token: admin,
      json: {
        channel: 'phone',
        mid: MID,
        serialNumber: 'SN-WH-9',
        description: 'EDC mati',
        category: 'replace_device',
      },
    });
    const policy = createAddressPolicy(t.deps.config.webhooks.allowedNetworks);
    const out = await deliverDueWebhooks(t.db, new Date(), {
      policy,
      secretKey: t.deps.config.webhooks.secretKey,
    });
    expect(out).toEqual([expect.objectContaining({ ok: true, statusCode: 200 })]);
    expect(receiver.got.at(-1)?.valid).toBe(true);
    await t.request(`/api/admin/webhooks/${id}`, { token: admin, method: 'DELETE' });
  });

  it('a plain secret stored before encryption is sealed at start and still signs', async () => {
    const res = await register(receiver.url);
    const { id } = createWebhookResponseSchema.parse(await res.json());
    await t.db.pool.query('UPDATE webhook_endpoints SET secret = $2 WHERE id = $1', [id, SECRET_OK]);
    expect(await sealLegacyWebhookSecrets(t.db, t.deps.config.webhooks.secretKey)).toBe(1);
    expect(await sealLegacyWebhookSecrets(t.db, t.deps.config.webhooks.secretKey)).toBe(0);
    const { rows } = await t.db.pool.query<{ secret: string }>(
      'SELECT secret FROM webhook_endpoints WHERE id = $1',
      [id],
    );
    expect(rows[0]?.secret).toMatch(/^v1:/);
    await t.request(`/api/admin/webhooks/${id}`, { token: admin, method: 'DELETE' });
  });

  it('every delivery checks again: a host no longer allowed is not called; the log tells no port state', async () => {
    const res = await register(receiver.url);
    const { id } = createWebhookResponseSchema.parse(await res.json());
    const before = receiver.got.length;
    await t.request('/api/intake/cases', {
      token: admin,
      json: { channel: 'phone', mid: MID, description: 'kertas habis', category: 'paper_supply' },
    });
    // The allowlist changed since registration (a restart with another config).
    const strict = createAddressPolicy();
    const out = await deliverDueWebhooks(t.db, new Date(), {
      policy: strict,
      secretKey: t.deps.config.webhooks.secretKey,
    });
    expect(out).toEqual([expect.objectContaining({ ok: false, error: 'address_not_allowed' })]);
    expect(receiver.got.length).toBe(before);
    await t.request(`/api/admin/webhooks/${id}`, { token: admin, method: 'DELETE' });

    // A closed port and a port that accepts and never answers leave the same log entry.
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const silentPort = (silent.address() as AddressInfo).port;
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    try {
      const ids: string[] = [];
      for (const port of [silentPort, closedPort]) {
        const r = await register(`http://127.0.0.1:${port}/x`);
        ids.push(createWebhookResponseSchema.parse(await r.json()).id);
      }
      await t.request('/api/intake/cases', {
        token: admin,
        json: { channel: 'phone', mid: MID, description: 'ganti alamat', category: 'merchant_data' },
      });
      const policy = createAddressPolicy(t.deps.config.webhooks.allowedNetworks);
      await deliverDueWebhooks(t.db, new Date(), {
        policy,
        secretKey: t.deps.config.webhooks.secretKey,
        timeoutMs: 300,
      });
      const logs = await Promise.all(
        ids.map(async (hook) =>
          z
            .array(webhookDeliverySchema)
            .parse(
              await (await t.request(`/api/admin/webhooks/${hook}/deliveries`, { token: admin })).json(),
            ),
        ),
      );
      const entries = logs.map((l) => ({
        status: l[0]?.status,
        lastError: l[0]?.lastError,
        code: l[0]?.lastStatusCode,
      }));
      expect(entries[0]).toEqual({ status: 'pending', lastError: 'no_response', code: undefined });
      expect(entries[1]).toEqual(entries[0]);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });
});
