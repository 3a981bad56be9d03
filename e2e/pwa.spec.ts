/** PWA: the service worker controls the page, the manifest is valid and installable. */
import { expect, test } from './fixtures/test.ts';
import { LoginPage } from './page-models/login-page.ts';
import { TechHomePage } from './page-models/tech-home-page.ts';

type Manifest = {
  name?: string;
  short_name?: string;
  start_url?: string;
  display?: string;
  theme_color?: string;
  background_color?: string;
  icons?: { src: string; sizes: string; type: string; purpose?: string }[];
};

test('service worker controls the page and precaches the shell', async ({ page }) => {
  await page.goto('/login');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    const urls: string[] = [];
    for (const key of keys)
      for (const req of await (await caches.open(key)).keys()) urls.push(new URL(req.url).pathname);
    return urls;
  });
  expect(cached).toContain('/index.html');
  expect(cached.some((u) => u.endsWith('.js'))).toBe(true);
  // The scanner's decoder must work offline too.
  expect(cached.some((u) => u.endsWith('.wasm'))).toBe(true);
});

test('manifest is valid and meets installability criteria', async ({ page, request }) => {
  await page.goto('/login');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const res = await request.get(href ?? '');
  expect(res.ok()).toBe(true);
  const manifest = (await res.json()) as Manifest;
  expect(manifest.name).toBeTruthy();
  expect(manifest.short_name).toBeTruthy();
  expect(manifest.start_url).toBe('/');
  expect(manifest.display).toBe('standalone');
  expect(manifest.theme_color).toMatch(/^#/);
  expect(manifest.background_color).toMatch(/^#/);
  const icons = manifest.icons ?? [];
  for (const size of ['192x192', '512x512']) {
    expect(
      icons.some((i) => i.sizes === size && i.type === 'image/png' && (i.purpose ?? 'any').includes('any')),
    ).toBe(true);
  }
  expect(icons.some((i) => i.purpose?.includes('maskable'))).toBe(true);
  for (const icon of icons) {
    const size = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return `${img.naturalWidth}x${img.naturalHeight}`;
    }, icon.src);
    expect(size).toBe(icon.sizes);
  }
});

test('navigation to a deep link works offline from the service worker', async ({ page, context }) => {
  await page.goto('/login');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  await page.goto('/tech/cases');
  // No session in this context: the shell loads offline and routes to the login page.
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();
  await context.setOffline(false);
});

test('offline before the app is stored: the menu says so in a toast and the screen stays', async ({
  browser,
  serverURL,
}) => {
  // A first sign-in that loses signal before the service worker stored the app: the menu's
  // lazy chunk (fetched on the first tap) cannot come. No service worker here, and the
  // chunk's requests fail as they do offline.
  const context = await browser.newContext({ baseURL: serverURL, serviceWorkers: 'block' });
  try {
    await context.route('**/assets/app-menu-*.js', (route) => route.abort('internetdisconnected'));
    const page = await context.newPage();
    const login = new LoginPage(page);
    await login.goto();
    await login.login('tech2');
    const home = new TechHomePage(page);
    await home.expectLoaded();
    await home.waitForInitialSync();
    await context.setOffline(true);
    await page.getByTestId('app-menu-button').click();
    await expect(page.getByTestId('toast')).toContainText('Menu belum tersimpan di perangkat ini');
    await expect(page.getByTestId('error-boundary')).toHaveCount(0);
    await expect(page.getByTestId('scan-button')).toBeVisible();
  } finally {
    await context.close();
  }
});
