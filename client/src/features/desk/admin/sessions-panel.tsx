/** Device sessions (active by default) and their revocation. */
import { type AdminSession, adminSessionSchema } from '@edc/shared';
import { useState } from 'react';
import { z } from 'zod';
import { useI18n } from '../../../i18n/index.tsx';
import { useSession } from '../../../shell/providers.tsx';
import { deskKeys, useCommand, useJsonQuery } from '../desk-query.tsx';
import { AdminTable, ConfirmedDelete } from './admin-table.tsx';
import { CommandNotice } from './command-notice.tsx';

const ok = z.object({ ok: z.literal(true) });

export function SessionsPanel() {
  const { t, dateTime } = useI18n();
  const { api } = useSession();
  // A view filter, not a form: it only changes what is listed.
  const [activeOnly, setActiveOnly] = useState(true);
  const sessions = useJsonQuery(
    deskKeys.sessions(activeOnly),
    `/api/admin/sessions${activeOnly ? '?active=true' : ''}`,
    z.array(adminSessionSchema),
  );
  // Revoking signs a device out (unsent work waits until its user signs in again): asks first.
  const revoke = useCommand(
    (s: AdminSession) => api.json(`/api/admin/sessions/${s.id}/revoke`, ok, { method: 'POST' }),
    { stale: [['desk', 'admin', 'sessions']] },
  );
  return (
    <section data-testid="admin-sessions">
      <label className="row">
        <input type="checkbox" checked={activeOnly} onChange={(e) => setActiveOnly(e.target.checked)} />
        {t('desk.admin.sessions.activeOnly')}
      </label>
      <CommandNotice command={revoke} />
      <AdminTable
        label={t('desk.admin.tab.sessions')}
        query={sessions}
        columns={[
          { header: t('desk.admin.sessions.user'), cell: (s) => s.username, data: true },
          {
            header: t('desk.admin.sessions.device'),
            cell: (s) => (
              <>
                <span translate="no">{s.label}</span>
                {s.ip && (
                  <div className="muted" translate="no">
                    {s.ip}
                  </div>
                )}
              </>
            ),
          },
          { header: t('desk.admin.sessions.lastSeen'), cell: (s) => dateTime(s.lastSeenAt) },
          { header: t('desk.syncHealth.waiting'), cell: (s) => s.outboxCount ?? 0, className: 'num' },
        ]}
        rowKey={(s) => s.id}
        rowAttributes={(s) => ({ 'data-testid': 'session-row', 'data-username': s.username })}
        actions={(s) =>
          s.revokedAt ? (
            t('desk.admin.sessions.revoked')
          ) : (
            <ConfirmedDelete
              label={t('desk.admin.sessions.revoke')}
              title={t('desk.admin.sessions.confirmTitle', { user: s.username })}
              body={
                <>
                  <p className="muted" translate="no">
                    {s.label}
                  </p>
                  <p>{t('desk.admin.sessions.confirmBody')}</p>
                </>
              }
              testId="revoke-confirm"
              onConfirm={() => revoke.mutate(s)}
            />
          )
        }
        empty={t(activeOnly ? 'desk.admin.sessions.noneActive' : 'desk.admin.sessions.none')}
      />
    </section>
  );
}
