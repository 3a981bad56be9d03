/** The outcome of a panel's last command, in words (saved / the server's refusal). */
import { apiErrorText } from '../../../components/api-error-text.ts';
import { useI18n } from '../../../i18n/index.tsx';

export function CommandNotice({
  command,
}: {
  command: { isSuccess: boolean; isError: boolean; error: unknown };
}) {
  const { t } = useI18n();
  if (!command.isSuccess && !command.isError) return null;
  return (
    <p
      className={`notice ${command.isSuccess ? 'ok' : 'bad'}`}
      role={command.isSuccess ? 'status' : 'alert'}
      data-testid="admin-notice"
    >
      {command.isSuccess ? t('desk.common.saved') : apiErrorText(t, command.error)}
    </p>
  );
}
