/**
 * Issue 12 journey (DESIGN section 9): the desk assigns a job with the technician picker;
 * the technician's phone, offline, shows it in Tugas and records arrival (GPS), a photo,
 * the replacement scanned with the fake camera, the merchant's signature and the
 * resolution; a second job's action is refused (the desk cancelled it meanwhile) and the
 * refusal is shown. Back online: the desk shows photos, signature, location and times, the
 * device master is swapped, and the merchant sees the case resolved with the signature.
 *
 * The fake camera is per browser launch (see scan-camera.spec.ts), so the phone runs in its
 * own Chromium; the desk uses the shared one.
 */
import { rm } from 'node:fs/promises';
import {
  type Case,
  caseEventSchema,
  caseSchema,
  deviceSchema,
  loginResponseSchema,
  SYNC_BASE_PATH,
} from '@edc/shared';
import type { Browser } from '@playwright/test';
import sharp from 'sharp';
import { DEMO_PASSWORD, devicesWithStatus, freeOperationalDevices, pullAll } from './fixtures/api.ts';
import { apiJson } from './fixtures/case-api.ts';
import { launchWithFakeCamera } from './fixtures/fake-camera.ts';
import { expect, test } from './fixtures/test.ts';
import { DeskPage } from './page-models/desk-page.ts';
import { JobPage } from './page-models/job-page.ts';
import { LoginPage } from './page-models/login-page.ts';
import { MerchantPage } from './page-models/merchant-page.ts';
import { TechHomePage } from './page-models/tech-home-page.ts';

let videoDir = '';
let phoneBrowser: Browser | null = null;

test.afterEach(async () => {
  await phoneBrowser?.close();
  phoneBrowser = null;
  if (videoDir) await rm(videoDir, { recursive: true, force: true });
  videoDir = '';
});

async function login(baseURL: string, username: string) {
  const res = await fetch(`${baseURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  return loginResponseSchema.parse(await res.json());
}

/** tech2 files a Replace Device case for `serial` (the phone's push, over HTTP). */
async function fileCase(baseURL: string, token: string, serial: string): Promise<Case> {
  const now = new Date().toISOString();
  const doc = {
    id: crypto.randomUUID(),
    clientRev: crypto.randomUUID(),
    serverRev: 0,
    status: 'submitted',
    category: 'replace_device',
    description: 'EDC mati total',
    channel: 'technician_app',
    serialNumber: serial,
    mid: '',
    attachmentIds: [],
    reportedAt: now,
    createdBy: '',
    escalationLevel: 0,
    updatedAt: now,
    _deleted: false,
  };
  const res = await apiJson(baseURL, token, `${SYNC_BASE_PATH}/cases/push`, {
    method: 'POST',
    body: [{ newDocumentState: doc }],
  });
  const [c] = caseSchema.array().parse(res.body);
  if (c?.status !== 'open') throw new Error(`case not accepted: ${JSON.stringify(res.body)}`);
  return c;
}

test.use({ viewport: { width: 1440, height: 900 } });

test('work loop: dispatched job done offline with evidence; desk, device master and merchant follow', async ({
  page,
  serverURL,
}) => {
  // Two browsers (desk and phone) through a whole job: 48 s in a quiet train, past the
  // default 120 s at load 17–30 on the shared machine (it then failed on its last step).
  test.setTimeout(300_000);
  const merchant = await login(serverURL, 'merchant1');
  const mid = merchant.user.mid ?? '';
  const free = await freeOperationalDevices(serverURL, 'tech1');
  const onMerchant = free.filter((d) => d.mid === mid);
  const deviceA = onMerchant[0] ?? free[0];
  const deviceB = free.find((d) => d.mid !== deviceA?.mid && d.tid !== deviceA?.tid);
  const spare = (await devicesWithStatus(serverURL, 'tech1', 'in_warehouse'))[3];
  if (!deviceA || !deviceB || !spare) throw new Error('demo data lacks free or warehouse devices');
  const tech2 = (await login(serverURL, 'tech2')).accessToken;
  const agent = (await login(serverURL, 'agent1')).accessToken;
  const caseA = await fileCase(serverURL, tech2, deviceA.serialNumber);
  const caseB = await fileCase(serverURL, tech2, deviceB.serialNumber);

  // The desk assigns job A with the picker (job B through the API: same command).
  const desk = new DeskPage(page);
  await desk.login('agent1');
  await page.goto(`/desk?case=${caseA.id}`);
  await page.getByTestId('action-assign').click();
  // Keyboard first: the picker's first option has the focus when the form opens.
  await expect(page.getByTestId('technician-option').first().getByRole('radio')).toBeFocused();
  await page.getByTestId('technician-option').filter({ hasText: '(tech1)' }).getByRole('radio').check();
  await page.getByTestId('action-submit').click();
  await expect(page.getByTestId('detail-assignee')).toHaveText('tech1');
  expect(
    (
      await apiJson(serverURL, agent, `/api/cases/${caseB.id}/transition`, {
        method: 'POST',
        body: { action: 'assign', assignee: 'tech1' },
      })
    ).status,
  ).toBe(200);

  // The phone, with a fake camera showing the replacement unit's sticker.
  const camera = await launchWithFakeCamera(spare, 'edc-work-loop-');
  phoneBrowser = camera.browser;
  videoDir = camera.dir;
  const phoneCtx = await phoneBrowser.newContext({
    baseURL: serverURL,
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    viewport: { width: 360, height: 780 },
    permissions: ['camera', 'geolocation'],
    geolocation: { latitude: -6.2001, longitude: 106.8167, accuracy: 12 },
    serviceWorkers: 'allow',
  });
  const phone = await phoneCtx.newPage();
  await new LoginPage(phone).goto();
  await new LoginPage(phone).login('tech1');
  const home = new TechHomePage(phone);
  await home.expectLoaded();
  await home.waitForInitialSync();
  await phone.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const jobs = new JobPage(phone);
  await expect(jobs.job(caseA.id)).toBeVisible({ timeout: 60_000 });
  await expect(jobs.job(caseB.id)).toBeVisible();

  await phoneCtx.setOffline(true);
  // Job B first: started offline, but the desk cancels it meanwhile.
  await jobs.open(caseB.id);
  await jobs.start();
  expect(
    (
      await apiJson(serverURL, agent, `/api/cases/${caseB.id}/transition`, {
        method: 'POST',
        body: { action: 'cancel', note: 'Merchant tutup' },
      })
    ).status,
  ).toBe(200);
  await phone.goBack();

  await jobs.open(caseA.id);
  await jobs.arrive();
  const photo = await sharp({
    create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 120, b: 200 } },
  })
    .jpeg()
    .toBuffer();
  await jobs.addPhoto({ name: 'unit.jpg', mimeType: 'image/jpeg', buffer: photo });
  await jobs.start();
  await jobs.scanReplacement(spare.serialNumber);
  await jobs.sign();
  // A signature cleared by a slip comes back with "Urungkan" (the signer may have left).
  const clearSignature = phone.getByRole('button', { name: 'Hapus tanda tangan' });
  await clearSignature.click();
  await expect(clearSignature).toBeDisabled();
  await expect(phone.getByTestId('toast')).toContainText('Tanda tangan dihapus');
  await phone.getByTestId('toast-action').click();
  await expect(clearSignature).toBeEnabled();
  // Resolving without saying what was done: said at the field, nothing queued.
  await phone.getByTestId('onsite-resolved').click();
  await expect(phone.getByTestId('onsite-resolve-form').getByRole('alert')).toHaveText(
    'Tulis apa yang sudah dikerjakan.',
  );
  await expect(phone.getByTestId('onsite-note')).toBeFocused();
  await expect(phone.getByTestId('on-site-resolved')).toHaveCount(0);
  await jobs.resolve('Unit diganti, transaksi uji berhasil', 'Bu Sari');

  await phoneCtx.setOffline(false);
  await expect(jobs.status()).toHaveAttribute('data-status', 'resolved', { timeout: 60_000 });
  // The refused action on job B is shown on that case, with its reason.
  await phone.goto(`/tech/cases/${caseB.id}`);
  await expect(jobs.refusal()).toContainText('status kasus tidak mengizinkan langkah ini', {
    timeout: 60_000,
  });

  // Server side: events with evidence, device master swapped, merchant sees it resolved.
  const events = (await pullAll(serverURL, agent, 'case_events', caseEventSchema)).filter(
    (e) => e.caseId === caseA.id,
  );
  const arrived = events.find((e) => e.type === 'arrived');
  const resolved = events.find((e) => e.type === 'resolved');
  expect(arrived?.data?.location).toMatchObject({ lat: -6.2001, lng: 106.8167 });
  expect(resolved?.data).toMatchObject({ replacementSerial: spare.serialNumber, signerName: 'Bu Sari' });
  expect(resolved?.data?.signatureAttachmentId).toEqual(expect.any(String));
  const devices = await pullAll(serverURL, agent, 'devices', deviceSchema);
  expect(devices.find((d) => d.id === deviceA.serialNumber)?.status).toBe('under_repair');
  expect(devices.find((d) => d.id === spare.serialNumber)).toMatchObject({
    status: 'on_operation',
    tid: deviceA.tid,
    mid: deviceA.mid,
  });
  if (deviceA.mid === mid) {
    const mine = await pullAll(serverURL, merchant.accessToken, 'cases', caseSchema);
    expect(mine.find((c) => c.id === caseA.id)?.status).toBe('resolved');
    // Proof of service in the merchant's own timeline: the signer's name and the signature.
    const merchantPhone = await phoneBrowser.newPage({
      baseURL: serverURL,
      viewport: { width: 360, height: 780 },
    });
    const merchantPage = new MerchantPage(merchantPhone);
    await merchantPage.login('merchant1');
    await merchantPhone.goto(`/merchant/cases/${caseA.id}`);
    const proof = merchantPhone.getByTestId('merchant-signature');
    await expect(proof).toContainText('Bu Sari', { timeout: 60_000 });
    await expect(proof.getByRole('img')).toBeVisible();
    // The work is credited to the technician who came, not to the back office.
    await expect(merchantPage.step('resolved')).toContainText('teknisi (tech1)');
    await expect(merchantPage.step('resolved')).not.toContainText('petugas layanan');
  }

  // The desk shows the evidence: times, location with distance, photo and signature.
  await page.goto(`/desk?case=${caseA.id}`);
  const evidence = page.getByTestId('evidence');
  await expect(evidence.getByTestId('evidence-arrived')).toBeVisible({ timeout: 60_000 });
  await expect(evidence.getByTestId('evidence-resolved')).toBeVisible();
  await expect(evidence.getByTestId('evidence-location')).toContainText('-6.20010, 106.81670');
  await expect(evidence.getByTestId('evidence-distance')).toBeVisible();
  await expect(evidence.getByTestId('evidence-photos').getByTestId('evidence-photo')).toHaveCount(1, {
    timeout: 60_000,
  });
  await expect(evidence.getByTestId('evidence-signature').getByTestId('evidence-photo')).toBeVisible();
  await expect(evidence.getByTestId('evidence-signature')).toContainText('Bu Sari');
  // The phone's inbox has the assignment, in Indonesian, linking to the job.
  await phone.goto('/inbox');
  await expect(phone.getByTestId('inbox')).toContainText(`Tugas baru: ${caseA.caseNumber}`);
});
