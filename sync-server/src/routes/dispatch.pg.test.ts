/**
 * DESIGN section 9 through HTTP: dispatch (assign, the technicians picker, cross-region
 * pull scope and the reassignment tombstone), on-site work pushed as case events (with
 * the same rules as the desk, refusals as data), replacement updating the device master,
 * and notifications (rows, languages, recipients, read marks).
 */
import { randomUUID } from 'node:crypto';
import { type Case, caseSchema, notificationSchema, pullResponseSchema, SYNC_BASE_PATH } from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newCase, pushCasesHttp } from '../services/case-acceptance-fixtures.ts';
import { makeTestApp, seedDevice, type TestApp } from '../test/fixtures.ts';
import { JPEG_2X2 } from '../test/images.ts';

const MID_A = '000000000000001'; // merchant1, JKT
let t: TestApp;
const tokens: Record<string, string> = {};
let n = 0;

const pullBody = pullResponseSchema(z.record(z.string(), z.unknown()));

/** A phone's replication of one collection: keeps its checkpoint between calls. */
function puller(user: string, collection: string) {
  let query = '';
  return async (): Promise<Record<string, unknown>[]> => {
    const out: Record<string, unknown>[] = [];
    for (;;) {
      const res = await t.request(`${SYNC_BASE_PATH}/${collection}/pull?limit=100${query}`, {
        token: tokens[user]!,
      });
      expect(res.status).toBe(200);
      const body = pullBody.parse(await res.json());
      out.push(...body.documents);
      if (body.checkpoint)
        query = `&txid=${body.checkpoint.txid}&id=${encodeURIComponent(body.checkpoint.id)}`;
      if (body.documents.length < 100) return out;
    }
  };
}

/** A fresh JKT terminal with an accepted case filed by tech1, plus a warehouse unit. */
async function openCase(): Promise<{ c: Case; serial: string; spare: string; tid: string }> {
  n++;
  const serial = `SN-DSP-${n}`;
  const spare = `SN-WH-${n}`;
  const tid = `TIDD${String(n).padStart(4, '0')}`;
  await seedDevice(t.db, { serialNumber: serial, tid, mid: MID_A, region: 'JKT' });
  await seedDevice(t.db, {
    serialNumber: spare,
    tid: `WH${String(n).padStart(6, '0')}`,
    mid: '000000000000009',
    region: 'JKT',
    status: 'in_warehouse',
  });
  const [c] = await pushCasesHttp(t, tokens.tech1!, [
    newCase({ serialNumber: serial, reportedAt: t.clock().toISOString() }),
  ]);
  expect(c!.status).toBe('open');
  return { c: c!, serial, spare, tid };
}

async function transition(user: string, id: string, body: Record<string, unknown>) {
  const res = await t.request(`/api/cases/${id}/transition`, { token: tokens[user]!, json: body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Pushes one on-site event as `user`; returns the server's answer for it. */
async function pushEvent(user: string, ev: Record<string, unknown>): Promise<Record<string, unknown>> {
  const doc = { id: randomUUID(), at: t.clock().toISOString(), actor: user, _deleted: false, ...ev };
  const res = await t.request(`${SYNC_BASE_PATH}/case_events/push`, {
    token: tokens[user]!,
    json: [{ newDocumentState: doc }],
  });
  expect(res.status).toBe(200);
  const [answer] = (await res.json()) as Record<string, unknown>[];
  return answer!;
}

async function device(serial: string) {
  const { rows } = await t.db.pool.query<{ status: string; tid: string; mid: string; region: string }>(
    'SELECT status, tid, mid, region FROM devices WHERE id = $1',
    [serial],
  );
  return rows[0];
}

async function notificationsOf(user: string) {
  const { rows } = await t.db.pool.query<{
    type: string;
    title: string;
    body: string;
    url: string;
    case_id: string;
  }>('SELECT type, title, body, url, case_id FROM notifications WHERE recipient = $1 ORDER BY txid, id', [
    user,
  ]);
  return rows;
}

beforeAll(async () => {
  t = await makeTestApp({
    now: '2026-11-25T03:00:00.000Z',
    users: [
      { username: 'tech1', role: 'technician', regions: ['JKT'] },
      { username: 'tech2', role: 'technician', regions: ['JKT'] },
      { username: 'tech3', role: 'technician', regions: ['BDG'] },
      { username: 'merchant1', role: 'merchant', mid: MID_A },
      { username: 'merchant2', role: 'merchant', mid: '000000000000002' },
      { username: 'agent1', role: 'agent' },
      { username: 'supervisor1', role: 'supervisor' },
      { username: 'admin1', role: 'admin' },
      { username: 'Tech.Gone', role: 'technician', regions: ['JKT'] },
    ],
  });
  for (const u of ['tech1', 'tech2', 'tech3', 'merchant1', 'merchant2', 'agent1', 'supervisor1', 'admin1']) {
    tokens[u] = await t.login(u);
  }
  await t.db.pool.query(`UPDATE users SET disabled = true WHERE username = 'Tech.Gone'`);
});

afterAll(async () => {
  await t?.close();
});

describe('dispatch: assign', () => {
  it.each([
    ['an unknown username', 'nobody'],
    ['a merchant', 'merchant1'],
    ['an admin', 'admin1'],
    ['a disabled technician', 'Tech.Gone'],
    ['blank', '  '],
  ])('refuses %s with 422 invalid_assignee', async (_what, assignee) => {
    const { c } = await openCase();
    const res = await transition('agent1', c.id, { action: 'assign', assignee });
    expect(res.status).toBe(422);
    expect(res.body.reason).toBe('invalid_assignee');
    expect((await transition('agent1', c.id, { action: 'start' })).body.assignee).toBe('agent1');
  });

  it('stores the canonical username of a technician, agent or supervisor', async () => {
    const { c } = await openCase();
    for (const [sent, stored] of [
      ['TECH3', 'tech3'],
      ['supervisor1', 'supervisor1'],
      ['agent1', 'agent1'],
    ] as const) {
      const res = await transition('supervisor1', c.id, { action: 'assign', assignee: sent });
      expect(res.status).toBe(200);
      expect(res.body.assignee).toBe(stored);
    }
  });

  it('puts the case, its earlier events and its merchant in another region’s technician’s pulls, then takes the case back', async () => {
    const cases = puller('tech3', 'cases');
    const events = puller('tech3', 'case_events');
    const merchants = puller('tech3', 'merchants');
    // Caught up before the assignment: the JKT case is not theirs.
    expect((await cases()).some((d) => d.id === 'x')).toBe(false);
    await events();
    const before = await merchants();
    const { c } = await openCase();
    expect((await cases()).find((d) => d.id === c.id)).toBeUndefined();
    await events();
    expect(before.some((m) => m.id === MID_A)).toBe(false);
    await merchants();

    expect((await transition('agent1', c.id, { action: 'assign', assignee: 'tech3' })).status).toBe(200);
    const got = (await cases()).find((d) => d.id === c.id);
    expect(got).toMatchObject({ assignee: 'tech3', _deleted: false });
    const evTypes = (await events()).filter((e) => e.caseId === c.id).map((e) => e.type);
    expect(evTypes.sort()).toEqual(['accepted', 'assigned', 'submitted']);
    expect((await merchants()).some((m) => m.id === MID_A)).toBe(true);
    expect((await t.request(`/api/cases/${c.id}`, { token: tokens.tech3! })).status).toBe(200);

    // Reassigned away: served once more as deleted, then no longer readable.
    expect((await transition('agent1', c.id, { action: 'assign', assignee: 'tech1' })).status).toBe(200);
    expect((await cases()).find((d) => d.id === c.id)).toMatchObject({ _deleted: true });
    expect((await t.request(`/api/cases/${c.id}`, { token: tokens.tech3! })).status).toBe(404);
  });

  it('keeps a region technician’s view of a blocking case when they lose the assignment', async () => {
    const { c } = await openCase();
    const cases = puller('tech2', 'cases');
    await transition('agent1', c.id, { action: 'assign', assignee: 'tech2' });
    expect((await cases()).find((d) => d.id === c.id)).toMatchObject({ assignee: 'tech2', _deleted: false });
    await transition('agent1', c.id, { action: 'assign', assignee: 'agent1' });
    // Still a blocking case of their region: not deleted.
    expect((await cases()).find((d) => d.id === c.id)).toMatchObject({ assignee: 'agent1', _deleted: false });
  });

  it('GET /api/desk/technicians lists technicians with regions, open jobs and last sync (desk only)', async () => {
    const { c } = await openCase();
    await transition('agent1', c.id, { action: 'assign', assignee: 'tech2' });
    const res = await t.request('/api/desk/technicians', { token: tokens.agent1! });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { technicians: Record<string, unknown>[] };
    const tech2 = body.technicians.find((r) => r.username === 'tech2');
    const { rows } = await t.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cases WHERE assignee = 'tech2' AND status IN ('open', 'in_progress')`,
    );
    expect(tech2).toMatchObject({ regions: ['JKT'], openJobs: rows[0]!.n });
    expect(tech2!.openJobs).toBeGreaterThan(0);
    expect(body.technicians.map((r) => r.username)).not.toContain('Tech.Gone');
    expect(body.technicians.map((r) => r.username)).not.toContain('agent1');
    expect((await t.request('/api/desk/technicians', { token: tokens.tech1! })).status).toBe(403);
  });
});

describe('on-site work pushed from the phone', () => {
  it('arrived → started → resolved with a replacement: case resolved, device master swapped, evidence kept', async () => {
    const { c, serial, spare, tid } = await openCase();
    await transition('agent1', c.id, { action: 'assign', assignee: 'tech2' });
    const photo = randomUUID();
    const signature = randomUUID();
    const arrivedAt = new Date(t.clock().getTime() - 20 * 60_000).toISOString();
    const arrived = await pushEvent('tech2', {
      caseId: c.id,
      type: 'arrived',
      at: arrivedAt,
      data: { location: { lat: -6.2, lng: 106.8, accuracyM: 15 }, sneaky: 'dropped' },
    });
    expect(arrived).toMatchObject({ type: 'arrived', actor: 'tech2', at: arrivedAt, _deleted: false });
    expect(arrived.data).toEqual({ location: { lat: -6.2, lng: 106.8, accuracyM: 15 } });

    const started = await pushEvent('tech2', { caseId: c.id, type: 'started' });
    expect(started).toMatchObject({ type: 'started', _deleted: false });
    // The signature (proof of service) is uploaded like any photo, then named by the resolve.
    const upload = await t.app.request(`/api/attachments/${signature}?caseId=${c.id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokens.tech2!}`, 'content-type': 'image/jpeg' },
      body: JPEG_2X2,
    });
    expect(upload.status).toBe(201);
    const resolved = await pushEvent('tech2', {
      caseId: c.id,
      type: 'resolved',
      note: 'Unit diganti, transaksi uji berhasil',
      data: {
        replacementSerial: spare.toLowerCase(),
        attachmentIds: [photo],
        signatureAttachmentId: signature,
        signerName: 'Bu Sari',
      },
    });
    expect(resolved).toMatchObject({
      type: 'resolved',
      _deleted: false,
      note: 'Unit diganti, transaksi uji berhasil',
    });
    // (`internal: true` beside them: a resolve note is internal unless marked public, issue 15.)
    expect(resolved.data).toMatchObject({
      replacementSerial: spare.toLowerCase(),
      attachmentIds: [photo],
      signatureAttachmentId: signature,
      signerName: 'Bu Sari',
    });

    const stored = caseSchema.parse(
      await (await t.request(`/api/cases/${c.id}`, { token: tokens.agent1! })).json(),
    );
    expect(stored).toMatchObject({
      status: 'resolved',
      replacementSerial: spare.toLowerCase(),
      assignee: 'tech2',
    });
    // RCA/CAPA are left for the desk on a technician's resolve.
    expect(stored.rca).toBeUndefined();
    expect(await device(serial)).toMatchObject({ status: 'under_repair' });
    expect(await device(spare)).toEqual({ status: 'on_operation', tid, mid: MID_A, region: 'JKT' });
    // Both device rows replicate to the region's phones.
    const devs = await puller('tech1', 'devices')();
    expect(
      devs
        .filter((d) => d.id === serial || d.id === spare)
        .map((d) => d.status)
        .sort(),
    ).toEqual(['on_operation', 'under_repair']);
    // The merchant follows it: a technician assigned, then resolved, each with a notification.
    const merchantCase = (await puller('merchant1', 'cases')()).find((d) => d.id === c.id);
    expect(merchantCase).toMatchObject({ status: 'resolved' });
    const merchantNotes = (await notificationsOf('merchant1')).filter((x) => x.case_id === c.id);
    expect(merchantNotes.map((x) => x.type)).toEqual(['case_assigned', 'case_resolved']);
    // The technician's resolve note is internal: it stays out of the merchant's notification.
    expect(merchantNotes[1]!.body).not.toContain('Unit diganti');

    // Proof of service in the merchant's timeline: the signature and the signer's name, not
    // the internal note; the signature image is theirs to fetch, another merchant's 404.
    const merchantResolved = (await puller('merchant1', 'case_events')()).find((e) => e.id === resolved.id);
    expect(merchantResolved).toMatchObject({
      type: 'resolved',
      data: { signatureAttachmentId: signature, signerName: 'Bu Sari' },
    });
    expect(merchantResolved!.note).toBeUndefined();
    expect(JSON.stringify(merchantResolved)).not.toContain('internal');
    const fetchAs = (user: string) => t.request(`/api/attachments/${signature}`, { token: tokens[user]! });
    const mine = await fetchAs('merchant1');
    expect(mine.status).toBe(200);
    expect(new Uint8Array(await mine.arrayBuffer())).toEqual(JPEG_2X2);
    expect((await fetchAs('merchant2')).status).toBe(404);
  });

  it.each([
    ['resolved before started', 'tech2', 'resolved', {}, 'illegal_transition'],
    ['started by a technician who is not the assignee', 'tech1', 'started', {}, 'forbidden'],
    ['arrived by the merchant', 'merchant1', 'arrived', {}, 'forbidden'],
    ['a bad location', 'tech2', 'arrived', { location: { lat: 200, lng: 0, accuracyM: 1 } }, 'invalid'],
    ['a server-only type', 'tech2', 'assigned', {}, 'invalid'],
  ])('refuses %s as data (_deleted + refusedReason)', async (_what, user, type, data, reason) => {
    const { c } = await openCase();
    await transition('agent1', c.id, { action: 'assign', assignee: 'tech2' });
    const answer = await pushEvent(user, { caseId: c.id, type, data });
    expect(answer).toMatchObject({ _deleted: true, data: { refusedReason: reason } });
    const { rows } = await t.db.pool.query('SELECT 1 FROM case_events WHERE id = $1', [answer.id]);
    expect(rows).toHaveLength(0);
  });

  it('refuses a replacement that is unknown or not in the warehouse, leaving case and devices as they were', async () => {
    const { c, serial } = await openCase();
    const other = await openCase();
    await transition('agent1', c.id, { action: 'assign', assignee: 'tech2' });
    await pushEvent('tech2', { caseId: c.id, type: 'started' });
    for (const replacementSerial of ['SN-NOPE', other.serial]) {
      const answer = await pushEvent('tech2', {
        caseId: c.id,
        type: 'resolved',
        note: 'x',
        data: { replacementSerial },
      });
      expect(answer).toMatchObject({ _deleted: true, data: { refusedReason: 'replacement_not_available' } });
    }
    expect(
      (await t.request(`/api/cases/${c.id}`, { token: tokens.agent1! }).then((r) => r.json())) as Case,
    ).toMatchObject({ status: 'in_progress' });
    expect(await device(serial)).toMatchObject({ status: 'on_operation' });
    expect(await device(other.serial)).toMatchObject({ status: 'on_operation' });
  });

  it('the desk resolve of a replacement case is refused 409 replacement_not_available when the unit is not in stock', async () => {
    const { serial } = await openCase();
    // A case filed with a replacement serial that was installed elsewhere meanwhile.
    n++;
    const busy = `SN-BUSY-${n}`;
    await seedDevice(t.db, { serialNumber: busy, tid: `TIDB${n}`, mid: MID_A, status: 'on_operation' });
    const [c2] = await pushCasesHttp(t, tokens.tech1!, [
      newCase({ serialNumber: busy, replacementSerial: serial, reportedAt: t.clock().toISOString() }),
    ]);
    await transition('agent1', c2!.id, { action: 'start' });
    const res = await transition('agent1', c2!.id, { action: 'resolve', rca: 'a', capa: 'b' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ reason: 'replacement_not_available' });
  });

  it.each([
    ['the technician', undefined, 'tech2'],
    ['the technician', '   ', 'tech2'],
    ['the merchant', '', 'merchant1'],
  ])('refuses an empty comment from %s (note %j, no photo) as invalid', async (_who, note, user) => {
    const { c } = await openCase();
    await transition('agent1', c.id, { action: 'assign', assignee: 'tech2' });
    const answer = await pushEvent(user, { caseId: c.id, type: 'comment', note, data: {} });
    expect(answer).toMatchObject({ _deleted: true, data: { refusedReason: 'invalid' } });
    const { rows } = await t.db.pool.query('SELECT 1 FROM case_events WHERE id = $1', [answer.id]);
    expect(rows).toHaveLength(0);
  });

  it('a comment with a photo and no note is kept', async () => {
    const { c } = await openCase();
    await transition('agent1', c.id, { action: 'assign', assignee: 'tech2' });
    const ids = [randomUUID()];
    const answer = await pushEvent('tech2', { caseId: c.id, type: 'comment', data: { attachmentIds: ids } });
    expect(answer).toMatchObject({ _deleted: false, data: { attachmentIds: ids } });
  });

  it('a comment with more photos keeps their ids', async () => {
    const { c } = await openCase();
    await transition('agent1', c.id, { action: 'assign', assignee: 'tech2' });
    const ids = [randomUUID(), randomUUID()];
    const answer = await pushEvent('tech2', {
      caseId: c.id,
      type: 'comment',
      note: 'Foto tambahan',
      data: { attachmentIds: ids },
    });
    expect(answer).toMatchObject({ _deleted: false, data: { attachmentIds: ids } });
  });
});

describe('notifications', () => {
  it('tells the creator of a rejection, naming the blocking case, in their language', async () => {
    const { c, serial } = await openCase();
    await t.db.pool.query(`UPDATE users SET locale = 'en' WHERE username = 'tech2'`);
    const [rejected] = await pushCasesHttp(t, tokens.tech2!, [
      newCase({ serialNumber: serial, reportedAt: t.clock().toISOString() }),
    ]);
    expect(rejected).toMatchObject({ status: 'rejected', blockingCaseNumber: c.caseNumber });
    const mine = (await notificationsOf('tech2')).filter((x) => x.case_id === rejected!.id);
    expect(mine).toEqual([
      {
        type: 'case_rejected',
        title: `Case rejected: ${c.caseNumber} is open`,
        body: `This TID/MID already has an open case: ${c.caseNumber}. Add a note to that case instead.`,
        url: `/tech/cases/${rejected!.id}`,
        case_id: rejected!.id,
      },
    ]);
    // And the accepted one told tech1, in Indonesian, with the number the push drew.
    const accepted = (await notificationsOf('tech1')).filter((x) => x.case_id === c.id);
    expect(accepted).toMatchObject([{ type: 'case_accepted', title: `Kasus diterima: ${c.caseNumber}` }]);
    await t.db.pool.query(`UPDATE users SET locale = 'id' WHERE username = 'tech2'`);
  });

  it('assign, desk comment and escalation notify the right people, never the actor', async () => {
    const { c } = await openCase();
    await transition('agent1', c.id, { action: 'assign', assignee: 'tech2' });
    const res = await t.request(`/api/cases/${c.id}/comments`, {
      token: tokens.agent1!,
      json: { note: 'Bawa unit cadangan' },
    });
    expect(res.status).toBe(201);
    await transition('agent1', c.id, { action: 'escalate', note: 'Belum ada unit' });
    const of = async (u: string) =>
      (await notificationsOf(u)).filter((x) => x.case_id === c.id).map((x) => x.type);
    expect(await of('tech2')).toEqual(['case_assigned', 'comment', 'escalated']);
    expect(await of('tech1')).toEqual(['case_accepted', 'comment']);
    expect(await of('supervisor1')).toEqual(['escalated']);
    expect(await of('agent1')).toEqual([]);
    // A technician's own comment notifies nobody.
    await pushEvent('tech2', { caseId: c.id, type: 'comment', note: 'OK' });
    expect(await of('tech1')).toEqual(['case_accepted', 'comment']);
  });

  it('pulls only the caller’s own and marks read only the caller’s own', async () => {
    const { c } = await openCase();
    await transition('agent1', c.id, { action: 'assign', assignee: 'tech2' });
    const pull = puller('tech2', 'notifications');
    const docs = notificationSchema.array().parse(await pull());
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.every((d) => d.url.startsWith('/tech/cases/'))).toBe(true);
    const tech1Docs = notificationSchema.array().parse(await puller('tech1', 'notifications')());
    expect(tech1Docs.map((d) => d.id)).not.toContain(docs[0]!.id);

    const ids = [docs[0]!.id, tech1Docs[0]!.id];
    const res = await t.request('/api/notifications/read', { token: tokens.tech2!, json: { ids } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { updated: Record<string, unknown>[] };
    expect(body.updated.map((d) => d.id)).toEqual([docs[0]!.id]);
    const again = notificationSchema.array().parse(await pull());
    expect(again.map((d) => d.id)).toEqual([docs[0]!.id]);
    expect(again[0]!.readAt).toBe(t.clock().toISOString());
    const untouched = await t.db.pool.query('SELECT read_at FROM notifications WHERE id = $1', [
      tech1Docs[0]!.id,
    ]);
    expect(untouched.rows[0].read_at).toBeNull();
    // A repeat changes nothing and replicates nothing.
    const repeat = await t.request('/api/notifications/read', { token: tokens.tech2!, json: { ids } });
    expect(((await repeat.json()) as { updated: unknown[] }).updated).toEqual([]);
    expect(await pull()).toEqual([]);
    expect(
      (await t.request('/api/notifications/read', { token: tokens.tech2!, json: { ids: ['x'] } })).status,
    ).toBe(400);
  });

  it('a pushed notification is refused: the collection is pull-only', async () => {
    const res = await t.request(`${SYNC_BASE_PATH}/notifications/push`, { token: tokens.tech1!, json: [] });
    expect(res.status).toBe(403);
  });
});
