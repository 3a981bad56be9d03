/**
 * Audit log (issue 15): who changed which master data or user, when, and what it was
 * before and after (only the fields that changed). Filter by kind of data; newest first,
 * "older" pages back.
 */
import { type AuditEntity, type AuditEntry, auditEntities, auditListSchema } from '@edc/shared';
import { useState } from 'react';
import { EnumSelect } from '../../../components/enum-select.tsx';
import { Empty } from '../../../components/state-views.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { deskKeys, QueryView, useJsonQuery } from '../desk-query.tsx';
import { TableWrap } from '../table-wrap.tsx';
import '../management.css';

const PAGE = 50;

/** The fields that differ between before and after (all of them for a create or delete). */
export function auditChanges(
  e: Pick<AuditEntry, 'before' | 'after'>,
): { field: string; from: string; to: string }[] {
  const before = e.before ?? {};
  const after = e.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const show = (v: unknown) =>
    v === undefined || v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
  return fields
    .filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    .filter((f) => f !== 'id')
    .map((f) => ({ field: f, from: show(before[f]), to: show(after[f]) }));
}

export function AuditPanel() {
  const { t, dateTime } = useI18n();
  // View filters (what is listed), not a form.
  const [entity, setEntity] = useState<AuditEntity | ''>('');
  const [before, setBefore] = useState<string | undefined>(undefined);
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (entity) query.set('entity', entity);
  if (before) query.set('before', before);
  const log = useJsonQuery(
    [...deskKeys.audit, entity, before ?? ''],
    `/api/admin/audit?${query}`,
    auditListSchema,
  );
  return (
    <section data-testid="admin-audit">
      <div className="inline-form">
        <EnumSelect
          label={t('desk.admin.audit.entity')}
          value={entity}
          emptyLabel={t('desk.common.all')}
          options={auditEntities}
          optionLabel={(e) => t(`desk.admin.audit.entity.${e}`)}
          onChange={(e) => {
            setEntity(e);
            setBefore(undefined);
          }}
        />
        {before && (
          <button type="button" className="btn small" onClick={() => setBefore(undefined)}>
            {t('desk.admin.audit.newest')}
          </button>
        )}
      </div>
      <QueryView query={log}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('desk.admin.audit.empty')}</Empty>
          ) : (
            <>
              <TableWrap label={t('desk.admin.tab.audit')}>
                <table className="data" data-testid="audit-table">
                  <thead>
                    <tr>
                      <th>{t('desk.admin.audit.at')}</th>
                      <th>{t('desk.admin.audit.actor')}</th>
                      <th>{t('desk.admin.audit.what')}</th>
                      <th>{t('desk.admin.audit.changes')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((e) => (
                      <tr key={e.id} data-testid="audit-row" data-entity={e.entity} data-action={e.action}>
                        <td>{dateTime(e.at)}</td>
                        <td>{e.actor}</td>
                        <td>
                          {t(`desk.admin.audit.action.${e.action}`)} ·{' '}
                          {t(`desk.admin.audit.entity.${e.entity}`)}
                          <div className="muted" translate="no">
                            {e.entityKey}
                          </div>
                        </td>
                        <td>
                          <ul className="audit-changes">
                            {auditChanges(e).map((c) => (
                              <li key={c.field} translate="no">
                                <strong>{c.field}</strong>:{' '}
                                {e.action === 'create' ? c.to : `${c.from} → ${c.to}`}
                              </li>
                            ))}
                          </ul>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              {list.length === PAGE && (
                <button
                  type="button"
                  className="btn small"
                  onClick={() => setBefore(list[list.length - 1]?.id)}
                >
                  {t('desk.admin.audit.older')}
                </button>
              )}
            </>
          )
        }
      </QueryView>
    </section>
  );
}
