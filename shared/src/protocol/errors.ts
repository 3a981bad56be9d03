/**
 * One error vocabulary for the whole product (DESIGN section 4): the server answers
 * `{status: "error", reason, details?}` with the HTTP status mapped here, and the client
 * turns the same codes into messages. Add codes; never rename one.
 */
import { z } from 'zod';

export const errorCodes = {
  invalid_body: 400,
  invalid_query: 400,
  invalid_csv: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  token_expired: 401,
  refresh_token_reused: 401,
  forbidden: 403,
  /** DESIGN section 9: `assign` to someone who is not an active technician/agent/supervisor. */
  invalid_assignee: 422,
  /** Issue 15: re-route to a unit that is not a team (no catalogue rule names it). */
  invalid_team: 422,
  not_found: 404,
  unknown_collection: 404,
  illegal_transition: 409,
  conflict: 409,
  /** DESIGN section 9: a replacement serial that is unknown or not `in_warehouse`. */
  replacement_not_available: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** A password the checker finds guessable (common, or made of the user's own names). */
  weak_password: 422,
  /** Change of one's own password: the current password given is not the account's. */
  wrong_password: 422,
  /** A webhook URL whose host resolves to an address the server may not call (SSRF). */
  url_not_allowed: 422,
  /** DESIGN section 9: a push subscription endpoint that is not an allowed push service. */
  push_endpoint_not_allowed: 422,
  too_many_requests: 429,
  internal: 500,
  /** The database cannot be reached: try again after `Retry-After` seconds. */
  service_unavailable: 503,
} as const;
export type ErrorCode = keyof typeof errorCodes;

export const errorBodySchema = z.object({
  status: z.literal('error'),
  reason: z.string(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Typed error carrying a code; the server's single `onError` maps it to HTTP. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? code);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  get httpStatus(): number {
    return errorCodes[this.code];
  }
}
