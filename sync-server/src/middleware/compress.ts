/**
 * gzip for what is worth compressing: the app shell (JS, CSS, HTML, SVG, manifest, the
 * decoder's .wasm) and JSON answers (a first sync's pull pages shrink ~6×, which is what
 * makes 5,000 devices fit a slow 4G link). Phones pay for bytes, the server for CPU, so
 * JSON uses zlib level 1 (fast, most of the gain) and the static files level 6.
 *
 * Never compressed: the SSE stream (buffering would hold pokes back), CSV exports (streamed
 * page by page), images (already compressed), small bodies, responses that already carry a
 * Content-Encoding, and requests that do not accept gzip.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { createGzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

const JSON_TYPE = /^application\/json/i;
const STATIC_TYPE =
  /^(?:text\/(?:html|css|javascript|plain)|application\/(?:javascript|manifest\+json|wasm)|image\/svg\+xml)/i;
const MIN_BYTES = 1024;

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

export function compressResponses(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (c.req.method === 'HEAD' || res.status !== 200 || !res.body) return;
    if (res.headers.has('content-encoding') || !acceptsGzip(c.req.header('accept-encoding'))) return;
    const type = res.headers.get('content-type') ?? '';
    const isJson = JSON_TYPE.test(type);
    if (!isJson && !STATIC_TYPE.test(type)) return;
    // A body of unknown length (a pull page built as a string) is compressed; its size is
    // only known once sent, and an empty page costs a few bytes more at most.
    const length = Number(res.headers.get('content-length') ?? Number.NaN);
    if (length < MIN_BYTES) return;
    const gzip = createGzip({ level: isJson ? 1 : 6 });
    const body = Readable.fromWeb(res.body as NodeReadableStream<Uint8Array>).pipe(gzip);
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    headers.set('content-encoding', 'gzip');
    const vary = headers.get('vary');
    if (!vary?.toLowerCase().includes('accept-encoding'))
      headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    const etag = headers.get('etag');
    if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
    c.res = new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
      status: res.status,
      statusText: res.statusText,
      headers,
    });
    // Hono carries the previous response's headers over on assignment: drop the old length.
    c.res.headers.delete('content-length');
  };
}
