/** Renders the loading/error part of a {@link Remote} the same way on every desk screen. */
import type { ReactNode } from 'react';
import { apiErrorText } from '../../components/api-error-text.ts';
import { ErrorState, Loading } from '../../components/state-views.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { Remote } from './use-remote.ts';

export function RemoteView<T>({
  remote,
  reload,
  children,
}: {
  remote: Remote<T>;
  reload: () => void;
  children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      {remote.status === 'loading' && <Loading label={t('app.loading')} />}
      {remote.status === 'error' && (
        <ErrorState onRetry={reload} retryLabel={t('common.retry')}>
          {apiErrorText(t, remote.error)}
        </ErrorState>
      )}
      {remote.data !== undefined && children(remote.data)}
    </>
  );
}
