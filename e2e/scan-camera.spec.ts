/**
 * Issue 3 camera journey: Chromium's fake camera plays a generated Code 128 sticker of a real
 * demo terminal's serial; the technician taps "scan" and the app opens that device's screen.
 * Plus the scanner's error states (no camera, permission refused) with the manual-entry hint.
 *
 * The fake-camera flags are per browser launch and the video file depends on a serial read from
 * the API at test time, so this spec launches its own Chromium (same binary and base flags as
 * playwright.config.ts) instead of using the shared browser fixture.
 */
import { rm } from 'node:fs/promises';
import { type Browser, chromium } from '@playwright/test';
import { devicesWithStatus } from './fixtures/api.ts';
import { launchWithFakeCamera } from './fixtures/fake-camera.ts';
import { expect, test } from './fixtures/test.ts';
import { DevicePage } from './page-models/device-page.ts';
import { LoginPage } from './page-models/login-page.ts';
import { TechHomePage } from './page-models/tech-home-page.ts';
import { chromiumArgs } from './playwright.config.ts';

let videoDir = '';
let browser: Browser | null = null;

test.afterEach(async () => {
  await browser?.close();
  browser = null;
  if (videoDir) await rm(videoDir, { recursive: true, force: true });
  videoDir = '';
});

test('camera journey: the fake camera shows a serial sticker, the app opens that device', async ({
  serverURL,
}) => {
  // Any terminal tech1 can see; the lookup is by serial and needs no free TID/MID.
  const devices = await devicesWithStatus(serverURL, 'tech1', 'on_operation');
  const device = devices[Math.floor(devices.length / 2)];
  if (!device) throw new Error('no on_operation device visible to tech1 in the demo data');

  const camera = await launchWithFakeCamera(device, 'edc-fake-camera-');
  browser = camera.browser;
  videoDir = camera.dir;
  const context = await browser.newContext({
    baseURL: serverURL,
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    permissions: ['camera'],
    serviceWorkers: 'allow',
  });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const page = await context.newPage();

  await new LoginPage(page).goto();
  await new LoginPage(page).login('tech1');
  const home = new TechHomePage(page);
  await home.expectLoaded();
  // The device screen reads local data: the terminal must have been pulled first.
  await home.waitForInitialSync();

  await page.getByTestId('scan-button').click();
  const scanner = page.getByTestId('scanner');
  await expect(scanner).toBeVisible();
  // The guide box is drawn once the camera runs; the read needs two agreeing frames.
  await expect(page.getByTestId('scanner-guide')).toBeVisible();

  const devicePage = new DevicePage(page);
  await devicePage.expectDevice(device.serialNumber);
  await expect(page).toHaveURL(new RegExp(`/tech/device/${encodeURIComponent(device.serialNumber)}$`));
  // The scanner unmounted with the navigation, and with it the camera.
  await expect(scanner).toHaveCount(0);
  expect(await page.evaluate(() => document.querySelectorAll('video').length)).toBe(0);

  // The decoder's .wasm is self-hosted (precached by the service worker), never a CDN.
  const origin = new URL(serverURL).origin;
  expect(requests.filter((url) => url.endsWith('.wasm'))).not.toHaveLength(0);
  expect(requests.filter((url) => url.startsWith('http') && new URL(url).origin !== origin)).toEqual([]);
});

test('on a device without a camera the scanner explains it and points to manual entry', async ({ page }) => {
  // The shared browser has no (fake) capture device: getUserMedia fails with NotFoundError.
  await new LoginPage(page).goto();
  await new LoginPage(page).login('tech1');
  const home = new TechHomePage(page);
  await home.expectLoaded();

  await page.getByTestId('scan-button').click();
  const error = page.getByTestId('scanner-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('data-code', 'no-camera');
  await expect(error).toContainText('Tidak ada kamera');
  await expect(error).toContainText('mengetik nomor seri');
  await expect(page.getByTestId('scanner-retry')).toBeVisible();

  await page.getByTestId('scanner-cancel').click();
  await expect(page.getByTestId('scanner')).toHaveCount(0);
  // Manual lookup is right there.
  await expect(page.getByRole('textbox', { name: 'Nomor seri, SAM, SIM atau TID' })).toBeVisible();
});

test('when camera permission is refused the scanner says so and offers manual entry', async ({
  serverURL,
}) => {
  // A camera exists (fake device) but the permission prompt is not granted.
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...chromiumArgs, '--use-fake-device-for-media-stream'],
  });
  const context = await browser.newContext({
    baseURL: serverURL,
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
  });
  const page = await context.newPage();
  await new LoginPage(page).goto();
  await new LoginPage(page).login('tech1');
  await new TechHomePage(page).expectLoaded();

  await page.getByTestId('scan-button').click();
  const error = page.getByTestId('scanner-error');
  await expect(error).toHaveAttribute('data-code', 'permission-denied');
  await expect(error).toContainText('Izin kamera ditolak');
  await expect(error).toContainText('mengetik nomor seri');
});
