/**
 * Issue 13's recipients through HTTP and the jobs, against real Postgres: every notice goes
 * through the one notify() path (services/notifications.ts lists the rules). Merchant:
 * technician assigned, message from the desk, confirmation reminder; desk: a merchant's
 * message and reopen reach the case's followers, an escalation and an SLA breach reach the
 * named person of the ladder and the team's supervisors, not other teams.
 */
import type { Case } from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCase, pushCasesHttp } from '../services/case-acceptance-fixtures.ts';
import { runConfirmationReminders } from '../services/confirmation-reminders.ts';
import { runSlaMonitor } from '../services/sla-monitor.ts';
import { makeTestApp, seedDevice, type TestApp, type TestUser } from '../test/fixtures.ts';

const MID_A = '000000000000001';
const MEM = 'Merchant Operation - MEM'; // unit of replace_device / layar_rusak
const SRC = 'Settlement & Reconciliation - SRC';
const H = 3_600_000;

let t: TestApp;
const tokens: Record<string, string> = {};
let serial = 0;

const USERS = [
  { username: 'tech1', role: 'technician', regions: ['JKT'] },
  { username: 'tech2', role: 'technician', regions: ['JKT'], displayName: 'Budi Santoso' },
  { username: 'merchant1', role: 'merchant', mid: MID_A },
  { username: 'merchant1b', role: 'merchant', mid: MID_A },
  { username: 'merchant2', role: 'merchant', mid: '000000000000002' },
  { username: 'agent1', role: 'agent', team: MEM },
  { username: 'agent2', role: 'agent', team: SRC },
  { username: 'supervisor1', role: 'supervisor', team: MEM, ladderTitle: 'supervisor' },
  { username: 'supsrc', role: 'supervisor', team: SRC, ladderTitle: 'supervisor' },
  { username: 'manager1', role: 'supervisor', ladderTitle: 'customer_service_manager' },
] satisfies TestUser[];

async function loginAll() {
  for (const u of USERS) tokens[u.username] = await t.login(u.username);
}

beforeAll(async () => {
  t = await makeTestApp({ now: '2026-11-25T03:00:00.000Z', users: USERS });
  await loginAll();
});
afterAll(async () => {
  await t?.close();
});

/** An accepted case on a fresh JKT terminal of MID_A, filed by tech1 (unit MEM). */
async function openCase(): Promise<Case> {
  serial++;
  const sn = `SN-REACH-${serial}`;
  await seedDevice(t.db, { serialNumber: sn, tid: `TIDR${String(serial).padStart(4, '0')}`, mid: MID_A });
  const [c] = await pushCasesHttp(t, tokens.tech1!, [
    newCase({ serialNumber: sn, subcase: 'layar_rusak', reportedAt: t.clock().toISOString() }),
  ]);
  expect(c!.status).toBe('open');
  return c!;
}

async function post(user: string, path: string, json: unknown): Promise<number> {
  const res = await t.request(path, { token: tokens[user]!, json });
  await res.text();
  return res.status;
}
const act = (user: string, id: string, body: Record<string, unknown>) =>
  post(user, `/api/cases/${id}/transition`, body);

/** Notifications about `caseId`, per recipient: `[type, title]` in write order. */
async function noticesOf(caseId: string): Promise<Record<string, [string, string][]>> {
  const { rows } = await t.db.pool.query<{ recipient: string; type: string; title: string }>(
    'SELECT recipient, type, title FROM notifications WHERE case_id = $1 ORDER BY txid, id',
    [caseId],
  );
  const out: Record<string, [string, string][]> = {};
  for (const r of rows) out[r.recipient] = [...(out[r.recipient] ?? []), [r.type, r.title]];
  return out;
}

/** Who got a notice of `type` about `caseId`, sorted. */
async function recipientsOf(caseId: string, type: string): Promise<string[]> {
  const { rows } = await t.db.pool.query<{ recipient: string }>(
    'SELECT recipient FROM notifications WHERE case_id = $1 AND type = $2 ORDER BY recipient',
    [caseId, type],
  );
  return rows.map((r) => r.recipient);
}

describe('merchant', () => {
  it('hears that a technician is assigned, by name; a desk assignee is not announced', async () => {
    const c = await openCase();
    expect(await act('agent1', c.id, { action: 'assign', assignee: 'tech2' })).toBe(200);
    const n = await noticesOf(c.id);
    expect(n.tech2).toEqual([['case_assigned', `Tugas baru: ${c.caseNumber}`]]);
    expect(n.merchant1).toEqual([['case_assigned', `Teknisi ditugaskan: ${c.caseNumber}`]]);
    expect(n.merchant1b).toEqual(n.merchant1);
    expect(n.merchant2).toBeUndefined();
    const { rows } = await t.db.pool.query<{ body: string }>(
      `SELECT body FROM notifications WHERE case_id = $1 AND recipient = 'merchant1'`,
      [c.id],
    );
    expect(rows[0]?.body).toBe('Budi Santoso akan menangani terminal Anda.');

    const d = await openCase();
    expect(await act('supervisor1', d.id, { action: 'assign', assignee: 'agent1' })).toBe(200);
    expect(await recipientsOf(d.id, 'case_assigned')).toEqual(['agent1']);
  });

  it('gets the desk’s public messages, never its internal notes', async () => {
    const c = await openCase();
    await act('agent1', c.id, { action: 'assign', assignee: 'tech2' });
    expect(await post('agent1', `/api/cases/${c.id}/comments`, { note: 'Teknisi datang jam 2' })).toBe(201);
    expect(await recipientsOf(c.id, 'comment')).toEqual(['merchant1', 'merchant1b', 'tech1', 'tech2']);
    expect(
      await post('agent1', `/api/cases/${c.id}/comments`, { note: 'Stok unit habis', internal: true }),
    ).toBe(201);
    const n = await noticesOf(c.id);
    expect(n.merchant1?.filter(([type]) => type === 'comment')).toHaveLength(1);
    expect(n.tech2?.filter(([type]) => type === 'comment')).toHaveLength(2);
  });

  it('is reminded once per resolution 24 h after it, then again after a reopen and a new resolution', async () => {
    const c = await openCase();
    expect(await act('agent1', c.id, { action: 'start' })).toBe(200);
    expect(await act('agent1', c.id, { action: 'resolve', rca: 'Kabel', capa: 'Ganti kabel' })).toBe(200);
    const resolvedAt = t.clock().getTime();
    const run = (hours: number) =>
      runConfirmationReminders(t.db, new Date(resolvedAt + hours * H), {
        autoCloseHours: 72,
        onlyIds: [c.id],
      });

    expect((await run(23.9)).reminded).toEqual([]);
    expect((await run(24)).reminded).toEqual([c.id]);
    expect((await run(30)).reminded).toEqual([]);
    expect(await recipientsOf(c.id, 'reminder')).toEqual(['merchant1', 'merchant1b']);
    const { rows } = await t.db.pool.query<{ title: string; body: string; url: string }>(
      `SELECT title, body, url FROM notifications WHERE case_id = $1 AND type = 'reminder' AND recipient = 'merchant1'`,
      [c.id],
    );
    expect(rows).toEqual([
      {
        title: `Menunggu konfirmasi Anda: ${c.caseNumber}`,
        body: 'Terminal sudah normal? Konfirmasi atau buka kembali kasus ini. Tanpa jawaban, kasus ditutup otomatis dalam 48 jam.',
        url: `/merchant/cases/${c.id}`,
      },
    ]);

    // Reopened and resolved again a minute later: a new resolution, a new reminder.
    expect(await act('merchant1', c.id, { action: 'reopen', note: 'Masih mati' })).toBe(200);
    t.clock.advance(60_000);
    expect(await act('agent1', c.id, { action: 'start' })).toBe(200);
    expect(await act('agent1', c.id, { action: 'resolve', rca: 'Adaptor', capa: 'Ganti adaptor' })).toBe(200);
    const again = await runConfirmationReminders(t.db, new Date(t.clock().getTime() + 24 * H), {
      autoCloseHours: 72,
      onlyIds: [c.id],
    });
    expect(again.reminded).toEqual([c.id]);
    expect(await recipientsOf(c.id, 'reminder')).toEqual([
      'merchant1',
      'merchant1',
      'merchant1b',
      'merchant1b',
    ]);
  });
});

describe('desk', () => {
  it('a merchant’s message reaches the case’s team when nobody at the desk holds it, else its holder', async () => {
    const c = await openCase();
    expect(await post('merchant1', `/api/cases/${c.id}/comments`, { note: 'Kapan teknisi datang?' })).toBe(
      201,
    );
    // Unowned: the agents and supervisors of its unit (MEM), not SRC, not the creator.
    expect(await recipientsOf(c.id, 'comment')).toEqual(['agent1', 'supervisor1']);

    const d = await openCase();
    await act('supervisor1', d.id, { action: 'assign', assignee: 'agent2' });
    expect(await post('merchant1', `/api/cases/${d.id}/comments`, { note: 'Halo?' })).toBe(201);
    expect(await recipientsOf(d.id, 'comment')).toEqual(['agent2']);

    // A technician's job: the technician and the team (no one at the desk holds it).
    const e = await openCase();
    await act('agent1', e.id, { action: 'assign', assignee: 'tech2' });
    expect(await post('merchant1', `/api/cases/${e.id}/comments`, { note: 'Sudah sampai?' })).toBe(201);
    expect(await recipientsOf(e.id, 'comment')).toEqual(['agent1', 'supervisor1', 'tech2']);
  });

  it('a merchant’s reopen tells the case’s holder at once, as an escalation', async () => {
    const c = await openCase();
    await act('agent1', c.id, { action: 'start' });
    await act('agent1', c.id, { action: 'resolve', rca: 'Kabel', capa: 'Ganti kabel' });
    expect(await act('merchant1', c.id, { action: 'reopen', note: 'Masih mati' })).toBe(200);
    const n = await noticesOf(c.id);
    expect(n.agent1).toEqual([['escalated', `Dibuka kembali oleh merchant: ${c.caseNumber}`]]);
    expect(n.supervisor1).toBeUndefined();
    // A back-office reopen is no such news.
    await act('agent1', c.id, { action: 'resolve', rca: 'Kabel', capa: 'Ganti kabel' });
    await act('supervisor1', c.id, { action: 'reopen' });
    expect(await recipientsOf(c.id, 'escalated')).toEqual(['agent1']);
  });

  it('an escalation reaches the named person of the ladder, the assignee and the team’s supervisors only', async () => {
    const c = await openCase();
    await act('supervisor1', c.id, { action: 'assign', assignee: 'tech2' });
    expect(await act('agent1', c.id, { action: 'escalate', note: 'Belum ada unit' })).toBe(200);
    // Level 1 = the MEM supervisor rung: supervisor1 (named and of the team), plus tech2.
    expect(await recipientsOf(c.id, 'escalated')).toEqual(['supervisor1', 'tech2']);
  });

  it('an SLA breach reaches the assignee and the person it went to, saying which deadline', async () => {
    const c = await openCase();
    await act('supervisor1', c.id, { action: 'assign', assignee: 'agent1' });
    const run = await runSlaMonitor(t.db, new Date(t.clock().getTime() + 40 * 24 * H));
    const mine = run.escalated.find((e) => e.caseId === c.id);
    expect(mine).toMatchObject({ level: 1, escalatedTo: 'supervisor1' });
    const n = await noticesOf(c.id);
    const title = `${mine?.kind === 'response' ? 'SLA respons' : 'SLA penyelesaian'} terlampaui: ${c.caseNumber}`;
    expect(n.agent1).toContainEqual(['escalated', title]);
    expect(n.supervisor1).toContainEqual(['escalated', title]);
    expect(n.supsrc).toBeUndefined();
    expect(n.manager1).toBeUndefined();
  });
});
