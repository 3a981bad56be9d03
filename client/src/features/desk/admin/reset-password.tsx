/**
 * Admin password reset (issue 15): a button in the user's row opening a dialog for the new
 * password. The server checks its strength, lifts a login lock, signs the user out of every
 * device, and the audit log records "password changed" (never the hash).
 */
import { type AdminUser, MIN_PASSWORD_LENGTH } from '@edc/shared';
import { useState } from 'react';
import { z } from 'zod';
import { Dialog } from '../../../components/dialog.tsx';
import { Field } from '../../../components/field.tsx';
import { useZodForm } from '../../../components/form.tsx';
import { useI18n } from '../../../i18n/index.tsx';

const resetSchema = z.object({ password: z.string().min(MIN_PASSWORD_LENGTH).max(200) });

export function ResetPasswordButton({
  user,
  onReset,
}: {
  user: AdminUser;
  onReset: (password: string) => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="btn small"
        onClick={() => setOpen(true)}
        data-testid="user-reset-password"
      >
        {t('desk.admin.users.resetPassword')}
      </button>
      {open && (
        <ResetPasswordDialog
          user={user}
          onClose={() => setOpen(false)}
          onReset={(password) => {
            onReset(password);
            setOpen(false);
          }}
        />
      )}
    </>
  );
}

function ResetPasswordDialog({
  user,
  onClose,
  onReset,
}: {
  user: AdminUser;
  onClose: () => void;
  onReset: (password: string) => void;
}) {
  const { t } = useI18n();
  const form = useZodForm({
    schema: resetSchema,
    defaultValues: { password: '' },
    toRequest: (v: { password: string }) => v,
  });
  const { errors } = form.formState;
  return (
    <Dialog
      title={t('desk.admin.users.resetTitle', { user: user.username })}
      onClose={onClose}
      testId="reset-password"
      actions={
        <>
          <button type="button" className="btn text" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="reset-password-form" className="btn primary danger">
            {t('desk.admin.users.resetPassword')}
          </button>
        </>
      }
    >
      <form
        id="reset-password-form"
        className="stack"
        noValidate
        onSubmit={form.handleSubmit((v) => onReset(v.password))}
      >
        <Field label={t('desk.admin.users.newPassword')} error={errors.password}>
          {(a11y) => (
            <input type="password" autoComplete="new-password" {...a11y} {...form.register('password')} />
          )}
        </Field>
        <p className="muted">{t('desk.admin.users.resetHelp')}</p>
      </form>
    </Dialog>
  );
}
