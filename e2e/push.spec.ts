/**
 * Web Push in the service worker (issue 13): a push delivered through the DevTools
 * protocol is shown with the app icon, the app's language and a "Lihat kasus" action; a
 * tap routes the open app to the notification's screen. A payload pointing elsewhere
 * opens the home screen instead.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from './fixtures/test.ts';
import { LoginPage } from './page-models/login-page.ts';
import { PushWorker } from './page-models/push-worker.ts';

test('a pushed notification is shown and a tap opens its screen', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['notifications'], { origin: baseURL });
  const login = new LoginPage(page);
  await login.goto();
  await login.login('tech1');
  await expect(page).toHaveURL(/\/tech$/);
  const sw = await PushWorker.attach(context, page);

  const id = randomUUID();
  const caseId = randomUUID();
  await sw.deliver({
    id,
    type: 'case_rejected',
    caseId,
    title: 'Kasus ditolak',
    body: 'TID sudah punya kasus terbuka CASE-20261205-00001.',
    url: '/tech/cases',
  });
  await expect.poll(async () => (await sw.notifications()).map((n) => n.tag)).toEqual([id]);
  const [shown] = await sw.notifications();
  expect(shown).toMatchObject({
    title: 'Kasus ditolak',
    body: 'TID sudah punya kasus terbuka CASE-20261205-00001.',
    lang: 'id',
    data: { id, url: '/tech/cases' },
    actions: [{ action: 'open', title: 'Lihat kasus' }],
  });
  expect(shown?.icon).toMatch(/\/icons\/icon-192\.png$/);

  await sw.tap(id, 'open');
  await expect(page).toHaveURL(/\/tech\/cases$/);
  await expect.poll(async () => (await sw.notifications()).length).toBe(0);

  // A forged target never leaves the app: it opens the home screen.
  const forged = randomUUID();
  await sw.deliver({
    id: forged,
    type: 'comment',
    title: 'Pesan',
    body: 'x',
    url: 'https://evil.example/phish',
  });
  await expect.poll(async () => (await sw.notifications()).map((n) => n.data?.url)).toEqual(['/']);
});
