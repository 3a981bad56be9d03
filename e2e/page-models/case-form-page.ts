import { expect, type Page } from '@playwright/test';

export type CaseInput = {
  /** Visible label of the Request/Action option, e.g. "Ganti Perangkat (Replace Device)". */
  category: string;
  comment?: string;
  replacementSerial?: string;
};

export class CaseFormPage {
  constructor(private readonly page: Page) {}

  async fill(input: CaseInput): Promise<void> {
    const form = this.page.getByTestId('case-form');
    await expect(form).toBeVisible();
    await this.page.getByLabel('Request/Action').selectOption({ label: input.category });
    const subcase = this.page.getByLabel('Subkasus');
    // First real subcase of the local SLA catalogue (index 0 is the "—" prompt).
    await expect(subcase.locator('option').nth(1)).toBeAttached();
    await subcase.selectOption({ index: 1 });
    await expect(this.page.getByTestId('sla-preview')).toContainText('Perkiraan batas waktu');
    if (input.comment) await this.page.getByLabel('Komentar').fill(input.comment);
    if (input.replacementSerial)
      await this.page.getByLabel('Nomor seri pengganti (opsional)').fill(input.replacementSerial);
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
