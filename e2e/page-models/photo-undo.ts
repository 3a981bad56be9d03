import { expect, type Page } from '@playwright/test';

/**
 * Removes the first evidence photo of a form holding one, then restores it with the toast's
 * "Urungkan": the technician's case form and the merchant's complaint form share the
 * photo picker, so both specs walk the same undo.
 */
export async function removePhotoAndUndo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Hapus foto 1' }).click();
  await expect(page.getByRole('group', { name: 'Foto bukti (0/4)' })).toBeVisible();
  await expect(page.getByTestId('toast')).toContainText('Foto dihapus');
  await page.getByTestId('toast-action').click();
  await expect(page.getByRole('group', { name: 'Foto bukti (1/4)' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Foto bukti 1' })).toBeVisible();
}
