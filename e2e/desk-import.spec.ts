/**
 * Issue 4, CSV import with good and bad rows through the admin UI: the good rows are
 * stored, each bad row is reported with its file line (header = line 1) and reason, and
 * nothing of a bad row reaches the data.
 */
import { devicesOf } from './fixtures/case-api.ts';
import { expect, test } from './fixtures/test.ts';
import { DeskPage } from './page-models/desk-page.ts';

test.use({ viewport: { width: 1440, height: 900 } });

/** An 8-character TID ending in the seed's last characters (so `…A` and `…B` differ). */
function tid(seed: string): string {
  return `E${seed
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(-7)
    .padStart(7, '0')}`;
}

test('CSV import: good rows in, each bad row reported with its line', async ({ page, serverURL }) => {
  const mid = (await devicesOf(serverURL, 'admin1'))[0]?.mid;
  if (!mid) throw new Error('no demo device');
  const stamp = Date.now().toString(36);
  const good = [`E2E-IMP-${stamp}-A`, `E2E-IMP-${stamp}-B`];
  const bad = [`E2E-IMP-${stamp}-X`, `E2E-IMP-${stamp}-Y`];
  const csv = [
    'serialNumber,model,tid,mid,status,samSerial,simSerial,region',
    `${good[0]},Verifone X990,${tid(`${stamp}A`)},${mid},in_warehouse,,,JKT`, // line 2
    `${bad[0]},Verifone X990,${tid(`${stamp}X`)},not-a-mid,in_warehouse,,,JKT`, // line 3: bad MID
    `${good[1]},PAX A920,${tid(`${stamp}B`)},${mid},on_operation,,,JKT`, // line 4
    `${bad[1]},PAX A920,${tid(`${stamp}Y`)},${mid},broken,,,JKT`, // line 5: unknown status
  ].join('\n');

  const desk = new DeskPage(page);
  await desk.login('admin1');
  await desk.importCsv('devices', 'devices-e2e.csv', csv);

  await expect(page.getByTestId('import-summary')).toContainText('Ditambah 2');
  const errorRows = page.getByTestId('import-error-row');
  await expect(errorRows).toHaveCount(2);
  expect(await errorRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-line')))).toEqual([
    '3',
    '5',
  ]);
  for (const row of await errorRows.all()) await expect(row.locator('td').nth(1)).not.toBeEmpty();

  const serials = new Set((await devicesOf(serverURL, 'admin1')).map((d) => d.serialNumber));
  for (const s of good) expect(serials.has(s)).toBe(true);
  for (const s of bad) expect(serials.has(s)).toBe(false);
});
