/**
 * Issue 11, sessions across tabs: two tabs of one browser share the stored session, so
 * when their access token is no longer accepted both want to refresh at the same moment.
 * Refresh tokens rotate and a rotated one presented again revokes the session, so the
 * tabs take turns through a Web Lock: one refreshes, the other finds the new pair in the
 * shared store and uses it. Forced here by corrupting the stored access token and
 * reloading both tabs together.
 */
import { expireStoredAccessToken } from './fixtures/journeys.ts';
import { expect, test } from './fixtures/test.ts';
import { MerchantPage } from './page-models/merchant-page.ts';

test('two tabs refreshing together: one refresh, both keep working, the session survives', async ({
  context,
  page,
}) => {
  const first = new MerchantPage(page);
  await first.login('merchant1');
  const other = await context.newPage();
  await other.goto('/merchant');
  const second = new MerchantPage(other);
  await second.waitForInitialSync();

  await expireStoredAccessToken(page);
  const refreshes: string[] = [];
  context.on('request', (r) => {
    if (r.url().endsWith('/api/auth/refresh')) refreshes.push(r.url());
  });
  // A slow refresh answer (a phone network) keeps the window in which both tabs want one open.
  await context.route('**/api/auth/refresh', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 800));
    await route.continue();
  });
  const refreshed = context.waitForEvent('response', (r) => r.url().endsWith('/api/auth/refresh'));
  await Promise.all([page.reload(), other.reload()]);
  expect((await refreshed).status()).toBe(200);

  // Both tabs finish their first pulls after the reload: each got past the refused token.
  for (const p of [first, second]) await p.waitForInitialSync();
  for (const tab of [page, other]) {
    await expect(tab.getByTestId('relogin')).toHaveCount(0);
    await expect(tab.getByTestId('sync-error')).toHaveCount(0);
  }
  expect(refreshes).toHaveLength(1);
  // The session is alive on the server: the stored token is accepted.
  const status = await other.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('edc-session');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const session = await new Promise<{ accessToken: string }>((resolve) => {
      const get = db.transaction('session').objectStore('session').get('current');
      get.onsuccess = () => resolve(get.result);
    });
    db.close();
    const res = await fetch('/api/auth/me', { headers: { authorization: `Bearer ${session.accessToken}` } });
    return res.status;
  });
  expect(status).toBe(200);
});
