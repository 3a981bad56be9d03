/**
 * Announcements on the device (pull-only collection, DESIGN section 9): the banner reads
 * them locally, so a notice published before the phone went offline still shows at its
 * start time.
 */
import { map, type Observable } from 'rxjs';
import { type EdcDb, laterQuery$ } from './database.ts';
import type { AnnouncementDoc } from './schemas.ts';

/** Every announcement this user may see, newest start first (the caller filters by time). */
export function observeAnnouncements(db: EdcDb): Observable<AnnouncementDoc[]> {
  return laterQuery$(db, () =>
    db.rx.announcements
      .find({ sort: [{ startsAt: 'desc' }] })
      .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()))),
  );
}
