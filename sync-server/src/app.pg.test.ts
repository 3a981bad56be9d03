import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorBodySchema, healthResponseSchema } from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from './test/fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('app basics', () => {
  it('GET /api/health answers ok with the db up and the version', async () => {
    const res = await t.request('/api/health');
    expect(res.status).toBe(200);
    const body = healthResponseSchema.parse(await res.json());
    expect(body.version).toBe(t.deps.config.version);
  });

  it('answers 503 db_down when the database is unreachable', async () => {
    const { createApp } = await import('./app.ts');
    const { createDb } = await import('./db/pool.ts');
    // A pool pointing at a port nothing listens on.
    const dead = createDb('postgres://postgres:x@127.0.0.1:1/none');
    const app = createApp({ ...t.deps, db: dead });
    const res = await app.request('/api/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'error', reason: 'db_down' });
    await dead.close();
  });

  it('malformed JSON → 400 with a reason, no stack', async () => {
    const res = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username": "tech1", "password": ',
    });
    expect(res.status).toBe(400);
    const body = errorBodySchema.parse(await res.json());
    expect(body.reason).toBe('invalid_body');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('schema violation → 400 invalid_body with issues', async () => {
    const res = await t.request('/api/auth/login', { json: { username: '', password: 5 } });
    expect(res.status).toBe(400);
    const body = errorBodySchema.parse(await res.json());
    expect(body.reason).toBe('invalid_body');
    expect(Array.isArray(body.details)).toBe(true);
  });

  it('unknown /api route → 404 JSON (authenticated) and 401 without a token', async () => {
    const token = await t.login('agent1');
    const res = await t.request('/api/no-such-thing', { token });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ status: 'error', reason: 'not_found' });
    const anon = await t.request('/api/no-such-thing');
    expect(anon.status).toBe(401);
    expect(errorBodySchema.parse(await anon.json()).reason).toBe('unauthorized');
  });

  it('oversized body → 413 payload_too_large', async () => {
    const big = 'x'.repeat(t.deps.config.bodyLimitBytes + 10);
    const res = await t.request('/api/auth/login', { json: { username: 'tech1', password: big } });
    expect(res.status).toBe(413);
    expect(errorBodySchema.parse(await res.json()).reason).toBe('payload_too_large');
  });

  it('sets security headers and no-store on API answers', async () => {
    const res = await t.request('/api/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('static PWA serving', () => {
  let s: TestApp;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edc-static-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>EDC</title><div id="root"></div>');
    writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(join(dir, 'assets', 'index-AbC123.js'), 'console.log(1);');
    s = await makeTestApp({ env: { STATIC_DIR: dir }, users: false });
  });
  afterAll(async () => {
    await s.close();
  });

  it('serves index.html for / and for client routes (SPA fallback), never cached', async () => {
    for (const path of ['/', '/login', '/tech/device/SN123']) {
      const res = await s.app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  it('hashed assets are immutable; the service worker is revalidated', async () => {
    const asset = await s.app.request('/assets/index-AbC123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const sw = await s.app.request('/sw.js');
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
  });

  it('a missing asset is a 404, not the HTML shell; /api stays JSON', async () => {
    expect((await s.app.request('/assets/index-old.js')).status).toBe(404);
    const api = await s.app.request('/api/health');
    expect(api.headers.get('content-type')).toContain('application/json');
  });
});
