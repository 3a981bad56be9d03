/**
 * Announcements (issue 13, seed 004): a supervisor's maintenance notice reaches the
 * merchant's home as a banner through the pull-only collection; dismissing it hides it
 * and the desk's read count goes up.
 */
import { announcementSchema, announcementStatsSchema } from '@edc/shared';
import { z } from 'zod';
import { apiLogin } from './fixtures/api.ts';
import { expect, test } from './fixtures/test.ts';
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
