/**
 * Problem records (issue 15, ITIL problem management): the list, one record's detail
 * (status, root-cause analysis, workaround, linked incidents) and the dialog creating one
 * from a candidate or by hand. Supervisors and admins edit; agents read. The three forms
 * (create, edit, link cases) are checked by the shared request schemas of their routes
 * (`createProblemRequestSchema`, `updateProblemRequestSchema`, `linkCasesRequestSchema`),
 * so a short title or a mistyped case number is said at the field. The open record
 * lives in the URL (`/desk/problems?problem=<id>`). Case numbers link into the queue with
 * the case open.
 */
import {
  createProblemRequestSchema,
  linkCasesRequestSchema,
  type ProblemRecord,
  type ProblemRecordDetail,
  type ProblemStatus,
  problemRecordDetailSchema,
  problemRecordListSchema,
  problemStatuses,
  type UpdateProblemRequest,
  updateProblemRequestSchema,
} from '@edc/shared';
import { useMemo, useState } from 'react';
import { z } from 'zod';
import { apiErrorText } from '../../components/api-error-text.ts';
import { ConfirmDialog, Dialog } from '../../components/dialog.tsx';
import { Field } from '../../components/field.tsx';
import { EnumField, useZodForm } from '../../components/form.tsx';
import { Empty } from '../../components/state-views.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../shell/providers.tsx';
import { Link, navigate, useSearchParam } from '../../shell/router.tsx';
import { ApiError } from '../../sync/api-error.ts';
import { deskKeys, QueryView, useCommand, useJsonQuery } from './desk-query.tsx';
import { TableWrap } from './table-wrap.tsx';
import './management.css';

const unknownCasesSchema = z.object({ unknownCaseNumbers: z.array(z.string()) });

/** The queue with one case open (all statuses, so a closed incident is listed too). */
export function caseHref(caseId: string): string {
  return `/desk?status=all&case=${encodeURIComponent(caseId)}`;
}

export function useCanEditProblems(): boolean {
  const { user } = useSession();
  return user?.role === 'supervisor' || user?.role === 'admin';
}

/** Case numbers typed by hand: any separator, upper-cased, duplicates dropped. */
export function parseCaseNumbers(text: string): string[] {
  return [
    ...new Set(
      text
        .toUpperCase()
        .split(/[\s,;]+/)
        .filter((s) => s.length > 0),
    ),
  ];
}

export function ProblemRecords() {
  const { t, dateTime } = useI18n();
  const openId = useSearchParam('problem');
  const canEdit = useCanEditProblems();
  const [creating, setCreating] = useState(false);
  const records = useJsonQuery(deskKeys.problemRecords, '/api/desk/problem-records', problemRecordListSchema);
  return (
    <section className="card" data-testid="problem-records">
      <div className="section-head">
        <h2>{t('desk.problemRecords.title')}</h2>
        {canEdit && (
          <button
            type="button"
            className="btn small"
            onClick={() => setCreating(true)}
            data-testid="problem-new"
          >
            {t('desk.problemRecords.new')}
          </button>
        )}
      </div>
      <QueryView query={records}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('desk.problemRecords.empty')}</Empty>
          ) : (
            <RecordTable list={list} openId={openId} dateTime={dateTime} />
          )
        }
      </QueryView>
      {openId && <RecordDetail id={openId} canEdit={canEdit} />}
      {creating && <CreateProblemDialog onClose={() => setCreating(false)} />}
    </section>
  );
}

function RecordTable({
  list,
  openId,
  dateTime,
}: {
  list: readonly ProblemRecord[];
  openId: string | null;
  dateTime: (iso: string) => string;
}) {
  const { t } = useI18n();
  return (
    <TableWrap label={t('desk.problemRecords.title')}>
      <table className="data" data-testid="problem-records-table">
        <thead>
          <tr>
            <th>{t('desk.problemRecords.number')}</th>
            <th>{t('desk.problemRecords.titleField')}</th>
            <th>{t('desk.problemRecords.status')}</th>
            <th className="num">{t('desk.problems.count')}</th>
            <th>{t('desk.problemRecords.updated')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((p) => (
            <tr
              key={p.id}
              aria-current={p.id === openId ? 'true' : undefined}
              data-testid="problem-record-row"
            >
              <td>
                <Link href={`/desk/problems?problem=${p.id}`}>{p.number}</Link>
              </td>
              <td>{p.title}</td>
              <td>{t(`desk.problemRecords.status.${p.status}`)}</td>
              <td className="num">{p.caseCount}</td>
              <td>{dateTime(p.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

type Edit = { status: ProblemStatus; rca: string; workaround: string };
const editOf = (p: ProblemRecordDetail): Edit => ({ status: p.status, rca: p.rca, workaround: p.workaround });

/** Typed case numbers as the request: nothing typed is "missing", not an empty list. */
const caseNumbersOf = (text: string) => {
  const caseNumbers = parseCaseNumbers(text);
  return caseNumbers.length > 0 ? { caseNumbers } : {};
};

function RecordDetail({ id, canEdit }: { id: string; canEdit: boolean }) {
  const { t, dateTime } = useI18n();
  const { api } = useSession();
  const record = useJsonQuery(
    deskKeys.problemRecord(id),
    `/api/desk/problem-records/${encodeURIComponent(id)}`,
    problemRecordDetailSchema,
  );
  const [unlink, setUnlink] = useState<{ caseId: string; caseNumber: string } | null>(null);
  const stale = [deskKeys.problemRecords];
  const save = useCommand(
    (body: UpdateProblemRequest) =>
      api.json(`/api/desk/problem-records/${encodeURIComponent(id)}`, problemRecordDetailSchema, {
        method: 'PATCH',
        json: body,
      }),
    { stale },
  );
  const linkCmd = useCommand(
    (body: { caseNumbers: string[] }) =>
      api.json(`/api/desk/problem-records/${encodeURIComponent(id)}/cases`, problemRecordDetailSchema, {
        json: body,
      }),
    { stale },
  );
  const unlinkCmd = useCommand(
    (caseId: string) =>
      api.fetch(`/api/desk/problem-records/${encodeURIComponent(id)}/cases/${encodeURIComponent(caseId)}`, {
        method: 'DELETE',
      }),
    { stale },
  );
  const failed = [save, linkCmd, unlinkCmd].find((c) => c.isError);

  return (
    <div className="problem-detail" data-testid="problem-detail">
      <QueryView query={record}>
        {(p: ProblemRecordDetail) => (
          <>
            <div className="section-head">
              <h3>
                {p.number} — {p.title}
              </h3>
              <button type="button" className="btn small" onClick={() => navigate('/desk/problems')}>
                {t('desk.common.close')}
              </button>
            </div>
            <p className="muted">
              {t('desk.problemRecords.meta', { by: p.createdBy, at: dateTime(p.createdAt) })}
              {p.kind !== 'other' && ` · ${t(`desk.problems.kind.${p.kind}`)}: ${p.key}`}
            </p>
            <RecordEditForm record={p} canEdit={canEdit} save={save} />
            <h4>{t('desk.problemRecords.cases', { count: p.cases.length })}</h4>
            {p.cases.length === 0 ? (
              <Empty>{t('desk.problemRecords.noCases')}</Empty>
            ) : (
              <TableWrap label={t('desk.problemRecords.cases', { count: p.cases.length })}>
                <table className="data" data-testid="problem-cases">
                  <thead>
                    <tr>
                      <th>{t('desk.queue.col.case')}</th>
                      <th>{t('desk.queue.col.status')}</th>
                      <th>{t('desk.field.category')}</th>
                      <th>
                        {t('desk.field.mid')} / {t('desk.field.tid')}
                      </th>
                      <th>{t('desk.problemRecords.linked')}</th>
                      {canEdit && <th />}
                    </tr>
                  </thead>
                  <tbody>
                    {p.cases.map((c) => (
                      <tr key={c.id}>
                        <td>
                          <Link href={caseHref(c.id)} data-testid="problem-case-link">
                            {c.caseNumber}
                          </Link>
                        </td>
                        <td>{t(`case.status.${c.status}`)}</td>
                        <td>{t(`category.${c.category}`)}</td>
                        <td>
                          {c.mid}
                          {c.tid && <div className="muted">{c.tid}</div>}
                        </td>
                        <td>
                          {c.linkedBy} · {dateTime(c.linkedAt)}
                        </td>
                        {canEdit && (
                          <td>
                            <button
                              type="button"
                              className="btn small danger"
                              onClick={() => setUnlink({ caseId: c.id, caseNumber: c.caseNumber })}
                            >
                              {t('desk.problemRecords.unlink')}
                            </button>
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )}
            {canEdit && <LinkCasesForm link={linkCmd} />}
            {failed && (
              <p className="notice bad" role="alert" data-testid="problem-error">
                {problemErrorText(t, failed.error)}
              </p>
            )}
          </>
        )}
      </QueryView>
      {unlink && (
        <ConfirmDialog
          title={t('desk.problemRecords.unlinkTitle', { number: unlink.caseNumber })}
          body={t('desk.problemRecords.unlinkBody')}
          confirmLabel={t('desk.problemRecords.unlink')}
          cancelLabel={t('common.cancel')}
          onCancel={() => setUnlink(null)}
          onConfirm={() => {
            unlinkCmd.mutate(unlink.caseId);
            setUnlink(null);
          }}
        />
      )}
    </div>
  );
}

type Command<V> = {
  mutate: (vars: V, options?: { onSuccess?: () => void }) => void;
  isPending: boolean;
  isSuccess: boolean;
};

/** Status, RCA and workaround; follows the record as it is saved or changed elsewhere. */
function RecordEditForm({
  record,
  canEdit,
  save,
}: {
  record: ProblemRecordDetail;
  canEdit: boolean;
  save: Command<UpdateProblemRequest>;
}) {
  const { t } = useI18n();
  // The form shows the record as last loaded (another record opened, a save, a poke).
  const values = useMemo(() => editOf(record), [record]);
  const form = useZodForm({
    schema: updateProblemRequestSchema,
    defaultValues: values,
    values,
    toRequest: (v: Edit) => v,
  });
  const { errors } = form.formState;
  return (
    <form className="stack" noValidate onSubmit={form.handleSubmit((body) => save.mutate(body))}>
      <EnumField
        control={form.control}
        name="status"
        label={t('desk.problemRecords.status')}
        data-testid="problem-status"
        options={problemStatuses}
        optionLabel={(s) => t(`desk.problemRecords.status.${s}`)}
        disabled={!canEdit}
      />
      <Field label={t('desk.problemRecords.rca')} error={errors.rca}>
        {(a11y) => (
          <textarea
            rows={3}
            maxLength={4000}
            readOnly={!canEdit}
            data-testid="problem-rca"
            {...a11y}
            {...form.register('rca')}
          />
        )}
      </Field>
      <Field label={t('desk.problemRecords.workaround')} error={errors.workaround}>
        {(a11y) => (
          <textarea
            rows={2}
            maxLength={4000}
            readOnly={!canEdit}
            {...a11y}
            {...form.register('workaround')}
          />
        )}
      </Field>
      {canEdit && (
        <button
          type="submit"
          className="btn primary small"
          disabled={save.isPending}
          data-testid="problem-save"
        >
          {save.isPending ? t('desk.common.saving') : t('desk.common.save')}
        </button>
      )}
      {save.isSuccess && (
        <p className="notice ok" role="status">
          {t('desk.common.saved')}
        </p>
      )}
    </form>
  );
}

/** Links typed case numbers to the open record; emptied once they are linked. */
function LinkCasesForm({ link }: { link: Command<{ caseNumbers: string[] }> }) {
  const { t } = useI18n();
  const form = useZodForm({
    schema: linkCasesRequestSchema,
    defaultValues: { numbers: '' },
    toRequest: ({ numbers }: { numbers: string }) => caseNumbersOf(numbers),
    aliases: { caseNumbers: 'numbers' },
  });
  const { errors } = form.formState;
  return (
    <form
      className="inline-form"
      noValidate
      onSubmit={form.handleSubmit((body) => link.mutate(body, { onSuccess: () => form.reset() }))}
    >
      <Field label={t('desk.problemRecords.linkLabel')} error={errors.numbers}>
        {(a11y) => (
          <input
            data-testid="problem-link-input"
            placeholder="CASE-20260309-00001, …"
            {...a11y}
            {...form.register('numbers')}
          />
        )}
      </Field>
      <button type="submit" className="btn small" disabled={link.isPending} data-testid="problem-link">
        {link.isPending ? t('desk.action.sending') : t('desk.problemRecords.link')}
      </button>
    </form>
  );
}

/** The server's refusal in words; unknown case numbers are named. */
function problemErrorText(t: ReturnType<typeof useI18n>['t'], error: unknown): string {
  const details = error instanceof ApiError ? unknownCasesSchema.safeParse(error.details) : undefined;
  const unknown = details?.success ? details.data.unknownCaseNumbers : [];
  if (unknown.length > 0) return t('desk.problemRecords.unknownCases', { numbers: unknown.join(', ') });
  return apiErrorText(t, error);
}

export type ProblemSeed = { title: string; kind: ProblemRecord['kind']; key: string; caseNumbers: string[] };

/** Create a record: from a candidate (kind, key and its cases filled in) or by hand. */
export function CreateProblemDialog({ seed, onClose }: { seed?: ProblemSeed; onClose: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const form = useZodForm({
    schema: createProblemRequestSchema,
    defaultValues: { title: seed?.title ?? '', numbers: (seed?.caseNumbers ?? []).join(', ') },
    toRequest: ({ title, numbers }: { title: string; numbers: string }) => ({
      title,
      kind: seed?.kind ?? 'other',
      key: seed?.key ?? '',
      caseNumbers: parseCaseNumbers(numbers),
    }),
    aliases: { caseNumbers: 'numbers' },
  });
  const { errors } = form.formState;
  const create = useCommand(
    (body: z.output<typeof createProblemRequestSchema>) =>
      api.json('/api/desk/problem-records', problemRecordDetailSchema, { json: body }),
    {
      stale: [deskKeys.problemRecords],
      onSuccess: (p) => {
        onClose();
        navigate(`/desk/problems?problem=${p.id}`);
      },
    },
  );
  return (
    <Dialog
      title={t('desk.problemRecords.new')}
      onClose={onClose}
      testId="problem-create"
      actions={
        <>
          <button type="button" className="btn text" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            form="problem-create-form"
            className="btn primary"
            disabled={create.isPending}
            data-testid="problem-create-submit"
          >
            {create.isPending ? t('desk.action.sending') : t('desk.problemRecords.create')}
          </button>
        </>
      }
    >
      <form
        id="problem-create-form"
        className="stack"
        noValidate
        onSubmit={form.handleSubmit((body) => create.mutate(body))}
      >
        <Field label={t('desk.problemRecords.titleField')} error={errors.title}>
          {(a11y) => (
            <input maxLength={200} data-testid="problem-title" {...a11y} {...form.register('title')} />
          )}
        </Field>
        <Field label={t('desk.problemRecords.linkLabel')} error={errors.numbers}>
          {(a11y) => (
            <textarea rows={2} data-testid="problem-create-numbers" {...a11y} {...form.register('numbers')} />
          )}
        </Field>
        {create.isError && (
          <p className="notice bad" role="alert">
            {problemErrorText(t, create.error)}
          </p>
        )}
      </form>
    </Dialog>
  );
}
