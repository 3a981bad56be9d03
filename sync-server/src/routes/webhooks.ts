/**
 * `/api/admin/webhooks` (admin only): outbound webhook endpoints for CRM/ERP systems and
 * their delivery log. The signing secret is shown once, in the create response.
 */
import {
  AppError,
  createWebhookRequestSchema,
  type WebhookDelivery,
  type WebhookEndpoint,
  webhookEventSchema,
} from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { withActor } from '../db/audit.ts';
import {
  type DeliveryLogRow,
  deleteEndpoint,
  getEndpoint,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  type WebhookEndpointRow,
} from '../db/webhooks.ts';
import { requireRole } from '../middleware/auth.ts';
import { zodHook } from '../middleware/validate.ts';
import { sealSecret } from '../services/secret-box.ts';
import { createAddressPolicy } from '../services/webhook-address.ts';
import { generateWebhookSecret } from '../services/webhooks.ts';

const idParam = z.object({ id: z.uuid() });
const deliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

function toEndpoint(r: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: r.id,
    url: r.url,
    events: r.events.flatMap((e) => {
      const p = webhookEventSchema.safeParse(e);
      return p.success ? [p.data] : [];
    }),
    active: r.active,
    description: r.description,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  };
}

function toDelivery(r: DeliveryLogRow): WebhookDelivery {
  const event = webhookEventSchema.safeParse(r.event);
  return {
    id: r.id,
    event: event.success ? event.data : 'case.accepted',
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    ...(r.lastStatusCode !== null ? { lastStatusCode: r.lastStatusCode } : {}),
    ...(r.lastError !== null ? { lastError: r.lastError } : {}),
    createdAt: r.createdAt,
    ...(r.deliveredAt !== null ? { deliveredAt: r.deliveredAt } : {}),
    payload: r.payload,
  };
}

export function webhookAdminRoutes(deps: Pick<AppDeps, 'db' | 'clock' | 'config'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  const policy = createAddressPolicy(deps.config.webhooks.allowedNetworks);

  app.get('/', async (c) => c.json((await listEndpoints(deps.db.pool)).map(toEndpoint), 200));

  app.post('/', zValidator('json', createWebhookRequestSchema, zodHook), async (c) => {
    const body = c.req.valid('json');
    // Security (issue 11, SSRF): resolve now and refuse internal addresses; the worker
    // checks again at every delivery.
    const target = await policy.checkUrl(body.url);
    if (!target.ok) {
      throw new AppError('url_not_allowed', 'the webhook host is not a public address', {
        reason: target.reason,
      });
    }
    const secret = body.secret ?? generateWebhookSecret();
    const row = await withActor(deps.db, c.get('auth').username, (db) =>
      insertEndpoint(db, {
        url: body.url,
        // Stored sealed (AES-GCM); the plain secret is shown once, in this answer.
        secret: sealSecret(secret, deps.config.webhooks.secretKey),
        events: [...new Set(body.events)],
        active: body.active,
        description: body.description,
        createdBy: c.get('auth').username,
        now: deps.clock(),
      }),
    );
    return c.json({ ...toEndpoint(row), secret }, 201);
  });

  app.delete('/:id', zValidator('param', idParam, zodHook), async (c) => {
    const { id } = c.req.valid('param');
    if (!(await withActor(deps.db, c.get('auth').username, (db) => deleteEndpoint(db, id, deps.clock()))))
      throw new AppError('not_found');
    return c.json({ ok: true }, 200);
  });

  app.get(
    '/:id/deliveries',
    zValidator('param', idParam, zodHook),
    zValidator('query', deliveriesQuery, zodHook),
    async (c) => {
      const { id } = c.req.valid('param');
      // Deleted endpoints keep their log, so look the endpoint up including deleted ones.
      const rows = await listDeliveries(deps.db.pool, id, c.req.valid('query').limit);
      if (rows.length === 0 && !(await getEndpoint(deps.db.pool, id))) throw new AppError('not_found');
      return c.json(rows.map(toDelivery), 200);
    },
  );

  return app;
}
