/**
 * A phone updated from an app version that stored devices at schema version 0 (with the
 * `mid` index), cases at version 1 (without the `[assignee+status]` index) or notifications
 * at version 0 (without the `[readAt+type]` index): at the next
 * start the stored rows are carried over into the current version in the real browser's
 * IndexedDB (client/src/db/schema-upgrades.ts), offline, and the old database is removed.
 */
import type { Page } from '@playwright/test';
import { apiLogin, pickFreeDevice } from './fixtures/api.ts';
import { intake, transition } from './fixtures/case-api.ts';
import {
  createDocsDatabase,
  databaseExists,
  databaseNamed,
  deleteDatabase,
  readStore,
  type StoredRow,
} from './fixtures/indexed-db.ts';
import { loginAndSync } from './fixtures/journeys.ts';
import { expect, test } from './fixtures/test.ts';
import { DevicePage } from './page-models/device-page.ts';
import { TechHomePage } from './page-models/tech-home-page.ts';

/** tech1's database of `collection` at schema `version` (RxDB's Dexie storage, one per collection). */
function collectionDatabase(page: Page, collection: string, version: number): Promise<string> {
  return databaseNamed(page, new RegExp(`^rxdb-dexie-edc_u_.+--${version}--${collection}$`));
}

/**
 * The rows of tech1's `collection` database at schema `version` as stored (RxDB's Dexie
 * layout). Call from a same-origin page that does not run the app (`/api/health`), so no
 * connection holds the databases open.
 */
async function readStoredRows(page: Page, collection: string, version: number): Promise<StoredRow[]> {
  return readStore(page, await collectionDatabase(page, collection, version), 'docs');
}

/**
 * What an older app version left on the phone, and nothing newer: `collection`'s database
 * at schema `from` (these rows, a store with these indexes) replaces the one at `current`.
 * Returns the old database's name.
 */
async function storeAsOldVersion(
  page: Page,
  collection: string,
  current: number,
  from: number,
  old: { rows: StoredRow[]; indexes: string[][] },
): Promise<string> {
  const currentName = await collectionDatabase(page, collection, current);
  const name = currentName.replace(`--${current}--${collection}`, `--${from}--${collection}`);
  await createDocsDatabase(page, name, old);
  await deleteDatabase(page, currentName);
  return name;
}

/**
 * Records the text of every visible loading status (`role=status`) the page shows from its
 * next load on, as the DOM changes: a progress step cannot slip between two polls of a
 * locator, however quickly the copy runs. Returns a reader of the texts, in order.
 */
async function recordStatusTexts(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { edcStatusTexts: string[] }).edcStatusTexts = seen;
    new MutationObserver(() => {
      for (const el of Array.from(document.querySelectorAll('[role="status"]'))) {
        const text = el.textContent?.trim() ?? '';
        if (text && el.checkVisibility() && seen.at(-1) !== text) seen.push(text);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { edcStatusTexts?: string[] }).edcStatusTexts ?? []);
}

test('devices stored by the previous schema version are carried over at start, offline', async ({
  page,
  context,
  serverURL,
}) => {
  test.setTimeout(300_000);
  const device = await pickFreeDevice(serverURL, 'tech1', 'schema-upgrade');
  await loginAndSync(page, 'tech1');

  // Recreate what the previous version left on the phone: its devices database (same rows,
  // store layout with the `mid` index). One row differs, so the carried-over copy is visible.
  const current = await collectionDatabase(page, 'devices', 1);
  const rows = await readStore(page, current, 'docs');
  const template = rows[0];
  if (!template) throw new Error('no devices stored');
  // A phone holds far more terminals than the e2e server: enough rows for several pages
  // of the copy (2,000 rows each), so its progress moves. (40,000 rows took 26 s of this
  // journey's 34 s in CI; the progress is recorded as shown, not polled, so it needs no
  // long copy to be seen.)
  const more = Array.from({ length: 6_000 }, (_, i) => {
    const id = `ZZOLD${String(i).padStart(6, '0')}`;
    return { ...template, id, serialNumber: id, tid: `Z${String(i).padStart(7, '0')}` };
  });
  const oldName = current.replace('--1--devices', '--0--devices');
  await createDocsDatabase(page, oldName, {
    rows: [
      ...rows.map((row) =>
        row.id === device.serialNumber ? { ...row, model: 'Model dari versi lama' } : row,
      ),
      ...more,
    ],
    indexes: [['_deleted', 'mid', 'id']],
  });

  // The next start happens offline: the rows come from the phone, not from the server.
  const statusTexts = await recordStatusTexts(page);
  await context.setOffline(true);
  await page.reload();
  // The loading screen says what is happening, with progress that never goes back.
  const upgrading = /^Memperbarui data di perangkat ini… (\d+)%$/;
  await expect.poll(statusTexts).toContainEqual(expect.stringMatching(upgrading));
  const progress = page.getByText(/Memperbarui data di perangkat ini… \d+%/);
  // On the shared 2-core machine under load the copy may take a while: it must still finish.
  await expect(progress).toBeHidden({ timeout: 90_000 });
  const percents = (await statusTexts()).flatMap((text) => {
    const m = upgrading.exec(text);
    return m ? [Number(m[1])] : [];
  });
  expect(percents).toEqual([...percents].sort((a, b) => a - b));
  const home = new TechHomePage(page);
  await home.expectLoaded();
  await home.lookup(device.serialNumber);
  const devicePage = new DevicePage(page);
  await devicePage.expectDevice(device.serialNumber);
  await expect(page.getByText('Model dari versi lama')).toBeVisible();
  // The old database is gone once carried over.
  await expect.poll(() => databaseExists(page, oldName)).toBe(false);
});

test('cases stored by schema version 1 are carried over offline: Tugas and the outbox come from them', async ({
  page,
  context,
  serverURL,
}) => {
  // A job of tech1's: the desk takes a complaint for a free terminal and assigns it.
  const device = await pickFreeDevice(serverURL, 'tech1', 'schema-upgrade-cases');
  const agent = await apiLogin(serverURL, 'agent1');
  const job = await intake(serverURL, agent, {
    channel: 'phone',
    mid: device.mid,
    serialNumber: device.serialNumber,
    description: 'EDC mati total (schema upgrade)',
    category: 'replace_device',
  });
  await transition(serverURL, agent, job.id, { action: 'assign', assignee: 'tech1' });
  await loginAndSync(page, 'tech1');
  await expect(page.locator(`[data-testid="job"][data-case-id="${job.id}"]`)).toBeVisible();

  // What version 1 left on the phone, and nothing newer: its cases database (the current
  // rows as version 1 stored them, `assignee` absent when nobody is assigned, with one row
  // changed and one unsent case added so the carried-over copies are visible), and no
  // version-2 database. Done from a same-origin page that does not run the app, so no
  // connection holds the databases open.
  await page.goto('/api/health');
  const rows = await readStoredRows(page, 'cases', 2);
  const stored = rows.map((row) => {
    const { assignee, ...rest } = row;
    return assignee === '' ? rest : row;
  });
  const template = stored.find((row) => row.id === job.id);
  if (!template) throw new Error('job not stored');
  // An unsent case of the old version (no case number, nobody assigned).
  const { caseNumber, acceptedAt, dueAt, responseDueAt, assignee, ...draft } = template;
  const unsent = { ...draft, id: crypto.randomUUID(), status: 'submitted', serverRev: 0 };
  const oldName = await storeAsOldVersion(page, 'cases', 2, 1, {
    rows: [
      ...stored.map((row) => (row.id === job.id ? { ...row, caseNumber: 'CASE-VERSI-LAMA' } : row)),
      unsent,
    ],
    indexes: [
      ['_deleted', 'mid', 'id'],
      ['_deleted', 'createdBy', 'reportedAt', 'id'],
      ['_deleted', 'status', 'id'],
    ],
  });

  // The next start happens offline: the job and the outbox come from the old rows.
  await context.setOffline(true);
  await page.goto('/tech');
  const home = new TechHomePage(page);
  await home.expectLoaded();
  const card = page.locator(`[data-testid="job"][data-case-id="${job.id}"]`);
  await expect(card).toContainText('CASE-VERSI-LAMA');
  await expect(home.pending).toHaveAttribute('data-count', '1');
  await expect.poll(() => databaseExists(page, oldName)).toBe(false);
});

test('notifications stored by schema version 0 are carried over offline: the badge and the inbox come from them', async ({
  page,
  context,
  serverURL,
}) => {
  // A notification of tech1's: the desk assigns a job, which tells the technician.
  const device = await pickFreeDevice(serverURL, 'tech1', 'schema-upgrade-notifications');
  const agent = await apiLogin(serverURL, 'agent1');
  const job = await intake(serverURL, agent, {
    channel: 'phone',
    mid: device.mid,
    serialNumber: device.serialNumber,
    description: 'EDC hang (schema upgrade)',
    category: 'replace_device',
  });
  await transition(serverURL, agent, job.id, { action: 'assign', assignee: 'tech1' });
  await loginAndSync(page, 'tech1');
  await expect(page.getByTestId('unread-badge')).toBeVisible();

  // What version 0 left on the phone, and nothing newer: its notifications database (only
  // the `createdAt` index; `readAt` absent while unread), with the job's notification retitled
  // so the carried-over copy is visible, and no version-1 database. Done from a same-origin
  // page that does not run the app, so no connection holds the databases open.
  await page.goto('/api/health');
  const rows = await readStoredRows(page, 'notifications', 1);
  const mine = rows.find((row) => row.caseId === job.id && row.type === 'case_assigned');
  if (!mine) throw new Error('assignment notification not stored');
  // RxDB's Dexie storage keeps `_deleted` as '0' / '1' (IndexedDB indexes no booleans).
  const unread = rows.filter((row) => row.readAt === '' && row._deleted === '0').length;
  const oldName = await storeAsOldVersion(page, 'notifications', 1, 0, {
    rows: rows.map((row) => {
      const { readAt, ...rest } = row;
      const old = readAt === '' ? rest : row;
      return row === mine ? { ...old, title: 'Tugas dari versi lama' } : old;
    }),
    indexes: [['_deleted', 'createdAt', 'id']],
  });

  // The next start happens offline: the badge and the inbox come from the old rows.
  await context.setOffline(true);
  await page.goto('/tech');
  await new TechHomePage(page).expectLoaded();
  await expect(page.getByTestId('unread-badge')).toContainText(unread > 99 ? '99+' : String(unread));
  await page.getByTestId('unread-badge').click();
  await expect(page.getByTestId('inbox')).toContainText('Tugas dari versi lama');
  await expect.poll(() => databaseExists(page, oldName)).toBe(false);
});
