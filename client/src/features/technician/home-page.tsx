/** Technician home: scan button, manual lookup (always available), drafts, sync state. */
import { type FormEvent, lazy, Suspense, useRef, useState } from 'react';
import { Empty, Loading } from '../../components/state-views.tsx';
import { SyncPanel } from '../../components/sync-panel.tsx';
import { countDevices, findDevice, listDrafts } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDb, useSync } from '../../shell/providers.tsx';
import { Link, navigate } from '../../shell/router.tsx';
import { useLookup } from '../../shell/use-lookup.ts';

// The camera and its decoders are heavy: loaded only when the technician taps "scan".
const ScannerView = lazy(() =>
  import('../../scan/scanner-view.tsx').then((m) => ({ default: m.ScannerView })),
);

export function HomePage() {
  const { t, dateTime } = useI18n();
  const db = useDb();
  const [query, setQuery] = useState('');
  const [scanning, setScanning] = useState(false);
  // Re-count when a sync lands: counted only on mount, a first login showed "0 devices
  // stored" for good although the first pull had just stored thousands.
  const { status: sync } = useSync();
  const [count] = useLookup(() => countDevices(db), [db, sync.initialDone, sync.lastSyncAt]);
  // Keep showing the last count while a re-count runs, so the line does not blink.
  const shownCount = useRef<number | null>(null);
  if (count.status === 'done') shownCount.current = count.value;
  const [drafts] = useLookup(() => listDrafts(db), [db]);

  const open = (value: string) => {
    const trimmed = value.trim();
    if (trimmed) navigate(`/tech/device/${encodeURIComponent(trimmed)}`);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    open(query);
  };

  return (
    <section className="stack">
      <h1>{t('tech.home.title')}</h1>
      <button
        type="button"
        className="btn primary big"
        onClick={() => setScanning(true)}
        data-testid="scan-button"
      >
        {t('tech.home.scan')}
      </button>
      {scanning && (
        <Suspense fallback={<Loading label={t('tech.scan.loading')} />}>
          <ScannerView
            onResult={(text) => {
              setScanning(false);
              open(text);
            }}
            onCancel={() => setScanning(false)}
            // A read is accepted only when a local device carries it: a misread never opens
            // another terminal's page.
            check={async (text) => (await findDevice(db, text)) !== null}
          />
        </Suspense>
      )}
      <search>
        <form className="card form" onSubmit={submit}>
          <label>
            {t('tech.home.manual')}
            <input
              name="lookup"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              autoCapitalize="characters"
              autoComplete="off"
              spellCheck={false}
              inputMode="text"
              aria-describedby="lookup-hint"
            />
          </label>
          <p id="lookup-hint" className="muted">
            {t('tech.home.hint')}
          </p>
          <button type="submit" className="btn">
            {t('tech.home.search')}
          </button>
        </form>
      </search>
      <p className="muted" data-testid="device-count">
        {shownCount.current === null ? '' : t('tech.home.localCount', { count: shownCount.current })}
      </p>
      <SyncPanel />
      <section aria-labelledby="drafts-title">
        <h2 id="drafts-title">{t('tech.home.drafts')}</h2>
        {drafts.status === 'loading' && <Loading label={t('app.loading')} />}
        {drafts.status === 'done' && drafts.value.length === 0 && <Empty>{t('tech.home.noDrafts')}</Empty>}
        {drafts.status === 'done' && drafts.value.length > 0 && (
          <ul className="list">
            {drafts.value.map((d) => (
              <li key={d.id}>
                <Link href={`/tech/device/${encodeURIComponent(d.serialNumber)}/new?draft=${d.id}`}>
                  {t('cases.draft')} — {d.serialNumber} · {dateTime(d.updatedAt)}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
