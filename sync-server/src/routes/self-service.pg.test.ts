/**
 * Merchant self-service through HTTP against real Postgres (issue 14, DESIGN section 9):
 * FAQ admin routes and the pull-only `faq_articles` collection, deflections, the
 * confirmation loop (auto-close by `system` on an injected clock, reopen raises the
 * escalation level, NPS at most once per 90 days), survey windows and the satisfaction
 * report, and the test hook that exists only when configured.
 */
import { randomUUID } from 'node:crypto';
import {
  type Case,
  caseSchema,
  faqArticleSchema,
  SYNC_BASE_PATH,
  satisfactionReportSchema,
} from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackgroundJobs } from '../jobs/background-jobs.ts';
import { newCase, pullAllHttp, pushCasesHttp } from '../services/case-acceptance-fixtures.ts';
import { DEMO_FAQ } from '../services/demo/faq-articles.ts';
import { seedDemoFaq } from '../services/demo-seed.ts';
import { makeTestApp, seedDevice, type TestApp } from '../test/fixtures.ts';

const MID_A = '000000000000001'; // merchant1
const H = 3_600_000;

let t: TestApp;
const tokens: Record<string, string> = {};
let serial = 0;

async function call(token: string, path: string, method = 'GET', json?: unknown) {
  const res = await t.request(path, { token, method, ...(json === undefined ? {} : { json }) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function resolvedCase(): Promise<Case> {
  serial++;
  const sn = `SN-SELF-${serial}`;
  await seedDevice(t.db, { serialNumber: sn, tid: `TIDS${String(serial).padStart(4, '0')}`, mid: MID_A });
  const [c] = await pushCasesHttp(t, tokens.tech1!, [
    newCase({ serialNumber: sn, reportedAt: t.clock().toISOString() }),
  ]);
  expect(
    (await call(tokens.agent1!, `/api/cases/${c!.id}/transition`, 'POST', { action: 'start' })).status,
  ).toBe(200);
  const r = await call(tokens.agent1!, `/api/cases/${c!.id}/transition`, 'POST', {
    action: 'resolve',
    rca: 'Kabel',
    capa: 'Ganti kabel',
  });
  expect(r.status).toBe(200);
  return caseSchema.parse(r.body);
}

async function loginAll() {
  for (const u of ['tech1', 'merchant1', 'merchant2', 'agent1', 'supervisor1', 'admin1'])
    tokens[u] = await t.login(u);
}

/** Moves the server clock; access tokens expire on it, so everyone logs in again. */
async function advance(ms: number) {
  t.clock.advance(ms);
  await loginAll();
}

beforeAll(async () => {
  t = await makeTestApp({
    now: '2026-03-02T03:00:00.000Z',
    env: { TEST_HOOKS: 'true', AUTO_CLOSE_HOURS: '72' },
  });
  await loginAll();
});
afterAll(async () => {
  await t?.close();
});

describe('FAQ', () => {
  it('admins create, edit and delete; every role pulls; the delete replicates', async () => {
    const created = await call(tokens.admin1!, '/api/admin/faq', 'POST', {
      category: 'paper_supply',
      locale: 'id',
      question: 'Kertas struk habis?',
      answer: 'Minta roll kertas lewat aplikasi.',
    });
    expect(created.status).toBe(201);
    const article = faqArticleSchema.parse(created.body);
    expect(article).toMatchObject({ category: 'paper_supply', locale: 'id', _deleted: false });

    const edited = await call(tokens.admin1!, `/api/admin/faq/${article.id}`, 'PUT', {
      category: null,
      answer: 'Baru.',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.category).toBeUndefined();
    expect(edited.body.answer).toBe('Baru.');

    for (const who of ['merchant1', 'tech1', 'agent1']) {
      const docs = await pullAllHttp(t, tokens[who]!, 'faq_articles');
      expect(docs.find((d) => d.id === article.id)).toMatchObject({ answer: 'Baru.', _deleted: false });
    }
    expect((await call(tokens.admin1!, `/api/admin/faq/${article.id}`, 'DELETE')).status).toBe(200);
    const after = await pullAllHttp(t, tokens.merchant1!, 'faq_articles');
    expect(after.find((d) => d.id === article.id)).toMatchObject({ _deleted: true });
    expect((await call(tokens.admin1!, `/api/admin/faq/${article.id}`, 'DELETE')).status).toBe(404);
  });

  it.each([
    ['agent1', 'POST', '/api/admin/faq', { locale: 'id', question: 'Apa?', answer: 'Itu.' }, 403],
    ['merchant1', 'GET', '/api/admin/faq', undefined, 403],
    ['admin1', 'POST', '/api/admin/faq', { locale: 'fr', question: 'Quoi?', answer: 'Ça.' }, 400],
    [
      'admin1',
      'POST',
      '/api/admin/faq',
      { locale: 'id', question: 'Apa?', answer: 'Itu.', id: randomUUID() },
      400,
    ],
    ['admin1', 'PUT', `/api/admin/faq/${randomUUID()}`, { answer: 'Tidak ada.' }, 404],
    ['admin1', 'PUT', '/api/admin/faq/not-a-uuid', { answer: 'Tidak ada.' }, 404],
  ])('%s %s %s → %s', async (who, method, path, json, status) => {
    expect((await call(tokens[who]!, path, method, json)).status).toBe(status);
  });

  it('seeds the demo FAQ once, never in production, never reviving a deleted article', async () => {
    const demo = { seedDemo: true, isProduction: false };
    expect(await seedDemoFaq(t.db, { seedDemo: true, isProduction: true }, t.clock())).toBe(0);
    expect(await seedDemoFaq(t.db, demo, t.clock())).toBe(DEMO_FAQ.length);
    const first = DEMO_FAQ[0]!.id;
    expect((await call(tokens.admin1!, `/api/admin/faq/${first}`, 'DELETE')).status).toBe(200);
    expect(await seedDemoFaq(t.db, demo, t.clock())).toBe(0);
    const listed = await call(tokens.admin1!, '/api/admin/faq');
    expect((listed.body as unknown as { id: string }[]).some((a) => a.id === first)).toBe(false);
  });

  it('a push to faq_articles is refused (pull-only)', async () => {
    const res = await t.request(`${SYNC_BASE_PATH}/faq_articles/push`, { token: tokens.admin1!, json: [] });
    expect(res.status).toBe(403);
  });

  it('counts "this solved it" once per phone-made id, merchants only, known articles only', async () => {
    const a = faqArticleSchema.parse(
      (
        await call(tokens.admin1!, '/api/admin/faq', 'POST', {
          category: 'transaction_settlement',
          locale: 'id',
          question: 'Settlement belum masuk?',
          answer: 'Diproses H+1.',
        })
      ).body,
    );
    const id = randomUUID();
    const body = { id, articleId: a.id };
    expect((await call(tokens.merchant1!, '/api/faq/deflections', 'POST', body)).status).toBe(201);
    expect((await call(tokens.merchant1!, '/api/faq/deflections', 'POST', body)).status).toBe(201);
    expect(
      (await call(tokens.tech1!, '/api/faq/deflections', 'POST', { id: randomUUID(), articleId: a.id }))
        .status,
    ).toBe(403);
    expect(
      (
        await call(tokens.merchant1!, '/api/faq/deflections', 'POST', {
          id: randomUUID(),
          articleId: randomUUID(),
        })
      ).status,
    ).toBe(404);
    const { rows } = await t.db.pool.query('SELECT category, mid FROM faq_deflections WHERE id = $1', [id]);
    expect(rows).toEqual([{ category: 'transaction_settlement', mid: MID_A }]);
  });
});

describe('confirmation loop', () => {
  it('auto-closes an unconfirmed resolution after AUTO_CLOSE_HOURS, by system, on the job clock', async () => {
    const c = await resolvedCase();
    const jobs = startBackgroundJobs(
      { db: t.db, clock: t.clock },
      {
        jobs: {
          slaMonitorIntervalMs: 0,
          webhookIntervalMs: 0,
          autoCloseIntervalMs: 3_600_000,
          pushIntervalMs: 0,
          announcementIntervalMs: 0,
        },
        webhooks: t.deps.config.webhooks,
        autoCloseHours: 72,
        push: t.deps.config.push,
      },
      { info: () => {}, error: () => {} },
    );
    try {
      t.clock.advance(71 * H);
      expect((await jobs.handles.autoClose?.runNow())?.closed).not.toContain(c.id);
      t.clock.advance(H);
      expect((await jobs.handles.autoClose?.runNow())?.closed).toContain(c.id);
    } finally {
      await jobs.stop();
    }
    await loginAll();
    const now = await call(tokens.merchant1!, `/api/cases/${c.id}`);
    expect(now.body).toMatchObject({ status: 'closed', closedAt: t.clock().toISOString() });
    const events = await pullAllHttp(t, tokens.merchant1!, 'case_events', 100);
    expect(events.filter((e) => e.caseId === c.id && e.type === 'closed')).toEqual([
      expect.objectContaining({ actor: 'system', data: { reason: 'auto', hours: 72 } }),
    ]);
    // Closed now: the merchant can no longer confirm it.
    expect(
      (await call(tokens.merchant1!, `/api/cases/${c.id}/transition`, 'POST', { action: 'close' })).status,
    ).toBe(409);
  });

  it('an assignment names the handler by display name for the merchant', async () => {
    await t.db.pool.query(`UPDATE users SET display_name = 'Siti Rahma' WHERE username = 'supervisor1'`);
    const c = (await resolvedCase()).id;
    const r = await call(tokens.agent1!, `/api/cases/${c}/transition`, 'POST', { action: 'reopen' });
    expect(r.status).toBe(200);
    await call(tokens.agent1!, `/api/cases/${c}/transition`, 'POST', {
      action: 'assign',
      assignee: 'supervisor1',
    });
    const events = await pullAllHttp(t, tokens.merchant1!, 'case_events', 100);
    expect(events.find((e) => e.caseId === c && e.type === 'assigned')).toMatchObject({
      data: { to: 'supervisor1', toName: 'Siti Rahma' },
    });
    // Starting work unassigned makes the starter the handler, named the same way.
    await call(tokens.supervisor1!, `/api/cases/${c}/transition`, 'POST', {
      action: 'assign',
      assignee: 'agent1',
    });
    const other = (await resolvedCase()).id;
    const started = (await pullAllHttp(t, tokens.merchant1!, 'case_events', 100)).find(
      (e) => e.caseId === other && e.type === 'started',
    );
    expect(started).toMatchObject({ data: { assignee: 'agent1', assigneeName: 'agent1' } });
  });

  it('a merchant reopen raises the escalation level by one; a back-office reopen does not', async () => {
    const c = await resolvedCase();
    const r = await call(tokens.merchant1!, `/api/cases/${c.id}/transition`, 'POST', {
      action: 'reopen',
      note: 'Masih mati',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'open', escalationLevel: c.escalationLevel + 1 });
    const d = await resolvedCase();
    const b = await call(tokens.agent1!, `/api/cases/${d.id}/transition`, 'POST', { action: 'reopen' });
    expect(b.body).toMatchObject({ status: 'open', escalationLevel: d.escalationLevel });
  });

  it('records NPS with a confirmation at most once per 90 days per MID (REST and pushed event)', async () => {
    const first = await resolvedCase();
    const ok = await call(tokens.merchant1!, `/api/cases/${first.id}/transition`, 'POST', {
      action: 'close',
      satisfaction: 4,
      nps: 9,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'closed', satisfaction: 4 });

    // 30 days later, pushed from the phone: confirmation stored, NPS dropped.
    await advance(30 * 24 * H);
    const second = await resolvedCase();
    const res = await t.request(`${SYNC_BASE_PATH}/case_events/push`, {
      token: tokens.merchant1!,
      json: [
        {
          newDocumentState: {
            id: randomUUID(),
            caseId: second.id,
            type: 'confirmed',
            at: t.clock().toISOString(),
            actor: 'merchant1',
            data: { satisfaction: 5, nps: 2 },
            _deleted: false,
          },
        },
      ],
    });
    const [ev] = (await res.json()) as Record<string, unknown>[];
    expect(ev).toMatchObject({ type: 'confirmed', data: { satisfaction: 5 }, _deleted: false });
    expect((ev!.data as Record<string, unknown>).nps).toBeUndefined();

    // 90 days after the first answer: asked again, recorded.
    await advance(60 * 24 * H);
    const third = await resolvedCase();
    await call(tokens.merchant1!, `/api/cases/${third.id}/transition`, 'POST', { action: 'close', nps: 3 });
    const { rows } = await t.db.pool.query<{ score: number }>(
      'SELECT score FROM nps_responses WHERE mid = $1 ORDER BY at',
      [MID_A],
    );
    expect(rows.map((r) => r.score)).toEqual([9, 3]);
    expect(
      (
        await call(tokens.merchant1!, `/api/cases/${third.id}/transition`, 'POST', {
          action: 'close',
          nps: 11,
        })
      ).status,
    ).toBe(400);
  });
});

describe('contact phone on a complaint', () => {
  const complaint = (contactPhone: string) =>
    newCase({
      channel: 'merchant_app',
      category: 'other',
      description: 'Struk tidak keluar',
      serialNumber: undefined,
      mid: MID_A,
      contactPhone,
      reportedAt: t.clock().toISOString(),
    });

  it('is stored on the case, shown to the desk and replicated to the merchant', async () => {
    const [c] = await pushCasesHttp(t, tokens.merchant1!, [complaint('+6281234567890')]);
    expect(c).toMatchObject({ status: 'open', contactPhone: '+6281234567890' });
    const desk = await call(tokens.agent1!, `/api/cases/${c!.id}`);
    expect(desk.status).toBe(200);
    expect(caseSchema.parse(desk.body).contactPhone).toBe('+6281234567890');
    const pulled = await pullAllHttp(t, tokens.merchant1!, 'cases', 50);
    expect(pulled.find((d) => d.id === c!.id)).toMatchObject({ contactPhone: '+6281234567890' });
  });

  it('a number not in the stored +62 form is refused with the document, never stored as typed', async () => {
    const [c] = await pushCasesHttp(t, tokens.merchant1!, [complaint('0812-3456-7890')]);
    expect(c).toMatchObject({ status: 'rejected', rejectReason: 'invalid' });
    expect(c!.contactPhone).toBeUndefined();
  });
});

describe('test hook', () => {
  it('runs an auto-close pass at an injected time, only over the given cases, admins only', async () => {
    const a = await resolvedCase();
    const b = await resolvedCase();
    const now = new Date(t.clock().getTime() + 73 * H).toISOString();
    expect(
      (await call(tokens.agent1!, '/api/test/auto-close', 'POST', { now, caseIds: [a.id] })).status,
    ).toBe(403);
    const run = await call(tokens.admin1!, '/api/test/auto-close', 'POST', { now, caseIds: [a.id] });
    expect(run).toEqual({ status: 200, body: { closed: [a.id] } });
    expect((await call(tokens.agent1!, `/api/cases/${b.id}`)).body.status).toBe('resolved');
  });

  it('does not exist without TEST_HOOKS', async () => {
    const plain = await makeTestApp({ users: [{ username: 'admin9', role: 'admin' }] });
    try {
      const token = await plain.login('admin9');
      const res = await plain.request('/api/test/auto-close', {
        token,
        json: { now: new Date().toISOString(), caseIds: [randomUUID()] },
      });
      expect(res.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe('satisfaction survey and report', () => {
  it('a supervisor opens a window; merchants answer once; results by unit and region; the report adds it up', async () => {
    const startsAt = t.clock().toISOString();
    const endsAt = new Date(t.clock().getTime() + 14 * 24 * H).toISOString();
    expect(
      (await call(tokens.agent1!, '/api/admin/surveys', 'POST', { title: 'CSI', startsAt, endsAt })).status,
    ).toBe(403);
    const opened = await call(tokens.supervisor1!, '/api/admin/surveys', 'POST', {
      title: 'CSI semester 1',
      startsAt,
      endsAt,
    });
    expect(opened.status).toBe(201);
    const overlap = await call(tokens.supervisor1!, '/api/admin/surveys', 'POST', {
      title: 'CSI 2',
      startsAt,
      endsAt,
    });
    expect(overlap).toMatchObject({ status: 409, body: { details: { reason: 'survey_overlap' } } });

    const current = await call(tokens.merchant1!, '/api/surveys/current');
    expect(current.body).toMatchObject({ survey: { id: opened.body.id }, answered: false });
    const path = `/api/surveys/${String(opened.body.id)}/responses`;
    expect((await call(tokens.merchant1!, path, 'POST', { score: 4, comment: 'Cepat' })).status).toBe(201);
    expect(await call(tokens.merchant1!, path, 'POST', { score: 5 })).toMatchObject({
      status: 409,
      body: { details: { reason: 'survey_answered' } },
    });
    expect((await call(tokens.merchant1!, '/api/surveys/current')).body.answered).toBe(true);
    expect((await call(tokens.merchant2!, path, 'POST', { score: 0 })).status).toBe(400);
    expect((await call(tokens.agent1!, path, 'POST', { score: 3 })).status).toBe(403);

    const report = await call(tokens.agent1!, '/api/reports/satisfaction?from=2026-01-01&to=2026-12-31');
    expect(report.status).toBe(200);
    const r = satisfactionReportSchema.parse(report.body);
    expect(r.surveys[0]).toMatchObject({
      responses: 1,
      average: 4,
      byRegion: [{ key: 'JKT', responses: 1, average: 4 }],
      byUnit: [{ responses: 1, average: 4 }],
    });
    expect(r.nps).toMatchObject({ responses: 2, promoters: 1, detractors: 1, score: 0 });
    expect(r.csat.byRating).toEqual([0, 0, 0, 1, 1]);
    expect(r.deflection.solved).toBe(1);
    expect(r.autoClosed).toBeGreaterThanOrEqual(2);
    expect(r.reopened).toBe(3);
    expect((await call(tokens.merchant1!, '/api/reports/satisfaction')).status).toBe(403);

    // The window ends: answers are refused, and the phone sees no survey.
    await advance(15 * 24 * H);
    expect((await call(tokens.merchant2!, path, 'POST', { score: 3 })).body).toMatchObject({
      details: { reason: 'survey_closed' },
    });
    expect((await call(tokens.merchant2!, '/api/surveys/current')).body).toEqual({
      survey: null,
      answered: false,
    });
  });
});
