/** Bahasa Indonesia by default, English selectable and remembered; dates in Asia/Jakarta. */
import { loginAndSync } from './fixtures/journeys.ts';
import { expect, test } from './fixtures/test.ts';
import { AppBar } from './page-models/app-bar.ts';
import { LoginPage } from './page-models/login-page.ts';
import { serviceWorkerActivated } from './page-models/service-worker.ts';
import { TechHomePage } from './page-models/tech-home-page.ts';

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

test('offline right after the first install: English, the data layer and lazy screens come from the precache', async ({
  page,
  context,
}) => {
  // A first visit in Indonesian: the English chunk has never been requested by the page.
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();
  await serviceWorkerActivated(page);
  await context.setOffline(true);
  await page.getByRole('combobox', { name: 'Bahasa' }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // A start in English with the network off (the chunk is awaited before the first render).
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('id');
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();

  // Signed in (online), then offline: the data layer's chunk (RxDB, sync engine) and the
  // screens the menu leads to load from the precache; English is switched on in the menu.
  await context.setOffline(false);
  await new LoginPage(page).login('tech2');
  const home = new TechHomePage(page);
  await home.expectLoaded();
  await home.waitForInitialSync();
  await context.setOffline(true);
  await page.reload();
  await home.expectLoaded();
  await new AppBar(page).setLanguage('English');
  await expect(page.getByRole('heading', { name: 'Find an EDC terminal' })).toBeVisible();
  await expect(page.getByTestId('device-count')).toContainText('devices stored on this phone');
  await page.getByTestId('nav-cases').click();
  await expect(page.getByRole('heading', { name: 'My cases' })).toBeVisible();
  await page.getByTestId('nav-inbox').click();
  await expect(page.getByRole('heading', { name: 'Notifications' })).toBeVisible();
  await context.setOffline(false);
});
