/** My cases: drafts, cases waiting in the outbox, accepted and rejected ones (rejected stay visible). */
import { categories } from '@edc/shared';
import { CaseTitle, Rejection, StatusBadge } from '../../components/case-labels.tsx';
import { Empty, Loading } from '../../components/state-views.tsx';
import { type CaseDoc, listDrafts, observeMyCases } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDb, useSession } from '../../shell/providers.tsx';
import { Link } from '../../shell/router.tsx';
import { useLookup } from '../../shell/use-lookup.ts';
import { useObservable } from '../../shell/use-observable.ts';

export function MyCasesPage() {
  const { t, dateTime } = useI18n();
  const db = useDb();
  const { user } = useSession();
  const cases = useObservable<CaseDoc[] | null>(() => (user ? observeMyCases(db, user) : null), null, [
    db,
    user?.id,
  ]);
  const [drafts] = useLookup(() => listDrafts(db), [db]);
  // A draft's category is whatever was picked so far ('' before the first pick).
  const categoryLabel = (value: string) => {
    const known = categories.find((c) => c === value);
    return known ? t(`category.${known}`) : '—';
  };

  return (
    <section className="stack">
      <h1>{t('cases.title')}</h1>
      {drafts.status === 'done' && drafts.value.length > 0 && (
        <ul className="list" aria-label={t('tech.home.drafts')}>
          {drafts.value.map((d) => (
            <li key={d.id} className="card" data-testid="draft-item">
              <span className="badge wait">{t('cases.draft')}</span>{' '}
              <Link href={`/tech/device/${encodeURIComponent(d.serialNumber)}/new?draft=${d.id}`}>
                {d.serialNumber} · {categoryLabel(d.category)}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {cases === null && <Loading label={t('app.loading')} />}
      {cases !== null && cases.length === 0 && <Empty>{t('cases.empty')}</Empty>}
      {cases !== null && cases.length > 0 && (
        <ul className="list" data-testid="case-list">
          {cases.map((c) => (
            <li key={c.id} className="card case-item" data-testid="case-item" data-case-id={c.id}>
              <div className="row">
                <StatusBadge status={c.status} />
                <Link href={`/tech/cases/${c.id}`}>
                  <CaseTitle doc={c} />
                </Link>
              </div>
              <div className="muted">
                {t(`category.${c.category}`)} · {c.serialNumber ?? ''} · TID {c.tid ?? '—'}
              </div>
              <div className="muted">{t('cases.reported', { time: dateTime(c.reportedAt) })}</div>
              {c.acceptedAt && (
                <div className="muted">{t('cases.accepted', { time: dateTime(c.acceptedAt) })}</div>
              )}
              {c.dueAt && <div className="muted">{t('cases.due', { time: dateTime(c.dueAt) })}</div>}
              <Rejection doc={c} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
