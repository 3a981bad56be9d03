/**
 * Issue 15 on a desktop viewport, one lean journey: three calls about the same problem are
 * folded into one case with the bulk "close duplicates" (the kept case itself is refused in
 * words), and the SLA catalogue's calendar preview shows the due dates following business
 * hours (critical 24×7, major from the next opening) and 24×7 when the class is switched.
 * The switch is only previewed, not saved: the calendars stay as other specs expect them.
 */
import { apiLogin } from './fixtures/api.ts';
import { apiLoginUser, caseById, eventsOf, intake } from './fixtures/case-api.ts';
import { expect, test } from './fixtures/test.ts';
import { DeskPage } from './page-models/desk-page.ts';

test.use({ viewport: { width: 1440, height: 900 } });

test('bulk close duplicates into a kept case; SLA calendar preview in the catalogue', async ({
  page,
  browser,
  serverURL,
}) => {
  const agent = await apiLogin(serverURL, 'agent1');
  const merchant = await apiLoginUser(serverURL, 'merchant1');
  const mid = merchant.user.mid;
  if (!mid) throw new Error('merchant1 has no MID');
  const stamp = `e2e dup ${Date.now()}`;
  const [kept, dup1, dup2] = await Promise.all(
    [1, 2, 3].map((i) =>
      intake(serverURL, agent, {
        channel: 'phone',
        mid,
        description: `Dana settlement belum masuk (${stamp} #${i})`,
        category: 'transaction_settlement',
        subcase: 'dana_belum_masuk',
      }),
    ),
  );
  if (!kept?.caseNumber || !dup1?.caseNumber || !dup2?.caseNumber) throw new Error('intake not accepted');

  const desk = new DeskPage(page);
  await desk.login('agent1');
  await desk.waitForCase(dup2.caseNumber);
  await desk.search(stamp);
  await expect(desk.rows()).toHaveCount(3);
  await desk.closeDuplicates([kept.caseNumber, dup1.caseNumber, dup2.caseNumber], kept.caseNumber);
  await expect(page.getByTestId('bulk-result')).toContainText('2 berhasil, 1 gagal');
  await expect(page.getByTestId('bulk-failure')).toHaveText(
    `${kept.caseNumber}: ini kasus yang dipertahankan, dibiarkan apa adanya`,
  );
  expect((await caseById(serverURL, agent, kept.id)).status).toBe('open');
  for (const d of [dup1, dup2]) {
    expect((await caseById(serverURL, agent, d.id)).status).toBe('cancelled');
    // The merchant learns where the complaint went.
    const cancelled = (await eventsOf(serverURL, merchant.token, d.id)).find((e) => e.type === 'cancelled');
    expect(cancelled?.note).toContain(kept.caseNumber);
  }

  // The catalogue (admin): a case accepted Saturday 28 Nov 2026 10:00 WIB.
  const adminContext = await browser.newContext({
    baseURL: serverURL,
    viewport: { width: 1440, height: 900 },
  });
  const adminPage = await adminContext.newPage();
  const admin = new DeskPage(adminPage);
  try {
    await admin.login('admin1');
    await admin.gotoNav('Data master');
    await adminPage.getByTestId('sla-cal-accepted-at').fill('2026-11-28T10:00');
    // Critical runs 24×7: 30 minutes later, the same Saturday.
    await expect(admin.slaCalendarRow('critical').getByTestId('sla-cal-response')).toContainText(
      '28 Nov 2026, 10.30',
    );
    // Major waits for Monday 08:00: first response 09:00, two working days end Tuesday 17:00.
    const major = admin.slaCalendarRow('major');
    await expect(major.getByTestId('sla-cal-response')).toContainText('30 Nov 2026, 09.00');
    await expect(major.getByTestId('sla-cal-due')).toContainText('1 Des 2026, 17.00');
    // Switched to 24×7 (the behaviour before calendars): the wall clock runs on Saturday.
    await major.getByRole('combobox').selectOption('24x7');
    await expect(major.getByTestId('sla-cal-response')).toContainText('28 Nov 2026, 11.00');
  } finally {
    await adminContext.close();
  }
});
