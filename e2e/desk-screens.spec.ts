/**
 * Issue 4, the other back-office screens on a desktop viewport: intake with the
 * classifier's suggestion (confident → pre-selected, low confidence → only shown until
 * confirmed) and a rejection naming the blocking case; commands refused in words while
 * offline; keyboard help; dashboard, CSV export (a real download), sync health, problems.
 */
import { readFile } from 'node:fs/promises';
import { loginResponseSchema, SYNC_BASE_PATH, SYNC_HEALTH_HEADERS } from '@edc/shared';
import { apiLogin, pickFreeDevice } from './fixtures/api.ts';
import { apiJson, intake } from './fixtures/case-api.ts';
import { expect, test } from './fixtures/test.ts';
import { AppBar } from './page-models/app-bar.ts';
import { DeskPage } from './page-models/desk-page.ts';

test.use({ viewport: { width: 1440, height: 900 } });

test('intake: classifier suggestion (confident pre-selects, low confidence must be confirmed); a TID/MID with an open case is rejected with its number', async ({
  page,
  serverURL,
}) => {
  const agent = await apiLogin(serverURL, 'agent1');
  const device = await pickFreeDevice(serverURL, 'tech1', 'desk-intake');
  const blocking = await intake(serverURL, agent, {
    channel: 'email',
    mid: device.mid,
    serialNumber: device.serialNumber,
    category: 'replace_device',
    description: 'EDC mati total (e2e, kasus penghalang)',
  });
  expect(blocking.status).toBe('open');

  const desk = new DeskPage(page);
  await desk.login('agent1');
  await desk.gotoNav('Terima keluhan');
  const category = page.getByTestId('intake-category');
  const suggestion = page.getByTestId('intake-suggestion');

  await page.getByTestId('intake-description').fill('kertas struk habis, minta dikirim roll baru');
  await expect(suggestion).toHaveAttribute('data-low', 'false');
  await expect(category).toHaveValue('paper_supply');

  // Gibberish: a low-confidence suggestion is shown, never applied by itself.
  await page.getByTestId('intake-description').fill('asdf qwer zxcv');
  await expect(suggestion).toHaveAttribute('data-low', 'true');
  await expect(category).toHaveValue('');
  await page.getByTestId('intake-apply').click();
  await expect(category).not.toHaveValue('');

  // The real complaint, for a terminal whose TID/MID already has an open case.
  await page.getByTestId('intake-description').fill('EDC mati total tidak bisa menyala sejak pagi');
  await category.selectOption('replace_device');
  await page.getByTestId('intake-mid').fill(device.mid);
  await page.locator('input[name="serialNumber"]').fill(device.serialNumber);
  await page.locator('select[name="channel"]').selectOption('whatsapp');
  // Issue 15: who called, and the guard names the open case of that terminal before submitting.
  await page.getByTestId('intake-caller-name').fill('Sari Wulandari');
  await page.getByTestId('intake-caller-phone').fill('0812 3456 7890');
  await expect(
    page.getByTestId('intake-duplicate').filter({ hasText: blocking.caseNumber ?? 'missing' }),
  ).toBeVisible();
  await page.getByTestId('intake-submit').click();
  await expect(page.getByTestId('intake-result')).toHaveAttribute('data-status', 'rejected');
  await expect(page.getByTestId('intake-blocking')).toContainText(blocking.caseNumber ?? 'missing');
});

test('desk: commands offline are refused in words; shortcuts help; dashboard, CSV export, sync health, problems', async ({
  page,
  context,
  serverURL,
}) => {
  const agent = await apiLogin(serverURL, 'agent1');
  const device = await pickFreeDevice(serverURL, 'tech1', 'desk-screens');
  const open = await intake(serverURL, agent, {
    channel: 'phone',
    mid: device.mid,
    category: 'transaction_settlement',
    description: 'Dana settlement belum masuk (e2e desk screens)',
  });
  const desk = new DeskPage(page);
  await desk.login('agent1');
  await desk.waitForCase(open.caseNumber ?? 'missing');
  await desk.row(open.caseNumber ?? 'missing').click();
  await desk.expectOpen(open.caseNumber ?? 'missing');

  // Offline: the case stays readable, the command is refused with a clear message.
  await context.setOffline(true);
  await desk.actionButton('start').click();
  await page.getByTestId('action-form-start').getByTestId('action-submit').click();
  await expect(page.getByTestId('detail-notice')).toContainText('Tidak ada koneksi');
  await desk.expectStatus('open');
  await context.setOffline(false);

  // `?` opens the keyboard help, Esc closes it.
  await page.getByRole('heading', { level: 1, name: 'Antrean kasus' }).click();
  await page.keyboard.press('?');
  await expect(page.getByTestId('desk-shortcuts')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('desk-shortcuts')).toHaveCount(0);

  await desk.gotoNav('Dasbor');
  await expect(page.getByTestId('kpi-backlog')).toBeVisible();
  // A bar of a category with no case that month has no height: look for one that shows.
  await expect(
    page.getByTestId('chart-volume').locator('rect').filter({ visible: true }).first(),
  ).toBeVisible();
  await expect(page.getByTestId('chart-sla-unit')).toContainText('%');

  await desk.gotoNav('Laporan');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('csv-download').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^cases-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
  const path = await download.path();
  const text = await readFile(path, 'utf8');
  expect(text.split('\n').length).toBeGreaterThan(2);
  await expect(page.getByTestId('monthly-report')).toContainText('Total kasus');

  // Sync health tells "no case yet" from "case stuck on a phone": two fresh technicians
  // sync, one reporting an empty outbox, the other two cases waiting for two hours.
  const stamp = Date.now().toString(36);
  const [idle, stuck] = [`e2e-idle-${stamp}`, `e2e-stuck-${stamp}`];
  const admin = await apiLogin(serverURL, 'admin1');
  for (const username of [idle, stuck]) {
    const created = await apiJson(serverURL, admin, '/api/admin/users', {
      method: 'POST',
      body: {
        username,
        displayName: `E2E ${username}`,
        role: 'technician',
        regions: ['JKT'],
        password: 'e2e-password-123',
      },
    });
    expect(created.status).toBe(201);
  }
  const syncAs = async (username: string, outbox: { count: number; oldestAt?: string }) => {
    const login = await fetch(`${serverURL}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'e2e-password-123' }),
    });
    const { accessToken } = loginResponseSchema.parse(await login.json());
    const headers: Record<string, string> = {
      authorization: `Bearer ${accessToken}`,
      [SYNC_HEALTH_HEADERS.outboxCount]: String(outbox.count),
    };
    if (outbox.oldestAt) headers[SYNC_HEALTH_HEADERS.outboxOldestAt] = outbox.oldestAt;
    const pull = await fetch(`${serverURL}${SYNC_BASE_PATH}/cases/pull?limit=1`, { headers });
    expect(pull.status).toBe(200);
  };
  await syncAs(idle, { count: 0 });
  await syncAs(stuck, { count: 2, oldestAt: new Date(Date.now() - 2 * 3_600_000).toISOString() });
  await desk.gotoNav('Kesehatan sinkron');
  await expect(page.locator('[data-testid="sync-health-row"][data-username="tech1"]')).toBeVisible();
  const idleRow = page.locator(`[data-testid="sync-health-row"][data-username="${idle}"]`);
  const stuckRow = page.locator(`[data-testid="sync-health-row"][data-username="${stuck}"]`);
  await expect(idleRow).toHaveAttribute('data-state', 'ok');
  await expect(idleRow).toContainText('Belum ada kasus');
  await expect(stuckRow).toHaveAttribute('data-state', 'stuck');
  await expect(stuckRow).toContainText('Kasus tertahan di ponsel');
  await expect(stuckRow).toContainText('2 item');

  await desk.gotoNav('Manajemen masalah');
  await expect(
    page.getByTestId('problems-table').or(page.getByText('Tidak ada pola berulang.')),
  ).toBeVisible();

  // English is the second language: the desk follows the app menu's choice.
  await new AppBar(page).setLanguage('English');
  await expect(
    page.getByRole('navigation', { name: 'Back-office menu' }).getByRole('link', { name: 'Case queue' }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Problem management' })).toBeVisible();
  await new AppBar(page).setLanguage('Bahasa Indonesia');
  await expect(
    page.getByTestId('problems-table').or(page.getByText('Tidak ada pola berulang.')),
  ).toBeVisible();
});
