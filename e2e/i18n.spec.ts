/** Bahasa Indonesia by default, English selectable and remembered; dates in Asia/Jakarta. */
import { loginAndSync } from './fixtures/journeys.ts';
import { expect, test } from './fixtures/test.ts';

test('language: Indonesian default, English selectable and persisted across reloads', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Bahasa' }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  // English is a lazy chunk: a page load in English must not show Indonesian first (every
  // text the app root shows from the first render on is recorded).
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __rootTexts: string[] }).__rootTexts = seen;
    new MutationObserver(() => {
      const text = document.getElementById('root')?.textContent;
      if (text) seen.push(text);
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  const texts = await page.evaluate(() => (window as unknown as { __rootTexts: string[] }).__rootTexts);
  expect(texts.length).toBeGreaterThan(0);
  expect(texts.filter((t) => /Memuat|Masuk|Nama pengguna/.test(t))).toEqual([]);
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
