/**
 * Seed 000 Table 2 rows 19, 21 and 23: searching a terminal that is not On Operation, or
 * that does not exist, shows an error popup before any case can be started.
 *
 * The three searches run one after another on one signed-in phone (login and first sync
 * once, in `beforeAll`, by fixtures/signed-in.ts, whose phone table2.spec.ts uses too): each
 * test starts and ends on the home screen, and what they check is the lookup, not the
 * sign-in, which every journey covers.
 */
import { devicesWithStatus } from './fixtures/api.ts';
import { sharedSession, signedInPhone } from './fixtures/signed-in.ts';
import { expect, test } from './fixtures/test.ts';

const signedIn = sharedSession((browser, baseURL) => signedInPhone(browser, baseURL, 'tech1'));

test.describe('device lookup errors', () => {
  test('Table 2 rows 19/21: device not On Operation → "Perangkat tidak beroperasi" popup, no case form', async ({
    serverURL,
  }) => {
    const { page, home } = signedIn();
    const [device] = await devicesWithStatus(serverURL, 'tech1', 'under_repair');
    if (!device) throw new Error('demo data has no under_repair device in JKT');
    await home.lookup(device.serialNumber);
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading')).toHaveText(
      'Perangkat tidak beroperasi (status Dalam perbaikan)',
    );
    await expect(page.getByRole('button', { name: 'Buat kasus baru' })).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Tutup' }).click();
    await home.expectLoaded();
  });

  test('Table 2 rows 19/23: unknown serial (searched offline) → "Data tidak ditemukan" popup', async () => {
    const { context, page, home } = signedIn();
    await context.setOffline(true);
    await home.lookup('ZZ-NOT-A-SERIAL-42');
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading')).toHaveText('Data tidak ditemukan');
    await expect(dialog).toContainText('ZZ-NOT-A-SERIAL-42');
    await page.keyboard.press('Escape');
    await home.expectLoaded();
    await context.setOffline(false);
  });

  test('the popup also appears for a terminal found by its TID', async ({ serverURL }) => {
    const { page, home } = signedIn();
    const [device] = await devicesWithStatus(serverURL, 'tech1', 'in_warehouse');
    if (!device) throw new Error('demo data has no in_warehouse device in JKT');
    await home.lookup(device.tid);
    await expect(page.getByRole('dialog').getByRole('heading')).toHaveText(
      'Perangkat tidak beroperasi (status Di gudang)',
    );
  });
});
