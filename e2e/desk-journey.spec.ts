/**
 * Issue 4, back office on a desktop viewport: the desk queue filtered down to a fresh
 * technician case, opened with the keyboard, escalated, worked, resolved with RCA/CAPA and
 * closed through the UI — after which a new technician case for the same TID/MID is
 * accepted (case rule 2 no longer blocks it).
 */
import { type Case, caseSchema, type Device } from '@edc/shared';
import { apiLogin, pickFreeDevice } from './fixtures/api.ts';
import { apiJson, caseById, eventsOf } from './fixtures/case-api.ts';
import { expect, test } from './fixtures/test.ts';
import { DeskPage } from './page-models/desk-page.ts';

test.use({ viewport: { width: 1440, height: 900 } });

/** A technician's case pushed over the replication endpoint, as the phone does; returns the server's answer. */
async function pushTechCase(
  baseURL: string,
  token: string,
  device: Device,
  description: string,
): Promise<Case> {
  const id = crypto.randomUUID();
  const res = await apiJson(baseURL, token, '/api/sync/v1/cases/push', {
    method: 'POST',
    body: [
      {
        newDocumentState: {
          id,
          clientRev: crypto.randomUUID(),
          status: 'submitted',
          category: 'replace_device',
          description,
          channel: 'technician_app',
          serialNumber: device.serialNumber,
          tid: device.tid,
          mid: device.mid,
          attachmentIds: [],
          reportedAt: new Date().toISOString(),
        },
      },
    ],
  });
  if (res.status !== 200) throw new Error(`push: ${res.status} ${JSON.stringify(res.body)}`);
  const answer = caseSchema
    .array()
    .parse(res.body)
    .find((c) => c.id === id);
  // An empty answer would mean "stored exactly as sent" — still submitted; read it back.
  return answer ?? caseById(baseURL, await apiLogin(baseURL, 'agent1'), id);
}

test('desk: queue filter, escalate, resolve with RCA/CAPA, close; a new technician case for that TID/MID is accepted', async ({
  page,
  serverURL,
}) => {
  const tech = await apiLogin(serverURL, 'tech1');
  const agent = await apiLogin(serverURL, 'agent1');
  const device = await pickFreeDevice(serverURL, 'tech1', 'desk-journey');
  const first = await pushTechCase(serverURL, tech, device, 'Layar mati total (e2e desk)');
  expect(first.status).toBe('open');
  const caseNumber = first.caseNumber;
  if (!caseNumber) throw new Error('accepted case without a number');

  const desk = new DeskPage(page);
  await desk.login('agent1');

  // Queue filters: open Replace Device cases, searched by the terminal's TID.
  await desk.filterStatus('open');
  await desk.filterCategory('replace_device');
  await desk.search(device.tid);
  await expect(desk.row(caseNumber)).toBeVisible();
  await expect(desk.rows()).toHaveCount(1);
  // Another filter that excludes it: a category the case does not have.
  await desk.filterCategory('paper_supply');
  await expect(desk.row(caseNumber)).toHaveCount(0);
  await desk.filterCategory('replace_device');
  await expect(desk.row(caseNumber)).toBeVisible();

  // Open with the keyboard (Esc leaves the search, Enter opens the selected row).
  await desk.openSelectedWithKeyboard();
  await desk.expectOpen(caseNumber);
  await desk.expectStatus('open');
  await desk.expectLevel(0);
  // Only legal actions are offered for an open case: no resolve/close/reopen yet.
  await expect(desk.actionButton('resolve')).toHaveCount(0);
  await expect(desk.actionButton('close')).toHaveCount(0);
  await expect(desk.actionButton('reopen')).toHaveCount(0);

  await desk.act('escalate', { note: 'Merchant besar, perlu perhatian supervisor' });
  await desk.expectLevel(1);
  // Chat with the merchant: a comment event, shown at once and stored by the server.
  const comments = page.getByTestId('detail-comments');
  await comments.getByRole('textbox').fill('Teknisi dijadwalkan datang besok pagi');
  await comments.getByRole('button', { name: 'Kirim komentar' }).click();
  await expect(comments).toContainText('Teknisi dijadwalkan datang besok pagi');
  await desk.act('assign', { assignee: 'me' });
  await expect(page.getByTestId('detail-assignee')).toHaveText('agent1');
  await desk.act('start');
  await desk.expectStatus('in_progress');
  await desk.act('resolve', {
    rca: 'Modul layar rusak karena panas berlebih',
    capa: 'Perangkat diganti; merchant diminta menjauhkan EDC dari sumber panas',
  });
  await desk.expectStatus('resolved');
  await expect(page.getByTestId('detail-rca')).toHaveText('Modul layar rusak karena panas berlebih');
  await desk.act('close');
  await desk.expectStatus('closed');
  await expect(desk.actionButton('reopen')).toHaveCount(0);

  // The server agrees, and the timeline (replicated back) holds every step.
  const closed = await caseById(serverURL, agent, first.id);
  expect(closed).toMatchObject({ status: 'closed', escalationLevel: 1, assignee: 'agent1' });
  expect(closed.rca).toContain('panas');
  const types = (await eventsOf(serverURL, agent, first.id)).map((e) => e.type);
  expect(types).toEqual(
    expect.arrayContaining(['accepted', 'escalated', 'assigned', 'started', 'resolved', 'closed']),
  );
  await expect
    .poll(() => desk.timelineTypes())
    .toEqual(expect.arrayContaining(['accepted', 'escalated', 'assigned', 'started', 'resolved', 'closed']));

  // A new technician case for the same TID/MID is accepted now that the first is closed.
  const second = await pushTechCase(
    serverURL,
    tech,
    device,
    'Printer tidak mencetak (e2e desk, kasus kedua)',
  );
  expect(second.status).toBe('open');
  expect(second.caseNumber).toBeTruthy();
  expect(second.caseNumber).not.toBe(caseNumber);
  // And the desk sees it live in the queue, next to the closed one.
  await desk.filterStatus('all');
  await desk.search(device.tid);
  await expect(desk.row(second.caseNumber ?? '')).toBeVisible();
  await expect(desk.row(caseNumber)).toBeVisible();
});
