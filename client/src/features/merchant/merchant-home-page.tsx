/**
 * Merchant home (phone): their MID's cases with live status, a case-number lookup and the
 * way to file a complaint. Scope is the server's: a merchant's database only ever
 * receives their own MID's cases, so "all local cases" is "my cases".
 */
import { type Case, caseSchema } from '@edc/shared';
import { type FormEvent, useEffect, useState } from 'react';
import { AnnouncementBanner } from '../../components/announcement-banner.tsx';
import { apiErrorText } from '../../components/api-error-text.ts';
import { Rejection, StatusBadge } from '../../components/case-labels.tsx';
import { Icon } from '../../components/icon.tsx';
import { PushPrompt } from '../../components/push-prompt.tsx';
import { Empty, Loading } from '../../components/state-views.tsx';
import { SyncPanel } from '../../components/sync-panel.tsx';
import {
  type CaseDoc,
  caseSeenTimes,
  findCaseByNumber,
  getMerchant,
  observeAllCases,
  observeIncomingMessageTimes,
} from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDb, useSession } from '../../shell/providers.tsx';
import { Link, navigate } from '../../shell/router.tsx';
import { useLookup } from '../../shell/use-lookup.ts';
import { useObservable } from '../../shell/use-observable.ts';
import { ApiError, errorKind } from '../../sync/api-error.ts';
import { flushDeflections } from '../../sync/faq-deflections.ts';
import { MerchantCaseTitle } from './merchant-labels.tsx';
import { SurveyCard } from './survey-card.tsx';
import './merchant.css';

type LookupState =
  | { status: 'idle' }
  | { status: 'searching' }
  | { status: 'remote'; doc: Case }
  | { status: 'notFound'; number: string; offline: boolean }
  | { status: 'failed'; reason: string };

const CASE_NUMBER = /^CASE-\d{8}-\d{5,}$/;

export function MerchantHomePage() {
  const { t, dateTime } = useI18n();
  const db = useDb();
  const { user } = useSession();
  const cases = useObservable<CaseDoc[] | null>(() => observeAllCases(db), null, [db]);
  const [merchant] = useLookup(
    () => (user?.mid ? getMerchant(db, user.mid) : Promise.resolve(null)),
    [db, user?.mid],
  );
  const merchantName = merchant.status === 'done' ? merchant.value?.name : undefined;
  const unread = useUnread(cases, user?.username ?? '');
  const { api } = useSession();
  // "This solved it" answers made offline go out once the home is open and online.
  useEffect(() => {
    if (navigator.onLine) void flushDeflections(api, db).catch(() => undefined);
  }, [api, db]);

  return (
    <section className="stack merchant" data-testid="merchant-home">
      <AnnouncementBanner />
      <PushPrompt show={(cases?.length ?? 0) > 0} />
      <div className="row spread">
        <h2 className="headline">{t('merchant.home.title')}</h2>
        <Link className="btn primary" href="/merchant/new" data-testid="new-complaint">
          <Icon name="add" size={20} />
          {t('merchant.home.newComplaint')}
        </Link>
      </div>
      {user?.mid && (
        <p className="muted" data-testid="merchant-identity">
          {merchantName ? <span translate="no">{merchantName} · </span> : ''}
          {t('merchant.home.mid', { mid: user.mid })}
        </p>
      )}
      <SurveyCard />
      <CaseLookup />
      {cases === null && <Loading label={t('app.loading')} />}
      {cases !== null && cases.length === 0 && (
        <Empty>
          <span data-testid="merchant-empty">{t('merchant.cases.empty')}</span>
        </Empty>
      )}
      {cases !== null && cases.length > 0 && (
        <ul className="case-cards" data-testid="merchant-case-list" data-count={cases.length}>
          {cases.map((c) => (
            <li
              key={c.id}
              className="case-item"
              data-testid="merchant-case-item"
              data-case-id={c.id}
              data-case-number={c.caseNumber ?? ''}
              data-unread={unread.has(c.id)}
            >
              <Link href={`/merchant/cases/${c.id}`} className="case-card">
                <span className="case-card-top">
                  <MerchantCaseTitle doc={c} />
                  <span className="case-card-time">{dateTime(c.reportedAt)}</span>
                </span>
                <span className="case-card-meta">
                  {t(`category.${c.category}`)}
                  {c.tid ? ` · TID ${c.tid}` : ''}
                </span>
                <span className="case-card-status">
                  <StatusBadge status={c.status} />
                  {unread.has(c.id) && (
                    <span className="badge unread" data-testid="case-unread">
                      {t('merchant.cases.unread')}
                    </span>
                  )}
                </span>
                {c.status === 'resolved' && (
                  <span className="banner info">{t('merchant.cases.awaitingConfirm')}</span>
                )}
                <Rejection doc={c} />
              </Link>
            </li>
          ))}
        </ul>
      )}
      <SyncPanel outboxTools={false} />
    </section>
  );
}

/** Cases with a message from the desk newer than the merchant's last look at the case. */
function useUnread(cases: CaseDoc[] | null, username: string): ReadonlySet<string> {
  const db = useDb();
  const incoming = useObservable<Map<string, string>>(
    () => observeIncomingMessageTimes(db, username),
    new Map(),
    [db, username],
  );
  const [unread, setUnread] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    let live = true;
    const ids = (cases ?? []).map((c) => c.id).filter((id) => incoming.has(id));
    void caseSeenTimes(db, ids).then((seen) => {
      if (!live) return;
      setUnread(new Set(ids.filter((id) => (seen.get(id) ?? '') < (incoming.get(id) ?? ''))));
    });
    return () => {
      live = false;
    };
  }, [db, cases, incoming]);
  return unread;
}

/** Look a case up by number: local data first, then the server when online. */
function CaseLookup() {
  const { t } = useI18n();
  const db = useDb();
  const { api } = useSession();
  const [query, setQuery] = useState('');
  const [state, setState] = useState<LookupState>({ status: 'idle' });

  const search = async (event: FormEvent) => {
    event.preventDefault();
    const number = query.trim().toUpperCase();
    if (!number) return;
    setState({ status: 'searching' });
    const local = await findCaseByNumber(db, number);
    if (local) {
      setState({ status: 'idle' });
      navigate(`/merchant/cases/${local.id}`);
      return;
    }
    // The server knows the number in the same format only; anything else cannot exist.
    if (!CASE_NUMBER.test(number)) {
      setState({ status: 'notFound', number, offline: false });
      return;
    }
    if (!navigator.onLine) {
      setState({ status: 'notFound', number, offline: true });
      return;
    }
    try {
      const doc = await api.json(`/api/cases/by-number/${encodeURIComponent(number)}`, caseSchema);
      setState({ status: 'remote', doc });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        setState({ status: 'notFound', number, offline: false });
      } else if (error instanceof ApiError && errorKind(error) === 'network') {
        setState({ status: 'notFound', number, offline: true });
      } else {
        setState({ status: 'failed', reason: apiErrorText(t, error) });
      }
    }
  };

  return (
    <form className="lookup-form" onSubmit={(e) => void search(e)} data-testid="case-lookup" noValidate>
      <label className="field-label" htmlFor="case-lookup-input">
        {t('merchant.lookup.label')}
      </label>
      <div className="lookup-row">
        <div className="search-field">
          <Icon name="search" />
          <input
            id="case-lookup-input"
            name="caseNumber"
            value={query}
            placeholder="CASE-20261125-00001"
            autoCapitalize="characters"
            autoComplete="off"
            enterKeyHint="search"
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <button type="submit" className="btn tonal" disabled={state.status === 'searching'}>
          {t('merchant.lookup.submit')}
        </button>
      </div>
      {state.status === 'searching' && <Loading label={t('merchant.lookup.searching')} />}
      {state.status === 'notFound' && (
        <p className="form-error" role="alert" data-testid="lookup-not-found">
          {state.offline
            ? t('merchant.lookup.offlineNotFound', { number: state.number })
            : t('merchant.lookup.notFound', { number: state.number })}
        </p>
      )}
      {state.status === 'failed' && (
        <p className="form-error" role="alert">
          {t('merchant.lookup.failed', { reason: state.reason })}
        </p>
      )}
      {state.status === 'remote' && <RemoteResult doc={state.doc} />}
    </form>
  );
}

/** A case the server knows but this device has not pulled yet (e.g. just filed elsewhere). */
function RemoteResult({ doc }: { doc: Case }) {
  const { t, dateTime } = useI18n();
  return (
    <div className="card" data-testid="lookup-remote" data-case-id={doc.id}>
      <p className="muted">{t('merchant.lookup.remoteFound')}</p>
      <div className="row">
        <StatusBadge status={doc.status} />
        <strong>{doc.caseNumber}</strong>
      </div>
      <div className="muted">
        {t(`category.${doc.category}`)} · {t('cases.reported', { time: dateTime(doc.reportedAt) })}
      </div>
    </div>
  );
}
