import { expect, type Locator, type Page } from '@playwright/test';

export class TechHomePage {
  readonly syncPanel: Locator;
  readonly pending: Locator;

  constructor(private readonly page: Page) {
    this.syncPanel = page.getByTestId('sync-panel');
    this.pending = page.getByTestId('sync-pending');
  }

  async goto(): Promise<void> {
    await this.page.goto('/tech');
  }

  async expectLoaded(): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Cari perangkat EDC' })).toBeVisible();
  }

  /** Waits until every collection finished its first pull and devices are stored locally. */
  async waitForInitialSync(): Promise<void> {
    await expect(this.syncPanel).toHaveAttribute('data-initial-done', 'true', { timeout: 90_000 });
  }

  async lookup(query: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Nomor seri, SAM, SIM atau TID' }).fill(query);
    await this.page.getByRole('button', { name: 'Cari', exact: true }).click();
  }

  async syncNow(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
  }
}
