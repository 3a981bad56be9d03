/**
 * Users: create one (shared `createUserRequestSchema`), change a user's role and regions
 * (`updateUserRequestSchema`), disable or enable them.
 */
import {
  type AdminUser,
  adminUserSchema,
  type CreateUserRequest,
  createUserRequestSchema,
  type Role,
  roles,
  type UpdateUserRequest,
  updateUserRequestSchema,
} from '@edc/shared';
import { z } from 'zod';
import { Field, FieldMessage } from '../../../components/field.tsx';
import { EnumField, useZodForm } from '../../../components/form.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useSession } from '../../../shell/providers.tsx';
import { deskKeys, QueryView, useCommand, useJsonQuery } from '../desk-query.tsx';
import { TableWrap } from '../table-wrap.tsx';
import { CommandNotice } from './command-notice.tsx';
import { ResetPasswordButton } from './reset-password.tsx';

/** "jkt, bdg" → ["JKT", "BDG"]: regions are typed as one comma-separated field. */
function regionList(text: string): string[] {
  return text
    .split(',')
    .map((r) => r.trim().toUpperCase())
    .filter(Boolean);
}

type UserCommand =
  | { kind: 'create'; body: CreateUserRequest }
  | { kind: 'patch'; id: string; body: UpdateUserRequest };

export function UsersPanel() {
  const { t } = useI18n();
  const { api } = useSession();
  const users = useJsonQuery(deskKeys.users, '/api/admin/users', z.array(adminUserSchema));
  const command = useCommand(
    (c: UserCommand) =>
      c.kind === 'create'
        ? api.json('/api/admin/users', adminUserSchema, { json: c.body })
        : api.json(`/api/admin/users/${c.id}`, adminUserSchema, { method: 'PATCH', json: c.body }),
    // A disabled user's device sessions end too.
    { stale: [deskKeys.users, ['desk', 'admin', 'sessions']] },
  );
  return (
    <section data-testid="admin-users">
      <NewUserForm onCreate={(body) => command.mutate({ kind: 'create', body })} />
      <CommandNotice command={command} />
      <QueryView query={users}>
        {(list) => (
          <TableWrap label={t('desk.admin.tab.users')}>
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
                {list.map((u) => (
                  <UserRow
                    key={`${u.id}:${u.updatedAt}`}
                    user={u}
                    onPatch={(body) => command.mutate({ kind: 'patch', id: u.id, body })}
                  />
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </QueryView>
    </section>
  );
}

type RowValues = { role: Role; regions: string };

function UserRow({ user, onPatch }: { user: AdminUser; onPatch: (body: UpdateUserRequest) => void }) {
  const { t } = useI18n();
  // A table row cannot hold a <form>: Save submits through handleSubmit.
  const form = useZodForm({
    schema: updateUserRequestSchema,
    defaultValues: { role: user.role, regions: user.regions.join(', ') },
    toRequest: (v: RowValues) => ({ role: v.role, regions: regionList(v.regions) }),
  });
  const { errors } = form.formState;
  const role = form.watch('role');
  const regions = regionList(form.watch('regions'));
  const changed = role !== user.role || regions.join(',') !== user.regions.join(',');
  return (
    <tr data-testid="user-row" data-username={user.username}>
      <td>
        {user.displayName}
        <div className="muted">{user.username}</div>
      </td>
      <td>
        <EnumField
          control={form.control}
          name="role"
          aria-label={t('desk.admin.users.role')}
          options={roles}
          optionLabel={(r) => t(`desk.role.${r}`)}
        />
      </td>
      <td>
        <input
          aria-label={t('desk.admin.users.regions')}
          aria-invalid={errors.regions ? true : undefined}
          {...form.register('regions')}
        />
        <FieldMessage id={`${user.id}-regions`} error={errors.regions} />
      </td>
      <td>{user.mid ?? '—'}</td>
      <td>{user.disabled ? t('desk.common.yes') : t('desk.common.no')}</td>
      <td className="row">
        <button type="button" className="btn small" disabled={!changed} onClick={form.handleSubmit(onPatch)}>
          {t('desk.common.save')}
        </button>
        <button
          type="button"
          className={`btn small${user.disabled ? '' : ' danger'}`}
          onClick={() => onPatch({ disabled: !user.disabled })}
        >
          {user.disabled ? t('desk.admin.users.enable') : t('desk.admin.users.disable')}
        </button>
        <ResetPasswordButton user={user} onReset={(password) => onPatch({ password })} />
      </td>
    </tr>
  );
}

type NewUserValues = {
  username: string;
  displayName: string;
  role: Role;
  regions: string;
  mid: string;
  password: string;
};

function NewUserForm({ onCreate }: { onCreate: (body: CreateUserRequest) => void }) {
  const { t } = useI18n();
  const form = useZodForm({
    schema: createUserRequestSchema,
    defaultValues: { username: '', displayName: '', role: 'technician', regions: '', mid: '', password: '' },
    toRequest: (v: NewUserValues) => ({
      username: v.username.trim(),
      displayName: v.displayName.trim(),
      role: v.role,
      regions: regionList(v.regions),
      // Only a merchant user belongs to a MID.
      ...(v.role === 'merchant' && v.mid.trim() ? { mid: v.mid.trim() } : {}),
      password: v.password,
    }),
  });
  const { errors } = form.formState;
  const role = form.watch('role');
  return (
    <form className="inline-form" noValidate onSubmit={form.handleSubmit(onCreate)} data-testid="user-form">
      <Field label={t('desk.admin.users.username')} error={errors.username}>
        {(a11y) => <input required {...a11y} {...form.register('username')} />}
      </Field>
      <Field label={t('desk.admin.users.displayName')} error={errors.displayName}>
        {(a11y) => <input required {...a11y} {...form.register('displayName')} />}
      </Field>
      <EnumField
        control={form.control}
        name="role"
        label={t('desk.admin.users.role')}
        options={roles}
        optionLabel={(r) => t(`desk.role.${r}`)}
      />
      <Field label={t('desk.admin.users.regions')} error={errors.regions}>
        {(a11y) => <input {...a11y} {...form.register('regions')} />}
      </Field>
      {role === 'merchant' && (
        <Field label={t('desk.admin.users.mid')} error={errors.mid}>
          {(a11y) => <input required inputMode="numeric" {...a11y} {...form.register('mid')} />}
        </Field>
      )}
      <Field label={t('desk.admin.users.password')} error={errors.password}>
        {(a11y) => (
          <input
            type="password"
            required
            autoComplete="new-password"
            {...a11y}
            {...form.register('password')}
          />
        )}
      </Field>
      <button type="submit" className="btn small primary">
        {t('desk.admin.users.create')}
      </button>
    </form>
  );
}
