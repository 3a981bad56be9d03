/**
 * Issue 4, master data through the admin UI against the real server: holiday editor,
 * user management (create, disable), device-session revocation, webhook endpoints with
 * their delivery log. Agents do not see the master-data screen at all.
 *
 * The two admin tests share one desk page, admin1 signed in once (fixtures/signed-in.ts):
 * neither tests the sign-in, each starts from a fresh load of the queue and works on data
 * of its own (stamped names). The agents' test signs agent1 in itself.
 */
import { loginResponseSchema } from '@edc/shared';
import { sharedSession, signedInDesk } from './fixtures/signed-in.ts';
import { expect, test } from './fixtures/test.ts';
import { DeskPage } from './page-models/desk-page.ts';

const VIEWPORT = { width: 1440, height: 900 };
test.use({ viewport: VIEWPORT });

const admin = sharedSession((browser, baseURL) => signedInDesk(browser, baseURL, 'admin1', VIEWPORT));

test('admin master data: holiday, user create/disable, session revoke, webhook with delivery log', async ({
  serverURL,
}) => {
  const stamp = Date.now().toString(36);
  const { page, desk } = admin();
  await desk.gotoQueue();
  await desk.gotoNav('Data master');

  // Holidays: add one, then delete it.
  await page.getByTestId('admin-tab-holidays').click();
  const holidays = page.getByTestId('admin-holidays');
  const date = `2099-0${1 + (Date.now() % 9)}-1${Date.now() % 10}`;
  await holidays.getByLabel('Tanggal').fill(date);
  await holidays.getByLabel('Nama hari libur').fill(`Libur e2e ${stamp}`);
  await holidays.getByRole('button', { name: 'Tambah' }).click();
  const holidayRow = holidays.locator('tr', { hasText: `Libur e2e ${stamp}` });
  await expect(holidayRow).toContainText(date);
  // Deleting asks first: cancelling keeps the holiday, confirming removes it.
  await holidayRow.getByRole('button', { name: 'Hapus' }).click();
  const confirmHoliday = page.getByTestId('holiday-delete-confirm');
  await expect(confirmHoliday).toContainText(`Libur e2e ${stamp}`);
  await confirmHoliday.getByRole('button', { name: 'Batal' }).click();
  await expect(confirmHoliday).toHaveCount(0);
  await expect(holidayRow).toHaveCount(1);
  await holidayRow.getByRole('button', { name: 'Hapus' }).click();
  await confirmHoliday.getByRole('button', { name: 'Hapus' }).click();
  await expect(holidayRow).toHaveCount(0);

  // Users: create a technician.
  const username = `e2e-admin-${stamp}`;
  const password = 'e2e-password-456';
  await page.getByTestId('admin-tab-users').click();
  const userForm = page.getByTestId('user-form');
  await userForm.getByLabel('Nama pengguna').fill(username);
  await userForm.getByLabel('Nama tampilan').fill('Teknisi E2E');
  await userForm.getByLabel('Peran').selectOption('technician');
  await userForm.getByLabel('Wilayah (pisahkan dengan koma)').fill('jkt');
  await userForm.getByLabel('Kata sandi awal (min. 10 karakter)').fill(password);
  await userForm.getByRole('button', { name: 'Buat pengguna' }).click();
  const userRow = page.locator(`[data-testid="user-row"][data-username="${username}"]`);
  await expect(userRow).toBeVisible();
  await expect(userRow.getByLabel('Wilayah (pisahkan dengan koma)')).toHaveValue('JKT');

  // The new user signs in on a phone (a device session); the admin revokes it.
  const login = await fetch(`${serverURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, deviceLabel: 'E2E phone' }),
  });
  expect(login.status).toBe(200);
  const { refreshToken } = loginResponseSchema.parse(await login.json());
  await page.getByTestId('admin-tab-sessions').click();
  const sessionRow = page.locator(`[data-testid="session-row"][data-username="${username}"]`);
  await expect(sessionRow).toHaveCount(1);
  await sessionRow.getByRole('button', { name: 'Cabut sesi' }).click();
  // Revoking asks first (issue 15).
  await page.getByTestId('revoke-confirm').getByRole('button', { name: 'Cabut sesi' }).click();
  await expect(sessionRow).toHaveCount(0);
  const refresh = await fetch(`${serverURL}/api/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });
  expect(refresh.status).toBe(401);

  // Disable the user: the login is refused afterwards.
  await page.getByTestId('admin-tab-users').click();
  await userRow.getByRole('button', { name: 'Nonaktifkan' }).click();
  // exact: 'Aktifkan' is a substring of 'Nonaktifkan', which would match before the PATCH landed.
  await expect(userRow.getByRole('button', { name: 'Aktifkan', exact: true })).toBeVisible();
  const again = await fetch(`${serverURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(again.status).toBe(401);

  // Webhooks: an endpoint (its secret is shown once) and its delivery log.
  await page.getByTestId('admin-tab-webhooks').click();
  const hooks = page.getByTestId('admin-webhooks');
  const url = `http://127.0.0.1:9/e2e-${stamp}`;
  await hooks.locator('input[type="url"]').fill(url);
  await hooks.getByRole('button', { name: 'Tambah endpoint' }).click();
  await expect(hooks.getByText('Rahasia HMAC')).toBeVisible();
  const hookRow = hooks.locator('tr', { hasText: url });
  await expect(hookRow).toBeVisible();
  await hookRow.getByRole('button', { name: 'Log pengiriman' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(hookRow).toContainText('Belum ada pengiriman ke endpoint ini.');
  await hookRow.getByRole('button', { name: 'Hapus' }).click();
  const confirmDelete = page.getByTestId('webhook-delete-confirm');
  await expect(confirmDelete).toContainText(url);
  await confirmDelete.getByRole('button', { name: 'Hapus' }).click();
  await expect(hookRow).toHaveCount(0);
});

test('admin FAQ: the form says what is missing, adds, edits and deletes (asking first) an article', async () => {
  const stamp = Date.now().toString(36);
  const { page, desk } = admin();
  await desk.gotoQueue();
  await desk.gotoNav('Data master');
  await page.getByTestId('admin-tab-faq').click();
  const form = page.getByTestId('faq-form');

  // Nothing typed: each text field says so in words, nothing is sent.
  await form.getByRole('button', { name: 'Tambah' }).click();
  await expect(form.getByLabel('Pertanyaan')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByRole('alert')).toHaveCount(2);
  await expect(form.getByRole('alert').first()).toHaveText('Wajib diisi.');

  const question = `Printer e2e ${stamp} tidak mencetak?`;
  await form.getByLabel('Kategori').selectOption('paper_supply');
  await form.getByLabel('Pertanyaan').fill(question);
  await form
    .getByLabel('Jawaban')
    .fill('Buka tutup printer, pasang gulungan kertas termal dengan sisi licin ke atas.');
  await form.getByRole('button', { name: 'Tambah' }).click();
  const row = page.getByTestId('faq-row').filter({ hasText: question });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Kertas');
  await expect(form.getByLabel('Pertanyaan')).toHaveValue('');

  // Edit: the form takes the article's fields; saving to "general" clears its category.
  await row.getByRole('button', { name: 'Ubah' }).click();
  await expect(form.getByLabel('Pertanyaan')).toHaveValue(question);
  const edited = `${question} (diperbarui)`;
  await form.getByLabel('Pertanyaan').fill(edited);
  await form.getByLabel('Kategori').selectOption('');
  await form.getByRole('button', { name: 'Simpan perubahan' }).click();
  const editedRow = page.getByTestId('faq-row').filter({ hasText: edited });
  await expect(editedRow).toHaveCount(1);
  await expect(editedRow).toContainText('Umum');
  await expect(form.getByRole('button', { name: 'Tambah' })).toBeVisible();

  // Delete asks first.
  await editedRow.getByRole('button', { name: 'Hapus' }).click();
  const confirm = page.getByTestId('faq-delete-confirm');
  await expect(confirm).toContainText(edited);
  await confirm.getByRole('button', { name: 'Hapus' }).click();
  await expect(editedRow).toHaveCount(0);
});

test('master data is hidden from agents', async ({ page }) => {
  const desk = new DeskPage(page);
  await desk.login('agent1');
  await expect(
    page.getByRole('navigation', { name: 'Menu meja layanan' }).getByRole('link', { name: 'Data master' }),
  ).toHaveCount(0);
  await page.goto('/desk/admin');
  await expect(page).toHaveURL(/\/desk$/);
});
