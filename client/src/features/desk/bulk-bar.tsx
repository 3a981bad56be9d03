/**
 * Bulk actions on the ticked cases of the queue (issue 15): assign, change team, internal
 * note, close duplicates into one surviving case. One request (`POST /api/desk/cases/bulk`);
 * the server answers every case on its own, and each refusal is shown in words with its case
 * number. The selection is cleared when every case went through. Each action is a small form
 * checked by the shared `bulkRequestSchema` the server validates with; the assignee is chosen
 * with the dispatch picker of the single assign (technician-picker.tsx), never typed.
 */
import {
  type BulkFailureReason,
  type BulkRequest,
  type BulkResult,
  bulkRequestSchema,
  bulkResultSchema,
  teamSchema,
} from '@edc/shared';
import { type ReactNode, useId, useRef, useState } from 'react';
import type { DefaultValues, FieldValues, UseFormReturn } from 'react-hook-form';
import { apiErrorText } from '../../components/api-error-text.ts';
import { FieldMessage } from '../../components/field.tsx';
import { type Draft, EnumField, useZodForm } from '../../components/form.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../shell/providers.tsx';
import { deskKeys, useJsonQuery } from './desk-query.tsx';
import { TechnicianPicker } from './technician-picker.tsx';

export function BulkBar({
  ids,
  mid,
  caseNumber,
  onDone,
  onKeep,
}: {
  ids: readonly string[];
  /** The ticked cases' MID when they share one: the technician picker opens on its region. */
  mid?: string;
  /** Case number of a ticked case (the survivor picker shows numbers, not ids). */
  caseNumber: (id: string) => string | undefined;
  onDone: () => void;
  /** After a partial success: only the refused cases stay ticked. */
  onKeep: (ids: readonly string[]) => void;
}) {
  const { t } = useI18n();
  const { api, user } = useSession();
  const teams = useJsonQuery(deskKeys.teams, '/api/desk/teams', teamSchema.array());
  const [assigning, setAssigning] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const label = (id: string) => caseNumber(id) ?? id.slice(0, 8);

  const apply = async (request: BulkRequest) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api.json('/api/desk/cases/bulk', bulkResultSchema, { json: request });
      setResult(answer);
      if (answer.failed === 0) {
        setAssigning(false);
        onDone();
      } else {
        onKeep(answer.results.filter((r) => !r.ok).map((r) => r.id));
      }
    } catch (e) {
      setError(apiErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  const common = { ids, busy, onSend: (request: BulkRequest) => void apply(request) };

  return (
    <section className="bulk-bar" aria-label={t('desk.bulk.title')} data-testid="bulk-bar">
      <div className="row bulk-actions">
        <strong>{t('desk.bulk.count', { n: ids.length })}</strong>
        <button
          type="button"
          className="btn small"
          aria-expanded={assigning}
          data-testid="bulk-assign-open"
          onClick={() => setAssigning((open) => !open)}
        >
          {t('desk.bulk.assignOpen')}
        </button>
        <BulkAction
          {...common}
          defaultValues={{ team: '' }}
          toPayload={(v: { team: string }) => ({ action: 'team', team: v.team })}
          testId="bulk-team-apply"
          label={t('desk.bulk.teamApply')}
          ownMessage
        >
          {(form) => (
            <EnumField
              control={form.control}
              name="team"
              aria-label={t('desk.bulk.team')}
              data-testid="bulk-team"
              options={(teams.data ?? []).map((tm) => tm.unit)}
              optionLabel={(unit) => unit}
              emptyLabel={t('desk.bulk.teamPick')}
            />
          )}
        </BulkAction>
        <BulkAction
          {...common}
          defaultValues={{ note: '' }}
          toPayload={(v: { note: string }) => ({ action: 'note', note: v.note })}
          testId="bulk-note-send"
          label={t('desk.bulk.note')}
        >
          {(form, a11y) => (
            <input
              aria-label={t('desk.comments.internal')}
              placeholder={t('desk.comments.internalPlaceholder')}
              data-testid="bulk-note"
              maxLength={4000}
              {...a11y}
              {...form.register('note')}
            />
          )}
        </BulkAction>
        {ids.length > 1 && (
          <BulkAction
            {...common}
            defaultValues={{ survivorId: '' }}
            toPayload={(v: { survivorId: string }) => ({
              action: 'close_duplicates',
              survivorId: v.survivorId,
            })}
            // Destructive: every other ticked case is cancelled.
            confirm={(request) =>
              request.action === 'close_duplicates' &&
              window.confirm(
                t('desk.bulk.dupConfirm', { n: ids.length - 1, survivor: label(request.survivorId) }),
              )
            }
            testId="bulk-close-duplicates"
            label={t('desk.bulk.closeDuplicates')}
            danger
            ownMessage
          >
            {(form) => (
              <EnumField
                control={form.control}
                name="survivorId"
                aria-label={t('desk.bulk.survivor')}
                data-testid="bulk-survivor"
                options={ids}
                optionLabel={label}
                emptyLabel={t('desk.bulk.survivorPick')}
              />
            )}
          </BulkAction>
        )}
        <button type="button" className="btn small link" onClick={onDone}>
          {t('desk.bulk.clear')}
        </button>
      </div>
      {assigning && (
        <BulkAction
          {...common}
          className="action-form bulk-assign-form"
          defaultValues={{ assignee: '' }}
          toPayload={(v: { assignee: string }) => ({ action: 'assign', assignee: v.assignee })}
          testId="bulk-assign"
          label={t('desk.bulk.assign')}
          ownMessage
        >
          {(form) => (
            <TechnicianPicker
              mid={mid}
              me={user?.username ?? ''}
              value={form.watch('assignee')}
              error={form.formState.errors.assignee}
              onChange={(u) => form.setValue('assignee', u, { shouldValidate: form.formState.isSubmitted })}
            />
          )}
        </BulkAction>
      )}
      {error && (
        <p className="notice bad" role="alert" data-testid="bulk-error">
          {error}
        </p>
      )}
      {result && (
        <div role="status" data-testid="bulk-result" className={result.failed ? 'notice bad' : 'notice ok'}>
          {t('desk.bulk.result', { ok: result.ok, failed: result.failed })}
          {result.failed > 0 && (
            <ul className="bulk-failures">
              {result.results
                .filter((r) => !r.ok)
                .map((r) => (
                  <li key={r.id} data-testid="bulk-failure" data-reason={r.reason}>
                    {t('desk.bulk.failure', {
                      case: r.caseNumber ?? label(r.id),
                      reason: t(
                        `desk.bulk.reason.${r.reason ?? 'failed'}` satisfies `desk.bulk.reason.${BulkFailureReason}`,
                      ),
                    })}
                  </li>
                ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

type FieldA11y = { 'aria-invalid'?: true; 'aria-describedby'?: string };

/**
 * One bulk action: its field, its button, and the field's message. The field's value
 * (`toPayload`) plus the ticked ids is checked by the shared `bulkRequestSchema`; a refused
 * input is said under the field and nothing is sent. Enter or the button submits.
 */
function BulkAction<V extends FieldValues>({
  ids,
  busy,
  onSend,
  defaultValues,
  toPayload,
  confirm,
  testId,
  label,
  danger = false,
  className = 'row',
  ownMessage = false,
  children,
}: {
  ids: readonly string[];
  busy: boolean;
  onSend: (request: BulkRequest) => void;
  defaultValues: DefaultValues<V>;
  toPayload: (values: V) => Draft<typeof bulkRequestSchema>;
  /** Asked after the input is valid, before anything is sent (a destructive action). */
  confirm?: (request: BulkRequest) => boolean;
  testId: string;
  label: string;
  danger?: boolean;
  className?: string;
  /** The field shows its message itself (an EnumField, the technician picker). */
  ownMessage?: boolean;
  children: (form: UseFormReturn<V, unknown, BulkRequest>, a11y: FieldA11y) => ReactNode;
}) {
  // The resolver reads the ticks at validation time, not those of the first render.
  const ticked = useRef(ids);
  ticked.current = ids;
  const form = useZodForm({
    schema: bulkRequestSchema,
    defaultValues,
    toRequest: (values: V) => ({ ...toPayload(values), ids: [...ticked.current] }),
  });
  const messageId = useId();
  // One field per action: its message, whatever the field's name.
  const error = Object.values(form.formState.errors)
    .map((e) => e?.message)
    .find((m) => typeof m === 'string');
  const a11y: FieldA11y = error ? { 'aria-invalid': true, 'aria-describedby': messageId } : {};
  return (
    <form
      className={className}
      noValidate
      onSubmit={form.handleSubmit((request) => {
        if (!confirm || confirm(request)) onSend(request);
      })}
    >
      {children(form, a11y)}
      <button
        type="submit"
        className={danger ? 'btn small danger' : 'btn small'}
        data-testid={testId}
        disabled={busy}
      >
        {label}
      </button>
      {!ownMessage && <FieldMessage id={messageId} error={error} />}
    </form>
  );
}
