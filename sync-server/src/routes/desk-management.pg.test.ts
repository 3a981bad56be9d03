/**
 * Management figures and problem records over HTTP (issue 15, seed 001): figures computed
 * on known cases, role scoping (an agent sees only their own row and team), problem
 * records created from a candidate with their cases linked, RCA/status edits, validation.
 */
import { randomUUID } from 'node:crypto';
import { managementFiguresSchema, problemRecordDetailSchema, problemRecordListSchema } from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, STANDARD_USERS, type TestApp } from '../test/fixtures.ts';

const NOW = '2026-03-10T05:00:00.000Z'; // Tuesday 12:00 WIB
const MID = '000000000000001';
let t: TestApp;
const tokens: Record<string, string> = {};

type Row = {
  n: number;
  channel?: string;
  assignee?: string | null;
  unit?: string | null;
  acceptedAt: string;
  responseDueAt?: string | null;
  firstResponseAt?: string | null;
  dueAt?: string | null;
  resolvedAt?: string | null;
  satisfaction?: number | null;
  status?: string;
};

async function insertCase(r: Row): Promise<string> {
  const id = randomUUID();
  await t.db.pool.query(
    `INSERT INTO cases (id, client_rev, status, case_number, category, description, channel, mid, reported_at,
       created_by, accepted_at, response_due_at, first_response_at, due_at, resolved_at, assignee,
       responsible_unit, satisfaction, region)
     VALUES ($1, $2, $3, $4, 'paper_supply', '', $5, $6, $7, 'agent1', $7, $8, $9, $10, $11, $12, $13, $14, 'JKT')`,
    [
      id,
      randomUUID(),
      r.status ?? (r.resolvedAt ? 'resolved' : 'open'),
      `CASE-20260309-${String(r.n).padStart(5, '0')}`,
      r.channel ?? 'phone',
      MID,
      r.acceptedAt,
      r.responseDueAt ?? null,
      r.firstResponseAt ?? null,
      r.dueAt ?? null,
      r.resolvedAt ?? null,
      r.assignee ?? null,
      r.unit ?? null,
      r.satisfaction ?? null,
    ],
  );
  return id;
}

async function call(token: string, path: string, init: { method?: string; json?: unknown } = {}) {
  const res = await t.request(path, { token, ...init });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

beforeAll(async () => {
  t = await makeTestApp({
    now: NOW,
    users: [
      ...STANDARD_USERS.filter((u) => u.username !== 'agent1'),
      { username: 'agent1', role: 'agent', team: 'CS' },
      { username: 'agent2', role: 'agent', team: 'Ops' },
    ],
  });
  for (const u of ['agent1', 'agent2', 'supervisor1', 'admin1', 'tech1']) tokens[u] = await t.login(u);
  const day = '2026-03-09T';
  // agent1 / CS: one answered and resolved in time (CSAT 5), one answered late and open past due (CSAT 2).
  await insertCase({
    n: 1,
    assignee: 'agent1',
    unit: 'CS',
    acceptedAt: `${day}02:00:00Z`,
    responseDueAt: `${day}03:00:00Z`,
    firstResponseAt: `${day}02:10:00Z`,
    dueAt: `${day}09:00:00Z`,
    resolvedAt: `${day}05:00:00Z`,
    satisfaction: 5,
  });
  await insertCase({
    n: 2,
    assignee: 'agent1',
    unit: 'CS',
    acceptedAt: `${day}02:00:00Z`,
    responseDueAt: `${day}03:00:00Z`,
    firstResponseAt: `${day}04:00:00Z`,
    dueAt: `${day}09:00:00Z`,
    satisfaction: 2,
  });
  // agent2 / Ops: a technician's case (not a complaint), unanswered past its response target, due tomorrow.
  await insertCase({
    n: 3,
    assignee: 'agent2',
    unit: 'Ops',
    channel: 'technician_app',
    acceptedAt: `${day}03:00:00Z`,
    responseDueAt: `${day}04:00:00Z`,
    dueAt: '2026-03-11T09:00:00Z',
  });
  // unassigned / CS, received on the 8th (Jakarta), response target still ahead.
  await insertCase({
    n: 4,
    unit: 'CS',
    acceptedAt: '2026-03-08T01:00:00Z',
    responseDueAt: '2026-03-10T06:00:00Z',
    dueAt: '2026-03-12T09:00:00Z',
  });
  // outside the range
  await insertCase({ n: 5, assignee: 'agent1', unit: 'CS', acceptedAt: '2026-02-01T01:00:00Z' });
});

afterAll(async () => {
  await t?.close();
});

describe('GET /api/desk/figures', () => {
  const q = '/api/desk/figures?from=2026-03-08&to=2026-03-10';

  it('computes per agent and per team on known cases, complaints per day over every day', async () => {
    const res = await call(tokens.supervisor1!, q);
    expect(res.status).toBe(200);
    const f = managementFiguresSchema.parse(res.body);
    expect(f.scope).toBe('all');
    const pick = (r: (typeof f.agents)[number]) => [
      r.key,
      r.handled,
      r.responseMet,
      r.responseJudged,
      r.resolutionMet,
      r.resolutionJudged,
      r.csatMean,
      r.csatCount,
    ];
    expect(f.agents.map(pick)).toEqual([
      ['', 1, 0, 0, 0, 0, null, 0],
      ['agent1', 2, 1, 2, 1, 2, 3.5, 2],
      ['agent2', 1, 0, 1, 0, 0, null, 0],
    ]);
    expect(f.teams.map((r) => [r.key, r.handled, r.responseShare, r.resolutionShare])).toEqual([
      ['CS', 3, 0.5, 0.5],
      ['Ops', 1, 0, null],
    ]);
    expect(f.complaintsPerDay).toEqual([
      { date: '2026-03-08', count: 1 },
      { date: '2026-03-09', count: 2 },
      { date: '2026-03-10', count: 0 },
    ]);
    expect(f.complaintsMeanPerDay).toBe(1);
  });

  it('an agent sees only their own row and their team', async () => {
    const f = managementFiguresSchema.parse((await call(tokens.agent1!, q)).body);
    expect(f.scope).toBe('own');
    expect(f.agents.map((r) => r.key)).toEqual(['agent1']);
    expect(f.teams.map((r) => r.key)).toEqual(['CS']);
    const other = managementFiguresSchema.parse((await call(tokens.agent2!, q)).body);
    expect(other.agents.map((r) => [r.key, r.handled])).toEqual([['agent2', 1]]);
  });

  it('refuses technicians, reversed and over-long ranges', async () => {
    expect((await call(tokens.tech1!, q)).status).toBe(403);
    expect((await call(tokens.admin1!, '/api/desk/figures?from=2026-03-10&to=2026-03-01')).status).toBe(400);
    expect((await call(tokens.admin1!, '/api/desk/figures?from=2024-01-01&to=2026-03-01')).status).toBe(400);
    expect((await call(tokens.admin1!, '/api/desk/figures?from=yesterday')).status).toBe(400);
  });
});

describe('/api/desk/problem-records', () => {
  it('creates a record from a candidate with its cases, edits RCA and status, links and unlinks', async () => {
    const created = await call(tokens.supervisor1!, '/api/desk/problem-records', {
      json: {
        title: 'Printer macet berulang',
        kind: 'merchant',
        key: MID,
        caseNumbers: ['CASE-20260309-00001', 'CASE-20260309-00002'],
      },
    });
    expect(created.status).toBe(201);
    const p = problemRecordDetailSchema.parse(created.body);
    expect(p.number).toMatch(/^PRB-\d{5}$/);
    expect(p.status).toBe('open');
    expect(p.createdBy).toBe('supervisor1');
    expect(p.cases.map((c) => c.caseNumber).sort()).toEqual(['CASE-20260309-00001', 'CASE-20260309-00002']);

    // The same candidate twice while the first is open: a conflict, not a second record.
    const again = await call(tokens.admin1!, '/api/desk/problem-records', {
      json: { title: 'Printer lagi', kind: 'merchant', key: MID },
    });
    expect(again.status).toBe(409);

    const edited = await call(tokens.supervisor1!, `/api/desk/problem-records/${p.id}`, {
      method: 'PATCH',
      json: { status: 'known_error', rca: 'Roll kertas 80 mm dipakai di printer 58 mm' },
    });
    expect(edited.status).toBe(200);
    const e = problemRecordDetailSchema.parse(edited.body);
    expect([e.status, e.rca, e.title]).toEqual([
      'known_error',
      'Roll kertas 80 mm dipakai di printer 58 mm',
      'Printer macet berulang',
    ]);

    const linked = await call(tokens.admin1!, `/api/desk/problem-records/${p.id}/cases`, {
      json: { caseNumbers: ['CASE-20260309-00004', 'CASE-20260309-00001'] },
    });
    expect(linked.status).toBe(200);
    expect(problemRecordDetailSchema.parse(linked.body).cases).toHaveLength(3);

    const c4 = problemRecordDetailSchema
      .parse(linked.body)
      .cases.find((c) => c.caseNumber === 'CASE-20260309-00004');
    const unlink = await t.request(`/api/desk/problem-records/${p.id}/cases/${c4!.id}`, {
      method: 'DELETE',
      token: tokens.supervisor1!,
    });
    expect(unlink.status).toBe(204);

    const list = problemRecordListSchema.parse(
      (await call(tokens.agent1!, '/api/desk/problem-records')).body,
    );
    expect(list.find((r) => r.id === p.id)?.caseCount).toBe(2);
  });

  it('refuses unknown case numbers whole, bad input, and agents writing', async () => {
    const unknown = await call(tokens.supervisor1!, '/api/desk/problem-records', {
      json: { title: 'Salah ketik', caseNumbers: ['CASE-20260309-00001', 'CASE-20990101-00009'] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ details: { unknownCaseNumbers: ['CASE-20990101-00009'] } });
    const list = problemRecordListSchema.parse(
      (await call(tokens.admin1!, '/api/desk/problem-records')).body,
    );
    expect(list.some((r) => r.title === 'Salah ketik')).toBe(false);

    const bad = await call(tokens.supervisor1!, '/api/desk/problem-records', {
      json: { title: 'x', caseNumbers: ['42'] },
    });
    expect(bad.status).toBe(400);
    const agent = await call(tokens.agent1!, '/api/desk/problem-records', { json: { title: 'Agent tries' } });
    expect(agent.status).toBe(403);
    const id = list[0]!.id;
    const massAssign = await call(tokens.supervisor1!, `/api/desk/problem-records/${id}`, {
      method: 'PATCH',
      json: { createdBy: 'someone-else' },
    });
    expect(massAssign.status).toBe(400);
    expect((await call(tokens.admin1!, `/api/desk/problem-records/${randomUUID()}`)).status).toBe(404);
  });
});
