import type { Page } from '@playwright/test';

/**
 * Resolves once the service worker of this first visit is activated: it activates only
 * after its install has precached every file of the build, so from then on the app's lazy
 * chunks come from the precache with the network off.
 */
export async function serviceWorkerActivated(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const worker = (await navigator.serviceWorker.ready).active;
    if (!worker || worker.state === 'activated') return;
    await new Promise<void>((resolve) =>
      worker.addEventListener('statechange', () => {
        if (worker.state === 'activated') resolve();
      }),
    );
  });
}
