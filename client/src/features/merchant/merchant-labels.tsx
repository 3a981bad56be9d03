/** Merchant-side case title: the official number, or what stands in for it and why. */
import type { CaseDoc } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';

export function MerchantCaseTitle({ doc }: { doc: CaseDoc }) {
  const { t } = useI18n();
  // A rejected case never gets a number; "draft" would suggest it can still be sent.
  const text =
    doc.caseNumber ?? (doc.status === 'submitted' ? t('cases.waiting') : t('merchant.case.noNumber'));
  return (
    <span className="case-number" data-testid="case-number">
      {text}
    </span>
  );
}
