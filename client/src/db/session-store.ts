/**
 * The persisted login session (user + tokens) so the app opens offline with the last
 * session. One tiny global Dexie database `edc-session`, separate from the per-user data:
 * logging out clears only this row — never a user's cases or outbox.
 * Owns: table `session` (one row, key `current`).
 */
import type { PublicUser } from '@edc/shared';
import Dexie, { type EntityTable } from 'dexie';

export type StoredSession = {
  accessToken: string;
  refreshToken: string;
  user: PublicUser;
  /** When the session was created online (ISO). */
  loggedInAt: string;
};

type SessionRow = StoredSession & { key: 'current' };

type SessionDb = Dexie & { session: EntityTable<SessionRow, 'key'> };

let sessionDb: SessionDb | null = null;

function db(): SessionDb {
  if (!sessionDb) {
    const created = new Dexie('edc-session') as SessionDb;
    created.version(1).stores({ session: 'key' });
    sessionDb = created;
  }
  return sessionDb;
}

export async function loadSession(): Promise<StoredSession | null> {
  const row = await db().session.get('current');
  if (!row) return null;
  const { key: _key, ...session } = row;
  return session;
}

export async function saveSession(session: StoredSession): Promise<void> {
  await db().session.put({ ...session, key: 'current' });
}

export async function clearSession(): Promise<void> {
  await db().session.delete('current');
}
