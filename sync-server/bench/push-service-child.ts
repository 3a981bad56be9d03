/**
 * The loopback push service of `bench-push.ts` in its own process, as a real push service
 * is another machine: its RFC 8291 decryption and VAPID checks (about as much CPU per
 * message as the sender's encryption) then do not run on the event loop of the worker being
 * measured. Protocol over IPC: `{subscribe: n}` → `{subscriptions}`; receipts are sent as
 * `{received: [{subscriptionId, id, receivedAt}], rejected: [...]}` every 20 ms; `close`.
 */
import { startPushServiceStandIn } from '../src/test/push-service.ts';

const ps = await startPushServiceStandIn();
let shipped = 0;
let shippedRejected = 0;
const ship = setInterval(() => {
  if (ps.received.length === shipped && ps.rejected.length === shippedRejected) return;
  const received = ps.received.slice(shipped).map((r) => ({
    subscriptionId: r.subscriptionId,
    id: (r.payload as { id?: string }).id ?? '',
    receivedAt: r.receivedAt,
  }));
  const rejected = ps.rejected.slice(shippedRejected);
  shipped = ps.received.length;
  shippedRejected = ps.rejected.length;
  process.send?.({ received, rejected });
}, 20);

process.on('message', (m: { subscribe?: number; close?: true }) => {
  if (m.subscribe) {
    process.send?.({ subscriptions: Array.from({ length: m.subscribe }, () => ps.subscribe()) });
  }
  if (m.close) {
    clearInterval(ship);
    void ps.close().then(() => process.exit(0));
  }
});
process.send?.({ ready: true });
