/**
 * Outbound webhook contracts (issue 4, integration with CRM/ERP): admin endpoints under
 * `/api/admin/webhooks` and the delivery the receiver gets.
 *
 * Receiver contract: `POST <url>` with a JSON body (`webhookPayloadSchema`) and headers
 * `x-edc-event`, `x-edc-delivery` (unique id; repeated on a retry, so receivers can
 * de-duplicate) and `x-edc-signature: t=<unix seconds>,v1=<hex>` where `v1` is
 * HMAC-SHA256(secret, `${t}.${rawBody}`). Any 2xx acknowledges; anything else, a timeout
 * or a network error is retried with exponential backoff and jitter.
 */
import { z } from 'zod';
import { isoDateTime } from './common.ts';
import { safeText } from './safe-text.ts';

export const webhookEvents = [
  'case.accepted',
  'case.rejected',
  'case.resolved',
  'case.closed',
  'case.escalated',
] as const;
export const webhookEventSchema = z.enum(webhookEvents);
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

export const WEBHOOK_SIGNATURE_HEADER = 'x-edc-signature';

export const createWebhookRequestSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  events: z.array(webhookEventSchema).min(1).max(webhookEvents.length),
  /** Omit to let the server generate one; returned once in the create response. */
  secret: safeText().min(16).max(200).optional(),
  active: z.boolean().default(true),
  description: safeText().max(200).default(''),
});
export type CreateWebhookRequest = z.infer<typeof createWebhookRequestSchema>;

export const webhookEndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(webhookEventSchema),
  active: z.boolean(),
  description: z.string(),
  createdBy: z.string(),
  createdAt: isoDateTime,
});
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;

/** Only the create response carries the secret; lists never do. */
export const createWebhookResponseSchema = webhookEndpointSchema.extend({ secret: z.string() });

export const webhookDeliverySchema = z.object({
  id: z.string(),
  event: webhookEventSchema,
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: isoDateTime,
  lastStatusCode: z.number().int().optional(),
  lastError: z.string().optional(),
  createdAt: isoDateTime,
  deliveredAt: isoDateTime.optional(),
  payload: z.record(z.string(), z.unknown()),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

/** Body of a delivery. `case` is a summary of the case at the time of the event. */
export const webhookPayloadSchema = z.object({
  event: webhookEventSchema,
  eventId: z.string(),
  occurredAt: isoDateTime,
  actor: z.string(),
  note: z.string().optional(),
  case: z
    .object({
      id: z.string(),
      caseNumber: z.string().optional(),
      status: z.string(),
      mid: z.string(),
    })
    .passthrough(),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
