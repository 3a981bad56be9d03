/**
 * Issue 11, "Security fixes" found by a probe: CSRF through form content types, a token
 * without `exp`, technicians reading closed region cases by id or number.
 */
import { randomUUID } from 'node:crypto';
import { errorBodySchema, SYNC_BASE_PATH } from '@edc/shared';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCase, pushCasesHttp } from '../services/case-acceptance-fixtures.ts';
import { makeTestApp, seedDevice, TEST_JWT_SECRET, type TestApp } from '../test/fixtures.ts';
import { JPEG_2X2 } from '../test/images.ts';

const S = SYNC_BASE_PATH;
const MID = '000000000000001';
let t: TestApp;
let tech: string;
let admin: string;

beforeAll(async () => {
  t = await makeTestApp({ now: '2026-11-25T03:00:00.000Z' });
  await seedDevice(t.db, { serialNumber: 'SN-SEC-1', tid: 'TIDSEC01', mid: MID });
  await seedDevice(t.db, { serialNumber: 'SN-SEC-2', tid: 'TIDSEC02', mid: MID });
  tech = await t.login('tech1');
  admin = await t.login('admin1');
});
afterAll(async () => {
  await t?.close();
});

describe('CSRF: state-changing routes need their own Content-Type (415 otherwise)', () => {
  // What a page on another origin can make a browser send without a preflight.
  const formTypes = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'];
  const routes: [string, string, () => string, string][] = [
    ['comment', `/api/cases/${randomUUID()}/comments`, () => tech, '{"note":"csrf"}'],
    ['cases push', `${S}/cases/push`, () => tech, JSON.stringify([{ newDocumentState: newCase() }])],
    ['events push', `${S}/case_events/push`, () => tech, '[]'],
    ['login', '/api/auth/login', () => '', '{"username":"tech1","password":"x"}'],
    ['user create', '/api/admin/users', () => admin, '{}'],
    ['merchant import', '/api/import/merchants', () => admin, 'mid,name,region\n000000000000009,X,JKT\n'],
  ];
  it.each(
    routes.flatMap(([what, path, token, body]) =>
      formTypes.map((type) => [what, type, path, token, body] as const),
    ),
  )('%s as %s → 415', async (_what, type, path, token, body) => {
    const headers: Record<string, string> = { 'content-type': type };
    if (token()) headers.authorization = `Bearer ${token()}`;
    const res = await t.app.request(path, { method: 'POST', headers, body });
    expect(res.status).toBe(415);
    expect(errorBodySchema.parse(await res.json()).reason).toBe('unsupported_media_type');
  });

  it('the matching types still work; a bodiless POST without a type passes', async () => {
    const csv = await t.app.request('/api/import/merchants', {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv; charset=utf-8' },
      body: 'mid,name,region\n000000000000009,Toko Sembilan,JKT\n',
    });
    expect(csv.status).toBe(200);
    const json = await t.app.request(`${S}/case_events/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tech}`, 'content-type': 'application/json; charset=utf-8' },
      body: '[]',
    });
    expect(json.status).toBe(200);
    const photo = await t.app.request(`/api/attachments/${randomUUID()}?caseId=${randomUUID()}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tech}`, 'content-type': 'application/json' },
      body: JPEG_2X2,
    });
    expect(photo.status).toBe(415);
    const victim = await t.loginFull('supervisor1');
    const { rows } = await t.db.pool.query<{ id: string }>('SELECT id FROM sessions WHERE user_id = $1', [
      victim.user.id,
    ]);
    const revoke = await t.app.request(`/api/admin/sessions/${rows[0]!.id}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(revoke.status).toBe(200);
  });
});

describe('access tokens', () => {
  const key = new TextEncoder().encode(TEST_JWT_SECRET);
  const claims = async () => {
    const me = await t.loginFull('agent1');
    const payload = JSON.parse(Buffer.from(me.accessToken.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    return payload;
  };

  it('a token signed with the server key but without exp is refused', async () => {
    const { exp: _exp, ...rest } = await claims();
    const forever = await new SignJWT(rest).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
    const res = await t.request('/api/auth/me', { token: forever });
    expect(res.status).toBe(401);
    // The same claims with an exp are fine: it is the missing exp that is refused.
    const withExp = await new SignJWT({ ...rest, exp: Math.floor(t.clock().getTime() / 1000) + 60 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(key);
    expect((await t.request('/api/auth/me', { token: withExp })).status).toBe(200);
  });
});

describe('technician scope of direct reads follows the pull scope', () => {
  it('a closed region case of another technician: no read by id or number, no comment', async () => {
    const other = await t.login('tech2');
    const [open] = await pushCasesHttp(t, other, [newCase({ serialNumber: 'SN-SEC-2' })]);
    expect(open?.status).toBe('open');
    const number = open!.caseNumber!;
    // While it blocks, tech1 sees it (the pull serves it too: "who else works on this terminal").
    expect((await t.request(`/api/cases/${open!.id}`, { token: tech })).status).toBe(200);
    expect((await t.request(`/api/cases/by-number/${number}`, { token: tech })).status).toBe(200);

    await t.db.pool.query(`UPDATE cases SET status = 'closed' WHERE id = $1`, [open!.id]);
    expect((await t.request(`/api/cases/${open!.id}`, { token: tech })).status).toBe(404);
    expect((await t.request(`/api/cases/by-number/${number}`, { token: tech })).status).toBe(404);
    const comment = await t.request(`/api/cases/${open!.id}/comments`, { token: tech, json: { note: 'x' } });
    expect(comment.status).toBe(404);
    const [pushed] = (await (
      await t.request(`${S}/case_events/push`, {
        token: tech,
        json: [
          {
            newDocumentState: {
              id: randomUUID(),
              caseId: open!.id,
              type: 'comment',
              at: '2026-11-25T02:59:00.000Z',
              actor: '',
              note: 'x',
              _deleted: false,
            },
          },
        ],
      })
    ).json()) as { _deleted: boolean }[];
    expect(pushed?._deleted).toBe(true);
    // Its own author still reads it.
    expect((await t.request(`/api/cases/${open!.id}`, { token: other })).status).toBe(200);
  });
});

describe('passwords: common and contextual ones are refused with the reason', () => {
  it.each([
    ['a common password', 'password12'],
    ['a sequence', '1234567890'],
    ['ten spaces', '          '],
    ['the username itself', 'teknisi-baru-7'],
    ['the display name', 'Budi Santoso'],
  ])('create: %s → 422 weak_password', async (_what, password) => {
    const res = await t.request('/api/admin/users', {
      token: admin,
      json: { username: 'teknisi-baru-7', displayName: 'Budi Santoso', role: 'technician', password },
    });
    expect(res.status).toBe(422);
    const body = errorBodySchema.parse(await res.json());
    expect(body.reason).toBe('weak_password');
    expect(body.details).toMatchObject({ warning: expect.any(String), suggestions: expect.any(Array) });
    const { rows } = await t.db.pool.query(`SELECT 1 FROM users WHERE username = 'teknisi-baru-7'`);
    expect(rows).toHaveLength(0);
  });

  it('a reset to a weak password is refused too; a strong one is taken', async () => {
    const { rows } = await t.db.pool.query<{ id: string }>(
      `SELECT id FROM users WHERE username = 'merchant2'`,
    );
    const path = `/api/admin/users/${rows[0]!.id}`;
    const weak = await t.request(path, {
      token: admin,
      method: 'PATCH',
      json: { password: 'merchant2merchant2' },
    });
    expect(weak.status).toBe(422);
    expect(errorBodySchema.parse(await weak.json()).reason).toBe('weak_password');
    const strong = await t.request(path, {
      token: admin,
      method: 'PATCH',
      json: { password: 'Kq8#vB2!mZ7$wR4p' },
    });
    expect(strong.status).toBe(200);
  });
});
