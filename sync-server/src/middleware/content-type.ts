/**
 * CSRF guard (issue 11): a state-changing request must say what it sends, and say the
 * type its route reads — `application/json`, `text/csv` for imports, an image type for
 * attachment uploads — else `415`. A page on another origin can make a browser send a
 * form (`text/plain`, `application/x-www-form-urlencoded`, `multipart/form-data`)
 * without asking anyone, but not one of these types: that needs a CORS preflight, which
 * this server never grants. Together with the access cookie being accepted only on the
 * SSE stream (middleware/auth.ts), no cross-site request carries credentials that count.
 *
 * A request with no body and no Content-Type (a bodiless revoke, a DELETE) passes: a
 * browser form always sends a Content-Type.
 */
import { AppError, attachmentContentTypes } from '@edc/shared';
import type { MiddlewareHandler } from 'hono';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The media types a route under `path` accepts for a body. */
export function expectedContentTypes(path: string): readonly string[] {
  if (path.startsWith('/api/import/')) return ['text/csv'];
  if (path.startsWith('/api/attachments/')) return attachmentContentTypes;
  return ['application/json'];
}

function hasBody(headers: { get(name: string): string | null | undefined }): boolean {
  const length = headers.get('content-length');
  if (length !== null && length !== undefined) return length.trim() !== '0';
  return headers.get('transfer-encoding') !== null && headers.get('transfer-encoding') !== undefined;
}

export function requireContentType(): MiddlewareHandler {
  return async (c, next) => {
    if (!STATE_CHANGING.has(c.req.method)) return next();
    const header = c.req.header('content-type');
    if (header === undefined && !hasBody({ get: (n) => c.req.header(n) })) return next();
    const mediaType = (header ?? '').split(';')[0]!.trim().toLowerCase();
    const allowed = expectedContentTypes(c.req.path);
    if (!allowed.includes(mediaType)) {
      throw new AppError('unsupported_media_type', `send ${allowed.join(' or ')}`, { allowed });
    }
    return next();
  };
}
