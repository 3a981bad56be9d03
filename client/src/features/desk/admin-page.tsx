/**
 * Master data (admin only; the server enforces it too): one tab per panel, each in its
 * own file under admin/ — SLA catalogue, holidays, device/merchant CSV import, users,
 * device sessions, outbound webhooks, the audit log of all their changes.
 */
import { type ComponentType, useState } from 'react';
import { ErrorState } from '../../components/state-views.tsx';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../shell/providers.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { AuditPanel } from './admin/audit-panel.tsx';
import { FaqPanel } from './admin/faq-panel.tsx';
import { HolidaysPanel } from './admin/holidays-panel.tsx';
import { ImportPanel } from './admin/import-panel.tsx';
import { SessionsPanel } from './admin/sessions-panel.tsx';
import { SlaRulesPanel } from './admin/sla-rules-panel.tsx';
import { UsersPanel } from './admin/users-panel.tsx';
import { WebhooksPanel } from './admin/webhooks-panel.tsx';
import { DeskFrame } from './desk-frame.tsx';
import { deskScreen } from './desk-query.tsx';

const TABS = ['sla', 'holidays', 'faq', 'import', 'users', 'sessions', 'webhooks', 'audit'] as const;
type Tab = (typeof TABS)[number];
const PANELS: Record<Tab, { label: MessageKey; Panel: ComponentType }> = {
  sla: { label: 'desk.admin.tab.sla', Panel: SlaRulesPanel },
  holidays: { label: 'desk.admin.tab.holidays', Panel: HolidaysPanel },
  faq: { label: 'desk.admin.tab.faq', Panel: FaqPanel },
  import: { label: 'desk.admin.tab.import', Panel: ImportPanel },
  users: { label: 'desk.admin.tab.users', Panel: UsersPanel },
  sessions: { label: 'desk.admin.tab.sessions', Panel: SessionsPanel },
  webhooks: { label: 'desk.admin.tab.webhooks', Panel: WebhooksPanel },
  audit: { label: 'desk.admin.tab.audit', Panel: AuditPanel },
};

function AdminScreen(_props: ScreenProps) {
  const { t } = useI18n();
  const { user } = useSession();
  const [tab, setTab] = useState<Tab>('sla');
  const { Panel } = PANELS[tab];
  return (
    <DeskFrame title={t('desk.admin.title')}>
      <h1>{t('desk.admin.title')}</h1>
      {user?.role === 'admin' && (
        <div className="tabs" role="tablist">
          {TABS.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={tab === id}
              data-testid={`admin-tab-${id}`}
              onClick={() => setTab(id)}
            >
              {t(PANELS[id].label)}
            </button>
          ))}
        </div>
      )}
      <div role="tabpanel">
        {user?.role === 'admin' ? <Panel /> : <ErrorState>{t('desk.admin.forbidden')}</ErrorState>}
      </div>
    </DeskFrame>
  );
}

export const AdminPage = deskScreen(AdminScreen);
