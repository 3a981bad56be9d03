/**
 * Issue 14, merchants help themselves, on a phone viewport: the FAQ offer on the complaint
 * form solves a problem and is counted (no case sent); the help page finds an article
 * from informal words; the stepper says what happens next; a confirmation with a rating,
 * a comment and NPS is recorded; a resolution nobody confirms closes itself after
 * AUTO_CLOSE_HOURS (the server's auto-close pass run on an injected clock through the
 * test-only hook); a survey window opened by a supervisor appears and is answered; the
 * merchant home shows no outbox tools.
 */
import { satisfactionReportSchema, surveyResultsSchema } from '@edc/shared';
import sharp from 'sharp';
import { apiLogin } from './fixtures/api.ts';
import {
  apiJson,
  apiLoginUser,
  caseById,
  casesOf,
  devicesOf,
  eventsOf,
  intake,
  transition,
} from './fixtures/case-api.ts';
import { expect, test } from './fixtures/test.ts';
import { DeskPage } from './page-models/desk-page.ts';
import { MerchantPage } from './page-models/merchant-page.ts';

test.use({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });

const shots = process.env.EDC_SHOTS_DIR;

async function report(serverURL: string, token: string) {
  const res = await apiJson(serverURL, token, '/api/reports/satisfaction');
  expect(res.status).toBe(200);
  return satisfactionReportSchema.parse(res.body);
}

test('merchant self-service: FAQ deflection, stepper, confirm with NPS, auto-close, survey, message before acceptance', async ({
  page,
  context,
  browser,
  serverURL,
}) => {
  // A long journey (six parts, one more form check): on a loaded 2-core CI machine it needs more than the default.
  test.setTimeout(240_000);
  const { user } = await apiLoginUser(serverURL, 'merchant1');
  const mid = user.mid ?? '';
  const agent = await apiLogin(serverURL, 'agent1');
  const before = await report(serverURL, agent);
  const casesBefore = (await casesOf(serverURL, 'merchant1')).length;

  // A supervisor opens the twice-yearly survey window (one may be open from an earlier run).
  const supervisor = await apiLogin(serverURL, 'supervisor1');
  const opened = await apiJson(serverURL, supervisor, '/api/admin/surveys', {
    method: 'POST',
    body: {
      title: 'CSI Semester I (e2e)',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
    },
  });
  expect([201, 409]).toContain(opened.status);

  const merchant = new MerchantPage(page);
  await merchant.login('merchant1');
  // Merchant things only: no outbox export/import on the merchant home.
  await expect(page.getByRole('button', { name: 'Ekspor kasus tertunda' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Impor kasus dari file' })).toHaveCount(0);

  // Survey: shown while the window is open, answered once.
  const survey = page.getByTestId('survey-card');
  await expect(survey).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/merchant-home-survey.png`, fullPage: true });
  // No rating: said in words, nothing sent.
  await survey.getByRole('button', { name: 'Kirim survei' }).click();
  await expect(survey.getByRole('alert')).toHaveText('Pilih penilaian 1–5.');
  if (shots) await page.screenshot({ path: `${shots}/merchant-survey-error.png`, fullPage: true });
  await survey.getByRole('radio', { name: '4 dari 5' }).locator('xpath=..').click();
  await expect(survey.getByRole('alert')).toHaveCount(0);
  await survey.getByRole('button', { name: 'Kirim survei' }).click();
  await expect(page.getByTestId('survey-thanks')).toBeVisible();
  const surveys = await apiJson(serverURL, supervisor, '/api/admin/surveys');
  const results = surveyResultsSchema.array().parse(surveys.body);
  expect(results[0]?.responses).toBeGreaterThanOrEqual(1);
  expect(results[0]?.byRegion.length).toBeGreaterThanOrEqual(1);

  // FAQ deflection: typing shows "Sudah coba ini?"; "this solved it" is counted, nothing is sent.
  await merchant.startComplaint();
  await page.getByLabel('Ceritakan masalahnya').fill('Kertas struk habis, tolong kirim roll kertas baru');
  await expect(merchant.faqOffer()).toBeVisible();
  await expect(merchant.faqOffer()).toContainText('Sudah coba ini?');
  await expect(merchant.faqOffer().getByTestId('faq-article').first()).toContainText('Kertas struk');
  if (shots) await page.screenshot({ path: `${shots}/complaint-faq-offer.png`, fullPage: true });
  await merchant.solveWithFirstOffer();
  await expect
    .poll(async () => (await report(serverURL, agent)).deflection.solved)
    .toBe(before.deflection.solved + 1);
  expect((await casesOf(serverURL, 'merchant1')).length).toBe(casesBefore);

  // Help page: informal words find the article, offline data.
  await page.getByTestId('nav-help').click();
  await page.getByLabel('Cari bantuan').fill('muncul rc 05 trs');
  await expect(page.getByTestId('faq-article').first()).toContainText('RC 05');
  if (shots) await page.screenshot({ path: `${shots}/faq-page.png`, fullPage: true });

  // What happens next: the stepper while the desk works, then confirm with rating, comment and NPS.
  const a = await intake(serverURL, agent, {
    channel: 'phone',
    mid,
    category: 'other',
    description: 'Pertanyaan cara cetak ulang struk (e2e self-service)',
  });
  await merchant.openCase(a.id);
  await expect(merchant.progressStep('received')).toHaveAttribute('data-state', 'done');
  await expect(merchant.progressStep('assigned')).toHaveAttribute('data-state', 'current');
  await expect(merchant.progressStep('assigned').getByTestId('step-target')).toContainText(
    'Target tanggapan pertama',
  );
  await transition(serverURL, agent, a.id, { action: 'start' });
  // An internal note never reaches the merchant (pull and screen); a public reply does.
  const internal = await apiJson(serverURL, agent, `/api/cases/${a.id}/comments`, {
    method: 'POST',
    body: { note: 'Catatan internal: merchant sering salah menu (e2e)', internal: true },
  });
  expect(internal.status).toBe(201);
  const reply = await apiJson(serverURL, agent, `/api/cases/${a.id}/comments`, {
    method: 'POST',
    body: { note: 'Panduan cetak ulang kami kirim lewat aplikasi (e2e)' },
  });
  expect(reply.status).toBe(201);
  await expect(merchant.chatMessages().filter({ hasText: 'Panduan cetak ulang' })).toBeVisible();
  await expect(page.getByText('Catatan internal')).toHaveCount(0);
  const merchantToken = await apiLogin(serverURL, 'merchant1');
  const pulled = await eventsOf(serverURL, merchantToken, a.id);
  expect(pulled.some((e) => e.note?.includes('Panduan cetak ulang'))).toBe(true);
  expect(pulled.some((e) => e.note?.includes('Catatan internal'))).toBe(false);
  await transition(serverURL, agent, a.id, {
    action: 'resolve',
    rca: 'Panduan belum diterima',
    capa: 'Panduan dikirim',
  });
  await expect(merchant.progressStep('confirmed')).toHaveAttribute('data-state', 'current');
  await expect(merchant.progressStep('confirmed')).toContainText('Ditutup otomatis bila tidak dikonfirmasi');
  await expect(merchant.progressStep('resolved').getByTestId('step-target')).toHaveAttribute(
    'data-outcome',
    'met',
  );
  if (shots) await page.screenshot({ path: `${shots}/case-stepper-resolved.png`, fullPage: true });
  const npsBefore = (await report(serverURL, agent)).nps.responses;
  await merchant.confirmWith({ rating: 5, comment: 'Cepat, terima kasih', nps: 9 });
  await expect(merchant.status()).toHaveAttribute('data-status', 'closed', { timeout: 60_000 });
  await expect.poll(async () => (await report(serverURL, agent)).nps.responses).toBe(npsBefore + 1);
  expect(await caseById(serverURL, agent, a.id)).toMatchObject({ status: 'closed', satisfaction: 5 });

  // Nobody confirms the next one: the auto-close pass at resolvedAt + 73 h closes it by system.
  const b = await intake(serverURL, agent, {
    channel: 'phone',
    mid,
    category: 'other',
    description: 'Pertanyaan jam operasional (e2e auto-close)',
  });
  await transition(serverURL, agent, b.id, { action: 'start' });
  const resolved = await transition(serverURL, agent, b.id, {
    action: 'resolve',
    rca: 'Informasi jam operasional',
    capa: 'Dijawab lewat telepon',
  });
  await merchant.openCase(b.id);
  await expect(merchant.status()).toHaveAttribute('data-status', 'resolved');
  const admin = await apiLogin(serverURL, 'admin1');
  const run = await apiJson(serverURL, admin, '/api/test/auto-close', {
    method: 'POST',
    body: {
      now: new Date(Date.parse(resolved.resolvedAt ?? '') + 73 * 3_600_000).toISOString(),
      caseIds: [b.id],
    },
  });
  expect(run).toEqual({ status: 200, body: { closed: [b.id] } });
  await expect(merchant.status()).toHaveAttribute('data-status', 'closed', { timeout: 60_000 });
  await expect(merchant.progressStep('confirmed')).toContainText('Ditutup otomatis (tanpa konfirmasi)');
  await expect(merchant.step('closed')).toContainText('sistem');
  if (shots) await page.screenshot({ path: `${shots}/case-auto-closed.png`, fullPage: true });

  // A message written before the server has accepted the case waits in the outbox and is
  // delivered right after the case (the engine pushes the parent case first).
  await context.setOffline(true);
  await merchant.gotoHome();
  await merchant.startComplaint();
  await merchant.fillComplaint({ text: 'Mohon info biaya sewa EDC bulan ini, tagihan terasa lebih besar' });
  const offlineId = await merchant.submitComplaint();
  await expect(merchant.step('waiting')).toBeVisible();
  await merchant.sendMessage('Tagihan nomor INV-0099, mohon dicek.');
  const early = merchant.chatMessages().filter({ hasText: 'INV-0099' });
  await expect(early.getByTestId('chat-state')).toHaveText('menunggu kirim');
  await context.setOffline(false);
  await expect(merchant.caseNumber()).toHaveText(/^CASE-\d{8}-\d{5}$/, { timeout: 60_000 });
  await expect(early.getByTestId('chat-state')).toHaveText('terkirim', { timeout: 60_000 });
  await expect
    .poll(async () =>
      (await eventsOf(serverURL, agent, offlineId)).some(
        (e) => e.type === 'comment' && e.note?.includes('INV-0099'),
      ),
    )
    .toBe(true);

  // A complaint about a terminal that already has an open case becomes a message on that
  // case ("Tambahkan ke CASE-…"), not a doomed new case; the blocking number is a link.
  let open: Awaited<ReturnType<typeof intake>> | undefined;
  for (const d of (await devicesOf(serverURL, 'merchant1')).filter((x) => x.status === 'on_operation')) {
    const c = await intake(serverURL, agent, {
      channel: 'phone',
      mid,
      serialNumber: d.serialNumber,
      category: 'replace_device',
      description: 'Printer mati (e2e tambahkan ke kasus)',
    });
    if (c.status === 'open') {
      open = c;
      break;
    }
  }
  if (!open?.serialNumber || !open.caseNumber) throw new Error('no free terminal of merchant1');
  await merchant.gotoHome();
  await expect(merchant.item(open.id)).toBeVisible({ timeout: 60_000 });
  await merchant.startComplaint();
  const photo = await sharp({
    create: { width: 1000, height: 750, channels: 3, background: { r: 30, g: 90, b: 160 } },
  })
    .jpeg()
    .toBuffer();
  await merchant.fillComplaint({
    text: 'Printer masih tidak mencetak, foto terlampir',
    terminal: open.serialNumber,
    photo: { name: 'printer.jpg', mimeType: 'image/jpeg', buffer: photo },
  });
  const offer = page.getByTestId('complaint-blocking');
  await expect(offer.getByTestId('blocking-case-link')).toContainText(open.caseNumber);
  const countBefore = (await casesOf(serverURL, 'merchant1')).length;
  await offer.getByTestId('add-to-open-case').click();
  await expect(merchant.casePage).toHaveAttribute('data-case-id', open.id);
  const added = merchant.chatMessages().filter({ hasText: 'foto terlampir' });
  // The photo travels with the message (issue 14: message + photos to the open case).
  await expect(added.getByTestId('case-photo')).toBeVisible();
  await expect(added.getByTestId('chat-state')).toHaveText('terkirim', { timeout: 60_000 });
  expect((await casesOf(serverURL, 'merchant1')).length).toBe(countBefore);
  const openId = open.id;
  const photoIds = async () =>
    (await eventsOf(serverURL, agent, openId))
      .filter((e) => e.type === 'comment' && e.note?.includes('foto terlampir'))
      .flatMap((e) => (Array.isArray(e.data?.attachmentIds) ? e.data.attachmentIds : []));
  await expect.poll(photoIds, { timeout: 60_000 }).toHaveLength(1);
  const [photoId] = await photoIds();
  // Uploaded under the open case (the sync engine sends it once online).
  await expect
    .poll(async () => (await apiJson(serverURL, agent, `/api/attachments/${String(photoId)}`)).status, {
      timeout: 60_000,
    })
    .toBe(200);
  // The desk's case detail shows it.
  const desk = await browser.newContext({
    baseURL: serverURL,
    viewport: { width: 1280, height: 900 },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
  });
  const deskPage = await desk.newPage();
  await new DeskPage(deskPage).login('agent1');
  await deskPage.goto(`/desk?case=${open.id}`);
  await expect(
    deskPage.getByTestId('evidence').getByTestId('evidence-photos').getByTestId('evidence-photo'),
  ).toHaveCount(1, { timeout: 60_000 });
  await desk.close();
  await transition(serverURL, agent, open.id, { action: 'cancel', note: 'e2e: precondition done' });
});

test('the dashboard shows FAQ deflection and survey results by unit and region', async ({
  browser,
  serverURL,
}) => {
  const supervisor = await apiLogin(serverURL, 'supervisor1');
  const merchantToken = await apiLogin(serverURL, 'merchant1');
  // A window open now (or the one an earlier test opened), answered by merchant1 unless done.
  await apiJson(serverURL, supervisor, '/api/admin/surveys', {
    method: 'POST',
    body: {
      title: 'CSI Semester I (e2e)',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
    },
  });
  const current = await apiJson(serverURL, merchantToken, '/api/surveys/current');
  const survey = (current.body as { survey: { id: string } | null }).survey;
  if (!survey) throw new Error('no open survey');
  await apiJson(serverURL, merchantToken, `/api/surveys/${survey.id}/responses`, {
    method: 'POST',
    body: { score: 4 },
  });

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${serverURL}/login`);
  await page.getByLabel('Nama pengguna').fill('supervisor1');
  await page.getByLabel('Kata sandi').fill('demo-pass-2026');
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.waitForURL(/\/desk/);
  await page.goto(`${serverURL}/desk/dashboard`);
  const section = page.getByTestId('satisfaction');
  await expect(section.getByTestId('sat-deflection')).toBeVisible();
  const results = section.locator(`[data-testid="survey-results"][data-survey-id="${survey.id}"]`);
  await expect(results.getByTestId('survey-by-region')).toContainText('JKT');
  await expect(results.getByTestId('survey-by-unit').locator('tbody tr')).not.toHaveCount(0);
  if (shots) await page.screenshot({ path: `${shots}/desk-satisfaction.png`, fullPage: true });

  // Opening a window from the form: blank and backwards input is said at the fields and not
  // sent; a window in a far year (one per run, so a retry does not overlap) opens; the same
  // again overlaps it and the server's refusal is shown.
  const form = page.getByTestId('open-survey');
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/api/admin/surveys')) posts.push(r.url());
  });
  await form.getByRole('button', { name: 'Buka survei' }).click();
  await expect(form.getByRole('alert')).toHaveText(['Wajib diisi.', 'Wajib diisi.', 'Wajib diisi.']);
  const day = new Date(Date.UTC(2090, 0, 1) + (Date.now() % 50_000) * 3_600_000);
  const local = (d: Date) => d.toISOString().slice(0, 16);
  await form.getByLabel('Judul survei').fill('CSI e2e dari formulir');
  await form.getByLabel('Mulai').fill(local(new Date(day.getTime() + 3_600_000)));
  await form.getByLabel('Berakhir').fill(local(day));
  await form.getByRole('button', { name: 'Buka survei' }).click();
  await expect(form.getByRole('alert')).toHaveText('Waktu berakhir harus setelah waktu mulai.');
  expect(posts).toHaveLength(0);
  await form.getByLabel('Berakhir').fill(local(new Date(day.getTime() + 7_200_000)));
  await form.getByLabel('Berakhir').press('Enter');
  await expect(form.getByTestId('admin-notice')).toHaveText('Tersimpan');
  await expect(form.getByLabel('Judul survei')).toHaveValue('');
  await form.getByLabel('Judul survei').fill('CSI e2e dari formulir');
  await form.getByLabel('Mulai').fill(local(new Date(day.getTime() + 3_600_000)));
  await form.getByLabel('Berakhir').fill(local(new Date(day.getTime() + 7_200_000)));
  await form.getByRole('button', { name: 'Buka survei' }).click();
  await expect(form.getByTestId('admin-notice')).toHaveAttribute('role', 'alert');
  expect(posts).toHaveLength(2);
  await context.close();
});
