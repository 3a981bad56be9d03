/** Small display helpers of the desk (durations, percentages, error messages). */
import type { Language, MessageKey, Translate } from '../../i18n/index.tsx';
import { DeskApiError } from './api.ts';

const UNITS: Record<Language, { d: string; h: string; m: string }> = {
  id: { d: 'hr', h: 'j', m: 'mnt' },
  en: { d: 'd', h: 'h', m: 'min' },
};

/** 1505 → "1 hr 1 j" / "1 d 1 h"; 42 → "42 mnt"; at most two units, the largest first. */
export function formatMinutes(language: Language, minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return '—';
  const u = UNITS[language];
  const total = Math.round(Math.abs(minutes));
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  if (d > 0) return h > 0 ? `${d} ${u.d} ${h} ${u.h}` : `${d} ${u.d}`;
  if (h > 0) return m > 0 ? `${h} ${u.h} ${m} ${u.m}` : `${h} ${u.h}`;
  return `${m} ${u.m}`;
}

export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined) return '—';
  return `${(share * 100).toFixed(1)}%`;
}

const DETAIL_KEYS: Record<string, MessageKey> = {
  status: 'desk.reason.status',
  assignee_required: 'desk.reason.assignee_required',
  rca_capa_required: 'desk.reason.rca_capa_required',
  max_escalation_level: 'desk.reason.max_escalation_level',
  satisfaction_out_of_range: 'desk.reason.satisfaction_out_of_range',
};

function detailText(t: Translate, details: unknown): string {
  if (typeof details === 'string') return DETAIL_KEYS[details] ? t(DETAIL_KEYS[details]) : details;
  if (typeof details === 'object' && details !== null) {
    for (const field of ['detail', 'reason', 'message']) {
      const value: unknown = Reflect.get(details, field);
      if (typeof value === 'string') return DETAIL_KEYS[value] ? t(DETAIL_KEYS[value]) : value;
    }
    return JSON.stringify(details);
  }
  return '';
}

/** A server or network failure in words (403/409 with their reason; offline said plainly). */
export function errorText(t: Translate, error: unknown): string {
  if (!(error instanceof DeskApiError)) return t('desk.error.generic', { status: 0, reason: String(error) });
  const { status, reason, details } = error;
  if (reason === 'offline') return t('desk.error.offline');
  if (status === 0) return t('desk.error.network');
  if (status === 401) return t('desk.error.session');
  if (status === 403) return t('desk.error.forbidden');
  if (status === 404) return t('desk.error.notFound');
  const more = detailText(t, details);
  if (status === 409 && (reason === 'illegal_transition' || DETAIL_KEYS[reason])) {
    return t('desk.error.illegal', {
      detail: more || (DETAIL_KEYS[reason] ? t(DETAIL_KEYS[reason]) : reason),
    });
  }
  if (status === 409) return t('desk.error.conflict', { reason: more ? `${reason} — ${more}` : reason });
  if (status === 400 || status === 422)
    return t('desk.error.invalid', { reason: more ? `${reason} — ${more}` : reason });
  return t('desk.error.generic', { status, reason: more ? `${reason} — ${more}` : reason });
}
