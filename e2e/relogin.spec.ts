/**
 * Logging in again never discards unsynced cases: a case submitted offline survives
 * logout (which wipes the rest of the user's data and offers the outbox export first) and
 * login, and is then sent. Another user on the same phone never sees it.
 */
import { pickFreeDevice } from './fixtures/api.ts';
import { loginAndSync, submitReplaceDevice } from './fixtures/journeys.ts';
import { expect, test } from './fixtures/test.ts';
import { AppBar } from './page-models/app-bar.ts';
import { LoginPage } from './page-models/login-page.ts';
import { MyCasesPage } from './page-models/my-cases-page.ts';
import { TechHomePage } from './page-models/tech-home-page.ts';

test('logging in again keeps the unsynced case, which is then sent', async ({ page, context, serverURL }) => {
  const device = await pickFreeDevice(serverURL, 'tech1', 'relogin');
  await loginAndSync(page, 'tech1');
  await context.setOffline(true);
  const caseId = await submitReplaceDevice(page, device.serialNumber, 'Printer macet (relogin)');

  // Still offline: log out. The dialog says the unsent case stays and offers its export;
  // the rest of tech1's data leaves the phone (db/logout-wipe.test.ts checks what exactly).
  const bar = new AppBar(page);
  const dialog = await bar.startLogout();
  await expect(dialog.getByTestId('logout-outbox')).toHaveAttribute('data-count', '1');
  const download = page.waitForEvent('download');
  await dialog.getByTestId('logout-export').click();
  expect((await download).suggestedFilename()).toMatch(/tech1.*\.json$/);
  await dialog.getByTestId('confirm-logout').click();
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();

  // Someone else logs in on the same phone (online): they must not see tech1's case.
  await context.setOffline(false);
  await new LoginPage(page).login('tech2');
  await new TechHomePage(page).waitForInitialSync();
  const list = new MyCasesPage(page);
  await list.goto();
  await expect(page.getByRole('heading', { name: 'Kasus saya' })).toBeVisible();
  await expect(list.item(caseId)).toHaveCount(0);
  await new AppBar(page).logout();

  // tech1 again: the case is there and gets its number.
  await new LoginPage(page).login('tech1');
  await new TechHomePage(page).expectLoaded();
  await list.goto();
  await expect(list.number(caseId)).toHaveText(/^CASE-\d{8}-\d{5}$/, { timeout: 60_000 });
});
