/**
 * Case photos (DESIGN section 5, "Attachments"), mounted at `/api/attachments`:
 *   PUT /{id}?caseId=  image/jpeg | image/webp, ≤ 2 MB → 201 first time, 200 on a retry
 *   GET /{id}          → the bytes, to whoever may see the case
 *
 * Photos may arrive before their case: the phone's outbox is not ordered, and a case may
 * sit rejected-or-pending while photos upload. So a technician or merchant may upload for
 * a case id that does not exist YET; the row carries the case id and is "bound" the
 * moment the case is pushed (reads authorize through the case, so nobody but the
 * uploader can read it before then). Back office only attaches to existing cases.
 * Security: an existing case outside the caller's scope is 404, like a missing one.
 */
import { AppError, attachmentContentTypes, MAX_ATTACHMENT_BYTES, uuidSchema } from '@edc/shared';
import { Hono } from 'hono';
import type { AppDeps, AppEnv, AuthContext } from '../app-env.ts';
import { caseExists, getAttachmentBytes, getAttachmentMeta, insertAttachment } from '../db/attachments.ts';
import { getVisibleCase } from '../db/cases.ts';
import { checkImage } from '../services/image-check.ts';

const CONTENT_TYPES: ReadonlySet<string> = new Set(attachmentContentTypes);

async function mayReadCase(
  deps: Pick<AppDeps, 'db'>,
  auth: AuthContext,
  caseId: string,
  uploader: string,
): Promise<boolean> {
  if (await getVisibleCase(deps.db.pool, auth, { id: caseId })) return true;
  // Not bound yet (the case has not arrived): only its uploader may read it back.
  return uploader === auth.username && !(await caseExists(deps.db.pool, caseId));
}

export function attachmentRoutes(deps: Pick<AppDeps, 'db'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.put('/:id', async (c) => {
    const auth = c.get('auth');
    const id = uuidSchema.safeParse(c.req.param('id'));
    const caseId = uuidSchema.safeParse(c.req.query('caseId'));
    if (!id.success || !caseId.success) {
      throw new AppError('invalid_query', undefined, [
        { path: id.success ? 'caseId' : 'id', message: 'must be a UUID' },
      ]);
    }
    const contentType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!CONTENT_TYPES.has(contentType)) {
      throw new AppError('unsupported_media_type', undefined, { allowed: attachmentContentTypes });
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength > MAX_ATTACHMENT_BYTES) {
      throw new AppError('payload_too_large', undefined, { maxBytes: MAX_ATTACHMENT_BYTES });
    }
    if (bytes.byteLength === 0) throw new AppError('invalid_body', 'empty image');
    // The declared type must be what the bytes are, through their whole structure: no HTML
    // or SVG smuggled behind three magic bytes (issue 11).
    if (checkImage(bytes) !== contentType) {
      throw new AppError('unsupported_media_type', 'bytes do not match the content type');
    }

    const existing = await getAttachmentMeta(deps.db.pool, id.data);
    if (existing) {
      if (!(await mayReadCase(deps, auth, existing.caseId, existing.createdBy)))
        throw new AppError('not_found');
      if (existing.caseId !== caseId.data)
        throw new AppError('conflict', 'attachment belongs to another case');
      return c.json(
        {
          id: existing.id,
          caseId: existing.caseId,
          bytes: existing.bytes,
          contentType: existing.contentType,
        },
        200,
      );
    }

    const visible = await getVisibleCase(deps.db.pool, auth, { id: caseId.data });
    if (!visible) {
      const exists = await caseExists(deps.db.pool, caseId.data);
      // Security: someone else's case, or (for the back office) a case that isn't there.
      if (exists || (auth.role !== 'technician' && auth.role !== 'merchant')) throw new AppError('not_found');
    }
    const stored = await insertAttachment(deps.db.pool, {
      id: id.data,
      caseId: caseId.data,
      contentType,
      bytes,
      createdBy: auth.username,
    });
    const meta = stored ? undefined : await getAttachmentMeta(deps.db.pool, id.data);
    // Lost a race with a concurrent retry of the same upload: answer like a retry.
    if (meta && meta.caseId !== caseId.data)
      throw new AppError('conflict', 'attachment belongs to another case');
    return c.json(
      { id: id.data, caseId: caseId.data, bytes: bytes.byteLength, contentType },
      stored ? 201 : 200,
    );
  });

  app.get('/:id', async (c) => {
    const auth = c.get('auth');
    const id = uuidSchema.safeParse(c.req.param('id'));
    if (!id.success) throw new AppError('not_found');
    const meta = await getAttachmentMeta(deps.db.pool, id.data);
    if (!meta || !(await mayReadCase(deps, auth, meta.caseId, meta.createdBy)))
      throw new AppError('not_found');
    const bytes = await getAttachmentBytes(deps.db.pool, id.data);
    if (!bytes) throw new AppError('not_found');
    return new Response(new Uint8Array(bytes), {
      status: 200,
      // Security (issue 11): a download, never a page. The app shows photos it holds as
      // blobs (fetched with the bearer token), so nothing needs this URL inline; should
      // a browser render it anyway, the sandbox CSP (set in app.ts) runs nothing.
      headers: {
        'content-type': meta.contentType,
        'content-length': String(bytes.byteLength),
        'content-disposition': `attachment; filename="${meta.id}.${meta.contentType === 'image/webp' ? 'webp' : 'jpg'}"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, max-age=86400',
      },
    });
  });

  return app;
}
