/**
 * `/api/import/*` (admin only, DESIGN section 6): master-data CSV import with a per-line
 * error report, and header-only templates of the files.
 */
import { AppError } from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { requireRole } from '../middleware/auth.ts';
import { zodHook } from '../middleware/validate.ts';
import { importCsv, importKinds, importTemplate } from '../services/csv-import.ts';

/** Size cap of one import file; app.ts applies it to `/api/import/*` before the body is read. */
export const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;

// Security: only text/csv (DESIGN section 9). `text/plain` is what a cross-site form can
// send without a preflight; the desk sends the file as text/csv whatever its extension says.
const CSV_TYPES = new Set(['text/csv']);

const kindParam = z.object({ kind: z.enum(importKinds) });
const templateParam = z.object({ file: z.enum(['devices.csv', 'merchants.csv']) });

export function importRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));

  app.get('/templates/:file', zValidator('param', templateParam, zodHook), (c) => {
    const { file } = c.req.valid('param');
    const kind = file === 'devices.csv' ? 'devices' : 'merchants';
    return c.body(`\uFEFF${importTemplate(kind)}`, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file}"`,
    });
  });

  app.post('/:kind', zValidator('param', kindParam, zodHook), async (c) => {
    const { kind } = c.req.valid('param');
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!CSV_TYPES.has(type)) throw new AppError('unsupported_media_type', 'send the file as text/csv');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    let text: string;
    try {
      // fatal: a file saved in a legacy code page must be re-saved as UTF-8, not mangled.
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new AppError('invalid_csv', 'file is not UTF-8', { line: 1, reason: 'not_utf8' });
    }
    return c.json(await importCsv(deps.db, kind, text, deps.clock(), c.get('auth').username), 200);
  });

  return app;
}
