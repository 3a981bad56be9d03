import {
  type Announcement,
  type AnnouncementAudience,
  announcementSchema,
  announcementStatsSchema,
  SYNC_BASE_PATH,
} from '@edc/shared';
import { announcementReaches } from '@edc/shared/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { claimDueAnnouncements } from '../db/announcements.ts';
import { withTransaction } from '../db/pool.ts';
import { notifyDueAnnouncements } from '../services/announcements.ts';
import { makeTestApp, seedMerchant, type TestApp } from '../test/fixtures.ts';

let t: TestApp;
const tokens: Record<string, string> = {};
const audiences: AnnouncementAudience[] = ['all', 'merchants', 'technicians', 'region:BDG'];
const created = new Map<AnnouncementAudience, Announcement>();

beforeAll(async () => {
  t = await makeTestApp({ now: '2026-12-05T02:00:00.000Z' });
  await seedMerchant(t.db, { mid: '000000000000001', region: 'JKT' });
  await seedMerchant(t.db, { mid: '000000000000002', region: 'BDG' });
  for (const u of ['tech1', 'tech3', 'merchant1', 'merchant2', 'agent1', 'supervisor1', 'admin1']) {
    tokens[u] = await t.login(u);
  }
});
afterAll(async () => {
  await t?.close();
});

async function create(token: string, json: unknown): Promise<Response> {
  return t.request('/api/admin/announcements', { token, json });
}

async function pull(token: string, checkpoint?: { txid: string; id: string }) {
  const cp = checkpoint ? `&txid=${checkpoint.txid}&id=${checkpoint.id}` : '';
  const res = await t.request(`${SYNC_BASE_PATH}/announcements/pull?limit=100${cp}`, { token });
  expect(res.status).toBe(200);
  return z
    .object({
      documents: z.array(announcementSchema),
      checkpoint: z.object({ txid: z.string(), id: z.string() }).nullable(),
    })
    .parse(await res.json());
}

describe('POST /api/admin/announcements', () => {
  it('supervisors and admins publish; others get 403; bad input 400', async () => {
    for (const audience of audiences) {
      const res = await create(tokens.supervisor1!, {
        title: `Pemeliharaan ${audience}`,
        body: 'Sistem EDC tidak tersedia 22.00–23.00 WIB.',
        severity: audience === 'region:BDG' ? 'outage' : 'maintenance',
        audience,
        startsAt: '2026-12-05T03:00:00.000Z',
        endsAt: '2026-12-05T06:00:00.000Z',
      });
      expect(res.status).toBe(201);
      const doc = announcementSchema.parse(await res.json());
      expect(doc).toMatchObject({ audience, createdBy: 'supervisor1', _deleted: false });
      created.set(audience, doc);
    }
    const good = { title: 'Info', severity: 'info', audience: 'all' };
    expect((await create(tokens.admin1!, good)).status).toBe(201);
    expect((await create(tokens.agent1!, good)).status).toBe(403);
    expect((await create(tokens.tech1!, good)).status).toBe(403);
    expect((await create(tokens.merchant1!, good)).status).toBe(403);
    for (const bad of [
      { ...good, audience: 'region:jkt' },
      { ...good, audience: 'everyone' },
      { ...good, severity: 'urgent' },
      { ...good, title: '' },
      { ...good, startsAt: '2026-12-05T05:00:00.000Z', endsAt: '2026-12-05T04:00:00.000Z' },
      { ...good, title: 'x'.repeat(201) },
    ]) {
      const res = await create(tokens.admin1!, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(await res.json()).toMatchObject({ reason: 'invalid_body' });
    }
  });

  it('serves each caller the announcements whose audience reaches them, as the shared rule says', async () => {
    const readers = {
      tech1: { role: 'technician', regions: ['JKT'] },
      tech3: { role: 'technician', regions: ['BDG'] },
      merchant1: { role: 'merchant', regions: [], merchantRegion: 'JKT' },
      merchant2: { role: 'merchant', regions: [], merchantRegion: 'BDG' },
    } as const;
    for (const [user, reader] of Object.entries(readers)) {
      const { documents } = await pull(tokens[user]!);
      const expected = audiences.filter((a) => announcementReaches(a, reader));
      expect(documents.map((d) => d.audience).sort(), user).toEqual([...expected, 'all'].sort());
    }
    // The back office sees every announcement.
    expect((await pull(tokens.agent1!)).documents).toHaveLength(audiences.length + 1);
    // Pull-only.
    const push = await t.request(`${SYNC_BASE_PATH}/announcements/push`, {
      token: tokens.admin1!,
      json: [{ newDocumentState: created.get('all') }],
    });
    expect(push.status).toBe(403);
  });

  it('counts reads among the recipients; reading one not addressed to you is 404', async () => {
    const techs = created.get('technicians')!;
    const bdg = created.get('region:BDG')!;
    expect(
      (await t.request(`/api/announcements/${techs.id}/read`, { method: 'POST', token: tokens.tech1! }))
        .status,
    ).toBe(200);
    // Idempotent.
    expect(
      (await t.request(`/api/announcements/${techs.id}/read`, { method: 'POST', token: tokens.tech1! }))
        .status,
    ).toBe(200);
    expect(
      (await t.request(`/api/announcements/${bdg.id}/read`, { method: 'POST', token: tokens.tech1! })).status,
    ).toBe(404);
    expect(
      (await t.request(`/api/announcements/${bdg.id}/read`, { method: 'POST', token: tokens.merchant2! }))
        .status,
    ).toBe(200);

    const res = await t.request('/api/admin/announcements', { token: tokens.agent1! });
    expect(res.status).toBe(200);
    const stats = z.array(announcementStatsSchema).parse(await res.json());
    const by = new Map(stats.map((s) => [s.id, s]));
    // STANDARD_USERS: three technicians; region BDG = tech3 + merchant2.
    expect(by.get(techs.id)).toMatchObject({ recipients: 3, reads: 1, withdrawn: false });
    expect(by.get(bdg.id)).toMatchObject({ recipients: 2, reads: 1 });
    expect(by.get(created.get('all')!.id)?.recipients).toBe(8);
    expect((await t.request('/api/admin/announcements', { token: tokens.tech1! })).status).toBe(403);
  });

  it('a withdrawn announcement replicates as deleted', async () => {
    const first = await pull(tokens.tech1!);
    const target = created.get('technicians')!;
    const del = await t.request(`/api/admin/announcements/${target.id}`, {
      method: 'DELETE',
      token: tokens.admin1!,
    });
    expect(del.status).toBe(200);
    const again = await t.request(`/api/admin/announcements/${target.id}`, {
      method: 'DELETE',
      token: tokens.admin1!,
    });
    expect(again.status).toBe(404);
    const next = await pull(tokens.tech1!, first.checkpoint!);
    expect(next.documents.map((d) => [d.id, d._deleted])).toEqual([[target.id, true]]);
  });
});

describe('claimDueAnnouncements', () => {
  it('claims an announcement once its start time has come, once, with its live recipients', async () => {
    const claim = (at: string) => withTransaction(t.db, (q) => claimDueAnnouncements(q, new Date(at), 100));
    // Before 03:00 nothing of the four is due (the admin's "Info" started at once).
    const early = await claim('2026-12-05T02:30:00.000Z');
    expect(early.map((a) => a.title)).toEqual(['Info']);
    const due = await claim('2026-12-05T03:00:00.000Z');
    // The withdrawn one is never announced.
    expect(due.map((a) => a.title).sort()).toEqual([
      'Pemeliharaan all',
      'Pemeliharaan merchants',
      'Pemeliharaan region:BDG',
    ]);
    const bdg = due.find((a) => a.title === 'Pemeliharaan region:BDG')!;
    expect(bdg.recipients).toEqual(['merchant2', 'tech3']);
    expect(await claim('2026-12-05T04:00:00.000Z')).toEqual([]);
  });

  it('an announcement that already ended is marked without a notice', async () => {
    const res = await create(tokens.admin1!, {
      title: 'Lama',
      severity: 'info',
      audience: 'all',
      startsAt: '2026-12-01T00:00:00.000Z',
      endsAt: '2026-12-02T00:00:00.000Z',
    });
    expect(res.status).toBe(201);
    const claimed = await withTransaction(t.db, (q) =>
      claimDueAnnouncements(q, new Date('2026-12-05T05:00:00.000Z'), 100),
    );
    expect(claimed).toEqual([]);
    const { rows } = await t.db.pool.query(`SELECT notified_at FROM announcements WHERE title = 'Lama'`);
    expect(rows[0].notified_at).not.toBeNull();
  });
});

describe('notifyDueAnnouncements', () => {
  it('notifies every recipient once at the start time, with a push for their subscriptions', async () => {
    const res = await create(tokens.supervisor1!, {
      title: 'Gangguan jaringan Bandung',
      body: 'Transaksi EDC di Bandung terganggu.',
      severity: 'outage',
      audience: 'region:BDG',
      startsAt: '2026-12-05T07:00:00.000Z',
    });
    const a = announcementSchema.parse(await res.json());
    const merchant2 = await t.loginFull('merchant2');
    await t.db.pool.query(
      `INSERT INTO push_subscriptions (user_id, session_id, endpoint, p256dh, auth) VALUES ($1, NULL, 'https://fcm.googleapis.com/fcm/send/m2', 'k', 'a')`,
      [merchant2.user.id],
    );
    expect((await notifyDueAnnouncements(t.db, new Date('2026-12-05T06:59:00.000Z'))).announced).toEqual([]);
    const run = await notifyDueAnnouncements(t.db, new Date('2026-12-05T07:00:30.000Z'));
    expect(run.announced).toEqual([{ id: a.id, recipients: 2 }]);
    expect((await notifyDueAnnouncements(t.db, new Date('2026-12-05T07:01:00.000Z'))).announced).toEqual([]);
    const { rows } = await t.db.pool.query<{ recipient: string; title: string; url: string }>(
      `SELECT recipient, title, url FROM notifications WHERE type = 'announcement' ORDER BY recipient`,
    );
    expect(rows).toEqual([
      { recipient: 'merchant2', title: 'Gangguan jaringan Bandung', url: '/' },
      { recipient: 'tech3', title: 'Gangguan jaringan Bandung', url: '/' },
    ]);
    const { rows: pushes } = await t.db.pool.query<{ payload: { title: string }; urgency: string }>(
      `SELECT d.payload, d.urgency FROM push_deliveries d JOIN push_subscriptions s ON s.id = d.subscription_id
       WHERE s.endpoint = 'https://fcm.googleapis.com/fcm/send/m2'`,
    );
    // An outage wakes the phone: urgency high, although announcements are normal by type.
    expect(pushes.map((p) => [p.payload.title, p.urgency])).toEqual([['Gangguan jaringan Bandung', 'high']]);
  });

  it('a maintenance notice is pushed with the type’s normal urgency', async () => {
    const res = await create(tokens.supervisor1!, {
      title: 'Pemeliharaan server',
      body: 'Settlement ditunda 22.00–23.00 WIB.',
      severity: 'maintenance',
      audience: 'region:BDG',
      startsAt: '2026-12-06T07:00:00.000Z',
    });
    expect(res.status).toBe(201);
    await notifyDueAnnouncements(t.db, new Date('2026-12-06T07:00:30.000Z'));
    const { rows } = await t.db.pool.query<{ title: string; urgency: string }>(
      `SELECT d.payload->>'title' AS title, d.urgency FROM push_deliveries d JOIN push_subscriptions s ON s.id = d.subscription_id
       WHERE s.endpoint = 'https://fcm.googleapis.com/fcm/send/m2' ORDER BY d.created_at`,
    );
    expect(rows).toEqual([
      { title: 'Gangguan jaringan Bandung', urgency: 'high' },
      { title: 'Pemeliharaan server', urgency: 'normal' },
    ]);
  });
});
