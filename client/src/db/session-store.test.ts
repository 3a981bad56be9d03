/**
 * The session store on plain IndexedDB: a round trip, logout's clear, and a session stored
 * by the earlier Dexie-based store (the same database as a phone updated to this build
 * holds) read as it is, so an update never signs a technician out. And the session's user
 * hint in localStorage (read at module load to open the database early): written with the
 * session, never with its tokens, cleared with it (healed by a restore: sync/session.test.ts).
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { installMemoryStorage } from '../test/memory-storage.ts';
import {
  clearSession,
  loadSession,
  type StoredSession,
  saveSession,
  sessionUserHint,
} from './session-store.ts';

const session: StoredSession = {
  accessToken: 'a.b.c',
  refreshToken: 'refresh-1',
  user: { id: 'u1', username: 'tech1', role: 'technician', displayName: 'Budi', regions: ['JKT'] },
  loggedInAt: '2026-12-05T01:02:03.000Z',
};

describe('session store', () => {
  it('reads a session written by the earlier Dexie store, then saves and clears it', async () => {
    // Exactly what db/session-store.ts did with Dexie before: version(1), store `session` by `key`.
    const old = new Dexie('edc-session');
    old.version(1).stores({ session: 'key' });
    await old.table('session').put({ ...session, key: 'current' });
    old.close();

    expect(await loadSession()).toEqual(session);
    const next = { ...session, accessToken: 'd.e.f', refreshToken: 'refresh-2' };
    await saveSession(next);
    expect(await loadSession()).toEqual(next);
    await clearSession();
    expect(await loadSession()).toBeNull();

    // And the other way: what this store writes, Dexie (an older build after a rollback) reads.
    await saveSession(session);
    const reader = new Dexie('edc-session');
    reader.version(1).stores({ session: 'key' });
    expect(await reader.table('session').get('current')).toEqual({ ...session, key: 'current' });
    reader.close();
  });
});

describe('session user hint', () => {
  const storage = installMemoryStorage();
  beforeEach(async () => {
    await clearSession();
  });

  it('is written with the session (without its tokens) and removed with it', async () => {
    expect(sessionUserHint()).toBeNull();
    await saveSession(session);
    expect(sessionUserHint()).toEqual({ id: 'u1', username: 'tech1', role: 'technician' });
    expect(storage.dump()).not.toContain('refresh-1');
    expect(storage.dump()).not.toContain('a.b.c');
    await clearSession();
    expect(sessionUserHint()).toBeNull();
  });

  it('reads a malformed hint as none', () => {
    storage.setItem('edc.session-user', '{not json');
    expect(sessionUserHint()).toBeNull();
    storage.setItem('edc.session-user', JSON.stringify({ id: 7, username: 'x', role: 'technician' }));
    expect(sessionUserHint()).toBeNull();
  });
});
