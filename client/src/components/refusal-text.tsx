/**
 * What the server refused, in words (issue 11): an event refused per row (its reason), or
 * refused with a whole push (the HTTP status and code), and a case whose push was refused.
 * Shared by the technician's and the merchant's case screens.
 */
import { caseEventTypeSchema } from '@edc/shared';
import { type CaseBatchRefusal, observeCaseBatchRefusal, type Refusal } from '../db/index.ts';
import { type Translate, useI18n } from '../i18n/index.tsx';
import { useDb } from '../shell/providers.tsx';
import { useObservable } from '../shell/use-observable.ts';
import { isApiErrorCode } from '../sync/api-error.ts';
import { apiErrorText } from './api-error-text.ts';

export function refusalText(t: Translate, dateTime: (iso: string) => string, r: Refusal): string {
  const reason =
    r.batch && isApiErrorCode(r.batch.code)
      ? t('refused.batch', { error: apiErrorText(t, { status: r.batch.status, code: r.batch.code }) })
      : t(`refused.${r.reason}`);
  return t('onsite.refused', {
    action: t(`event.${caseEventTypeSchema.safeParse(r.type).data ?? 'comment'}`),
    reason,
    time: dateTime(r.at),
  });
}

/**
 * A submitted case whose push the server refused as a whole: it stays in the outbox on
 * this phone (exportable), never resent in a loop; this says so instead of "waiting".
 */
export function CasePushRefused({ caseId }: { caseId: string }) {
  const { t, dateTime } = useI18n();
  const db = useDb();
  const refusal = useObservable<CaseBatchRefusal | null>(() => observeCaseBatchRefusal(db, caseId), null, [
    db,
    caseId,
  ]);
  if (!refusal) return null;
  const error = isApiErrorCode(refusal.code)
    ? apiErrorText(t, { status: refusal.status, code: refusal.code })
    : String(refusal.status);
  return (
    <p className="sync-error" role="alert" data-testid="case-push-refused" data-status={refusal.status}>
      {t('case.pushRefused', { error, time: dateTime(refusal.at) })}
    </p>
  );
}
