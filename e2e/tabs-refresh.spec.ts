/**
 * Issue 11, sessions across tabs: two tabs of one browser share the stored session, so
 * when their access token is no longer accepted both want to refresh at the same moment.
 * Refresh tokens rotate and a rotated one presented again revokes the session, so the
 * tabs take turns through a Web Lock: one refreshes, the other finds the new pair in the
 * shared store and uses it. Forced here by corrupting the stored access token and
 * reloading both tabs together.
 */
import { readStore } from './fixtures/indexed-db.ts';
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
  const [session] = await readStore<{ accessToken: string }>(other, 'edc-session', 'session');
  const status = await other.evaluate(
    async (token) => (await fetch('/api/auth/me', { headers: { authorization: `Bearer ${token}` } })).status,
    session?.accessToken ?? '(no stored session)',
  );
  expect(status).toBe(200);
});
