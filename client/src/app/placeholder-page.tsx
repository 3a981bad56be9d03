/** Honest placeholder for screens not built yet (merchant, back office): no fake features. */
import { useI18n } from '../i18n/index.tsx';
import { usePathname } from './router.tsx';

export function PlaceholderPage() {
  const { t } = useI18n();
  const area = usePathname().startsWith('/merchant') ? t('placeholder.merchant') : t('placeholder.desk');
  return (
    <section data-testid="placeholder">
      <h1>{t('placeholder.title')}</h1>
      <p>{t('placeholder.body', { area })}</p>
    </section>
  );
}
