import { I18nProvider } from '../i18n/index.tsx';
import { AppProviders } from '../shell/providers.tsx';
import { ErrorBoundary } from './error-boundary.tsx';
import { RouteView } from './routes.tsx';

export function App() {
  return (
    <ErrorBoundary>
      <I18nProvider>
        <AppProviders>
          <RouteView />
        </AppProviders>
      </I18nProvider>
    </ErrorBoundary>
  );
}
