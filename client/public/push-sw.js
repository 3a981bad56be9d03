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

/*
 * Background Sync (issue 13): the outbox is pushed when connectivity returns even with
 * the app closed. The page mirrors every push it attempts into the IndexedDB database
 * `edc-sw-outbox` (client/src/db/sw-outbox.ts) and registers the `edc-outbox` sync tag
 * when a push fails for lack of network. Here, with no window of the app open (an open
 * page pushes by itself), the worker takes the Web Lock `edc-outbox` that the page's
 * pushes hold too, sends the signed-in user's mirrored rows (cases before their events)
 * with the stored access token (refreshed under the page's refresh lock when refused,
 * the new pair stored where the page reads it), and records each row as sent with the
 * server's answer: the page hands those answers to RxDB instead of sending again. The
 * server's `clientRev` idempotency covers anything still sent twice. Periodic Background
 * Sync (`edc-refresh`, where granted) does the same, then refreshes (below).
 */
const OUTBOX_DB = 'edc-sw-outbox';
const SESSION_DB = 'edc-session';
const OUTBOX_LOCK = 'edc-outbox';
const REFRESH_LOCK = 'edc-auth-refresh';
const SYNC_PATH = '/api/sync/v1';
const COLLECTION_ORDER = ['cases', 'case_events'];

/** Opens an existing IndexedDB database; null when the app never created it. */
function openExisting(name) {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onupgradeneeded = () => req.transaction.abort();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => (req.error && req.error.name === 'AbortError' ? resolve(null) : reject(req.error));
  });
}

function idb(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

async function readSession() {
  const db = await openExisting(SESSION_DB);
  if (!db) return null;
  try {
    if (!db.objectStoreNames.contains('session')) return null;
    return (await idb(db.transaction('session').objectStore('session').get('current'))) || null;
  } finally {
    db.close();
  }
}

async function writeSession(row) {
  const db = await openExisting(SESSION_DB);
  if (!db) return;
  try {
    const tx = db.transaction('session', 'readwrite');
    tx.objectStore('session').put(row);
    await done(tx);
  } finally {
    db.close();
  }
}

/** A new pair for `session`, unless another context already stored one (same rule as the page). */
async function refreshedSession(session) {
  return navigator.locks.request(REFRESH_LOCK, async () => {
    const stored = await readSession();
    if (stored && stored.user && stored.user.id === session.user.id && stored.refreshToken !== session.refreshToken) {
      return stored;
    }
    const res = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
    if (!res.ok) return null;
    const pair = await res.json();
    const next = { ...session, accessToken: pair.accessToken, refreshToken: pair.refreshToken, key: 'current' };
    await writeSession(next);
    return next;
  });
}

/**
 * `fetch` with the session's access token; a 401 refreshes the pair once (as the page's API
 * client does). `res` is null when the refresh is refused too (signed out for good).
 */
async function apiFetch(session, path, init) {
  const send = (token) =>
    fetch(path, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } });
  let res = await send(session.accessToken);
  if (res.status === 401) {
    const next = await refreshedSession(session);
    if (!next) return { session, res: null };
    session = next;
    res = await send(session.accessToken);
  }
  return { session, res };
}

async function pushRows(session, collection, rows) {
  const result = await apiFetch(session, `${SYNC_PATH}/${collection}/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rows.map((r) => r.row)),
  });
  if (!result.res) return { session: result.session, answer: null };
  // Anything but a stored answer (5xx, 429, a refused login) is for the page to handle later.
  if (!result.res.ok) throw new Error(`push ${collection}: ${result.res.status}`);
  return { session: result.session, answer: await result.res.json() };
}

async function flushOutbox() {
  const windows = await self.clients.matchAll({ type: 'window' });
  if (windows.length > 0) return 'page-open';
  return navigator.locks.request(OUTBOX_LOCK, async () => {
    let session = await readSession();
    const db = await openExisting(OUTBOX_DB);
    if (!session || !db) {
      if (db) db.close();
      return 'nothing';
    }
    try {
      const mine = (await idb(db.transaction('rows').objectStore('rows').getAll())).filter(
        (r) => r.userId === session.user.id,
      );
      let sent = 0;
      for (const collection of COLLECTION_ORDER) {
        const rows = mine.filter((r) => r.collection === collection);
        if (rows.length === 0) continue;
        const result = await pushRows(session, collection, rows);
        session = result.session;
        if (!result.answer) return 'signed-out';
        const answers = new Map(result.answer.map((doc) => [doc.id, doc]));
        const tx = db.transaction(['rows', 'sent'], 'readwrite');
        for (const r of rows) {
          tx.objectStore('sent').put({ key: r.key, userId: r.userId, answer: answers.get(r.row.newDocumentState.id) || null });
          tx.objectStore('rows').delete(r.key);
        }
        await done(tx);
        sent += rows.length;
      }
      return `sent ${sent}`;
    } finally {
      db.close();
    }
  });
}

self.addEventListener('sync', (event) => {
  // A rejected promise (network still down) lets the browser retry the sync later.
  if (event.tag === 'edc-outbox') event.waitUntil(flushOutbox());
});

/*
 * Periodic refresh (issue 13, `periodicsync` tag `edc-refresh`, where granted): after the
 * outbox flush, the worker pulls the signed-in user's cases and notifications so the app
 * opened later with no signal shows what changed (a new job, its notification). The worker
 * never writes RxDB's storage: the page mirrors into `edc-sw-refresh`
 * (client/src/db/sw-refresh.ts) the checkpoint it last handed RxDB per collection (a
 * "cursor"); here pages are pulled from that checkpoint with exactly the page's request
 * (same path and parameters) and stored keyed by the checkpoint each starts from. At the
 * next open RxDB's own pull takes a page only when it asks for exactly that checkpoint, so
 * RxDB writes it through its own downstream and conflict handler; any other page is dropped.
 * A page is stored only in a transaction that finds its cursor unchanged: after a logout
 * (cursor wiped) or once the app pulled by itself (cursor moved) nothing more is staged.
 */
const REFRESH_DB = 'edc-sw-refresh';
/** At most this many pages per collection and run (the rest comes at the next open). */
const MAX_STAGED_PAGES = 10;
const MAX_PULL_LIMIT = 1000;

/** The key of a pull request, as `pullPageKey` in sw-refresh.ts builds it. */
function pullPageKey(checkpoint, batchSize) {
  return `${checkpoint ? checkpoint.txid : ''}/${checkpoint ? checkpoint.id : ''}/${batchSize}`;
}

/** One pull page, the request exactly as the sync engine's `fetchPage` makes it. */
async function pullPage(session, collection, checkpoint, batchSize) {
  const params = new URLSearchParams({ limit: String(Math.min(batchSize, MAX_PULL_LIMIT)) });
  if (checkpoint) {
    params.set('txid', checkpoint.txid);
    params.set('id', checkpoint.id);
  }
  const result = await apiFetch(session, `${SYNC_PATH}/${collection}/pull?${params}`, { headers: {} });
  if (!result.res) return { session: result.session, page: null };
  if (!result.res.ok) throw new Error(`pull ${collection}: ${result.res.status}`);
  const body = await result.res.json();
  if (!body || !Array.isArray(body.documents)) throw new Error(`pull ${collection}: not a pull answer`);
  // The engine's rule: a page without a checkpoint (nothing new) leaves it where it was.
  return {
    session: result.session,
    page: { documents: body.documents, checkpoint: body.checkpoint || checkpoint || null },
  };
}

/** Stores `page` (pulled from `from`) if `cursor` is still the page's; false: stop. */
async function stagePage(db, cursor, from, page, first) {
  const tx = db.transaction(['cursors', 'pages'], 'readwrite');
  const finished = done(tx);
  const current = await idb(tx.objectStore('cursors').get(cursor.key));
  const same =
    current &&
    pullPageKey(current.checkpoint, current.batchSize) === pullPageKey(cursor.checkpoint, cursor.batchSize);
  if (same) {
    const pages = tx.objectStore('pages');
    const prefix = `${cursor.userId}|${cursor.collection}|`;
    // A run replaces the pages of the run before (they start from the same cursor).
    if (first) pages.delete(IDBKeyRange.bound(prefix, `${prefix}\uffff`));
    const key = pullPageKey(from, cursor.batchSize);
    pages.put({
      key: prefix + key,
      userId: cursor.userId,
      collection: cursor.collection,
      from: key,
      documents: page.documents,
      checkpoint: page.checkpoint,
      at: new Date().toISOString(),
    });
  }
  await finished;
  return Boolean(same);
}

async function stagePulls() {
  const windows = await self.clients.matchAll({ type: 'window' });
  // An open page pulls by itself (and its RxDB moves past any page staged now).
  if (windows.length > 0) return 'page-open';
  let session = await readSession();
  const db = session && (await openExisting(REFRESH_DB));
  if (!db) return 'nothing';
  try {
    const prefix = `${session.user.id}|`;
    const cursors = await idb(
      db.transaction('cursors').objectStore('cursors').getAll(IDBKeyRange.bound(prefix, `${prefix}\uffff`)),
    );
    let staged = 0;
    for (const cursor of cursors) {
      let from = cursor.checkpoint;
      for (let n = 0; n < MAX_STAGED_PAGES; n++) {
        const result = await pullPage(session, cursor.collection, from, cursor.batchSize);
        session = result.session;
        if (!result.page) return 'signed-out';
        if (!(await stagePage(db, cursor, from, result.page, n === 0))) break;
        staged += result.page.documents.length;
        // A short page: caught up (RxDB ends its pull on the same page).
        if (result.page.documents.length < cursor.batchSize) break;
        from = result.page.checkpoint;
      }
    }
    return `staged ${staged}`;
  } finally {
    db.close();
  }
}

async function refresh() {
  try {
    // First, so the pages pulled next carry the server's answers to what was pushed.
    await flushOutbox();
  } catch {
    // No network or a server in trouble: the pulls below fail alike or still help.
  }
  return stagePulls();
}

self.addEventListener('periodicsync', (event) => {
  if (event.tag === 'edc-refresh') event.waitUntil(refresh());
});
