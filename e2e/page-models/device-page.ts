import { expect, type Locator, type Page } from '@playwright/test';

export class DevicePage {
  readonly errorDialog: Locator;
  readonly blockingBanner: Locator;

  constructor(private readonly page: Page) {
    this.errorDialog = page.getByRole('dialog');
    this.blockingBanner = page.getByTestId('blocking-case');
  }

  async expectDevice(serial: string): Promise<void> {
    await expect(this.page.getByRole('heading', { name: `Perangkat ${serial}` })).toBeVisible();
    await expect(this.page.getByTestId('device-page')).toBeVisible();
  }

  async startNewCase(): Promise<void> {
    await this.page.getByRole('button', { name: 'Buat kasus baru' }).click();
  }
}
