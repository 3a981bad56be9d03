/**
 * Issue 12: the desk at 360 px (a supervisor on a phone, a split screen). Every desk page,
 * the queue with a case open and every admin tab: nothing sticks out of the window
 * sideways (the page never scrolls sideways; a wide table scrolls inside its own box).
 * `EDC_SHOTS_DIR=<dir>` saves a screenshot of each.
 */
import type { Page } from '@playwright/test';
import { apiLogin } from './fixtures/api.ts';
import { apiJson } from './fixtures/case-api.ts';
import { expect, test } from './fixtures/test.ts';
import { DeskPage } from './page-models/desk-page.ts';
import { expectNoOverflow, expectNothingOffScreen } from './page-models/screen-audit.ts';

const shots = process.env.EDC_SHOTS_DIR;

async function check(page: Page, name: string): Promise<void> {
  await expectNothingOffScreen(page, name);
  await expectNoOverflow(page, name);
  if (shots) await page.screenshot({ path: `${shots}/desk-360-${name}.png`, fullPage: true });
}

test('every desk page fits a 360 px window; tables scroll in their own box', async ({ page }) => {
  test.setTimeout(240_000);
  await new DeskPage(page).login('admin1');
  await page.setViewportSize({ width: 360, height: 740 });
  const pages: [string, string, string][] = [
    ['queue', '/desk', 'queue-search'],
    ['intake', '/desk/intake', 'intake-form'],
    ['sla', '/desk/sla', 'sla-table'],
    ['sync-health', '/desk/sync-health', 'sync-health-table'],
    ['dashboard', '/desk/dashboard', 'chart-volume'],
    ['reports', '/desk/reports', 'monthly-report'],
    ['problems', '/desk/problems', 'problems-table'],
    ['inbox', '/desk/inbox', 'inbox'],
    ['announcements', '/desk/announcements', 'announcement-form'],
  ];
  const failures: string[] = [];
  const soft = async (name: string) => {
    try {
      await check(page, name);
    } catch (e) {
      failures.push(e instanceof Error ? e.message.split('\n').slice(0, 12).join('\n') : String(e));
    }
  };
  for (const [name, path, ready] of pages) {
    await page.goto(path);
    await expect(page.getByTestId(ready).first()).toBeVisible();
    await soft(name);
  }
  // The queue with a case open in the detail panel.
  await page.goto('/desk');
  await page.getByTestId('queue-row').first().click();
  await expect(page.getByTestId('case-detail')).toBeVisible();
  await soft('queue-detail');
  // Every admin tab.
  await page.goto('/desk/admin');
  const tabs = page.getByRole('tab');
  await expect(tabs.first()).toBeVisible();
  for (const id of await tabs.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''))) {
    await page.getByTestId(id).click();
    await expect(page.getByTestId(id)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tabpanel')).toBeVisible();
    await soft(id.replace('admin-tab-', 'admin-'));
  }
  expect(failures).toEqual([]);
});

test('with unread notifications the desk still fits 360 px (the nav badge stays in its strip)', async ({
  page,
  serverURL,
}) => {
  // An announcement to everyone: agent1 has an unread notification once the due-announcement
  // job runs, so the side navigation's inbox link carries the badge.
  const supervisor = await apiLogin(serverURL, 'supervisor1');
  const published = await apiJson(serverURL, supervisor, '/api/admin/announcements', {
    method: 'POST',
    body: {
      title: 'Uji lebar desk (e2e)',
      body: 'Lencana belum dibaca di layar sempit.',
      severity: 'info',
      audience: 'all',
    },
  });
  expect(published.status).toBe(201);
  await new DeskPage(page).login('agent1');
  await page.setViewportSize({ width: 360, height: 740 });
  for (const [name, path, ready] of [
    ['announcements-unread', '/desk/announcements', 'admin-announcements'],
    ['inbox-unread', '/desk/inbox', 'inbox'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByTestId(ready).first()).toBeVisible();
    // The job runs every few seconds (ANNOUNCEMENT_INTERVAL_SECONDS); the pull brings it.
    await expect(page.getByTestId('desk-nav-inbox').getByTestId('unread-badge')).toBeVisible({
      timeout: 30_000,
    });
    await check(page, name);
  }
});
