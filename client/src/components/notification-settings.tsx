/**
 * Push preferences per notification type (issue 13), in the app menu: one switch per
 * type this role receives, the user's choice or the server's default (quiet for what
 * nobody must act on). The inbox keeps every notification either way; this decides only
 * what rings the phone. Needs a connection (the choice lives on the server, which sends
 * the pushes); offline it says so.
 */
import { type NotificationType, type PushPreference, pushPreferenceSchema, type Role } from '@edc/shared';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../shell/providers.tsx';
import { enablePush, pushSupport } from '../sync/push.ts';

/** The types each role receives (services/notifications.ts on the server lists the rules). */
const typesByRole: Record<Role, readonly NotificationType[]> = {
  // A technician hears of escalations and merchant reopens of the jobs they hold.
  technician: ['case_rejected', 'case_accepted', 'case_assigned', 'comment', 'escalated', 'announcement'],
  merchant: ['case_accepted', 'case_assigned', 'case_resolved', 'reminder', 'comment', 'announcement'],
  agent: ['escalated', 'case_assigned', 'comment', 'announcement'],
  supervisor: ['escalated', 'case_assigned', 'comment', 'announcement'],
  admin: ['escalated', 'case_assigned', 'comment', 'announcement'],
};

type State = { status: 'loading' } | { status: 'error' } | { status: 'done'; prefs: PushPreference[] };

export function NotificationSettings() {
  const { t } = useI18n();
  const { user, api } = useSession();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [support, setSupport] = useState(pushSupport);

  useEffect(() => {
    let cancelled = false;
    api
      .json('/api/push/preferences', z.array(pushPreferenceSchema))
      .then((prefs) => !cancelled && setState({ status: 'done', prefs }))
      .catch(() => !cancelled && setState({ status: 'error' }));
    return () => {
      cancelled = true;
    };
  }, [api]);

  if (!user) return null;
  const shown = typesByRole[user.role];

  const toggle = (type: NotificationType, push: boolean) => {
    if (state.status !== 'done') return;
    const previous = state.prefs;
    setState({
      status: 'done',
      prefs: previous.map((p) => (p.type === type ? { ...p, push, isDefault: false } : p)),
    });
    api
      .json('/api/push/preferences', z.array(pushPreferenceSchema), {
        method: 'PUT',
        json: { preferences: [{ type, push }] },
      })
      .then((prefs) => setState({ status: 'done', prefs }))
      .catch(() => setState({ status: 'done', prefs: previous }));
  };

  return (
    <fieldset className="menu-group" data-testid="notification-settings">
      <legend className="menu-group-title">{t('push.settings.title')}</legend>
      {support === 'default' && (
        <button
          type="button"
          className="menu-item menu-action"
          onClick={() => void enablePush(api).then(() => setSupport(pushSupport()))}
        >
          <span>{t('push.settings.enableDevice')}</span>
        </button>
      )}
      {support === 'denied' && <p className="menu-note">{t('push.denied')}</p>}
      {state.status === 'loading' && <p className="menu-note">{t('app.loading')}</p>}
      {state.status === 'error' && <p className="menu-note">{t('push.settings.offline')}</p>}
      {state.status === 'done' &&
        shown.map((type) => {
          const pref = state.prefs.find((p) => p.type === type);
          return (
            <label key={type} className="menu-item">
              <input
                type="checkbox"
                checked={pref?.push ?? false}
                onChange={(e) => toggle(type, e.currentTarget.checked)}
                data-testid={`push-pref-${type}`}
              />
              <span>{t(`push.type.${type}`)}</span>
            </label>
          );
        })}
    </fieldset>
  );
}
