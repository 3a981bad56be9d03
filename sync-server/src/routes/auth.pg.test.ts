import { randomUUID } from 'node:crypto';
import {
  adminSessionSchema,
  adminUserSchema,
  errorBodySchema,
  loginResponseSchema,
  publicUserSchema,
} from '@edc/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeTestApp, STANDARD_USERS, TEST_PASSWORD, type TestApp, testHash } from '../test/fixtures.ts';

const START = '2026-11-25T03:00:00.000Z';
let t: TestApp;
// One database for the file; each test starts from the same auth state (cheaper than a
// fresh database per test, and just as isolated for what these tests touch).
beforeAll(async () => {
  t = await makeTestApp({ now: START });
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  t.clock.set(START);
  const hash = await testHash(TEST_PASSWORD, t.deps.config);
  await t.db.pool.query('TRUNCATE sessions, refresh_tokens, login_attempts CASCADE');
  await t.db.pool.query('DELETE FROM users WHERE NOT (username = ANY($1))', [
    STANDARD_USERS.map((u) => u.username),
  ]);
  await t.db.pool.query(
    `UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL, disabled = false,
       regions = CASE username WHEN 'tech2' THEN '{JKT}'::text[] ELSE regions END`,
    [hash],
  );
});

async function errorOf(res: Response) {
  return errorBodySchema.parse(await res.json());
}

describe('POST /api/auth/login', () => {
  it('returns tokens and the public user', async () => {
    const res = await t.request('/api/auth/login', {
      json: { username: 'tech1', password: TEST_PASSWORD, deviceLabel: 'Pixel 7' },
    });
    expect(res.status).toBe(200);
    const body = loginResponseSchema.parse(await res.json());
    expect(body.user).toMatchObject({ username: 'tech1', role: 'technician', regions: ['JKT'] });
    expect(body.user).not.toHaveProperty('mid');
    const me = await t.request('/api/auth/me', { token: body.accessToken });
    expect(me.status).toBe(200);
    expect(publicUserSchema.parse(await me.json()).username).toBe('tech1');
  });

  it('accepts any letter case of the username and reports the merchant MID', async () => {
    const body = await t.loginFull('MERCHANT1');
    expect(body.user).toMatchObject({ username: 'merchant1', role: 'merchant', mid: '000000000000001' });
  });

  it('wrong password and unknown user get the same 401 body', async () => {
    const wrong = await t.request('/api/auth/login', {
      json: { username: 'tech1', password: 'nope-nope-nope' },
    });
    const unknown = await t.request('/api/auth/login', {
      json: { username: 'ghost', password: 'nope-nope-nope' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = await wrong.json();
    const b = await unknown.json();
    expect(a).toEqual({ status: 'error', reason: 'invalid_credentials' });
    expect(b).toEqual(a);
  });

  it('a disabled user cannot log in (same 401)', async () => {
    await t.db.pool.query("UPDATE users SET disabled = true WHERE username = 'tech2'");
    const res = await t.request('/api/auth/login', { json: { username: 'tech2', password: TEST_PASSWORD } });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).reason).toBe('invalid_credentials');
  });
});

describe('refresh tokens', () => {
  it('rotate: the new pair works, the access token carries the session', async () => {
    const first = await t.loginFull('tech1');
    const res = await t.request('/api/auth/refresh', { json: { refreshToken: first.refreshToken } });
    expect(res.status).toBe(200);
    const second = loginResponseSchema.parse(await res.json());
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await t.request('/api/auth/me', { token: second.accessToken })).status).toBe(200);
    const third = await t.request('/api/auth/refresh', { json: { refreshToken: second.refreshToken } });
    expect(third.status).toBe(200);
  });

  it('reusing a rotated token revokes the family: newest refresh and access tokens fail', async () => {
    const first = await t.loginFull('tech1');
    const second = loginResponseSchema.parse(
      await (await t.request('/api/auth/refresh', { json: { refreshToken: first.refreshToken } })).json(),
    );
    // An attacker replays the first (already rotated) token, after the grace window.
    t.clock.advance(31_000);
    const replay = await t.request('/api/auth/refresh', { json: { refreshToken: first.refreshToken } });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({ status: 'error', reason: 'refresh_token_reused' });
    // The legitimate holder's newest tokens are dead too.
    const newest = await t.request('/api/auth/refresh', { json: { refreshToken: second.refreshToken } });
    expect(newest.status).toBe(401);
    expect((await t.request('/api/auth/me', { token: second.accessToken })).status).toBe(401);
    // Other sessions of the same user are untouched.
    const other = await t.login('tech1');
    expect((await t.request('/api/auth/me', { token: other })).status).toBe(200);
  });

  it('grace window: the just-rotated token again (another tab, a lost answer) gets the same new token', async () => {
    const first = await t.loginFull('tech1');
    const refreshWith = (refreshToken: string) => t.request('/api/auth/refresh', { json: { refreshToken } });
    // Two tabs refreshing together: both answered, with one and the same successor.
    const [a, b] = await Promise.all([refreshWith(first.refreshToken), refreshWith(first.refreshToken)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const pa = loginResponseSchema.parse(await a.json());
    const pb = loginResponseSchema.parse(await b.json());
    expect(pb.refreshToken).toBe(pa.refreshToken);
    expect(pa.refreshToken).not.toBe(first.refreshToken);
    // A third presentation 29 s later still gets it; both access tokens work.
    t.clock.advance(29_000);
    const c = await refreshWith(first.refreshToken);
    expect(c.status).toBe(200);
    expect(loginResponseSchema.parse(await c.json()).refreshToken).toBe(pa.refreshToken);
    for (const token of [pa.accessToken, pb.accessToken]) {
      expect((await t.request('/api/auth/me', { token })).status).toBe(200);
    }
    // The shared successor rotates normally, once.
    const next = await refreshWith(pa.refreshToken);
    expect(next.status).toBe(200);
    const { rows } = await t.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM refresh_tokens WHERE successor_sealed IS NOT NULL',
    );
    expect(rows[0]?.n).toBe(1); // only the newest rotation keeps its sealed successor
  });

  it('grace window: once the successor was used, the old token is reuse and kills the session', async () => {
    const first = await t.loginFull('tech1');
    const second = loginResponseSchema.parse(
      await (await t.request('/api/auth/refresh', { json: { refreshToken: first.refreshToken } })).json(),
    );
    const third = await t.request('/api/auth/refresh', { json: { refreshToken: second.refreshToken } });
    expect(third.status).toBe(200);
    const { accessToken } = loginResponseSchema.parse(await third.json());
    const replay = await t.request('/api/auth/refresh', { json: { refreshToken: first.refreshToken } });
    expect(replay.status).toBe(401);
    expect((await errorOf(replay)).reason).toBe('refresh_token_reused');
    expect((await t.request('/api/auth/me', { token: accessToken })).status).toBe(401);
  });

  it('grace window: 0 seconds turns it off', async () => {
    const strict = await makeTestApp({ now: START, env: { REFRESH_GRACE_SECONDS: '0' } });
    try {
      const first = await strict.loginFull('tech1');
      const once = await strict.request('/api/auth/refresh', { json: { refreshToken: first.refreshToken } });
      expect(once.status).toBe(200);
      const again = await strict.request('/api/auth/refresh', { json: { refreshToken: first.refreshToken } });
      expect((await errorOf(again)).reason).toBe('refresh_token_reused');
    } finally {
      await strict.close();
    }
  });

  it('an unknown refresh token is 401 unauthorized', async () => {
    const res = await t.request('/api/auth/refresh', { json: { refreshToken: 'not-a-real-token' } });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).reason).toBe('unauthorized');
  });

  it('access tokens expire after at most 15 minutes (token_expired)', async () => {
    const token = await t.login('tech1');
    t.clock.advance(14 * 60_000);
    expect((await t.request('/api/auth/me', { token })).status).toBe(200);
    t.clock.advance(60_000 + 1000);
    const res = await t.request('/api/auth/me', { token });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).reason).toBe('token_expired');
  });

  it('a tampered token is rejected', async () => {
    const token = await t.login('tech1');
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${s}`;
    const res = await t.request('/api/admin/users', { token: forged });
    expect(res.status).toBe(401);
  });
});

describe('logout', () => {
  it('with the access token revokes the session (access and refresh fail)', async () => {
    const s = await t.loginFull('tech1');
    const res = await t.request('/api/auth/logout', { token: s.accessToken, json: {} });
    expect(res.status).toBe(200);
    expect((await t.request('/api/auth/me', { token: s.accessToken })).status).toBe(401);
    expect((await t.request('/api/auth/refresh', { json: { refreshToken: s.refreshToken } })).status).toBe(
      401,
    );
  });

  it('with only the refresh token (access token expired offline)', async () => {
    const s = await t.loginFull('tech1');
    t.clock.advance(20 * 60_000);
    const res = await t.request('/api/auth/logout', { json: { refreshToken: s.refreshToken } });
    expect(res.status).toBe(200);
    expect((await t.request('/api/auth/refresh', { json: { refreshToken: s.refreshToken } })).status).toBe(
      401,
    );
  });

  it('without any token is 401', async () => {
    expect((await t.request('/api/auth/logout', { json: {} })).status).toBe(401);
  });
});

describe('cookie auth', () => {
  it('login sets an HttpOnly, SameSite=Strict access cookie that only the SSE stream accepts', async () => {
    const res = await t.request('/api/auth/login', { json: { username: 'agent1', password: TEST_PASSWORD } });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/edc_at=[^;]+;/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const pair = cookie.split(';')[0] ?? '';
    // Issue 11 (CSRF): the cookie no longer authenticates ordinary API routes.
    expect((await t.request('/api/auth/me', { headers: { cookie: pair } })).status).toBe(401);
    const comment = await t.app.request(`/api/cases/${randomUUID()}/comments`, {
      method: 'POST',
      headers: { cookie: pair, 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'csrf' }),
    });
    expect(comment.status).toBe(401);
  });
});

describe('login throttling', () => {
  const attempt = (username: string, password: string, ip = '192.0.2.10') =>
    t.request('/api/auth/login', { json: { username, password }, headers: { 'x-forwarded-for': ip } });

  it('failures from one IP for one name grow a delay: 429 with Retry-After, even for the right password', async () => {
    const { freeFailures, baseDelaySeconds } = t.deps.config.login;
    for (let i = 0; i < freeFailures; i++)
      expect((await attempt('tech1', `wrong-${i}-xxxx`)).status).toBe(401);
    // The next attempt from that IP must wait, whatever the password.
    const held = await attempt('tech1', TEST_PASSWORD);
    expect(held.status).toBe(429);
    expect((await errorOf(held)).reason).toBe('too_many_requests');
    expect(Number(held.headers.get('retry-after'))).toBe(baseDelaySeconds);
    // Issue 11: the real user elsewhere is not locked out by someone else's guesses.
    expect((await attempt('tech1', TEST_PASSWORD, '198.51.100.20')).status).toBe(200);
    // The wait doubles with each further failure after it.
    t.clock.advance(baseDelaySeconds * 1000);
    expect((await attempt('tech1', 'wrong-again-x')).status).toBe(401);
    const longer = await attempt('tech1', TEST_PASSWORD);
    expect(longer.status).toBe(429);
    expect(Number(longer.headers.get('retry-after'))).toBe(baseDelaySeconds * 2);
    t.clock.advance(baseDelaySeconds * 2000);
    expect((await attempt('tech1', TEST_PASSWORD)).status).toBe(200);
    // The success clears the pair's count.
    expect((await attempt('tech1', 'wrong-after-success')).status).toBe(401);
  });

  it('an unknown username is throttled exactly like a known one (the 429 tells nothing)', async () => {
    const { freeFailures } = t.deps.config.login;
    const run = async (username: string) => {
      const out: [number, string | null, unknown][] = [];
      for (let i = 0; i <= freeFailures + 1; i++) {
        const res = await attempt(username, `wrong-${i}-xxxx`, '192.0.2.77');
        out.push([res.status, res.headers.get('retry-after'), await res.json()]);
      }
      return out;
    };
    const known = await run('tech2');
    const unknown = await run('no-such-user');
    expect(unknown).toEqual(known);
    expect(known.map(([status]) => status)).toEqual([...Array(freeFailures).fill(401), 429, 429]);
  });

  it('the delay is capped, and failures older than the window are forgotten', async () => {
    const { maxDelaySeconds, pairWindowSeconds } = t.deps.config.login;
    for (let i = 0; i < 40; i++) {
      await t.db.pool.query(
        `INSERT INTO login_attempts (ip, username, success, at) VALUES ('192.0.2.99', 'tech3', false, $1)`,
        [new Date(t.clock().getTime() - 1000)],
      );
    }
    const capped = await attempt('tech3', TEST_PASSWORD, '192.0.2.99');
    expect(capped.status).toBe(429);
    expect(Number(capped.headers.get('retry-after'))).toBeLessThanOrEqual(maxDelaySeconds);
    expect(Number(capped.headers.get('retry-after'))).toBeGreaterThan(maxDelaySeconds - 5);
    t.clock.advance(pairWindowSeconds * 1000);
    expect((await attempt('tech3', TEST_PASSWORD, '192.0.2.99')).status).toBe(200);
  });

  it('per-IP limit: 50 failures from one IP → 429 for that IP only', async () => {
    const from = (ip: string, username: string, password: string) =>
      t.request('/api/auth/login', { json: { username, password }, headers: { 'x-forwarded-for': ip } });
    // Spread over many (unknown) accounts so no per-name delay is involved.
    for (let i = 0; i < 50; i++) {
      const res = await from('203.0.113.7', `nobody${i}`, 'wrong-password');
      expect(res.status).toBe(401);
    }
    const blocked = await from('203.0.113.7', 'tech1', TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await from('198.51.100.9', 'tech1', TEST_PASSWORD)).status).toBe(200);
    t.clock.advance(15 * 60_000 + 1000);
    expect((await from('203.0.113.7', 'tech1', TEST_PASSWORD)).status).toBe(200);
  });
});

describe('admin routes', () => {
  it('are 403 for non-admins and 401 without a token', async () => {
    for (const username of ['agent1', 'supervisor1', 'tech1', 'merchant1']) {
      const token = await t.login(username);
      const res = await t.request('/api/admin/users', { token });
      expect(res.status, username).toBe(403);
      expect((await errorOf(res)).reason).toBe('forbidden');
      expect((await t.request('/api/admin/sessions', { token })).status).toBe(403);
    }
    expect((await t.request('/api/admin/users')).status).toBe(401);
  });

  it('admin revocation kills the access token and the refresh token of that session', async () => {
    const admin = await t.login('admin1');
    const victim = await t.loginFull('tech1', TEST_PASSWORD, 'Lost phone');
    const list = z
      .array(adminSessionSchema)
      .parse(
        await (
          await t.request(`/api/admin/sessions?userId=${victim.user.id}&active=true`, { token: admin })
        ).json(),
      );
    expect(list).toHaveLength(1);
    expect(list[0]?.label).toBe('Lost phone');
    const res = await t.request(`/api/admin/sessions/${list[0]?.id}/revoke`, {
      token: admin,
      method: 'POST',
    });
    expect(res.status).toBe(200);
    expect((await t.request('/api/auth/me', { token: victim.accessToken })).status).toBe(401);
    expect(
      (await t.request('/api/auth/refresh', { json: { refreshToken: victim.refreshToken } })).status,
    ).toBe(401);
    const after = z
      .array(adminSessionSchema)
      .parse(
        await (await t.request(`/api/admin/sessions?userId=${victim.user.id}`, { token: admin })).json(),
      );
    expect(after[0]?.revokedReason).toBe('admin');
  });

  it('revoking an unknown session is 404', async () => {
    const admin = await t.login('admin1');
    const res = await t.request('/api/admin/sessions/0190a0a0-0000-7000-8000-000000000000/revoke', {
      token: admin,
      method: 'POST',
    });
    expect(res.status).toBe(404);
  });

  it('creates a user who can log in; rejects short passwords and duplicate usernames', async () => {
    const admin = await t.login('admin1');
    const create = (json: unknown) => t.request('/api/admin/users', { token: admin, json });
    const short = await create({
      username: 'tech9',
      displayName: 'Tech 9',
      role: 'technician',
      password: 'short',
    });
    expect(short.status).toBe(400);
    const merchantNoMid = await create({
      username: 'm9',
      displayName: 'M 9',
      role: 'merchant',
      password: 'long-enough-pass',
    });
    expect(merchantNoMid.status).toBe(400);
    const res = await create({
      username: 'tech9',
      displayName: 'Tech Sembilan',
      role: 'technician',
      regions: ['BDG'],
      password: 'long-enough-pass',
    });
    expect(res.status).toBe(201);
    const user = adminUserSchema.parse(await res.json());
    expect(user).toMatchObject({ username: 'tech9', regions: ['BDG'], disabled: false });
    expect(user).not.toHaveProperty('passwordHash');
    const dup = await create({
      username: 'TECH9',
      displayName: 'x',
      role: 'agent',
      password: 'long-enough-pass',
    });
    expect(dup.status).toBe(409);
    const login = await t.loginFull('tech9', 'long-enough-pass');
    expect(login.user.regions).toEqual(['BDG']);
    const users = z
      .array(adminUserSchema)
      .parse(await (await t.request('/api/admin/users', { token: admin })).json());
    expect(users.map((u) => u.username)).toContain('tech9');
  });

  it('disabling a user or resetting a password revokes their sessions', async () => {
    const admin = await t.login('admin1');
    const tech = await t.loginFull('tech2');
    const patch = (json: unknown) =>
      t.request(`/api/admin/users/${tech.user.id}`, { token: admin, method: 'PATCH', json });
    const reset = await patch({ password: 'a-brand-new-pass' });
    expect(reset.status).toBe(200);
    expect((await t.request('/api/auth/me', { token: tech.accessToken })).status).toBe(401);
    expect(
      (await t.request('/api/auth/login', { json: { username: 'tech2', password: TEST_PASSWORD } })).status,
    ).toBe(401);
    const again = await t.loginFull('tech2', 'a-brand-new-pass');
    const disable = await patch({ disabled: true });
    expect(adminUserSchema.parse(await disable.json()).disabled).toBe(true);
    expect((await t.request('/api/auth/me', { token: again.accessToken })).status).toBe(401);
    expect(
      (await t.request('/api/auth/login', { json: { username: 'tech2', password: 'a-brand-new-pass' } }))
        .status,
    ).toBe(401);
    const enable = await patch({ disabled: false, regions: ['BDG', 'JKT'] });
    expect(adminUserSchema.parse(await enable.json())).toMatchObject({
      disabled: false,
      regions: ['BDG', 'JKT'],
    });
    expect((await t.loginFull('tech2', 'a-brand-new-pass')).user.regions).toEqual(['BDG', 'JKT']);
  });

  it('PATCH rejects unknown fields and unknown users', async () => {
    const admin = await t.login('admin1');
    const me = await t.loginFull('admin1');
    const bad = await t.request(`/api/admin/users/${me.user.id}`, {
      token: admin,
      method: 'PATCH',
      json: { passwordHash: 'x' },
    });
    expect(bad.status).toBe(400);
    const missing = await t.request('/api/admin/users/0190a0a0-0000-7000-8000-000000000000', {
      token: admin,
      method: 'PATCH',
      json: { displayName: 'x' },
    });
    expect(missing.status).toBe(404);
  });
});
