/**
 * New case (offline): Request/Action, subcase from the local SLA catalogue, comment,
 * optional replacement serial (typed or scanned), SLA due-date preview computed on the
 * device with the shared rule, up to 4 evidence photos resized on the device, optional
 * visit location. The draft is saved locally on every change; "Kirim" moves it to the
 * outbox. Nothing here needs the network.
 */
import { MAX_ATTACHMENTS_PER_CASE, technicianCategories } from '@edc/shared';
import { computeSlaDates, holidayDateSet, INDONESIAN_HOLIDAYS_2025_2027 } from '@edc/shared/domain';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { ErrorState, Loading } from '../../components/state-views.tsx';
import {
  type DeviceDoc,
  type DraftRecord,
  deleteAttachment,
  deleteDraft,
  findBlockingCase,
  getAttachment,
  getDevice,
  getDraft,
  listHolidays,
  listSlaRules,
  observeSlaRules,
  putAttachment,
  putDraft,
  setKv,
  submitCase,
} from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { uuidv7 } from '../../lib/uuid.ts';
import { useDb, useSession } from '../../shell/providers.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { navigate, useSearchParam } from '../../shell/router.tsx';
import { reportStorageError } from '../../shell/storage.ts';
import { useLookup } from '../../shell/use-lookup.ts';
import { useObservable } from '../../shell/use-observable.ts';
import { resizePhoto } from './image-resize.ts';

const ScannerView = lazy(() =>
  import('../../scan/scanner-view.tsx').then((m) => ({ default: m.ScannerView })),
);

type LocationState = 'off' | 'pending' | 'ok' | 'denied';

export function CaseFormPage({ params }: ScreenProps) {
  const { t, dateTime } = useI18n();
  const db = useDb();
  const { user } = useSession();
  const serial = params.serial ?? '';
  const draftId = useSearchParam('draft');
  const [loaded, retry] = useLookup(async () => {
    const [device, rules, holidays, draft] = await Promise.all([
      getDevice(db, serial),
      listSlaRules(db),
      listHolidays(db),
      draftId ? getDraft(db, draftId) : Promise.resolve(null),
    ]);
    const blocking = device ? await findBlockingCase(db, device.tid, device.mid) : null;
    return { device, rules, holidays, draft, blocking };
  }, [db, serial, draftId]);

  if (loaded.status === 'loading') return <Loading label={t('app.loading')} />;
  if (loaded.status === 'error')
    return (
      <ErrorState onRetry={retry} retryLabel={t('common.retry')}>
        {loaded.error.message}
      </ErrorState>
    );
  const { device } = loaded.value;
  if (device?.status !== 'on_operation') {
    // The device screen explains why (Table 2 popup); never build a form for it.
    navigate(`/tech/device/${encodeURIComponent(serial)}`, { replace: true });
    return null;
  }
  return (
    <CaseForm
      device={device}
      savedDraft={loaded.value.draft}
      initialRules={loaded.value.rules}
      holidays={loaded.value.holidays.map((h) => h.date)}
      blockingNumber={loaded.value.blocking ? (loaded.value.blocking.caseNumber ?? t('cases.waiting')) : null}
      username={user?.username ?? ''}
      dateTime={dateTime}
    />
  );
}

type Rules = Awaited<ReturnType<typeof listSlaRules>>;

function newDraft(device: DeviceDoc): DraftRecord {
  const now = new Date().toISOString();
  return {
    id: uuidv7(),
    serialNumber: device.serialNumber,
    tid: device.tid,
    mid: device.mid,
    category: '',
    subcase: '',
    description: '',
    replacementSerial: '',
    attachmentIds: [],
    // The report time is when the technician started on site, not when it syncs.
    reportedAt: now,
    updatedAt: now,
  };
}

function CaseForm({
  device,
  savedDraft,
  initialRules,
  holidays,
  blockingNumber,
  username,
  dateTime,
}: {
  device: DeviceDoc;
  savedDraft: DraftRecord | null;
  /** The catalogue read with the device, so the first render already has the subcases. */
  initialRules: Rules;
  holidays: string[];
  blockingNumber: string | null;
  username: string;
  dateTime: (iso: string | Date) => string;
}) {
  const { t } = useI18n();
  const db = useDb();
  // Live: a rule that replication brings after the form opened must reach the picker.
  const rules = useObservable(() => observeSlaRules(db), initialRules, [db]);
  const [initial] = useState<DraftRecord>(() => savedDraft ?? newDraft(device));
  const [draft, setDraftState] = useState<DraftRecord>(initial);
  // The latest draft for async handlers (photo resize, geolocation, blur): closures over
  // `draft` would write back a stale copy and drop a photo or a comment.
  const latest = useRef<DraftRecord>(initial);
  const setDraft = (next: DraftRecord) => {
    latest.current = next;
    setDraftState(next);
  };
  const [photos, setPhotos] = useState<{ id: string; url: string }[]>([]);
  const [photoBusy, setPhotoBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [location, setLocation] = useState<LocationState>(initial.location ? 'ok' : 'off');
  const [scanning, setScanning] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);

  // Thumbnails of photos already in the draft.
  useEffect(() => {
    let live = true;
    const urls: string[] = [];
    void Promise.all(initial.attachmentIds.map((id) => getAttachment(db, id))).then((records) => {
      if (!live) return;
      const list = records.flatMap((r) => {
        if (!r) return [];
        const url = URL.createObjectURL(r.blob);
        urls.push(url);
        return [{ id: r.id, url }];
      });
      setPhotos(list);
    });
    return () => {
      live = false;
      for (const url of urls) URL.revokeObjectURL(url);
    };
  }, [db, initial.attachmentIds]);

  const subcases = useMemo(() => rules.filter((r) => r.category === draft.category), [rules, draft.category]);
  const rule = subcases.find((r) => r.subcase === draft.subcase) ?? null;
  const preview = useMemo(() => {
    if (!rule) return null;
    // Local holidays once synced; the bundled national list until then.
    const dates = holidays.length > 0 ? holidays : INDONESIAN_HOLIDAYS_2025_2027.map((h) => h.date);
    return computeSlaDates({
      acceptedAt: new Date(),
      rule,
      holidays: holidayDateSet(dates.map((date) => ({ date }))),
    });
  }, [rule, holidays]);

  const save = async (next: DraftRecord): Promise<boolean> => {
    const stamped = { ...next, updatedAt: new Date().toISOString() };
    setDraft(stamped);
    try {
      await putDraft(db, stamped);
      return true;
    } catch (e) {
      if (!reportStorageError(e)) setError(String(e));
      return false;
    }
  };
  const update = (patch: Partial<DraftRecord>) => void save({ ...latest.current, ...patch });

  const addPhoto = async (file: File | undefined) => {
    if (!file || draft.attachmentIds.length >= MAX_ATTACHMENTS_PER_CASE) return;
    setPhotoBusy(true);
    setError(null);
    try {
      const resized = await resizePhoto(file);
      const id = uuidv7();
      await putAttachment(db, {
        id,
        caseId: draft.id,
        state: 'draft',
        contentType: 'image/jpeg',
        bytes: resized.blob.size,
        blob: resized.blob,
        createdAt: new Date().toISOString(),
        attempts: 0,
      });
      setPhotos((list) => [...list, { id, url: URL.createObjectURL(resized.blob) }]);
      await save({ ...latest.current, attachmentIds: [...latest.current.attachmentIds, id] });
    } catch (e) {
      if (!reportStorageError(e))
        setError(t('case.form.photoFailed', { reason: e instanceof Error ? e.message : String(e) }));
    } finally {
      setPhotoBusy(false);
    }
  };

  const removePhoto = async (id: string) => {
    await deleteAttachment(db, id);
    setPhotos((list) => list.filter((p) => p.id !== id));
    await save({ ...latest.current, attachmentIds: latest.current.attachmentIds.filter((a) => a !== id) });
  };

  const toggleLocation = (on: boolean) => {
    if (!on) {
      setLocation('off');
      update({ location: undefined });
      return;
    }
    if (!navigator.geolocation) {
      setLocation('denied');
      return;
    }
    setLocation('pending');
    // Optional and never blocking: the form stays usable while (or if) this fails.
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocation('ok');
        const loc = {
          lat: pos.coords.latitude,
          lng: pos.coords.longitude,
          accuracyM: Math.min(100_000, Math.round(pos.coords.accuracy)),
        };
        void save({ ...latest.current, location: loc });
      },
      () => setLocation('denied'),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };

  const submit = async () => {
    const current = latest.current;
    if (!current.category || !current.subcase) {
      setError(t('case.form.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (!(await save(current))) return;
      const offline = !navigator.onLine;
      const doc = await submitCase(db, {
        draft: current,
        username,
        priority: rule?.priority,
        now: new Date(),
      });
      if (offline) await setKv(db, `submittedOffline:${doc.id}`, '1');
      navigate(`/tech/cases/${doc.id}`, { replace: true });
    } catch (e) {
      if (!reportStorageError(e)) setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="stack" data-testid="case-form">
      <h1>{t('case.form.title', { serial: draft.serialNumber })}</h1>
      {blockingNumber && (
        <div className="banner warn" role="alert">
          {t('case.form.blockingWarning', { number: blockingNumber })}
        </div>
      )}
      <form
        className="card form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          {t('case.form.category')}
          <select
            name="category"
            value={draft.category}
            required
            onChange={(e) => update({ category: e.target.value, subcase: '' })}
          >
            <option value="">—</option>
            {technicianCategories.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('case.form.subcase')}
          <select
            name="subcase"
            value={draft.subcase}
            required
            disabled={!draft.category}
            onChange={(e) => update({ subcase: e.target.value })}
          >
            <option value="">
              {draft.category && subcases.length === 0 ? t('case.form.subcaseNone') : '—'}
            </option>
            {subcases.map((r) => (
              <option key={r.id} value={r.subcase}>
                {r.label || r.subcase}
              </option>
            ))}
          </select>
        </label>
        {rule && preview && (
          <p className="sla-preview" data-testid="sla-preview">
            {t('case.form.slaPreview', { due: dateTime(preview.dueAt) })}
            <br />
            <span className="muted">
              {t('case.form.slaPriority', { priority: rule.priority, minutes: rule.responseMinutes })}
            </span>
          </p>
        )}
        <label>
          {t('case.form.comment')}
          <textarea
            name="description"
            rows={3}
            maxLength={4000}
            value={draft.description}
            onChange={(e) => setDraft({ ...latest.current, description: e.target.value })}
            onBlur={() => update({})}
          />
        </label>
        <label>
          {t('case.form.replacementSerial')}
          <input
            name="replacementSerial"
            value={draft.replacementSerial}
            maxLength={64}
            autoCapitalize="characters"
            autoComplete="off"
            onChange={(e) => setDraft({ ...latest.current, replacementSerial: e.target.value })}
            onBlur={() => update({})}
          />
        </label>
        <button type="button" className="btn small" onClick={() => setScanning(true)}>
          {t('case.form.scanReplacement')}
        </button>
        {scanning && (
          <Suspense fallback={<Loading label={t('tech.scan.loading')} />}>
            <ScannerView
              onResult={(text) => {
                setScanning(false);
                update({ replacementSerial: text.trim() });
              }}
              onCancel={() => setScanning(false)}
              // The replacement must be a known device (the server also requires it in stock).
              check={async (text) => (await getDevice(db, text)) !== null}
            />
          </Suspense>
        )}
        <fieldset>
          <legend>{t('case.form.photos', { count: photos.length, max: MAX_ATTACHMENTS_PER_CASE })}</legend>
          <ul className="thumbs">
            {photos.map((p, i) => (
              <li key={p.id}>
                <img src={p.url} alt="" width={96} height={96} />
                <button type="button" className="btn small" onClick={() => void removePhoto(p.id)}>
                  {t('case.form.removePhoto', { n: i + 1 })}
                </button>
              </li>
            ))}
          </ul>
          {photoBusy && <Loading label={t('case.form.photoProcessing')} />}
          {photos.length < MAX_ATTACHMENTS_PER_CASE && (
            <>
              <button
                type="button"
                className="btn small"
                onClick={() => fileRef.current?.click()}
                disabled={photoBusy}
              >
                {t('case.form.addPhoto')}
              </button>
              <input
                ref={fileRef}
                type="file"
                accept="image/*"
                capture="environment"
                hidden
                data-testid="photo-input"
                aria-label={t('case.form.addPhoto')}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  void addPhoto(file);
                }}
              />
            </>
          )}
        </fieldset>
        <label className="check">
          <input
            type="checkbox"
            checked={location === 'ok' || location === 'pending'}
            onChange={(e) => toggleLocation(e.target.checked)}
          />
          {t('case.form.location')}
        </label>
        {location === 'pending' && <p className="muted">{t('case.form.locationPending')}</p>}
        {location === 'ok' && draft.location && (
          <p className="muted">{t('case.form.locationOk', { accuracy: draft.location.accuracyM })}</p>
        )}
        {location === 'denied' && <p className="muted">{t('case.form.locationDenied')}</p>}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {message && <p role="status">{message}</p>}
        <div className="row">
          <button
            type="button"
            className="btn"
            onClick={() => void save(latest.current).then((ok) => ok && setMessage(t('case.form.saved')))}
          >
            {t('case.form.saveDraft')}
          </button>
          <button type="submit" className="btn primary" disabled={busy}>
            {t('case.form.submit')}
          </button>
        </div>
        <button
          type="button"
          className="btn small link danger"
          onClick={() => void deleteDraft(db, draft.id).then(() => navigate('/tech', { replace: true }))}
        >
          {t('case.form.deleteDraft')}
        </button>
      </form>
    </section>
  );
}
