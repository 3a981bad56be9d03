/**
 * File a complaint in free text. As the merchant types, the offline classifier suggests a
 * category, urgency and subcase. A confident suggestion pre-fills the pickers only while
 * the merchant has not chosen themselves (and says so); a low-confidence one is shown as
 * a suggestion with a "use it" button and is never applied on its own. Optional terminal
 * from the merchant's own devices (local data). Saved to the same outbox as a
 * technician's case, so it works offline; the case page then shows the number or the
 * rejection.
 */
import {
  type Category,
  type ComplaintRequest,
  categories,
  complaintRequestSchema,
  MAX_ATTACHMENTS_PER_CASE,
  type Priority,
  priorities,
  technicianCategories,
} from '@edc/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PathValue } from 'react-hook-form';
import { ActionBar } from '../../components/action-bar.tsx';
import { useOnline } from '../../components/app-layout.tsx';
import { subcaseLabel } from '../../components/enum-labels.ts';
import { EnumSelect } from '../../components/enum-select.tsx';
import { Field } from '../../components/field.tsx';
import { useZodForm } from '../../components/form.tsx';
import { Icon } from '../../components/icon.tsx';
import { Modal } from '../../components/modal.tsx';
import { PhotoPicker, type PickedPhoto } from '../../components/photo-picker.tsx';
import { SlaPreview } from '../../components/sla-preview.tsx';
import { ErrorState, Loading } from '../../components/state-views.tsx';
import { showToast, useUndoToast } from '../../components/toast.tsx';
import {
  addClientEvent,
  type CaseDoc,
  type DeviceDoc,
  deleteAttachment,
  findBlockingCase,
  getAttachment,
  listDevicesOfMid,
  listHolidays,
  listSlaRules,
  movePhotosToCase,
  observeSlaRules,
  type SlaRuleDoc,
  setKv,
  storeJpeg,
  submitComplaint,
} from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { resizePhoto } from '../../lib/image-resize.ts';
import { uuidv4, uuidv7 } from '../../lib/uuid.ts';
import { useDb, useSession } from '../../shell/providers.tsx';
import { Link, navigate } from '../../shell/router.tsx';
import { reportStorageError } from '../../shell/storage.ts';
import { useLookup } from '../../shell/use-lookup.ts';
import { useObservable } from '../../shell/use-observable.ts';
import { recordDeflection } from '../../sync/faq-deflections.ts';
import { FaqOffer } from './faq-offer.tsx';
import { type Suggestion, useClassifier } from './use-classifier.ts';
import './merchant.css';

const FIELD_CATEGORIES: ReadonlySet<Category> = new Set(technicianCategories);

function suggestionKey(s: Suggestion): string {
  return `${s.text}|${s.category}|${s.urgency}|${s.subcase ?? ''}`;
}

export function ComplaintPage() {
  const { t } = useI18n();
  const db = useDb();
  const { user } = useSession();
  const mid = user?.mid ?? '';
  const [loaded, retry] = useLookup(async () => {
    const [devices, rules, holidays] = await Promise.all([
      listDevicesOfMid(db, mid),
      listSlaRules(db),
      listHolidays(db),
    ]);
    return { devices, rules, holidays: holidays.map((h) => h.date) };
  }, [db, mid]);
  if (loaded.status === 'loading') return <Loading label={t('app.loading')} />;
  if (loaded.status === 'error')
    return (
      <ErrorState onRetry={retry} retryLabel={t('common.retry')}>
        {loaded.error.message}
      </ErrorState>
    );
  return (
    <ComplaintForm
      devices={loaded.value.devices}
      initialRules={loaded.value.rules}
      holidays={loaded.value.holidays}
      mid={mid}
      username={user?.username ?? ''}
    />
  );
}

/** Where the value of a picker came from: the merchant, or the classifier's suggestion. */
type Source = 'none' | 'user' | 'suggested';

/** The form's fields; `complaintRequestSchema` (shared) checks what they make. */
type ComplaintValues = {
  description: string;
  category: Category | '';
  subcase: string;
  priority: Priority | '';
  serial: string;
  contactPhone: string;
};

function ComplaintForm({
  devices,
  initialRules,
  holidays,
  mid,
  username,
}: {
  devices: DeviceDoc[];
  /** The catalogue read at mount, so the first render already has the subcases. */
  initialRules: SlaRuleDoc[];
  /** Local holiday dates for the due-date preview. */
  holidays: string[];
  mid: string;
  username: string;
}) {
  const { t } = useI18n();
  const db = useDb();
  const { api } = useSession();
  // Live: a rule that replication brings after the form opened must reach the picker.
  const rules = useObservable(() => observeSlaRules(db), initialRules, [db]);
  const form = useZodForm({
    schema: complaintRequestSchema,
    defaultValues: { description: '', category: '', subcase: '', priority: '', serial: '', contactPhone: '' },
    toRequest: (v: ComplaintValues) => ({
      description: v.description,
      category: v.category || undefined,
      subcase: v.subcase || undefined,
      priority: v.priority || undefined,
      serialNumber: v.serial || undefined,
      contactPhone: v.contactPhone.trim() || undefined,
    }),
    aliases: { serialNumber: 'serial' },
    requiredMessages: {
      description: 'merchant.complaint.descriptionRequired',
      category: 'merchant.complaint.categoryRequired',
    },
  });
  const { errors, isSubmitted } = form.formState;
  const [description, category, subcase, priority, serial] = form.watch([
    'description',
    'category',
    'subcase',
    'priority',
    'serial',
  ]);
  /** A picker's value set by code or by a tap; re-checked once a submit has shown errors. */
  const set = <K extends 'category' | 'subcase' | 'priority' | 'serial'>(
    name: K,
    value: PathValue<ComplaintValues, K>,
  ) => form.setValue(name, value, { shouldDirty: true, shouldValidate: isSubmitted });
  const [source, setSource] = useState<Source>('none');
  const [appliedKey, setAppliedKey] = useState<string | null>(null);
  const [blocking, setBlocking] = useState<CaseDoc | null>(null);
  const [deviceError, setDeviceError] = useState<DeviceDoc | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The complaint's id from the start: its photos are stored under it before it is sent.
  const [caseId] = useState(uuidv7);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [photoBusy, setPhotoBusy] = useState(false);
  // Photos of a complaint that was never sent are dropped when the form closes (no draft
  // keeps them, unlike a technician's case); sent ones belong to the outbox.
  const unsent = useRef<PickedPhoto[]>([]);
  unsent.current = photos;
  const sent = useRef(false);
  useEffect(
    () => () => {
      for (const p of unsent.current) {
        URL.revokeObjectURL(p.url);
        if (!sent.current) void deleteAttachment(db, p.id).catch(() => undefined);
      }
    },
    [db],
  );
  const online = useOnline();
  const classifier = useClassifier(description);
  const suggestion = classifier.status === 'ready' ? classifier.suggestion : null;

  const device = devices.find((d) => d.serialNumber === serial) ?? null;
  const subcases = useMemo(() => rules.filter((r) => r.category === category), [rules, category]);

  // The SLA catalogue decides the priority of a catalogued subcase (the server applies the
  // rule's priority), so the urgency picker follows it there and is the merchant's own
  // choice only for a general ("umum") complaint. Showing anything else would be a lie.
  const rule = subcases.find((r) => r.subcase === subcase) ?? null;
  const effectivePriority: Priority | '' = rule ? rule.priority : priority;

  const apply = (s: Suggestion) => {
    const known = s.subcase && rules.some((r) => r.category === s.category && r.subcase === s.subcase);
    set('category', s.category);
    set('priority', s.urgency);
    set('subcase', known && s.subcase ? s.subcase : '');
    setSource('suggested');
    setAppliedKey(suggestionKey(s));
  };

  // A confident suggestion pre-fills only while the merchant has not chosen themselves;
  // the form says it was suggested and every picker stays editable. Low confidence: never
  // applied here, only through the "use it" button.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run on a new suggestion only.
  useEffect(() => {
    if (!suggestion || suggestion.lowConfidence || source === 'user') return;
    if (suggestionKey(suggestion) === appliedKey) return;
    apply(suggestion);
  }, [suggestion]);

  // Local hint of rule 2 for the chosen terminal (the server still decides).
  useEffect(() => {
    let live = true;
    if (!device) {
      setBlocking(null);
      return;
    }
    void findBlockingCase(db, device.tid, device.mid).then((found) => live && setBlocking(found));
    return () => {
      live = false;
    };
  }, [db, device]);

  // Same path as a technician's photos: resized on the phone, kept in the local store as a
  // draft, uploaded by the sync engine once the server has answered the case.
  const addPhoto = async (file: File) => {
    if (photos.length >= MAX_ATTACHMENTS_PER_CASE) return;
    setPhotoBusy(true);
    setError(null);
    try {
      const resized = await resizePhoto(file);
      const id = await storeJpeg(db, caseId, 'draft', resized.blob);
      setPhotos((list) => [...list, { id, url: URL.createObjectURL(resized.blob) }]);
    } catch (e) {
      if (!reportStorageError(e))
        setError(t('case.form.photoFailed', { reason: e instanceof Error ? e.message : String(e) }));
    } finally {
      setPhotoBusy(false);
    }
  };
  // Removing a photo offers "Urungkan", as on the technician's case form: the picture is
  // kept in memory while the toast shows and stored again on undo.
  const { offerUndo } = useUndoToast();
  const removePhoto = async (id: string) => {
    const record = await getAttachment(db, id);
    await deleteAttachment(db, id);
    setPhotos((list) => {
      const gone = list.find((p) => p.id === id);
      if (gone) URL.revokeObjectURL(gone.url);
      return list.filter((p) => p.id !== id);
    });
    if (!record) return;
    offerUndo(t('case.form.photoRemoved'), () => void restorePhoto(record.blob));
  };
  const restorePhoto = async (blob: Blob) => {
    if (sent.current || unsent.current.length >= MAX_ATTACHMENTS_PER_CASE) return;
    const id = await storeJpeg(db, caseId, 'draft', blob);
    setPhotos((list) => [...list, { id, url: URL.createObjectURL(blob) }]);
  };

  const submit = async (request: ComplaintRequest) => {
    // Rule 1 on the device, as the technician app does: a replacement is only for a
    // terminal in operation (seed 000 Table 2 row 21) — say so before anything is queued.
    if (device && FIELD_CATEGORIES.has(request.category) && device.status !== 'on_operation') {
      setDeviceError(device);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const offline = !navigator.onLine;
      const doc = await submitComplaint(db, {
        id: caseId,
        attachmentIds: photos.map((p) => p.id),
        category: request.category,
        subcase: request.subcase,
        priority: effectivePriority || undefined,
        description: request.description,
        mid,
        serialNumber: device?.serialNumber,
        tid: device?.tid,
        contactPhone: request.contactPhone,
        username,
        now: new Date(),
      });
      sent.current = true;
      if (offline) await setKv(db, `submittedOffline:${doc.id}`, '1');
      navigate(`/merchant/cases/${doc.id}`, { replace: true });
    } catch (e) {
      if (!reportStorageError(e)) setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  // Rule 2 would reject a second case for this terminal: the text and the photos go to the
  // open case as a message instead (issue 14), and the merchant lands on that case.
  const addToOpenCase = async (open: CaseDoc) => {
    // Only the text matters here (the open case has its category already).
    if (!(await form.trigger('description', { shouldFocus: true }))) return;
    setBusy(true);
    setError(null);
    try {
      const attachmentIds = photos.map((p) => p.id);
      // Photos first: were the message lost to a crash in between, they would still reach
      // the case instead of being deleted with the unsent complaint.
      await movePhotosToCase(db, attachmentIds, open.id);
      sent.current = true;
      await addClientEvent(db, {
        caseId: open.id,
        type: 'comment',
        note: form.getValues('description').trim(),
        attachmentIds,
        username,
        now: new Date(),
      });
      navigate(`/merchant/cases/${open.id}`, { replace: true });
    } catch (e) {
      if (!reportStorageError(e)) setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  // "This solved it": counted (queued when offline), and nothing is sent.
  const solved = async (articleId: string) => {
    try {
      await recordDeflection(api, db, { id: uuidv4(), articleId, ...(category ? { category } : {}) });
    } catch (e) {
      if (!reportStorageError(e)) setError(e instanceof Error ? e.message : String(e));
      return;
    }
    showToast({ message: t('faq.solvedThanks') });
    navigate('/merchant', { replace: true });
  };

  const pick = (patch: () => void) => {
    patch();
    setSource('user');
  };

  return (
    <section className="stack merchant" data-testid="complaint-form">
      <form id="complaint-form" className="form" noValidate onSubmit={form.handleSubmit(submit)}>
        <Field
          label={t('merchant.complaint.description')}
          hint={t('merchant.complaint.hint')}
          error={errors.description}
        >
          {(p) => <textarea {...p} rows={4} maxLength={4000} {...form.register('description')} />}
        </Field>
        <SuggestionBox
          state={classifier.status}
          suggestion={suggestion}
          applied={source === 'suggested' && suggestion !== null && suggestionKey(suggestion) === appliedKey}
          onUse={(s) => apply(s)}
        />
        <FaqOffer
          text={description}
          category={category || suggestion?.category || null}
          onSolved={(a) => void solved(a.id)}
        />
        <Field label={t('merchant.complaint.category')} error={errors.category}>
          {(p) => (
            <EnumSelect
              {...p}
              name="category"
              value={category}
              data-source={source}
              emptyLabel="—"
              options={categories}
              optionLabel={(c) => t(`category.${c}`)}
              onChange={(next) =>
                pick(() => {
                  set('category', next);
                  set('subcase', '');
                })
              }
            />
          )}
        </Field>
        <Field label={t('merchant.complaint.subcase')}>
          {(p) => (
            <EnumSelect
              {...p}
              name="subcase"
              value={subcase}
              disabled={!category}
              emptyLabel={t('merchant.complaint.subcaseAny')}
              options={subcases.map((r) => r.subcase)}
              optionLabel={(code) => {
                const r = subcases.find((x) => x.subcase === code);
                return r ? subcaseLabel(t, r.category, r.subcase, r.label) : code;
              }}
              onChange={(next) => pick(() => set('subcase', next))}
            />
          )}
        </Field>
        <Field label={t('merchant.complaint.urgency')}>
          {(p) => (
            <EnumSelect
              {...p}
              name="priority"
              value={effectivePriority}
              disabled={rule !== null}
              emptyLabel="—"
              options={priorities}
              optionLabel={(v) => t(`merchant.priority.${v}`)}
              onChange={(next) => pick(() => set('priority', next))}
            />
          )}
        </Field>
        {rule && (
          <p className="muted" data-testid="urgency-from-catalogue">
            {t('merchant.complaint.urgencyFromCatalogue')}
          </p>
        )}
        {category && (
          <SlaPreview
            rules={rules}
            holidays={holidays}
            submission={{
              category,
              subcase: subcase || undefined,
              priority: effectivePriority || undefined,
            }}
            submittedBy="merchant"
          />
        )}
        <Field label={t('merchant.complaint.terminal')}>
          {(p) => (
            <EnumSelect
              {...p}
              name="terminal"
              value={serial}
              emptyLabel={t('merchant.complaint.noTerminal')}
              options={devices.map((d) => d.serialNumber)}
              optionLabel={(sn) => {
                const d = devices.find((x) => x.serialNumber === sn);
                return d
                  ? t('merchant.complaint.terminalOption', {
                      serial: d.serialNumber,
                      tid: d.tid,
                      status: t(`status.device.${d.status}`),
                    })
                  : sn;
              }}
              onChange={(next) => set('serial', next)}
            />
          )}
        </Field>
        <Field
          label={t('merchant.complaint.contactPhone')}
          hint={t('merchant.complaint.contactPhoneHint')}
          error={errors.contactPhone}
        >
          {(p) => (
            <input
              {...p}
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              maxLength={24}
              {...form.register('contactPhone')}
            />
          )}
        </Field>
        <PhotoPicker
          photos={photos}
          max={MAX_ATTACHMENTS_PER_CASE}
          busy={photoBusy}
          onAdd={(file) => void addPhoto(file)}
          onRemove={(id) => void removePhoto(id)}
        />
        {blocking && (
          <div className="banner warn stack" role="alert" data-testid="complaint-blocking">
            <p>
              {t('merchant.complaint.blockingWarning', {
                number: blocking.caseNumber ?? t('cases.waiting'),
              })}{' '}
              <Link
                className="btn text"
                href={`/merchant/cases/${blocking.id}`}
                data-testid="blocking-case-link"
              >
                {t('merchant.complaint.openBlocking', { number: blocking.caseNumber ?? t('cases.waiting') })}
              </Link>
            </p>
            <button
              type="button"
              className="btn primary"
              data-testid="add-to-open-case"
              disabled={busy}
              onClick={() => void addToOpenCase(blocking)}
            >
              {t('merchant.complaint.addToCase', { number: blocking.caseNumber ?? t('cases.waiting') })}
            </button>
          </div>
        )}
        {!online && (
          <p className="muted" data-testid="complaint-offline">
            {t('merchant.complaint.offlineNote')}
          </p>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
      <ActionBar>
        <button type="submit" form="complaint-form" className="btn primary" disabled={busy}>
          <Icon name="upload" size={20} />
          {t('merchant.complaint.submit')}
        </button>
      </ActionBar>
      {deviceError && (
        <Modal
          tone="error"
          title={t('merchant.complaint.deviceErrorTitle')}
          onClose={() => setDeviceError(null)}
          testId="complaint-device-error"
          actions={
            <button type="button" className="btn primary" onClick={() => setDeviceError(null)}>
              {t('tech.device.close')}
            </button>
          }
        >
          <p>
            {t('merchant.complaint.deviceErrorBody', {
              serial: deviceError.serialNumber,
              status: t(`status.device.${deviceError.status}`),
            })}
          </p>
        </Modal>
      )}
    </section>
  );
}

function SuggestionBox({
  state,
  suggestion,
  applied,
  onUse,
}: {
  state: 'loading' | 'ready' | 'unavailable';
  suggestion: Suggestion | null;
  applied: boolean;
  onUse: (s: Suggestion) => void;
}) {
  const { t } = useI18n();
  if (state === 'loading') return <p className="muted">{t('merchant.complaint.classifierLoading')}</p>;
  if (state === 'unavailable')
    return <p className="muted">{t('merchant.complaint.classifierUnavailable')}</p>;
  if (!suggestion) return null;
  return (
    <div
      className={`suggestion ${suggestion.lowConfidence ? 'low' : 'high'}`}
      data-testid="classifier-suggestion"
      data-category={suggestion.category}
      data-urgency={suggestion.urgency}
      data-low-confidence={suggestion.lowConfidence}
      data-applied={applied}
      aria-live="polite"
    >
      <p>
        {t('merchant.complaint.suggestion', {
          category: t(`category.${suggestion.category}`),
          urgency: t(`merchant.priority.${suggestion.urgency}`),
        })}{' '}
        <span className="muted">
          {t('merchant.complaint.confidence', { percent: Math.round(suggestion.confidence * 100) })}
        </span>
      </p>
      {suggestion.lowConfidence && <p>{t('merchant.complaint.lowConfidence')}</p>}
      {applied ? (
        <p className="muted">{t('merchant.complaint.applied')}</p>
      ) : (
        <button type="button" className="btn small" onClick={() => onUse(suggestion)}>
          {t('merchant.complaint.useSuggestion')}
        </button>
      )}
    </div>
  );
}
