/**
 * zod validation hook for `@hono/zod-validator`: a failed parse becomes an `AppError`
 * so the single `onError` answers `{status:"error", reason:"invalid_body"|"invalid_query",
 * details: issues}`. Issues carry paths and messages, never the rejected input itself.
 *
 * Usage: `zValidator('json', loginRequestSchema, zodHook)`.
 */
import { AppError } from '@edc/shared';

type Issue = { path?: readonly PropertyKey[]; message?: string; code?: string };

export function zodHook(result: {
  success: boolean;
  target: string;
  error?: { issues: readonly Issue[] };
}): void {
  if (result.success) return;
  const issues = (result.error?.issues ?? []).map((i) => ({
    path: (i.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p)).join('.'),
    message: i.message ?? 'invalid',
    code: i.code,
  }));
  const code = result.target === 'json' || result.target === 'form' ? 'invalid_body' : 'invalid_query';
  throw new AppError(code, `invalid ${result.target}`, issues);
}
