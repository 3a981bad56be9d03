/**
 * HTTP commands and reports of the back office. The desk reads cases locally (RxDB) but
 * every change goes through the server (transitions, comments, intake, admin), so these
 * calls need the network: failures come back as a {@link DeskApiError} whose `reason` and
 * `details` (e.g. the blocking case number) are shown to the user in words.
 */
import type { z } from 'zod';
import type { SessionManager } from '../../sync/session.ts';

export class DeskApiError extends Error {
  readonly status: number;
  readonly reason: string;
  readonly details: unknown;
  constructor(status: number, reason: string, details?: unknown) {
    super(`${status}:${reason}`);
    this.name = 'DeskApiError';
    this.status = status;
    this.reason = reason;
    this.details = details;
  }
}

export type ApiInit = { method?: string; json?: unknown; body?: BodyInit; contentType?: string };

/**
 * fetch with the bearer token. On 401 refreshes once through the session manager (its
 * single-flight refresh: refresh tokens rotate, so nobody else may spend one) and retries.
 * Unlike `SessionManager.authFetch` it keeps the error body's `details`.
 */
export async function deskFetch(
  manager: SessionManager,
  path: string,
  init: ApiInit = {},
): Promise<Response> {
  const session = manager.session;
  if (!session) throw new DeskApiError(401, 'no_session');
  if (!navigator.onLine) throw new DeskApiError(0, 'offline');
  const headers = new Headers();
  let body: BodyInit | undefined = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  } else if (init.contentType) {
    headers.set('content-type', init.contentType);
  }
  const attempt = async (token: string): Promise<Response> => {
    headers.set('authorization', `Bearer ${token}`);
    try {
      return await fetch(path, {
        method: init.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        body,
      });
    } catch (error) {
      throw new DeskApiError(0, 'network', error instanceof Error ? error.message : String(error));
    }
  };
  let response = await attempt(session.accessToken);
  if (response.status === 401) {
    let token: string;
    try {
      token = await manager.refresh();
    } catch {
      throw new DeskApiError(401, 'session_expired');
    }
    response = await attempt(token);
  }
  if (!response.ok) {
    let reason = `http_${response.status}`;
    let details: unknown;
    try {
      const parsed: unknown = await response.json();
      if (typeof parsed === 'object' && parsed !== null) {
        if ('reason' in parsed && typeof parsed.reason === 'string') reason = parsed.reason;
        if ('details' in parsed) details = parsed.details;
      }
    } catch {
      // Not JSON (proxy page): the status code is all we have.
    }
    throw new DeskApiError(response.status, reason, details);
  }
  return response;
}

/** GET/POST returning JSON validated with a shared zod schema. */
export async function deskJson<T extends z.ZodType>(
  manager: SessionManager,
  path: string,
  schema: T,
  init: ApiInit = {},
): Promise<z.infer<T>> {
  const response = await deskFetch(manager, path, init);
  const parsed = schema.safeParse(await response.json());
  if (!parsed.success) throw new DeskApiError(response.status, 'bad_response', parsed.error.message);
  return parsed.data;
}

/** Saves a Blob under `filename` through a temporary object URL (CSV export). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled; the download keeps its own reference.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
