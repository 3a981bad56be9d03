/**
 * Background Sync (issue 13): a case submitted offline is pushed by the service worker
 * when connectivity is back with every page of the app closed. Chromium's DevTools
 * protocol dispatches the `sync` event (`ServiceWorker.dispatchSyncEvent`) from a page of
 * another origin; the case reaches the server, and the app opened again takes the
 * worker's answer (official number) without sending the case a second time. The worker
 * finds a refused access token and refreshes it itself (the app reopened stays signed in
 * with the pair the worker stored).
 *
 * Periodic Background Sync (`periodicsync` `edc-refresh`, dispatched the same way with
 * `ServiceWorker.dispatchPeriodicSyncEvent`): with the app closed and its token expired,
 * the worker pulls cases and notifications; the app opened with no network shows the job
 * the desk assigned meanwhile, and its notification.
 */
import type { BrowserContext, CDPSession, Page, Worker } from '@playwright/test';
import { apiLogin, pickFreeDevice } from './fixtures/api.ts';
import { intake, transition } from './fixtures/case-api.ts';
import { readStore } from './fixtures/indexed-db.ts';
import { expireStoredAccessToken, loginAndSync } from './fixtures/journeys.ts';
import { expect, test } from './fixtures/test.ts';
import { CaseFormPage } from './page-models/case-form-page.ts';
import { DevicePage } from './page-models/device-page.ts';
import { JobPage } from './page-models/job-page.ts';
import { LoginPage } from './page-models/login-page.ts';
import { serviceWorkerRegistration } from './page-models/push-worker.ts';
import { TechHomePage } from './page-models/tech-home-page.ts';

/**
 * A DevTools session on a page of another origin (it outlasts the app's pages) that can
 * dispatch events to the app's service worker.
 */
async function workerControl(
  context: BrowserContext,
  origin: string,
): Promise<{ cdp: CDPSession; registrationId: string }> {
  const cdp = await context.newCDPSession(await context.newPage());
  return { cdp, registrationId: await serviceWorkerRegistration(cdp, origin) };
}

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

  const origin = new URL(page.url()).origin;
  const { cdp, registrationId } = await workerControl(context, origin);

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
    .poll(async () =>
      (await readStore<{ row: { newDocumentState: { id: string } } }>(page, 'edc-sw-outbox', 'rows')).some(
        (r) => r.row.newDocumentState.id === caseId,
      ),
    )
    .toBe(true);
  // While a page is open the worker leaves the outbox to it: nothing on the server yet.
  expect(await onServer(caseId)).toBe(404);

  // The access token the worker finds is refused (expired while the app was closed): it
  // must refresh it itself and store the new pair where the app reads it on the next open.
  await expireStoredAccessToken(page);

  await page.close();
  await context.setOffline(false);
  await cdp.send('ServiceWorker.dispatchSyncEvent', {
    origin,
    registrationId,
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

type StagedDoc = { collection: string; id: string; caseId?: string };

/** The rows of one store of the app's `edc-sw-refresh` database, in a page or the worker. */
function refreshStore<T>(target: Page | Worker, store: 'cursors' | 'pages'): Promise<T[]> {
  return readStore<T>(target, 'edc-sw-refresh', store);
}

async function staged(target: Page | Worker): Promise<StagedDoc[]> {
  const pages = await refreshStore<{ collection: string; documents: { id: string; caseId?: string }[] }>(
    target,
    'pages',
  );
  return pages.flatMap((p) =>
    p.documents.map((d) => ({ collection: p.collection, id: d.id, caseId: d.caseId })),
  );
}

/** What the worker staged, read in the worker itself (no page of the app is open). */
async function stagedByWorker(context: BrowserContext): Promise<StagedDoc[]> {
  for (const worker of context.serviceWorkers()) {
    try {
      return await staged(worker);
    } catch {
      // A worker that stopped meanwhile: asked again by the poll.
    }
  }
  return [];
}

test('periodic sync with the app closed refreshes cases and notifications: opened offline, the new job and its notification are there', async ({
  page,
  context,
  serverURL,
}) => {
  const device = await pickFreeDevice(serverURL, 'tech1', 'periodic-refresh');
  await loginAndSync(page, 'tech1');
  // The app mirrored the pull checkpoints it handed RxDB: where the worker will start.
  await expect
    .poll(async () =>
      (await refreshStore<{ collection: string }>(page, 'cursors')).map((c) => c.collection).sort(),
    )
    .toEqual(['cases', 'notifications']);

  const origin = new URL(page.url()).origin;
  const { cdp, registrationId } = await workerControl(context, origin);
  // Every page of the app closes; the token expires meanwhile (the worker must refresh it).
  await expireStoredAccessToken(page);
  await page.close();

  // The desk takes a call and dispatches the job to tech1 while the app is closed.
  const agent = await apiLogin(serverURL, 'agent1');
  const job = await intake(serverURL, agent, {
    channel: 'phone',
    mid: device.mid,
    serialNumber: device.serialNumber,
    description: 'EDC tidak bisa settlement (e2e periodic sync)',
  });
  await transition(serverURL, agent, job.id, { action: 'assign', assignee: 'tech1' });

  await cdp.send('ServiceWorker.dispatchPeriodicSyncEvent', {
    origin,
    registrationId,
    tag: 'edc-refresh',
  });
  // The worker pulled the job and its notification (refreshing the token) and staged them.
  await expect
    .poll(async () => {
      const docs = await stagedByWorker(context);
      return {
        job: docs.some((d) => d.collection === 'cases' && d.id === job.id),
        notification: docs.some((d) => d.collection === 'notifications' && d.caseId === job.id),
      };
    })
    .toEqual({ job: true, notification: true });

  // No network at all when the technician opens the app.
  await context.setOffline(true);
  const phone = await context.newPage();
  await phone.goto('/tech');
  await new TechHomePage(phone).expectLoaded();
  await expect(new JobPage(phone).job(job.id)).toBeVisible();
  await phone.getByTestId('nav-inbox').click();
  await expect(phone.getByTestId('inbox')).toContainText(`Tugas baru: ${job.caseNumber}`);
  // Each staged page answered RxDB once: nothing is left to answer again.
  await expect.poll(() => staged(phone)).toEqual([]);
});
