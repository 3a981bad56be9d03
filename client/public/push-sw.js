/**
 * Web Push in the service worker (DESIGN section 9), pulled into Workbox's generated
 * sw.js with `importScripts` (vite.config.ts), so the precache and offline behaviour stay
 * exactly as generateSW makes them.
 *
 * - `push`: the payload is `{id, type, caseId?, title, body, url}` (title/body already in
 *   the recipient's language). Shown with the app icon and one action ("Lihat kasus" /
 *   "View case") in the language the app last told us (`edc-lang` message, kept in Cache
 *   Storage because a worker has no localStorage and may be restarted at any time). The
 *   app badge shows how many notifications are waiting (Badging API where available).
 * - `notificationclick`: opens `url` (same origin only). An open window is focused and
 *   told to route there (`edc-open`), so nothing reloads under a half-filled form;
 *   otherwise a new window opens, which works offline because the precached shell
 *   answers every navigation.
 */
const SETTINGS_CACHE = 'edc-sw-settings';
const LANG_KEY = '/__edc/lang';

async function readLang() {
  try {
    const res = await (await caches.open(SETTINGS_CACHE)).match(LANG_KEY);
    const lang = res ? await res.text() : '';
    return lang === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

async function updateBadge() {
  if (!('setAppBadge' in self.navigator)) return;
  try {
    const shown = await self.registration.getNotifications();
    if (shown.length > 0) await self.navigator.setAppBadge(shown.length);
    else await self.navigator.clearAppBadge();
  } catch {
    // Badging is a nicety; a platform without it must not break the notification.
  }
}

function parsePayload(data) {
  try {
    const p = data ? data.json() : null;
    if (!p || typeof p.title !== 'string' || typeof p.id !== 'string') return null;
    return p;
  } catch {
    return null;
  }
}

/** A same-origin path; anything else (a forged payload) opens the home screen. */
function safePath(url) {
  try {
    const u = new URL(typeof url === 'string' ? url : '/', self.location.origin);
    return u.origin === self.location.origin ? u.pathname + u.search + u.hash : '/';
  } catch {
    return '/';
  }
}

async function showPush(p) {
  const lang = await readLang();
  const view = p.caseId ? (lang === 'en' ? 'View case' : 'Lihat kasus') : lang === 'en' ? 'Open' : 'Buka';
  await self.registration.showNotification(p.title, {
    body: typeof p.body === 'string' ? p.body : '',
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
    lang,
    // One notification per row: a retried push replaces rather than duplicates.
    tag: p.id,
    timestamp: Date.now(),
    data: { id: p.id, type: p.type, caseId: p.caseId, url: safePath(p.url) },
    actions: [{ action: 'open', title: view }],
  });
  await updateBadge();
  // Open pages pull at once instead of waiting for their next poke.
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const w of windows) w.postMessage({ type: 'edc-push', id: p.id });
}

async function openFromNotification(notification) {
  const path = safePath(notification.data && notification.data.url);
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
  if (open) {
    open.postMessage({ type: 'edc-open', url: path });
    try {
      await open.focus();
    } catch {
      // focus() needs the click's user activation; the page has been told to route anyway.
    }
  } else {
    await self.clients.openWindow(path);
  }
  await updateBadge();
}

self.addEventListener('push', (event) => {
  const p = parsePayload(event.data);
  if (p) event.waitUntil(showPush(p));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const done = openFromNotification(event.notification);
  try {
    event.waitUntil(done);
  } catch {
    // A synthetic event (dispatched by a test in the worker) cannot extend its lifetime.
  }
});

self.addEventListener('notificationclose', () => {
  void updateBadge();
});

self.addEventListener('message', (event) => {
  const m = event.data;
  if (m && m.type === 'edc-lang' && (m.lang === 'id' || m.lang === 'en')) {
    event.waitUntil(caches.open(SETTINGS_CACHE).then((c) => c.put(LANG_KEY, new Response(m.lang))));
  }
});
