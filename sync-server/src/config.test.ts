import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from './config.ts';

const secret = 'a-production-secret-that-is-long-enough-0123';
const webhookKey = Buffer.alloc(32, 7).toString('base64');
const tmp = () => mkdtempSync(join(tmpdir(), 'edc-config-'));

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({ DATA_DIR: tmp() });
    expect(c).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      pgPort: 54329,
      nodeEnv: 'development',
      seedDemo: true,
      demoSize: 'full',
      trustProxy: false,
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.accessTokenTtlSeconds).toBeLessThanOrEqual(900);
    expect(c.staticDir.endsWith(join('client', 'dist'))).toBe(true);
  });

  it('takes a small demo size and refuses an unknown one', () => {
    expect(loadConfig({ DATA_DIR: tmp(), SEED_DEMO_SIZE: 'small' }).demoSize).toBe('small');
    expect(() => loadConfig({ DATA_DIR: tmp(), SEED_DEMO_SIZE: 'tiny' })).toThrow(/SEED_DEMO_SIZE/);
  });

  it.each([
    [{}, '127.0.0.1'],
    [{ NODE_ENV: 'test' }, '127.0.0.1'],
    [{ NODE_ENV: 'production', JWT_SECRET: secret, WEBHOOK_SECRET_KEY: webhookKey }, '0.0.0.0'],
    [{ HOST: '0.0.0.0' }, '0.0.0.0'],
    [{ HOST: '::' }, '::'],
    [
      { NODE_ENV: 'production', JWT_SECRET: secret, WEBHOOK_SECRET_KEY: webhookKey, HOST: '127.0.0.1' },
      '127.0.0.1',
    ],
    [{ HOST: 'app-1.internal' }, 'app-1.internal'],
  ])('binds HOST: %o → %s', (env, host) => {
    expect(loadConfig({ DATA_DIR: tmp(), ...env }).host).toBe(host);
  });

  it('production never seeds demo data, even when SEED_DEMO=true', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: secret,
      WEBHOOK_SECRET_KEY: webhookKey,
      SEED_DEMO: 'true',
      DATA_DIR: tmp(),
    });
    expect(c.seedDemo).toBe(false);
  });

  it('confirmation loop: AUTO_CLOSE_HOURS defaults to 72; test hooks only on request and never in production', () => {
    const c = loadConfig({ DATA_DIR: tmp() });
    expect(c).toMatchObject({ autoCloseHours: 72, testHooks: false });
    expect(c.jobs.autoCloseIntervalMs).toBe(300_000);
    expect(loadConfig({ DATA_DIR: tmp(), AUTO_CLOSE_HOURS: '24', TEST_HOOKS: 'true' })).toMatchObject({
      autoCloseHours: 24,
      testHooks: true,
    });
    expect(() => loadConfig({ DATA_DIR: tmp(), AUTO_CLOSE_HOURS: '0' })).toThrow(/AUTO_CLOSE_HOURS/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: secret,
        WEBHOOK_SECRET_KEY: webhookKey,
        TEST_HOOKS: 'true',
        DATA_DIR: tmp(),
      }),
    ).toThrow(/TEST_HOOKS/);
  });

  it('production requires JWT_SECRET, WEBHOOK_SECRET_KEY and a strong argon2 cost', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: tmp() })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret, DATA_DIR: tmp() })).toThrow(
      /WEBHOOK_SECRET_KEY/,
    );
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: secret,
        WEBHOOK_SECRET_KEY: webhookKey,
        ARGON2_MEMORY_KIB: '1024',
        DATA_DIR: tmp(),
      }),
    ).toThrow(/ARGON2/);
  });

  it('reads the webhook key (hex or base64) and the SSRF allowlist', () => {
    const hex = loadConfig({ DATA_DIR: tmp(), WEBHOOK_SECRET_KEY: 'ab'.repeat(32) });
    expect(hex.webhooks.secretKey.equals(Buffer.alloc(32, 0xab))).toBe(true);
    const b64 = loadConfig({
      DATA_DIR: tmp(),
      WEBHOOK_SECRET_KEY: webhookKey,
      WEBHOOK_ALLOWED_NETWORKS: ' 127.0.0.1/32, fd00::/8 ',
    });
    expect(b64.webhooks.secretKey.toString('base64')).toBe(webhookKey);
    expect(b64.webhooks.allowedNetworks).toEqual(['127.0.0.1/32', 'fd00::/8']);
  });

  it('generates a dev webhook key once and keeps it (0600)', () => {
    const dir = tmp();
    const a = loadConfig({ DATA_DIR: dir });
    expect(a.webhooks.secretKey.length).toBe(32);
    expect(loadConfig({ DATA_DIR: dir }).webhooks.secretKey.equals(a.webhooks.secretKey)).toBe(true);
    expect(statSync(join(dir, 'webhook-key')).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['HOST', 'http://0.0.0.0'],
    ['HOST', 'two words'],
    ['DATABASE_URL', 'mysql://x'],
    ['JWT_SECRET', 'short'],
    ['ACCESS_TOKEN_TTL_SECONDS', '3600'],
    ['SEED_DEMO', 'maybe'],
    ['NODE_ENV', 'staging'],
    ['WEBHOOK_SECRET_KEY', 'too-short-for-aes-256'],
    ['WEBHOOK_ALLOWED_NETWORKS', '127.0.0.1/33'],
    ['WEBHOOK_ALLOWED_NETWORKS', 'localhost'],
  ])('fails fast naming the bad variable %s=%s', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: tmp(), [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toContain(name);
    // The bad value itself (possibly a secret) is not echoed.
    if (value.length > 5) expect(String(error)).not.toContain(value);
  });

  it('generates a dev JWT secret once and keeps it (0600) across loads', () => {
    const dir = tmp();
    const a = loadConfig({ DATA_DIR: dir });
    const b = loadConfig({ DATA_DIR: dir });
    expect(a.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(b.jwtSecret).toBe(a.jwtSecret);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim()).toBe(a.jwtSecret);
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });

  it('masks secrets when described for a log', () => {
    const c = loadConfig({
      DATA_DIR: tmp(),
      JWT_SECRET: secret,
      WEBHOOK_SECRET_KEY: webhookKey,
      DATABASE_URL: 'postgres://app:hunter2@db:5432/edc',
    });
    const text = JSON.stringify(describeConfig(c));
    expect(text).not.toContain(secret);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(webhookKey);
    expect(text).toContain('db:5432');
  });

  it('VAPID keys: generated once into the data dir in development, from config only in production', () => {
    const dir = tmp();
    const a = loadConfig({ DATA_DIR: dir });
    const b = loadConfig({ DATA_DIR: dir });
    expect(a.push.vapid?.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(b.push.vapid?.publicKey).toBe(a.push.vapid?.publicKey);
    expect(statSync(join(dir, 'vapid.json')).mode & 0o777).toBe(0o600);
    expect(loadConfig({ DATA_DIR: tmp() }).push.vapid?.publicKey).not.toBe(a.push.vapid?.publicKey);

    const prod = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: secret,
      WEBHOOK_SECRET_KEY: webhookKey,
      DATA_DIR: tmp(),
    });
    expect(prod.push.vapid).toBeNull();
    const keys = a.push.vapid!;
    const configured = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: secret,
      WEBHOOK_SECRET_KEY: webhookKey,
      DATA_DIR: tmp(),
      VAPID_PUBLIC_KEY: keys.publicKey,
      VAPID_PRIVATE_KEY: keys.privateKey,
      VAPID_SUBJECT: 'https://edc.example.id/contact',
    });
    expect(configured.push.vapid).toEqual({ ...keys, subject: 'https://edc.example.id/contact' });
    expect(JSON.stringify(describeConfig(configured))).not.toContain(keys.privateKey);
    expect(() => loadConfig({ DATA_DIR: tmp(), VAPID_PUBLIC_KEY: keys.publicKey })).toThrow(/VAPID/);
    expect(() => loadConfig({ DATA_DIR: tmp(), VAPID_SUBJECT: 'ops@example.id' })).toThrow(/VAPID_SUBJECT/);
  });

  it('PUSH_ALLOWED_HOSTS defaults to the public push services and is lower-cased', () => {
    expect(loadConfig({ DATA_DIR: tmp() }).push.allowedHosts).toContain('fcm.googleapis.com');
    expect(
      loadConfig({ DATA_DIR: tmp(), PUSH_ALLOWED_HOSTS: ' 127.0.0.1, Push.Example.com ,' }).push.allowedHosts,
    ).toEqual(['127.0.0.1', 'push.example.com']);
  });
});
