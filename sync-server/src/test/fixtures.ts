/**
 * Test fixtures: a test `Config`, fast user/merchant/device seeding, and `makeTestApp()`
 * — the real app on a fresh database, driven with `app.request()` (no network).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DeviceStatus,
  type LadderTitle,
  type LoginResponse,
  loginResponseSchema,
  type Role,
} from '@edc/shared';
import type { Hono } from 'hono';
import { createApp } from '../app.ts';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { type Config, loadConfig } from '../config.ts';
import type { Db } from '../db/pool.ts';
import { insertUsers, type UserRow } from '../db/users.ts';
import { jobClock } from '../job-clock.ts';
import { createLocalNotifier, type Notifier } from '../notifier.ts';
import { hashPassword } from '../services/auth.ts';
import { createTestDb, type TestDb } from './pg-harness.ts';

export const TEST_PASSWORD = 'test-pass-2026';
export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

/**
 * Config for tests: cheap argon2 (production refuses this cost), TRUST_PROXY on so a test
 * can vary the client IP with X-Forwarded-For, temp dirs.
 */
export function testConfig(env: Record<string, string> = {}): Config {
  const dir = mkdtempSync(join(tmpdir(), 'edc-test-'));
  return loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    DATA_DIR: join(dir, 'data'),
    STATIC_DIR: join(dir, 'static'),
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    SEED_DEMO: 'false',
    TRUST_PROXY: 'true',
    ...env,
  });
}

const hashCache = new Map<string, Promise<string>>();
/** One argon2 hash per distinct password for the whole test file. */
export function testHash(password: string, config: Pick<Config, 'argon2'>): Promise<string> {
  const key = `${password}|${config.argon2.memoryCost}|${config.argon2.timeCost}`;
  let h = hashCache.get(key);
  if (!h) {
    h = hashPassword(password, config);
    hashCache.set(key, h);
  }
  return h;
}

export type TestUser = {
  username: string;
  role: Role;
  regions?: string[];
  mid?: string;
  displayName?: string;
  password?: string;
  team?: string;
  ladderTitle?: LadderTitle;
};

/** Standard cast mirroring the demo users (DESIGN section 4). */
export const STANDARD_USERS: readonly TestUser[] = [
  { username: 'tech1', role: 'technician', regions: ['JKT'] },
  { username: 'tech2', role: 'technician', regions: ['JKT'] },
  { username: 'tech3', role: 'technician', regions: ['BDG'] },
  { username: 'merchant1', role: 'merchant', mid: '000000000000001' },
  { username: 'merchant2', role: 'merchant', mid: '000000000000002' },
  { username: 'agent1', role: 'agent' },
  { username: 'supervisor1', role: 'supervisor' },
  { username: 'admin1', role: 'admin' },
];

export async function seedUsers(
  db: Db,
  users: readonly TestUser[] = STANDARD_USERS,
  config: Pick<Config, 'argon2'> = testConfig(),
): Promise<Map<string, UserRow>> {
  const rows = await Promise.all(
    users.map(async (u) => ({
      username: u.username,
      displayName: u.displayName ?? u.username,
      passwordHash: await testHash(u.password ?? TEST_PASSWORD, config),
      role: u.role,
      regions: u.regions ?? [],
      mid: u.mid,
      team: u.team,
      ladderTitle: u.ladderTitle,
    })),
  );
  await insertUsers(db.pool, rows, new Date());
  const { rows: found } = await db.pool.query<UserRow>(
    `SELECT id, username, display_name AS "displayName", password_hash AS "passwordHash", role, regions, mid,
            team, ladder_title AS "ladderTitle", disabled, failed_logins AS "failedLogins", locked_until AS "lockedUntil",
            created_at AS "createdAt", updated_at AS "updatedAt"
     FROM users WHERE username = ANY($1)`,
    [users.map((u) => u.username)],
  );
  return new Map(found.map((u) => [u.username, u]));
}

export type MerchantFixture = {
  mid: string;
  name?: string;
  region?: string;
  city?: string;
  status?: 'active' | 'inactive';
};

export async function seedMerchant(db: Db, m: MerchantFixture): Promise<void> {
  await db.pool.query(
    `INSERT INTO merchants (id, mid, name, address, city, region, phone, status)
     VALUES ($1, $1, $2, 'Jl. Uji No. 1', $3, $4, '021-000000', $5)
     ON CONFLICT (id) DO NOTHING`,
    [
      m.mid,
      m.name ?? `Toko ${m.mid.slice(-4)}`,
      m.city ?? 'Jakarta',
      m.region ?? 'JKT',
      m.status ?? 'active',
    ],
  );
}

export type DeviceFixture = {
  serialNumber: string;
  tid: string;
  mid: string;
  status?: DeviceStatus;
  model?: string;
  samSerial?: string;
  simSerial?: string;
  region?: string;
};

/** Inserts a device (and its merchant when missing). */
export async function seedDevice(db: Db, d: DeviceFixture): Promise<void> {
  const region = d.region ?? 'JKT';
  await seedMerchant(db, { mid: d.mid, region });
  await db.pool.query(
    `INSERT INTO devices (id, serial_number, model, tid, mid, status, sam_serial, sim_serial, region)
     VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (id) DO NOTHING`,
    [
      d.serialNumber,
      d.model ?? 'Verifone V200c',
      d.tid,
      d.mid,
      d.status ?? 'on_operation',
      d.samSerial ?? null,
      d.simSerial ?? null,
      region,
    ],
  );
}

export type TestClock = {
  (): Date;
  set(at: Date | string): void;
  advance(ms: number): void;
};

/** A clock pinned at `start` (real time when omitted), moved only by the test. */
export function testClock(start?: Date | string): TestClock {
  let t = start === undefined ? Date.now() : new Date(start).getTime();
  return Object.assign(() => new Date(t), {
    set(at: Date | string) {
      t = new Date(at).getTime();
    },
    advance(ms: number) {
      t += ms;
    },
  });
}

export type TestApp = {
  app: Hono<AppEnv>;
  db: Db;
  testDb: TestDb;
  deps: AppDeps;
  clock: TestClock;
  notifier: Notifier;
  /** Logs in (default password TEST_PASSWORD) and returns the access token. */
  login(username: string, password?: string): Promise<string>;
  /** Logs in and returns the full login response. */
  loginFull(username: string, password?: string, deviceLabel?: string): Promise<LoginResponse>;
  /** `app.request` with JSON body and Bearer token helpers. */
  request(
    path: string,
    init?: { method?: string; token?: string; json?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
};

export type MakeTestAppOptions = {
  now?: Date | string;
  /** Seed STANDARD_USERS (default true). */
  users?: readonly TestUser[] | false;
  env?: Record<string, string>;
  notifier?: Notifier;
};

export async function makeTestApp(options: MakeTestAppOptions = {}): Promise<TestApp> {
  const testDb = await createTestDb();
  const config = testConfig(options.env);
  const clock = testClock(options.now);
  const notifier = options.notifier ?? createLocalNotifier();
  // As index.ts: the jobs' own clock exists only with the test hooks that move it.
  const deps: AppDeps = {
    db: testDb.db,
    config,
    clock,
    notifier,
    jobClock: config.testHooks ? jobClock(clock) : undefined,
  };
  const app = createApp(deps);
  if (options.users !== false) await seedUsers(testDb.db, options.users ?? STANDARD_USERS, config);

  const request: TestApp['request'] = async (path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: string | undefined;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    return app.request(path, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
  };

  const loginFull: TestApp['loginFull'] = async (username, password = TEST_PASSWORD, deviceLabel) => {
    const res = await request('/api/auth/login', { json: { username, password, deviceLabel } });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
    return loginResponseSchema.parse(await res.json());
  };

  return {
    app,
    db: testDb.db,
    testDb,
    deps,
    clock,
    notifier,
    request,
    loginFull,
    login: async (username, password) => (await loginFull(username, password)).accessToken,
    async close() {
      await notifier.close();
      await testDb.drop();
    },
  };
}
