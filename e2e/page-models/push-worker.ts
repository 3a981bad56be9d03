import type { BrowserContext, CDPSession, Page, Worker } from '@playwright/test';

export type ShownNotification = {
  title: string;
  body: string;
  icon: string;
  lang: string;
  tag: string;
  data: { url?: string; id?: string } | null;
  actions: { action: string; title: string }[];
};

/** The parts of a service worker's global scope used here (e2e compiles without the WebWorker lib). */
type WorkerScope = {
  registration: { getNotifications(filter?: { tag?: string }): Promise<Notification[]> };
  dispatchEvent(event: Event): boolean;
  NotificationEvent: new (type: string, init: { notification: Notification; action: string }) => Event;
};

/**
 * Enables the DevTools `ServiceWorker` domain on `cdp` and returns the registration id of
 * the app's worker at `origin` (what `ServiceWorker.deliverPushMessage`,
 * `dispatchSyncEvent` and `dispatchPeriodicSyncEvent` address).
 */
export async function serviceWorkerRegistration(cdp: CDPSession, origin: string): Promise<string> {
  const registration = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const mine = registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
      if (mine) resolve(mine.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  return registration;
}

/**
 * The app's service worker as a push service and the OS would drive it: the DevTools
 * protocol delivers push messages (`ServiceWorker.deliverPushMessage`), and the worker's
 * own scope lists shown notifications and receives the tap (`notificationclick`).
 */
export class PushWorker {
  private constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
    private readonly worker: Worker,
    private readonly origin: string,
    private readonly registrationId: string,
  ) {}

  static async attach(context: BrowserContext, page: Page): Promise<PushWorker> {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const origin = new URL(page.url()).origin;
    const cdp = await context.newCDPSession(page);
    const registrationId = await serviceWorkerRegistration(cdp, origin);
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    return new PushWorker(page, cdp, worker, origin, registrationId);
  }

  /**
   * Delivers a push and returns once the worker has shown its notification: the worker
   * tells the open pages (`edc-push`, client/public/push-sw.js) after `showNotification`
   * resolved. Reading the notifications earlier raced the display: Chromium's
   * `getNotifications()` first drops from its notification database every notification the
   * platform does not show (yet), so a read between the worker's write and the display
   * deleted the new notification for good, and the test waited 30 s for nothing.
   */
  async deliver(payload: { id: string } & Record<string, unknown>): Promise<void> {
    // Listening before the push is delivered: the message may come at once.
    await this.page.evaluate(() => {
      const w = window as unknown as { edcPushShown?: string[] };
      if (w.edcPushShown) return;
      const shown: string[] = [];
      w.edcPushShown = shown;
      navigator.serviceWorker.addEventListener('message', (event: MessageEvent<unknown>) => {
        const m = event.data as { type?: unknown; id?: unknown } | null;
        if (m?.type === 'edc-push' && typeof m.id === 'string') shown.push(m.id);
      });
    });
    await this.cdp.send('ServiceWorker.deliverPushMessage', {
      origin: this.origin,
      registrationId: this.registrationId,
      data: JSON.stringify(payload),
    });
    await this.page.waitForFunction(
      (id) => (window as unknown as { edcPushShown?: string[] }).edcPushShown?.includes(id) ?? false,
      payload.id,
    );
  }

  notifications(): Promise<ShownNotification[]> {
    return this.worker.evaluate(async () => {
      const sw = self as unknown as WorkerScope;
      const shown = await sw.registration.getNotifications();
      return shown.map((n) => ({
        title: n.title,
        body: n.body,
        icon: n.icon,
        lang: n.lang,
        tag: n.tag,
        data: n.data as ShownNotification['data'],
        // `actions` is in Chromium's Notification, not yet in TypeScript's DOM lib.
        actions: (n as unknown as { actions: ShownNotification['actions'] }).actions,
      }));
    });
  }

  /** Taps the notification with `tag` (its action button when given), as the OS would. */
  async tap(tag: string, action = ''): Promise<void> {
    await this.worker.evaluate(
      async ([t, a]) => {
        const sw = self as unknown as WorkerScope;
        const [n] = await sw.registration.getNotifications({ tag: t });
        if (!n) throw new Error(`no notification ${t}`);
        sw.dispatchEvent(new sw.NotificationEvent('notificationclick', { notification: n, action: a }));
      },
      [tag, action] as const,
    );
  }
}
