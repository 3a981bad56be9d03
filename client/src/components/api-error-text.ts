/**
 * The ONE mapping from an API error code to words (i18n keys `apiError.<code>`), used by
 * every screen and the sync panel. The record is typed by every code, so a code added to
 * shared/src/protocol/errors.ts does not compile until it has a message in both languages.
 * The server's `details` (the status-machine detail of a refused transition, the field of
 * a conflict, validation issues) fill the message's `{detail}`, translated where we know
 * them; the codes in PLAIN say it all and show none.
 */
import type { MessageKey, Translate } from '../i18n/index.tsx';
import { ApiError, type ApiErrorCode, codeForStatus, isApiErrorCode } from '../sync/api-error.ts';

/**
 * Partial on purpose: a code added to shared before it has its own words here is worded by
 * its HTTP status (below) rather than breaking the build of every branch in flight; it is
 * never shown raw. Give every new code its entry.
 */
const MESSAGES: Partial<Record<ApiErrorCode, MessageKey>> = {
  invalid_body: 'apiError.invalid_body',
  invalid_query: 'apiError.invalid_query',
  invalid_csv: 'apiError.invalid_csv',
  unauthorized: 'apiError.session',
  invalid_credentials: 'apiError.invalid_credentials',
  token_expired: 'apiError.session',
  refresh_token_reused: 'apiError.session',
  forbidden: 'apiError.forbidden',
  not_found: 'apiError.not_found',
  unknown_collection: 'apiError.not_found',
  illegal_transition: 'apiError.illegal_transition',
  conflict: 'apiError.conflict',
  replacement_not_available: 'apiError.replacement_not_available',
  invalid_assignee: 'apiError.invalid_assignee',
  invalid_team: 'apiError.invalid_team',
  payload_too_large: 'apiError.payload_too_large',
  unsupported_media_type: 'apiError.unsupported_media_type',
  too_many_requests: 'apiError.too_many_requests',
  weak_password: 'apiError.weak_password',
  wrong_password: 'apiError.wrong_password',
  url_not_allowed: 'apiError.url_not_allowed',
  push_endpoint_not_allowed: 'apiError.push_endpoint_not_allowed',
  internal: 'apiError.internal',
  service_unavailable: 'apiError.service_unavailable',
  offline: 'apiError.offline',
  network: 'apiError.network',
  bad_response: 'apiError.bad_response',
};

/** Codes whose message says it all: their details are never shown. */
const PLAIN: ReadonlySet<ApiErrorCode> = new Set<ApiErrorCode>([
  'offline',
  'network',
  'unauthorized',
  'invalid_credentials',
  'token_expired',
  'refresh_token_reused',
  'forbidden',
  'not_found',
  'unknown_collection',
  'too_many_requests',
  // zxcvbn's own warning is English only; the message says what to do in both languages.
  'weak_password',
  'wrong_password',
  'service_unavailable',
]);

/** Details the server sends as codes (status-machine details, reject reasons, fields). */
const DETAIL_KEYS: Record<string, MessageKey> = {
  status: 'desk.reason.status',
  assignee_required: 'desk.reason.assignee_required',
  rca_capa_required: 'desk.reason.rca_capa_required',
  max_escalation_level: 'desk.reason.max_escalation_level',
  satisfaction_out_of_range: 'desk.reason.satisfaction_out_of_range',
  tid_mid_open: 'reject.tid_mid_open',
  username: 'apiError.detail.username',
  private_address: 'apiError.detail.private_address',
  unresolvable: 'apiError.detail.unresolvable',
  bad_url: 'apiError.detail.bad_url',
};

/** What the status observable and an ApiError have in common. */
export type ApiErrorLike = {
  status: number;
  code: ApiErrorCode;
  details?: unknown;
  retryAfterSeconds?: number | null;
};

function asErrorLike(error: unknown): ApiErrorLike | null {
  if (error instanceof ApiError) return error;
  if (typeof error !== 'object' || error === null) return null;
  const code: unknown = Reflect.get(error, 'code');
  const status: unknown = Reflect.get(error, 'status');
  if (typeof status !== 'number') return null;
  return typeof code === 'string' && isApiErrorCode(code)
    ? { status, code, details: Reflect.get(error, 'details') }
    : null;
}

function word(t: Translate, value: string): string {
  const key = DETAIL_KEYS[value];
  return key ? t(key) : value;
}

function detailText(t: Translate, details: unknown): string {
  if (details === undefined || details === null) return '';
  if (typeof details === 'string') return word(t, details);
  if (Array.isArray(details)) {
    // Validation issues from the server: `path: message` each.
    return details
      .map((issue: unknown) => {
        if (typeof issue !== 'object' || issue === null) return String(issue);
        const path: unknown = Reflect.get(issue, 'path');
        const message: unknown = Reflect.get(issue, 'message');
        return typeof path === 'string' && path ? `${path}: ${String(message)}` : String(message);
      })
      .join('; ');
  }
  if (typeof details === 'object') {
    const parts: string[] = [];
    for (const field of ['detail', 'reason', 'field', 'message']) {
      const value: unknown = Reflect.get(details, field);
      if (typeof value === 'string') {
        parts.push(word(t, value));
        break;
      }
    }
    const blocking: unknown = Reflect.get(details, 'blockingCaseNumber');
    if (typeof blocking === 'string') parts.push(t('desk.intake.blocking', { number: blocking }));
    return parts.length > 0 ? parts.join(' — ') : JSON.stringify(details);
  }
  return String(details);
}

/** Any failure in words: an ApiError (or the sync status' copy of one) by its code. */
export function apiErrorText(t: Translate, error: unknown): string {
  const e = asErrorLike(error);
  if (!e)
    return t('apiError.unexpected', { message: error instanceof Error ? error.message : String(error) });
  const detail = PLAIN.has(e.code) ? '' : detailText(t, e.details);
  const key = MESSAGES[e.code] ?? MESSAGES[codeForStatus(e.status)] ?? 'apiError.internal';
  return t(key, {
    status: e.status,
    seconds: e.retryAfterSeconds ?? 60,
    detail: detail ? `: ${detail}` : '',
  });
}
