/** Holiday editor: add a public holiday (shared `createHolidayRequestSchema`), delete one (asks first). */
import { type CreateHolidayRequest, createHolidayRequestSchema, holidaySchema } from '@edc/shared';
import { z } from 'zod';
import { Field } from '../../../components/field.tsx';
import { useZodForm } from '../../../components/form.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useSession } from '../../../shell/providers.tsx';
import { deskKeys, useCommand, useJsonQuery } from '../desk-query.tsx';
import { AdminTable, ConfirmedDelete } from './admin-table.tsx';
import { CommandNotice } from './command-notice.tsx';

const ok = z.object({ ok: z.literal(true) });

type HolidayCommand = { kind: 'add'; body: CreateHolidayRequest } | { kind: 'delete'; date: string };

export function HolidaysPanel() {
  const { t } = useI18n();
  const { api } = useSession();
  const holidays = useJsonQuery(deskKeys.holidays, '/api/admin/holidays', z.array(holidaySchema));
  const form = useZodForm({
    schema: createHolidayRequestSchema,
    defaultValues: { date: '', name: '' },
    toRequest: (v: CreateHolidayRequest) => v,
  });
  const command = useCommand(
    (c: HolidayCommand): Promise<unknown> =>
      c.kind === 'add'
        ? api.json('/api/admin/holidays', holidaySchema, { json: c.body })
        : api.json(`/api/admin/holidays/${c.date}`, ok, { method: 'DELETE' }),
    {
      stale: [deskKeys.holidays],
      onSuccess: (_result, c) => {
        if (c.kind === 'add') form.reset();
      },
    },
  );
  const { errors } = form.formState;
  return (
    <section data-testid="admin-holidays">
      <form
        className="inline-form"
        noValidate
        onSubmit={form.handleSubmit((body) => command.mutate({ kind: 'add', body }))}
      >
        <Field label={t('desk.admin.holidays.date')} error={errors.date}>
          {(a11y) => <input type="date" required {...a11y} {...form.register('date')} />}
        </Field>
        <Field label={t('desk.admin.holidays.name')} error={errors.name}>
          {(a11y) => <input required {...a11y} {...form.register('name')} />}
        </Field>
        <button type="submit" className="btn small primary">
          {t('desk.common.add')}
        </button>
      </form>
      <CommandNotice command={command} />
      <AdminTable
        label={t('desk.admin.tab.holidays')}
        query={holidays}
        columns={[
          { header: t('desk.admin.holidays.date'), cell: (h) => h.date },
          { header: t('desk.admin.holidays.name'), cell: (h) => h.name, data: true },
        ]}
        rowKey={(h) => h.id}
        actions={(h) => (
          <ConfirmedDelete
            title={t('desk.admin.holidays.deleteTitle', { name: h.name })}
            body={t('desk.admin.holidays.deleteBody', { date: h.date })}
            testId="holiday-delete-confirm"
            onConfirm={() => command.mutate({ kind: 'delete', date: h.date })}
          />
        )}
        empty={t('desk.admin.holidays.none')}
      />
    </section>
  );
}
