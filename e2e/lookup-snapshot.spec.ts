/**
 * Issue 16 (offline start on a cheap phone): right after a start the technician home and the
 * device screen answer from the lookup snapshot in localStorage (client/src/db/lookup-snapshot.ts)
 * while RxDB opens. To show that the lookup works BEFORE the database is open (and not merely
 * fast), RxDB's opening is held back: another tab keeps RxDB's own IndexedDB database
 * (`_rxdb_internal`) open and asks to delete it, and every later open of that database
 * (RxDB's, at start) queues behind the blocked delete until the tab lets go. The snapshot
 * leaves the phone at logout.
 */
import type { Page } from '@playwright/test';
import { devicesWithStatus } from './fixtures/api.ts';
import { databaseNamed } from './fixtures/indexed-db.ts';
import { loginAndSync } from './fixtures/journeys.ts';
import { expect, test } from './fixtures/test.ts';
import { AppBar } from './page-models/app-bar.ts';
import { DevicePage } from './page-models/device-page.ts';

const SNAPSHOT_KEY = 'edc.lookup-snapshot';

/** Holds RxDB's own internal database (read when RxDB opens, never by the snapshot) from `blocker`. */
async function holdRxdbInternal(blocker: Page): Promise<void> {
  const name = await databaseNamed(blocker, /^rxdb-dexie-.*--_rxdb_internal$/);
  await blocker.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    // Ignores the delete's versionchange: the delete stays blocked, later opens wait behind it.
    db.onversionchange = null;
    (window as unknown as { __held?: IDBDatabase }).__held = db;
    const deleting = indexedDB.deleteDatabase(name);
    await new Promise<void>((resolve) => {
      deleting.onblocked = () => resolve();
    });
  }, name);
}

const dbOpened = (page: Page) => page.evaluate(() => performance.getEntriesByName('edc:db-open').length > 0);
const snapshotHead = (page: Page) =>
  page.evaluate((key) => localStorage.getItem(key)?.split('\n', 1)[0] ?? null, SNAPSHOT_KEY);

test('a serial typed right after an offline start opens its device screen before the database is open', async ({
  page,
  context,
  serverURL,
}) => {
  const device = (await devicesWithStatus(serverURL, 'tech1', 'on_operation')).find((d) =>
    /[A-Z]/.test(d.samSerial ?? ''),
  );
  const sam = device?.samSerial;
  if (!device || !sam) throw new Error('demo data has no on_operation device with a SAM serial for tech1');
  const home = await loginAndSync(page, 'tech1');
  // Written once the first sync's writes have settled.
  await expect.poll(() => snapshotHead(page), { timeout: 30_000 }).toBe('edc-lookup 1');
  // The tab that holds RxDB back (an API page: the service worker leaves it to the network).
  const blocker = await context.newPage();
  await blocker.goto(`${serverURL}/api/health`);
  await context.setOffline(true);
  await holdRxdbInternal(blocker);

  // Offline start: the home and its device count come from the snapshot, RxDB still waits.
  await page.goto('/tech');
  await home.expectLoaded();
  await expect(page.getByTestId('device-count')).toHaveText(/\d/);
  expect(await dbOpened(page)).toBe(false);

  // Typed by SAM serial, lower case as typed by hand.
  await home.lookup(sam.toLowerCase());
  const devicePage = new DevicePage(page);
  await devicePage.expectDevice(device.serialNumber);
  await expect(page.getByTestId('device-tid')).toHaveText(device.tid);
  await expect(page.getByTestId('device-mid')).toHaveText(device.mid);
  const merchant = await page.getByTestId('merchant-name').textContent();
  expect(merchant).not.toBe('');
  const action = page.getByTestId('new-case').or(page.getByTestId('add-note-to-case'));
  await expect(action).toBeVisible();
  const actionText = await action.textContent();
  expect(await dbOpened(page)).toBe(false);

  // A serial the snapshot does not hold: no "not found" from it; the screen waits for
  // RxDB's answer (still searching while RxDB is held back).
  await page.goto('/tech');
  await home.expectLoaded();
  await home.lookup('ZZ-NOT-A-SERIAL-16');
  await expect(page.getByText('Mencari di data lokal…')).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await dbOpened(page)).toBe(false);

  // RxDB let go: its answer is the popup.
  await blocker.evaluate(() => (window as unknown as { __held?: IDBDatabase }).__held?.close());
  await expect.poll(() => dbOpened(page), { timeout: 30_000 }).toBe(true);
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading')).toHaveText('Data tidak ditemukan');
  await expect(dialog).toContainText('ZZ-NOT-A-SERIAL-16');

  // With RxDB open, the same device gives the same screen.
  await page.keyboard.press('Escape');
  await home.lookup(sam.toLowerCase());
  await devicePage.expectDevice(device.serialNumber);
  await expect(page.getByTestId('device-tid')).toHaveText(device.tid);
  await expect(page.getByTestId('merchant-name')).toHaveText(merchant ?? '');
  await expect(action).toHaveText(actionText ?? '');
  await blocker.close();
  await context.setOffline(false);

  // Logout takes the snapshot with the rest of the technician's data.
  await page.goto('/tech');
  await home.expectLoaded();
  await new AppBar(page).logout();
  expect(await snapshotHead(page)).toBeNull();
});
