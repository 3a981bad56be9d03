/**
 * Outbound webhooks: add an endpoint (shared `createWebhookRequestSchema`; its signing
 * secret is shown once), list, delete (asks first), and each endpoint's delivery log.
 */
import {
  type CreateWebhookRequest,
  createWebhookRequestSchema,
  createWebhookResponseSchema,
  type WebhookEvent,
  webhookDeliverySchema,
  webhookEndpointSchema,
  webhookEvents,
} from '@edc/shared';
import { useState } from 'react';
import { z } from 'zod';
import { Field, FieldMessage } from '../../../components/field.tsx';
import { useZodForm } from '../../../components/form.tsx';
import { type MessageKey, useI18n } from '../../../i18n/index.tsx';
import { useSession } from '../../../shell/providers.tsx';
import { deskKeys, useCommand, useJsonQuery } from '../desk-query.tsx';
import { AdminTable, ConfirmedDelete } from './admin-table.tsx';
import { CommandNotice } from './command-notice.tsx';

const ok = z.object({ ok: z.literal(true) });

/** An event's name in the admin's language; its wire code (what the receiver gets) beside it. */
const EVENT_LABEL: Record<WebhookEvent, MessageKey> = {
  'case.accepted': 'event.accepted',
  'case.rejected': 'event.rejected',
  'case.resolved': 'event.resolved',
  'case.closed': 'event.closed',
  'case.escalated': 'event.escalated',
};

function EventName({ event }: { event: WebhookEvent }) {
  const { t } = useI18n();
  return (
    <>
      {t(EVENT_LABEL[event])} <code translate="no">{event}</code>
    </>
  );
}

type WebhookCommand = { kind: 'create'; body: CreateWebhookRequest } | { kind: 'delete'; id: string };
type NewWebhookValues = { url: string; events: WebhookEvent[] };

export function WebhooksPanel() {
  const { t, dateTime } = useI18n();
  const { api } = useSession();
  const endpoints = useJsonQuery(deskKeys.webhooks, '/api/admin/webhooks', z.array(webhookEndpointSchema));
  const [open, setOpen] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const form = useZodForm({
    schema: createWebhookRequestSchema,
    defaultValues: { url: '', events: [...webhookEvents] },
    toRequest: (v: NewWebhookValues) => ({ url: v.url.trim(), events: v.events }),
  });
  const command = useCommand(
    (c: WebhookCommand): Promise<unknown> =>
      c.kind === 'create'
        ? api.json('/api/admin/webhooks', createWebhookResponseSchema, { json: c.body })
        : api.json(`/api/admin/webhooks/${c.id}`, ok, { method: 'DELETE' }),
    {
      stale: [deskKeys.webhooks],
      onSuccess: (result, c) => {
        if (c.kind !== 'create') return;
        // Shown once (never listed again): the receiver needs it to verify signatures.
        const created = createWebhookResponseSchema.safeParse(result);
        if (created.success) setSecret(created.data.secret);
        form.resetField('url');
      },
    },
  );
  const { errors } = form.formState;
  const events = form.watch('events');
  return (
    <section data-testid="admin-webhooks">
      <form
        className="inline-form"
        noValidate
        onSubmit={form.handleSubmit((body) => command.mutate({ kind: 'create', body }))}
      >
        <Field label={t('desk.admin.webhooks.url')} error={errors.url}>
          {(a11y) => (
            <input type="url" required style={{ minWidth: '20rem' }} {...a11y} {...form.register('url')} />
          )}
        </Field>
        <fieldset className="row">
          <legend className="muted">{t('desk.admin.webhooks.events')}</legend>
          {webhookEvents.map((ev) => (
            <label key={ev} className="row">
              <input type="checkbox" value={ev} {...form.register('events')} />
              <span>
                <EventName event={ev} />
              </span>
            </label>
          ))}
          <FieldMessage id="webhook-events-error" error={errors.events} />
        </fieldset>
        <button type="submit" className="btn small primary" disabled={events.length === 0}>
          {t('desk.admin.webhooks.create')}
        </button>
      </form>
      {secret && (
        <p className="notice warn" role="status">
          {t('desk.admin.webhooks.secret')}: <code>{secret}</code>
        </p>
      )}
      <CommandNotice command={command} />
      <AdminTable
        label={t('desk.admin.tab.webhooks')}
        query={endpoints}
        columns={[
          {
            header: t('desk.admin.webhooks.url'),
            cell: (e) => (
              <>
                <span translate="no">{e.url}</span>
                <div className="muted">{dateTime(e.createdAt)}</div>
                {open === e.id && <Deliveries endpointId={e.id} />}
              </>
            ),
          },
          {
            header: t('desk.admin.webhooks.events'),
            cell: (e) =>
              e.events.map((ev, i) => (
                <span key={ev}>
                  {i > 0 && ', '}
                  <EventName event={ev} />
                </span>
              )),
          },
          {
            header: t('desk.admin.webhooks.active'),
            cell: (e) => (e.active ? t('desk.common.yes') : t('desk.common.no')),
          },
        ]}
        rowKey={(e) => e.id}
        actions={(e) => (
          <>
            <button
              type="button"
              className="btn small"
              aria-expanded={open === e.id}
              onClick={() => setOpen(open === e.id ? null : e.id)}
            >
              {t('desk.admin.webhooks.deliveries')}
            </button>
            <ConfirmedDelete
              title={t('desk.admin.webhooks.deleteTitle')}
              body={
                <>
                  <p className="muted" translate="no">
                    {e.url}
                  </p>
                  <p>{t('desk.admin.webhooks.deleteBody')}</p>
                </>
              }
              testId="webhook-delete-confirm"
              onConfirm={() => command.mutate({ kind: 'delete', id: e.id })}
            />
          </>
        )}
        empty={t('desk.admin.webhooks.none')}
      />
    </section>
  );
}

function Deliveries({ endpointId }: { endpointId: string }) {
  const { t, dateTime } = useI18n();
  const deliveries = useJsonQuery(
    deskKeys.deliveries(endpointId),
    `/api/admin/webhooks/${endpointId}/deliveries?limit=50`,
    z.array(webhookDeliverySchema),
  );
  return (
    <AdminTable
      label={t('desk.admin.webhooks.deliveries')}
      query={deliveries}
      columns={[
        { header: t('desk.admin.webhooks.events'), cell: (d) => <EventName event={d.event} /> },
        {
          header: t('desk.admin.webhooks.status'),
          cell: (d) => (
            <>
              {t(`desk.admin.webhooks.delivery.${d.status}`)}
              {d.lastStatusCode !== undefined && ` (${d.lastStatusCode})`}
              {d.lastError && (
                <div className="muted" translate="no">
                  {d.lastError}
                </div>
              )}
            </>
          ),
        },
        { header: t('desk.admin.webhooks.attempts'), cell: (d) => d.attempts, className: 'num' },
        { header: t('desk.problems.last'), cell: (d) => dateTime(d.deliveredAt ?? d.nextAttemptAt) },
      ]}
      rowKey={(d) => d.id}
      empty={t('desk.admin.webhooks.noDeliveries')}
    />
  );
}
