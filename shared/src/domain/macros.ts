/**
 * Canned replies (issue 15): a macro body with `{merchantName}`, `{caseNumber}` and
 * `{dueAt}` placeholders, filled in for one case. Pure; the caller formats the due date
 * in the reader's language.
 */

export type MacroValues = { merchantName?: string; caseNumber?: string; dueAt?: string };

const PLACEHOLDER = /\{(merchantName|caseNumber|dueAt)\}/g;

/**
 * The body with each known placeholder replaced; a value that is missing leaves `—` so a
 * reply never goes out with a raw `{caseNumber}`. Unknown `{words}` stay as typed.
 */
export function fillMacro(body: string, values: MacroValues): string {
  return body.replace(PLACEHOLDER, (_m, key: keyof MacroValues) => {
    const v = values[key]?.trim();
    return v ? v : '—';
  });
}
