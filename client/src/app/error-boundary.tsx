/**
 * Last-resort error screen. It never touches IndexedDB: the user's drafts, outbox and
 * photos stay where they are, and "reload" simply restarts the app on top of them.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { type Language, translate } from '../i18n/index.tsx';

type Props = { children: ReactNode };
type State = { error: Error | null };

function currentLanguage(): Language {
  try {
    return localStorage.getItem('edc.language') === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('app error', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const lang = currentLanguage();
    return (
      <main className="page error-page" role="alert" data-testid="error-boundary">
        <h1>{translate(lang, 'error.title')}</h1>
        <p>{translate(lang, 'error.body')}</p>
        <button type="button" className="btn primary" onClick={() => window.location.reload()}>
          {translate(lang, 'error.reload')}
        </button>
        <details>
          <summary>{translate(lang, 'error.details')}</summary>
          <pre>{error.message}</pre>
        </details>
      </main>
    );
  }
}
