/**
 * Sends "this solved it" (issue 14) to `POST /api/faq/deflections`. The id is made on the
 * phone, so a re-send is a no-op on the server: a deflection made offline waits in the
 * local store and goes out on the next flush, and is never counted twice.
 */
import type { FaqDeflectionRequest } from '@edc/shared';
import { type EdcDb, listPendingDeflections, savePendingDeflections } from '../db/index.ts';
import type { ApiClient } from './api-client.ts';
import { ApiError } from './api-error.ts';

type Fetcher = Pick<ApiClient, 'fetch'>;

/** A client error (4xx) will never succeed on a retry: the article is gone, or the body is bad. */
function isPermanent(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const status = error.status;
  return status >= 400 && status < 500 && status !== 401 && status !== 429;
}

async function post(api: Fetcher, d: FaqDeflectionRequest): Promise<'sent' | 'dropped' | 'later'> {
  try {
    await api.fetch('/api/faq/deflections', { json: d });
    return 'sent';
  } catch (error) {
    return isPermanent(error) ? 'dropped' : 'later';
  }
}

/** Tries every waiting deflection once; keeps those that could not be sent yet. */
export async function flushDeflections(api: Fetcher, db: EdcDb): Promise<number> {
  const pending = await listPendingDeflections(db);
  if (pending.length === 0) return 0;
  const keep: FaqDeflectionRequest[] = [];
  for (const d of pending) if ((await post(api, d)) === 'later') keep.push(d);
  await savePendingDeflections(db, keep);
  return pending.length - keep.length;
}

/** Records a deflection: stored first (nothing lost if the app closes), then sent. */
export async function recordDeflection(api: Fetcher, db: EdcDb, d: FaqDeflectionRequest): Promise<void> {
  const pending = await listPendingDeflections(db);
  if (!pending.some((p) => p.id === d.id)) await savePendingDeflections(db, [...pending, d]);
  await flushDeflections(api, db);
}
