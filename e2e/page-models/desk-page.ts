/**
 * Back-office desk (desktop): queue with filters/search/keyboard, case detail panel with
 * the status-machine actions, SLA monitor and the admin CSV import. Role/test-id locators.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { LoginPage } from './login-page.ts';

export type DeskAction = 'assign' | 'start' | 'escalate' | 'resolve' | 'close' | 'reopen' | 'cancel';

export class DeskPage {
  readonly detail: Locator;

  constructor(private readonly page: Page) {
    this.detail = page.getByTestId('case-detail');
  }

  /** Logs in and waits until the replicated queue holds cases. */
  async login(username: string): Promise<void> {
    const login = new LoginPage(this.page);
    await login.goto();
    await login.login(username);
    await this.page.waitForURL(/\/desk/);
    await expect(this.page.getByTestId('queue-count')).not.toHaveAttribute('data-count', '0', {
      timeout: 90_000,
    });
  }

  /** A fresh load of the queue in a signed-in session: nothing of an earlier screen stays. */
  async gotoQueue(): Promise<void> {
    await this.page.goto('/desk');
    await expect(this.page.getByTestId('queue-count')).not.toHaveAttribute('data-count', '0');
  }

  async waitForCase(caseNumber: string): Promise<void> {
    await this.search(caseNumber);
    await expect(this.row(caseNumber)).toBeVisible();
  }

  async filterStatus(value: string): Promise<void> {
    await this.page.getByTestId('filter-status').selectOption(value);
  }

  async filterCategory(value: string): Promise<void> {
    await this.page.getByTestId('filter-category').selectOption(value);
  }

  async filterSla(state: 'on_track' | 'at_risk' | 'breached' | 'met'): Promise<void> {
    await this.page.getByTestId(`filter-sla-${state}`).click();
  }

  /** Types into the search box reached with the `/` shortcut. */
  async search(text: string): Promise<void> {
    // Leave any text field first: `/` only focuses the search from outside one.
    await this.page.getByRole('heading', { level: 1, name: 'Antrean kasus' }).click();
    await this.page.keyboard.press('/');
    await expect(this.page.getByTestId('queue-search')).toBeFocused();
    await this.page.getByTestId('queue-search').fill(text);
  }

  rows(): Locator {
    return this.page.getByTestId('queue-row');
  }

  row(caseNumber: string): Locator {
    return this.page.locator(`[data-testid="queue-row"][data-case-number="${caseNumber}"]`);
  }

  async count(): Promise<number> {
    return Number(await this.page.getByTestId('queue-count').getAttribute('data-count'));
  }

  /** Keyboard path: leave the search with Esc, move with j, open with Enter. */
  async openSelectedWithKeyboard(moves = 0): Promise<void> {
    await this.page.keyboard.press('Escape');
    await expect(this.page.getByTestId('queue-list')).toBeFocused();
    for (let i = 0; i < moves; i++) await this.page.keyboard.press('j');
    await this.page.keyboard.press('Enter');
    await expect(this.detail).toBeVisible();
  }

  async expectOpen(caseNumber: string): Promise<void> {
    await expect(this.page.getByTestId('detail-case-number')).toHaveText(caseNumber);
  }

  async expectStatus(status: string): Promise<void> {
    await expect(this.page.getByTestId('detail-status')).toHaveAttribute('data-status', status);
  }

  async expectLevel(level: number, timeout?: number): Promise<void> {
    await expect(this.page.getByTestId('detail-level')).toHaveAttribute(
      'data-level',
      String(level),
      timeout ? { timeout } : {},
    );
  }

  async expectSla(state: string, timeout?: number): Promise<void> {
    await expect(this.page.getByTestId('detail-sla')).toHaveAttribute(
      'data-sla',
      state,
      timeout ? { timeout } : {},
    );
  }

  actionButton(action: DeskAction): Locator {
    return this.page.getByTestId(`action-${action}`);
  }

  /** Opens an action's form, fills its fields and submits; waits for the success notice. */
  async act(
    action: DeskAction,
    fields: {
      /** `me`: "Myself"; a username: that technician in the picker. */
      assignee?: string;
      rca?: string;
      capa?: string;
      note?: string;
    } = {},
  ): Promise<void> {
    await this.actionButton(action).click();
    const form = this.page.getByTestId(`action-form-${action}`);
    await expect(form).toBeVisible();
    if (fields.assignee === 'me') await form.getByTestId('assign-me').click();
    else if (fields.assignee !== undefined)
      await form
        .getByTestId('technician-option')
        .filter({ hasText: `(${fields.assignee})` })
        .getByRole('radio')
        .check();
    if (fields.rca !== undefined) await form.locator('textarea[name="rca"]').fill(fields.rca);
    if (fields.capa !== undefined) await form.locator('textarea[name="capa"]').fill(fields.capa);
    if (fields.note !== undefined) await form.locator('textarea[name="note"]').fill(fields.note);
    await form.getByTestId('action-submit').click();
    await expect(this.page.getByTestId('detail-notice')).toHaveAttribute('role', 'status');
  }

  timelineTypes(): Promise<string[]> {
    return this.page
      .getByTestId('detail-timeline')
      .locator('li[data-event-type]')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-event-type') ?? ''));
  }

  async gotoNav(name: RegExp | string): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Menu meja layanan' })
      .getByRole('link', { name })
      .click();
  }

  /** Bulk (issue 15): tick these rows, keep `survivor`, close the others as duplicates (confirmed). */
  async closeDuplicates(caseNumbers: readonly string[], survivor: string): Promise<void> {
    for (const n of caseNumbers) await this.row(n).getByTestId('row-tick').check();
    await this.page.getByTestId('bulk-survivor').selectOption({ label: survivor });
    this.page.once('dialog', (d) => void d.accept());
    await this.page.getByTestId('bulk-close-duplicates').click();
  }

  /** Bulk (issue 15): tick these rows and move them to another team; resolves with the team chosen. */
  async changeTeam(caseNumbers: readonly string[], except: string): Promise<string> {
    for (const n of caseNumbers) await this.row(n).getByTestId('row-tick').check();
    const picker = this.page.getByTestId('bulk-team');
    // Any team but the cases' current one (the catalogue's units).
    await expect(picker.locator('option')).not.toHaveCount(1);
    const teams = await picker
      .locator('option')
      .evaluateAll((els) => els.map((el) => el.getAttribute('value') ?? '').filter(Boolean));
    const team = teams.find((x) => x !== except);
    if (!team) throw new Error(`no team other than ${except}`);
    await picker.selectOption(team);
    await this.page.getByTestId('bulk-team-apply').click();
    return team;
  }

  /** The SLA calendar row of a priority in Admin → SLA catalogue (issue 15). */
  slaCalendarRow(priority: 'minor' | 'major' | 'critical'): Locator {
    return this.page.locator(`[data-testid="sla-cal-row"][data-priority="${priority}"]`);
  }

  /** Admin → Master data → CSV import of `kind` with the given file content. */
  async importCsv(kind: 'devices' | 'merchants', name: string, csv: string): Promise<void> {
    await this.gotoNav('Data master');
    await this.page.getByTestId('admin-tab-import').click();
    await this.page.getByTestId('import-kind').selectOption(kind);
    await this.page
      .getByTestId('import-file')
      .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await this.page.getByTestId('import-submit').click();
    await expect(this.page.getByTestId('import-summary')).toBeVisible();
  }
}
