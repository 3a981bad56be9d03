/**
 * Tugas: the open cases assigned to this technician (DESIGN section 9), soonest SLA due
 * first, with the merchant's name and address, tap-to-call, "open in maps" and the due
 * time. Local data only, so it renders offline at once (bench: 200 jobs ≤ 100 ms).
 */
import { geoLink, telLink } from '@edc/shared/domain';
import { categoryLabel } from '../../components/enum-labels.ts';
import { Icon } from '../../components/icon.tsx';
import { type JobCard, observeJobs } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDb, useSession } from '../../shell/providers.tsx';
import { Link } from '../../shell/router.tsx';
import { useObservable } from '../../shell/use-observable.ts';

export function JobList() {
  const { t, dateTime } = useI18n();
  const db = useDb();
  const { user } = useSession();
  const username = user?.username ?? '';
  const jobs = useObservable<JobCard[] | null>(() => observeJobs(db, username), null, [db, username]);
  // Before the first answer: the heading and one empty line, the height of "no jobs today"
  // (the usual answer), so the scan button below does not jump when the answer comes.
  if (jobs === null)
    return (
      <section aria-labelledby="jobs-title" aria-busy="true">
        <h2 id="jobs-title" className="section-title">
          {t('jobs.title')}
        </h2>
        <p className="muted reserve-line" />
      </section>
    );
  return (
    <section aria-labelledby="jobs-title" data-testid="job-list">
      <h2 id="jobs-title" className="section-title">
        {t('jobs.title')} {jobs.length > 0 && <span className="muted">({jobs.length})</span>}
      </h2>
      {jobs.length === 0 ? (
        // One quiet line: the scan button below stays the first thing on an idle day.
        <p className="muted" data-testid="jobs-empty">
          {t('jobs.empty')}
        </p>
      ) : (
        <ul className="job-cards">
          {jobs.map(({ job: c, merchant: m }) => {
            const location =
              m?.lat !== undefined && m.lng !== undefined ? { lat: m.lat, lng: m.lng } : undefined;
            const address = m ? [m.address, m.city].filter(Boolean).join(', ') : '';
            const maps = geoLink({ location, address });
            const tel = telLink(m?.phone);
            const overdue = c.dueAt !== undefined && c.dueAt < new Date().toISOString();
            return (
              <li key={c.id} className="card job-card" data-testid="job" data-case-id={c.id}>
                <Link href={`/tech/cases/${c.id}`} className="job-main" data-testid="job-open">
                  <span className="job-head">
                    <strong translate="no">{m?.name ?? c.mid}</strong>
                    <span className="muted" translate="no">
                      {c.caseNumber}
                    </span>
                  </span>
                  <span className="muted">{categoryLabel(t, c.category)}</span>
                  {address && (
                    <span className="job-address" translate="no">
                      {address}
                    </span>
                  )}
                  {c.dueAt && (
                    <span className={overdue ? 'job-due overdue' : 'job-due'} data-testid="job-due">
                      <Icon name="schedule" size={18} /> {t('jobs.due', { time: dateTime(c.dueAt) })}
                    </span>
                  )}
                  {c.status === 'in_progress' && (
                    <span className="job-status">{t('case.status.in_progress')}</span>
                  )}
                </Link>
                <div className="job-actions">
                  {tel && (
                    <a className="btn tonal" href={tel} data-testid="job-call">
                      <Icon name="call" size={20} /> {t('jobs.call')}
                    </a>
                  )}
                  {maps && (
                    <a className="btn tonal" href={maps} data-testid="job-maps">
                      <Icon name="location" size={20} /> {t('jobs.maps')}
                    </a>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
