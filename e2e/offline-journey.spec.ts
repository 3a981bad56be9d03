/**
 * Issue 3 offline journey: log in online, go offline, reload — the app starts from the
 * service worker with the stored session; look a terminal up, submit a case; back online
 * the case gets its official number without any user action.
 */
import { caseSchema } from '@edc/shared';
import sharp from 'sharp';
import { apiLogin, pickFreeDevice, pullAll } from './fixtures/api.ts';
import { expect, test } from './fixtures/test.ts';
import { CaseFormPage } from './page-models/case-form-page.ts';
import { DevicePage } from './page-models/device-page.ts';
import { LoginPage } from './page-models/login-page.ts';
import { removePhotoAndUndo } from './page-models/photo-undo.ts';
import { TechHomePage } from './page-models/tech-home-page.ts';

test('offline journey: submit offline, official case number after reconnect', async ({
  page,
  context,
  serverURL,
}) => {
  const device = await pickFreeDevice(serverURL, 'tech1', 'offline-journey');

  await new LoginPage(page).goto();
  await new LoginPage(page).login('tech1');
  const home = new TechHomePage(page);
  await home.expectLoaded();
  await home.waitForInitialSync();
  // The first visit installed the service worker, which claims the page (clientsClaim).
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  await context.setOffline(true);
  await page.reload();
  await home.expectLoaded();
  await expect(page.getByTestId('network-status')).toHaveAttribute('data-online', 'false');
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await home.lookup(device.serialNumber);
  const devicePage = new DevicePage(page);
  await devicePage.expectDevice(device.serialNumber);
  await expect(page.getByTestId('device-tid')).toHaveText(device.tid);
  await expect(devicePage.blockingBanner).toHaveCount(0);
  await devicePage.startNewCase();

  const form = new CaseFormPage(page);
  await form.fill({
    category: 'Ganti perangkat EDC',
    comment: 'Layar mati total (e2e offline)',
  });
  // A 12-megapixel noisy photo (~10 MB) that the phone must shrink to ≤ 1600 px / ≤ 300 KB.
  const width = 4000;
  const height = 3000;
  const noise = Buffer.alloc(width * height * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  const photo = await sharp(noise, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
  await form.addPhoto({ name: 'layar.jpg', mimeType: 'image/jpeg', buffer: photo });
  await expect(page.getByRole('group', { name: 'Foto bukti (1/4)' })).toBeVisible({ timeout: 60_000 });
  // A photo removed by mistake comes back with "Urungkan" (a retake on site may be impossible).
  await removePhotoAndUndo(page);
  await form.submit();
  const caseId = await form.caseId();
  await expect(page.getByTestId('case-number')).toHaveText('Menunggu nomor kasus');
  await expect(page.getByTestId('timeline-reported')).toContainText('(offline)');
  await expect(page.getByText('Foto: 0 terunggah, 1 menunggu')).toBeVisible();

  await context.setOffline(false);
  await expect(page.getByTestId('case-number')).toHaveText(/^CASE-\d{8}-\d{5}$/, { timeout: 60_000 });
  await expect(page.getByTestId('case-status')).toHaveAttribute('data-status', 'open');
  await expect(page.getByTestId('timeline-received')).toBeVisible();
  expect(caseId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);

  // The photo follows its case: uploaded after acceptance, resized on the device.
  await expect(page.getByText('Foto: 1 terunggah, 0 menunggu')).toBeVisible({ timeout: 60_000 });
  const token = await apiLogin(serverURL, 'tech1');
  const cases = await pullAll(serverURL, token, 'cases', caseSchema);
  const stored = cases.find((c) => c.id === caseId);
  expect(stored?.attachmentIds).toHaveLength(1);
  const res = await fetch(`${serverURL}/api/attachments/${stored?.attachmentIds[0]}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/jpeg');
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(bytes.length).toBeLessThanOrEqual(300 * 1024);
  const meta = await sharp(bytes).metadata();
  expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(1600);
});
