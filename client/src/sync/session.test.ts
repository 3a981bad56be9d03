/**
 * Token refresh against a real local HTTP server, through the API client: concurrent 401s
 * share ONE refresh call (refresh tokens rotate; spending one twice would revoke the
 * session), the retried requests carry the new token, and a refused refresh marks the
 * session as lost without clearing it.
 */
import 'fake-indexeddb/auto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveSession } from '../db/session-store.ts';
import { ApiClient } from './api-client.ts';
import { ApiError, errorKind } from './api-error.ts';
import { expiresSoon, SessionManager } from './session.ts';

/** A token shaped like a JWT with the given `exp` (the client reads, never verifies, it). */
function jwtLike(exp: number): string {
  const part = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '');
  return `${part({ alg: 'HS256' })}.${part({ exp: Math.floor(exp) })}.signature`;
}

const user = {
  id: 'u1',
  username: 'tech1',
  role: 'technician' as const,
  displayName: 'Budi',
  regions: ['JKT'],
};

let server: Server;
let baseUrl: string;
let refreshCalls: number;
let validAccess: string;
let refuseRefresh: boolean;

beforeEach(async () => {
  refreshCalls = 0;
  validAccess = 'access-2';
  refuseRefresh = false;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.url === '/api/auth/refresh') {
        refreshCalls++;
        const { refreshToken } = JSON.parse(body) as { refreshToken: string };
        if (refuseRefresh || refreshToken !== 'refresh-1')
          return json(401, { status: 'error', reason: 'refresh_token_reused' });
        // Answer slowly so concurrent callers really overlap.
        setTimeout(() => json(200, { accessToken: validAccess, refreshToken: 'refresh-2', user }), 50);
        return;
      }
      if (req.headers.authorization !== `Bearer ${validAccess}`)
        return json(401, { status: 'error', reason: 'token_expired' });
      json(200, { ok: true });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await saveSession({
    accessToken: 'access-1',
    refreshToken: 'refresh-1',
    user,
    loggedInAt: new Date(0).toISOString(),
  });
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('SessionManager', () => {
  it('refreshes once for concurrent 401s and retries with the new token', async () => {
    const sessions = new SessionManager(baseUrl);
    await sessions.restore();
    const api = new ApiClient(sessions, baseUrl);
    const responses = await Promise.all(Array.from({ length: 6 }, () => api.fetch('/api/thing')));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(refreshCalls).toBe(1);
    expect(sessions.session?.refreshToken).toBe('refresh-2');
    // Persisted: a reload (new manager) continues with the rotated tokens.
    const reloaded = new SessionManager(baseUrl);
    expect((await reloaded.restore())?.accessToken).toBe('access-2');
  });

  it('marks the session lost (but keeps it) when the server refuses the refresh', async () => {
    refuseRefresh = true;
    const sessions = new SessionManager(baseUrl);
    await sessions.restore();
    const failure = await new ApiClient(sessions, baseUrl).fetch('/api/thing').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 401, code: 'refresh_token_reused' });
    expect(errorKind(failure as ApiError)).toBe('auth');
    expect(sessions.state$.value.authLost).toBe(true);
    expect(sessions.session?.user.username).toBe('tech1');
  });

  it('another tab (a second manager on the same store) takes over the pair the first one stored', async () => {
    validAccess = jwtLike(Date.now() / 1000 + 600);
    const tabA = new SessionManager(baseUrl);
    const tabB = new SessionManager(baseUrl);
    await Promise.all([tabA.restore(), tabB.restore()]);
    expect((await new ApiClient(tabA, baseUrl).fetch('/api/thing')).status).toBe(200);
    // Tab B still holds refresh-1, already rotated: it must not spend it again.
    expect((await new ApiClient(tabB, baseUrl).fetch('/api/thing')).status).toBe(200);
    expect(refreshCalls).toBe(1);
    expect(tabB.session?.refreshToken).toBe('refresh-2');
    expect(tabB.state$.value.authLost).toBe(false);
  });

  it.each([
    [jwtLike(2_000_000_000), false],
    [jwtLike(1_000_000_000), true],
    [jwtLike(1_000_000_020), true], // within 30 s
    ['not.a.token', true],
    ['opaque', true],
  ])('expiresSoon(%s) → %s (now = 1e9 s)', (token, soon) => {
    expect(expiresSoon(token, 1_000_000_000_000)).toBe(soon);
  });

  it('reports a network failure as such', async () => {
    const sessions = new SessionManager('http://127.0.0.1:1');
    await sessions.restore();
    const failure = await new ApiClient(sessions, 'http://127.0.0.1:1')
      .fetch('/api/thing')
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 0, code: 'network' });
    expect(errorKind(failure as ApiError)).toBe('network');
    expect(sessions.state$.value.authLost).toBe(false);
  });
});
