/**
 * Issue 15, "shown … in the due-date preview on the phone": with no signal, the technician
 * case form and the merchant complaint form preview the response and resolution due dates
 * a case submitted now would get, counted on the business-hours calendar of its priority
 * (replicated with the catalogue) over the local holidays — the server's own rule lookup
 * and arithmetic (`previewSlaDates`). The phone's clock is set to a Friday evening, where a
 * minor case waits for Monday's opening and a critical one runs round the clock; the
 * expected dates come from the server's catalogue and holidays as pulled over the API.
 */
import { holidaySchema, type Role, slaRuleSchema } from '@edc/shared';
import {
  type BusinessHours,
  computeSlaDates,
  holidayDateSet,
  minuteClock,
  previewSlaDates,
} from '@edc/shared/domain';
import type { Page } from '@playwright/test';
import { apiLogin, pickFreeDevice, pullAll } from './fixtures/api.ts';
import { loginAndSync } from './fixtures/journeys.ts';
import { expect, test } from './fixtures/test.ts';
import { CaseFormPage } from './page-models/case-form-page.ts';
import { DevicePage } from './page-models/device-page.ts';
import { MerchantPage } from './page-models/merchant-page.ts';

test.use({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });

const shots = process.env.EDC_SHOTS_DIR;
/** Friday 4 December 2026, 18:00 WIB: after closing time, before a weekend. */
const FRIDAY_EVENING = new Date('2026-12-04T18:00:00+07:00');

type Expected = { responseDueAt: string; dueAt: string; calendar: BusinessHours };

/** What the server's catalogue and holidays say a case submitted at `now` gets. */
async function expected(
  serverURL: string,
  role: Role,
  submission: {
    category: 'paper_supply' | 'replace_device' | 'other';
    subcase?: string;
    priority?: 'critical';
  },
): Promise<Expected> {
  const token = await apiLogin(serverURL, 'agent1');
  const [rules, holidays] = await Promise.all([
    pullAll(serverURL, token, 'sla_rules', slaRuleSchema),
    pullAll(serverURL, token, 'holidays', holidaySchema),
  ]);
  const p = previewSlaDates({
    rules: rules.filter((r) => !r._deleted),
    holidays: holidayDateSet(holidays.filter((h) => !h._deleted)),
    submission,
    role,
    now: FRIDAY_EVENING,
  });
  if (p.calendar.mode === 'business_hours') {
    // The calendar must matter here, or this test could not tell it was used.
    const roundTheClock = computeSlaDates({ acceptedAt: FRIDAY_EVENING, rule: p.rule, holidays: new Set() });
    expect(p.responseDueAt.getTime()).not.toBe(roundTheClock.responseDueAt.getTime());
  }
  return { responseDueAt: p.responseDueAt.toISOString(), dueAt: p.dueAt.toISOString(), calendar: p.calendar };
}

async function expectPreview(page: Page, want: Expected): Promise<void> {
  const preview = page.getByTestId('sla-preview');
  await expect(preview).toHaveAttribute('data-response-due-at', want.responseDueAt);
  await expect(preview).toHaveAttribute('data-due-at', want.dueAt);
  await expect(preview).toHaveAttribute('data-calendar', want.calendar.mode);
  await expect(preview.getByTestId('sla-preview-response')).toContainText('Perkiraan batas respons awal');
  await expect(preview.getByTestId('sla-preview-calendar')).toHaveText(
    want.calendar.mode === 'business_hours'
      ? `Jam SLA: Senin–Jumat ${minuteClock(want.calendar.startMinute)}–${minuteClock(want.calendar.endMinute)} WIB, kecuali hari libur`
      : 'Jam SLA: 24×7, termasuk malam, akhir pekan dan hari libur',
  );
}

test('technician case form, offline: due dates follow the priority’s business hours', async ({
  page,
  context,
  serverURL,
}) => {
  const device = await pickFreeDevice(serverURL, 'tech1', 'sla-preview');
  const minor = await expected(serverURL, 'technician', {
    category: 'paper_supply',
    subcase: 'kertas_habis',
  });
  expect(minor.calendar.mode).toBe('business_hours');
  const critical = await expected(serverURL, 'technician', {
    category: 'replace_device',
    subcase: 'edc_mati',
  });

  const home = await loginAndSync(page, 'tech1');
  await context.setOffline(true);
  await page.clock.setFixedTime(FRIDAY_EVENING);
  await home.lookup(device.serialNumber);
  await new DevicePage(page).startNewCase();
  const form = new CaseFormPage(page);
  await form.chooseCategory('Kertas & slip sales draft');
  await page.getByLabel('Subkasus').selectOption('kertas_habis');
  await expectPreview(page, minor);
  if (shots) await page.screenshot({ path: `${shots}/case-form-sla-preview.png`, fullPage: true });

  await form.chooseCategory('Ganti perangkat EDC');
  await page.getByLabel('Subkasus').selectOption('edc_mati');
  await expectPreview(page, critical);
});

test('merchant complaint form, offline: the preview follows the catalogue and the merchant’s urgency', async ({
  page,
  context,
  serverURL,
}) => {
  const minor = await expected(serverURL, 'merchant', { category: 'paper_supply', subcase: 'kertas_habis' });
  const general = await expected(serverURL, 'merchant', { category: 'other', priority: 'critical' });

  const merchant = new MerchantPage(page);
  await merchant.login('merchant1');
  await context.setOffline(true);
  await page.clock.setFixedTime(FRIDAY_EVENING);
  await merchant.startComplaint();
  const form = page.getByTestId('complaint-form');
  await form.locator('select[name="category"]').selectOption('paper_supply');
  await form.locator('select[name="subcase"]').selectOption('kertas_habis');
  await expectPreview(page, minor);
  if (shots) await page.screenshot({ path: `${shots}/complaint-sla-preview.png`, fullPage: true });

  // A general complaint: the merchant's urgency picks the priority, and its calendar.
  await form.locator('select[name="category"]').selectOption('other');
  await form.locator('select[name="priority"]').selectOption('critical');
  await expectPreview(page, general);
});
