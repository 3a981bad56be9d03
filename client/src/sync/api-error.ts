/**
 * The ONE error of the client's HTTP layer. The server answers `{status:"error", reason,
 * details?}` with a shared {@link ErrorCode} (shared/src/protocol/errors.ts); the client
 * adds three codes for failures the server never sees:
 * - `offline`: the request could not leave (the browser says it has no network);
 * - `network`: it left but no answer came (server down, DNS, connection refused);
 * - `bad_response`: an answer came that is not the API's (a proxy or captive-portal page,
 *   or JSON that fails the shared schema).
 * Screens turn a code into words with `apiErrorText` (components/api-error-text.ts).
 */
import { type ErrorCode, errorBodySchema, errorCodes } from '@edc/shared';

export const clientErrorCodes = ['offline', 'network', 'bad_response'] as const;
export type ClientErrorCode = (typeof clientErrorCodes)[number];
export type ApiErrorCode = ErrorCode | ClientErrorCode;

export class ApiError extends Error {
  /** HTTP status; 0 when no answer came (offline, network). */
  readonly status: number;
  readonly code: ApiErrorCode;
  /** The server's `details` (e.g. the status-machine detail of an illegal transition). */
  readonly details: unknown;
  /** From `Retry-After` (throttled login), when the server sent one. */
  readonly retryAfterSeconds: number | null;
  constructor(
    status: number,
    code: ApiErrorCode,
    details?: unknown,
    options: { retryAfterSeconds?: number | null; message?: string } = {},
  ) {
    super(options.message ?? `${status}:${code}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}

function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(errorCodes, value);
}

export function isApiErrorCode(value: string): value is ApiErrorCode {
  return isErrorCode(value) || clientErrorCodes.some((c) => c === value);
}

/** A code for an HTTP status whose body named no code we know (e.g. an older server). */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'too_many_requests';
    default:
      return status >= 500 ? 'internal' : 'invalid_body';
  }
}

/** fetch rejected (it never answers with a status): offline or unreachable. */
export function networkError(cause: unknown): ApiError {
  if (cause instanceof ApiError) return cause;
  // Node (tests, CLI) has no navigator before v21; only a browser that says so is offline.
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  return new ApiError(0, offline ? 'offline' : 'network', undefined, {
    message: cause instanceof Error ? cause.message : String(cause),
  });
}

/** The ApiError of a non-2xx answer: the server's code and details, or `bad_response`. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const seconds = Number(response.headers.get('retry-after'));
  const retryAfterSeconds = Number.isFinite(seconds) && seconds > 0 ? seconds : null;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // Not JSON: a proxy, gateway or captive-portal page, not our API.
    return new ApiError(response.status, 'bad_response', undefined, { retryAfterSeconds });
  }
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return new ApiError(response.status, 'bad_response', undefined, { retryAfterSeconds });
  const { reason, details } = parsed.data;
  return isErrorCode(reason)
    ? new ApiError(response.status, reason, details, { retryAfterSeconds })
    : // A code this client does not know yet: keep it readable in `details`.
      new ApiError(response.status, codeForStatus(response.status), details ?? { reason }, {
        retryAfterSeconds,
      });
}

/** Coarse class for the sync panel and retry decisions. */
export type ErrorKind = 'network' | 'auth' | 'server' | 'client';

export function errorKind(error: ApiError): ErrorKind {
  if (error.code === 'offline' || error.code === 'network') return 'network';
  if (error.status === 401) return 'auth';
  if (error.code === 'bad_response' || error.code === 'internal' || error.status >= 500) return 'server';
  return 'client';
}

/**
 * What to do with an outbox item the server did not take (issue 11):
 * - `later`: no answer, the server's trouble (5xx, 503 with `Retry-After`), an answer that
 *   is not the API's, a session to renew, "slow down" — the same request can succeed later;
 * - `final`: the server refused this item itself (400, 403, 404, 409, 413, 415, 422…):
 *   sending it again changes nothing, so it is shown on its case and never retried.
 */
export function retryDecision(error: ApiError): 'later' | 'final' {
  if (error.status === 0 || error.status >= 500 || error.code === 'bad_response') return 'later';
  if (error.status === 401 || error.status === 408 || error.status === 425 || error.status === 429)
    return 'later';
  return error.status >= 400 ? 'final' : 'later';
}

/** Any thrown value as an ApiError (a bug or storage failure becomes `internal`). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'internal', undefined, {
    message: error instanceof Error ? error.message : String(error),
  });
}
