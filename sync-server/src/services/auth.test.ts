import { AppError } from '@edc/shared';
import { describe, expect, it } from 'vitest';
import type { AuthContext } from '../auth-context.ts';
import { testConfig } from '../test/fixtures.ts';
import { loginDelaySeconds, signAccessToken, verifyAccessToken } from './auth.ts';

const NOW = new Date('2026-11-25T03:00:00.000Z');

function auth(sessionId: string): AuthContext {
  return { userId: 'u-1', username: 'tech1', role: 'technician', regions: ['JKT'], sessionId };
}

async function reasonOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
}

// verifyAccessToken remembers tokens it has verified (services/auth.ts); these pin down that
// a remembered token is judged exactly like a fresh one.
describe('verifyAccessToken with verified-token cache', () => {
  it('a remembered token still expires by the injected clock', async () => {
    const config = testConfig();
    const token = await signAccessToken(auth('s-expiry'), config, NOW);
    const ttlMs = config.accessTokenTtlSeconds * 1000;
    expect((await verifyAccessToken(token, config, NOW)).sessionId).toBe('s-expiry');
    // Second call is served from the cache; one second before expiry it is still valid.
    const late = new Date(NOW.getTime() + ttlMs - 1000);
    expect((await verifyAccessToken(token, config, late)).sessionId).toBe('s-expiry');
    expect(await reasonOf(verifyAccessToken(token, config, new Date(NOW.getTime() + ttlMs)))).toBe(
      'token_expired',
    );
  });

  it('a token remembered under one secret is not accepted under another', async () => {
    const config = testConfig();
    const token = await signAccessToken(auth('s-secret'), config, NOW);
    await verifyAccessToken(token, config, NOW);
    const rotated = testConfig({ JWT_SECRET: 'another-secret-another-secret-0123456789abcdef' });
    expect(await reasonOf(verifyAccessToken(token, rotated, NOW))).toBe('unauthorized');
  });

  it('callers get their own copy: mutating one result does not change the next', async () => {
    const config = testConfig();
    const token = await signAccessToken(auth('s-copy'), config, NOW);
    const first = await verifyAccessToken(token, config, NOW);
    first.regions.push('BDG');
    first.role = 'admin';
    const second = await verifyAccessToken(token, config, NOW);
    expect(second.role).toBe('technician');
    expect(second.regions).toEqual(['JKT']);
  });

  it('a tampered copy of a remembered token is rejected', async () => {
    const config = testConfig();
    const token = await signAccessToken(auth('s-tamper'), config, NOW);
    await verifyAccessToken(token, config, NOW);
    const [h, , s] = token.split('.');
    const payload = Buffer.from(
      JSON.stringify({ ...auth('s-tamper'), sub: 'u-1', sid: 's-tamper', role: 'admin' }),
    ).toString('base64url');
    expect(await reasonOf(verifyAccessToken(`${h}.${payload}.${s}`, config, NOW))).toBe('unauthorized');
  });
});

describe('loginDelaySeconds (growing delay per username + IP)', () => {
  const policy = testConfig().login;
  it.each([
    [0, 0],
    [policy.freeFailures - 1, 0],
    [policy.freeFailures, policy.baseDelaySeconds],
    [policy.freeFailures + 1, policy.baseDelaySeconds * 2],
    [policy.freeFailures + 3, policy.baseDelaySeconds * 8],
    [policy.freeFailures + 40, policy.maxDelaySeconds],
    [10_000, policy.maxDelaySeconds],
  ])('%i failures → %i s', (failures, seconds) => {
    expect(loginDelaySeconds(failures, policy)).toBe(seconds);
  });
});
