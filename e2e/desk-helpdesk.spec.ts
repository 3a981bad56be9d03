/**
 * Issue 15 on a desktop viewport, one journey to keep CI short: a queue view in the URL
 * (survives a reload), a canned reply with its placeholders filled in, an internal note
 * the merchant's pull never gets, re-categorisation recomputing the due date, and an
 * escalation that reaches the named supervisor in their "escalated to me" view and their
 * inbox (unread badge in the side navigation), a saved view, and a bulk assignment of two
 * cases with the dispatch picker.
 */
import { caseEventSchema } from '@edc/shared';
import type { Request } from '@playwright/test';
import { pullAll } from './fixtures/api.ts';
import { apiJson, apiLoginUser, caseById, eventsOf, intake } from './fixtures/case-api.ts';
import { sharedSession, signedInDesk } from './fixtures/signed-in.ts';
import { expect, test } from './fixtures/test.ts';
import { AppBar } from './page-models/app-bar.ts';
import { DeskPage } from './page-models/desk-page.ts';

const VIEWPORT = { width: 1440, height: 900 };
test.use({ viewport: VIEWPORT });

/**
 * agent1 signed in once for both tests (fixtures/signed-in.ts); neither tests the sign-in.
 * The saved-view test runs first: the journey ends signed out (agent1 logs out and
 * supervisor2 signs in on the same page), so it goes last and the session closes after it.
 */
const agentDesk = sharedSession((browser, baseURL) => signedInDesk(browser, baseURL, 'agent1', VIEWPORT));

test('a saved view needs a name; a named one is offered and can be deleted', async () => {
  const { page } = agentDesk();
  // A query of its own: no view saved by an earlier run matches it.
  const stamp = Date.now().toString(36);
  await page.goto(`/desk?view=team&q=${stamp}`);
  await expect(page.getByTestId('view-team')).toHaveAttribute('aria-pressed', 'true');
  // A name is required (said in words, nothing saved); Enter saves a named one.
  const viewName = `Tim e2e ${stamp}`;
  const posts: string[] = [];
  const onRequest = (r: Request) => {
    if (r.method() === 'POST' && r.url().includes('/api/desk/views')) posts.push(r.url());
  };
  page.on('request', onRequest);
  await page.getByTestId('saved-view-save').click();
  await expect(page.getByTestId('saved-view-name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.saved-views').getByRole('alert')).toHaveText('Wajib diisi.');
  expect(posts).toHaveLength(0);
  page.off('request', onRequest);
  await page.getByTestId('saved-view-name').fill(viewName);
  await page.getByTestId('saved-view-name').press('Enter');
  await expect(page.getByTestId('saved-views')).toHaveValue(/.+/);
  await expect(page.getByTestId('saved-views').locator('option:checked')).toHaveText(viewName);
  await expect(page.getByTestId('saved-view-name')).toHaveValue('');
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('saved-view-delete').click();
  await expect(page.getByTestId('saved-views').locator('option', { hasText: viewName })).toHaveCount(0);
});

test('desk helpdesk: view in the URL, macro reply, internal note hidden from the merchant, re-categorise, escalation to a named supervisor', async ({
  serverURL,
}) => {
  // A long journey (several roles, many steps): on a loaded 2-core CI machine it needs more than the default.
  test.setTimeout(240_000);
  const { token: agent } = await apiLoginUser(serverURL, 'agent1');
  const { token: supervisor } = await apiLoginUser(serverURL, 'supervisor1');
  const merchant = await apiLoginUser(serverURL, 'merchant1');
  const mid = merchant.user.mid;
  if (!mid) throw new Error('merchant1 has no MID');
  // A phone complaint for merchant1, routed to the agent's team (Merchant Operation - MEM).
  const c = await intake(serverURL, agent, {
    channel: 'phone',
    mid,
    description: `Kertas struk habis (e2e helpdesk ${Date.now()})`,
    category: 'paper_supply',
    subcase: 'kertas_habis',
  });
  if (!c.caseNumber || !c.acceptedAt) throw new Error('intake not accepted');
  expect(c.responsibleUnit).toBe('Merchant Operation - MEM');
  const second = await intake(serverURL, agent, {
    channel: 'phone',
    mid,
    description: `Minta slip sales draft (e2e helpdesk ${Date.now()})`,
    category: 'paper_supply',
    subcase: 'slip_sales_draft',
  });
  if (!second.caseNumber) throw new Error('second intake not accepted');
  const macro = await apiJson(serverURL, supervisor, '/api/desk/macros', {
    method: 'POST',
    body: {
      title: `Konfirmasi ${c.caseNumber}`,
      body: 'Yth. {merchantName}, kasus {caseNumber} kami proses.',
    },
  });
  expect(macro.status).toBe(201);

  // The view and the search are in the URL: open it directly, then reload.
  const { page, desk } = agentDesk();
  await page.goto(`/desk?view=team&q=${encodeURIComponent(c.caseNumber)}`);
  await expect(page.getByTestId('view-team')).toHaveAttribute('aria-pressed', 'true');
  await expect(desk.row(c.caseNumber)).toBeVisible();
  await expect(desk.row(c.caseNumber).getByTestId('row-response')).toHaveAttribute('data-state', /ok|risk/);
  await page.reload();
  await expect(page.getByTestId('view-team')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('queue-search')).toHaveValue(c.caseNumber);
  await desk.row(c.caseNumber).click();
  await desk.expectOpen(c.caseNumber);
  await expect(page).toHaveURL(/view=team.*case=/);
  // "Mine" does not hold it yet (nobody is assigned).
  await page.getByTestId('view-mine').click();
  await expect(desk.row(c.caseNumber)).toHaveCount(0);
  await page.getByTestId('view-all').click();

  // Bulk: tick both cases, assign them to agent1 in one go; "mine" then holds both.
  await desk.search(`e2e helpdesk`);
  await desk.row(c.caseNumber).getByTestId('row-tick').check();
  await desk.row(second.caseNumber).getByTestId('row-tick').check();
  // The assignee comes from the dispatch picker (no typed name); none picked is said in words.
  const bulk = page.getByTestId('bulk-bar');
  await bulk.getByTestId('bulk-assign-open').click();
  await expect(bulk.getByTestId('technician-option').first()).toBeVisible();
  await bulk.getByTestId('bulk-assign').click();
  await expect(bulk.getByTestId('technician-picker').getByRole('alert')).toHaveText('Wajib diisi.');
  expect((await caseById(serverURL, agent, c.id)).assignee).toBeFalsy();
  await bulk.getByTestId('assign-me').click();
  await expect(bulk.getByRole('alert')).toHaveCount(0);
  await bulk.getByTestId('bulk-assign').click();
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
  for (const id of [c.id, second.id]) expect((await caseById(serverURL, agent, id)).assignee).toBe('agent1');
  await page.getByTestId('view-mine').click();
  await expect(desk.row(c.caseNumber).getByTestId('row-assignee')).toHaveText('agent1');
  await expect(desk.row(second.caseNumber)).toBeVisible();
  await page.getByTestId('view-all').click();
  await desk.search(c.caseNumber);
  await desk.row(c.caseNumber).click();
  await desk.expectOpen(c.caseNumber);

  // Canned reply: placeholders filled in, sent as a public reply.
  const comments = page.getByTestId('detail-comments');
  await comments.getByTestId('macro-picker').selectOption({ label: `Konfirmasi ${c.caseNumber}` });
  await expect(comments.getByTestId('reply-text')).toHaveValue(
    new RegExp(`kasus ${c.caseNumber} kami proses`),
  );
  await expect(comments.getByTestId('reply-text')).not.toHaveValue(/\{merchantName\}/);
  await comments.getByTestId('reply-send').click();
  await expect(comments.getByTestId('comment').filter({ hasText: 'kami proses' })).toHaveAttribute(
    'data-internal',
    'false',
  );

  // Internal note with the keyboard: `n` switches the box to an internal note.
  await page.getByTestId('detail-case-number').click();
  await page.keyboard.press('n');
  await expect(comments.getByTestId('reply-internal')).toHaveAttribute('aria-pressed', 'true');
  await expect(comments.getByTestId('reply-text')).toBeFocused();
  await page.keyboard.type('Merchant langganan, prioritaskan kunjungan');
  await comments.getByTestId('reply-send').click();
  await expect(comments.getByTestId('comment').filter({ hasText: 'prioritaskan' })).toHaveAttribute(
    'data-internal',
    'true',
  );
  const deskEvents = await eventsOf(serverURL, agent, c.id);
  expect(deskEvents.find((e) => e.note?.includes('prioritaskan'))?.data).toEqual({ internal: true });
  const merchantEvents = (await pullAll(serverURL, merchant.token, 'case_events', caseEventSchema)).filter(
    (e) => e.caseId === c.id,
  );
  expect(merchantEvents.some((e) => e.note?.includes('kami proses'))).toBe(true);
  expect(merchantEvents.some((e) => e.note?.includes('prioritaskan'))).toBe(false);

  // Re-categorise to a settlement failure, critical: unit and due date recomputed from acceptance.
  const dueBefore = await page.getByTestId('detail-due').textContent();
  await page.getByTestId('action-recategorize').click();
  const form = page.getByTestId('action-form-recategorize');
  await form.getByTestId('recat-category').selectOption('transaction_settlement');
  await form.getByTestId('recat-subcase').selectOption('settlement_gagal');
  await form.getByTestId('recat-priority').selectOption('critical');
  await form.getByTestId('action-submit').click();
  await expect(page.getByTestId('detail-notice')).toHaveAttribute('role', 'status');
  await expect(page.getByTestId('detail-due')).not.toHaveText(dueBefore ?? '');
  const recategorized = await caseById(serverURL, agent, c.id);
  expect(recategorized).toMatchObject({
    category: 'transaction_settlement',
    priority: 'critical',
    responsibleUnit: 'Settlement & Reconciliation - SRC',
    dueAt: new Date(Date.parse(c.acceptedAt) + 8 * 3_600_000).toISOString(),
  });
  // A phone intake says it was taken by phone, not "reported on site".
  await expect(page.locator('dt', { hasText: 'Dilaporkan lewat telepon' })).toBeVisible();
  await expect(page.locator('dt', { hasText: 'Dilaporkan di lokasi' })).toHaveCount(0);
  const recatItem = page.getByTestId('detail-timeline').locator('li[data-event-type="recategorized"]');
  await expect(recatItem).toBeVisible();
  // "oleh agent1": the words are UI text, the username is data (not checked for language).
  await expect(recatItem.getByTestId('timeline-by')).toHaveText('oleh agent1');
  await expect(recatItem.getByTestId('timeline-by').locator('[translate="no"]')).toHaveText('agent1');

  // Escalate: level 1 of the SRC unit goes to the unit-less supervisor (supervisor2), by name.
  await desk.act('escalate', { note: 'Dana merchant tertahan' });
  await expect(page.getByTestId('detail-escalated-to')).toHaveText('supervisor2');
  await page.screenshot({ path: test.info().outputPath('desk-helpdesk-detail.png') });

  // supervisor2 finds it under "escalated to me".
  await new AppBar(page).logout();
  const sup = new DeskPage(page);
  await sup.login('supervisor2');
  await page.goto('/desk?view=escalated');
  await expect(sup.row(c.caseNumber)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('desk-helpdesk-escalated.png') });

  // ... and in the desk's own inbox: the side navigation counts it, the notification opens the case.
  const inboxLink = page.getByTestId('desk-nav-inbox');
  await expect(inboxLink.getByTestId('unread-badge')).toBeVisible();
  await inboxLink.click();
  await expect(page).toHaveURL(/\/desk\/inbox$/);
  const notice = page.getByTestId('inbox-item').filter({ hasText: c.caseNumber });
  await expect(notice).toHaveAttribute('data-type', 'escalated');
  await notice.click();
  await sup.expectOpen(c.caseNumber);
});
