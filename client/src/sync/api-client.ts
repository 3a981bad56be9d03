/**
 * The ONE HTTP client of the app (replication, photo uploads, desk commands and reports,
 * merchant look-ups): bearer token, one retry after a refresh, JSON validated with the
 * shared zod schemas, Blob downloads. Every failure is an {@link ApiError}.
 *
 * Refresh tokens rotate (DESIGN section 4): spending one twice revokes the family. So the
 * client never refreshes by itself; on a 401 it awaits the session manager's single-flight
 * `refresh()`, which concurrent callers (six replications, the SSE stream, a desk screen)
 * share, and retries once with the new token.
 */
import type { z } from 'zod';
import { ApiError, errorFromResponse, networkError } from './api-error.ts';

/** Where the client gets its token (the session manager). */
export type TokenSource = {
  /** The current access token; null when nobody is signed in. */
  readonly accessToken: string | null;
  /**
   * Single-flight refresh; resolves with the new access token, throws an ApiError.
   * `refused`: the token the server refused (no new refresh when it was replaced since).
   */
  refresh(refused?: string): Promise<string>;
};

export type RequestOptions = {
  /** Default: GET without a body, POST with one. */
  method?: string;
  /** Sent as JSON (`content-type: application/json`). */
  json?: unknown;
  /** Sent as is (a File or Blob for uploads); give its type in `headers`. */
  body?: BodyInit;
  headers?: Record<string, string>;
  /** Cancels the request (TanStack Query passes one); the abort is rethrown untouched. */
  signal?: AbortSignal;
};

export class ApiClient {
  constructor(
    private readonly tokens: TokenSource,
    private readonly baseUrl = '',
  ) {}

  /** A 2xx Response; anything else throws an ApiError with the server's code and details. */
  async fetch(path: string, options: RequestOptions = {}): Promise<Response> {
    const first = this.tokens.accessToken;
    if (!first) throw new ApiError(401, 'unauthorized', undefined, { message: 'no session' });
    const headers = new Headers(options.headers);
    let body = options.body;
    if (options.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(options.json);
    }
    const method = options.method ?? (body === undefined ? 'GET' : 'POST');
    const send = async (token: string): Promise<Response> => {
      headers.set('authorization', `Bearer ${token}`);
      try {
        return await fetch(`${this.baseUrl}${path}`, { method, headers, body, signal: options.signal });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        throw networkError(error);
      }
    };
    let response = await send(first);
    if (response.status === 401) {
      // Expired access token: the shared refresh (its refusal is the error we throw).
      response = await send(await this.tokens.refresh(first));
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  /** JSON answer validated with a shared schema; a body that does not match is `bad_response`. */
  async json<S extends z.ZodType>(
    path: string,
    schema: S,
    options: RequestOptions = {},
  ): Promise<z.output<S>> {
    return readJson(await this.fetch(path, options), schema, options.signal);
  }

  /** A file answer (CSV export, import template) with the name the server suggests. */
  async blob(path: string, options: RequestOptions = {}): Promise<{ blob: Blob; filename: string | null }> {
    const response = await this.fetch(path, options);
    const disposition = response.headers.get('content-disposition') ?? '';
    try {
      return { blob: await response.blob(), filename: /filename="([^"]+)"/.exec(disposition)?.[1] ?? null };
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw networkError(error);
    }
  }
}

/**
 * The JSON body of a 2xx answer, validated with a shared schema (`bad_response` when it is
 * not JSON or does not match). For callers that need the Response's headers too.
 */
export async function readJson<S extends z.ZodType>(
  response: Response,
  schema: S,
  signal?: AbortSignal,
): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(response.status, 'bad_response', undefined, { message: 'answer is not JSON' });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(response.status, 'bad_response', undefined, { message: parsed.error.message });
  }
  return parsed.data;
}
