/**
 * "Change my password" (issue 15), for every role from the app menu: the current password
 * is required; the server checks the new one's strength and signs out every other device
 * of this user (this one stays signed in). Needs the network: it says so offline.
 */
import { type ChangePasswordRequest, changePasswordRequestSchema } from '@edc/shared';
import { useState } from 'react';
import { z } from 'zod';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../shell/providers.tsx';
import { apiErrorText } from './api-error-text.ts';
import { Dialog } from './dialog.tsx';
import { Field } from './field.tsx';
import { useZodForm } from './form.tsx';
import { Icon } from './icon.tsx';

const answerSchema = z.object({ ok: z.literal(true), revokedSessions: z.number().int() });
type Values = ChangePasswordRequest & { repeat: string };

/** The app menu's entry: opens the dialog over the menu, which stays open behind it. */
export function ChangePasswordItem() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="menu-item menu-action"
        data-testid="change-password-open"
        onClick={() => setOpen(true)}
      >
        <Icon name="person" />
        <span>{t('account.password.title')}</span>
      </button>
      {open && <ChangePasswordDialog onClose={() => setOpen(false)} />}
    </>
  );
}

export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const form = useZodForm({
    schema: changePasswordRequestSchema
      .extend({ repeat: z.string() })
      .refine((v) => v.repeat === v.newPassword, { path: ['repeat'], message: 'password_mismatch' }),
    defaultValues: { currentPassword: '', newPassword: '', repeat: '' },
    toRequest: (v: Values) => v,
  });
  // Plain state, not TanStack Query: this dialog is on phones, where that library is not loaded.
  const [state, setState] = useState<
    { s: 'idle' } | { s: 'busy' } | { s: 'done'; revoked: number } | { s: 'failed'; error: unknown }
  >({ s: 'idle' });
  const submit = async (body: ChangePasswordRequest) => {
    setState({ s: 'busy' });
    try {
      const r = await api.json('/api/auth/password', answerSchema, { json: body });
      setState({ s: 'done', revoked: r.revokedSessions });
    } catch (error) {
      setState({ s: 'failed', error });
    }
  };
  const { errors } = form.formState;
  const mismatch = errors.repeat ? { message: t('account.password.mismatch') } : undefined;
  return (
    <Dialog
      title={t('account.password.title')}
      onClose={onClose}
      testId="change-password"
      actions={
        state.s === 'done' ? (
          <button type="button" className="btn primary" onClick={onClose}>
            {t('common.close')}
          </button>
        ) : (
          <>
            <button type="button" className="btn text" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button
              type="submit"
              form="change-password-form"
              className="btn primary"
              disabled={state.s === 'busy'}
              data-testid="change-password-submit"
            >
              {t('account.password.submit')}
            </button>
          </>
        )
      }
    >
      {state.s === 'done' ? (
        <p className="notice ok" role="status" data-testid="change-password-done">
          {t('account.password.done', { count: state.revoked })}
        </p>
      ) : (
        <form
          id="change-password-form"
          className="stack"
          noValidate
          onSubmit={form.handleSubmit(({ currentPassword, newPassword }) =>
            submit({ currentPassword, newPassword }),
          )}
        >
          <Field label={t('account.password.current')} error={errors.currentPassword}>
            {(a11y) => (
              <input
                type="password"
                autoComplete="current-password"
                data-testid="password-current"
                {...a11y}
                {...form.register('currentPassword')}
              />
            )}
          </Field>
          <Field label={t('account.password.new')} error={errors.newPassword}>
            {(a11y) => (
              <input
                type="password"
                autoComplete="new-password"
                data-testid="password-new"
                {...a11y}
                {...form.register('newPassword')}
              />
            )}
          </Field>
          <Field label={t('account.password.repeat')} error={mismatch}>
            {(a11y) => (
              <input
                type="password"
                autoComplete="new-password"
                data-testid="password-repeat"
                {...a11y}
                {...form.register('repeat')}
              />
            )}
          </Field>
          <p className="muted">{t('account.password.help')}</p>
          {state.s === 'failed' && (
            <p className="notice bad" role="alert" data-testid="change-password-error">
              {apiErrorText(t, state.error)}
            </p>
          )}
        </form>
      )}
    </Dialog>
  );
}
