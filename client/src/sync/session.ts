/**
 * Session manager: the current user and tokens, persisted (db/session-store) so the app
 * opens offline with the last session, and the ONE place that refreshes tokens.
 *
 * Refresh tokens rotate (DESIGN section 4): using one twice revokes the family. So refresh
 * is single-flight — concurrent 401s from six replications and the SSE stream all await
 * the same refresh call instead of each spending the token.
 */
import { type LoginResponse, loginResponseSchema, type PublicUser } from '@edc/shared';
import { BehaviorSubject } from 'rxjs';
import { clearSession, loadSession, type StoredSession, saveSession } from '../db/index.ts';
import { errorFromResponse, HttpError, toHttpError } from './errors.ts';

export type SessionState = {
  session: StoredSession | null;
  /** True when the server refused our refresh token: data stays, the user must log in again. */
  authLost: boolean;
};

export class SessionManager {
  readonly state$ = new BehaviorSubject<SessionState>({ session: null, authLost: false });
  private refreshing: Promise<string> | null = null;

  constructor(private readonly baseUrl = '') {}

  get session(): StoredSession | null {
    return this.state$.value.session;
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
      throw toHttpError(error);
    }
    if (!response.ok) throw await errorFromResponse(response);
    const body: LoginResponse = loginResponseSchema.parse(await response.json());
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
    if (!session) throw new HttpError('auth', 401, 'no_session');
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/api/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
    } catch (error) {
      throw toHttpError(error);
    }
    if (!response.ok) {
      const error = await errorFromResponse(response);
      if (error.kind === 'auth') this.state$.next({ session, authLost: true });
      throw error;
    }
    const body: unknown = await response.json();
    const parsed = loginResponseSchema.partial({ user: true }).parse(body);
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

  /**
   * fetch with the bearer token; on 401 refreshes once (single-flight) and retries.
   * Throws HttpError for non-2xx answers and network failures.
   */
  async authFetch(path: string, init: RequestInit = {}): Promise<Response> {
    const session = this.session;
    if (!session) throw new HttpError('auth', 401, 'no_session');
    const attempt = async (token: string): Promise<Response> => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      try {
        return await fetch(`${this.baseUrl}${path}`, { ...init, headers });
      } catch (error) {
        throw toHttpError(error);
      }
    };
    let response = await attempt(session.accessToken);
    if (response.status === 401) {
      const token = await this.refresh();
      response = await attempt(token);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  currentUser(): PublicUser | null {
    return this.session?.user ?? null;
  }
}
