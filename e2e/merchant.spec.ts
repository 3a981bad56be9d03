/**
 * Issue 4, merchant on a phone: merchant1 sees exactly their MID's cases (a case of another
 * MID never reaches the phone), files a complaint offline with the classifier's
 * suggestion, follows it through the timeline while the back office (agent1, over the
 * HTTP API) assigns, starts, comments and resolves it with RCA/CAPA, chats with the desk,
 * and confirms the resolution with a rating — the case is closed.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { apiLogin } from './fixtures/api.ts';
import {
  apiLoginUser,
  caseById,
  casesOf,
  comment,
  devicesOf,
  ensureMerchantHasCase,
  eventsOf,
  intake,
  transition,
} from './fixtures/case-api.ts';
import { expect, test } from './fixtures/test.ts';
import { MerchantPage } from './page-models/merchant-page.ts';
import { removePhotoAndUndo } from './page-models/photo-undo.ts';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test('merchant on a phone: only their cases, live timeline as the desk works one, confirm with a rating', async ({
  page,
  context,
  serverURL,
}) => {
  await ensureMerchantHasCase(serverURL, 'merchant1');
  const { user } = await apiLoginUser(serverURL, 'merchant1');
  const mid = user.mid;
  if (!mid) throw new Error('merchant1 has no MID');
  const agent = await apiLogin(serverURL, 'agent1');

  // A fresh case of another MID: the back office sees it, merchant1's phone never will.
  const otherMid = (await devicesOf(serverURL, 'agent1')).find((d) => d.mid !== mid)?.mid;
  if (!otherMid) throw new Error('no other MID in the demo data');
  const otherCase = await intake(serverURL, agent, {
    channel: 'phone',
    mid: otherMid,
    category: 'other',
    description: 'Pertanyaan biaya MDR (e2e, MID lain)',
  });
  expect(otherCase.status).toBe('open');

  const merchant = new MerchantPage(page);
  await merchant.login('merchant1');
  await expect(page.getByTestId('merchant-identity')).toContainText(`MID ${mid}`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  // The phone lists exactly the cases the server scopes to merchant1 — and those are
  // exactly the MID's cases in the back office's full view.
  const [mine, all] = await Promise.all([casesOf(serverURL, 'merchant1'), casesOf(serverURL, 'agent1')]);
  const midIds = all
    .filter((c) => c.mid === mid)
    .map((c) => c.id)
    .sort();
  expect(mine.map((c) => c.id).sort()).toEqual(midIds);
  expect(midIds.length).toBeGreaterThan(0);
  expect(midIds).not.toContain(otherCase.id);
  await expect.poll(async () => (await merchant.listedIds()).sort()).toEqual(midIds);
  await expect(merchant.item(otherCase.id)).toHaveCount(0);

  // File a complaint with no signal: saved on the phone, waiting for its number.
  await context.setOffline(true);
  // The merchant app starts without signal too (service worker + local data).
  await page.reload();
  await expect(merchant.home).toBeVisible();
  await expect(page.getByTestId('network-status')).toHaveAttribute('data-online', 'false');
  await expect.poll(async () => (await merchant.listedIds()).sort()).toEqual(midIds);
  await merchant.startComplaint();
  // With a number to call back (typed the way people write it) and a photo (issue 14).
  const photo = await sharp({
    create: { width: 1200, height: 900, channels: 3, background: { r: 200, g: 120, b: 40 } },
  })
    .jpeg()
    .toBuffer();
  await merchant.fillComplaint({
    text: 'Settlement kemarin gagal dan dana penjualan belum masuk ke rekening kami',
    contactPhone: '0812-3456-7890',
    photo: { name: 'struk.jpg', mimeType: 'image/jpeg', buffer: photo },
  });
  // A photo removed by mistake comes back with "Urungkan", as on the technician's form.
  await removePhotoAndUndo(page);
  const suggested = await merchant.suggestion.getAttribute('data-category');
  await expect(page.getByLabel('Kategori')).toHaveValue(suggested ?? '');
  const caseId = await merchant.submitComplaint();
  await expect(merchant.caseNumber()).toHaveText('Menunggu nomor kasus');
  // The photo shows from the phone's own copy while it waits (offline).
  await expect(page.getByTestId('case-photo')).toBeVisible();
  await expect(page.getByTestId('case-contact-phone')).toHaveText('+6281234567890');
  await expect(merchant.step('waiting')).toBeVisible();
  await expect(merchant.step('reported')).toHaveAttribute('data-offline', 'true');
  await expect(merchant.step('reported')).toContainText('(offline)');
  await expect(merchant.step('reported')).toContainText('Dilaporkan di lokasi');

  // Signal back: the outbox pushes on its own and the server's answer arrives.
  await context.setOffline(false);
  await expect(merchant.caseNumber()).toHaveText(/^CASE-\d{8}-\d{5}$/, { timeout: 60_000 });
  const caseNumber = (await merchant.caseNumber().textContent()) ?? '';
  await expect(merchant.status()).toHaveAttribute('data-status', 'open');
  await expect(merchant.step('received')).toContainText('Laporan diterima');
  await expect(merchant.step('number')).toContainText(caseNumber);
  const accepted = await caseById(serverURL, agent, caseId);
  expect(accepted).toMatchObject({
    mid,
    channel: 'merchant_app',
    createdBy: 'merchant1',
    caseNumber,
    contactPhone: '+6281234567890',
  });
  // The photo follows the case: uploaded by the sync engine once the case was answered.
  expect(accepted.attachmentIds).toHaveLength(1);
  await expect
    .poll(
      async () =>
        (
          await fetch(`${serverURL}/api/attachments/${accepted.attachmentIds[0]}`, {
            headers: { authorization: `Bearer ${agent}` },
          })
        ).status,
      { timeout: 60_000 },
    )
    .toBe(200);

  // The back office works the case; each step appears on the phone live (SSE poke → pull).
  await transition(serverURL, agent, caseId, { action: 'assign', assignee: 'agent1' });
  // By display name (the merchant cannot read the user list; the event carries it).
  await expect(merchant.step('assigned')).toContainText('→ Siti Rahmawati');
  await expect(page.getByTestId('case-handler')).toContainText('Siti Rahmawati');
  await transition(serverURL, agent, caseId, { action: 'start', note: 'Kami cek ke bank penampung' });
  await expect(merchant.step('started')).toContainText('Mulai dikerjakan');
  await expect(merchant.status()).toHaveAttribute('data-status', 'in_progress');

  // Chat with the desk: the desk's message arrives; the merchant's answer is queued
  // offline ("menunggu kirim") and marked sent once the server has it.
  await comment(serverURL, agent, caseId, 'Mohon kirim foto struk settlement terakhir.');
  await expect(merchant.chatMessages().filter({ hasText: 'foto struk settlement' })).toHaveAttribute(
    'data-mine',
    'false',
  );
  // An empty message is said in words and nothing is queued.
  await page.getByRole('button', { name: 'Kirim pesan' }).click();
  await expect(page.getByTestId('merchant-chat').getByRole('alert')).toHaveText('Tulis pesannya dulu.');
  await expect(merchant.chatMessages().filter({ hasText: 'batch 0042' })).toHaveCount(0);
  await context.setOffline(true);
  await merchant.sendMessage('Struk sudah kami foto, batch 0042.');
  await expect(page.getByTestId('merchant-chat').getByRole('alert')).toHaveCount(0);
  const mineMsg = merchant.chatMessages().filter({ hasText: 'batch 0042' });
  await expect(mineMsg.getByTestId('chat-state')).toHaveText('menunggu kirim');
  await context.setOffline(false);
  await expect(mineMsg.getByTestId('chat-state')).toHaveText('terkirim', { timeout: 60_000 });
  await expect
    .poll(async () =>
      (await eventsOf(serverURL, agent, caseId)).some((e) => e.type === 'comment' && e.actor === 'merchant1'),
    )
    .toBe(true);

  await transition(serverURL, agent, caseId, {
    action: 'resolve',
    rca: 'Batch settlement tertahan di host',
    capa: 'Batch dikirim ulang; pemantauan batch harian',
  });
  await expect(merchant.status()).toHaveAttribute('data-status', 'resolved');
  await expect(page.getByTestId('resolution-answer')).toContainText('Batch settlement tertahan di host');

  // Confirm without a rating: said in words, nothing sent; then with a rating the case
  // closes (server applies it as the merchant's close).
  const answer = page.getByTestId('resolution-answer');
  await answer.getByRole('button', { name: 'Konfirmasi selesai' }).click();
  await expect(answer.getByRole('alert')).toHaveText('Pilih penilaian 1–5.');
  await expect(merchant.step('confirmed')).toHaveCount(0);
  await merchant.confirmResolution(4);
  await expect(merchant.status()).toHaveAttribute('data-status', 'closed', { timeout: 60_000 });
  await expect(merchant.step('confirmed')).toBeVisible();
  await expect(page.getByTestId('case-rating')).toHaveText('Penilaian 4/5');
  const closed = await caseById(serverURL, agent, caseId);
  expect(closed).toMatchObject({ status: 'closed', satisfaction: 4 });
  expect(closed.closedAt).toBeTruthy();

  // Timeline order tells the story: report (offline) → received → number → desk → confirmed.
  const steps = await merchant.timeline
    .locator('[data-testid="timeline-step"]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-step')));
  expect(steps).toEqual(['reported', 'received', 'number', 'assigned', 'started', 'resolved', 'confirmed']);

  // Look the case up by its number; an unknown number says so.
  await merchant.gotoHome();
  await expect(merchant.item(caseId).getByTestId('case-status')).toHaveAttribute('data-status', 'closed');
  await merchant.lookup(caseNumber);
  await expect(merchant.casePage).toHaveAttribute('data-case-id', caseId);
  await merchant.gotoHome();
  await merchant.lookup('CASE-20990101-99999');
  await expect(page.getByTestId('lookup-not-found')).toHaveText('Kasus CASE-20990101-99999 tidak ditemukan.');
  // Another MID's number is "not found" too: the server does not reveal it exists.
  if (otherCase.caseNumber) {
    await merchant.lookup(otherCase.caseNumber);
    await expect(page.getByTestId('lookup-not-found')).toContainText('tidak ditemukan');
  }
  await expect(merchant.item(otherCase.id)).toHaveCount(0);
});

test('merchant: a low-confidence suggestion waits for confirmation; a resolution can be reopened with a reason', async ({
  page,
  serverURL,
}) => {
  const agent = await apiLogin(serverURL, 'agent1');
  const merchant = new MerchantPage(page);
  await merchant.login('merchant1');

  await merchant.startComplaint();
  // Text the model barely recognises (a plea for help without a problem, then keyboard noise;
  // confidence ~0.37 with the eleventh-round model, threshold 0.6): shown as a suggestion,
  // never applied on its own. "Tolong bantu kami segera, …" is no longer such a text: since the
  // model learnt from the writers' sets it reads that as a confident general request (0.81).
  await page.getByLabel('Ceritakan masalahnya').fill('Tolong kami qwerty asdfgh zxcvb');
  await expect(merchant.suggestion).toHaveAttribute('data-low-confidence', 'true');
  await expect(merchant.suggestion).toHaveAttribute('data-applied', 'false');
  await expect(page.getByLabel('Kategori')).toHaveValue('');
  await expect(page.getByLabel('Urgensi')).toHaveValue('');
  const suggested = (await merchant.suggestion.getAttribute('data-category')) ?? '';
  await merchant.suggestion.getByRole('button', { name: 'Pakai saran ini' }).click();
  await expect(merchant.suggestion).toHaveAttribute('data-applied', 'true');
  await expect(page.getByLabel('Kategori')).toHaveValue(suggested);
  // A catalogued subcase sets the urgency (the server applies the SLA rule's priority);
  // for a general complaint the merchant has the last word.
  const urgency = page.getByLabel('Urgensi');
  if ((await page.getByLabel('Subkasus').inputValue()) !== '') {
    await expect(urgency).toBeDisabled();
    await expect(page.getByTestId('urgency-from-catalogue')).toBeVisible();
    await page.getByLabel('Subkasus').selectOption({ label: '— (umum)' });
  }
  await expect(urgency).toBeEnabled();
  await urgency.selectOption({ label: 'Sedang' });
  await expect(merchant.suggestion).toHaveAttribute('data-applied', 'false');
  const caseId = await merchant.submitComplaint();
  await expect(merchant.caseNumber()).toHaveText(/^CASE-\d{8}-\d{5}$/, { timeout: 60_000 });
  const accepted = await caseById(serverURL, agent, caseId);
  expect(accepted).toMatchObject({ category: suggested, priority: 'major', channel: 'merchant_app' });

  await transition(serverURL, agent, caseId, { action: 'start' });
  await transition(serverURL, agent, caseId, {
    action: 'resolve',
    rca: 'Pertanyaan dijawab lewat telepon',
    capa: 'FAQ diperbarui',
  });
  await expect(merchant.status()).toHaveAttribute('data-status', 'resolved');
  // Reopen needs its reason (said at the field, nothing sent).
  const reopenAnswer = page.getByTestId('resolution-answer');
  await reopenAnswer.getByRole('button', { name: 'Buka kembali', exact: true }).click();
  await reopenAnswer.getByRole('button', { name: 'Kirim & buka kembali' }).click();
  await expect(reopenAnswer.getByRole('alert')).toHaveText('Tulis alasannya.');
  await expect(reopenAnswer.getByLabel('Alasan membuka kembali')).toBeFocused();
  await expect(merchant.step('reopened')).toHaveCount(0);
  await reopenAnswer.getByRole('button', { name: 'Batal' }).click();
  await merchant.reopen('Belum ada yang menghubungi kami');
  await expect(merchant.status()).toHaveAttribute('data-status', 'open', { timeout: 60_000 });
  await expect(merchant.step('reopened')).toContainText('Belum ada yang menghubungi kami');
  await expect(merchant.step('reopened')).toHaveAttribute('data-pending', 'false');
  const reopened = await caseById(serverURL, agent, caseId);
  expect(reopened.status).toBe('open');
  const events = await eventsOf(serverURL, agent, caseId);
  expect(events.find((e) => e.type === 'reopened')).toMatchObject({
    actor: 'merchant1',
    note: 'Belum ada yang menghubungi kami',
  });
});

test('merchant: a message the server refuses stays on the case with the reason, to write again or dismiss', async ({
  page,
  context,
  serverURL,
}) => {
  const { user } = await apiLoginUser(serverURL, 'merchant1');
  if (!user.mid) throw new Error('merchant1 has no MID');
  const open = await intake(serverURL, await apiLogin(serverURL, 'agent1'), {
    channel: 'phone',
    mid: user.mid,
    category: 'other',
    description: 'Struk tidak tercetak (e2e, pesan ditolak)',
  });
  const merchant = new MerchantPage(page);
  await merchant.login('merchant1');
  await merchant.openCase(open.id);
  // Taken by phone at the desk: the timeline says so (not "reported on site").
  await expect(merchant.step('reported')).toContainText('Dilaporkan lewat telepon');

  // What an older app version could send: text with a NUL byte, which the server refuses
  // for that row (issue 11). The request is changed on the way; the refusal is the server's.
  const pushUrl = '**/api/sync/v1/case_events/push';
  // On the context: it also sees requests the service worker makes.
  await context.route(pushUrl, async (route) => {
    const rows: { newDocumentState: { note?: string } }[] = JSON.parse(route.request().postData() ?? '[]');
    for (const row of rows) row.newDocumentState.note = `${row.newDocumentState.note ?? ''}\u0000`;
    await route.continue({ postData: JSON.stringify(rows) });
  });

  await merchant.sendMessage('Mohon kabari jadwal teknisi');
  const refused = merchant.refusedMessages().filter({ hasText: 'Mohon kabari jadwal teknisi' });
  await expect(refused).toHaveAttribute('data-reason', 'invalid');
  await expect(refused).toContainText('Komentar ditolak server');
  await expect(refused).toContainText('data tidak valid');
  // "Salin teks" puts the refused text on the clipboard, to paste elsewhere.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await refused.getByRole('button', { name: 'Salin teks' }).click();
  await expect(page.getByTestId('toast')).toContainText('Teks disalin.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Mohon kabari jadwal teknisi');
  await expect(merchant.chatMessages().filter({ hasText: 'Mohon kabari jadwal teknisi' })).toHaveCount(0);
  // Kept on the phone, not only on screen.
  await page.reload();
  await expect(refused).toBeVisible();
  await merchant.dismissRefused(refused);
  await expect(refused).toHaveCount(0);

  await merchant.sendMessage('Teknisi datang jam berapa?');
  const again = merchant.refusedMessages().filter({ hasText: 'Teknisi datang jam berapa?' });
  await expect(again).toBeVisible();
  await again.getByRole('button', { name: 'Tulis ulang' }).click();
  await expect(merchant.messageBox()).toHaveValue('Teknisi datang jam berapa?');
  await expect(again).toHaveCount(0);
  await context.unroute(pushUrl);
  await page.getByRole('button', { name: 'Kirim pesan' }).click();
  const sent = merchant.chatMessages().filter({ hasText: 'Teknisi datang jam berapa?' });
  await expect(sent.getByTestId('chat-state')).toHaveText('terkirim', { timeout: 60_000 });
});

test('merchant: a complaint the server refuses for good stays on the phone, and only then can be exported', async ({
  page,
  context,
  serverURL,
}) => {
  const merchant = new MerchantPage(page);
  await merchant.login('merchant1');
  const exportButton = page.getByRole('button', { name: 'Ekspor kasus tertunda' });
  // Merchant things only: no outbox tools while nothing is stuck.
  await expect(merchant.home).toBeVisible();
  await expect(exportButton).toHaveCount(0);

  // The whole cases push is refused for good (415: the request's Content-Type is changed
  // on the way, as a broken proxy would; the refusal is the server's own).
  const pushUrl = '**/api/sync/v1/cases/push';
  await context.route(pushUrl, (route) =>
    route.continue({ headers: { ...route.request().headers(), 'content-type': 'text/plain' } }),
  );
  await merchant.startComplaint();
  await merchant.fillComplaint({ text: 'Minta tambahan kertas struk 10 roll (e2e ekspor)' });
  const caseId = await merchant.submitComplaint();
  await expect(page.getByTestId('case-push-refused')).toHaveAttribute('data-status', '415', {
    timeout: 60_000,
  });
  await context.unroute(pushUrl);

  await merchant.gotoHome();
  await expect(page.getByTestId('sync-refused')).toHaveAttribute('data-count', '1');
  const [download] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
  const file = JSON.parse(await readFile(await download.path(), 'utf8')) as {
    format: string;
    cases: { id: string; description: string }[];
  };
  expect(file.format).toBe('edc-outbox');
  expect(file.cases).toEqual([
    expect.objectContaining({ id: caseId, description: 'Minta tambahan kertas struk 10 roll (e2e ekspor)' }),
  ]);
  // Never reached the server.
  expect((await casesOf(serverURL, 'merchant1')).some((c) => c.id === caseId)).toBe(false);
});
