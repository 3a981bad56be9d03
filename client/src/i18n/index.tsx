/**
 * i18n: Bahasa Indonesia by default, English selectable; the choice is persisted in
 * localStorage (a UI preference, not user data). Dates are always shown in Asia/Jakarta,
 * whatever the phone's own time zone, because SLA due dates are business dates there.
 *
 * Only the default catalogue is in the initial JavaScript: English is its own chunk,
 * loaded when chosen. A page load in English starts that chunk at once and renders only
 * once it is there (`catalogueReady`, awaited by main.tsx), so no Indonesian flashes first;
 * switching in the menu changes the language when the chunk has arrived.
 */
import { BUSINESS_TIME_ZONE } from '@edc/shared';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { id, type MessageKey } from './id.ts';

export type { MessageKey };
export const languages = ['id', 'en'] as const;
export type Language = (typeof languages)[number];

type Catalogue = Readonly<Record<MessageKey, string>>;
const catalogues: Partial<Record<Language, Catalogue>> = { id };
const loading = new Map<Language, Promise<void>>();
const LANGUAGE_KEY = 'edc.language';

/** Loads a language's catalogue (a lazy chunk for English); idempotent, resolves at once for Indonesian. */
export function loadCatalogue(language: Language): Promise<void> {
  if (catalogues[language]) return Promise.resolve();
  let pending = loading.get(language);
  if (!pending) {
    pending = import('./en.ts').then((m) => {
      catalogues.en = m.en;
    });
    // A failed chunk (offline before the app was cached, a new deploy) may be retried.
    pending.catch(() => loading.delete(language));
    loading.set(language, pending);
  }
  return pending;
}

export function isCatalogueLoaded(language: Language): boolean {
  return catalogues[language] !== undefined;
}

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** Fills `{name}` placeholders; unknown placeholders stay visible so a bug is noticed. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * The message in `language`; Indonesian while that language's catalogue is not loaded
 * (the app loads it before rendering in it: see `catalogueReady`).
 */
export function translate(language: Language, key: MessageKey, params?: Params): string {
  return interpolate((catalogues[language] ?? id)[key], params);
}

/** The stored UI language (Indonesian when none or unreadable). */
export function readLanguage(): Language {
  try {
    const stored = localStorage.getItem(LANGUAGE_KEY);
    return stored === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

/**
 * Resolves when the stored language's catalogue is loaded: at once in Indonesian, after
 * the English chunk otherwise (started here, at module load, in parallel with the rest of
 * the app's startup). A chunk that cannot load leaves the app in Indonesian, not blank.
 */
export const catalogueReady: Promise<void> = loadCatalogue(readLanguage()).catch(() => undefined);

const locales: Record<Language, string> = { id: 'id-ID', en: 'en-GB' };

/**
 * Indonesia's zone abbreviations, the same in both languages: Intl gives "WIB" for id-ID
 * but "GMT+7" for English locales, which nobody in Indonesia says.
 */
const zoneAbbreviation: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/**
 * One `Intl.DateTimeFormat` per language, zone and style, made on first use: building one
 * loads locale data and costs ~1 ms on a slow phone, and a screen formats dozens of dates
 * (the sync card alone was 30 ms of the home screen's first render at CPU ×4).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(
  language: Language,
  style: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${language}|${style}|${options.timeZone ?? ''}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locales[language], options);
    formatters.set(key, cached);
  }
  return cached;
}

/** Date-time in Asia/Jakarta, e.g. "25 Nov 2026 10.41 WIB" / "25 Nov 2026, 10:41 WIB". */
export function formatDateTime(
  language: Language,
  iso: string | Date,
  timeZone = BUSINESS_TIME_ZONE,
): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return '—';
  const text = formatter(language, 'dateTime', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
  const zone =
    zoneAbbreviation[timeZone] ??
    formatter(language, 'zone', { timeZone, timeZoneName: 'short' })
      .formatToParts(date)
      .find((p) => p.type === 'timeZoneName')?.value ??
    '';
  return zone ? `${text} ${zone}` : text;
}

/** Calendar day in Asia/Jakarta, e.g. "Selasa, 25 Nov 2026" (list group headers). */
export function formatDay(language: Language, iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return '—';
  return formatter(language, 'day', {
    timeZone: BUSINESS_TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(date);
}

/** Time of day in Asia/Jakarta, e.g. "10.41". */
export function formatTime(language: Language, iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return '—';
  return formatter(language, 'time', {
    timeZone: BUSINESS_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}

type I18n = {
  /** The language the screens are rendered in. */
  language: Language;
  /**
   * The language last chosen: what a language control shows as selected. It leads
   * `language` only while the chosen catalogue's chunk is still loading.
   */
  chosenLanguage: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
  dateTime: (iso: string | Date) => string;
  time: (iso: string | Date) => string;
  day: (iso: string | Date) => string;
};

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  // The stored language if its catalogue is here (main.tsx waits for it), else Indonesian.
  const [language, setLanguageState] = useState<Language>(() => {
    const stored = readLanguage();
    return isCatalogueLoaded(stored) ? stored : 'id';
  });
  const [chosenLanguage, setChosen] = useState<Language>(language);
  const chosenRef = useRef(chosenLanguage);
  const setLanguage = useCallback((next: Language) => {
    try {
      localStorage.setItem(LANGUAGE_KEY, next);
    } catch {
      // Private mode / full storage: the choice just isn't remembered.
    }
    // The control shows the choice at once; the screens switch when the catalogue is here
    // (at once when it is loaded already): never a screen of keys or of half the language.
    chosenRef.current = next;
    setChosen(next);
    if (isCatalogueLoaded(next)) {
      setLanguageState(next);
      return;
    }
    loadCatalogue(next).then(
      () => {
        if (chosenRef.current === next) setLanguageState(next);
      },
      (error: unknown) => console.error('language catalogue failed to load', error),
    );
  }, []);
  // Screen readers pick the voice from <html lang>; keep it in step, also after a reload.
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(
    () => ({
      language,
      chosenLanguage,
      setLanguage,
      t: (key, params) => translate(language, key, params),
      dateTime: (iso) => formatDateTime(language, iso),
      time: (iso) => formatTime(language, iso),
      day: (iso) => formatDay(language, iso),
    }),
    [language, chosenLanguage, setLanguage],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
