/** Device/merchant CSV import with the per-line error report, and the CSV templates. */
import { importResultSchema } from '@edc/shared';
import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { apiErrorText } from '../../../components/api-error-text.ts';
import { Field } from '../../../components/field.tsx';
import { EnumField, useZodForm } from '../../../components/form.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useSession } from '../../../shell/providers.tsx';
import { saveBlob } from '../../../shell/save-file.ts';
import { useCommand } from '../desk-query.tsx';
import { TableWrap } from '../table-wrap.tsx';
import { importReasonText } from './import-reason.ts';

const kinds = ['devices', 'merchants'] as const;
type Kind = (typeof kinds)[number];

/** The upload: a kind and one chosen file (the server checks every row of it). */
const importForm = z.object({
  kind: z.enum(kinds),
  file: z.unknown().transform((v, ctx) => {
    if (typeof File !== 'undefined' && v instanceof File) return v;
    ctx.addIssue({ code: 'custom', message: 'no file' });
    return z.NEVER;
  }),
});
type ImportValues = { kind: Kind; file: FileList | null };

export function ImportPanel() {
  const { t } = useI18n();
  const { api } = useSession();
  const form = useZodForm({
    schema: importForm,
    defaultValues: { kind: 'devices', file: null },
    toRequest: (v: ImportValues) => ({ kind: v.kind, file: v.file?.[0] }),
  });
  // Imports change master data that replicates (its pokes refresh what shows it).
  const upload = useCommand(({ kind, file }: z.output<typeof importForm>) =>
    api.json(`/api/import/${kind}`, importResultSchema, {
      body: file,
      headers: { 'content-type': 'text/csv' },
    }),
  );
  const template = useMutation({
    mutationFn: async (kind: Kind) => {
      const { blob } = await api.blob(`/api/import/templates/${kind}.csv`);
      saveBlob(blob, `${kind}.csv`);
    },
  });
  const failure = upload.error ?? template.error;
  const result = upload.data;
  return (
    <section data-testid="admin-import">
      <form
        className="inline-form"
        noValidate
        onSubmit={form.handleSubmit((body) => {
          template.reset();
          upload.mutate(body);
        })}
      >
        <EnumField
          control={form.control}
          name="kind"
          label={t('desk.admin.import.kind')}
          data-testid="import-kind"
          options={kinds}
          optionLabel={(k) =>
            t(k === 'devices' ? 'desk.admin.import.devices' : 'desk.admin.import.merchants')
          }
        />
        <Field label={t('desk.admin.import.file')} error={form.formState.errors.file}>
          {(a11y) => (
            <input
              type="file"
              accept=".csv,text/csv"
              required
              data-testid="import-file"
              {...a11y}
              {...form.register('file')}
            />
          )}
        </Field>
        <button
          type="submit"
          className="btn small primary"
          disabled={upload.isPending}
          data-testid="import-submit"
        >
          {upload.isPending ? t('desk.action.sending') : t('desk.admin.import.submit')}
        </button>
        <button
          type="button"
          className="btn small link"
          onClick={() => {
            upload.reset();
            template.mutate(form.getValues('kind'));
          }}
        >
          {t('desk.admin.import.template')}
        </button>
      </form>
      {failure && (
        <p className="notice bad" role="alert" data-testid="import-error">
          {apiErrorText(t, failure)}
        </p>
      )}
      {result && (
        <div data-testid="import-result">
          <p
            className={`notice ${result.errors.length === 0 ? 'ok' : 'warn'}`}
            role="status"
            data-testid="import-summary"
          >
            {t('desk.admin.import.result', {
              inserted: result.inserted,
              updated: result.updated,
              unchanged: result.unchanged ?? 0,
              errors: result.errors.length,
            })}
          </p>
          {result.errors.length > 0 && (
            <>
              <h3>{t('desk.admin.import.errors')}</h3>
              <TableWrap label={t('desk.admin.import.errors')}>
                <table className="data" data-testid="import-errors">
                  <thead>
                    <tr>
                      <th className="num">{t('desk.admin.import.line')}</th>
                      <th>{t('desk.admin.import.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.errors.map((e) => (
                      <tr key={`${e.line}:${e.reason}`} data-testid="import-error-row" data-line={e.line}>
                        <td className="num">{e.line}</td>
                        <td>{importReasonText(t, e)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            </>
          )}
        </div>
      )}
    </section>
  );
}
