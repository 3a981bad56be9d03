/**
 * A push worker in its own process for `bench-push.ts`'s crash test: it drains the queue
 * with the production pass (`sendDuePushes`) in a loop until killed. argv: database URL,
 * VAPID keys as JSON, lease in ms.
 */
import { createDb } from '../src/db/pool.ts';
import { sendDuePushes } from '../src/services/web-push.ts';

const [url, vapidJson, leaseMs] = process.argv.slice(2);
if (!url || !vapidJson || !leaseMs) throw new Error('usage: push-worker-child <dbUrl> <vapidJson> <leaseMs>');
const db = createDb(url, { max: 4, applicationName: 'edc-bench-push-child' });
const deps = {
  db,
  clock: () => new Date(),
  config: {
    push: {
      vapid: JSON.parse(vapidJson) as { publicKey: string; privateKey: string; subject: string },
      allowedHosts: ['127.0.0.1'],
    },
  },
};
process.send?.('ready');
for (;;) {
  const sent = await sendDuePushes(deps, {
    batch: 50,
    concurrency: 16,
    timeoutMs: 2000,
    leaseMs: Number(leaseMs),
  });
  if (sent.length === 0) await new Promise((r) => setTimeout(r, 100));
}
