/**
 * Case detail with its timeline. The device's own report time is shown beside the
 * server's receipt time ("dilaporkan di lokasi 10:41 (offline)" vs "diterima 14:02"),
 * since hours can pass between the two in a blank-spot area. A job (an open case assigned
 * to this technician) keeps the merchant's name, address, call and maps from its Tugas
 * card: the screen the technician works on site from.
 */
import { geoLink, telLink } from '@edc/shared/domain';
import { apiErrorText } from '../../components/api-error-text.ts';
import { CaseTitle, Rejection, StatusBadge } from '../../components/case-labels.tsx';
import { subcaseLabel } from '../../components/enum-labels.ts';
import { EventNote } from '../../components/event-note.tsx';
import { CasePushRefused } from '../../components/refusal-text.tsx';
import { Empty, LinearProgress, Loading } from '../../components/state-views.tsx';
import {
  type CaseDoc,
  type CaseEventDoc,
  countCaseAttachments,
  getKv,
  getMerchant,
  listRefusals,
  listRefusedAttachments,
  type MerchantDoc,
  observeCase,
  observeCaseEvents,
  observeSlaRules,
  type SlaRuleDoc,
} from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDb, useSession, useSyncValue } from '../../shell/providers.tsx';
import { type ScreenProps, useSearchParam } from '../../shell/router.tsx';
import { useLookup } from '../../shell/use-lookup.ts';
import { useObservable } from '../../shell/use-observable.ts';
import { ContactActions } from './contact-actions.tsx';
import { NoteComposer, OnSitePanel, Refusals } from './on-site-panel.tsx';
import './technician.css';

export function CaseDetailPage({ params }: ScreenProps) {
  const { t, dateTime } = useI18n();
  const db = useDb();
  const id = params.id ?? '';
  const doc = useObservable<CaseDoc | null | undefined>(() => observeCase(db, id), undefined, [db, id]);
  const events = useObservable<CaseEventDoc[]>(() => observeCaseEvents(db, id), [], [db, id]);
  // The catalogue label, not the raw code: a technician reads "Card reader rusak", not
  // "card_reader_rusak" (the code stays as the fallback for a rule not synced yet).
  const rules = useObservable<SlaRuleDoc[]>(() => observeSlaRules(db), [], [db]);
  const [offline] = useLookup(async () => (await getKv(db, `submittedOffline:${id}`)) === '1', [db, id]);
  // Re-count local blobs whenever the outbox changes (an upload deletes the blob).
  const outboxPhotos = useSyncValue((s) => s.pendingPhotos);
  const [localPhotos] = useLookup(() => countCaseAttachments(db, id), [db, id, doc?.status, outboxPhotos]);
  const [refusedPhotos] = useLookup(
    () => listRefusedAttachments(db, id),
    [db, id, doc?.status, outboxPhotos],
  );
  // Refusals arrive with a push answer: re-read after every sync.
  const lastSyncAt = useSyncValue((s) => s.lastSyncAt);
  const pending = useSyncValue((s) => s.pending);
  const [refusals] = useLookup(() => listRefusals(db, id), [db, id, lastSyncAt, pending, events.length]);
  const { user } = useSession();
  const mid = doc?.mid ?? '';
  const [merchant] = useLookup(() => (mid ? getMerchant(db, mid) : Promise.resolve(null)), [db, mid]);
  const noteRequested = useSearchParam('note') === '1';

  if (doc === undefined) return <Loading label={t('app.loading')} />;
  if (doc === null) return <Empty icon="search">{t('case.detail.notFound')}</Empty>;
  const wasOffline = offline.status === 'done' && offline.value;
  const reportedHow = t(`case.reportedVia.${doc.channel}`);
  const pendingPhotos = localPhotos.status === 'done' ? localPhotos.value : 0;
  return (
    <section className="stack" data-testid="case-detail" data-case-id={doc.id}>
      <h2 className="headline">
        <CaseTitle doc={doc} />
      </h2>
      <div className="row">
        <StatusBadge status={doc.status} />
        <span className="muted">{t(`category.${doc.category}`)}</span>
      </div>
      <Rejection doc={doc} />
      {doc.status === 'submitted' && <CasePushRefused caseId={doc.id} />}
      <Refusals refusals={refusals.status === 'done' ? refusals.value : []} />
      {user && doc.assignee === user.username && (doc.status === 'open' || doc.status === 'in_progress') && (
        <>
          {merchant.status === 'done' && merchant.value && <JobMerchant merchant={merchant.value} />}
          <OnSitePanel doc={doc} events={events} username={user.username} />
        </>
      )}
      {user && doc.caseNumber && !['closed', 'rejected', 'cancelled'].includes(doc.status) && (
        <NoteComposer doc={doc} username={user.username} autoFocus={noteRequested} />
      )}
      <dl className="card facts">
        <dt>{t('tech.device.serial')}</dt>
        <dd>{doc.serialNumber ?? '—'}</dd>
        <dt>{t('tech.device.tid')}</dt>
        <dd>{doc.tid ?? '—'}</dd>
        <dt>{t('tech.device.mid')}</dt>
        <dd>{doc.mid || '—'}</dd>
        {doc.subcase && (
          <>
            <dt>{t('case.form.subcase')}</dt>
            <dd>
              {subcaseLabel(
                t,
                doc.category,
                doc.subcase,
                rules.find((r) => r.category === doc.category && r.subcase === doc.subcase)?.label,
              )}
            </dd>
          </>
        )}
        {doc.description && (
          <>
            <dt>{t('case.form.comment')}</dt>
            <dd translate="no">{doc.description}</dd>
          </>
        )}
        {doc.dueAt && (
          <>
            <dt>{t('cases.due', { time: '' }).trim()}</dt>
            <dd>{dateTime(doc.dueAt)}</dd>
          </>
        )}
      </dl>
      {doc.attachmentIds.length > 0 && (
        <div className="card photo-progress" data-testid="photo-progress">
          <p className="muted">
            {t('case.detail.photos', {
              uploaded: doc.attachmentIds.length - pendingPhotos,
              pending: pendingPhotos,
            })}
          </p>
          {pendingPhotos > 0 && (
            <LinearProgress
              value={(doc.attachmentIds.length - pendingPhotos) / doc.attachmentIds.length}
              label={t('case.detail.photosProgress')}
            />
          )}
        </div>
      )}
      {refusedPhotos.status === 'done' && refusedPhotos.value.length > 0 && (
        <p className="sync-error" role="alert" data-testid="photos-refused">
          {t('case.detail.photosRefused', {
            count: refusedPhotos.value.length,
            reason: apiErrorText(t, refusedPhotos.value[0]),
          })}
        </p>
      )}
      <h3 className="section-title">{t('case.detail.timeline')}</h3>
      <ol className="timeline" data-testid="timeline">
        <li data-testid="timeline-reported">
          {wasOffline
            ? t('case.detail.reportedOffline', { how: reportedHow, time: dateTime(doc.reportedAt) })
            : t('case.detail.reportedOnline', { how: reportedHow, time: dateTime(doc.reportedAt) })}
        </li>
        {doc.acceptedAt && (
          <li data-testid="timeline-received">
            {t('case.detail.received', { time: dateTime(doc.acceptedAt) })}
          </li>
        )}
        {doc.responseDueAt && <li>{t('case.detail.responseDue', { time: dateTime(doc.responseDueAt) })}</li>}
        {events.map((e) => (
          <li key={e.id} data-testid="timeline-event" data-type={e.type}>
            <strong>{t(`event.${e.type}`)}</strong> · {dateTime(e.at)} ·{' '}
            {e.actor === 'system' ? t('actor.system') : <span translate="no">{e.actor}</span>}
            <EventNote event={e} />
          </li>
        ))}
      </ol>
      {events.length === 0 && <p className="muted">{t('case.detail.noEvents')}</p>}
    </section>
  );
}

/** Where the job is and how to reach the merchant: the Tugas card's lines, on the job's screen. */
function JobMerchant({ merchant: m }: { merchant: MerchantDoc }) {
  const { t } = useI18n();
  const location = m.lat !== undefined && m.lng !== undefined ? { lat: m.lat, lng: m.lng } : undefined;
  const address = [m.address, m.city].filter(Boolean).join(', ');
  const maps = geoLink({ location, address });
  const tel = telLink(m.phone);
  return (
    <section className="card job-card" aria-label={t('tech.device.merchant')} data-testid="job-merchant">
      <strong translate="no">{m.name}</strong>
      {address && (
        <span className="job-address" translate="no">
          {address}
        </span>
      )}
      {(tel || maps) && (
        <div className="job-actions">
          <ContactActions tel={tel} maps={maps} />
        </div>
      )}
    </section>
  );
}
