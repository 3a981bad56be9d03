/** Device sessions (active by default) and their revocation. */
import { type AdminSession, adminSessionSchema } from '@edc/shared';
import { useState } from 'react';
import { z } from 'zod';
import { ConfirmDialog } from '../../../components/dialog.tsx';
import { Empty } from '../../../components/state-views.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useSession } from '../../../shell/providers.tsx';
import { deskKeys, QueryView, useCommand, useJsonQuery } from '../desk-query.tsx';
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
  // Revoking signs a device out (unsent work waits until its user signs in again): ask first.
  const [confirm, setConfirm] = useState<AdminSession | null>(null);
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
      <QueryView query={sessions}>
        {(list) =>
          list.length === 0 ? (
            <Empty>—</Empty>
          ) : (
            <table className="data">
              <thead>
                <tr>
                  <th>{t('desk.admin.sessions.user')}</th>
                  <th>{t('desk.admin.sessions.device')}</th>
                  <th>{t('desk.admin.sessions.lastSeen')}</th>
                  <th>{t('desk.syncHealth.waiting')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.id} data-testid="session-row" data-username={s.username}>
                    <td>{s.username}</td>
                    <td>
                      {s.label}
                      {s.ip && <div className="muted">{s.ip}</div>}
                    </td>
                    <td>{dateTime(s.lastSeenAt)}</td>
                    <td>{s.outboxCount ?? 0}</td>
                    <td>
                      {s.revokedAt ? (
                        t('desk.admin.sessions.revoked')
                      ) : (
                        <button type="button" className="btn small danger" onClick={() => setConfirm(s)}>
                          {t('desk.admin.sessions.revoke')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
      {confirm && (
        <ConfirmDialog
          testId="revoke-confirm"
          title={t('desk.admin.sessions.confirmTitle', { user: confirm.username })}
          body={
            <>
              <p className="muted" translate="no">
                {confirm.label}
              </p>
              <p>{t('desk.admin.sessions.confirmBody')}</p>
            </>
          }
          confirmLabel={t('desk.admin.sessions.revoke')}
          cancelLabel={t('common.cancel')}
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            revoke.mutate(confirm);
            setConfirm(null);
          }}
        />
      )}
    </section>
  );
}
