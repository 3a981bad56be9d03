import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitBody } from './body-limit.ts';

// Over real HTTP (the Node adapter is what the limit has to cooperate with): a declared
// length is checked from the header, a chunked body is counted as it streams.
const MAX = 1000;
let server: ReturnType<typeof serve>;
let port = 0;

beforeAll(async () => {
  const app = new Hono();
  app.onError((err, c) => c.text(err.message, err.message === 'too large' ? 413 : 500));
  app.use(
    '*',
    limitBody(MAX, () => {
      throw new Error('too large');
    }),
  );
  app.post('/echo', async (c) => c.text(`got ${(await c.req.text()).length}`));
  app.get('/echo', (c) => c.text('get'));
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function send(body: string | null, chunked: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = chunked
      ? { 'transfer-encoding': 'chunked' }
      : body === null
        ? {}
        : { 'content-length': Buffer.byteLength(body) };
    const req = request(
      { host: '127.0.0.1', port, path: '/echo', method: body === null ? 'GET' : 'POST', headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    if (body !== null && chunked) {
      // Several chunks, so the streaming counter has to add them up.
      for (let i = 0; i < body.length; i += 300) req.write(body.slice(i, i + 300));
    }
    req.end(body !== null && !chunked ? body : undefined);
  });
}

describe('limitBody', () => {
  it.each([
    ['declared length within the limit', 'x'.repeat(MAX), false, 200, `got ${MAX}`],
    ['declared length over the limit', 'x'.repeat(MAX + 1), false, 413, 'too large'],
    ['chunked within the limit', 'y'.repeat(MAX), true, 200, `got ${MAX}`],
    ['chunked over the limit', 'y'.repeat(MAX + 1), true, 413, 'too large'],
  ])('%s', async (_name, body, chunked, status, text) => {
    const res = await send(body, chunked);
    expect(res).toEqual({ status, text });
  });

  it('lets bodiless requests through', async () => {
    expect(await send(null, false)).toEqual({ status: 200, text: 'get' });
  });
});
