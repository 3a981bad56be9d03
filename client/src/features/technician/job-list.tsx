/**
 * Tugas: the open cases assigned to this technician (DESIGN section 9), soonest SLA due
 * first, with the merchant's name and address, tap-to-call, "open in maps" and the due
 * time. Local data only, so it renders offline at once (bench: 200 jobs ≤ 100 ms): the cards
 * come from the case documents, the merchant's lines fill in when its lookup answers (their
 * room kept meanwhile), and a long list keeps only the cards near the screen in the DOM
 * (components/virtual-list.tsx).
 */
import { geoLink, telLink } from '@edc/shared/domain';
import { useEffect, useState } from 'react';
import { categoryLabel } from '../../components/enum-labels.ts';
import { Icon } from '../../components/icon.tsx';
import { VirtualList } from '../../components/virtual-list.tsx';
import { dropEarlyJobs, earlyJobCards, type JobCard, observeJobs } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDb, useSession } from '../../shell/providers.tsx';
import { Link } from '../../shell/router.tsx';
import { useObservable } from '../../shell/use-observable.ts';
import { ContactActions } from './contact-actions.tsx';

export function JobList() {
  const { t } = useI18n();
  const db = useDb();
  const { user } = useSession();
  const username = user?.username ?? '';
  // The rows read at start while RxDB opened (db/early-jobs.ts): the cards come in the home
  // screen's first render; RxDB's live query takes over.
  const [early] = useState(() => earlyJobCards(user?.id ?? '', username) ?? null);
  useEffect(() => dropEarlyJobs(), []);
  const jobs = useObservable<JobCard[] | null>(() => observeJobs(db, username), early, [db, username]);
  // Before the first answer: the heading and one empty line, the height of "no jobs today",
  // so the sync panel and drafts below do not jump when the answer comes.
  if (jobs === null)
    return (
      <section aria-labelledby="jobs-title" aria-busy="true">
        <h2 id="jobs-title" className="section-title jobs-title">
          {t('jobs.title')}
        </h2>
        <p className="muted reserve-line" />
      </section>
    );
  return (
    <section aria-labelledby="jobs-title" data-testid="job-list" data-count={jobs.length}>
      <h2 id="jobs-title" className="section-title jobs-title">
        {t('jobs.title')} {jobs.length > 0 && <span className="muted">({jobs.length})</span>}
      </h2>
      {jobs.length === 0 ? (
        // One quiet line on an idle day.
        <p className="muted" data-testid="jobs-empty">
          {t('jobs.empty')}
        </p>
      ) : (
        // Only the cards near the screen are rendered (200 jobs: a screenful, not 200 cards).
        <VirtualList
          items={jobs}
          itemKey={(j) => j.job.id}
          // Name, category, address, due time and the call/maps buttons at 360 px.
          estimateSize={() => 230}
          className="job-cards"
          listProps={{ 'aria-labelledby': 'jobs-title' }}
          itemProps={(j) => ({ className: 'job-item', 'data-testid': 'job', 'data-case-id': j.job.id })}
          renderItem={(j) => <JobCardView card={j} />}
        />
      )}
    </section>
  );
}

function JobCardView({ card: { job: c, merchant: m } }: { card: JobCard }) {
  const { t, dateTime } = useI18n();
  // `undefined`: the merchant lookup has not answered yet (the card comes from the case
  // first); its name, address and the call/maps row keep their room so nothing moves when
  // it does.
  const pending = m === undefined;
  const location = m?.lat !== undefined && m.lng !== undefined ? { lat: m.lat, lng: m.lng } : undefined;
  const address = m ? [m.address, m.city].filter(Boolean).join(', ') : '';
  const maps = geoLink({ location, address });
  const tel = telLink(m?.phone);
  const overdue = c.dueAt !== undefined && c.dueAt < new Date().toISOString();
  return (
    <div className="card job-card" aria-busy={pending || undefined}>
      <Link href={`/tech/cases/${c.id}`} className="job-main" data-testid="job-open">
        <span className="job-head">
          <strong translate="no" className="reserve-line">
            {pending ? '' : (m?.name ?? c.mid)}
          </strong>
          <span className="muted" translate="no">
            {c.caseNumber}
          </span>
        </span>
        <span className="muted">{categoryLabel(t, c.category)}</span>
        {(address || pending) && (
          <span className="job-address" translate="no">
            {address}
          </span>
        )}
        {c.dueAt && (
          <span className={overdue ? 'job-due overdue' : 'job-due'} data-testid="job-due">
            <Icon name="schedule" size={18} /> {t('jobs.due', { time: dateTime(c.dueAt) })}
          </span>
        )}
        {c.status === 'in_progress' && <span className="job-status">{t('case.status.in_progress')}</span>}
      </Link>
      {(tel || maps || pending) && (
        <div className="job-actions">
          <ContactActions tel={tel} maps={maps} />
        </div>
      )}
    </div>
  );
}
