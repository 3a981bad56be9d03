/**
 * The technician's work loop (issue 12): the Tugas list on home, the on-site panel of a
 * job, refusals, and the rejection banner / inbox badge.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class JobPage {
  readonly jobs: Locator;
  readonly onSite: Locator;

  constructor(private readonly page: Page) {
    this.jobs = page.getByTestId('job-list');
    this.onSite = page.getByTestId('on-site');
  }

  job(caseId: string): Locator {
    return this.page.locator(`[data-testid="job"][data-case-id="${caseId}"]`);
  }

  async open(caseId: string): Promise<void> {
    await this.job(caseId).getByTestId('job-open').click();
    await expect(this.page.getByTestId('case-detail')).toHaveAttribute('data-case-id', caseId);
  }

  async arrive(): Promise<void> {
    await this.page.getByTestId('onsite-arrived').click();
    await expect(this.page.getByTestId('on-site-arrived')).toBeVisible();
  }

  async start(): Promise<void> {
    await this.page.getByTestId('onsite-started').click();
    await expect(this.page.getByTestId('onsite-started')).toBeHidden();
  }

  async addPhoto(file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    const before = await this.page.locator('[data-testid="onsite-photos"] img').count();
    await this.page.getByTestId('onsite-photo-input').setInputFiles(file);
    await expect(this.page.locator('[data-testid="onsite-photos"] img')).toHaveCount(before + 1);
  }

  /** Opens the scanner for the replacement unit and waits until the field holds `serial`. */
  async scanReplacement(serial: string): Promise<void> {
    await this.page.getByTestId('onsite-scan-replacement').click();
    await expect(this.page.getByTestId('onsite-replacement')).toHaveValue(serial, { timeout: 60_000 });
  }

  /** Draws a signature stroke on the pad with the pointer. */
  async sign(): Promise<void> {
    const pad = this.page.getByTestId('onsite-signature');
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    if (!box) throw new Error('signature pad not visible');
    await this.page.mouse.move(box.x + 20, box.y + box.height / 2);
    await this.page.mouse.down();
    for (let i = 1; i <= 10; i++) {
      await this.page.mouse.move(box.x + 20 + i * 25, box.y + box.height / 2 + (i % 2 ? -30 : 30));
    }
    await this.page.mouse.up();
  }

  async resolve(note: string, signer: string): Promise<void> {
    await this.page.getByTestId('onsite-note').fill(note);
    await this.page.getByTestId('onsite-signer').fill(signer);
    await this.page.getByTestId('onsite-resolved').click();
    await expect(this.page.getByTestId('on-site-resolved')).toBeVisible();
  }

  status(): Locator {
    return this.page.getByTestId('case-status');
  }

  refusal(): Locator {
    return this.page.getByTestId('refusal');
  }
}
