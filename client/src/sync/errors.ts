/**
 * Errors of the HTTP layer, classified for the user: the sync panel shows "server
 * unreachable" / "session expired" / "server problem (500)" rather than stack traces.
 */
export type SyncErrorKind = 'network' | 'auth' | 'server' | 'client';

export class HttpError extends Error {
  readonly kind: SyncErrorKind;
  readonly status: number;
  readonly reason: string;
  readonly retryAfterSeconds: number | null;
  constructor(kind: SyncErrorKind, status: number, reason: string, retryAfterSeconds: number | null = null) {
    super(`${kind}:${status}:${reason}`);
    this.name = 'HttpError';
    this.kind = kind;
    this.status = status;
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  // fetch rejects with a TypeError when offline / DNS / connection refused.
  return new HttpError('network', 0, error instanceof Error ? error.message : String(error));
}

export async function errorFromResponse(response: Response): Promise<HttpError> {
  let reason = `http_${response.status}`;
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'reason' in body && typeof body.reason === 'string') {
      reason = body.reason;
    }
  } catch {
    // Non-JSON error page (proxy, captive portal): keep the status code.
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  const kind = response.status === 401 ? 'auth' : response.status >= 500 ? 'server' : 'client';
  return new HttpError(
    kind,
    response.status,
    reason,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}
