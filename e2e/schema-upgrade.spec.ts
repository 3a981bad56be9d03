/**
 * A phone updated from an app version that stored devices at schema version 0 (with the
 * `mid` index): at the next start the stored rows are carried over into version 1 in the
 * real browser's IndexedDB (client/src/db/schema-upgrades.ts), offline, and the old
 * database is removed.
 */
import { pickFreeDevice } from './fixtures/api.ts';
import { loginAndSync } from './fixtures/journeys.ts';
import { expect, test } from './fixtures/test.ts';
import { DevicePage } from './page-models/device-page.ts';
import { TechHomePage } from './page-models/tech-home-page.ts';

test('devices stored by the previous schema version are carried over at start, offline', async ({
  page,
  context,
  serverURL,
}) => {
  const device = await pickFreeDevice(serverURL, 'tech1', 'schema-upgrade');
  await loginAndSync(page, 'tech1');

  // Recreate what the previous version left on the phone: its devices database (same rows,
  // store layout with the `mid` index). One row differs, so the carried-over copy is visible.
  const oldName = await page.evaluate(async (serial) => {
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const current = (await indexedDB.databases())
      .map((d) => d.name ?? '')
      .find((n) => /^rxdb-dexie-edc_u_.+--1--devices$/.test(n));
    if (!current) throw new Error('no version-1 devices database');
    const src = await req(indexedDB.open(current));
    const rows = await req(src.transaction('docs').objectStore('docs').getAll());
    src.close();
    const name = current.replace('--1--devices', '--0--devices');
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore('docs', { keyPath: 'id' });
      store.createIndex('[_deleted+mid+id]', ['_deleted', 'mid', 'id']);
    };
    const dst = await req(open);
    const tx = dst.transaction('docs', 'readwrite');
    for (const row of rows as Record<string, unknown>[]) {
      tx.objectStore('docs').put(row.id === serial ? { ...row, model: 'Model dari versi lama' } : row);
    }
    // A phone holds far more terminals than the e2e server: enough rows that carrying them
    // over takes long enough to be seen.
    const template = rows[0] as Record<string, unknown>;
    for (let i = 0; i < 40_000; i++) {
      const id = `ZZOLD${String(i).padStart(6, '0')}`;
      tx.objectStore('docs').put({
        ...template,
        id,
        serialNumber: id,
        tid: `Z${String(i).padStart(7, '0')}`,
      });
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    dst.close();
    return name;
  }, device.serialNumber);

  // The next start happens offline: the rows come from the phone, not from the server.
  await context.setOffline(true);
  await page.reload();
  // The loading screen says what is happening, with progress.
  await expect(page.getByText(/Memperbarui data di perangkat ini… \d+%/)).toBeVisible();
  const home = new TechHomePage(page);
  await home.expectLoaded();
  await home.lookup(device.serialNumber);
  const devicePage = new DevicePage(page);
  await devicePage.expectDevice(device.serialNumber);
  await expect(page.getByText('Model dari versi lama')).toBeVisible();
  // The old database is gone once carried over.
  await expect
    .poll(() => page.evaluate(async (n) => (await indexedDB.databases()).some((d) => d.name === n), oldName))
    .toBe(false);
});
