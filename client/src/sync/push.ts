/**
 * Web Push on the device (DESIGN section 9): subscribe this browser with the server's
 * VAPID key and register the subscription (`POST /api/push/subscriptions`), or drop it.
 * Asking for permission is the caller's decision (components/push-prompt.tsx asks after
 * the user's first case, with an explanation, never at login).
 */
import { vapidPublicKeyResponseSchema } from '@edc/shared';
import type { ApiClient } from './api-client.ts';

export type PushSupport = 'unsupported' | 'denied' | 'granted' | 'default';

/** What this browser allows (no prompt). */
export function pushSupport(): PushSupport {
  if (typeof window === 'undefined' || !('serviceWorker' in navigator) || !('PushManager' in window)) {
    return 'unsupported';
  }
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

export type EnableResult = 'enabled' | 'denied' | 'unsupported' | 'failed';

/**
 * Asks for notification permission (call from a tap: browsers require a gesture), then
 * subscribes and registers the subscription. Re-registering an existing subscription is
 * harmless (the server upserts by endpoint).
 */
export async function enablePush(api: ApiClient): Promise<EnableResult> {
  if (pushSupport() === 'unsupported') return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return 'denied';
  try {
    const registration = await navigator.serviceWorker.ready;
    const { publicKey } = await api.json('/api/push/vapid-public-key', vapidPublicKeyResponseSchema);
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(publicKey),
      }));
    await api.fetch('/api/push/subscriptions', { json: subscription.toJSON() });
    return 'enabled';
  } catch (error) {
    console.warn('push subscription failed', error);
    return 'failed';
  }
}

/**
 * Drops this browser's subscription (logout: the server already removed it with the
 * session; the next user of the device starts without one).
 */
export async function dropPushSubscription(): Promise<void> {
  if (pushSupport() === 'unsupported') return;
  try {
    const registration = await navigator.serviceWorker.getRegistration();
    const subscription = await registration?.pushManager.getSubscription();
    await subscription?.unsubscribe();
  } catch {
    // Best effort, like the rest of logout.
  }
}
