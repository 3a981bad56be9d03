/**
 * Reading a push batch (DESIGN section 5), shared by the `cases` and `case_events` pushes:
 * every row needs a UUID id, and an id sent twice in one batch counts once.
 */
import { AppError, type PushRow, uuidSchema } from '@edc/shared';

/** A push row whose id could be read; rows without one fail the whole request (400). */
export type IdentifiedRow = { index: number; id: string; row: PushRow };

/** Reads the ids of a push batch; a row without a UUID id is a malformed request. */
export function identifyRows(rows: readonly PushRow[]): IdentifiedRow[] {
  const seen = new Set<string>();
  const out: IdentifiedRow[] = [];
  rows.forEach((row, index) => {
    const id = uuidSchema.safeParse(row.newDocumentState.id);
    if (!id.success) {
      throw new AppError('invalid_body', 'every pushed document needs a UUID id', [
        { path: `${index}.newDocumentState.id`, message: 'id must be a UUID' },
      ]);
    }
    // The same id twice in one batch: the first one wins, the rest are re-sends.
    if (seen.has(id.data)) return;
    seen.add(id.data);
    out.push({ index, id: id.data, row });
  });
  return out;
}
