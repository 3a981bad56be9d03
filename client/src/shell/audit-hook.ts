/**
 * Opt-in audit hook for the e2e screens spec (e2e/screens.spec.ts): when localStorage
 * `edc.audit` is `1`, `window.edcAudit.foreignText()` lists the other language's phrases
 * found on the current screen (visible text plus aria-label / placeholder / title / alt;
 * user content marked `translate="no"` excluded),
 * using the catalogues the app ships (i18n/leaks.ts). Off by default; it reads only what
 * is on screen.
 */
import { id } from '../i18n/id.ts';
import { findForeign, foreignFragments } from '../i18n/leaks.ts';

/** Async: the English catalogue is a lazy chunk, loaded only when the audit first runs. */
type AuditApi = { foreignText: () => Promise<string[]> };

declare global {
  interface Window {
    edcAudit?: AuditApi;
  }
}

export function installAuditHook(): void {
  let enabled = false;
  try {
    enabled = localStorage.getItem('edc.audit') === '1';
  } catch {
    enabled = false;
  }
  if (!enabled) return;
  const cache = new Map<string, string[]>();
  const fragmentsFor = async (language: 'id' | 'en') => {
    let list = cache.get(language);
    if (!list) {
      const { en } = await import('../i18n/en.ts');
      list = language === 'id' ? foreignFragments(id, en) : foreignFragments(en, id);
      cache.set(language, list);
    }
    return list;
  };
  window.edcAudit = {
    foreignText: async () => {
      const fragments = await fragmentsFor(document.documentElement.lang === 'en' ? 'en' : 'id');
      const attributes = [
        ...document.querySelectorAll('[aria-label], [placeholder], [title], img[alt]'),
      ].flatMap((el) =>
        ['aria-label', 'placeholder', 'title', 'alt'].map((name) => el.getAttribute(name) ?? ''),
      );
      // User content (descriptions, notes, names) is marked translate="no": it is data in
      // whatever language its author wrote, not UI text, so it is cut out before the check.
      // biome-ignore lint/performance/useDomNodeTextContent: only what is rendered counts (not display:none text).
      let visible = document.body.innerText;
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('[translate="no"]'))) {
        // biome-ignore lint/performance/useDomNodeTextContent: the same rendered text as above.
        const data = el.innerText.trim();
        if (data) visible = visible.replace(data, ' ');
      }
      const text = [visible, ...attributes].join('\n');
      return findForeign(text, fragments);
    },
  };
}
