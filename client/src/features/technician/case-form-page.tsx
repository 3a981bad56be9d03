/**
 * New case (offline): request type as one-tap chips, the subcase PROPOSED from the
 * technician's last choice or most frequent one (propose-subcase.ts), comment, optional
 * replacement serial (typed or scanned), SLA due-date preview computed on the device with
 * the shared rule, up to 4 evidence photos resized on the device, optional visit location.
 * The draft is saved locally on every change; "Kirim kasus" (always visible in the bottom
 * bar) moves it to the outbox. Nothing here needs the network.
 *
 * Fastest path from the device screen: category chip → "Kirim kasus" (2 taps).
 */
import { MAX_ATTACHMENTS_PER_CASE, type TechnicianCategory, technicianCategories } from '@edc/shared';
import {
  computeSlaDates,
  holidayDateSet,
  INDONESIAN_HOLIDAYS_2025_2027,
  ruleCalendars,
} from '@edc/shared/domain';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ActionBar } from '../../components/action-bar.tsx';
import { ChoiceChips } from '../../components/chip.tsx';
import { ConfirmDialog } from '../../components/dialog.tsx';
import { priorityLabel, subcaseLabel } from '../../components/enum-labels.ts';
import { EnumSelect } from '../../components/enum-select.tsx';
import { Field } from '../../components/field.tsx';
import { Icon, type IconName } from '../../components/icon.tsx';
import { ErrorState, Loading } from '../../components/state-views.tsx';
import { showToast } from '../../components/toast.tsx';
import {
  type DeviceDoc,
  type DraftRecord,
  deleteAttachment,
  deleteDraft,
  findBlockingCase,
  getAttachment,
  getDevice,
  getDraft,
  getKv,
  listHolidays,
  listRecentSubcases,
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
import { lastSubcaseKey, proposeSubcase } from './propose-subcase.ts';
import { ScannerOverlay } from './scanner-overlay.tsx';
import './technician.css';

type LocationState = 'off' | 'pending' | 'ok' | 'denied';
type Memory = { lastChoice: Partial<Record<TechnicianCategory, string>>; history: Record<string, string[]> };

const categoryIcon = {
  replace_device: 'build',
  replace_sam_card: 'edit',
  replace_network_card: 'sync',
  paper_supply: 'list',
} as const satisfies Record<TechnicianCategory, IconName>;

export function CaseFormPage({ params }: ScreenProps) {
  const { t, dateTime } = useI18n();
  const db = useDb();
  const { user } = useSession();
  const serial = params.serial ?? '';
  const draftId = useSearchParam('draft');
  const [loaded, retry] = useLookup(async () => {
    const [device, rules, holidays, draft, subcases, ...last] = await Promise.all([
      getDevice(db, serial),
      listSlaRules(db),
      listHolidays(db),
      draftId ? getDraft(db, draftId) : Promise.resolve(null),
      user ? listRecentSubcases(db, { id: user.id, username: user.username }) : Promise.resolve([]),
      ...technicianCategories.map((c) => getKv(db, lastSubcaseKey(c))),
    ]);
    const blocking = device ? await findBlockingCase(db, device.tid, device.mid) : null;
    const memory: Memory = { lastChoice: {}, history: {} };
    technicianCategories.forEach((c, i) => {
      const value = last[i];
      if (value) memory.lastChoice[c] = value;
    });
    for (const s of subcases) {
      const list = memory.history[s.category] ?? [];
      list.push(s.subcase);
      memory.history[s.category] = list;
    }
    return { device, rules, holidays, draft, blocking, memory };
  }, [db, serial, draftId, user?.id, user?.username]);

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
      memory={loaded.value.memory}
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

function isTechnicianCategory(value: string): value is TechnicianCategory {
  return technicianCategories.some((c) => c === value);
}

function CaseForm({
  device,
  savedDraft,
  initialRules,
  holidays,
  blockingNumber,
  username,
  memory,
  dateTime,
}: {
  device: DeviceDoc;
  savedDraft: DraftRecord | null;
  /** The catalogue read with the device, so the first render already has the subcases. */
  initialRules: Rules;
  holidays: string[];
  blockingNumber: string | null;
  username: string;
  memory: Memory;
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
  const [errors, setErrors] = useState<{ category?: string; subcase?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const [location, setLocation] = useState<LocationState>(initial.location ? 'ok' : 'off');
  const [scanning, setScanning] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
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
      // The server's calendar of the rule's priority, replicated with the rule (issue 15).
      priority: rule.priority,
      calendars: ruleCalendars(rule),
    });
  }, [rule, holidays]);

  // A catalogue that arrives after the category was picked (first sync still running) still
  // gets its proposal, as long as the technician has not chosen a subcase.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the catalogue for the category changes.
  useEffect(() => {
    const current = latest.current;
    if (!isTechnicianCategory(current.category) || current.subcase) return;
    const proposed = propose(current.category);
    if (proposed) update({ subcase: proposed });
  }, [subcases.length]);

  const propose = (category: TechnicianCategory) =>
    proposeSubcase({
      rules: rules.filter((r) => r.category === category),
      lastChoice: memory.lastChoice[category] ?? null,
      history: memory.history[category] ?? [],
    });

  const save = async (next: DraftRecord): Promise<boolean> => {
    const stamped = { ...next, updatedAt: new Date().toISOString() };
    setDraft(stamped);
    try {
      await putDraft(db, stamped);
      return true;
    } catch (e) {
      if (!reportStorageError(e)) setErrors({ form: String(e) });
      return false;
    }
  };
  const update = (patch: Partial<DraftRecord>) => void save({ ...latest.current, ...patch });

  const pickCategory = (category: TechnicianCategory) => {
    setErrors({});
    update({ category, subcase: propose(category) });
  };

  const addPhoto = async (file: File | undefined) => {
    if (!file || latest.current.attachmentIds.length >= MAX_ATTACHMENTS_PER_CASE) return;
    setPhotoBusy(true);
    setErrors({});
    try {
      const resized = await resizePhoto(file);
      const id = uuidv7();
      await putAttachment(db, {
        id,
        caseId: latest.current.id,
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
        setErrors({
          form: t('case.form.photoFailed', { reason: e instanceof Error ? e.message : String(e) }),
        });
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
    // The app's own messages, next to the field they concern (the form is noValidate).
    const missing: typeof errors = {};
    if (!current.category) missing.category = t('case.form.categoryRequired');
    else if (!current.subcase)
      missing.subcase = subcases.length === 0 ? t('case.form.subcaseNone') : t('case.form.subcaseRequired');
    if (missing.category || missing.subcase) {
      setErrors(missing);
      return;
    }
    setBusy(true);
    setErrors({});
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
      // Remembered for the next case of this category (the proposal).
      await setKv(db, lastSubcaseKey(current.category), current.subcase);
      navigate(`/tech/cases/${doc.id}`, { replace: true });
    } catch (e) {
      if (!reportStorageError(e)) setErrors({ form: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  const removeDraft = async () => {
    setConfirmDelete(false);
    await deleteDraft(db, latest.current.id);
    showToast({ message: t('case.form.draftDeleted') });
    navigate('/tech', { replace: true });
  };

  const categoryOptions = technicianCategories.map((c) => ({
    value: c,
    label: t(`category.${c}`),
    icon: categoryIcon[c],
  }));

  return (
    <section className="stack case-form" data-testid="case-form">
      <p className="muted case-form-device">
        {t('case.form.device', { serial: draft.serialNumber, tid: draft.tid })}
      </p>
      {blockingNumber && (
        <div className="banner warn" role="alert">
          <Icon name="warning" size={20} />
          <span>{t('case.form.blockingWarning', { number: blockingNumber })}</span>
        </div>
      )}
      <form
        id="case-form"
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <ChoiceChips
          name="category"
          legend={t('case.form.category')}
          options={categoryOptions}
          value={isTechnicianCategory(draft.category) ? draft.category : ''}
          onChange={pickCategory}
          error={errors.category}
          testId="category-choice"
        />
        <Field label={t('case.form.subcase')} error={errors.subcase}>
          {(p) => (
            <EnumSelect
              {...p}
              name="subcase"
              value={draft.subcase}
              disabled={!draft.category}
              emptyLabel={draft.category && subcases.length === 0 ? t('case.form.subcaseNone') : '—'}
              options={subcases.map((r) => r.subcase)}
              optionLabel={(code) => {
                const r = subcases.find((x) => x.subcase === code);
                return r ? subcaseLabel(t, r.category, r.subcase, r.label) : code;
              }}
              onChange={(subcase) => {
                setErrors({});
                update({ subcase });
              }}
            />
          )}
        </Field>
        {rule && preview && (
          <p className="sla-preview" data-testid="sla-preview">
            {t('case.form.slaPreview', { due: dateTime(preview.dueAt) })}
            <br />
            {t('case.form.slaPriority', {
              priority: priorityLabel(t, rule.priority),
              minutes: rule.responseMinutes,
            })}
          </p>
        )}
        <Field label={t('case.form.comment')}>
          {(p) => (
            <textarea
              {...p}
              name="description"
              rows={2}
              maxLength={4000}
              value={draft.description}
              onChange={(e) => setDraft({ ...latest.current, description: e.target.value })}
              onBlur={() => update({})}
            />
          )}
        </Field>
        <Field label={t('case.form.replacementSerial')}>
          {(p) => (
            <div className="input-with-action">
              <input
                {...p}
                name="replacementSerial"
                value={draft.replacementSerial}
                maxLength={64}
                autoCapitalize="characters"
                autoComplete="off"
                onChange={(e) => setDraft({ ...latest.current, replacementSerial: e.target.value })}
                onBlur={() => update({})}
              />
              <button
                type="button"
                className="icon-btn tonal-icon"
                aria-label={t('case.form.scanReplacement')}
                onClick={() => setScanning(true)}
              >
                <Icon name="barcode" />
              </button>
            </div>
          )}
        </Field>
        {scanning && (
          <ScannerOverlay
            title={t('case.form.scanReplacement')}
            onResult={(text) => {
              setScanning(false);
              update({ replacementSerial: text.trim() });
            }}
            onClose={() => setScanning(false)}
            // The replacement must be a known device (the server also requires it in stock).
            check={async (text) => (await getDevice(db, text)) !== null}
          />
        )}
        <fieldset className="photos">
          <legend className="field-label">
            {t('case.form.photos', { count: photos.length, max: MAX_ATTACHMENTS_PER_CASE })}
          </legend>
          {photos.length > 0 && (
            <ul className="thumbs">
              {photos.map((p, i) => (
                <li key={p.id}>
                  <img src={p.url} alt={t('case.form.photoAlt', { n: i + 1 })} width={88} height={88} />
                  <button
                    type="button"
                    className="btn text small"
                    onClick={() => void removePhoto(p.id)}
                    aria-label={t('case.form.removePhoto', { n: i + 1 })}
                  >
                    <Icon name="delete" size={18} />
                    {t('case.form.removeShort')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {photoBusy && <Loading label={t('case.form.photoProcessing')} />}
          {photos.length < MAX_ATTACHMENTS_PER_CASE && (
            <>
              <button
                type="button"
                className="btn"
                onClick={() => fileRef.current?.click()}
                disabled={photoBusy}
              >
                <Icon name="camera" size={20} />
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
        <label className="check switch-row">
          <input
            type="checkbox"
            role="switch"
            aria-checked={location === 'ok' || location === 'pending'}
            checked={location === 'ok' || location === 'pending'}
            onChange={(e) => toggleLocation(e.target.checked)}
          />
          <Icon name="location" size={20} />
          <span>{t('case.form.location')}</span>
        </label>
        {location === 'pending' && <p className="muted">{t('case.form.locationPending')}</p>}
        {location === 'ok' && draft.location && (
          <p className="muted">{t('case.form.locationOk', { accuracy: draft.location.accuracyM })}</p>
        )}
        {location === 'denied' && <p className="muted">{t('case.form.locationDenied')}</p>}
        {errors.form && (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        )}
        <button
          type="button"
          className="btn text danger delete-draft"
          onClick={() => setConfirmDelete(true)}
          data-testid="delete-draft"
        >
          <Icon name="delete" size={20} />
          {t('case.form.deleteDraft')}
        </button>
      </form>
      <ActionBar testId="case-form-actions">
        <button
          type="button"
          className="btn"
          onClick={() =>
            void save(latest.current).then((ok) => ok && showToast({ message: t('case.form.saved') }))
          }
        >
          {t('case.form.saveDraft')}
        </button>
        <button type="submit" form="case-form" className="btn primary" disabled={busy}>
          <Icon name="upload" size={20} />
          {t('case.form.submit')}
        </button>
      </ActionBar>
      {confirmDelete && (
        <ConfirmDialog
          title={t('case.form.deleteTitle')}
          body={t('case.form.deleteBody')}
          confirmLabel={t('case.form.deleteConfirm')}
          cancelLabel={t('common.cancel')}
          onConfirm={() => void removeDraft()}
          onCancel={() => setConfirmDelete(false)}
          testId="delete-draft-confirm"
        />
      )}
    </section>
  );
}
