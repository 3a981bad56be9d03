/**
 * The confirmation loop's auto-close (DESIGN section 9): a resolved case nobody confirmed
 * within `AUTO_CLOSE_HOURS` is closed by `system` with `data.reason: "auto"`. One pass
 * closes every due case in batches; candidates are locked FOR UPDATE SKIP LOCKED, so
 * several instances (and a merchant confirming at the same moment) never close a case
 * twice: whoever holds the row lock wins, the other skips it or finds it no longer
 * resolved. The schedule is jobs/background-jobs.ts.
 */
import { randomUUID } from 'node:crypto';
import { isAutoCloseDue } from '@edc/shared/domain';
import { insertEvents, patchCase } from '../db/cases.ts';
import { type Db, withTransaction } from '../db/pool.ts';
import { lockAutoCloseCandidates } from '../db/self-service.ts';

const BATCH = 200;

export type AutoCloseOptions = {
  hours: number;
  /** Only these cases (the test hook's way to leave the rest of a shared database alone). */
  onlyIds?: readonly string[];
};

export type AutoCloseRun = { closed: string[] };

export async function runAutoClose(db: Db, now: Date, options: AutoCloseOptions): Promise<AutoCloseRun> {
  const cutoff = new Date(now.getTime() - options.hours * 3_600_000);
  const at = now.toISOString();
  const run: AutoCloseRun = { closed: [] };
  for (;;) {
    const handled = await withTransaction(db, async (client) => {
      const candidates = await lockAutoCloseCandidates(client, cutoff, BATCH, options.onlyIds);
      for (const c of candidates) {
        if (!isAutoCloseDue(new Date(c.resolved_at), now, options.hours)) continue;
        await patchCase(client, c.id, { status: 'closed', closedAt: at, updatedAt: at });
        await insertEvents(client, [
          {
            id: randomUUID(),
            case_id: c.id,
            type: 'closed',
            at,
            actor: 'system',
            note: null,
            data: { reason: 'auto', hours: options.hours },
            mid: c.mid,
            region: c.region,
          },
        ]);
        run.closed.push(c.id);
      }
      return candidates.length;
    });
    if (handled < BATCH) return run;
  }
}
