/**
 * Background Sync (issue 13): a case submitted offline is pushed by the service worker
 * when connectivity is back with every page of the app closed. Chromium's DevTools
 * protocol dispatches the `sync` event (`ServiceWorker.dispatchSyncEvent`) from a page of
 * another origin; the case reaches the server, and the app opened again takes the
 * worker's answer (official number) without sending the case a second time. The worker
 * finds a refused access token and refreshes it itself (the app reopened stays signed in
 * with the pair the worker stored).
 */
import { apiLogin, pickFreeDevice } from './fixtures/api.ts';
import { expect, test } from './fixtures/test.ts';
import { CaseFormPage } from './page-models/case-form-page.ts';
import { DevicePage } from './page-models/device-page.ts';
import { LoginPage } from './page-models/login-page.ts';
import { TechHomePage } from './page-models/tech-home-page.ts';

test('the worker pushes the outbox with the app closed; the case reaches the server once', async ({
  page,
  context,
  serverURL,
}) => {
  const device = await pickFreeDevice(serverURL, 'tech1', 'background-sync');
  const token = await apiLogin(serverURL, 'tech1');
  const onServer = async (id: string) =>
    (await fetch(`${serverURL}/api/cases/${id}`, { headers: { authorization: `Bearer ${token}` } })).status;

  await new LoginPage(page).goto();
  await new LoginPage(page).login('tech1');
  const home = new TechHomePage(page);
  await home.expectLoaded();
  await home.waitForInitialSync();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  // The DevTools session lives on a page of another origin: it outlasts the app's pages.
  const origin = new URL(page.url()).origin;
  const helper = await context.newPage();
  const cdp = await context.newCDPSession(helper);
  const registrationId = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const mine = registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
      if (mine) resolve(mine.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');

  await context.setOffline(true);
  await home.lookup(device.serialNumber);
  const devicePage = new DevicePage(page);
  await devicePage.expectDevice(device.serialNumber);
  await devicePage.startNewCase();
  const form = new CaseFormPage(page);
  await form.fill({ category: 'Ganti perangkat EDC', comment: 'Layar mati (e2e background sync)' });
  await form.submit();
  const caseId = await form.caseId();
  await expect(page.getByTestId('case-number')).toHaveText('Menunggu nomor kasus');
  // The failed push left the row for the worker (the page mirrors what it tries to send).
  await expect
    .poll(() =>
      page.evaluate(
        (id) =>
          new Promise<boolean>((resolve) => {
            const req = indexedDB.open('edc-sw-outbox');
            req.onsuccess = () => {
              const get = req.result.transaction('rows').objectStore('rows').getAll();
              get.onsuccess = () =>
                resolve(
                  (get.result as { row: { newDocumentState: { id: string } } }[]).some(
                    (r) => r.row.newDocumentState.id === id,
                  ),
                );
            };
          }),
        caseId,
      ),
    )
    .toBe(true);
  // While a page is open the worker leaves the outbox to it: nothing on the server yet.
  expect(await onServer(caseId)).toBe(404);

  // The access token the worker finds is refused (expired while the app was closed): it
  // must refresh it itself and store the new pair where the app reads it on the next open.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('edc-session');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const store = req.result.transaction('session', 'readwrite').objectStore('session');
          const get = store.get('current');
          get.onsuccess = () => {
            store.put({ ...(get.result as object), accessToken: 'expired.access.token' });
            store.transaction.oncomplete = () => resolve();
          };
        };
      }),
  );

  await page.close();
  await context.setOffline(false);
  await cdp.send('ServiceWorker.dispatchSyncEvent', {
    origin,
    registrationId: await registrationId,
    tag: 'edc-outbox',
    lastChance: false,
  });
  await expect.poll(() => onServer(caseId), { timeout: 30_000 }).toBe(200);
  // Reached only through a refresh: the stored access token was refused.

  // The app opened again shows the official number from the worker's answer and does not
  // send the case again.
  const again = await context.newPage();
  const resent: string[] = [];
  again.on('request', (r) => {
    if (r.url().includes('/cases/push') && (r.postData() ?? '').includes(caseId)) resent.push(r.url());
  });
  await again.goto(`/tech/cases/${caseId}`);
  await expect(again.getByTestId('case-number')).toHaveText(/^CASE-\d{8}-\d{5}$/, { timeout: 30_000 });
  await expect(again.getByTestId('case-status')).toHaveAttribute('data-status', 'open');
  expect(resent).toEqual([]);
});
