/**
 * Finds text of one UI language on a screen rendered in the other ("Request/Action" in
 * Indonesian mode, "Terakhir sinkron" in English mode). Cheap by design: the other
 * catalogue's values are cut at their `{placeholders}` into literal fragments, fragments
 * that the screen's own catalogue also uses are dropped (words both languages share:
 * "Merchant", "Offline", "TID"), and the rest are searched as whole words in the visible
 * text. Used by the e2e screens spec through the opt-in audit hook (shell/audit-hook.ts).
 */

/** Literal pieces of a catalogue value, split at placeholders and trimmed of punctuation. */
export function fragmentsOf(value: string): string[] {
  return value
    .split(/\{\w+\}/)
    .map((piece) => piece.trim().replace(/^[\s:·,.;()—–-]+|[\s:·,.;()—–-]+$/g, ''))
    .filter((piece) => piece.length > 0);
}

const LETTER = /\p{L}/u;

/**
 * The fragments of `other` worth looking for on a screen rendered with `own`: at least
 * `minLength` characters with a letter, and not shared by the two languages. Shared are a
 * fragment `own` also uses whole ("Merchant", "Offline", "E-mail") and a single word `own`
 * uses anywhere ("data", "Status", "Model"). A longer phrase is never shared just because
 * its words are: "Replace Device" stays foreign in Indonesian.
 */
export function foreignFragments(
  own: Readonly<Record<string, string>>,
  other: Readonly<Record<string, string>>,
  minLength = 4,
): string[] {
  const ownValues = Object.values(own);
  const sharedFragments = new Set(ownValues.flatMap((v) => fragmentsOf(v).map((f) => f.toLowerCase())));
  const ownWords = new Set(ownValues.flatMap((v) => v.toLowerCase().split(/[^\p{L}\p{N}-]+/u)));
  const result = new Set<string>();
  for (const value of Object.values(other)) {
    for (const fragment of fragmentsOf(value)) {
      if (fragment.length < minLength || !LETTER.test(fragment)) continue;
      const lower = fragment.toLowerCase();
      if (sharedFragments.has(lower)) continue;
      if (!/\s/.test(fragment) && ownWords.has(lower)) continue;
      result.add(fragment);
    }
  }
  return [...result];
}

/** A catalogue value as a screen shows it: placeholders filled with a number. */
export function rendered(value: string): string {
  return value.replace(/\{\w+\}/g, '7');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The fragments that occur in `text` as whole words (no letter or digit right before or after), as
 * written or with the first letter's case flipped ("Escalation" / "escalation"). Not in
 * other casings: "CASE-20261202-00009" is data, not the English word "Case".
 */
export function findForeign(text: string, fragments: readonly string[]): string[] {
  const found: string[] = [];
  for (const fragment of fragments) {
    const first = fragment.charAt(0);
    const rest = escapeRegExp(fragment.slice(1));
    const head =
      first.toLowerCase() === first.toUpperCase()
        ? escapeRegExp(first)
        : `[${first.toLowerCase()}${first.toUpperCase()}]`;
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${head}${rest}(?![\\p{L}\\p{N}])`, 'u');
    if (pattern.test(text)) found.push(fragment);
  }
  return found;
}
