/**
 * Announcements (issue 13, seed 004): a supervisor's maintenance notice reaches the
 * merchant's home as a banner through the pull-only collection; dismissing it hides it
 * and the desk's read count goes up.
 */
import { announcementSchema, announcementStatsSchema } from '@edc/shared';
import { z } from 'zod';
import { apiLogin } from './fixtures/api.ts';
import { expect, test } from './fixtures/test.ts';
import { DeskPage } from './page-models/desk-page.ts';
import { LoginPage } from './page-models/login-page.ts';

test('a published announcement shows on the merchant home until dismissed, and counts as read', async ({
  page,
  request,
  baseURL,
}) => {
  const supervisor = await apiLogin(baseURL ?? '', 'supervisor1');
  const title = `Pemeliharaan settlement ${Date.now()}`;
  const created = await request.post('/api/admin/announcements', {
    headers: { authorization: `Bearer ${supervisor}` },
    data: {
      title,
      body: 'Settlement tidak tersedia pukul 22.00–23.00 WIB malam ini.',
      severity: 'maintenance',
      audience: 'merchants',
    },
  });
  expect(created.status()).toBe(201);
  const announcement = announcementSchema.parse(await created.json());

  await page.setViewportSize({ width: 360, height: 740 });
  const login = new LoginPage(page);
  await login.goto();
  await login.login('merchant1');
  const banner = page.locator(`[data-testid="announcement"][data-announcement-id="${announcement.id}"]`);
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Pemeliharaan');
  await expect(banner).toContainText(title);
  await page.screenshot({ path: test.info().outputPath('announcement-360.png') });

  await banner.getByRole('button', { name: 'Tutup pengumuman' }).click();
  await expect(banner).toHaveCount(0);
  await expect
    .poll(async () => {
      const res = await request.get('/api/admin/announcements', {
        headers: { authorization: `Bearer ${supervisor}` },
      });
      const stats = z.array(announcementStatsSchema).parse(await res.json());
      return stats.find((s) => s.id === announcement.id)?.reads;
    })
    .toBe(1);
  // Dismissed on this device: a reload does not bring it back.
  await page.reload();
  await expect(page.getByTestId('merchant-home')).toBeVisible();
  await expect(banner).toHaveCount(0);
});

test('the desk publishes an announcement for technicians from its screen, and withdraws it after confirming', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  // The technician's phone, signed in first: the banner must arrive by replication.
  const phoneContext = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 } });
  const phone = await phoneContext.newPage();
  try {
    const phoneLogin = new LoginPage(phone);
    await phoneLogin.goto();
    await phoneLogin.login('tech1');
    await expect(phone.getByTestId('scan-button')).toBeVisible();

    await page.setViewportSize({ width: 1366, height: 800 });
    const desk = new DeskPage(page);
    await desk.login('supervisor1');
    await desk.gotoNav('Pengumuman');
    const form = page.getByTestId('announcement-form');
    await expect(form).toBeVisible();

    // Nothing typed: the app's own words under the fields, nothing sent.
    await form.getByRole('button', { name: 'Terbitkan' }).click();
    await expect(form.getByText('Wajib diisi.').first()).toBeVisible();
    await expect(page.getByTestId('admin-notice')).toHaveCount(0);

    const title = `Gangguan server stok ${Date.now()}`;
    await form.getByLabel('Judul').fill(title);
    await form.getByLabel('Pesan').fill('Permintaan suku cadang tertunda sampai pukul 15.00 WIB.');
    await form.getByLabel('Tingkat').selectOption({ label: 'Gangguan' });
    await form.getByLabel('Penerima').selectOption({ label: 'Teknisi' });
    await form.getByRole('button', { name: 'Terbitkan' }).click();
    await expect(page.getByTestId('admin-notice')).toHaveText('Tersimpan');

    const row = page.getByTestId('announcement-row').filter({ hasText: title });
    await expect(row).toBeVisible();
    await expect(row.getByTestId('announcement-severity')).toHaveText('Gangguan');
    await expect(row).toContainText('Teknisi');
    await expect(row).toContainText('supervisor1');
    await expect(row).not.toContainText('technicians');

    const banner = phone.getByTestId('announcement').filter({ hasText: title });
    await expect(banner).toBeVisible({ timeout: 60_000 });

    // Withdrawing asks first; cancelling keeps it.
    await row.getByRole('button', { name: 'Tarik' }).click();
    const dialog = page.getByTestId('announcement-withdraw-confirm');
    await expect(dialog).toContainText(title);
    await dialog.getByRole('button', { name: 'Batal' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: 'Tarik' }).click();
    await dialog.getByRole('button', { name: 'Tarik' }).click();
    await expect(row).toHaveCount(0);
    // Kept as history, folded under the list, marked withdrawn and with nothing to act on.
    const history = page.getByTestId('announcements-history');
    await history.locator('summary').click();
    const past = history.getByTestId('announcement-history-row').filter({ hasText: title });
    await expect(past.getByTestId('announcement-state')).toHaveText('Ditarik');
    // It ended when it was withdrawn (it had no end of its own: not '—').
    await expect(past.getByTestId('announcement-ended')).toHaveText(/\d{4}, \d{2}\.\d{2} WIB$/);
    await expect(past.getByRole('button')).toHaveCount(0);
    await expect(banner).toHaveCount(0, { timeout: 60_000 });
  } finally {
    await phoneContext.close();
  }
});
