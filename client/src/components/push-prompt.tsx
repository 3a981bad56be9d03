/**
 * Asks for notification permission at a meaningful moment (issue 13): once the user has
 * a case or complaint to follow, with an explanation of what they will get, never at
 * login. "Nanti" hides it on this device; a browser that already decided (granted,
 * denied) or cannot do Web Push never sees it.
 */
import { useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../shell/providers.tsx';
import { enablePush, pushSupport } from '../sync/push.ts';
import { Icon } from './icon.tsx';
import { showToast } from './toast.tsx';

const DISMISSED_KEY = 'edc.push-prompt.dismissed';

function dismissedBefore(): boolean {
  try {
    return localStorage.getItem(DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}

/** `show`: the caller's "there is something to follow now" (e.g. at least one case). */
export function PushPrompt({ show }: { show: boolean }) {
  const { t } = useI18n();
  const { user, api } = useSession();
  const [hidden, setHidden] = useState(dismissedBefore);
  const [busy, setBusy] = useState(false);
  if (!show || hidden || !user || pushSupport() !== 'default') return null;

  const later = () => {
    setHidden(true);
    try {
      localStorage.setItem(DISMISSED_KEY, '1');
    } catch {
      // Not remembered: asked again next time, which is harmless.
    }
  };
  const enable = async () => {
    setBusy(true);
    const result = await enablePush(api);
    setBusy(false);
    setHidden(true);
    if (result === 'enabled') showToast({ message: t('push.enabled') });
    else if (result === 'denied') showToast({ message: t('push.denied') });
    else showToast({ message: t('push.failed') });
  };
  const why =
    user.role === 'merchant'
      ? t('push.why.merchant')
      : user.role === 'technician'
        ? t('push.why.technician')
        : t('push.why.desk');

  return (
    <section
      className="banner info push-prompt"
      data-testid="push-prompt"
      aria-labelledby="push-prompt-title"
    >
      <Icon name="info" />
      <div className="announcement-text">
        <strong id="push-prompt-title">{t('push.title')}</strong>
        <p>{why}</p>
        <div className="button-row">
          <button type="button" className="btn primary" onClick={() => void enable()} disabled={busy}>
            {t('push.enable')}
          </button>
          <button type="button" className="btn text" onClick={later} disabled={busy}>
            {t('push.later')}
          </button>
        </div>
      </div>
    </section>
  );
}
