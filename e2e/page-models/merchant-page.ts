import { expect, type Locator, type Page } from '@playwright/test';
import { LoginPage } from './login-page.ts';

export type ComplaintInput = {
  text: string;
  /** Visible label of the category option; omitted → keep what the classifier suggested. */
  category?: string;
  /** Visible label of the subcase option. */
  subcase?: string;
  /** Terminal serial from the merchant's own devices. */
  terminal?: string;
  /** A phone number to call back, as typed. */
  contactPhone?: string;
  /** A photo taken with the form's camera button. */
  photo?: { name: string; mimeType: string; buffer: Buffer };
};

/** Merchant screens: home (my cases + lookup), complaint form, case page (timeline, answer, chat). */
export class MerchantPage {
  readonly home: Locator;
  readonly caseList: Locator;
  readonly casePage: Locator;
  readonly timeline: Locator;
  readonly suggestion: Locator;

  constructor(private readonly page: Page) {
    this.home = page.getByTestId('merchant-home');
    this.caseList = page.getByTestId('merchant-case-list');
    this.casePage = page.getByTestId('merchant-case');
    this.timeline = page.getByTestId('merchant-timeline');
    this.suggestion = page.getByTestId('classifier-suggestion');
  }

  async login(username = 'merchant1'): Promise<void> {
    const login = new LoginPage(this.page);
    await login.goto();
    await login.login(username);
    await expect(this.home).toBeVisible();
    await this.waitForInitialSync();
  }

  async waitForInitialSync(): Promise<void> {
    await expect(this.page.getByTestId('sync-panel')).toHaveAttribute('data-initial-done', 'true', {
      timeout: 90_000,
    });
  }

  async gotoHome(): Promise<void> {
    await this.page.goto('/merchant');
    await expect(this.home).toBeVisible();
  }

  items(): Locator {
    return this.page.getByTestId('merchant-case-item');
  }

  item(caseId: string): Locator {
    return this.page.locator(`[data-testid="merchant-case-item"][data-case-id="${caseId}"]`);
  }

  /** Ids of the cases listed on the home screen. */
  async listedIds(): Promise<string[]> {
    return this.items().evaluateAll((els) => els.map((el) => el.getAttribute('data-case-id') ?? ''));
  }

  async openCase(caseId: string): Promise<void> {
    await this.page.goto(`/merchant/cases/${caseId}`);
    await expect(this.casePage).toHaveAttribute('data-case-id', caseId);
  }

  async startComplaint(): Promise<void> {
    await this.page.getByTestId('new-complaint').click();
    await expect(this.page.getByTestId('complaint-form')).toBeVisible();
  }

  /** Fills the complaint form; waits for the classifier's suggestion on the text first. */
  async fillComplaint(input: ComplaintInput): Promise<void> {
    await this.page.getByLabel('Ceritakan masalahnya').fill(input.text);
    await expect(this.suggestion).toBeVisible();
    if (input.category) {
      await this.page.getByLabel('Kategori').selectOption({ label: input.category });
    } else if ((await this.suggestion.getAttribute('data-applied')) !== 'true') {
      // A low-confidence suggestion is never applied silently: confirm it explicitly.
      await this.suggestion.getByRole('button', { name: 'Pakai saran ini' }).click();
      await expect(this.suggestion).toHaveAttribute('data-applied', 'true');
    }
    if (input.subcase) await this.page.getByLabel('Subkasus').selectOption({ label: input.subcase });
    if (input.terminal) {
      const option = this.page
        .getByLabel('Terminal (opsional)')
        .locator('option', { hasText: input.terminal });
      const value = await option.getAttribute('value');
      if (!value) throw new Error(`terminal ${input.terminal} not offered`);
      await this.page.getByLabel('Terminal (opsional)').selectOption(value);
    }
    if (input.contactPhone)
      await this.page.getByLabel('Nomor HP yang bisa dihubungi (opsional)').fill(input.contactPhone);
    if (input.photo) {
      await this.page.getByTestId('photo-input').setInputFiles(input.photo);
      // Resized on the phone and stored before it counts.
      await expect(this.page.getByRole('group', { name: 'Foto bukti (1/4)' })).toBeVisible({
        timeout: 60_000,
      });
    }
  }

  /** Submits; resolves with the new case's id (the case page opens). */
  async submitComplaint(): Promise<string> {
    await this.page.getByRole('button', { name: 'Kirim keluhan' }).click();
    await expect(this.casePage).toBeVisible();
    const id = await this.casePage.getAttribute('data-case-id');
    if (!id) throw new Error('case page without id');
    return id;
  }

  caseNumber(): Locator {
    return this.casePage.getByTestId('case-number');
  }

  status(): Locator {
    return this.casePage.getByTestId('case-status');
  }

  step(name: string): Locator {
    return this.timeline.locator(`[data-testid="timeline-step"][data-step="${name}"]`);
  }

  async confirmResolution(rating: number): Promise<void> {
    const answer = this.page.getByTestId('resolution-answer');
    await expect(answer).toBeVisible();
    // The radio is visually a star inside its label: click the label, as a thumb would.
    await answer
      .getByRole('radio', { name: `${rating} dari 5` })
      .locator('xpath=..')
      .click();
    await expect(answer.getByRole('radio', { name: `${rating} dari 5` })).toBeChecked();
    await answer.getByRole('button', { name: 'Konfirmasi selesai' }).click();
  }

  async reopen(reason: string): Promise<void> {
    const answer = this.page.getByTestId('resolution-answer');
    await answer.getByRole('button', { name: 'Buka kembali' }).click();
    await answer.getByLabel('Alasan membuka kembali').fill(reason);
    await answer.getByRole('button', { name: 'Kirim & buka kembali' }).click();
  }

  chatMessages(): Locator {
    return this.page.getByTestId('chat-message');
  }

  async sendMessage(text: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Tulis pesan' }).fill(text);
    await this.page.getByRole('button', { name: 'Kirim pesan' }).click();
  }

  /** The "Sudah coba ini?" offer on the complaint form. */
  faqOffer(): Locator {
    return this.page.getByTestId('faq-offer');
  }

  /** Opens the first offered article and says it solved the problem. */
  async solveWithFirstOffer(): Promise<string> {
    const article = this.faqOffer().getByTestId('faq-article').first();
    const id = (await article.getAttribute('data-article-id')) ?? '';
    await article.locator('summary').click();
    await article.getByTestId('faq-solved').click();
    await expect(this.home).toBeVisible();
    return id;
  }

  progressStep(key: string): Locator {
    return this.page.locator(`[data-testid="progress-step"][data-step="${key}"]`);
  }

  /** Confirms with a rating, an optional comment and, when asked, an NPS answer. */
  async confirmWith(input: { rating: number; comment?: string; nps?: number }): Promise<void> {
    const answer = this.page.getByTestId('resolution-answer');
    await expect(answer).toBeVisible();
    await answer
      .getByRole('radio', { name: `${input.rating} dari 5` })
      .locator('xpath=..')
      .click();
    if (input.comment) await answer.getByLabel('Komentar (opsional)').fill(input.comment);
    if (input.nps !== undefined) {
      const nps = answer.getByTestId('nps-question');
      await nps
        .getByRole('radio', { name: String(input.nps), exact: true })
        .locator('xpath=..')
        .click();
      await expect(nps.getByRole('radio', { name: String(input.nps), exact: true })).toBeChecked();
    }
    await answer.getByRole('button', { name: 'Konfirmasi selesai' }).click();
  }

  async lookup(caseNumber: string): Promise<void> {
    await this.page.getByLabel('Cari nomor kasus').fill(caseNumber);
    await this.page.getByRole('button', { name: 'Cari kasus' }).click();
  }
}
