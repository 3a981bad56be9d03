/** Login (online only the first time; afterwards the stored session opens the app offline). */
import { type FormEvent, useState } from 'react';
import { apiErrorText } from '../../components/api-error-text.ts';
import { LanguageSwitch, NetworkIndicator } from '../../components/app-layout.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../shell/providers.tsx';
import { ApiError } from '../../sync/api-error.ts';

export function LoginPage() {
  const { t } = useI18n();
  const { login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
    } catch (e) {
      const code = e instanceof ApiError ? e.code : null;
      // The first login needs the network: say so rather than "server unreachable".
      if (code === 'offline' || code === 'network') setError(t('login.offline'));
      else if (code === 'invalid_credentials' || code === 'too_many_requests') setError(apiErrorText(t, e));
      else setError(t('login.failed', { reason: apiErrorText(t, e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page login-page">
      <header className="login-header">
        <NetworkIndicator />
        <LanguageSwitch />
      </header>
      <h1>{t('app.title')}</h1>
      <form onSubmit={(e) => void submit(e)} className="card form" aria-label={t('login.title')}>
        <h2>{t('login.title')}</h2>
        <label>
          {t('login.username')}
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          {t('login.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
