import type { Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../fixtures/api.ts';

export class LoginPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/login');
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<void> {
    await this.page.getByLabel('Nama pengguna').fill(username);
    await this.page.getByLabel('Kata sandi').fill(password);
    await this.page.getByRole('button', { name: 'Masuk' }).click();
  }
}
