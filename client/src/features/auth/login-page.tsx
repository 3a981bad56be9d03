/** Login (online only the first time; afterwards the stored session opens the app offline). */
import { type LoginRequest, loginRequestSchema } from '@edc/shared';
import { apiErrorText } from '../../components/api-error-text.ts';
import { LanguageSwitch, NetworkIndicator } from '../../components/app-layout.tsx';
import { Field } from '../../components/field.tsx';
import { useZodForm } from '../../components/form.tsx';
import { type Translate, useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../shell/providers.tsx';
import { ApiError } from '../../sync/api-error.ts';

type LoginValues = Pick<LoginRequest, 'username' | 'password'>;

/** Why a login failed, in the words a person at the login screen needs. */
function loginFailure(t: Translate, error: unknown): string {
  const code = error instanceof ApiError ? error.code : null;
  // The first login needs the network: say so rather than "server unreachable".
  if (code === 'offline' || code === 'network') return t('login.offline');
  if (code === 'invalid_credentials' || code === 'too_many_requests') return apiErrorText(t, error);
  return t('login.failed', { reason: apiErrorText(t, error) });
}

export function LoginPage() {
  const { t } = useI18n();
  const { login } = useSession();
  const form = useZodForm({
    schema: loginRequestSchema,
    defaultValues: { username: '', password: '' },
    toRequest: (v: LoginValues) => v,
  });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async ({ username, password }) => {
    try {
      await login(username, password);
    } catch (error) {
      // Not a field's fault: the form-level message (cleared by the next submit).
      form.setError('root', { message: loginFailure(t, error) });
    }
  });

  return (
    <main className="page login-page">
      <header className="login-header">
        <NetworkIndicator />
        <LanguageSwitch />
      </header>
      <h1>{t('app.title')}</h1>
      <form onSubmit={submit} noValidate className="card form" aria-label={t('login.title')}>
        <h2>{t('login.title')}</h2>
        <Field label={t('login.username')} error={errors.username}>
          {(a11y) => (
            <input
              autoComplete="username"
              autoCapitalize="none"
              required
              {...a11y}
              {...form.register('username')}
            />
          )}
        </Field>
        <Field label={t('login.password')} error={errors.password}>
          {(a11y) => (
            <input
              type="password"
              autoComplete="current-password"
              required
              {...a11y}
              {...form.register('password')}
            />
          )}
        </Field>
        {errors.root?.message && (
          <p className="form-error" role="alert">
            {errors.root.message}
          </p>
        )}
        <button type="submit" className="btn primary" disabled={isSubmitting}>
          {isSubmitting ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
