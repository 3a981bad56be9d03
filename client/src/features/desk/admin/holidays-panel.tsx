/** Holiday editor: add a public holiday (shared `createHolidayRequestSchema`), delete one. */
import { type CreateHolidayRequest, createHolidayRequestSchema, holidaySchema } from '@edc/shared';
import { z } from 'zod';
import { Field } from '../../../components/field.tsx';
import { useZodForm } from '../../../components/form.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useSession } from '../../../shell/providers.tsx';
import { deskKeys, QueryView, useCommand, useJsonQuery } from '../desk-query.tsx';
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
      <QueryView query={holidays}>
        {(list) => (
          <table className="data">
            <thead>
              <tr>
                <th>{t('desk.admin.holidays.date')}</th>
                <th>{t('desk.admin.holidays.name')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((h) => (
                <tr key={h.id}>
                  <td>{h.date}</td>
                  <td translate="no">{h.name}</td>
                  <td>
                    <button
                      type="button"
                      className="btn small danger"
                      onClick={() => command.mutate({ kind: 'delete', date: h.date })}
                    >
                      {t('desk.common.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </section>
  );
}
