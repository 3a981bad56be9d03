import { expect, type Locator, type Page } from '@playwright/test';

/** The top app bar on every signed-in screen: title, status, and the menu (language, logout). */
export class AppBar {
  readonly title: Locator;
  readonly menu: Locator;

  constructor(private readonly page: Page) {
    this.title = page.getByTestId('app-bar-title');
    this.menu = page.getByTestId('app-menu');
  }

  async openMenu(): Promise<void> {
    await this.page.getByTestId('app-menu-button').click();
    await expect(this.menu).toBeVisible();
  }

  /** Opens the logout confirmation (it says what stays on the phone) through the menu. */
  async startLogout(): Promise<Locator> {
    await this.openMenu();
    await this.menu.getByTestId('logout').click();
    const dialog = this.page.getByTestId('logout-dialog');
    await expect(dialog).toBeVisible();
    return dialog;
  }

  /** Logs out through the menu and its confirmation; the login screen follows. */
  async logout(): Promise<void> {
    const dialog = await this.startLogout();
    await dialog.getByTestId('confirm-logout').click();
    await expect(this.page.getByRole('textbox', { name: /Nama pengguna|Username/ })).toBeVisible();
  }

  /** Picks a UI language in the menu ('Bahasa Indonesia' | 'English') and closes it. */
  async setLanguage(name: 'Bahasa Indonesia' | 'English'): Promise<void> {
    await this.openMenu();
    await this.menu.getByRole('radio', { name }).check();
    await this.page.keyboard.press('Escape');
    await expect(this.menu).toHaveCount(0);
  }
}
