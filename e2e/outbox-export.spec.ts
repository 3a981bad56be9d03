/**
 * A phone that must be handed in before it syncs: the technician exports the pending cases
 * to a file; imported on another phone (same user), the case is sent and gets its number.
 */
import { readFile } from 'node:fs/promises';
import { pickFreeDevice } from './fixtures/api.ts';
import { loginAndSync, submitReplaceDevice } from './fixtures/journeys.ts';
import { expect, test } from './fixtures/test.ts';
import { MyCasesPage } from './page-models/my-cases-page.ts';
import { TechHomePage } from './page-models/tech-home-page.ts';

test('export pending cases to a file and import them on another phone', async ({ browser, serverURL }) => {
  const device = await pickFreeDevice(serverURL, 'tech1', 'outbox-export');
  const phoneA = await browser.newContext({ baseURL: serverURL, acceptDownloads: true });
  const phoneB = await browser.newContext({ baseURL: serverURL });
  try {
    const a = await phoneA.newPage();
    await loginAndSync(a, 'tech1');
    await phoneA.setOffline(true);
    // Phone A never comes back: its API calls are also refused at the browser level (once,
    // under full-suite load, a push sent right after setOffline still reached the server
    // while the page saw it fail), and the case is submitted only once the page knows.
    await phoneA.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await expect(a.getByTestId('network-status')).toHaveAttribute('data-online', 'false');
    const caseId = await submitReplaceDevice(a, device.serialNumber, 'Diekspor sebelum sinkron');
    await new TechHomePage(a).goto();
    await expect(a.getByTestId('sync-pending')).toHaveAttribute('data-count', '1');
    const [download] = await Promise.all([
      a.waitForEvent('download'),
      a.getByRole('button', { name: 'Ekspor kasus tertunda' }).click(),
    ]);
    const path = await download.path();
    const file = JSON.parse(await readFile(path, 'utf8')) as { format: string; cases: { id: string }[] };
    expect(file.format).toBe('edc-outbox');
    expect(file.cases.map((c) => c.id)).toEqual([caseId]);

    // Phone A never comes back online; phone B imports the file.
    const b = await phoneB.newPage();
    await loginAndSync(b, 'tech1');
    await b.locator('input[type="file"][accept*="json"]').setInputFiles(path);
    await expect(b.getByText('1 kasus diimpor ke antrean kirim')).toBeVisible();
    const list = new MyCasesPage(b);
    await list.goto();
    await expect(list.number(caseId)).toHaveText(/^CASE-\d{8}-\d{5}$/, { timeout: 60_000 });

    // Importing the same file again is a no-op.
    await new TechHomePage(b).goto();
    await b.locator('input[type="file"][accept*="json"]').setInputFiles(path);
    await expect(b.getByText('0 kasus diimpor ke antrean kirim')).toBeVisible();
  } finally {
    await phoneA.close();
    await phoneB.close();
  }
});
