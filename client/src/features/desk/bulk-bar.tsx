/**
 * Bulk actions on the ticked cases of the queue (issue 15): assign, change team, internal
 * note, close duplicates into one surviving case. One request (`POST /api/desk/cases/bulk`);
 * the server answers every case on its own, and each refusal is shown in words with its case
 * number. The selection is cleared when every case went through.
 */
import {
  type BulkFailureReason,
  type BulkRequest,
  type BulkResult,
  bulkResultSchema,
  teamSchema,
} from '@edc/shared';
import { type ReactNode, useState } from 'react';
import { apiErrorText } from '../../components/api-error-text.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../shell/providers.tsx';
import { deskKeys, useJsonQuery } from './desk-query.tsx';

type Payload = BulkRequest extends infer R ? (R extends unknown ? Omit<R, 'ids'> : never) : never;

export function BulkBar({
  ids,
  caseNumber,
  onDone,
  onKeep,
}: {
  ids: readonly string[];
  /** Case number of a ticked case (the survivor picker shows numbers, not ids). */
  caseNumber: (id: string) => string | undefined;
  onDone: () => void;
  /** After a partial success: only the refused cases stay ticked. */
  onKeep: (ids: readonly string[]) => void;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  const teams = useJsonQuery(deskKeys.teams, '/api/desk/teams', teamSchema.array());
  const [assignee, setAssignee] = useState('');
  const [team, setTeam] = useState('');
  const [note, setNote] = useState('');
  const [survivor, setSurvivor] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const label = (id: string) => caseNumber(id) ?? id.slice(0, 8);
  const survivorId = ids.includes(survivor) ? survivor : '';

  const apply = async (payload: Payload) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api.json('/api/desk/cases/bulk', bulkResultSchema, { json: { ...payload, ids } });
      setResult(answer);
      if (answer.failed === 0) {
        setAssignee('');
        setNote('');
        setTeam('');
        setSurvivor('');
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

  return (
    <section className="bulk-bar" aria-label={t('desk.bulk.title')} data-testid="bulk-bar">
      <div className="row bulk-actions">
        <strong>{t('desk.bulk.count', { n: ids.length })}</strong>
        <BulkAction
          onSubmit={() => void apply({ action: 'assign', assignee: assignee.trim() })}
          disabled={busy || !assignee.trim()}
          testId="bulk-assign"
          label={t('desk.bulk.assign')}
        >
          <input
            aria-label={t('desk.action.assignee')}
            placeholder={t('desk.action.assignee')}
            data-testid="bulk-assignee"
            value={assignee}
            onChange={(e) => setAssignee(e.target.value)}
          />
        </BulkAction>
        <BulkAction
          onSubmit={() => void apply({ action: 'team', team })}
          disabled={busy || !team}
          testId="bulk-team-apply"
          label={t('desk.bulk.teamApply')}
        >
          <select
            aria-label={t('desk.bulk.team')}
            data-testid="bulk-team"
            value={team}
            onChange={(e) => setTeam(e.target.value)}
          >
            <option value="">{t('desk.bulk.teamPick')}</option>
            {(teams.data ?? []).map((tm) => (
              <option key={tm.unit} value={tm.unit}>
                {tm.unit}
              </option>
            ))}
          </select>
        </BulkAction>
        <BulkAction
          onSubmit={() => void apply({ action: 'note', note: note.trim() })}
          disabled={busy || !note.trim()}
          testId="bulk-note-send"
          label={t('desk.bulk.note')}
        >
          <input
            aria-label={t('desk.comments.internal')}
            placeholder={t('desk.comments.internalPlaceholder')}
            data-testid="bulk-note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </BulkAction>
        {ids.length > 1 && (
          <BulkAction
            onSubmit={() => {
              // Destructive: every other ticked case is cancelled.
              const ok = window.confirm(
                t('desk.bulk.dupConfirm', { n: ids.length - 1, survivor: label(survivorId) }),
              );
              if (ok) void apply({ action: 'close_duplicates', survivorId });
            }}
            disabled={busy || !survivorId}
            testId="bulk-close-duplicates"
            label={t('desk.bulk.closeDuplicates')}
            danger
          >
            <select
              aria-label={t('desk.bulk.survivor')}
              data-testid="bulk-survivor"
              value={survivorId}
              onChange={(e) => setSurvivor(e.target.value)}
            >
              <option value="">{t('desk.bulk.survivorPick')}</option>
              {ids.map((id) => (
                <option key={id} value={id}>
                  {label(id)}
                </option>
              ))}
            </select>
          </BulkAction>
        )}
        <button type="button" className="btn small link" onClick={onDone}>
          {t('desk.bulk.clear')}
        </button>
      </div>
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

/** One bulk action: its input and its button; submitting (Enter or the button) runs it once enabled. */
function BulkAction({
  onSubmit,
  disabled,
  testId,
  label,
  danger = false,
  children,
}: {
  onSubmit: () => void;
  disabled: boolean;
  testId: string;
  label: string;
  danger?: boolean;
  children: ReactNode;
}) {
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        if (!disabled) onSubmit();
      }}
    >
      {children}
      <button
        type="submit"
        className={danger ? 'btn small danger' : 'btn small'}
        data-testid={testId}
        disabled={disabled}
      >
        {label}
      </button>
    </form>
  );
}
