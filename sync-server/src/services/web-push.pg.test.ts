import { randomUUID } from 'node:crypto';
import {
  notificationTypes,
  pushPayloadSchema,
  pushPreferenceSchema,
  vapidPublicKeyResponseSchema,
} from '@edc/shared';
import { pushByDefault, pushDeliveryFor } from '@edc/shared/domain';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { insertNotifications, type NotificationRow } from '../db/notifications.ts';
import { withTransaction } from '../db/pool.ts';
import { pushDeliveryCounts } from '../db/push.ts';
import { startBackgroundJobs } from '../jobs/background-jobs.ts';
import { makeTestApp, type TestApp } from '../test/fixtures.ts';
import {
  type BrowserSubscription,
  encryptAes128gcm,
  type PushServiceStandIn,
  startPushServiceStandIn,
} from '../test/push-service.ts';
import { createPgNotifier } from './notify.ts';
import { sendDuePushes } from './web-push.ts';

let t: TestApp;
let ps: PushServiceStandIn;
const userIds = new Map<string, string>();

beforeAll(async () => {
  t = await makeTestApp({ env: { PUSH_ALLOWED_HOSTS: '127.0.0.1,fcm.googleapis.com' } });
  ps = await startPushServiceStandIn();
  const { rows } = await t.db.pool.query<{ id: string; username: string }>('SELECT id, username FROM users');
  for (const r of rows) userIds.set(r.username, r.id);
});
afterAll(async () => {
  await ps?.close();
  await t?.close();
});

const subId = (s: BrowserSubscription) => s.endpoint.split('/').at(-1)!;

async function subscribe(token: string, sub: BrowserSubscription): Promise<Response> {
  return t.request('/api/push/subscriptions', { token, json: { ...sub, expirationTime: null } });
}

type Draft = { type?: string; title?: string; body?: string; url?: string };

/** A notification row as services/notifications.ts renders it (both languages). */
function notification(recipient: string, over: Draft = {}): NotificationRow {
  const title = over.title ?? 'Pesan dari desk';
  const body = over.body ?? 'CASE-20261204-00001: mohon cek kembali.';
  return {
    id: randomUUID(),
    recipient,
    type: over.type ?? 'comment',
    case_id: randomUUID(),
    title_id: title,
    title_en: `${title} (en)`,
    body_id: body,
    body_en: `${body} (en)`,
    url: over.url ?? '/cases/x',
    created_at: t.clock().toISOString(),
  };
}

const deliveries = async () =>
  (await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM push_deliveries')).rows[0]!.n;

/** Writes notification rows (the trigger queues their pushes); returns how many were queued. */
async function queue(rows: NotificationRow[]): Promise<number> {
  const before = await deliveries();
  await withTransaction(t.db, (client) => insertNotifications(client, rows));
  return (await deliveries()) - before;
}

const deps = () => ({ db: t.db, clock: t.clock, config: t.deps.config });

describe('the stand-in itself', () => {
  it('decrypts an independent RFC 8291 encryption, refuses other keys and unsigned messages', async () => {
    const sub = ps.subscribe();
    const other = ps.subscribe();
    const body = encryptAes128gcm(Buffer.from('{"hello":"dunia"}'), sub);
    expect(ps.decrypt(sub, body).toString()).toBe('{"hello":"dunia"}');
    expect(() => ps.decrypt(other, body)).toThrow();
    // Over HTTP without a VAPID header: refused with 400 and recorded, never counted as received.
    const res = await fetch(sub.endpoint, {
      method: 'POST',
      body,
      headers: { 'content-encoding': 'aes128gcm' },
    });
    expect(res.status).toBe(400);
    expect(ps.rejected.at(-1)?.error).toMatch(/Authorization/);
    expect(ps.received).toEqual([]);
    ps.rejected.length = 0;
  });
});

describe('/api/push routes', () => {
  it('serves the VAPID public key as an uncompressed P-256 point', async () => {
    const token = await t.login('merchant1');
    const res = await t.request('/api/push/vapid-public-key', { token });
    expect(res.status).toBe(200);
    const { publicKey } = vapidPublicKeyResponseSchema.parse(await res.json());
    const raw = Buffer.from(publicKey, 'base64url');
    expect(raw.length).toBe(65);
    expect(raw[0]).toBe(4);
    expect((await t.request('/api/push/vapid-public-key')).status).toBe(401);
  });

  it('accepts allowed push services, refuses other endpoints with 422 and bad keys with 400', async () => {
    const token = await t.login('tech1');
    const sub = ps.subscribe();
    expect((await subscribe(token, sub)).status).toBe(201);
    // Re-subscribing the same endpoint is an upsert, not a second row.
    expect((await subscribe(token, sub)).status).toBe(201);
    const fcm = { ...ps.subscribe(), endpoint: 'https://fcm.googleapis.com/fcm/send/abc' };
    expect((await subscribe(token, fcm)).status).toBe(201);
    const { rows } = await t.db.pool.query('SELECT endpoint FROM push_subscriptions WHERE user_id = $1', [
      userIds.get('tech1'),
    ]);
    expect(rows.map((r) => r.endpoint).sort()).toEqual([fcm.endpoint, sub.endpoint].sort());

    for (const endpoint of [
      'https://evil.example.com/push',
      'http://fcm.googleapis.com/fcm/send/abc',
      'http://10.1.2.3/push',
      'not a url',
    ]) {
      const res = await subscribe(token, { ...sub, endpoint });
      expect(res.status, endpoint).toBe(422);
      expect(await res.json()).toMatchObject({ status: 'error', reason: 'push_endpoint_not_allowed' });
    }
    const badKeys = await subscribe(token, { ...sub, keys: { p256dh: 'short', auth: sub.keys.auth } });
    expect(badKeys.status).toBe(400);
    expect((await t.request('/api/push/subscriptions', { json: sub })).status).toBe(401);
  });

  it('deletes only the caller’s own subscription; logout removes that device’s subscriptions', async () => {
    const m1 = await t.loginFull('merchant1');
    const m2 = await t.login('merchant2');
    const sub = ps.subscribe();
    expect((await subscribe(m1.accessToken, sub)).status).toBe(201);
    const foreign = await t.request('/api/push/subscriptions', {
      method: 'DELETE',
      token: m2,
      json: { endpoint: sub.endpoint },
    });
    expect(await foreign.json()).toEqual({ ok: true, deleted: false });
    const own = await t.request('/api/push/subscriptions', {
      method: 'DELETE',
      token: m1.accessToken,
      json: { endpoint: sub.endpoint },
    });
    expect(await own.json()).toEqual({ ok: true, deleted: true });

    const other = await t.loginFull('merchant1');
    const a = ps.subscribe();
    const b = ps.subscribe();
    await subscribe(m1.accessToken, a);
    await subscribe(other.accessToken, b);
    const out = await t.request('/api/auth/logout', { token: m1.accessToken, json: {} });
    expect(out.status).toBe(200);
    const { rows } = await t.db.pool.query<{ endpoint: string }>(
      'SELECT endpoint FROM push_subscriptions WHERE endpoint = ANY($1)',
      [[a.endpoint, b.endpoint]],
    );
    expect(rows.map((r) => r.endpoint)).toEqual([b.endpoint]);
  });

  it('a second user signing in on the same browser takes the endpoint over', async () => {
    const sub = ps.subscribe();
    await subscribe(await t.login('tech2'), sub);
    await subscribe(await t.login('tech3'), sub);
    const { rows } = await t.db.pool.query<{ user_id: string }>(
      'SELECT user_id FROM push_subscriptions WHERE endpoint = $1',
      [sub.endpoint],
    );
    expect(rows).toEqual([{ user_id: userIds.get('tech3') }]);
  });
});

describe('the push queue and worker', () => {
  it('delivers a committed notification encrypted (RFC 8291) with a valid VAPID JWT; a rolled-back one never', async () => {
    const token = await t.login('supervisor1');
    const phone = ps.subscribe();
    const laptop = ps.subscribe();
    await subscribe(token, phone);
    await subscribe(token, laptop);
    const n = notification('supervisor1', {
      type: 'case_rejected',
      title: 'Kasus ditolak',
      body: 'Diblokir oleh CASE-1',
    });
    expect(await queue([n])).toBe(2);
    const ghost = notification('supervisor1');
    await expect(
      withTransaction(t.db, async (client) => {
        await insertNotifications(client, [ghost]);
        throw new Error('the event failed');
      }),
    ).rejects.toThrow('the event failed');

    const before = ps.received.length;
    const outcomes = await sendDuePushes(deps());
    expect(outcomes.map((o) => o.result)).toEqual(['sent', 'sent']);
    const got = ps.received.slice(before);
    expect(ps.rejected).toEqual([]);
    expect(got.map((g) => g.subscriptionId).sort()).toEqual([subId(phone), subId(laptop)].sort());
    for (const g of got) {
      expect(pushPayloadSchema.parse(g.payload)).toEqual({
        id: n.id,
        type: 'case_rejected',
        caseId: n.case_id,
        title: 'Kasus ditolak',
        body: 'Diblokir oleh CASE-1',
        url: '/cases/x',
      });
      expect(g.headers.urgency).toBe('high');
      expect(Number(g.headers.ttl)).toBeGreaterThan(3600);
      expect(g.jwt.aud).toBe(ps.origin);
      expect(g.vapidKey).toBe(t.deps.config.push.vapid?.publicKey);
    }
    // Sent once: a second pass finds nothing due.
    expect(await sendDuePushes(deps())).toEqual([]);
  });

  it('404/410 deletes the subscription; 5xx retries with backoff and then succeeds once', async () => {
    const token = await t.login('agent1');
    const dead = ps.subscribe();
    const flaky = ps.subscribe();
    await subscribe(token, dead);
    await subscribe(token, flaky);
    ps.respond(subId(dead), 410);
    ps.respond(subId(flaky), (attempt) => (attempt === 1 ? 503 : 201));
    const n = notification('agent1', { type: 'comment' });
    await queue([n]);

    const first = await sendDuePushes(deps(), { random: () => 0 });
    expect(first.map((o) => o.result).sort()).toEqual(['gone', 'retry']);
    const { rows: subs } = await t.db.pool.query('SELECT 1 FROM push_subscriptions WHERE endpoint = $1', [
      dead.endpoint,
    ]);
    expect(subs).toEqual([]);
    // Not due yet: the retry waits its backoff on the server clock.
    expect(await sendDuePushes(deps())).toEqual([]);
    t.clock.advance(60_000);
    const before = ps.received.length;
    const second = await sendDuePushes(deps());
    expect(second.map((o) => o.result)).toEqual(['sent']);
    expect(
      ps.received.slice(before).map((g) => [g.subscriptionId, (g.payload as { id: string }).id]),
    ).toEqual([[subId(flaky), n.id]]);
  });

  it('two workers at once send every delivery exactly once', async () => {
    const token = await t.login('admin1');
    const subs = Array.from({ length: 6 }, () => ps.subscribe());
    for (const s of subs) await subscribe(token, s);
    const ns = Array.from({ length: 5 }, () => notification('admin1'));
    expect(await queue(ns)).toBe(30);
    const before = ps.received.length;
    const [a, b] = await Promise.all([
      sendDuePushes(deps(), { batch: 4, concurrency: 2 }),
      sendDuePushes(deps(), { batch: 4, concurrency: 2 }),
    ]);
    expect(a.length + b.length).toBe(30);
    const got = ps.received
      .slice(before)
      .map((g) => `${g.subscriptionId}/${(g.payload as { id: string }).id}`);
    expect(got.length).toBe(30);
    expect(new Set(got).size).toBe(30);
  });

  it('a message past its TTL is expired, never sent', async () => {
    const token = await t.login('merchant2');
    await subscribe(token, ps.subscribe());
    await queue([notification('merchant2', { type: 'reminder' })]);
    const counts = await pushDeliveryCounts(t.db.pool);
    t.clock.advance(25 * 3600 * 1000);
    const before = ps.received.length;
    expect(await sendDuePushes(deps())).toEqual([]);
    expect(ps.received.length).toBe(before);
    expect((await pushDeliveryCounts(t.db.pool)).expired).toBe(counts.expired + 1);
  });

  it('an unknown recipient queues nothing', async () => {
    expect(await queue([notification('nobody')])).toBe(0);
  });

  it('preferences: quiet by default for an accepted case; a user choice overrides the default', async () => {
    const token = await t.login('tech2');
    await subscribe(token, ps.subscribe());
    expect(await queue([notification('tech2', { type: 'case_accepted' })])).toBe(0);
    expect(await queue([notification('tech2', { type: 'case_rejected' })])).toBe(1);
    const before = await t.request('/api/push/preferences', { token });
    const defaults = z.array(pushPreferenceSchema).parse(await before.json());
    expect(defaults.find((p) => p.type === 'case_accepted')).toEqual({
      type: 'case_accepted',
      push: false,
      isDefault: true,
    });
    const put = await t.request('/api/push/preferences', {
      method: 'PUT',
      token,
      json: {
        preferences: [
          { type: 'case_accepted', push: true },
          { type: 'comment', push: false },
        ],
      },
    });
    expect(put.status).toBe(200);
    const saved = z.array(pushPreferenceSchema).parse(await put.json());
    expect(saved.filter((p) => !p.isDefault).map((p) => [p.type, p.push])).toEqual([
      ['case_accepted', true],
      ['comment', false],
    ]);
    const bad = await t.request('/api/push/preferences', {
      method: 'PUT',
      token,
      json: { preferences: [{ type: 'everything', push: true }] },
    });
    expect(bad.status).toBe(400);
    expect(await queue([notification('tech2', { type: 'case_accepted' })])).toBe(1);
    expect(await queue([notification('tech2', { type: 'comment' })])).toBe(0);
    // The inbox row is written either way.
    const { rows } = await t.db.pool.query(
      `SELECT count(*)::int AS n FROM notifications WHERE recipient = 'tech2'`,
    );
    expect(rows[0].n).toBe(4);
  });

  it('the SQL push policy of the trigger matches the shared rule for every type', async () => {
    for (const type of notificationTypes) {
      const { rows } = await t.db.pool.query<{ urgency: string; ttl: number; dflt: boolean }>(
        'SELECT edc_push_urgency($1) AS urgency, edc_push_ttl_seconds($1) AS ttl, edc_push_by_default($1) AS dflt',
        [type],
      );
      const d = pushDeliveryFor(type);
      expect(rows[0], type).toEqual({ urgency: d.urgency, ttl: d.ttlSeconds, dflt: pushByDefault(type) });
    }
  });
});

describe('the push job', () => {
  it('is woken by the notification’s commit (NOTIFY), not by its interval', async () => {
    const token = await t.login('admin1');
    const sub = ps.subscribe();
    expect((await subscribe(token, sub)).status).toBe(201);
    await sendDuePushes(deps());
    const notifier = createPgNotifier({ source: t.db.pool });
    await notifier.ready();
    const jobs = startBackgroundJobs(
      { db: t.db, clock: t.clock, notifier },
      {
        ...t.deps.config,
        // One pass at start, the next one an hour later: only the wake-up can send in time.
        jobs: {
          slaMonitorIntervalMs: 0,
          webhookIntervalMs: 0,
          autoCloseIntervalMs: 0,
          pushIntervalMs: 3_600_000,
          announcementIntervalMs: 0,
        },
      },
      { info: () => {}, error: () => {} },
    );
    try {
      await jobs.handles.push?.runNow();
      const row = notification('admin1');
      expect(await queue([row])).toBeGreaterThanOrEqual(1);
      const mine = () =>
        ps.received.filter(
          (r) => r.subscriptionId === subId(sub) && (r.payload as { id?: string }).id === row.id,
        );
      await vi.waitFor(() => expect(mine()).toHaveLength(1), { timeout: 15_000, interval: 50 });
    } finally {
      await jobs.stop();
      await notifier.close();
    }
  });
});
