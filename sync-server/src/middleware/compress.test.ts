import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { compressResponses } from './compress.ts';

const big = JSON.stringify({
  documents: Array.from({ length: 200 }, (_, i) => ({ id: `SN-${i}`, model: 'PAX A920' })),
});

function app() {
  const a = new Hono();
  a.use('*', compressResponses());
  a.get('/json', (c) => c.body(big, 200, { 'content-type': 'application/json; charset=utf-8' }));
  a.get('/small', (c) =>
    c.body('{"ok":true}', 200, { 'content-type': 'application/json', 'content-length': '11' }),
  );
  a.get('/js', (c) =>
    c.body('x'.repeat(5000), 200, { 'content-type': 'text/javascript', 'content-length': '5000' }),
  );
  a.get('/sse', (c) => c.body('data: {}\n\n'.repeat(500), 200, { 'content-type': 'text/event-stream' }));
  a.get('/csv', (c) => c.body('a,b\n'.repeat(1000), 200, { 'content-type': 'text/csv' }));
  a.get('/jpeg', (c) => c.body(new Uint8Array(5000), 200, { 'content-type': 'image/jpeg' }));
  a.get('/error', (c) => c.body(big, 400, { 'content-type': 'application/json' }));
  return a;
}

const get = (path: string, encoding = 'gzip, deflate, br') =>
  app().request(path, { headers: encoding ? { 'accept-encoding': encoding } : {} });

describe('compressResponses', () => {
  it('gzips a JSON body, which decompresses to the same bytes', async () => {
    const res = await get('/json');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toContain('Accept-Encoding');
    const zipped = Buffer.from(await res.arrayBuffer());
    expect(zipped.length).toBeLessThan(big.length / 4);
    expect(gunzipSync(zipped).toString()).toBe(big);
  });

  it('gzips static files (JavaScript)', async () => {
    const res = await get('/js');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-length')).toBeNull();
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe('x'.repeat(5000));
  });

  it.each([
    ['no gzip accepted', '/json', ''],
    ['gzip refused with q=0', '/json', 'gzip;q=0, br'],
    ['a tiny body', '/small', 'gzip'],
    ['the SSE stream (pokes must not wait in a buffer)', '/sse', 'gzip'],
    ['a streamed CSV export', '/csv', 'gzip'],
    ['an image', '/jpeg', 'gzip'],
    ['an error answer', '/error', 'gzip'],
  ])('leaves alone: %s', async (_label, path, encoding) => {
    const res = await get(path, encoding);
    expect(res.headers.get('content-encoding')).toBeNull();
  });
});
