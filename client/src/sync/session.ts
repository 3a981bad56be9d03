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
// The store module itself, not db/index.ts: the session is read before the data layer's
// chunk (RxDB) loads (shell/data-layer.ts).
import { clearSession, loadSession, type StoredSession, saveSession } from '../db/session-store.ts';
import { readJson, type TokenSource } from './api-client.ts';
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
    const body: LoginResponse = await readJson(response, loginResponseSchema);
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

  /**
   * Single-flight refresh; resolves with the new access token. `refused` is the token the
   * server just refused: when it has been replaced meanwhile (a request that left before
   * the last refresh answered late), the current one is returned without refreshing again.
   */
  refresh(refused?: string): Promise<string> {
    const current = this.accessToken;
    if (refused !== undefined && current && current !== refused && !expiresSoon(current)) {
      return Promise.resolve(current);
    }
    if (!this.refreshing) {
      this.refreshing = this.doRefresh(refused).finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  /**
   * Tabs of one browser share the stored session, so they would spend the same refresh
   * token together (and the second spend revokes the session). A Web Lock makes the
   * refresh single-flight across tabs; whoever gets it second finds the pair the first one
   * stored and uses it. Where Web Locks are missing (old browsers, Node tests) the stored
   * pair is still checked first, and the server's grace window covers a true tie.
   */
  private async doRefresh(refused: string | undefined): Promise<string> {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    if (!locks) return this.refreshOrAdopt(refused);
    // (lib.dom types the callback's promise as the result; awaiting unwraps both.)
    return await locks.request(REFRESH_LOCK, () => this.refreshOrAdopt(refused));
  }

  private async refreshOrAdopt(refused: string | undefined): Promise<string> {
    const mine = this.session;
    if (!mine) throw new ApiError(401, 'unauthorized', undefined, { message: 'no session' });
    const stored = await loadSession();
    // The shared store holds the newest pair of this user (any tab writes it there).
    const newest = stored && stored.user.id === mine.user.id ? stored : mine;
    const replaced =
      newest.refreshToken !== mine.refreshToken || (refused !== undefined && newest.accessToken !== refused);
    if (replaced && !expiresSoon(newest.accessToken)) {
      // Another tab refreshed while we waited for the lock: use its pair instead of
      // spending our (already rotated) refresh token.
      this.state$.next({ session: newest, authLost: false });
      return newest.accessToken;
    }
    return this.refreshWith(newest);
  }

  private async refreshWith(session: StoredSession): Promise<string> {
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
    const parsed = await readJson(response, loginResponseSchema.partial({ user: true }));
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

/** The Web Lock held while a tab refreshes (navigator.locks, shared by the origin's tabs). */
const REFRESH_LOCK = 'edc-auth-refresh';

/**
 * True when a JWT's `exp` is within 30 s (or unreadable). Read without verifying: it only
 * decides whether to use the token or refresh; the server verifies every use.
 */
export function expiresSoon(token: string, nowMs = Date.now()): boolean {
  const payload = token.split('.')[1];
  if (!payload) return true;
  try {
    const json: unknown = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    const exp: unknown = typeof json === 'object' && json !== null ? Reflect.get(json, 'exp') : undefined;
    return typeof exp !== 'number' || exp * 1000 <= nowMs + 30_000;
  } catch {
    return true;
  }
}
