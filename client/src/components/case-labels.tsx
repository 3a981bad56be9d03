/** Shared bits of the case list and detail: status badge and rejection text. */
import type { CaseDoc } from '../db/index.ts';
import { useI18n } from '../i18n/index.tsx';

export function StatusBadge({ status }: { status: CaseDoc['status'] }) {
  const { t } = useI18n();
  const tone =
    status === 'rejected' || status === 'cancelled' ? 'bad' : status === 'submitted' ? 'wait' : 'ok';
  return (
    <span className={`badge ${tone}`} data-testid="case-status" data-status={status}>
      {t(`case.status.${status}`)}
    </span>
  );
}

export function CaseTitle({ doc }: { doc: CaseDoc }) {
  const { t } = useI18n();
  return (
    <span className="case-number" data-testid="case-number">
      {doc.caseNumber ?? (doc.status === 'submitted' ? t('cases.waiting') : t('cases.draft'))}
    </span>
  );
}

export function Rejection({ doc }: { doc: CaseDoc }) {
  const { t } = useI18n();
  if (doc.status !== 'rejected') return null;
  return (
    <div className="rejection" role="note" data-testid="case-rejection">
      <p>
        {t('cases.rejectedBecause', {
          reason: doc.rejectReason ? t(`reject.${doc.rejectReason}`) : t('common.unknown'),
        })}
      </p>
      {doc.blockingCaseNumber && (
        <p data-testid="blocking-number">{t('cases.blockingNumber', { number: doc.blockingCaseNumber })}</p>
      )}
    </div>
  );
}
