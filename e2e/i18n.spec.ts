/** Bahasa Indonesia by default, English selectable and remembered; dates in Asia/Jakarta. */
import { loginAndSync } from './fixtures/journeys.ts';
import { expect, test } from './fixtures/test.ts';

test('language: Indonesian default, English selectable and persisted across reloads', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Bahasa' }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('id');
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();
});

test('times are shown in Asia/Jakarta whatever the phone time zone', async ({ browser, serverURL }) => {
  // A phone set to UTC: the last-sync time must still read in WIB.
  const context = await browser.newContext({ baseURL: serverURL, timezoneId: 'UTC' });
  try {
    const page = await context.newPage();
    await loginAndSync(page, 'tech1');
    await expect(page.getByTestId('sync-last')).toContainText('WIB');
  } finally {
    await context.close();
  }
});
