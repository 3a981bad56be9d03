// The session guard's cache must never outlive a revocation, even when a check's read was
// in flight while the session was revoked and evicted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../test/fixtures.ts';
import { createSessionGuard } from './auth.ts';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ now: '2026-11-25T03:00:00.000Z' });
});
afterAll(async () => {
  await t.close();
});

describe('session guard cache', () => {
  it('a read in flight during an eviction does not cache what it read', async () => {
    const tech = await t.loginFull('tech1');
    const { rows } = await t.db.pool.query<{ id: string }>(
      'SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL',
      [tech.user.id],
    );
    const sessionId = rows[0]!.id;
    const guard = createSessionGuard({ db: t.db });
    const now = new Date('2026-11-25T03:00:00.000Z');

    // The revocation is written but not yet committed, so the guard's read (which does not
    // wait for row locks) sees the session live; the eviction comes while that read is in
    // flight, and the revocation commits after the read.
    const revoker = await t.db.pool.connect();
    try {
      await revoker.query('BEGIN');
      await revoker.query(`UPDATE sessions SET revoked_at = now(), revoked_reason = 'logout' WHERE id = $1`, [
        sessionId,
      ]);
      const inFlight = guard.check(sessionId, now);
      guard.evict(sessionId);
      await inFlight;
      await revoker.query('COMMIT');
    } finally {
      revoker.release();
    }

    // The next check must see the revocation, not a cached "live".
    await expect(guard.check(sessionId, now)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('a revoked session stays refused from the cache', async () => {
    const tech = await t.loginFull('tech2');
    const { rows } = await t.db.pool.query<{ id: string }>(
      'SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL',
      [tech.user.id],
    );
    const sessionId = rows[0]!.id;
    const guard = createSessionGuard({ db: t.db });
    const now = new Date('2026-11-25T03:00:00.000Z');
    await guard.check(sessionId, now);
    await t.db.pool.query(`UPDATE sessions SET revoked_at = now(), revoked_reason = 'logout' WHERE id = $1`, [
      sessionId,
    ]);
    guard.evict(sessionId);
    await expect(guard.check(sessionId, now)).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
