import { randomUUID } from 'node:crypto';
import { slaMonitorResponseSchema } from '@edc/shared';
import { slaState } from '@edc/shared/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockBreachCandidates } from '../db/monitor.ts';
import type { Db } from '../db/pool.ts';
import { makeTestApp, type TestApp } from '../test/fixtures.ts';
import { runSlaMonitor } from './sla-monitor.ts';

const MIN = 60_000;
const H = 60 * MIN;

type Seed = {
  label: string;
  status?: string;
  acceptedAgoH: number;
  responseDueInH: number;
  dueInH: number;
  responded?: boolean;
  level?: number;
};

let seq = 0;
async function seedCase(db: Db, now: Date, s: Seed): Promise<string> {
  const id = randomUUID();
  const at = (h: number) => new Date(now.getTime() + h * H).toISOString();
  seq++;
  await db.pool.query(
    `INSERT INTO cases (id, client_rev, status, case_number, category, description, channel, tid, mid, reported_at,
       created_by, accepted_at, response_due_at, due_at, first_response_at, escalation_level, region, responsible_unit)
     VALUES ($1, $2, $3, $4, 'replace_device', $5, 'phone', $6, '400000000000001', $7, 'agent1', $7, $8, $9, $10, $11,
       'JKT', 'Merchant Operation - MEM')`,
    [
      id,
      randomUUID(),
      s.status ?? 'open',
      `CASE-20260301-${String(seq).padStart(5, '0')}`,
      s.label,
      `TSLA${String(seq).padStart(4, '0')}`,
      at(-s.acceptedAgoH),
      at(s.responseDueInH),
      at(s.dueInH),
      s.responded ? at(-s.acceptedAgoH + 0.1) : null,
      s.level ?? 0,
    ],
  );
  return id;
}

async function levelOf(db: Db, id: string): Promise<number> {
  const { rows } = await db.pool.query<{ l: number }>(
    'SELECT escalation_level AS l FROM cases WHERE id = $1',
    [id],
  );
  return rows[0]!.l;
}

async function escalatedEvents(db: Db, id: string) {
  const { rows } = await db.pool.query<{ actor: string; data: Record<string, unknown> }>(
    `SELECT actor, data FROM case_events WHERE case_id = $1 AND type = 'escalated' ORDER BY at, (data->>'level')::int`,
    [id],
  );
  return rows;
}

describe('SLA monitor (real Postgres)', () => {
  let t: TestApp;
  const now = new Date('2026-03-02T04:00:00Z');

  beforeAll(async () => {
    t = await makeTestApp({ now });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('escalates each breach once, writes the event, and is idempotent on a second run', async () => {
    const resolutionBreach = await seedCase(t.db, now, {
      label: 'res',
      acceptedAgoH: 30,
      responseDueInH: -28,
      dueInH: -1,
      responded: true,
    });
    const responseBreach = await seedCase(t.db, now, {
      label: 'resp',
      acceptedAgoH: 3,
      responseDueInH: -1,
      dueInH: 20,
    });
    const both = await seedCase(t.db, now, {
      label: 'both',
      status: 'in_progress',
      acceptedAgoH: 30,
      responseDueInH: -28,
      dueInH: -2,
    });
    const onTrack = await seedCase(t.db, now, {
      label: 'ok',
      acceptedAgoH: 1,
      responseDueInH: 1,
      dueInH: 20,
    });
    const atTop = await seedCase(t.db, now, {
      label: 'top',
      acceptedAgoH: 30,
      responseDueInH: -28,
      dueInH: -1,
      responded: true,
      level: 3,
    });
    const resolved = await seedCase(t.db, now, {
      label: 'done',
      status: 'resolved',
      acceptedAgoH: 30,
      responseDueInH: -28,
      dueInH: -1,
    });

    const first = await runSlaMonitor(t.db, now);
    expect(first.escalated.map((e) => e.caseId).sort()).toEqual(
      [resolutionBreach, responseBreach, both].sort(),
    );
    expect(first.atTop).toBe(1);
    expect(await levelOf(t.db, resolutionBreach)).toBe(1);
    expect(await levelOf(t.db, responseBreach)).toBe(1);
    expect(await levelOf(t.db, both)).toBe(1);
    expect(await levelOf(t.db, onTrack)).toBe(0);
    expect(await levelOf(t.db, atTop)).toBe(3);
    expect(await levelOf(t.db, resolved)).toBe(0);
    expect(await escalatedEvents(t.db, resolutionBreach)).toEqual([
      {
        actor: 'system',
        data: expect.objectContaining({ reason: 'sla_breach', level: 1, breach: 'resolution' }),
      },
    ]);

    // Second pass: the case with both deadlines passed takes its second breach; nothing else moves.
    const second = await runSlaMonitor(t.db, now);
    expect(second.escalated).toEqual([
      expect.objectContaining({ caseId: both, kind: 'resolution', level: 2 }),
    ]);
    const third = await runSlaMonitor(t.db, now);
    expect(third).toEqual({ escalated: [], atTop: 0 });
    expect(await levelOf(t.db, resolutionBreach)).toBe(1);
    expect((await escalatedEvents(t.db, resolutionBreach)).length).toBe(1);
    expect((await escalatedEvents(t.db, both)).map((e) => e.data.level)).toEqual([1, 2]);

    // Time moves on: the response-only case now also misses its resolution deadline.
    const later = new Date(now.getTime() + 21 * H);
    const fourth = await runSlaMonitor(t.db, later);
    expect(fourth.escalated.map((e) => [e.caseId, e.kind])).toContainEqual([responseBreach, 'resolution']);
    expect(await levelOf(t.db, responseBreach)).toBe(2);
  });

  it('a deadline with microseconds is escalated once (the ledger keeps the exact instant)', async () => {
    const id = await seedCase(t.db, now, {
      label: 'micro',
      acceptedAgoH: 30,
      responseDueInH: -28,
      dueInH: -1,
      responded: true,
    });
    await t.db.pool.query(`UPDATE cases SET due_at = due_at + interval '123 microseconds' WHERE id = $1`, [
      id,
    ]);
    await runSlaMonitor(t.db, now);
    // Handled breaches are no longer candidates (else a batch of them would loop forever).
    expect((await lockBreachCandidates(t.db.pool, now, 10_000)).map((c) => c.id)).not.toContain(id);
    await runSlaMonitor(t.db, now);
    expect(await levelOf(t.db, id)).toBe(1);
    expect((await escalatedEvents(t.db, id)).length).toBe(1);
  });

  it('several instances running at once escalate every case exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      ids.push(
        await seedCase(t.db, now, {
          label: `conc${i}`,
          acceptedAgoH: 50,
          responseDueInH: -48,
          dueInH: -3,
          responded: true,
        }),
      );
    }
    const runs = await Promise.all([1, 2, 3, 4].map(() => runSlaMonitor(t.db, now)));
    const escalated = runs.flatMap((r) => r.escalated.map((e) => e.caseId)).filter((id) => ids.includes(id));
    expect(escalated.sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect(await levelOf(t.db, id)).toBe(1);
      expect((await escalatedEvents(t.db, id)).length).toBe(1);
    }
  });

  it('GET /api/desk/sla lists breached and at-risk cases with the shared slaState rule', async () => {
    const fresh = await makeTestApp({ now });
    try {
      const breached = await seedCase(fresh.db, now, {
        label: 'b',
        acceptedAgoH: 10,
        responseDueInH: -9,
        dueInH: -1,
        responded: true,
      });
      // 9 h of a 10 h target used (90 %): at risk.
      const atRisk = await seedCase(fresh.db, now, {
        label: 'r',
        acceptedAgoH: 9,
        responseDueInH: -8,
        dueInH: 1,
        responded: true,
      });
      // 2 h of a 10 h target used: on track, but its first response is overdue.
      const onTrack = await seedCase(fresh.db, now, {
        label: 'o',
        acceptedAgoH: 2,
        responseDueInH: -1,
        dueInH: 8,
      });
      const agent = await fresh.login('agent1');

      const all = slaMonitorResponseSchema.parse(
        await (await fresh.request('/api/desk/sla', { token: agent })).json(),
      );
      expect(new Map(all.rows.map((r) => [r.id, r.state]))).toEqual(
        new Map([
          [breached, 'breached'],
          [atRisk, 'at_risk'],
          [onTrack, 'on_track'],
        ]),
      );
      for (const r of all.rows) {
        expect(r.state).toBe(slaState({ now, acceptedAt: new Date(r.acceptedAt), dueAt: new Date(r.dueAt) }));
      }
      expect(all.rows.find((r) => r.id === onTrack)?.responseOverdue).toBe(true);
      // Sorted by due time.
      expect(all.rows.map((r) => r.dueAt)).toEqual([...all.rows.map((r) => r.dueAt)].sort());

      const onlyBreached = slaMonitorResponseSchema.parse(
        await (await fresh.request('/api/desk/sla?state=breached', { token: agent })).json(),
      );
      expect(onlyBreached.rows.map((r) => r.id)).toEqual([breached]);
      const onlyRisk = slaMonitorResponseSchema.parse(
        await (await fresh.request('/api/desk/sla?state=at_risk', { token: agent })).json(),
      );
      expect(onlyRisk.rows.map((r) => r.id)).toEqual([atRisk]);
      expect((await fresh.request('/api/desk/sla?state=late', { token: agent })).status).toBe(400);

      // After the job runs, the desk sees the raised level.
      await runSlaMonitor(fresh.db, now);
      const after = slaMonitorResponseSchema.parse(
        await (await fresh.request('/api/desk/sla?state=breached', { token: agent })).json(),
      );
      expect(after.rows[0]?.escalationLevel).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});
