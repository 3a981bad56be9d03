/**
 * Web Push contracts (DESIGN section 9): the VAPID public key, subscriptions as the
 * browser's `PushSubscription.toJSON()` gives them, and the JSON payload every push
 * carries (the service worker shows it and opens `url` on a tap).
 */
import { z } from 'zod';
import { notificationTypeSchema, uuidSchema } from './common.ts';

const base64url = z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be base64url');

/** `GET /api/push/vapid-public-key` → the application server key (uncompressed P-256 point, base64url). */
export const vapidPublicKeyResponseSchema = z.object({ publicKey: base64url });
export type VapidPublicKeyResponse = z.infer<typeof vapidPublicKeyResponseSchema>;

/**
 * `POST /api/push/subscriptions`: `PushSubscription.toJSON()` (its `expirationTime` is
 * accepted and ignored). `p256dh` is the browser's 65-byte uncompressed P-256 key, `auth`
 * its 16-byte secret (RFC 8291), both base64url.
 */
export const pushSubscriptionRequestSchema = z.object({
  endpoint: z.string().min(1).max(2000),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    p256dh: base64url.min(86).max(90),
    auth: base64url.min(21).max(24),
  }),
});
export type PushSubscriptionRequest = z.infer<typeof pushSubscriptionRequestSchema>;

/** `DELETE /api/push/subscriptions {endpoint}`. */
export const pushUnsubscribeRequestSchema = z.object({ endpoint: z.string().min(1).max(2000) });
export type PushUnsubscribeRequest = z.infer<typeof pushUnsubscribeRequestSchema>;

/** RFC 8030 urgency; `high` wakes a sleeping phone (rejections, outages). */
export const pushUrgencies = ['very-low', 'low', 'normal', 'high'] as const;
export type PushUrgency = (typeof pushUrgencies)[number];

/** What every push carries (encrypted, RFC 8291): one notification row. */
export const pushPayloadSchema = z.object({
  id: uuidSchema,
  type: z.string().min(1).max(40),
  caseId: uuidSchema.optional(),
  title: z.string().max(300),
  body: z.string().max(2000),
  /** In-app path the tap opens (`/cases/<id>`, `/`). */
  url: z.string().max(500),
});
export type PushPayload = z.infer<typeof pushPayloadSchema>;

/**
 * `GET /api/push/preferences` → one entry per notification type (the user's choice or the
 * default); `PUT /api/push/preferences {preferences: [{type, push}]}` changes some.
 * The inbox row is written whatever the choice; this only decides the push.
 */
export const pushPreferenceSchema = z.object({
  type: notificationTypeSchema,
  push: z.boolean(),
  /** True when the user has not chosen (the value is the default). */
  isDefault: z.boolean(),
});
export type PushPreference = z.infer<typeof pushPreferenceSchema>;
export const pushPreferencesUpdateSchema = z.object({
  preferences: z
    .array(z.object({ type: notificationTypeSchema, push: z.boolean() }))
    .min(1)
    .max(20),
});
export type PushPreferencesUpdate = z.infer<typeof pushPreferencesUpdateSchema>;
