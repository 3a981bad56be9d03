/** Small display helpers of the desk (durations, percentages). */
import type { Language } from '../../i18n/index.tsx';

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
