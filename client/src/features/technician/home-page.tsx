/**
 * Technician home: scan (one tap, the decoder already warm) or type a serial / SAM / SIM /
 * TID, the drafts to finish, and the sync card. `?q=` restores a typed number after a
 * "not found" popup (`&edit=1` also focuses and selects it), so nothing has to be retyped.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { AnnouncementBanner } from '../../components/announcement-banner.tsx';
import { categoryLabel } from '../../components/enum-labels.ts';
import { Icon } from '../../components/icon.tsx';
import { ListRow } from '../../components/list-row.tsx';
import { Empty, Loading } from '../../components/state-views.tsx';
import { SyncPanel } from '../../components/sync-panel.tsx';
import { countDevices, type EdcDb, listDrafts } from '../../db/index.ts';
import { snapshotCount } from '../../db/lookup-snapshot.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useOpenDb, useSession, useSyncValue } from '../../shell/providers.tsx';
import { navigate, useSearchParam } from '../../shell/router.tsx';
import { useLookup } from '../../shell/use-lookup.ts';
import { isLocalDevice, prefetchDeviceLookup } from './device-lookup.ts';
import { JobList } from './job-list.tsx';
import { ScannerOverlay, useScannerPreload } from './scanner-overlay.tsx';
import './technician.css';

/**
 * Renders before the database is open when the technician has a lookup snapshot (an `early`
 * route): the scan button, the lookup and the device count answer from the snapshot until
 * then (device-lookup.ts, db/lookup-snapshot.ts); the Tugas list, the sync card and the
 * drafts come with the database, on their usual paths.
 */
export function HomePage() {
  const { t } = useI18n();
  const db = useOpenDb();
  const userId = useSession().user?.id ?? '';
  const source = { db, userId };
  const initialQuery = useSearchParam('q') ?? '';
  const editRequested = useSearchParam('edit') === '1';
  const [query, setQuery] = useState(initialQuery);
  const [scanning, setScanning] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  useScannerPreload();
  useEffect(() => {
    if (!editRequested) return;
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [editRequested]);

  // Re-count when a sync lands: counted only on mount, a first login showed "0 devices
  // stored" for good although the first pull had just stored thousands.
  const initialDone = useSyncValue((s) => s.initialDone);
  const lastSyncAt = useSyncValue((s) => s.lastSyncAt);
  const [count] = useLookup(
    async () => (db ? countDevices(db) : snapshotCount(userId)),
    [db, userId, initialDone, lastSyncAt],
  );
  // Keep showing the last count while a re-count runs, so the line does not blink.
  const shownCount = useRef<number | null>(null);
  if (count.status === 'done' && count.value !== null) {
    if (shownCount.current === null) performance.mark('edc:home-count');
    shownCount.current = count.value;
  }

  const open = (value: string) => {
    const trimmed = value.trim();
    if (!trimmed) return;
    // The local lookup starts now, while the screen changes (see device-lookup.ts).
    prefetchDeviceLookup(source, trimmed);
    // Home keeps the typed text in its URL, so "back" (or a not-found popup) restores it.
    navigate(`/tech?q=${encodeURIComponent(trimmed)}`, { replace: true });
    navigate(`/tech/device/${encodeURIComponent(trimmed)}`);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    open(query);
  };

  return (
    <div className="stack tech-home">
      {db && <AnnouncementBanner />}
      {/* Scan and lookup first: on a day with many jobs the scan button stays on the first
          screen (issue 16: a case from a scan with no scroll); the Tugas list follows. */}
      <h2 className="headline">{t('tech.home.title')}</h2>
      <button
        type="button"
        className="btn primary big scan-cta"
        onClick={() => setScanning(true)}
        data-testid="scan-button"
      >
        <Icon name="barcode" size={28} />
        {t('tech.home.scan')}
      </button>
      {scanning && (
        <ScannerOverlay
          title={t('tech.home.scan')}
          onResult={(text) => {
            setScanning(false);
            open(text);
          }}
          onClose={() => setScanning(false)}
          // A read is accepted only when a local device carries it: a misread never opens
          // another terminal's page.
          check={(text) => isLocalDevice(source, text)}
        />
      )}
      <search>
        <form className="lookup-form" onSubmit={submit} noValidate>
          <label className="field-label" htmlFor="lookup">
            {t('tech.home.manual')}
          </label>
          <div className="lookup-row">
            <div className="search-field">
              <Icon name="search" />
              <input
                ref={inputRef}
                id="lookup"
                name="lookup"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                autoCapitalize="characters"
                autoComplete="off"
                spellCheck={false}
                inputMode="text"
                enterKeyHint="search"
                aria-describedby="lookup-hint"
              />
            </div>
            <button type="submit" className="btn tonal">
              {t('tech.home.search')}
            </button>
          </div>
          <p id="lookup-hint" className="field-hint">
            {t('tech.home.hint')}
          </p>
        </form>
      </search>
      <p className="muted reserve-line" data-testid="device-count">
        {shownCount.current === null ? '' : t('tech.home.localCount', { count: shownCount.current })}
      </p>
      {db ? (
        <>
          <JobList />
          <SyncPanel />
          <Drafts db={db} />
        </>
      ) : (
        <Loading label={t('app.loading')} />
      )}
    </div>
  );
}

function Drafts({ db }: { db: EdcDb }) {
  const { t, dateTime } = useI18n();
  const [drafts] = useLookup(() => listDrafts(db), [db]);
  return (
    <section aria-labelledby="drafts-title">
      <h2 id="drafts-title" className="section-title">
        {t('tech.home.drafts')}
      </h2>
      {drafts.status === 'loading' && <Loading label={t('app.loading')} />}
      {drafts.status === 'done' && drafts.value.length === 0 && (
        <Empty icon="edit">{t('tech.home.noDrafts')}</Empty>
      )}
      {drafts.status === 'done' && drafts.value.length > 0 && (
        <ul className="list-rows">
          {drafts.value.map((d) => (
            <ListRow
              key={d.id}
              testId="home-draft"
              href={`/tech/device/${encodeURIComponent(d.serialNumber)}/new?draft=${d.id}`}
              leading={<Icon name="edit" />}
              headline={`${t('cases.draft')} · ${d.serialNumber}`}
              supporting={`${categoryLabel(t, d.category)} · ${dateTime(d.updatedAt)}`}
              chevron
            />
          ))}
        </ul>
      )}
    </section>
  );
}
