import { expect, type Page } from '@playwright/test';

export type CaseInput = {
  /** Visible label of the request-type chip, e.g. "Ganti perangkat EDC". */
  category: string;
  comment?: string;
  replacementSerial?: string;
};

export class CaseFormPage {
  constructor(private readonly page: Page) {}

  async fill(input: CaseInput): Promise<void> {
    const form = this.page.getByTestId('case-form');
    await expect(form).toBeVisible();
    await this.chooseCategory(input.category);
    const subcase = this.page.getByLabel('Subkasus');
    // The form proposes a subcase from the local SLA catalogue (index 0 is the "—" prompt).
    await expect(subcase.locator('option').nth(1)).toBeAttached();
    await expect(subcase).not.toHaveValue('');
    await expect(this.page.getByTestId('sla-preview')).toContainText('Perkiraan batas waktu');
    if (input.comment) await this.page.getByLabel('Komentar').fill(input.comment);
    if (input.replacementSerial)
      await this.page.getByLabel('Nomor seri pengganti (opsional)').fill(input.replacementSerial);
  }

  /** One tap on the request-type chip (a radio underneath). */
  async chooseCategory(label: string): Promise<void> {
    const chips = this.page.getByTestId('category-choice');
    await chips.locator('label.chip', { hasText: label }).click();
    await expect(chips.getByRole('radio', { name: label })).toBeChecked();
  }

  async addPhoto(file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await this.page.getByTestId('photo-input').setInputFiles(file);
  }

  async submit(): Promise<void> {
    await this.page.getByRole('button', { name: 'Kirim kasus' }).click();
    await expect(this.page.getByTestId('case-detail')).toBeVisible();
  }

  /** Id of the case shown after submit. */
  async caseId(): Promise<string> {
    const id = await this.page.getByTestId('case-detail').getAttribute('data-case-id');
    if (!id) throw new Error('case detail without id');
    return id;
  }
}
