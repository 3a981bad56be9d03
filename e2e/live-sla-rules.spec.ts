/**
 * The SLA catalogue in the technician case form and the merchant complaint form is live:
 * a rule an admin adds while the form is already open reaches its subcase picker by
 * replication, without reopening the form or re-picking the category.
 */
import { apiLogin, pickFreeDevice } from './fixtures/api.ts';
import { apiJson } from './fixtures/case-api.ts';
import { loginAndSync } from './fixtures/journeys.ts';
import { expect, test } from './fixtures/test.ts';
import { CaseFormPage } from './page-models/case-form-page.ts';
import { DevicePage } from './page-models/device-page.ts';
import { MerchantPage } from './page-models/merchant-page.ts';

/** Adds an active rule over the admin API (what the master-data screen does). */
async function addRule(serverURL: string, category: string, subcase: string, label: string): Promise<void> {
  const admin = await apiLogin(serverURL, 'admin1');
  const res = await apiJson(serverURL, admin, '/api/admin/sla-rules', {
    method: 'POST',
    body: {
      category,
      subcase,
      label,
      caseType: 'Request',
      responsibleUnit: 'Customer Care - CC',
      priority: 'minor',
      responseMinutes: 60,
      hours: 8,
      active: true,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
}

test('technician case form: a rule added after the form opened appears in the subcase picker', async ({
  page,
  serverURL,
}) => {
  const device = await pickFreeDevice(serverURL, 'tech1', 'live-sla-rules');
  const subcase = `e2e_live_tech_${Date.now().toString(36)}`;
  const label = `E2E live rule ${subcase}`;

  const home = await loginAndSync(page, 'tech1');
  await home.lookup(device.serialNumber);
  const devicePage = new DevicePage(page);
  await devicePage.expectDevice(device.serialNumber);
  await devicePage.startNewCase();
  await expect(page.getByTestId('case-form')).toBeVisible();
  await new CaseFormPage(page).chooseCategory('Ganti perangkat EDC');
  const subcaseSelect = page.getByLabel('Subkasus');
  await expect(subcaseSelect.locator(`option[value="${subcase}"]`)).toHaveCount(0);

  await addRule(serverURL, 'replace_device', subcase, label);

  await expect(subcaseSelect.locator(`option[value="${subcase}"]`)).toHaveCount(1, { timeout: 30_000 });
  await subcaseSelect.selectOption(subcase);
  await expect(subcaseSelect).toHaveValue(subcase);
});

test('merchant complaint form: a rule added after the form opened appears in the subcase picker', async ({
  page,
  serverURL,
}) => {
  const subcase = `e2e_live_merchant_${Date.now().toString(36)}`;
  const label = `E2E live rule ${subcase}`;

  const merchant = new MerchantPage(page);
  await merchant.login('merchant1');
  await merchant.startComplaint();
  const form = page.getByTestId('complaint-form');
  await form.locator('select[name="category"]').selectOption('other');
  const subcaseSelect = form.locator('select[name="subcase"]');
  await expect(subcaseSelect.locator(`option[value="${subcase}"]`)).toHaveCount(0);

  await addRule(serverURL, 'other', subcase, label);

  await expect(subcaseSelect.locator(`option[value="${subcase}"]`)).toHaveCount(1, { timeout: 30_000 });
  await subcaseSelect.selectOption(subcase);
  await expect(subcaseSelect).toHaveValue(subcase);
});
