/** Shared bits of case and device screens: status chips, case title, rejection text. */
import type { CaseStatus, DeviceStatus } from '@edc/shared';
import type { CaseDoc } from '../db/index.ts';
import { useI18n } from '../i18n/index.tsx';
import { StatusChip, type StatusTone } from './chip.tsx';

const caseTone: Record<CaseStatus, StatusTone> = {
  submitted: 'submitted',
  open: 'open',
  in_progress: 'in-progress',
  resolved: 'resolved',
  closed: 'closed',
  rejected: 'rejected',
  cancelled: 'cancelled',
};

export function StatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useI18n();
  return (
    <StatusChip tone={caseTone[status]} testId="case-status" data={{ status }}>
      {t(`case.status.${status}`)}
    </StatusChip>
  );
}

const deviceTone: Record<DeviceStatus, StatusTone> = {
  on_operation: 'ok',
  in_warehouse: 'neutral',
  under_repair: 'warn',
  decommissioned: 'bad',
};

export function DeviceStatusChip({ status, testId }: { status: DeviceStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <StatusChip tone={deviceTone[status]} testId={testId} data={{ status }}>
      {t(`status.device.${status}`)}
    </StatusChip>
  );
}

export function CaseTitle({ doc }: { doc: CaseDoc }) {
  const { t } = useI18n();
  return (
    <span className="case-number" data-testid="case-number">
      {/* A rejected case never got a number: it is "Ditolak", never "Draf" (issue 12). */}
      {doc.caseNumber ??
        (doc.status === 'submitted'
          ? t('cases.waiting')
          : doc.status === 'rejected'
            ? t('case.status.rejected')
            : t('cases.draft'))}
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
