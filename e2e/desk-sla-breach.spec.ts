/**
 * Issue 4, SLA breach: an admin adds an SLA rule with a one-minute response target (UI),
 * an agent records a phone complaint under it (intake UI). Once the response is overdue
 * the server's SLA monitor job escalates the case one level and writes a `system` event;
 * the desk shows it live as breached at level 1, in the detail panel and the SLA monitor.
 * Only HTTP and the UI are used. The minute is not waited for: the test hook moves the
 * clock of the server's background jobs past the deadline (`/api/test/job-clock`) and the
 * browser's clock as far (Playwright's clock), so the escalation still comes from the
 * scheduled monitor pass (every 5 s in e2e/server.ts), never from a call of the test.
 */
import { apiLogin, pickFreeDevice } from './fixtures/api.ts';
import { apiJson, caseByNumber, eventsOf } from './fixtures/case-api.ts';
import { expect, test } from './fixtures/test.ts';
import { DeskPage } from './page-models/desk-page.ts';

test.use({ viewport: { width: 1440, height: 900 } });

test('SLA breach: the escalation job raises the level of an overdue case and the desk shows it as breached', async ({
  page,
  serverURL,
}) => {
  const device = await pickFreeDevice(serverURL, 'tech1', 'desk-sla-breach');
  const subcase = `e2e_sla_${Date.now().toString(36)}`;

  // The desk's SLA badge compares with the browser's clock, moved below with the server's.
  await page.clock.install();
  const desk = new DeskPage(page);
  await desk.login('admin1');

  // Master data: a critical rule answering within 1 minute, resolved within 1 hour.
  await desk.gotoNav('Data master');
  const form = page.getByTestId('sla-rule-form');
  await form.locator('select[name="category"]').selectOption('other');
  await form.locator('input[name="subcase"]').fill(subcase);
  await form.locator('input[name="label"]').fill('E2E respons satu menit');
  await form.locator('select[name="responsibleUnit"]').selectOption('Customer Care - CC');
  await form.locator('select[name="priority"]').selectOption('critical');
  await form.locator('input[name="responseMinutes"]').fill('1');
  await form.locator('input[name="amount"]').fill('1');
  await form.locator('select[name="target"]').selectOption('hours');
  await form.getByRole('button', { name: 'Tambah' }).click();
  await expect(page.getByTestId('admin-notice')).toHaveAttribute('role', 'status');
  await expect(page.locator(`[data-testid="sla-rule-row"][data-rule-id="other:${subcase}"]`)).toBeVisible();

  // Intake of a phone complaint under that rule.
  await desk.gotoNav('Terima keluhan');
  await page.getByTestId('intake-caller-name').fill('Budi Santoso');
  await page.getByTestId('intake-caller-phone').fill('081234567890');
  await page.getByTestId('intake-mid').fill(device.mid);
  await page
    .getByTestId('intake-description')
    .fill('Merchant menelepon: pertanyaan jadwal kunjungan (e2e SLA)');
  await page.getByTestId('intake-category').selectOption('other');
  // The new rule reaches this browser by replication before its subcase can be picked.
  const subcaseSelect = page.locator('select[name="subcase"]');
  await expect(subcaseSelect.locator(`option[value="${subcase}"]`)).toHaveCount(1);
  await subcaseSelect.selectOption(subcase);
  await page.getByTestId('intake-submit').click();
  await expect(page.getByTestId('intake-case-number')).toBeVisible();
  const caseNumber = /CASE-\d{8}-\d{5,}/.exec(
    (await page.getByTestId('intake-case-number').textContent()) ?? '',
  )?.[0];
  if (!caseNumber) throw new Error('no case number shown');

  const agent = await apiLogin(serverURL, 'agent1');
  const accepted = await caseByNumber(serverURL, agent, caseNumber);
  expect(accepted).toMatchObject({ status: 'open', escalationLevel: 0, subcase, priority: 'critical' });
  if (!accepted?.responseDueAt) throw new Error('no response due time');
  expect(Date.parse(accepted.responseDueAt) - Date.parse(accepted.acceptedAt ?? '')).toBe(60_000);

  // Open it in the desk: on track now, breached and escalated by the job once the minute is over.
  await page.getByRole('link', { name: 'Buka kasus' }).click();
  await desk.expectOpen(caseNumber);
  await desk.expectLevel(0);
  await desk.expectSla('on_track');
  await expect(page.getByTestId('detail-response-due')).not.toContainText('Respons terlambat');
  const admin = await apiLogin(serverURL, 'admin1');
  const jobClock = (aheadMs: number) =>
    apiJson(serverURL, admin, '/api/test/job-clock', { method: 'POST', body: { aheadMs } });

  // A second past the deadline, for the jobs and for the browser.
  const aheadMs = Date.parse(accepted.responseDueAt) + 1_000 - Date.now();
  expect(await jobClock(aheadMs)).toEqual({ status: 200, body: { aheadMs } });
  try {
    await page.clock.fastForward(aheadMs);
    await desk.expectLevel(1);
    await desk.expectSla('breached');
    await expect(page.getByTestId('detail-response-due')).toContainText('Respons terlambat');
    await expect
      .poll(async () =>
        (await eventsOf(serverURL, agent, accepted.id))
          .filter((e) => e.type === 'escalated')
          .map((e) => e.actor),
      )
      .toEqual(['system']);
    await expect.poll(() => desk.timelineTypes()).toContain('escalated');

    // The SLA monitor lists it among the breached cases, at level 1.
    await desk.gotoNav('Monitor SLA');
    await page.getByTestId('sla-tab-breached').click();
    await expect(page.locator(`[data-testid="sla-row"][data-case-number="${caseNumber}"]`)).toHaveAttribute(
      'data-level',
      '1',
    );
  } finally {
    // The jobs go back in step with the server for the next test on this worker's server.
    expect(await jobClock(0)).toEqual({ status: 200, body: { aheadMs: 0 } });
  }
});
