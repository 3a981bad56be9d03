import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/services/auth.ts';
import { createTestDb, type TestDb } from '../src/test/pg-harness.ts';

const here = dirname(fileURLToPath(import.meta.url));
const tsx = join(here, '..', '..', 'node_modules', '.bin', 'tsx');

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

function run(args: string[], password: string) {
  return spawnSync(tsx, [join(here, 'create-user.ts'), ...args], {
    input: `${password}\n`,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: t.url, ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '1' },
    timeout: 60_000,
  });
}

describe('create-user CLI', () => {
  it('creates the first admin, then resets its password (password from stdin only)', async () => {
    const created = run(
      ['--username', 'boss', '--role', 'admin', '--display-name', 'Boss'],
      'first-long-password',
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const updated = run(['--username', 'boss', '--role', 'admin'], 'second-long-password');
    expect(updated.status).toBe(0);
    const { rows } = await t.db.pool.query<{ role: string; password_hash: string }>(
      "SELECT role, password_hash FROM users WHERE username = 'boss'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.role).toBe('admin');
    expect(await verifyPassword(rows[0]?.password_hash ?? '', 'second-long-password')).toBe(true);
  }, 60_000);

  // Issue 11: each of these was accepted. One spawn per case is slow, so a few of them.
  it.each([
    ['a common password', 'password12'],
    ['a sequence', '1234567890'],
    ['ten spaces', '          '],
    ['the username itself', 'boss-admin-01'],
  ])(
    'refuses %s with the reason, and stores nothing',
    async (_what, password) => {
      const res = run(['--username', 'boss-admin-01', '--role', 'admin'], password);
      expect(res.status).toBe(2);
      expect(res.stderr).toMatch(/password: too easy to guess/);
      const { rows } = await t.db.pool.query("SELECT 1 FROM users WHERE username = 'boss-admin-01'");
      expect(rows).toHaveLength(0);
    },
    60_000,
  );

  it('refuses a short password and an unknown role, naming the field', () => {
    const short = run(['--username', 'x1', '--role', 'admin'], 'short');
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('password');
    const role = run(['--username', 'x2', '--role', 'king'], 'long-enough-password');
    expect(role.status).toBe(2);
    expect(role.stderr).toContain('role');
  }, 60_000);
});
