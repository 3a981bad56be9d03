/**
 * The API client against a real local HTTP server: every failure becomes ONE ApiError
 * (the server's shared code and details, or the client's own `network`/`bad_response`),
 * JSON answers are checked against the schema, files come back with their name, and a
 * 401 is retried once with the refreshed token. (Refresh sharing and session loss are in
 * session.test.ts.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiClient, type TokenSource } from './api-client.ts';
import { ApiError, type ApiErrorCode, retryDecision } from './api-error.ts';

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(value));
      };
      const url = req.url ?? '';
      if (req.headers.authorization === 'Bearer stale')
        return send(401, { status: 'error', reason: 'token_expired' });
      if (url === '/illegal')
        return send(409, {
          status: 'error',
          reason: 'illegal_transition',
          details: { detail: 'rca_capa_required' },
        });
      if (url === '/unknown-reason') return send(503, { status: 'error', reason: 'db_down' });
      if (url === '/throttled')
        return send(429, { status: 'error', reason: 'too_many_requests' }, { 'retry-after': '42' });
      if (url === '/proxy-page') {
        res.writeHead(502, { 'content-type': 'text/html' });
        return res.end('<html>Bad gateway</html>');
      }
      if (url === '/portal') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html>Sign in to the Wi-Fi</html>');
      }
      if (url === '/wrong-shape') return send(200, { items: 'nope' });
      if (url === '/file') {
        res.writeHead(200, {
          'content-type': 'text/csv',
          'content-disposition': 'attachment; filename="cases-2026-01-01_2026-01-31.csv"',
        });
        return res.end('a,b\n1,2\n');
      }
      if (url === '/hang') return; // never answers: only an abort ends the request
      send(200, {
        method: req.method,
        contentType: req.headers['content-type'] ?? null,
        authorization: req.headers.authorization ?? null,
        body,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const tokens = (accessToken: string | null, refresh: () => Promise<string> = async () => 'fresh') =>
  ({ accessToken, refresh }) satisfies TokenSource;
const echoSchema = z.object({
  method: z.string(),
  contentType: z.string().nullable(),
  authorization: z.string().nullable(),
  body: z.string(),
});

describe('ApiClient errors: one ApiError with a code', () => {
  it.each<[string, string, number, ApiErrorCode, unknown]>([
    [
      'the server code and its details',
      '/illegal',
      409,
      'illegal_transition',
      { detail: 'rca_capa_required' },
    ],
    [
      'a reason this client does not know: code by status, reason kept',
      '/unknown-reason',
      503,
      'internal',
      { reason: 'db_down' },
    ],
    ['a proxy page instead of the API', '/proxy-page', 502, 'bad_response', undefined],
    ['a 200 that is not JSON (captive portal)', '/portal', 200, 'bad_response', undefined],
    ['JSON that fails the schema', '/wrong-shape', 200, 'bad_response', undefined],
  ])('%s', async (_name, path, status, code, details) => {
    const api = new ApiClient(tokens('good'), baseUrl);
    const failure = await api.json(path, echoSchema).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status, code });
    expect((failure as ApiError).details).toEqual(details);
  });

  it('keeps Retry-After of a throttled answer', async () => {
    const failure = await new ApiClient(tokens('good'), baseUrl).fetch('/throttled').catch((e: unknown) => e);
    expect(failure).toMatchObject({ status: 429, code: 'too_many_requests', retryAfterSeconds: 42 });
  });

  it('refuses to send without a session (no request, 401)', async () => {
    const failure = await new ApiClient(tokens(null), baseUrl).fetch('/echo').catch((e: unknown) => e);
    expect(failure).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('a refresh that cannot reach the server is a network failure, not a lost session', async () => {
    const refresh = () =>
      new ApiClient(tokens('x'), 'http://127.0.0.1:1').fetch('/api/auth/refresh').then(() => 'never');
    const failure = await new ApiClient(tokens('stale', refresh), baseUrl)
      .fetch('/echo')
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ status: 0, code: 'network' });
  });

  it('an abort is passed through untouched (not an ApiError)', async () => {
    const controller = new AbortController();
    const pending = new ApiClient(tokens('good'), baseUrl).fetch('/hang', { signal: controller.signal });
    controller.abort();
    const failure = await pending.catch((e: unknown) => e);
    expect(failure).not.toBeInstanceOf(ApiError);
    expect((failure as Error).name).toBe('AbortError');
  });
});

describe('ApiClient helpers', () => {
  it('sends JSON as POST with its content type and the bearer token', async () => {
    const answer = await new ApiClient(tokens('good'), baseUrl).json('/echo', echoSchema, {
      json: { note: 'hi' },
    });
    expect(answer).toEqual({
      method: 'POST',
      contentType: 'application/json',
      authorization: 'Bearer good',
      body: '{"note":"hi"}',
    });
  });

  it('sends a raw body with the given method and type; GET when there is none', async () => {
    const api = new ApiClient(tokens('good'), baseUrl);
    const put = await api.json('/echo', echoSchema, {
      method: 'PUT',
      body: new Blob(['x,y']),
      headers: { 'content-type': 'text/csv' },
    });
    expect(put).toMatchObject({ method: 'PUT', contentType: 'text/csv', body: 'x,y' });
    expect(await api.json('/echo', echoSchema)).toMatchObject({ method: 'GET', body: '' });
  });

  it('retries a 401 once with the refreshed token', async () => {
    let refreshes = 0;
    const refresh = async () => {
      refreshes++;
      return 'renewed';
    };
    const answer = await new ApiClient(tokens('stale', refresh), baseUrl).json('/echo', echoSchema);
    expect(answer.authorization).toBe('Bearer renewed');
    expect(refreshes).toBe(1);
  });

  it('downloads a file with the name from Content-Disposition', async () => {
    const { blob, filename } = await new ApiClient(tokens('good'), baseUrl).blob('/file');
    expect(filename).toBe('cases-2026-01-01_2026-01-31.csv');
    expect(await blob.text()).toBe('a,b\n1,2\n');
  });
});

describe('retryDecision: try later or final (issue 11)', () => {
  it.each<[number, ApiErrorCode, 'later' | 'final']>([
    [0, 'offline', 'later'],
    [0, 'network', 'later'],
    [503, 'service_unavailable', 'later'],
    [500, 'internal', 'later'],
    [502, 'bad_response', 'later'],
    [200, 'bad_response', 'later'],
    [401, 'token_expired', 'later'],
    [429, 'too_many_requests', 'later'],
    [400, 'invalid_body', 'final'],
    [403, 'forbidden', 'final'],
    [404, 'not_found', 'final'],
    [409, 'conflict', 'final'],
    [413, 'payload_too_large', 'final'],
    [415, 'unsupported_media_type', 'final'],
  ])('%i %s → %s', (status, code, decision) => {
    expect(retryDecision(new ApiError(status, code))).toBe(decision);
  });
});
