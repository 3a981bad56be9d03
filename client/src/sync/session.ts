/**
 * Session manager: the current user and tokens, persisted (db/session-store) so the app
 * opens offline with the last session, and the ONE place that refreshes tokens. It is the
 * {@link TokenSource} of the API client (api-client.ts).
 *
 * Refresh tokens rotate (DESIGN section 4): using one twice revokes the family. So refresh
 * is single-flight — concurrent 401s from six replications and the SSE stream all await
 * the same refresh call instead of each spending the token.
 */
import { type LoginResponse, loginResponseSchema, type PublicUser } from '@edc/shared';
import { BehaviorSubject } from 'rxjs';
import type { z } from 'zod';
import { clearSession, loadSession, type StoredSession, saveSession } from '../db/index.ts';
import type { TokenSource } from './api-client.ts';
import { ApiError, errorFromResponse, networkError } from './api-error.ts';

export type SessionState = {
  session: StoredSession | null;
  /** True when the server refused our refresh token: data stays, the user must log in again. */
  authLost: boolean;
};

export class SessionManager implements TokenSource {
  readonly state$ = new BehaviorSubject<SessionState>({ session: null, authLost: false });
  private refreshing: Promise<string> | null = null;

  constructor(private readonly baseUrl = '') {}

  get session(): StoredSession | null {
    return this.state$.value.session;
  }

  get accessToken(): string | null {
    return this.session?.accessToken ?? null;
  }

  async restore(): Promise<StoredSession | null> {
    const session = await loadSession();
    this.state$.next({ session, authLost: false });
    return session;
  }

  async login(username: string, password: string): Promise<StoredSession> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password, deviceLabel: navigator.userAgent.slice(0, 200) }),
      });
    } catch (error) {
      throw networkError(error);
    }
    if (!response.ok) throw await errorFromResponse(response);
    const body: LoginResponse = await parseAnswer(response, loginResponseSchema);
    const session: StoredSession = { ...body, loggedInAt: new Date().toISOString() };
    await saveSession(session);
    this.state$.next({ session, authLost: false });
    return session;
  }

  async logout(): Promise<void> {
    const session = this.session;
    this.state$.next({ session: null, authLost: false });
    await clearSession();
    if (session) {
      // Best effort: offline logout still ends the local session; the token just expires.
      fetch(`${this.baseUrl}/api/auth/logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessToken}` },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      }).catch(() => undefined);
    }
  }

  /** Single-flight refresh; resolves with the new access token. */
  refresh(): Promise<string> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<string> {
    const session = this.session;
    if (!session) throw new ApiError(401, 'unauthorized', undefined, { message: 'no session' });
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/api/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
    } catch (error) {
      throw networkError(error);
    }
    if (!response.ok) {
      const error = await errorFromResponse(response);
      // Refused (expired, revoked, reused): the data stays, the user must log in again.
      if (error.status === 401) this.state$.next({ session, authLost: true });
      throw error;
    }
    const parsed = await parseAnswer(response, loginResponseSchema.partial({ user: true }));
    const next: StoredSession = {
      ...session,
      accessToken: parsed.accessToken,
      refreshToken: parsed.refreshToken,
      user: parsed.user ?? session.user,
    };
    await saveSession(next);
    this.state$.next({ session: next, authLost: false });
    return next.accessToken;
  }

  currentUser(): PublicUser | null {
    return this.session?.user ?? null;
  }
}

/** A 2xx answer of the auth endpoints, validated; anything else is `bad_response`. */
async function parseAnswer<S extends z.ZodType>(response: Response, schema: S): Promise<z.output<S>> {
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new ApiError(response.status, 'bad_response');
  return parsed.data;
}
