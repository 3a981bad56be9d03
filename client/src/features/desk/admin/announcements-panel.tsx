/**
 * Announcements (DESIGN section 9): the desk lists the current and scheduled notices with
 * how many of their audience read them; supervisors and admins publish one (the shared
 * `createAnnouncementRequestSchema` the server checks) and withdraw one after confirming.
 * Agents read only (the server refuses them anyway). Phones get them through the pull-only
 * `announcements` collection; a withdrawal replicates as `_deleted` and the banner goes.
 */
import {
  type AnnouncementAudience,
  type AnnouncementStats,
  announcementSchema,
  announcementSeverities,
  announcementStatsSchema,
  type CreateAnnouncementRequest,
  createAnnouncementRequestSchema,
} from '@edc/shared';
import { useMemo, useState } from 'react';
import { z } from 'zod';
import { Field } from '../../../components/field.tsx';
import { EnumField, useZodForm } from '../../../components/form.tsx';
import { observeAllMerchants } from '../../../db/desk-queries.ts';
import type { MerchantDoc } from '../../../db/index.ts';
import { type Translate, useI18n } from '../../../i18n/index.tsx';
import { useDb, useSession } from '../../../shell/providers.tsx';
import { useObservable } from '../../../shell/use-observable.ts';
import { deskKeys, QueryView, useCommand, useJsonQuery } from '../desk-query.tsx';
import { ConfirmedDelete, DataTable } from './admin-table.tsx';
import { CommandNotice } from './command-notice.tsx';

const ok = z.object({ ok: z.literal(true) });
const noMerchants: readonly MerchantDoc[] = [];

/** `datetime-local` value (the desk's wall clock) ↔ ISO, in the browser's zone. */
const localNow = () => {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const toIso = (local: string): string | undefined => {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
};

/** Still showing or still to come (withdrawn and ended ones are history). */
export function currentAnnouncements(list: readonly AnnouncementStats[], now: Date): AnnouncementStats[] {
  return list.filter((a) => !a.withdrawn && (!a.endsAt || Date.parse(a.endsAt) > now.getTime()));
}

/**
 * When a past announcement stopped showing: a withdrawn one when it was withdrawn (its
 * `updatedAt`, the withdrawal's stamp), unless its own end came first; an ended one at its
 * end. Not the end it was scheduled for: a notice withdrawn on Monday that was to run until
 * Friday ended on Monday.
 */
export function endedAt(a: AnnouncementStats): string | undefined {
  if (!a.withdrawn) return a.endsAt;
  return a.endsAt && a.endsAt < a.updatedAt ? a.endsAt : a.updatedAt;
}

/** Withdrawn and ended ones, the latest first (by when they stopped showing). */
export function pastAnnouncements(list: readonly AnnouncementStats[], now: Date): AnnouncementStats[] {
  const current = new Set(currentAnnouncements(list, now).map((a) => a.id));
  const when = (a: AnnouncementStats) => endedAt(a) ?? a.startsAt;
  return list.filter((a) => !current.has(a.id)).sort((a, b) => when(b).localeCompare(when(a)));
}

/** "Semua", "Teknisi", "Wilayah JKT": the audience in words, never the raw `region:JKT`. */
export function audienceText(t: Translate, audience: string): string {
  if (audience.startsWith('region:'))
    return t('desk.announce.audience.region', { region: audience.slice('region:'.length) });
  if (audience === 'all' || audience === 'merchants' || audience === 'technicians')
    return t(`desk.announce.audience.${audience}`);
  return audience;
}

type Values = {
  title: string;
  body: string;
  severity: (typeof announcementSeverities)[number] | '';
  audience: AnnouncementAudience | '';
  startsAt: string;
  endsAt: string;
};
const blank = (): Values => ({
  title: '',
  body: '',
  severity: 'info',
  audience: '',
  startsAt: localNow(),
  endsAt: '',
});

type Command = { kind: 'create'; body: CreateAnnouncementRequest } | { kind: 'withdraw'; id: string };

export function AnnouncementsPanel() {
  const { t, dateTime } = useI18n();
  const { api, user } = useSession();
  const db = useDb();
  const canPublish = user?.role === 'supervisor' || user?.role === 'admin';
  const list = useJsonQuery(
    deskKeys.announcements,
    '/api/admin/announcements',
    z.array(announcementStatsSchema),
  );
  const merchants = useObservable(() => observeAllMerchants(db), noMerchants, [db]);
  const audiences = useMemo(
    (): AnnouncementAudience[] => [
      'all',
      'merchants',
      'technicians',
      ...[...new Set(merchants.map((m) => m.region))].sort().map((r) => `region:${r}` as const),
    ],
    [merchants],
  );
  // The list is filtered at render time; a refetch after each command keeps it current.
  const [now] = useState(() => new Date());
  const form = useZodForm({
    schema: createAnnouncementRequestSchema,
    defaultValues: blank(),
    toRequest: (v: Values) => ({
      title: v.title,
      body: v.body,
      severity: v.severity || undefined,
      audience: v.audience || undefined,
      startsAt: toIso(v.startsAt),
      endsAt: toIso(v.endsAt),
    }),
  });
  const command = useCommand(
    (c: Command): Promise<unknown> =>
      c.kind === 'withdraw'
        ? api.json(`/api/admin/announcements/${c.id}`, ok, { method: 'DELETE' })
        : api.json('/api/admin/announcements', announcementSchema, { json: c.body }),
    {
      stale: [deskKeys.announcements],
      onSuccess: (_r, c) => {
        if (c.kind === 'create') form.reset(blank());
      },
    },
  );
  const { errors } = form.formState;
  return (
    <section data-testid="admin-announcements" className="stack">
      {canPublish && (
        <form
          className="stack"
          data-testid="announcement-form"
          noValidate
          onSubmit={form.handleSubmit((body) => command.mutate({ kind: 'create', body }))}
        >
          <Field label={t('desk.announce.title')} error={errors.title}>
            {(a11y) => <input maxLength={200} {...a11y} {...form.register('title')} />}
          </Field>
          <Field label={t('desk.announce.body')} error={errors.body}>
            {(a11y) => <textarea rows={3} maxLength={2000} {...a11y} {...form.register('body')} />}
          </Field>
          <div className="inline-form">
            <EnumField
              control={form.control}
              name="severity"
              label={t('desk.announce.severity')}
              options={announcementSeverities}
              optionLabel={(s) => t(`announcement.severity.${s}`)}
            />
            <EnumField
              control={form.control}
              name="audience"
              label={t('desk.announce.audience')}
              options={audiences}
              optionLabel={(a) => audienceText(t, a)}
              emptyLabel={t('desk.announce.audience.pick')}
            />
            <Field label={t('desk.announce.startsAt')} error={errors.startsAt}>
              {(a11y) => <input type="datetime-local" {...a11y} {...form.register('startsAt')} />}
            </Field>
            <Field label={t('desk.announce.endsAt')} error={errors.endsAt}>
              {(a11y) => <input type="datetime-local" {...a11y} {...form.register('endsAt')} />}
            </Field>
          </div>
          <div className="row">
            <button type="submit" className="btn small primary" disabled={command.isPending}>
              {command.isPending ? t('desk.action.sending') : t('desk.announce.publish')}
            </button>
          </div>
        </form>
      )}
      <CommandNotice command={command} />
      <QueryView query={list}>
        {(rows) => (
          <>
            <DataTable
              rows={currentAnnouncements(rows, now)}
              label={t('desk.announce.heading')}
              testId="announcements-table"
              columns={[
                { header: t('desk.announce.title'), cell: (a) => a.title, data: true },
                {
                  header: t('desk.announce.severity'),
                  cell: (a) => (
                    <span className={`chip severity-${a.severity}`} data-testid="announcement-severity">
                      {t(`announcement.severity.${a.severity}`)}
                    </span>
                  ),
                },
                { header: t('desk.announce.audience'), cell: (a) => audienceText(t, a.audience) },
                { header: t('desk.announce.startsAt'), cell: (a) => dateTime(a.startsAt) },
                { header: t('desk.announce.until'), cell: (a) => (a.endsAt ? dateTime(a.endsAt) : '—') },
                { header: t('desk.announce.createdBy'), cell: (a) => a.createdBy, data: true },
                {
                  header: t('desk.announce.reads'),
                  cell: (a) => `${a.reads}/${a.recipients}`,
                  className: 'num',
                },
              ]}
              rowKey={(a) => a.id}
              rowAttributes={(a) => ({ 'data-testid': 'announcement-row', 'data-announcement-id': a.id })}
              actions={
                canPublish
                  ? (a) => (
                      <ConfirmedDelete
                        label={t('desk.announce.withdraw')}
                        title={t('desk.announce.withdrawTitle')}
                        body={t('desk.announce.withdrawBody', { title: a.title })}
                        testId="announcement-withdraw-confirm"
                        onConfirm={() => command.mutate({ kind: 'withdraw', id: a.id })}
                      />
                    )
                  : undefined
              }
              empty={t('desk.announce.none')}
            />
            <AnnouncementHistory rows={pastAnnouncements(rows, now)} />
          </>
        )}
      </QueryView>
    </section>
  );
}

/** The history under the list: what was withdrawn or has ended, read-only, folded by default. */
function AnnouncementHistory({ rows }: { rows: AnnouncementStats[] }) {
  const { t, dateTime } = useI18n();
  if (rows.length === 0) return null;
  return (
    <details className="stack" data-testid="announcements-history">
      <summary>{t('desk.announce.history', { count: rows.length })}</summary>
      <DataTable
        rows={rows}
        label={t('desk.announce.historyLabel')}
        columns={[
          { header: t('desk.announce.title'), cell: (a) => a.title, data: true },
          {
            header: t('desk.announce.severity'),
            cell: (a) => (
              <span className={`chip severity-${a.severity}`}>
                {t(`announcement.severity.${a.severity}`)}
              </span>
            ),
          },
          { header: t('desk.announce.audience'), cell: (a) => audienceText(t, a.audience) },
          { header: t('desk.announce.startsAt'), cell: (a) => dateTime(a.startsAt) },
          {
            header: t('desk.announce.endedAt'),
            cell: (a) => {
              const ended = endedAt(a);
              return <span data-testid="announcement-ended">{ended ? dateTime(ended) : '—'}</span>;
            },
          },
          {
            header: t('desk.announce.state'),
            cell: (a) => (
              <span className="chip" data-testid="announcement-state">
                {t(a.withdrawn ? 'desk.announce.state.withdrawn' : 'desk.announce.state.ended')}
              </span>
            ),
          },
          { header: t('desk.announce.createdBy'), cell: (a) => a.createdBy, data: true },
          { header: t('desk.announce.reads'), cell: (a) => `${a.reads}/${a.recipients}`, className: 'num' },
        ]}
        rowKey={(a) => a.id}
        rowAttributes={(a) => ({ 'data-testid': 'announcement-history-row', 'data-announcement-id': a.id })}
        empty=""
      />
    </details>
  );
}
