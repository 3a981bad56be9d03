/**
 * Issue 3 rejection journey (case rule 2, one open case per TID/MID): two technicians,
 * offline, submit cases for the same terminal; both reconnect; exactly one gets the
 * official number, the other sees the rejection naming that number — and it stays visible.
 */
import { pickFreeDevice } from './fixtures/api.ts';
import { loginAndSync, submitReplaceDevice } from './fixtures/journeys.ts';
import { expect, test } from './fixtures/test.ts';
import { MyCasesPage } from './page-models/my-cases-page.ts';

test('rejection journey: same TID/MID offline from two phones → one case number, one rejection', async ({
  browser,
  serverURL,
}) => {
  const device = await pickFreeDevice(serverURL, 'tech1', 'rejection-journey');
  const ctx1 = await browser.newContext({ baseURL: serverURL });
  const ctx2 = await browser.newContext({ baseURL: serverURL });
  try {
    const [p1, p2] = [await ctx1.newPage(), await ctx2.newPage()];
    await loginAndSync(p1, 'tech1');
    await loginAndSync(p2, 'tech2');
    await ctx1.setOffline(true);
    await ctx2.setOffline(true);
    const id1 = await submitReplaceDevice(p1, device.serialNumber, 'EDC mati (teknisi 1)');
    const id2 = await submitReplaceDevice(p2, device.serialNumber, 'EDC mati (teknisi 2)');

    await ctx1.setOffline(false);
    await ctx2.setOffline(false);
    const decided = (page: typeof p1) =>
      expect(page.getByTestId('case-status')).not.toHaveAttribute('data-status', 'submitted', {
        timeout: 60_000,
      });
    await Promise.all([decided(p1), decided(p2)]);

    const s1 = await p1.getByTestId('case-status').getAttribute('data-status');
    const s2 = await p2.getByTestId('case-status').getAttribute('data-status');
    expect([s1, s2].sort()).toEqual(['open', 'rejected']);
    const [winner, loser, loserId] = s1 === 'open' ? [p1, p2, id2] : [p2, p1, id1];
    const number = (await winner.getByTestId('case-number').textContent()) ?? '';
    expect(number).toMatch(/^CASE-\d{8}-\d{5}$/);
    await expect(loser.getByTestId('case-rejection')).toContainText(
      'TID/MID ini masih memiliki kasus terbuka',
    );
    await expect(loser.getByTestId('blocking-number')).toHaveText(`Kasus penghalang: ${number}`);

    // Rejected cases stay visible in "my cases", with the reason and the blocking number.
    const list = new MyCasesPage(loser);
    await list.goto();
    await expect(list.status(loserId)).toHaveAttribute('data-status', 'rejected');
    await expect(list.item(loserId).getByTestId('blocking-number')).toContainText(number);
  } finally {
    await ctx1.close();
    await ctx2.close();
  }
});
