/**
 * Issue 15 contracts over HTTP (DESIGN section 9 "Internal notes" and "Re-categorise") and
 * the desk helpdesk routes: internal notes never reach a merchant's pull, recategorize
 * recomputes the SLA from acceptedAt, the escalation ladder names a person (escalate
 * action and SLA monitor, webhook `case.escalated`), search, saved views, macros, teams.
 */
import { type Case, caseEventSchema, caseSchema, SYNC_BASE_PATH } from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCase, pullAllHttp, pushCasesHttp } from '../services/case-acceptance-fixtures.ts';
import { runSlaMonitor } from '../services/sla-monitor.ts';
import { makeTestApp, STANDARD_USERS, seedDevice, seedMerchant, type TestApp } from '../test/fixtures.ts';

const MID_A = '000000000000001'; // merchant1
const MEM = 'Merchant Operation - MEM';
const SRC = 'Settlement & Reconciliation - SRC';

let t: TestApp;
const tokens: Record<string, string> = {};
let serial = 0;

/** A fresh device and an accepted case on it (replace_device / layar_rusak: major, MEM). */
async function openCase(extra: Record<string, unknown> = {}): Promise<Case> {
  serial++;
  const sn = `SN-HD-${serial}`;
  await seedDevice(t.db, { serialNumber: sn, tid: `TIDH${String(serial).padStart(4, '0')}`, mid: MID_A });
  const [c] = await pushCasesHttp(t, tokens.tech1!, [
    newCase({ serialNumber: sn, subcase: 'layar_rusak', reportedAt: t.clock().toISOString(), ...extra }),
  ]);
  expect(c!.status).toBe('open');
  return c!;
}

async function post(token: string, path: string, json: unknown) {
  const res = await t.request(path, { token, json });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

const transition = (token: string, id: string, body: Record<string, unknown>) =>
  post(token, `/api/cases/${id}/transition`, body);

async function eventsOf(token: string, caseId: string) {
  return (await pullAllHttp(t, token, 'case_events', 1000)).filter((e) => e.caseId === caseId);
}

beforeAll(async () => {
  t = await makeTestApp({
    now: '2026-11-25T03:00:00.000Z', // Wednesday 10:00 WIB
    // The webhook below only needs registering; loopback is refused unless allowlisted (SSRF).
    env: { WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32' },
    users: [
      ...STANDARD_USERS.filter((u) => u.username !== 'agent1' && u.username !== 'supervisor1'),
      { username: 'agent1', role: 'agent', team: MEM },
      { username: 'supervisor1', role: 'supervisor', team: MEM, ladderTitle: 'supervisor' },
      { username: 'supsrc', role: 'supervisor', team: SRC, ladderTitle: 'supervisor' },
      { username: 'manager1', role: 'supervisor', ladderTitle: 'customer_service_manager' },
      { username: 'director1', role: 'admin', ladderTitle: 'director' },
    ],
  });
  await seedMerchant(t.db, { mid: MID_A, name: 'Warung Makan Sederhana Jaya' });
  for (const u of ['tech1', 'merchant1', 'merchant2', 'agent1', 'supervisor1', 'admin1']) {
    tokens[u] = await t.login(u);
  }
});

afterAll(async () => {
  await t?.close();
});

describe('internal notes (DESIGN section 9)', () => {
  it('an internal comment reaches the back office but never a merchant pull; a public one reaches both', async () => {
    const c = await openCase();
    const internal = await post(tokens.agent1!, `/api/cases/${c.id}/comments`, {
      note: 'Merchant sering komplain, cek riwayat',
      internal: true,
    });
    expect(internal.status).toBe(201);
    expect(caseEventSchema.parse(internal.body).data).toEqual({ internal: true });
    const reply = await post(tokens.agent1!, `/api/cases/${c.id}/comments`, {
      note: 'Teknisi menuju lokasi',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.data).toBeUndefined();

    const desk = await eventsOf(tokens.agent1!, c.id);
    expect(desk.map((e) => e.note)).toEqual(
      expect.arrayContaining(['Merchant sering komplain, cek riwayat', 'Teknisi menuju lokasi']),
    );
    const merchant = await eventsOf(tokens.merchant1!, c.id);
    expect(merchant.map((e) => e.note)).toContain('Teknisi menuju lokasi');
    expect(merchant.some((e) => e.id === internal.body.id)).toBe(false);
    expect(JSON.stringify(merchant)).not.toContain('sering komplain');
  });

  it('notes of resolve/escalate/assign are internal unless marked public; the merchant sees the event without the note', async () => {
    const c = await openCase();
    await transition(tokens.agent1!, c.id, {
      action: 'assign',
      assignee: 'agent1',
      note: 'Ambil alih dari shift pagi',
    });
    await transition(tokens.agent1!, c.id, { action: 'start' });
    const resolved = await transition(tokens.agent1!, c.id, {
      action: 'resolve',
      rca: 'Konektor',
      capa: 'Ganti',
      note: 'Unit diganti, konektor longgar',
    });
    expect(resolved.status).toBe(200);
    const merchant = await eventsOf(tokens.merchant1!, c.id);
    const byType = new Map(merchant.map((e) => [e.type, e]));
    expect(byType.get('resolved')).toBeDefined();
    expect(byType.get('resolved')!.note).toBeUndefined();
    expect(byType.get('resolved')!.data).toBeUndefined();
    expect(byType.get('assigned')!.note).toBeUndefined();
    const desk = new Map((await eventsOf(tokens.agent1!, c.id)).map((e) => [e.type, e]));
    expect(desk.get('resolved')).toMatchObject({
      note: 'Unit diganti, konektor longgar',
      data: { internal: true },
    });

    const c2 = await openCase();
    await transition(tokens.agent1!, c2.id, { action: 'start' });
    await transition(tokens.agent1!, c2.id, {
      action: 'resolve',
      rca: 'Konektor',
      capa: 'Ganti',
      note: 'Terminal sudah diganti, silakan dicoba',
      internal: false,
    });
    const merchant2 = await eventsOf(tokens.merchant1!, c2.id);
    expect(merchant2.find((e) => e.type === 'resolved')?.note).toBe('Terminal sudah diganti, silakan dicoba');

    // The merchant's resolution notification carries the note only when it is public.
    const resolvedBody = async (caseId: string) => {
      const { rows } = await t.db.pool.query<{ body: string }>(
        `SELECT body FROM notifications
          WHERE case_id = $1 AND recipient = 'merchant1' AND type = 'case_resolved'`,
        [caseId],
      );
      expect(rows).toHaveLength(1);
      return rows[0]!.body;
    };
    expect(await resolvedBody(c.id)).not.toContain('konektor');
    expect(await resolvedBody(c2.id)).toContain('Terminal sudah diganti, silakan dicoba');
  });

  it('a merchant may not write an internal note, nor fetch one by re-pushing its id', async () => {
    const c = await openCase();
    const refused = await post(tokens.merchant1!, `/api/cases/${c.id}/comments`, {
      note: 'x',
      internal: true,
    });
    expect(refused.status).toBe(403);
    const internal = await post(tokens.agent1!, `/api/cases/${c.id}/comments`, {
      note: 'rahasia',
      internal: true,
    });
    const res = await t.request(`${SYNC_BASE_PATH}/case_events/push`, {
      token: tokens.merchant1!,
      json: [
        {
          newDocumentState: {
            id: internal.body.id,
            caseId: c.id,
            type: 'comment',
            at: t.clock().toISOString(),
            actor: 'merchant1',
            note: 'x',
            _deleted: false,
          },
        },
      ],
    });
    const [answer] = (await res.json()) as Record<string, unknown>[];
    expect(answer).toMatchObject({ _deleted: true });
    expect(JSON.stringify(answer)).not.toContain('rahasia');
  });
});

describe('recategorize (DESIGN section 9)', () => {
  it('re-routes to the new unit, recomputes both deadlines from acceptedAt and records from/to', async () => {
    const opened = await openCase();
    // Accepted three hours ago: the new deadlines count from then, not from now.
    await t.db.pool.query(`UPDATE cases SET accepted_at = accepted_at - interval '3 hours' WHERE id = $1`, [
      opened.id,
    ]);
    const c = {
      ...opened,
      acceptedAt: new Date(Date.parse(opened.acceptedAt!) - 3 * 3_600_000).toISOString(),
    };
    const res = await transition(tokens.supervisor1!, c.id, {
      action: 'recategorize',
      category: 'transaction_settlement',
      subcase: 'settlement_gagal',
      priority: 'critical',
      note: 'Salah kategori saat intake',
    });
    expect(res.status).toBe(200);
    const updated = caseSchema.parse(res.body);
    // Critical: 30 min / 8 h, counted from acceptance, not from now.
    const accepted = Date.parse(c.acceptedAt!);
    expect(updated).toMatchObject({
      category: 'transaction_settlement',
      subcase: 'settlement_gagal',
      priority: 'critical',
      responsibleUnit: SRC,
      caseType: 'complaint',
      responseDueAt: new Date(accepted + 30 * 60_000).toISOString(),
      dueAt: new Date(accepted + 8 * 3_600_000).toISOString(),
      serverRev: c.serverRev + 1,
    });
    const ev = (await eventsOf(tokens.agent1!, c.id)).find((e) => e.type === 'recategorized');
    expect(ev).toMatchObject({
      actor: 'supervisor1',
      data: {
        from: { category: 'replace_device', responsibleUnit: MEM, priority: 'major', dueAt: c.dueAt },
        to: { category: 'transaction_settlement', responsibleUnit: SRC, priority: 'critical' },
      },
    });
  });

  it.each([
    ['a merchant', 'merchant1', { category: 'other' }, 403],
    ['a technician', 'tech1', { category: 'other' }, 403],
    ['no category', 'agent1', {}, 409],
    ['an unknown category', 'agent1', { category: 'printer' }, 400],
  ] as const)('refuses %s', async (_name, user, body, status) => {
    const c = await openCase();
    const res = await transition(tokens[user]!, c.id, { action: 'recategorize', ...body });
    expect(res.status).toBe(status);
  });

  it('refuses a resolved case (409)', async () => {
    const c = await openCase();
    await transition(tokens.agent1!, c.id, { action: 'start' });
    await transition(tokens.agent1!, c.id, { action: 'resolve', rca: 'a', capa: 'b' });
    const res = await transition(tokens.agent1!, c.id, { action: 'recategorize', category: 'other' });
    expect(res).toMatchObject({ status: 409, body: { reason: 'illegal_transition' } });
  });
});

describe('escalation to a named person (seed 003 section 6)', () => {
  it('the escalate action names the rung holder of the case unit, then the manager, then the director', async () => {
    const c = await openCase();
    const names: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      expect((await transition(tokens.agent1!, c.id, { action: 'escalate' })).status).toBe(200);
    }
    for (const e of await eventsOf(tokens.agent1!, c.id)) if (e.type === 'escalated') names.push(e.data);
    expect(names).toEqual([
      { from: 0, to: 1, escalatedTo: 'supervisor1' },
      { from: 1, to: 2, escalatedTo: 'manager1' },
      { from: 2, to: 3, escalatedTo: 'director1' },
    ]);
    const { rows } = await t.db.pool.query('SELECT escalated_to FROM cases WHERE id = $1', [c.id]);
    expect(rows[0]).toEqual({ escalated_to: 'director1' });
  });

  it('the SLA monitor escalates to the unit supervisor, marks the note internal and enqueues case.escalated', async () => {
    const hook = await post(tokens.admin1!, '/api/admin/webhooks', {
      url: 'http://127.0.0.1:9/hook',
      events: ['case.escalated'],
    });
    expect(hook.status).toBe(201);
    const c = await openCase();
    await transition(tokens.supervisor1!, c.id, {
      action: 'recategorize',
      category: 'transaction_settlement',
      subcase: 'settlement_gagal',
    });
    // Past the first-response deadline, nobody responded (recategorize is not a response).
    const run = await runSlaMonitor(t.db, new Date(t.clock().getTime() + 24 * 3_600_000));
    const mine = run.escalated.find((e) => e.caseId === c.id);
    expect(mine).toMatchObject({ level: 1, escalatedTo: 'supsrc', kind: 'response' });
    const ev = (await eventsOf(tokens.agent1!, c.id)).find((e) => e.type === 'escalated');
    expect(ev).toMatchObject({ actor: 'system', data: { internal: true, escalatedTo: 'supsrc' } });
    expect(
      (await eventsOf(tokens.merchant1!, c.id)).find((e) => e.type === 'escalated')?.note,
    ).toBeUndefined();
    const { rows } = await t.db.pool.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM webhook_deliveries WHERE event = 'case.escalated' AND case_event_id = $1`,
      [ev!.id],
    );
    expect(rows[0]?.payload).toMatchObject({
      event: 'case.escalated',
      data: { level: 1, escalatedTo: 'supsrc' },
      case: { id: c.id, escalationLevel: 1 },
    });
  });
});

describe('desk search', () => {
  it('finds cases by merchant name, description words, comments, TID and case number; every term must match', async () => {
    const c = await openCase({ description: 'Printer macet kertas tersangkut' });
    await post(tokens.agent1!, `/api/cases/${c.id}/comments`, { note: 'Pelanggan minta teknisi hari Sabtu' });
    const search = async (q: string) => {
      const res = await t.request(`/api/desk/search?q=${encodeURIComponent(q)}`, { token: tokens.agent1! });
      expect(res.status).toBe(200);
      return ((await res.json()) as { hits: { id: string }[] }).hits.map((h) => h.id);
    };
    expect(await search('sederhana jaya')).toContain(c.id);
    expect(await search('TERSANGKUT')).toContain(c.id);
    expect(await search('sabtu')).toContain(c.id);
    expect(await search(c.tid!)).toContain(c.id);
    expect(await search(c.caseNumber!)).toEqual([c.id]);
    expect(await search('tersangkut minggu')).not.toContain(c.id);
    // A term shorter than a trigram still has to be in the text (it only filters).
    expect(await search('tersangkut ma')).toContain(c.id);
    expect(await search('tersangkut zq')).not.toContain(c.id);
    // LIKE wildcards are literal.
    expect(await search('%%')).toEqual([]);
  });

  it.each([
    ['merchant', 'merchant1', 'q=warung', 403],
    ['technician', 'tech1', 'q=warung', 403],
    ['too short a query', 'agent1', 'q=a', 400],
  ] as const)('refuses a %s', async (_name, user, query, status) => {
    const res = await t.request(`/api/desk/search?${query}`, { token: tokens[user]! });
    expect(res.status).toBe(status);
  });
});

describe('saved views, macros, teams', () => {
  it('saved views belong to their user; the same name replaces', async () => {
    const a = await post(tokens.agent1!, '/api/desk/views', {
      name: 'Tim saya terbuka',
      query: 'view=team&status=open',
    });
    expect(a.status).toBe(201);
    await post(tokens.agent1!, '/api/desk/views', { name: 'tim saya terbuka', query: 'view=team' });
    const mine = (await (await t.request('/api/desk/views', { token: tokens.agent1! })).json()) as unknown[];
    expect(mine).toEqual([expect.objectContaining({ name: 'Tim saya terbuka', query: 'view=team' })]);
    const others = (await (
      await t.request('/api/desk/views', { token: tokens.supervisor1! })
    ).json()) as unknown[];
    expect(others).toEqual([]);
    const del = await t.request(`/api/desk/views/${a.body.id}`, {
      method: 'DELETE',
      token: tokens.supervisor1!,
    });
    expect(del.status).toBe(404);
    const own = await t.request(`/api/desk/views/${a.body.id}`, { method: 'DELETE', token: tokens.agent1! });
    expect(own.status).toBe(204);
  });

  it('macros are managed by supervisors and read by agents', async () => {
    const body = {
      title: 'Konfirmasi',
      body: 'Yth. {merchantName}, kasus {caseNumber} sedang kami tangani.',
    };
    expect((await post(tokens.agent1!, '/api/desk/macros', body)).status).toBe(403);
    const created = await post(tokens.supervisor1!, '/api/desk/macros', body);
    expect(created).toMatchObject({
      status: 201,
      body: { ...body, internal: false, createdBy: 'supervisor1' },
    });
    const list = (await (await t.request('/api/desk/macros', { token: tokens.agent1! })).json()) as unknown[];
    expect(list).toEqual([expect.objectContaining({ id: created.body.id })]);
    const id = String(created.body.id);
    const gone = await t.request(`/api/desk/macros/${id}`, { method: 'DELETE', token: tokens.supervisor1! });
    expect(gone.status).toBe(204);
    expect(
      (await (await t.request('/api/desk/macros', { token: tokens.agent1! })).json()) as unknown[],
    ).toEqual([]);
  });

  it('teams are the catalogue units with their members; the login tells the user their team', async () => {
    const res = await t.request('/api/desk/teams', { token: tokens.agent1! });
    const teams = (await res.json()) as { unit: string; members: { username: string }[] }[];
    expect(teams.map((x) => x.unit)).toEqual(expect.arrayContaining([MEM, SRC, 'Customer Care - CC']));
    expect(teams.find((x) => x.unit === MEM)?.members.map((m) => m.username)).toEqual([
      'agent1',
      'supervisor1',
    ]);
    const login = await t.loginFull('supervisor1');
    expect(login.user).toMatchObject({ team: MEM, ladderTitle: 'supervisor' });
  });

  it('an admin sets a user team and ladder title; a wrong title is a 400', async () => {
    const { rows } = await t.db.pool.query<{ id: string }>("SELECT id FROM users WHERE username = 'agent1'");
    const id = rows[0]!.id;
    const patch = (json: unknown) =>
      t.request(`/api/admin/users/${id}`, { method: 'PATCH', token: tokens.admin1!, json });
    const ok = await patch({ team: SRC });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ team: SRC });
    expect((await patch({ ladderTitle: 'boss' })).status).toBe(400);
    expect((await patch({ team: MEM })).status).toBe(200);
  });
});
