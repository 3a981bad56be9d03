/**
 * The session store on plain IndexedDB: a round trip, logout's clear, and a session stored
 * by the earlier Dexie-based store (the same database as a phone updated to this build
 * holds) read as it is, so an update never signs a technician out.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { clearSession, loadSession, type StoredSession, saveSession } from './session-store.ts';

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
