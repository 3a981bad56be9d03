/**
 * Issue 15 admin: the audit log of master-data and user changes (who, when, before/after,
 * never a hash), the admin's password reset, "change my password" for everyone (current
 * password required, every other session revoked, this one kept).
 */
import { auditListSchema, loginResponseSchema } from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, seedMerchant, TEST_PASSWORD, type TestApp } from '../test/fixtures.ts';

let t: TestApp;
let admin: string;
const NEW_PASSWORD = 'kopi-tubruk-senja-42';

async function audit(query = '') {
  const res = await t.request(`/api/admin/audit${query}`, { token: admin });
  expect(res.status).toBe(200);
  return auditListSchema.parse(await res.json());
}

beforeAll(async () => {
  t = await makeTestApp({ now: '2026-03-02T03:00:00Z' });
  admin = await t.login('admin1');
  await seedMerchant(t.db, { mid: '200000000000001', name: 'Toko Audit' });
});
afterAll(async () => {
  await t?.close();
});

describe('audit log', () => {
  it('records who changed an SLA rule and a holiday, with before and after', async () => {
    const rule = {
      category: 'transaction_settlement',
      subcase: 'audit_uji',
      label: 'Uji audit',
      caseType: 'complaint',
      responsibleUnit: 'Settlement Unit',
      priority: 'major',
      responseMinutes: 45,
      businessDays: 2,
    };
    expect((await t.request('/api/admin/sla-rules', { token: admin, json: rule })).status).toBe(201);
    const id = 'transaction_settlement:audit_uji';
    const put = await t.request(`/api/admin/sla-rules/${id}`, {
      token: admin,
      method: 'PUT',
      json: { ...rule, category: undefined, subcase: undefined, priority: 'critical' },
    });
    expect(put.status).toBe(200);
    const entries = (await audit('?entity=sla_rules')).filter((e) => e.entityKey === id);
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ['update', 'admin1'],
      ['create', 'admin1'],
    ]);
    expect(entries[0]?.before).toMatchObject({ priority: 'major' });
    expect(entries[0]?.after).toMatchObject({ priority: 'critical' });
    expect(entries[1]?.before).toBeNull();
    expect(entries[0]?.after).not.toHaveProperty('txid');

    expect(
      (
        await t.request('/api/admin/holidays', {
          token: admin,
          json: { date: '2026-08-19', name: 'Libur uji' },
        })
      ).status,
    ).toBe(201);
    expect(
      (await t.request('/api/admin/holidays/2026-08-19', { token: admin, method: 'DELETE' })).status,
    ).toBe(200);
    const holiday = (await audit('?entity=holidays')).filter((e) => e.entityKey === '2026-08-19');
    expect(holiday.map((e) => e.action)).toEqual(['delete', 'create']);
  });

  it('records an import row by row as the importing admin; device changes of the system are not logged', async () => {
    const csv =
      'serialNumber,model,tid,mid,status,samSerial,simSerial,region\nSN-AUD-1,PAX S90,TIDAUD01,200000000000001,in_warehouse,,,JKT\n';
    const res = await t.app.request('/api/import/devices', {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(200);
    const devices = await audit('?entity=devices');
    expect(devices.map((e) => [e.entityKey, e.action, e.actor])).toEqual([['SN-AUD-1', 'create', 'admin1']]);
    // A write outside an admin's transaction (the case flow moving a device) names no actor.
    await t.db.pool.query(`UPDATE devices SET status = 'on_operation' WHERE id = 'SN-AUD-1'`);
    expect(await audit('?entity=devices')).toHaveLength(1);
  });

  it('records FAQ edits (create, edit, delete) as the editing admin, with before and after', async () => {
    const created = await t.request('/api/admin/faq', {
      token: admin,
      json: { locale: 'id', question: 'Struk tidak keluar?', answer: 'Periksa kertas.' },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const edited = await t.request(`/api/admin/faq/${id}`, {
      token: admin,
      method: 'PUT',
      json: { answer: 'Periksa gulungan kertas, lalu tutup rapat.' },
    });
    expect(edited.status).toBe(200);
    expect((await t.request(`/api/admin/faq/${id}`, { token: admin, method: 'DELETE' })).status).toBe(200);
    const entries = (await audit('?entity=faq_articles')).filter((e) => e.entityKey === id);
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ['delete', 'admin1'],
      ['update', 'admin1'],
      ['create', 'admin1'],
    ]);
    expect(entries[1]?.before).toMatchObject({ answer: 'Periksa kertas.' });
    expect(entries[1]?.after).toMatchObject({ answer: 'Periksa gulungan kertas, lalu tutup rapat.' });
    expect(entries[2]?.before).toBeNull();
    expect(entries[2]?.after).toMatchObject({ question: 'Struk tidak keluar?', created_by: 'admin1' });
  });

  it('logs a password reset as "changed", never the hash; only admins read the log', async () => {
    const users = (await (await t.request('/api/admin/users', { token: admin })).json()) as {
      id: string;
      username: string;
    }[];
    const tech = users.find((u) => u.username === 'tech2')!;
    const reset = await t.request(`/api/admin/users/${tech.id}`, {
      token: admin,
      method: 'PATCH',
      json: { password: NEW_PASSWORD },
    });
    expect(reset.status).toBe(200);
    const [entry] = (await audit('?entity=users')).filter((e) => e.entityKey === tech.id);
    expect(entry).toMatchObject({ action: 'update', actor: 'admin1', after: { password: 'changed' } });
    expect(JSON.stringify(await audit())).not.toMatch(/argon2|password_hash/);
    // The reset password works.
    expect(
      (await t.request('/api/auth/login', { json: { username: 'tech2', password: NEW_PASSWORD } })).status,
    ).toBe(200);

    for (const who of ['supervisor1', 'agent1']) {
      expect((await t.request('/api/admin/audit', { token: await t.login(who) })).status).toBe(403);
    }
    expect((await t.request('/api/admin/audit?entity=cases', { token: admin })).status).toBe(400);
  });
});

describe('POST /api/auth/password (change my password)', () => {
  it('needs the current password, keeps this session, revokes the others', async () => {
    const phone = await t.loginFull('tech1', TEST_PASSWORD, 'phone');
    const tablet = await t.loginFull('tech1', TEST_PASSWORD, 'tablet');
    const change = (json: unknown) => t.request('/api/auth/password', { token: phone.accessToken, json });

    const wrong = await change({ currentPassword: 'not-my-password', newPassword: NEW_PASSWORD });
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toMatchObject({ reason: 'wrong_password' });
    const weak = await change({ currentPassword: TEST_PASSWORD, newPassword: 'password123' });
    expect(weak.status).toBe(422);
    expect(await weak.json()).toMatchObject({ reason: 'weak_password' });
    expect((await change({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD })).status).toBe(400);

    const ok = await change({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, revokedSessions: 1 });

    // This session still works; the tablet's refresh is refused; the old password is gone.
    expect((await t.request('/api/auth/me', { token: phone.accessToken })).status).toBe(200);
    const refresh = await t.request('/api/auth/refresh', { json: { refreshToken: tablet.refreshToken } });
    expect(refresh.status).toBe(401);
    expect(
      (await t.request('/api/auth/login', { json: { username: 'tech1', password: TEST_PASSWORD } })).status,
    ).toBe(401);
    const again = await t.request('/api/auth/login', { json: { username: 'tech1', password: NEW_PASSWORD } });
    expect(loginResponseSchema.parse(await again.json()).user.username).toBe('tech1');

    const [entry] = await audit('?entity=users&actor=tech1');
    expect(entry).toMatchObject({ action: 'update', after: { password: 'changed' } });
  });

  it('throttles wrong current passwords like login: growing delay per account + IP, 429 with Retry-After', async () => {
    const session = await t.loginFull('merchant2', TEST_PASSWORD, 'phone');
    // Failures count after the pair's last success (this login): later on the test clock.
    t.clock.advance(1000);
    const change = (currentPassword: string) =>
      t.request('/api/auth/password', {
        token: session.accessToken,
        json: { currentPassword, newPassword: NEW_PASSWORD },
      });
    // Login's free failures (typos) first: answered as wrong, no wait.
    for (let i = 0; i < 5; i++) expect((await change(`guess-${i}`)).status).toBe(422);
    const limited = await change('guess-5');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ reason: 'too_many_requests' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    // While the delay runs even the right password waits (a guesser learns nothing).
    expect((await change(TEST_PASSWORD)).status).toBe(429);
    // The same counter as login: a guess here delays guesses there, and the other way round.
    expect(
      (await t.request('/api/auth/login', { json: { username: 'merchant2', password: TEST_PASSWORD } }))
        .status,
    ).toBe(429);
    t.clock.advance(retryAfter * 1000);
    const ok = await change(TEST_PASSWORD);
    expect(ok.status).toBe(200);
    // A success ends the run of failures: the next wrong guess is a plain 422 again.
    const after = await t.request('/api/auth/password', {
      token: session.accessToken,
      json: { currentPassword: 'guess-again', newPassword: 'teh-manis-pagi-77' },
    });
    expect(after.status).toBe(422);
  });

  it('refuses without a session', async () => {
    const res = await t.request('/api/auth/password', {
      json: { currentPassword: 'x', newPassword: NEW_PASSWORD },
    });
    expect(res.status).toBe(401);
  });
});
