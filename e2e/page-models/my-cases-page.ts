import type { Locator, Page } from '@playwright/test';

export class MyCasesPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/tech/cases');
  }

  item(caseId: string): Locator {
    return this.page.locator(`[data-testid="case-item"][data-case-id="${caseId}"]`);
  }

  number(caseId: string): Locator {
    return this.item(caseId).getByTestId('case-number');
  }

  status(caseId: string): Locator {
    return this.item(caseId).getByTestId('case-status');
  }
}
