/**
 * Reads for the desk intake's duplicate guard (issue 15): the unfinished cases of a merchant
 * or of a terminal, so the agent can add a second call to the case already open instead of
 * filing another one. Back office only (the route checks); no writes.
 */
import { nonBlockingStatuses, type OpenCasesResponse } from '@edc/shared';
import type { Queryable } from './pool.ts';

export async function openCasesFor(
  q: Queryable,
  mid: string,
  serialNumber: string | undefined,
): Promise<OpenCasesResponse['cases']> {
  const { rows } = await q.query<OpenCasesResponse['cases'][number]>(
    `WITH d AS (SELECT tid, mid FROM devices WHERE $2::text IS NOT NULL AND upper(serial_number) = upper($2) AND NOT deleted)
     SELECT c.id::text AS id, c.case_number AS "caseNumber", c.status, c.category, c.subcase, c.tid,
            c.serial_number AS "serialNumber",
            to_char(c.reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "reportedAt",
            c.description,
            EXISTS (SELECT 1 FROM d WHERE d.tid = c.tid AND d.mid = c.mid) AS "sameTerminal"
       FROM cases c
      WHERE NOT c.deleted AND c.case_number IS NOT NULL AND c.status <> ALL($3::text[])
        AND (c.mid = $1 OR (c.tid, c.mid) IN (SELECT tid, mid FROM d))
      ORDER BY "sameTerminal" DESC, c.reported_at DESC
      LIMIT 20`,
    [mid, serialNumber ?? null, [...nonBlockingStatuses]],
  );
  // NULL columns are omitted (the wire rule).
  return rows.map((r) => {
    const out = { ...r };
    for (const k of ['subcase', 'tid', 'serialNumber'] as const) if (out[k] === null) delete out[k];
    return out;
  });
}
