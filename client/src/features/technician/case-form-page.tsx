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
import {
  MAX_ATTACHMENTS_PER_CASE,
  type TechnicianCaseRequest,
  type TechnicianCategory,
  technicianCaseRequestSchema,
  technicianCategories,
} from '@edc/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PathValue } from 'react-hook-form';
import { ActionBar } from '../../components/action-bar.tsx';
import { ChoiceChips } from '../../components/chip.tsx';
import { ConfirmDialog } from '../../components/dialog.tsx';
import { subcaseLabel } from '../../components/enum-labels.ts';
import { EnumSelect } from '../../components/enum-select.tsx';
import { Field } from '../../components/field.tsx';
import { useZodForm } from '../../components/form.tsx';
import { Icon, type IconName } from '../../components/icon.tsx';
import { PhotoPicker } from '../../components/photo-picker.tsx';
import { SlaPreview } from '../../components/sla-preview.tsx';
import { ErrorState, Loading } from '../../components/state-views.tsx';
import { showToast, useUndoToast } from '../../components/toast.tsx';
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
  putDraft,
  setKv,
  storeJpeg,
  submitCase,
} from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { resizePhoto } from '../../lib/image-resize.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { useDb, useSession } from '../../shell/providers.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { navigate, useSearchParam } from '../../shell/router.tsx';
import { reportStorageError } from '../../shell/storage.ts';
import { useLookup } from '../../shell/use-lookup.ts';
import { useObservable } from '../../shell/use-observable.ts';
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
  const { t } = useI18n();
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

/** The typed and picked fields; `technicianCaseRequestSchema` (shared) checks what they make. */
type CaseValues = {
  category: TechnicianCategory | '';
  subcase: string;
  description: string;
  replacementSerial: string;
};

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
}: {
  device: DeviceDoc;
  savedDraft: DraftRecord | null;
  /** The catalogue read with the device, so the first render already has the subcases. */
  initialRules: Rules;
  holidays: string[];
  blockingNumber: string | null;
  username: string;
  memory: Memory;
}) {
  const { t } = useI18n();
  const db = useDb();
  // Live: a rule that replication brings after the form opened must reach the picker.
  const rules = useObservable(() => observeSlaRules(db), initialRules, [db]);
  const [initial] = useState<DraftRecord>(() => savedDraft ?? newDraft(device));
  const noSubcases = useRef(false);
  const form = useZodForm({
    schema: technicianCaseRequestSchema,
    defaultValues: {
      category: isTechnicianCategory(initial.category) ? initial.category : '',
      subcase: initial.subcase,
      description: initial.description,
      replacementSerial: initial.replacementSerial,
    },
    toRequest: (v: CaseValues) => ({
      category: v.category || undefined,
      subcase: v.subcase || undefined,
      description: v.description,
      replacementSerial: v.replacementSerial.trim() || undefined,
    }),
    // Read at each check: with no catalogue for the category yet, say so rather than "choose".
    requiredMessages: () => ({
      category: 'case.form.categoryRequired',
      subcase: noSubcases.current ? 'case.form.subcaseNone' : 'case.form.subcaseRequired',
    }),
  });
  const { errors } = form.formState;
  const [category, subcase] = form.watch(['category', 'subcase']);
  /** A value set by a tap or by code (chips, pickers, the scanner, the proposal). */
  const set = <K extends keyof CaseValues>(name: K, value: PathValue<CaseValues, K>) =>
    form.setValue(name, value, { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
  // The draft's other parts (device, photos, location, times); the typed fields live in the
  // form and are merged in on every save.
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
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [location, setLocation] = useState<LocationState>(initial.location ? 'ok' : 'off');
  const [scanning, setScanning] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

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

  const subcases = useMemo(() => rules.filter((r) => r.category === category), [rules, category]);
  noSubcases.current = subcases.length === 0;
  const rule = subcases.find((r) => r.subcase === subcase) ?? null;

  // A catalogue that arrives after the category was picked (first sync still running) still
  // gets its proposal, as long as the technician has not chosen a subcase.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the catalogue for the category changes.
  useEffect(() => {
    const current = form.getValues();
    if (!current.category || current.subcase) return;
    const proposed = propose(current.category);
    if (!proposed) return;
    set('subcase', proposed);
    void save();
  }, [subcases.length]);

  const propose = (category: TechnicianCategory) =>
    proposeSubcase({
      rules: rules.filter((r) => r.category === category),
      lastChoice: memory.lastChoice[category] ?? null,
      history: memory.history[category] ?? [],
    });

  /** The draft as it stands: its other parts with the form's current fields. */
  const current = (patch: Partial<DraftRecord> = {}): DraftRecord => ({
    ...latest.current,
    ...form.getValues(),
    ...patch,
  });
  /** Saves the draft locally (every change: a closed app or a flat battery loses nothing). */
  const save = async (patch: Partial<DraftRecord> = {}): Promise<boolean> => {
    const stamped = { ...current(patch), updatedAt: new Date().toISOString() };
    setDraft(stamped);
    try {
      await putDraft(db, stamped);
      return true;
    } catch (e) {
      if (!reportStorageError(e)) setFormError(String(e));
      return false;
    }
  };

  const pickCategory = (next: TechnicianCategory) => {
    form.clearErrors();
    set('category', next);
    set('subcase', propose(next));
    void save();
  };

  const addPhoto = async (file: File | undefined) => {
    if (!file || latest.current.attachmentIds.length >= MAX_ATTACHMENTS_PER_CASE) return;
    setPhotoBusy(true);
    setFormError(null);
    try {
      const resized = await resizePhoto(file);
      const id = await storeJpeg(db, latest.current.id, 'draft', resized.blob);
      setPhotos((list) => [...list, { id, url: URL.createObjectURL(resized.blob) }]);
      await save({ attachmentIds: [...latest.current.attachmentIds, id] });
    } catch (e) {
      if (!reportStorageError(e))
        setFormError(t('case.form.photoFailed', { reason: e instanceof Error ? e.message : String(e) }));
    } finally {
      setPhotoBusy(false);
    }
  };

  // Removing a photo offers "Urungkan" (a retake on site may be impossible): the picture is
  // kept in memory while the toast shows and stored again on undo.
  const { offerUndo } = useUndoToast();
  const removePhoto = async (id: string) => {
    const record = await getAttachment(db, id);
    await deleteAttachment(db, id);
    setPhotos((list) => list.filter((p) => p.id !== id));
    await save({ attachmentIds: latest.current.attachmentIds.filter((a) => a !== id) });
    if (!record) return;
    offerUndo(t('case.form.photoRemoved'), () => void restorePhoto(record.blob));
  };
  const restorePhoto = async (blob: Blob) => {
    if (latest.current.attachmentIds.length >= MAX_ATTACHMENTS_PER_CASE) return;
    const id = await storeJpeg(db, latest.current.id, 'draft', blob);
    setPhotos((list) => [...list, { id, url: URL.createObjectURL(blob) }]);
    await save({ attachmentIds: [...latest.current.attachmentIds, id] });
  };

  const toggleLocation = (on: boolean) => {
    if (!on) {
      setLocation('off');
      void save({ location: undefined });
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
        void save({ location: loc });
      },
      () => setLocation('denied'),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };

  const submit = async (request: TechnicianCaseRequest) => {
    setBusy(true);
    setFormError(null);
    try {
      const draftNow = current({
        category: request.category,
        subcase: request.subcase,
        description: request.description,
        replacementSerial: request.replacementSerial ?? '',
      });
      if (!(await save(draftNow))) return;
      const offline = !navigator.onLine;
      const doc = await submitCase(db, {
        draft: draftNow,
        username,
        priority: rule?.priority,
        now: new Date(),
      });
      if (offline) await setKv(db, `submittedOffline:${doc.id}`, '1');
      // Remembered for the next case of this category (the proposal).
      await setKv(db, lastSubcaseKey(request.category), request.subcase);
      navigate(`/tech/cases/${doc.id}`, { replace: true });
    } catch (e) {
      if (!reportStorageError(e)) setFormError(e instanceof Error ? e.message : String(e));
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
      <form id="case-form" className="form" noValidate onSubmit={form.handleSubmit(submit)}>
        <ChoiceChips
          name="category"
          legend={t('case.form.category')}
          options={categoryOptions}
          value={category}
          onChange={pickCategory}
          error={errors.category?.message}
          testId="category-choice"
        />
        {/* Until a request type is chosen the picker is off, and its "choose" would be noise. */}
        <Field label={t('case.form.subcase')} error={category ? errors.subcase : undefined}>
          {(p) => (
            <EnumSelect
              {...p}
              name="subcase"
              value={subcase}
              disabled={!category}
              emptyLabel={category && subcases.length === 0 ? t('case.form.subcaseNone') : '—'}
              options={subcases.map((r) => r.subcase)}
              optionLabel={(code) => {
                const r = subcases.find((x) => x.subcase === code);
                return r ? subcaseLabel(t, r.category, r.subcase, r.label) : code;
              }}
              onChange={(next) => {
                set('subcase', next);
                void save();
              }}
            />
          )}
        </Field>
        {rule && category && (
          <SlaPreview
            rules={rules}
            holidays={holidays}
            submission={{ category, subcase: rule.subcase }}
            submittedBy="technician"
          />
        )}
        <Field label={t('case.form.comment')} error={errors.description}>
          {(p) => (
            <textarea
              {...p}
              rows={2}
              maxLength={4000}
              {...form.register('description', { onBlur: () => void save() })}
            />
          )}
        </Field>
        <Field label={t('case.form.replacementSerial')} error={errors.replacementSerial}>
          {(p) => (
            <div className="input-with-action">
              <input
                {...p}
                maxLength={64}
                autoCapitalize="characters"
                autoComplete="off"
                {...form.register('replacementSerial', { onBlur: () => void save() })}
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
              set('replacementSerial', text.trim());
              void save();
            }}
            onClose={() => setScanning(false)}
            // The replacement must be a known device (the server also requires it in stock).
            check={async (text) => (await getDevice(db, text)) !== null}
          />
        )}
        <PhotoPicker
          photos={photos}
          max={MAX_ATTACHMENTS_PER_CASE}
          busy={photoBusy}
          onAdd={(file) => void addPhoto(file)}
          onRemove={(id) => void removePhoto(id)}
        />
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
        {formError && (
          <p className="form-error" role="alert">
            {formError}
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
          onClick={() => void save().then((ok) => ok && showToast({ message: t('case.form.saved') }))}
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
