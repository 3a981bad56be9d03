/**
 * Password strength (issue 11): the probe set `password12`, `1234567890`, ten spaces and
 * the username itself through the admin API and the create-user CLI. Length alone says
 * nothing; zxcvbn-ts estimates how many guesses an attacker with the usual wordlists needs
 * (common passwords, English and Indonesian words and names, keyboard walks, repeats,
 * dates, l33t) and also matches the words of the account itself (username, display name)
 * and of this product. Score 3 of 4 ("safely unguessable": about 10^8 guesses, beyond an
 * online attack, and well past the hashed-offline budget with argon2id) is the minimum.
 *
 * The dictionaries are large, so they are loaded on the first check only.
 */
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/** Lowest zxcvbn score (0–4) a new password must reach. */
export const MIN_PASSWORD_SCORE = 3;

/** Words an attacker would try first against this product, whoever the user is. */
const PRODUCT_WORDS = [
  'edc',
  'terminal',
  'merchant',
  'teknisi',
  'technician',
  'admin',
  'desk',
  'kasus',
  'case',
];

export type PasswordVerdict =
  | { ok: true; score: number }
  | {
      ok: false;
      score: number;
      /** zxcvbn's main reason in English (`This is a commonly used password.`), or a generic one. */
      warning: string;
      suggestions: string[];
    };

let factory: Promise<ZxcvbnFactory> | undefined;

function loadFactory(): Promise<ZxcvbnFactory> {
  factory ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
    import('@zxcvbn-ts/language-id'),
  ]).then(
    ([core, common, en, id]) =>
      new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...en.dictionary, ...id.dictionary },
        graphs: common.adjacencyGraphs,
        translations: en.translations,
      }),
  );
  return factory;
}

/**
 * Judges `password` for an account described by `context` (username, display name, …).
 * Never logs or returns the password.
 */
export async function checkPassword(password: string, context: readonly string[]): Promise<PasswordVerdict> {
  const zxcvbn = await loadFactory();
  const inputs = [...context.filter((c) => c.trim() !== ''), ...PRODUCT_WORDS];
  const result = zxcvbn.check(password, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return { ok: true, score: result.score };
  return {
    ok: false,
    score: result.score,
    warning: result.feedback.warning ?? 'This password is too easy to guess.',
    suggestions: result.feedback.suggestions,
  };
}
