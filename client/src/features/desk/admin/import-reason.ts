/** Refused import lines in words (issue 15): the server's code and values through the catalogue. */
import { type ImportResult, importErrorCodes } from '@edc/shared';
import type { MessageKey, Translate } from '../../../i18n/index.tsx';

const DB_WHY = ['out_of_range', 'duplicate', 'too_long', 'other'] as const;

const FIELDS = [
  'serialNumber',
  'model',
  'tid',
  'mid',
  'status',
  'samSerial',
  'simSerial',
  'region',
  'name',
  'address',
  'city',
  'phone',
  'lat',
  'lng',
] as const;

/**
 * A refused line as a sentence in the user's language (issue 15): the server's code and
 * values through the catalogue; its English `reason` only for a code this client does not know.
 */
export function importReasonText(t: Translate, e: ImportResult['errors'][number]): string {
  const code = importErrorCodes.find((c) => c === e.code);
  if (!code) return e.reason;
  const params = { ...(e.params ?? {}) };
  const field = FIELDS.find((f) => f === params.field);
  if (params.field !== undefined) params.field = field ? t(`desk.import.field.${field}`) : params.field;
  const why = DB_WHY.find((w) => w === params.why);
  if (params.why !== undefined) params.why = t(`desk.import.why.${why ?? 'other'}`);
  const key: MessageKey = `desk.import.reason.${code}`;
  return t(key, params);
}
