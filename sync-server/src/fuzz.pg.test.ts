/**
 * Seeded fuzz of every state-changing route (issue 11, DESIGN section 9 "Errors": no input
 * produces a 5xx). The routes are the app's own (`app.routes`), so a route added later is
 * fuzzed too, and the coverage test fails until it has a valid body to mutate here. A few thousand requests built by mutating valid bodies — wrong types,
 * NUL and lone surrogates, prototype keys, huge and deep values, broken JSON, wrong
 * content types, odd path segments — go through `app.request()` into the real test
 * Postgres. Every answer must be below 500, and the server must still work afterwards.
 *
 * Reproduce a failure with the seed it prints: `FUZZ_SEED=<n> npx vitest run src/fuzz.pg.test.ts`
 * is not needed — the seed is fixed, so the same requests run every time.
 */
import { randomUUID } from 'node:crypto';
import { SYNC_BASE_PATH } from '@edc/shared';
import { mulberry32 } from '@edc/shared/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCase, pushCasesHttp } from './services/case-acceptance-fixtures.ts';
import { makeTestApp, seedDevice, type TestApp } from './test/fixtures.ts';

const SEED = 20261125;
const REQUESTS = 3000;
const S = SYNC_BASE_PATH;
const MID = '000000000000001';

let t: TestApp;
const tokens: Record<string, string> = {};
let caseId = '';
let userCount = 0;
/** Real rows for the `{placeholder}` path segments, made in beforeAll through the API. */
const real: Record<string, string> = {};

type Target = {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as Hono registered it (`app.routes`): the fuzz must cover every one. */
  route: string;
  /** Path; `{id}` etc. are replaced by a real id or a mutated segment. */
  path: string;
  role: string;
  contentType: string;
  /** A valid body to mutate (JSON routes), or raw text (CSV, images). */
  body: () => unknown;
  raw?: boolean;
};

const poisonStrings = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '😀'.repeat(3),
  '',
  ' ',
  'constructor',
  '__proto__',
  'toString',
  "'; DROP TABLE cases; --",
  '<script>alert(1)</script>',
  '%00',
  '../../etc/passwd',
  'x'.repeat(5000),
  '9999-12-31',
  '0000-01-01',
  '2026-02-30',
  '9999-12-31T23:59:59.999Z',
  '-000001-01-01T00:00:00Z',
  '1e309',
  'NaN',
  '00000000-0000-0000-0000-000000000000',
  'CASE-20261125-00001',
];
const poisonValues: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 31,
  2 ** 63,
  Number.MAX_SAFE_INTEGER,
  -1e308,
  [],
  {},
  [null],
  { __proto__: { admin: true } },
  { constructor: { prototype: { x: 1 } } },
];

function deep(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
  return v;
}

const caseEvent = () => ({
  id: randomUUID(),
  caseId,
  type: 'comment',
  at: '2026-11-25T02:59:00.000Z',
  actor: '',
  note: 'catatan',
  _deleted: false,
});

const targets: Target[] = [
  {
    method: 'POST',
    route: 'POST /api/auth/login',
    path: '/api/auth/login',
    role: '',
    contentType: 'application/json',
    body: () => ({ username: 'tech1', password: 'wrong-password-1' }),
  },
  {
    method: 'POST',
    route: 'POST /api/auth/refresh',
    path: '/api/auth/refresh',
    role: '',
    contentType: 'application/json',
    body: () => ({ refreshToken: 'abc' }),
  },
  {
    method: 'POST',
    route: 'POST /api/auth/logout',
    path: '/api/auth/logout',
    role: '',
    contentType: 'application/json',
    body: () => ({ refreshToken: 'abc' }),
  },
  {
    method: 'POST',
    route: 'POST /api/sync/v1/:collection/push',
    path: `${S}/cases/push`,
    role: 'tech1',
    contentType: 'application/json',
    body: () => [{ newDocumentState: newCase({ serialNumber: 'SN-F-1' }) }],
  },
  {
    method: 'POST',
    route: 'POST /api/sync/v1/:collection/push',
    path: `${S}/cases/push`,
    role: 'merchant1',
    contentType: 'application/json',
    body: () => [{ newDocumentState: newCase({ category: 'other', channel: 'merchant_app', mid: MID }) }],
  },
  {
    method: 'POST',
    route: 'POST /api/sync/v1/:collection/push',
    path: `${S}/case_events/push`,
    role: 'tech1',
    contentType: 'application/json',
    body: () => [{ newDocumentState: caseEvent() }],
  },
  {
    method: 'POST',
    route: 'POST /api/sync/v1/:collection/push',
    path: `${S}/case_events/push`,
    role: 'merchant1',
    contentType: 'application/json',
    body: () => [{ newDocumentState: { ...caseEvent(), type: 'confirmed', data: { satisfaction: 5 } } }],
  },
  {
    method: 'POST',
    route: 'POST /api/sync/v1/:collection/push',
    path: `${S}/devices/push`,
    role: 'admin1',
    contentType: 'application/json',
    body: () => [],
  },
  {
    method: 'POST',
    route: 'POST /api/cases/:id/transition',
    path: '/api/cases/{id}/transition',
    role: 'agent1',
    contentType: 'application/json',
    body: () => ({ action: 'assign', assignee: 'agent1', note: 'x' }),
  },
  {
    method: 'POST',
    route: 'POST /api/cases/:id/transition',
    path: '/api/cases/{id}/transition',
    role: 'merchant1',
    contentType: 'application/json',
    body: () => ({ action: 'close', satisfaction: 4 }),
  },
  {
    method: 'POST',
    route: 'POST /api/cases/:id/comments',
    path: '/api/cases/{id}/comments',
    role: 'tech1',
    contentType: 'application/json',
    body: () => ({ note: 'catatan' }),
  },
  {
    method: 'POST',
    route: 'POST /api/cases/:id/comments',
    path: '/api/cases/{id}/comments',
    role: 'agent1',
    contentType: 'application/json',
    body: () => ({ note: 'catatan' }),
  },
  {
    method: 'PUT',
    route: 'PUT /api/attachments/:id',
    path: '/api/attachments/{id}?caseId={case}',
    role: 'tech1',
    contentType: 'image/jpeg',
    raw: true,
    body: () => '\xff\xd8\xff\xe0garbage',
  },
  {
    method: 'POST',
    route: 'POST /api/intake/cases',
    path: '/api/intake/cases',
    role: 'agent1',
    contentType: 'application/json',
    body: () => ({ channel: 'phone', mid: MID, description: 'EDC mati total' }),
  },
  {
    method: 'POST',
    route: 'POST /api/classify',
    path: '/api/classify',
    role: 'merchant1',
    contentType: 'application/json',
    body: () => ({ text: 'kertas habis' }),
  },
  {
    method: 'POST',
    route: 'POST /api/import/:kind',
    path: '/api/import/devices',
    role: 'admin1',
    contentType: 'text/csv',
    raw: true,
    body: () => 'serialNumber,tid,mid,status,region\nSN-F-9,TIDF0009,000000000000001,on_operation,JKT\n',
  },
  {
    method: 'POST',
    route: 'POST /api/import/:kind',
    path: '/api/import/merchants',
    role: 'admin1',
    contentType: 'text/csv',
    raw: true,
    body: () => 'mid,name,region\n000000000000009,Toko,JKT\n',
  },
  {
    method: 'POST',
    route: 'POST /api/admin/users',
    path: '/api/admin/users',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({
      username: `fz${++userCount}`,
      displayName: 'Fuzz',
      role: 'agent',
      password: 'Kq8#vB2!mZ7$wR4p',
    }),
  },
  {
    method: 'PATCH',
    route: 'PATCH /api/admin/users/:id',
    path: '/api/admin/users/{id}',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({ displayName: 'Fuzz', regions: ['JKT'] }),
  },
  {
    method: 'POST',
    route: 'POST /api/admin/sessions/:id/revoke',
    path: '/api/admin/sessions/{id}/revoke',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({}),
  },
  {
    method: 'POST',
    route: 'POST /api/admin/sla-rules',
    path: '/api/admin/sla-rules',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({
      category: 'other',
      subcase: 'fz',
      caseType: 'inquiry',
      responsibleUnit: 'CC',
      priority: 'minor',
      responseMinutes: 10,
      businessDays: 1,
    }),
  },
  {
    method: 'PUT',
    route: 'PUT /api/admin/sla-rules/:id',
    path: '/api/admin/sla-rules/{rule}',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({
      caseType: 'inquiry',
      responsibleUnit: 'CC',
      priority: 'minor',
      responseMinutes: 10,
      hours: 4,
    }),
  },
  {
    method: 'DELETE',
    route: 'DELETE /api/admin/sla-rules/:id',
    path: '/api/admin/sla-rules/{rule}',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({}),
  },
  {
    method: 'POST',
    route: 'POST /api/admin/holidays',
    path: '/api/admin/holidays',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({ date: '2026-12-30', name: 'Libur' }),
  },
  {
    method: 'DELETE',
    route: 'DELETE /api/admin/holidays/:date',
    path: '/api/admin/holidays/{date}',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({}),
  },
  {
    method: 'POST',
    route: 'POST /api/admin/webhooks',
    path: '/api/admin/webhooks',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({ url: 'https://example.invalid/hook', events: ['case.accepted'] }),
  },
  {
    method: 'DELETE',
    route: 'DELETE /api/admin/webhooks/:id',
    path: '/api/admin/webhooks/{webhook}',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({}),
  },
  {
    method: 'POST',
    route: 'POST /api/desk/views',
    path: '/api/desk/views',
    role: 'agent1',
    contentType: 'application/json',
    body: () => ({ name: 'JKT terbuka', query: 'status:open region:JKT' }),
  },
  {
    method: 'POST',
    route: 'POST /api/desk/macros',
    path: '/api/desk/macros',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({ title: 'Sapaan', body: 'Halo {merchantName}, kasus {caseNumber} kami proses.' }),
  },
  {
    method: 'POST',
    route: 'POST /api/auth/password',
    path: '/api/auth/password',
    role: 'tech3',
    contentType: 'application/json',
    body: () => ({ currentPassword: 'not-the-password', newPassword: 'Kq8#vB2!mZ7$wR4p' }),
  },
  {
    method: 'POST',
    route: 'POST /api/desk/problem-records',
    path: '/api/desk/problem-records',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({ title: 'Printer macet massal', kind: 'other', key: 'fz', caseNumbers: [] }),
  },
  {
    method: 'PATCH',
    route: 'PATCH /api/desk/problem-records/:id',
    path: '/api/desk/problem-records/{problem}',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({ status: 'investigating', rca: 'Firmware', workaround: 'Restart' }),
  },
  {
    method: 'POST',
    route: 'POST /api/desk/problem-records/:id/cases',
    path: '/api/desk/problem-records/{problem}/cases',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({ caseNumbers: ['CASE-20261125-00001'] }),
  },
  {
    method: 'DELETE',
    route: 'DELETE /api/desk/problem-records/:id/cases/:caseId',
    path: '/api/desk/problem-records/{problem}/cases/{id}',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({}),
  },
  {
    method: 'DELETE',
    route: 'DELETE /api/desk/views/:id',
    path: '/api/desk/views/{view}',
    role: 'agent1',
    contentType: 'application/json',
    body: () => ({}),
  },
  {
    method: 'PUT',
    route: 'PUT /api/desk/macros/:id',
    path: '/api/desk/macros/{macro}',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({ title: 'Sapaan', body: 'Halo {merchantName}.', internal: false }),
  },
  {
    method: 'DELETE',
    route: 'DELETE /api/desk/macros/:id',
    path: '/api/desk/macros/{macro}',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({}),
  },
  {
    method: 'POST',
    route: 'POST /api/desk/cases/bulk',
    path: '/api/desk/cases/bulk',
    role: 'agent1',
    contentType: 'application/json',
    body: () => ({ action: 'note', ids: [caseId], note: 'catatan' }),
  },
  {
    method: 'POST',
    route: 'POST /api/notifications/read',
    path: '/api/notifications/read',
    role: 'tech1',
    contentType: 'application/json',
    body: () => ({ ids: [randomUUID()] }),
  },
  {
    method: 'POST',
    route: 'POST /api/push/subscriptions',
    path: '/api/push/subscriptions',
    role: 'tech1',
    contentType: 'application/json',
    body: () => ({
      endpoint: 'https://fcm.googleapis.com/fcm/send/fz',
      expirationTime: null,
      keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) },
    }),
  },
  {
    method: 'DELETE',
    route: 'DELETE /api/push/subscriptions',
    path: '/api/push/subscriptions',
    role: 'tech1',
    contentType: 'application/json',
    body: () => ({ endpoint: 'https://fcm.googleapis.com/fcm/send/fz' }),
  },
  {
    method: 'PUT',
    route: 'PUT /api/push/preferences',
    path: '/api/push/preferences',
    role: 'tech1',
    contentType: 'application/json',
    body: () => ({ preferences: [{ type: 'case_assigned', push: false }] }),
  },
  {
    method: 'POST',
    route: 'POST /api/announcements/:id/read',
    path: '/api/announcements/{announcement}/read',
    role: 'merchant1',
    contentType: 'application/json',
    body: () => ({}),
  },
  {
    method: 'POST',
    route: 'POST /api/admin/announcements',
    path: '/api/admin/announcements',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({
      title: 'Pemeliharaan',
      body: 'Malam ini',
      severity: 'maintenance',
      audience: 'region:JKT',
    }),
  },
  {
    method: 'DELETE',
    route: 'DELETE /api/admin/announcements/:id',
    path: '/api/admin/announcements/{announcement}',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({}),
  },
  {
    method: 'PUT',
    route: 'PUT /api/admin/sla-calendars',
    path: '/api/admin/sla-calendars',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({
      minor: { mode: 'business_hours', startMinute: 480, endMinute: 1020 },
      major: { mode: 'business_hours', startMinute: 480, endMinute: 1020 },
      critical: { mode: '24x7' },
    }),
  },
  {
    method: 'POST',
    route: 'POST /api/admin/faq',
    path: '/api/admin/faq',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({ locale: 'id', question: 'Kertas habis?', answer: 'Ganti gulungan kertas.' }),
  },
  {
    method: 'PUT',
    route: 'PUT /api/admin/faq/:id',
    path: '/api/admin/faq/{faq}',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({ category: null, question: 'Kertas habis?', answer: 'Ganti gulungan.' }),
  },
  {
    method: 'DELETE',
    route: 'DELETE /api/admin/faq/:id',
    path: '/api/admin/faq/{faq}',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({}),
  },
  {
    method: 'POST',
    route: 'POST /api/admin/surveys',
    path: '/api/admin/surveys',
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({
      title: 'Survei Desember',
      startsAt: '2026-11-25T00:00:00.000Z',
      endsAt: '2026-12-31T00:00:00.000Z',
    }),
  },
  {
    method: 'POST',
    route: 'POST /api/faq/deflections',
    path: '/api/faq/deflections',
    role: 'merchant1',
    contentType: 'application/json',
    body: () => ({ id: randomUUID(), articleId: randomUUID(), category: 'other' }),
  },
  {
    method: 'POST',
    route: 'POST /api/surveys/:id/responses',
    path: '/api/surveys/{survey}/responses',
    role: 'merchant1',
    contentType: 'application/json',
    body: () => ({ score: 4, comment: 'Cepat' }),
  },
];

/** Replaces one random leaf (or the whole value) of `v` by a poison value. */
function mutate(v: unknown, rnd: () => number, depth = 0): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  if (depth > 4 || rnd() < 0.15) {
    const r = rnd();
    if (r < 0.5) return pick(poisonStrings);
    if (r < 0.9) return pick(poisonValues);
    return deep(Math.floor(rnd() * 40));
  }
  if (Array.isArray(v)) {
    if (v.length === 0 || rnd() < 0.1) return [...v, mutate(undefined, rnd, depth + 1)];
    const i = Math.floor(rnd() * v.length);
    return v.map((x, k) => (k === i ? mutate(x, rnd, depth + 1) : x));
  }
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v);
    const out: Record<string, unknown> = Object.fromEntries(entries);
    if (entries.length === 0 || rnd() < 0.15) {
      // A poisoned or prototype key.
      out[pick([...poisonStrings, '__proto__', 'prototype', 'constructor'])] = mutate(
        undefined,
        rnd,
        depth + 1,
      );
      return out;
    }
    const [key] = pick(entries);
    if (rnd() < 0.1) delete out[key];
    else out[key] = mutate(out[key], rnd, depth + 1);
    return out;
  }
  if (typeof v === 'string' && rnd() < 0.5) {
    const cut = Math.floor(rnd() * (v.length + 1));
    return v.slice(0, cut) + pick(poisonStrings) + v.slice(cut);
  }
  return rnd() < 0.5 ? pick(poisonStrings) : pick(poisonValues);
}

function segment(rnd: () => number, real: string): string {
  const r = rnd();
  if (r < 0.5) return real;
  const odd = [
    '%00',
    '%ud800',
    '%ED%A0%80',
    '..%2F..',
    'x'.repeat(300),
    '0',
    '-1',
    'null',
    '%E2%80%8B',
    encodeURIComponent('\u0000'),
  ];
  return odd[Math.floor(rnd() * odd.length)]!;
}

beforeAll(async () => {
  t = await makeTestApp({ now: '2026-11-25T03:00:00.000Z' });
  await seedDevice(t.db, { serialNumber: 'SN-F-1', tid: 'TIDF0001', mid: MID });
  for (const u of ['tech1', 'tech3', 'merchant1', 'agent1', 'admin1']) tokens[u] = await t.login(u);
  const [c] = await pushCasesHttp(t, tokens.tech1!, [newCase({ serialNumber: 'SN-F-1' })]);
  caseId = c!.id;
  // One real row per resource, so half of the requests reach its UPDATE/DELETE, not a 404.
  const made: [string, string, string, unknown][] = [
    ['problem', 'admin1', '/api/desk/problem-records', { title: 'Masalah nyata', key: 'fz-real' }],
    ['view', 'agent1', '/api/desk/views', { name: 'Nyata', query: 'status:open' }],
    ['macro', 'admin1', '/api/desk/macros', { title: 'Nyata', body: 'Halo' }],
    [
      'announcement',
      'admin1',
      '/api/admin/announcements',
      { title: 'Nyata', severity: 'info', audience: 'all' },
    ],
    ['faq', 'admin1', '/api/admin/faq', { locale: 'id', question: 'Nyata?', answer: 'Ya.' }],
    [
      'survey',
      'admin1',
      '/api/admin/surveys',
      { title: 'Survei nyata', startsAt: '2026-11-20T00:00:00.000Z', endsAt: '2026-12-20T00:00:00.000Z' },
    ],
    [
      'webhook',
      'admin1',
      '/api/admin/webhooks',
      { url: 'https://example.invalid/hook', events: ['case.accepted'] },
    ],
  ];
  for (const [key, role, path, json] of made) {
    const res = await t.request(path, { token: tokens[role] ?? (await t.login(role)), json });
    const body: unknown = await res.json();
    const id = typeof body === 'object' && body !== null ? Reflect.get(body, 'id') : undefined;
    real[key] = typeof id === 'string' ? id : randomUUID();
  }
});
afterAll(async () => {
  await t?.close();
});

/** Every state-changing route the app registers, as `METHOD /path/:param`. */
function stateChangingRoutes(): string[] {
  const out = new Set<string>();
  for (const r of t.app.routes) {
    if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method)) out.add(`${r.method} ${r.path}`);
  }
  return [...out].sort();
}

/**
 * A route without a fuzz body: still fuzzed (its path with random segments, poison
 * bodies), so a new route is never skipped, but the coverage test below fails until it
 * has a valid body to mutate here.
 */
function genericTarget(route: string): Target {
  const [method, path] = route.split(' ') as [Target['method'], string];
  return {
    method,
    route,
    path: path.replace(/:\w+/g, '{id}'),
    role: 'admin1',
    contentType: 'application/json',
    body: () => ({}),
  };
}

describe('fuzz coverage', () => {
  it('every state-changing route registered on the app has a fuzz body, and every fuzz route exists', () => {
    const registered = stateChangingRoutes();
    expect(registered.length).toBeGreaterThan(30);
    const covered = new Set(targets.map((x) => x.route));
    expect(registered.filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !registered.includes(r))).toEqual([]);
  });
});

describe(`fuzz: ${REQUESTS} malformed requests (seed ${SEED})`, () => {
  it('no response is a 5xx, and the server still works afterwards', async () => {
    // The routes come from the app itself: a route added later is fuzzed too.
    const byRoute = new Map<string, Target[]>();
    for (const route of stateChangingRoutes()) {
      const own = targets.filter((x) => x.route === route);
      byRoute.set(route, own.length > 0 ? own : [genericTarget(route)]);
    }
    const routes = [...byRoute.keys()];
    const rnd = mulberry32(SEED);
    // The user edits and session revocations hit supervisor1, whom no request here uses:
    // revoking the fuzzers' own sessions would turn the rest of the run into 401s.
    await t.login('supervisor1');
    const { rows: users } = await t.db.pool.query<{ id: string }>(
      `SELECT id FROM users WHERE username = 'supervisor1'`,
    );
    const { rows: sessions } = await t.db.pool.query<{ id: string }>(
      `SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'supervisor1'`,
    );
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let n = 0; n < REQUESTS; n++) {
      const variants = byRoute.get(routes[Math.floor(rnd() * routes.length)]!)!;
      const target = variants[Math.floor(rnd() * variants.length)]!;
      const realId = target.path.includes('/users/')
        ? users[0]!.id
        : target.path.includes('/sessions/')
          ? sessions[0]!.id
          : target.path.includes('/attachments/')
            ? randomUUID()
            : caseId;
      const path = target.path
        .replace('{id}', segment(rnd, realId))
        .replace('{case}', segment(rnd, caseId))
        .replace('{rule}', segment(rnd, 'other:pertanyaan'))
        .replace('{date}', segment(rnd, '2026-12-25'))
        .replace(/\{(problem|view|macro|announcement|faq|survey|webhook)\}/, (_, key: string) =>
          segment(rnd, real[key] ?? randomUUID()),
        );
      const r = rnd();
      let body: string;
      if (target.raw) body = r < 0.3 ? String(target.body()) : `${String(target.body())}${mutate('', rnd)}`;
      else if (r < 0.08)
        body = JSON.stringify(target.body()).slice(0, Math.floor(rnd() * 20)); // broken JSON
      else if (r < 0.12) body = '';
      else body = JSON.stringify(mutate(target.body(), rnd)) ?? 'null';
      const c = rnd();
      const contentType =
        c < 0.85
          ? target.contentType
          : ([
              'text/plain',
              'application/x-www-form-urlencoded',
              '',
              'application/json; charset=utf-16',
              'image/svg+xml',
            ][Math.floor(rnd() * 5)] ?? '');
      const headers: Record<string, string> = {};
      if (contentType) headers['content-type'] = contentType;
      const token = target.role ? tokens[target.role] : undefined;
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await t.app.request(path, {
        method: target.method,
        headers,
        body: target.method === 'DELETE' && rnd() < 0.5 ? undefined : body,
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500)
        failures.push(
          `#${n} ${target.method} ${path} ${contentType} ${body.slice(0, 300)} → ${res.status} ${(await res.text()).slice(0, 200)}`,
        );
      else await res.arrayBuffer();
    }
    console.log(
      `[fuzz] statuses: ${[...statuses]
        .sort((a, b) => a[0] - b[0])
        .map(([s, k]) => `${s}×${k}`)
        .join(' ')}`,
    );
    expect(failures).toEqual([]);

    // Still healthy: health, a login, a valid push.
    expect((await t.request('/api/health')).status).toBe(200);
    // The wrong passwords sent above (login, change-my-password) throttle this test's one
    // IP as designed; the check here is that the server works, not the throttle.
    await t.db.pool.query('DELETE FROM login_attempts');
    const token = await t.login('tech2');
    await t.db.pool.query(`UPDATE cases SET status = 'closed' WHERE tid = 'TIDF0001'`);
    const [doc] = await pushCasesHttp(t, token, [newCase({ serialNumber: 'SN-F-1' })]);
    expect(doc?.status).toBe('open');
    // ~20 s alone; the whole suite runs files in parallel on two cores, so allow for that.
  }, 240_000);
});
