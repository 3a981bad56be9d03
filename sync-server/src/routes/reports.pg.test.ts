import { randomUUID } from 'node:crypto';
import { monthlyReportSchema, reportSummarySchema } from '@edc/shared';
import { formatCsvRow, parseCsv } from '@edc/shared/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/pool.ts';
import { makeTestApp, seedDevice, type TestApp } from '../test/fixtures.ts';

/** A case row of the fixture; times are ISO strings, `null` = not set. */
type FixtureCase = {
  id: string;
  caseNumber: string | null;
  status: 'open' | 'in_progress' | 'resolved' | 'closed' | 'rejected' | 'cancelled';
  category: string;
  unit: string | null;
  mid: string;
  tid: string | null;
  serial: string | null;
  reportedAt: string;
  acceptedAt: string | null;
  firstResponseAt: string | null;
  dueAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  satisfaction: number | null;
  events: string[];
  description: string;
};

const H = 3_600_000;
const NOW = new Date('2026-03-20T05:00:00Z'); // 12:00 in Jakarta
const MIDS = ['100000000000001', '100000000000002'];

/** A deterministic mixed fixture across Jan–Mar 2026 (Jakarta), including edge times. */
function buildFixture(): FixtureCase[] {
  const cats = ['replace_device', 'replace_sam_card', 'paper_supply', 'transaction_settlement'];
  const units = ['Merchant Operation - MEM', 'Field Service', 'Settlement Unit'];
  const out: FixtureCase[] = [];
  let n = 0;
  // Day offsets from 2026-01-01T00:00 Jakarta (2025-12-31T17:00Z).
  const base = Date.parse('2025-12-31T17:00:00Z');
  for (let i = 0; i < 36; i++) {
    const accepted = base + (i * 2.2 + 0.3) * 24 * H;
    const status = (
      ['open', 'in_progress', 'resolved', 'closed', 'closed', 'rejected', 'cancelled'] as const
    )[i % 7]!;
    const rejected = status === 'rejected';
    const resolved = status === 'resolved' || status === 'closed';
    const due = accepted + ((i % 4) + 1) * 12 * H;
    const resolvedAt = resolved ? accepted + ((i % 5) + 1) * 10 * H : null;
    const tid = `T${String(i % 9).padStart(7, '0')}`;
    out.push({
      id: randomUUID(),
      caseNumber: rejected ? null : `CASE-FIX-${String(++n).padStart(5, '0')}`,
      status,
      category: cats[i % cats.length]!,
      unit: rejected ? null : units[i % units.length]!,
      mid: MIDS[i % 2]!,
      tid,
      serial: `SN${tid}`,
      reportedAt: new Date(accepted - 2 * H).toISOString(),
      acceptedAt: rejected ? null : new Date(accepted).toISOString(),
      firstResponseAt:
        rejected || i % 3 === 0 ? null : new Date(accepted + ((i % 6) + 1) * 7 * 60_000).toISOString(),
      dueAt: rejected ? null : new Date(due).toISOString(),
      resolvedAt: resolvedAt === null ? null : new Date(resolvedAt).toISOString(),
      closedAt: status === 'closed' ? new Date(resolvedAt! + 5 * H).toISOString() : null,
      satisfaction: status === 'closed' ? (i % 5) + 1 : null,
      events: [
        ...(rejected ? ['rejected'] : ['accepted']),
        ...(resolved || i % 5 === 0 ? ['resolved'] : []),
        ...(i % 5 === 0 ? ['reopened'] : []),
      ],
      description: i === 4 ? 'Layar "blank", printer, mati\nbaris dua' : `kasus ${i}`,
    });
  }
  return out;
}

async function insertFixture(db: Db, cases: FixtureCase[]): Promise<void> {
  for (const c of cases) {
    await seedDevice(db, { serialNumber: c.serial!, tid: c.tid!, mid: c.mid });
  }
  for (const c of cases) {
    await db.pool.query(
      `INSERT INTO cases (id, client_rev, status, case_number, category, description, channel, serial_number, tid, mid,
         reported_at, created_by, accepted_at, due_at, responsible_unit, first_response_at, resolved_at, closed_at,
         satisfaction, region, reject_reason)
       VALUES ($1, $2, $3, $4, $5, $6, 'technician_app', $7, $8, $9, $10, 'tech1', $11, $12, $13, $14, $15, $16, $17,
         'JKT', $18)`,
      [
        c.id,
        randomUUID(),
        c.status,
        c.caseNumber,
        c.category,
        c.description,
        c.serial,
        c.tid,
        c.mid,
        c.reportedAt,
        c.acceptedAt,
        c.dueAt,
        c.unit,
        c.firstResponseAt,
        c.resolvedAt,
        c.closedAt,
        c.satisfaction,
        c.status === 'rejected' ? 'device_not_found' : null,
      ],
    );
    for (const type of c.events) {
      await db.pool.query(
        `INSERT INTO case_events (id, case_id, type, at, actor, mid, region) VALUES ($1, $2, $3, $4, 'agent1', $5, 'JKT')`,
        [randomUUID(), c.id, type, c.acceptedAt ?? c.reportedAt, c.mid],
      );
    }
  }
}

// ---- independent oracle: plain loops over the fixture ---------------------------------

const jakartaDate = (iso: string) => new Date(Date.parse(iso) + 7 * H).toISOString().slice(0, 10);
const received = (c: FixtureCase) => c.acceptedAt ?? c.reportedAt;
const inRange = (iso: string, from: string, to: string) => jakartaDate(iso) >= from && jakartaDate(iso) <= to;
const minutes = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 60_000;
function med(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const r1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

describe('reports (real Postgres)', () => {
  let t: TestApp;
  let fixture: FixtureCase[];
  let agent: string;

  beforeAll(async () => {
    t = await makeTestApp({ now: NOW });
    fixture = buildFixture();
    await insertFixture(t.db, fixture);
    agent = await t.login('agent1');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('summary KPIs match an independent computation over the fixture', async () => {
    const from = '2026-01-05';
    const to = '2026-02-28';
    const res = await t.request(`/api/reports/summary?from=${from}&to=${to}`, { token: agent });
    expect(res.status).toBe(200);
    const s = reportSummarySchema.parse(await res.json());

    const pop = fixture.filter((c) => inRange(received(c), from, to));
    expect(pop.length).toBeGreaterThan(5);
    expect(s.range).toEqual({ from, to });
    expect(s.total).toBe(pop.length);

    const count = (key: (c: FixtureCase) => string) => {
      const m = new Map<string, number>();
      for (const c of pop) m.set(key(c), (m.get(key(c)) ?? 0) + 1);
      return m;
    };
    expect(new Map(s.byStatus.map((r) => [r.key, r.count]))).toEqual(count((c) => c.status));
    expect(new Map(s.byCategory.map((r) => [r.key, r.count]))).toEqual(count((c) => c.category));
    expect(new Map(s.byUnit.map((r) => [r.key, r.count]))).toEqual(count((c) => c.unit ?? '(none)'));
    const byMonth = count((c) => jakartaDate(received(c)).slice(0, 7));
    expect(s.byMonth).toEqual(
      ['2026-01', '2026-02'].map((month) => ({ month, count: byMonth.get(month) ?? 0 })),
    );
    for (const v of s.volumeByCategory) {
      for (const [cat, n] of Object.entries(v.counts)) {
        expect(n).toBe(
          pop.filter((c) => c.category === cat && jakartaDate(received(c)).startsWith(v.month)).length,
        );
      }
      expect(v.total).toBe(byMonth.get(v.month) ?? 0);
    }

    const fr = pop
      .filter((c) => c.acceptedAt && c.firstResponseAt)
      .map((c) => minutes(c.acceptedAt!, c.firstResponseAt!));
    expect(s.firstResponse).toEqual({
      count: fr.length,
      meanMinutes: r1(avg(fr)),
      medianMinutes: r1(med(fr)),
    });
    const rs = pop
      .filter((c) => c.acceptedAt && c.resolvedAt)
      .map((c) => minutes(c.acceptedAt!, c.resolvedAt!));
    expect(s.resolution).toEqual({ count: rs.length, meanMinutes: r1(avg(rs)), medianMinutes: r1(med(rs)) });

    const resolvedWithDue = pop.filter((c) => c.resolvedAt && c.dueAt);
    const met = resolvedWithDue.filter((c) => Date.parse(c.resolvedAt!) <= Date.parse(c.dueAt!)).length;
    expect(s.resolvedWithinSla.numerator).toBe(met);
    expect(s.resolvedWithinSla.denominator).toBe(resolvedWithDue.length);
    expect(s.resolvedWithinSla.share).toBeCloseTo(met / resolvedWithDue.length, 10);
    for (const u of s.slaByUnit) {
      const rows = resolvedWithDue.filter((c) => (c.unit ?? '(none)') === u.unit);
      expect([u.numerator, u.denominator]).toEqual([
        rows.filter((c) => Date.parse(c.resolvedAt!) <= Date.parse(c.dueAt!)).length,
        rows.length,
      ]);
    }

    // The fixture exercises every branch (a KPI of zero samples would prove nothing).
    expect(fr.length * rs.length * met * (resolvedWithDue.length - met)).toBeGreaterThan(0);
    const wasResolved = pop.filter((c) => c.events.includes('resolved'));
    expect(wasResolved.filter((c) => c.events.includes('reopened')).length).toBeGreaterThan(0);
    expect(s.reopenRate.denominator).toBe(wasResolved.length);
    expect(s.reopenRate.numerator).toBe(wasResolved.filter((c) => c.events.includes('reopened')).length);

    const closed = fixture.filter((c) => c.closedAt && c.satisfaction && inRange(c.closedAt, from, to));
    const csatKeys = new Set(closed.map((c) => `${jakartaDate(c.closedAt!).slice(0, 7)}|${c.unit}`));
    expect(csatKeys.size).toBeGreaterThan(1);
    expect(s.csat).toHaveLength(csatKeys.size);
    for (const row of s.csat) {
      const rows = closed.filter(
        (c) => `${jakartaDate(c.closedAt!).slice(0, 7)}|${c.unit}` === `${row.month}|${row.unit}`,
      );
      expect(row.count).toBe(rows.length);
      expect(row.mean).toBeCloseTo(avg(rows.map((c) => c.satisfaction!))!, 2);
    }

    // Backlog and ageing are "now", across all dates.
    const live = fixture.filter((c) => c.status === 'open' || c.status === 'in_progress');
    expect(s.openBacklog).toBe(live.length);
    const bucketOf = (c: FixtureCase) => {
      const age = (NOW.getTime() - Date.parse(c.acceptedAt!)) / H;
      return age < 24 ? '0-1d' : age < 72 ? '1-3d' : age < 168 ? '3-7d' : '>7d';
    };
    for (const b of s.backlogAgeing)
      expect(b.count).toBe(live.filter((c) => bucketOf(c) === b.bucket).length);
  });

  it('defaults to the last 30 Jakarta days and validates the range', async () => {
    const res = await t.request('/api/reports/summary', { token: agent });
    const s = reportSummarySchema.parse(await res.json());
    expect(s.range).toEqual({ from: '2026-02-19', to: '2026-03-20' });
    expect(
      (await t.request('/api/reports/summary?from=2026-03-02&to=2026-03-01', { token: agent })).status,
    ).toBe(400);
    expect((await t.request('/api/reports/summary?from=2026-02-30', { token: agent })).status).toBe(400);
  });

  it('exports the cases of the range as quoted CSV with a download name', async () => {
    const from = '2026-01-01';
    const to = '2026-03-31';
    const res = await t.request(`/api/reports/cases.csv?from=${from}&to=${to}`, { token: agent });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="cases-${from}_${to}.csv"`);
    const text = await res.text();
    const parsed = parseCsv(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    const [header, ...rows] = parsed.records;
    expect(header?.fields[0]).toBe('caseNumber');
    const expected = fixture.filter((c) => inRange(received(c), from, to));
    expect(rows).toHaveLength(expected.length);
    const col = (name: string) => header!.fields.indexOf(name);
    const tricky = fixture[4]!;
    const row = rows.find((r) => r.fields[col('caseNumber')] === tricky.caseNumber);
    expect(row?.fields[col('description')]).toBe(tricky.description);
    expect(row?.fields[col('acceptedAt')]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    expect(text).toContain(formatCsvRow(['caseNumber']).slice(0, 10));
  });

  it('a large export pages through rows sharing one microsecond timestamp without repeats or gaps', async () => {
    const big = await makeTestApp({ now: NOW });
    try {
      // 2,345 cases: more than two export pages, many with the very same received instant.
      await big.db.pool.query(
        `INSERT INTO cases (id, client_rev, status, case_number, category, description, channel, mid, reported_at,
           created_by, accepted_at, region)
         SELECT gen_random_uuid(), gen_random_uuid(), 'closed', 'CASE-BIG-' || lpad(i::text, 5, '0'), 'other', 'x',
                'phone', '100000000000009', ts, 'agent1', ts, 'JKT'
         FROM generate_series(1, 2345) AS i,
              LATERAL (SELECT '2026-02-10 03:00:00.123456+00'::timestamptz + ((i % 3) || ' microseconds')::interval AS ts) t`,
      );
      const token = await big.login('agent1');
      const res = await big.request('/api/reports/cases.csv?from=2026-02-01&to=2026-02-28', { token });
      const parsed = parseCsv(await res.text());
      if (!parsed.ok) throw new Error(parsed.reason);
      const numbers = parsed.records.slice(1).map((r) => r.fields[0]);
      expect(numbers).toHaveLength(2345);
      expect(new Set(numbers).size).toBe(2345);
    } finally {
      await big.close();
    }
  });

  it('monthly summary lists top categories and problem candidates', async () => {
    const res = await t.request('/api/reports/monthly?month=2026-02', { token: agent });
    expect(res.status).toBe(200);
    const m = monthlyReportSchema.parse(await res.json());
    expect(m.summary.range).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    const jan = fixture.filter((c) => inRange(received(c), '2026-01-01', '2026-01-31')).length;
    expect(m.previousMonthTotal).toBe(jan);
    expect(m.topCategories[0]?.count).toBe(Math.max(...m.summary.byCategory.map((r) => r.count)));
    expect((await t.request('/api/reports/monthly?month=2026-13', { token: agent })).status).toBe(400);
  });

  it.each(['tech1', 'merchant1'])('%s gets 403 on reports and desk routes', async (username) => {
    const token = await t.login(username);
    for (const path of [
      '/api/reports/summary',
      '/api/reports/cases.csv',
      '/api/reports/monthly?month=2026-02',
      '/api/desk/sla',
      '/api/desk/sync-health',
      '/api/desk/problems',
    ]) {
      const res = await t.request(path, { token });
      expect(res.status, path).toBe(403);
      expect(await res.json()).toEqual({ status: 'error', reason: 'forbidden' });
    }
  });

  it('without a token the routes are 401', async () => {
    expect((await t.request('/api/reports/summary')).status).toBe(401);
  });
});
