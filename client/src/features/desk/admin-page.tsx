/**
 * Master data (admin only; the server enforces it too): SLA catalogue and holiday editor,
 * device/merchant CSV import with the per-line error report, users and device sessions,
 * outbound webhooks with their delivery log. Each panel talks to its admin endpoint.
 */
import {
  type AdminSession,
  type AdminUser,
  adminSessionSchema,
  adminUserSchema,
  type Category,
  type CreateSlaRuleRequest,
  type CreateUserRequest,
  categories,
  createWebhookResponseSchema,
  holidaySchema,
  type ImportResult,
  importResultSchema,
  type Priority,
  priorities,
  type Role,
  roles,
  type SlaRule,
  slaRuleSchema,
  type UpdateSlaRuleRequest,
  type WebhookEvent,
  webhookDeliverySchema,
  webhookEndpointSchema,
  webhookEvents,
} from '@edc/shared';
import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { z } from 'zod';
import { apiErrorText } from '../../components/api-error-text.ts';
import { Empty, ErrorState } from '../../components/state-views.tsx';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../shell/providers.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { saveBlob } from '../../shell/save-file.ts';
import type { ApiClient } from '../../sync/api-client.ts';
import { DeskFrame } from './desk-frame.tsx';
import { RemoteView } from './remote-view.tsx';
import { useRemote } from './use-remote.ts';

const TABS = ['sla', 'holidays', 'import', 'users', 'sessions', 'webhooks'] as const;
type Tab = (typeof TABS)[number];
const TAB_KEYS: Record<Tab, MessageKey> = {
  sla: 'desk.admin.tab.sla',
  holidays: 'desk.admin.tab.holidays',
  import: 'desk.admin.tab.import',
  users: 'desk.admin.tab.users',
  sessions: 'desk.admin.tab.sessions',
  webhooks: 'desk.admin.tab.webhooks',
};
const ok = z.object({ ok: z.literal(true) });

type Notice = { ok: boolean; text: string } | null;

function NoticeLine({ notice }: { notice: Notice }) {
  if (!notice) return null;
  return (
    <p
      className={`notice ${notice.ok ? 'ok' : 'bad'}`}
      role={notice.ok ? 'status' : 'alert'}
      data-testid="admin-notice"
    >
      {notice.text}
    </p>
  );
}

/** Runs an admin command and turns its outcome into a notice in words. */
function useCommand(): [Notice, (run: () => Promise<unknown>, after?: () => void) => Promise<void>] {
  const { t } = useI18n();
  const [notice, setNotice] = useState<Notice>(null);
  const exec = async (run: () => Promise<unknown>, after?: () => void) => {
    setNotice(null);
    try {
      await run();
      setNotice({ ok: true, text: t('desk.common.saved') });
      after?.();
    } catch (error) {
      setNotice({ ok: false, text: apiErrorText(t, error) });
    }
  };
  return [notice, exec];
}

export function AdminPage(_props: ScreenProps) {
  const { t } = useI18n();
  const { user, api } = useSession();
  const [tab, setTab] = useState<Tab>('sla');
  let body: ReactNode;
  if (user?.role !== 'admin') body = <ErrorState>{t('desk.admin.forbidden')}</ErrorState>;
  else if (tab === 'sla') body = <SlaRulesPanel api={api} />;
  else if (tab === 'holidays') body = <HolidaysPanel api={api} />;
  else if (tab === 'import') body = <ImportPanel api={api} />;
  else if (tab === 'users') body = <UsersPanel api={api} />;
  else if (tab === 'sessions') body = <SessionsPanel api={api} />;
  else body = <WebhooksPanel api={api} />;
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
              {t(TAB_KEYS[id])}
            </button>
          ))}
        </div>
      )}
      <div role="tabpanel">{body}</div>
    </DeskFrame>
  );
}

// ---- SLA catalogue ------------------------------------------------------------------------

function ruleUpdate(rule: SlaRule, target: 'businessDays' | 'hours', amount: number): UpdateSlaRuleRequest {
  return {
    label: rule.label,
    caseType: rule.caseType,
    responsibleUnit: rule.responsibleUnit,
    priority: rule.priority,
    responseMinutes: rule.responseMinutes,
    active: rule.active,
    ...(target === 'hours' ? { hours: amount } : { businessDays: amount }),
  };
}

function SlaRulesPanel({ api }: { api: ApiClient }) {
  const { t } = useI18n();
  const [remote, reload] = useRemote(() => api.json('/api/admin/sla-rules', z.array(slaRuleSchema)), []);
  const [notice, exec] = useCommand();
  return (
    <section data-testid="admin-sla">
      <NewSlaRuleForm
        onCreate={(body) =>
          exec(() => api.json('/api/admin/sla-rules', slaRuleSchema, { json: body }), reload)
        }
      />
      <NoticeLine notice={notice} />
      <RemoteView remote={remote} reload={reload}>
        {(rules) => (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>{t('desk.field.category')}</th>
                  <th>{t('desk.field.subcase')}</th>
                  <th>{t('desk.field.unit')}</th>
                  <th>{t('desk.field.priority')}</th>
                  <th>{t('desk.admin.sla.response')}</th>
                  <th>{t('desk.field.dueAt')}</th>
                  <th>{t('desk.admin.sla.active')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rules.map((rule) => (
                  <SlaRuleRow
                    key={`${rule.id}:${rule.updatedAt}`}
                    rule={rule}
                    onSave={(body) =>
                      exec(
                        () =>
                          api.json(`/api/admin/sla-rules/${encodeURIComponent(rule.id)}`, slaRuleSchema, {
                            method: 'PUT',
                            json: body,
                          }),
                        reload,
                      )
                    }
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </RemoteView>
    </section>
  );
}

function SlaRuleRow({ rule, onSave }: { rule: SlaRule; onSave: (body: UpdateSlaRuleRequest) => void }) {
  const { t } = useI18n();
  const [unit, setUnit] = useState(rule.responsibleUnit);
  const [priority, setPriority] = useState<Priority>(rule.priority);
  const [response, setResponse] = useState(rule.responseMinutes);
  const [target, setTarget] = useState<'businessDays' | 'hours'>(
    rule.hours !== undefined ? 'hours' : 'businessDays',
  );
  const [amount, setAmount] = useState(rule.hours ?? rule.businessDays ?? 1);
  const [active, setActive] = useState(rule.active);
  return (
    <tr data-testid="sla-rule-row" data-rule-id={rule.id}>
      <td>{t(`category.${rule.category}`)}</td>
      <td>
        {rule.label || rule.subcase}
        <div className="muted">{rule.subcase}</div>
      </td>
      <td>
        <input aria-label={t('desk.field.unit')} value={unit} onChange={(e) => setUnit(e.target.value)} />
      </td>
      <td>
        <select
          aria-label={t('desk.field.priority')}
          value={priority}
          onChange={(e) => setPriority(priorities.find((p) => p === e.target.value) ?? priority)}
        >
          {priorities.map((p) => (
            <option key={p} value={p}>
              {t(`desk.priority.${p}`)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          aria-label={t('desk.admin.sla.response')}
          type="number"
          min={1}
          style={{ width: '5rem' }}
          value={response}
          onChange={(e) => setResponse(Number(e.target.value))}
        />
      </td>
      <td>
        <span className="row">
          <input
            aria-label={t('desk.field.dueAt')}
            type="number"
            min={1}
            style={{ width: '4rem' }}
            value={amount}
            onChange={(e) => setAmount(Number(e.target.value))}
          />
          <select
            aria-label={t('desk.field.dueAt')}
            value={target}
            onChange={(e) => setTarget(e.target.value === 'hours' ? 'hours' : 'businessDays')}
          >
            <option value="businessDays">{t('desk.admin.sla.businessDays')}</option>
            <option value="hours">{t('desk.admin.sla.hours')}</option>
          </select>
        </span>
      </td>
      <td>
        <input
          aria-label={t('desk.admin.sla.active')}
          type="checkbox"
          checked={active}
          onChange={(e) => setActive(e.target.checked)}
        />
      </td>
      <td>
        <button
          type="button"
          className="btn small"
          onClick={() =>
            onSave({
              ...ruleUpdate(
                { ...rule, responsibleUnit: unit, priority, responseMinutes: response, active },
                target,
                amount,
              ),
            })
          }
        >
          {t('desk.common.save')}
        </button>
      </td>
    </tr>
  );
}

function NewSlaRuleForm({ onCreate }: { onCreate: (body: CreateSlaRuleRequest) => void }) {
  const { t } = useI18n();
  const [category, setCategory] = useState<Category>('other');
  const [subcase, setSubcase] = useState('');
  const [label, setLabel] = useState('');
  const [unit, setUnit] = useState('');
  const [priority, setPriority] = useState<Priority>('minor');
  const [response, setResponse] = useState(120);
  const [target, setTarget] = useState<'businessDays' | 'hours'>('businessDays');
  const [amount, setAmount] = useState(1);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onCreate({
      category,
      subcase: subcase.trim(),
      label: label.trim(),
      caseType: 'escalation',
      responsibleUnit: unit.trim(),
      priority,
      responseMinutes: response,
      active: true,
      ...(target === 'hours' ? { hours: amount } : { businessDays: amount }),
    });
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="sla-rule-form">
      <label>
        {t('desk.field.category')}
        <select
          name="category"
          value={category}
          onChange={(e) => setCategory(categories.find((c) => c === e.target.value) ?? 'other')}
        >
          {categories.map((c) => (
            <option key={c} value={c}>
              {t(`category.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('desk.field.subcase')}
        <input name="subcase" required value={subcase} onChange={(e) => setSubcase(e.target.value)} />
      </label>
      <label>
        {t('desk.admin.sla.label')}
        <input name="label" value={label} onChange={(e) => setLabel(e.target.value)} />
      </label>
      <label>
        {t('desk.field.unit')}
        <input name="responsibleUnit" required value={unit} onChange={(e) => setUnit(e.target.value)} />
      </label>
      <label>
        {t('desk.field.priority')}
        <select
          name="priority"
          value={priority}
          onChange={(e) => setPriority(priorities.find((p) => p === e.target.value) ?? 'minor')}
        >
          {priorities.map((p) => (
            <option key={p} value={p}>
              {t(`desk.priority.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('desk.admin.sla.response')}
        <input
          name="responseMinutes"
          type="number"
          min={1}
          style={{ width: '5rem' }}
          value={response}
          onChange={(e) => setResponse(Number(e.target.value))}
        />
      </label>
      <label>
        {t('desk.field.dueAt')}
        <span className="row">
          <input
            name="amount"
            type="number"
            min={1}
            style={{ width: '4rem' }}
            value={amount}
            onChange={(e) => setAmount(Number(e.target.value))}
          />
          <select
            name="target"
            // A <label> names only its first control; without this the unit picker is
            // announced with no name (the table rows label theirs the same way).
            aria-label={t('desk.field.dueAt')}
            value={target}
            onChange={(e) => setTarget(e.target.value === 'hours' ? 'hours' : 'businessDays')}
          >
            <option value="businessDays">{t('desk.admin.sla.businessDays')}</option>
            <option value="hours">{t('desk.admin.sla.hours')}</option>
          </select>
        </span>
      </label>
      <button type="submit" className="btn small primary">
        {t('desk.common.add')}
      </button>
    </form>
  );
}

// ---- holidays ---------------------------------------------------------------------------

function HolidaysPanel({ api }: { api: ApiClient }) {
  const { t } = useI18n();
  const [remote, reload] = useRemote(() => api.json('/api/admin/holidays', z.array(holidaySchema)), []);
  const [notice, exec] = useCommand();
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const add = (event: FormEvent) => {
    event.preventDefault();
    void exec(
      () => api.json('/api/admin/holidays', holidaySchema, { json: { date, name: name.trim() } }),
      () => {
        setDate('');
        setName('');
        reload();
      },
    );
  };
  return (
    <section data-testid="admin-holidays">
      <form className="inline-form" onSubmit={add}>
        <label>
          {t('desk.admin.holidays.date')}
          <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <label>
          {t('desk.admin.holidays.name')}
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" className="btn small primary">
          {t('desk.common.add')}
        </button>
      </form>
      <NoticeLine notice={notice} />
      <RemoteView remote={remote} reload={reload}>
        {(list) => (
          <table className="data">
            <thead>
              <tr>
                <th>{t('desk.admin.holidays.date')}</th>
                <th>{t('desk.admin.holidays.name')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((h) => (
                <tr key={h.id}>
                  <td>{h.date}</td>
                  <td>{h.name}</td>
                  <td>
                    <button
                      type="button"
                      className="btn small danger"
                      onClick={() =>
                        exec(
                          () => api.json(`/api/admin/holidays/${h.date}`, ok, { method: 'DELETE' }),
                          reload,
                        )
                      }
                    >
                      {t('desk.common.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </RemoteView>
    </section>
  );
}

// ---- CSV import -------------------------------------------------------------------------

function ImportPanel({ api }: { api: ApiClient }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<'devices' | 'merchants'>('devices');
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(
        await api.json(`/api/import/${kind}`, importResultSchema, {
          body: file,
          headers: { 'content-type': 'text/csv' },
        }),
      );
    } catch (e) {
      setError(apiErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  const template = async () => {
    try {
      const { blob } = await api.blob(`/api/import/templates/${kind}.csv`);
      saveBlob(blob, `${kind}.csv`);
    } catch (e) {
      setError(apiErrorText(t, e));
    }
  };
  return (
    <section data-testid="admin-import">
      <form className="inline-form" onSubmit={submit}>
        <label>
          {t('desk.admin.import.kind')}
          <select
            name="kind"
            data-testid="import-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value === 'merchants' ? 'merchants' : 'devices')}
          >
            <option value="devices">{t('desk.admin.import.devices')}</option>
            <option value="merchants">{t('desk.admin.import.merchants')}</option>
          </select>
        </label>
        <label>
          {t('desk.admin.import.file')}
          <input
            ref={fileRef}
            type="file"
            name="file"
            accept=".csv,text/csv"
            required
            data-testid="import-file"
          />
        </label>
        <button type="submit" className="btn small primary" disabled={busy} data-testid="import-submit">
          {busy ? t('desk.action.sending') : t('desk.admin.import.submit')}
        </button>
        <button type="button" className="btn small link" onClick={template}>
          {t('desk.admin.import.template')}
        </button>
      </form>
      {error && (
        <p className="notice bad" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
      {result && (
        <div data-testid="import-result">
          <p
            className={`notice ${result.errors.length === 0 ? 'ok' : 'warn'}`}
            role="status"
            data-testid="import-summary"
          >
            {t('desk.admin.import.result', {
              inserted: result.inserted,
              updated: result.updated,
              unchanged: result.unchanged ?? 0,
              errors: result.errors.length,
            })}
          </p>
          {result.errors.length > 0 && (
            <>
              <h3>{t('desk.admin.import.errors')}</h3>
              <table className="data" data-testid="import-errors">
                <thead>
                  <tr>
                    <th className="num">{t('desk.admin.import.line')}</th>
                    <th>{t('desk.admin.import.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.errors.map((e) => (
                    <tr key={`${e.line}:${e.reason}`} data-testid="import-error-row" data-line={e.line}>
                      <td className="num">{e.line}</td>
                      <td>{e.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}
    </section>
  );
}

// ---- users and sessions -----------------------------------------------------------------

function UsersPanel({ api }: { api: ApiClient }) {
  const { t } = useI18n();
  const [remote, reload] = useRemote(() => api.json('/api/admin/users', z.array(adminUserSchema)), []);
  const [notice, exec] = useCommand();
  const patch = (user: AdminUser, body: Record<string, unknown>) =>
    exec(
      () => api.json(`/api/admin/users/${user.id}`, adminUserSchema, { method: 'PATCH', json: body }),
      reload,
    );
  return (
    <section data-testid="admin-users">
      <NewUserForm
        onCreate={(body) => exec(() => api.json('/api/admin/users', adminUserSchema, { json: body }), reload)}
      />
      <NoticeLine notice={notice} />
      <RemoteView remote={remote} reload={reload}>
        {(users) => (
          <table className="data">
            <thead>
              <tr>
                <th>{t('desk.admin.users.username')}</th>
                <th>{t('desk.admin.users.role')}</th>
                <th>{t('desk.admin.users.regions')}</th>
                <th>{t('desk.admin.users.mid')}</th>
                <th>{t('desk.admin.users.disabled')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <UserRow key={`${u.id}:${u.updatedAt}`} user={u} onPatch={(body) => patch(u, body)} />
              ))}
            </tbody>
          </table>
        )}
      </RemoteView>
    </section>
  );
}

function UserRow({ user, onPatch }: { user: AdminUser; onPatch: (body: Record<string, unknown>) => void }) {
  const { t } = useI18n();
  const [role, setRole] = useState<Role>(user.role);
  const [regions, setRegions] = useState(user.regions.join(', '));
  const parsedRegions = regions
    .split(',')
    .map((r) => r.trim().toUpperCase())
    .filter(Boolean);
  const changed = role !== user.role || parsedRegions.join(',') !== user.regions.join(',');
  return (
    <tr data-testid="user-row" data-username={user.username}>
      <td>
        {user.displayName}
        <div className="muted">{user.username}</div>
      </td>
      <td>
        <select
          aria-label={t('desk.admin.users.role')}
          value={role}
          onChange={(e) => setRole(roles.find((r) => r === e.target.value) ?? role)}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`desk.role.${r}`)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          aria-label={t('desk.admin.users.regions')}
          value={regions}
          onChange={(e) => setRegions(e.target.value)}
        />
      </td>
      <td>{user.mid ?? '—'}</td>
      <td>{user.disabled ? t('desk.common.yes') : t('desk.common.no')}</td>
      <td className="row">
        <button
          type="button"
          className="btn small"
          disabled={!changed}
          onClick={() => onPatch({ role, regions: parsedRegions })}
        >
          {t('desk.common.save')}
        </button>
        <button
          type="button"
          className={`btn small${user.disabled ? '' : ' danger'}`}
          onClick={() => onPatch({ disabled: !user.disabled })}
        >
          {user.disabled ? t('desk.admin.users.enable') : t('desk.admin.users.disable')}
        </button>
      </td>
    </tr>
  );
}

function NewUserForm({ onCreate }: { onCreate: (body: CreateUserRequest) => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('technician');
  const [regions, setRegions] = useState('');
  const [mid, setMid] = useState('');
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onCreate({
      username: username.trim(),
      displayName: displayName.trim(),
      role,
      regions: regions
        .split(',')
        .map((r) => r.trim().toUpperCase())
        .filter(Boolean),
      ...(role === 'merchant' && mid.trim() ? { mid: mid.trim() } : {}),
      password,
    });
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="user-form">
      <label>
        {t('desk.admin.users.username')}
        <input required value={username} onChange={(e) => setUsername(e.target.value)} />
      </label>
      <label>
        {t('desk.admin.users.displayName')}
        <input required value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      </label>
      <label>
        {t('desk.admin.users.role')}
        <select
          value={role}
          onChange={(e) => setRole(roles.find((r) => r === e.target.value) ?? 'technician')}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`desk.role.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('desk.admin.users.regions')}
        <input value={regions} onChange={(e) => setRegions(e.target.value)} />
      </label>
      {role === 'merchant' && (
        <label>
          {t('desk.admin.users.mid')}
          <input required pattern="\d{15}" value={mid} onChange={(e) => setMid(e.target.value)} />
        </label>
      )}
      <label>
        {t('desk.admin.users.password')}
        <input
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <button type="submit" className="btn small primary">
        {t('desk.admin.users.create')}
      </button>
    </form>
  );
}

function SessionsPanel({ api }: { api: ApiClient }) {
  const { t, dateTime } = useI18n();
  const [activeOnly, setActiveOnly] = useState(true);
  const [remote, reload] = useRemote(
    () => api.json(`/api/admin/sessions${activeOnly ? '?active=true' : ''}`, z.array(adminSessionSchema)),
    [activeOnly],
  );
  const [notice, exec] = useCommand();
  const revoke = (s: AdminSession) =>
    exec(() => api.json(`/api/admin/sessions/${s.id}/revoke`, ok, { method: 'POST' }), reload);
  return (
    <section data-testid="admin-sessions">
      <label className="row">
        <input type="checkbox" checked={activeOnly} onChange={(e) => setActiveOnly(e.target.checked)} />
        {t('desk.admin.sessions.activeOnly')}
      </label>
      <NoticeLine notice={notice} />
      <RemoteView remote={remote} reload={reload}>
        {(sessions) =>
          sessions.length === 0 ? (
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
                {sessions.map((s) => (
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
                        <button type="button" className="btn small danger" onClick={() => revoke(s)}>
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
      </RemoteView>
    </section>
  );
}

// ---- webhooks ---------------------------------------------------------------------------

function WebhooksPanel({ api }: { api: ApiClient }) {
  const { t, dateTime } = useI18n();
  const [remote, reload] = useRemote(
    () => api.json('/api/admin/webhooks', z.array(webhookEndpointSchema)),
    [],
  );
  const [notice, exec] = useCommand();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>([...webhookEvents]);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const create = (event: FormEvent) => {
    event.preventDefault();
    void exec(async () => {
      const created = await api.json('/api/admin/webhooks', createWebhookResponseSchema, {
        json: { url: url.trim(), events },
      });
      // The secret is shown once: the receiver needs it to verify signatures.
      setSecret(created.secret);
      setUrl('');
    }, reload);
  };
  return (
    <section data-testid="admin-webhooks">
      <form className="inline-form" onSubmit={create}>
        <label>
          {t('desk.admin.webhooks.url')}
          <input
            type="url"
            required
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            style={{ minWidth: '20rem' }}
          />
        </label>
        <fieldset className="row">
          <legend className="muted">{t('desk.admin.webhooks.events')}</legend>
          {webhookEvents.map((ev) => (
            <label key={ev} className="row">
              <input
                type="checkbox"
                checked={events.includes(ev)}
                onChange={(e) =>
                  setEvents((list) => (e.target.checked ? [...list, ev] : list.filter((x) => x !== ev)))
                }
              />
              {ev}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="btn small primary" disabled={events.length === 0}>
          {t('desk.admin.webhooks.create')}
        </button>
      </form>
      {secret && (
        <p className="notice warn" role="status">
          {t('desk.admin.webhooks.secret')}: <code>{secret}</code>
        </p>
      )}
      <NoticeLine notice={notice} />
      <RemoteView remote={remote} reload={reload}>
        {(endpoints) =>
          endpoints.length === 0 ? (
            <Empty>{t('desk.admin.webhooks.none')}</Empty>
          ) : (
            <table className="data">
              <thead>
                <tr>
                  <th>{t('desk.admin.webhooks.url')}</th>
                  <th>{t('desk.admin.webhooks.events')}</th>
                  <th>{t('desk.admin.webhooks.active')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {endpoints.map((e) => (
                  <tr key={e.id}>
                    <td>
                      {e.url}
                      <div className="muted">{dateTime(e.createdAt)}</div>
                      {open === e.id && <Deliveries api={api} endpointId={e.id} />}
                    </td>
                    <td>{e.events.join(', ')}</td>
                    <td>{e.active ? t('desk.common.yes') : t('desk.common.no')}</td>
                    <td className="row">
                      <button
                        type="button"
                        className="btn small"
                        onClick={() => setOpen(open === e.id ? null : e.id)}
                      >
                        {t('desk.admin.webhooks.deliveries')}
                      </button>
                      <button
                        type="button"
                        className="btn small danger"
                        onClick={() =>
                          exec(
                            () => api.json(`/api/admin/webhooks/${e.id}`, ok, { method: 'DELETE' }),
                            reload,
                          )
                        }
                      >
                        {t('desk.common.delete')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </RemoteView>
    </section>
  );
}

function Deliveries({ api, endpointId }: { api: ApiClient; endpointId: string }) {
  const { t, dateTime } = useI18n();
  const [remote, reload] = useRemote(
    () => api.json(`/api/admin/webhooks/${endpointId}/deliveries?limit=50`, z.array(webhookDeliverySchema)),
    [endpointId],
  );
  return (
    <RemoteView remote={remote} reload={reload}>
      {(list) =>
        list.length === 0 ? (
          <Empty>—</Empty>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th>{t('desk.admin.webhooks.events')}</th>
                <th>{t('desk.admin.webhooks.status')}</th>
                <th className="num">{t('desk.admin.webhooks.attempts')}</th>
                <th>{t('desk.problems.last')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.id}>
                  <td>{d.event}</td>
                  <td>
                    {d.status}
                    {d.lastStatusCode !== undefined && ` (${d.lastStatusCode})`}
                    {d.lastError && <div className="muted">{d.lastError}</div>}
                  </td>
                  <td className="num">{d.attempts}</td>
                  <td>{dateTime(d.deliveredAt ?? d.nextAttemptAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </RemoteView>
  );
}
