/**
 * Issue 12, the Tugas list when it is long: 24 jobs assigned to tech3 (more than a phone
 * screen holds). Offline after a restart, the list keeps only the cards near the screen in
 * the DOM (it is virtualised for 200 jobs, see docs/benchmarks.md), and it stays a real list:
 * every card says its place ("n of 24"), the keyboard walks all 24 in SLA-due order (cards
 * off screen appear as focus reaches them), Enter opens a job, each card has its call and
 * maps links and due time, and the screen audit passes (axe, one language, fit, touch targets).
 * The inbox, holding those 24 assignments, is virtualised the same way and walked the same.
 */
import type { Case, Device } from '@edc/shared';
import type { Page } from '@playwright/test';
import { apiLogin, freeOperationalDevices } from './fixtures/api.ts';
import { intake, transition } from './fixtures/case-api.ts';
import { loginAndSync } from './fixtures/journeys.ts';
import { expect, test } from './fixtures/test.ts';
import { auditScreen, PHONE, prepareAudit } from './page-models/screen-audit.ts';
import { TechHomePage } from './page-models/tech-home-page.ts';

const JOBS = 24;
const priorities = ['minor', 'critical', 'major'] as const;

test.use({ viewport: PHONE });

/** Waits until the page has painted twice (the list re-renders on the scroll focus caused). */
const frames = (page: Page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test('a long Tugas list offline: virtualised, in SLA-due order, walked by keyboard, accessible', async ({
  page,
  context,
  serverURL,
}) => {
  test.setTimeout(180_000);
  // 24 terminals of tech3's region, one per merchant, each a job the desk assigns to tech3
  // (priorities mixed so the due order is not the order of creation).
  const byMid = new Map<string, Device>();
  for (const d of await freeOperationalDevices(serverURL, 'tech3'))
    if (!byMid.has(d.mid)) byMid.set(d.mid, d);
  const devices = [...byMid.values()].slice(0, JOBS);
  expect(devices).toHaveLength(JOBS);
  const agent = await apiLogin(serverURL, 'agent1');
  const jobs: Case[] = [];
  for (const [i, device] of devices.entries()) {
    const c = await intake(serverURL, agent, {
      channel: 'phone',
      mid: device.mid,
      serialNumber: device.serialNumber,
      description: `EDC mati (daftar tugas ${i + 1})`,
      category: 'replace_device',
      priority: priorities[i % priorities.length],
    });
    jobs.push(await transition(serverURL, agent, c.id, { action: 'assign', assignee: 'tech3' }));
  }
  const expected = [...jobs]
    .sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || a.id.localeCompare(b.id))
    .map((c) => c.id);

  await prepareAudit(page, 'id');
  await loginAndSync(page, 'tech3');
  await context.setOffline(true);
  await page.reload();
  const home = new TechHomePage(page);
  await home.expectLoaded();

  const list = page.getByRole('list', { name: /^Tugas/ });
  await expect(page.getByTestId('job-list')).toHaveAttribute('data-count', String(JOBS));
  // A full list does not push the scan button off the first screen (a case from a scan
  // with no scroll, issue 16).
  await expect(page.getByTestId('scan-button')).toBeInViewport();
  const first = list.getByRole('listitem').first();
  await expect(first).toHaveAttribute('data-case-id', expected[0] ?? '');
  await expect(first).toHaveAttribute('aria-posinset', '1');
  await expect(first).toHaveAttribute('aria-setsize', String(JOBS));
  // Virtualised: a screenful and a few more, not all 24 cards.
  const rendered = await list.getByTestId('job').count();
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(JOBS);
  // axe (nothing serious), one language, nothing off screen, touch targets ≥ 48 px.
  await auditScreen(page, 'tech-home-24-jobs-top', { phone: true });

  // Tab from the first card's link to past the list: every job, in due order, each card's
  // place in the list as it says it.
  await first.getByTestId('job-open').focus();
  const seen: { id: string; pos: string }[] = [];
  for (let i = 0; i < JOBS * 4; i++) {
    const at = await page.evaluate(() => {
      const li = document.activeElement?.closest('[data-testid="job"]');
      return li
        ? { id: li.getAttribute('data-case-id') ?? '', pos: li.getAttribute('aria-posinset') ?? '' }
        : null;
    });
    if (!at) break;
    if (seen.at(-1)?.id !== at.id) seen.push(at);
    await page.keyboard.press('Tab');
    await frames(page);
  }
  expect(seen.map((s) => s.id)).toEqual(expected);
  expect(seen.map((s) => s.pos)).toEqual(expected.map((_, i) => String(i + 1)));
  // Focus went on to what follows the list (the sync panel), not back to its top.
  expect(
    await page.evaluate(() => {
      const list = document.querySelector('[data-testid="job-list"]');
      const at = document.activeElement;
      if (!list || !at || at === document.body || list.contains(at)) return false;
      return (list.compareDocumentPosition(at) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    }),
  ).toBe(true);

  // The last job, reached by keyboard: call and maps links and the due time.
  const last = page.locator(`[data-testid="job"][data-case-id="${expected.at(-1)}"]`);
  await expect(last.getByTestId('job-call')).toHaveAttribute('href', /^tel:/);
  await expect(last.getByTestId('job-maps')).toHaveAttribute('href', /^geo:/);
  await expect(last.getByTestId('job-due')).toContainText('Batas');
  await auditScreen(page, 'tech-home-24-jobs-end', { phone: true });

  // Back to the top, Enter on a job opens it.
  await page.keyboard.press('Shift+Tab');
  await expect(last.getByTestId('job-maps')).toBeFocused();
  await page.evaluate(() => window.scrollTo(0, 0));
  const firstJob = page.locator(`[data-testid="job"][data-case-id="${expected[0]}"]`);
  const firstName = (await firstJob.locator('.job-head strong').textContent()) ?? '';
  const firstCall = (await firstJob.getByTestId('job-call').getAttribute('href')) ?? '';
  const firstMaps = (await firstJob.getByTestId('job-maps').getAttribute('href')) ?? '';
  await firstJob.getByTestId('job-open').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('case-detail')).toHaveAttribute('data-case-id', expected[0] ?? '');
  // The job's screen (where the technician works on site) keeps who, where, call and maps.
  const onSite = page.getByTestId('job-merchant');
  expect(firstName).not.toBe('');
  await expect(onSite).toContainText(firstName);
  await expect(onSite.getByTestId('job-call')).toHaveAttribute('href', firstCall);
  await expect(onSite.getByTestId('job-maps')).toHaveAttribute('href', firstMaps);

  // The inbox holds (at least) the 24 assignments, newest first, still offline: also
  // virtualised, also a real list the keyboard walks from top to bottom.
  // (The case screen has no bottom navigation: back to home, then the inbox tab.)
  await page.goBack();
  // Until the local store answers, the inbox shows the app's loading state, not a blank
  // screen: recorded as it is added to the page, however briefly it stays.
  await page.evaluate(() => {
    const w = window as unknown as { inboxLoadingSeen?: boolean };
    w.inboxLoadingSeen = false;
    const loading = '[data-testid="inbox-loading"]';
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of Array.from(record.addedNodes))
          if (node instanceof Element && (node.matches(loading) || node.querySelector(loading)))
            w.inboxLoadingSeen = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.getByTestId('nav-inbox').click();
  const inbox = page.getByTestId('inbox-list');
  await expect(inbox).toHaveAttribute('data-count', /^\d+$/);
  expect(
    await page.evaluate(() => (window as unknown as { inboxLoadingSeen?: boolean }).inboxLoadingSeen),
    'inbox loading state shown before the list',
  ).toBe(true);
  const total = Number(await inbox.getAttribute('data-count'));
  expect(total).toBeGreaterThanOrEqual(JOBS);
  const newest = inbox.getByRole('listitem').first();
  await expect(newest).toHaveAttribute('aria-posinset', '1');
  await expect(newest).toHaveAttribute('aria-setsize', String(total));
  await expect(newest).toContainText(`Tugas baru: ${jobs.at(-1)?.caseNumber}`);
  const inboxRendered = await inbox.getByTestId('inbox-item').count();
  expect(inboxRendered).toBeGreaterThan(0);
  expect(inboxRendered).toBeLessThan(total);
  await auditScreen(page, 'inbox-long-top', { phone: true });
  await newest.getByRole('button').focus();
  const places: string[] = [];
  for (let i = 0; i < total * 2; i++) {
    const pos = await page.evaluate(
      () =>
        document.activeElement?.closest('[data-testid="inbox-item"]')?.getAttribute('aria-posinset') ?? null,
    );
    if (pos === null) break;
    if (places.at(-1) !== pos) places.push(pos);
    await page.keyboard.press('Tab');
    await frames(page);
  }
  expect(places).toEqual(Array.from({ length: total }, (_, i) => String(i + 1)));
  // The oldest of the 24 assignments is down there, reached by keyboard.
  await expect(
    page.getByTestId('inbox-item').filter({ hasText: `Tugas baru: ${jobs[0]?.caseNumber}` }),
  ).toHaveCount(1);
  await auditScreen(page, 'inbox-long-end', { phone: true });
});
