/**
 * On-site work on an assigned job, offline (DESIGN section 9): arrived (time + optional
 * GPS), started, more photos, the replacement serial (typed or scanned), what was done,
 * the merchant's signature and name, resolved. Each action is a `case_events` row in the
 * outbox; the server applies `started` / `resolved` with the desk's rules, and a refused
 * one is shown on the case with its reason (db/work-queries.ts `listRefusals`).
 */
import { caseEventSchema, onSiteEventDataSchema, SIGNER_NAME_MAX } from '@edc/shared';
import { useRef, useState } from 'react';
import { z } from 'zod';
import { Field } from '../../components/field.tsx';
import { useZodForm } from '../../components/form.tsx';
import { Icon } from '../../components/icon.tsx';
import { refusalText } from '../../components/refusal-text.tsx';
import { SignaturePad, type SignaturePadHandle } from '../../components/signature-pad.tsx';
import { showToast, useUndoToast } from '../../components/toast.tsx';
import {
  addOnSiteEvent,
  type CaseDoc,
  type CaseEventDoc,
  findDevice,
  type Refusal,
  storeJpeg,
} from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { resizePhoto } from '../../lib/image-resize.ts';
import { useDb } from '../../shell/providers.tsx';
import { reportStorageError } from '../../shell/storage.ts';
import { ScannerOverlay } from './scanner-overlay.tsx';

type Geo = { lat: number; lng: number; accuracyM: number };

/**
 * "Resolved" as the form checks it, from the pieces the server validates the pushed event
 * with (`caseEventSchema.note`, `onSiteEventDataSchema`): what was done is required here
 * (the desk reads it as the resolution), the serial and the signer's name are optional.
 */
const resolveSchema = onSiteEventDataSchema
  .pick({ replacementSerial: true, signerName: true })
  .extend({ note: caseEventSchema.shape.note.unwrap() });
type ResolveValues = { note: string; replacementSerial: string; signerName: string };
const filled = (v: string) => (v.trim() ? v : undefined);

/** A note added to a case: words, photos, or both (the pushed `comment` event's pieces). */
const noteSchema = z
  .object({ note: caseEventSchema.shape.note, attachmentIds: onSiteEventDataSchema.shape.attachmentIds })
  .refine((v) => v.note !== undefined || (v.attachmentIds?.length ?? 0) > 0, { path: ['note'] });

/** The phone's position, or undefined after `timeoutMs` / when refused: never blocking. */
function currentPosition(timeoutMs = 8000): Promise<Geo | undefined> {
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve(undefined);
    navigator.geolocation.getCurrentPosition(
      (pos) =>
        resolve({
          lat: pos.coords.latitude,
          lng: pos.coords.longitude,
          accuracyM: Math.min(100_000, Math.round(pos.coords.accuracy)),
        }),
      () => resolve(undefined),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}

export function OnSitePanel({
  doc,
  events,
  username,
}: {
  doc: CaseDoc;
  events: readonly CaseEventDoc[];
  username: string;
}) {
  const { t, time } = useI18n();
  const db = useDb();
  const [busy, setBusy] = useState(false);
  const form = useZodForm({
    schema: resolveSchema,
    defaultValues: { note: '', replacementSerial: doc.replacementSerial ?? '', signerName: '' },
    toRequest: (v: ResolveValues) => ({
      note: filled(v.note),
      replacementSerial: filled(v.replacementSerial),
      signerName: filled(v.signerName),
    }),
    requiredMessages: { note: 'onsite.noteRequired' },
  });
  const { errors } = form.formState;
  const [signed, setSigned] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [photos, setPhotos] = useState<{ id: string; url: string }[]>([]);
  const pad = useRef<SignaturePadHandle>(null);
  // A signature cleared by a slip comes back with "Urungkan" (the signer may have left).
  const { offerUndo, dismissUndo } = useUndoToast();
  const clearSignature = () => {
    const restore = pad.current?.clear();
    if (restore) offerUndo(t('onsite.signatureCleared'), restore);
  };
  const photoInput = useRef<HTMLInputElement>(null);

  const arrived = events.find((e) => e.type === 'arrived');
  const started = doc.status === 'in_progress' || events.some((e) => e.type === 'started');
  const resolved = events.find((e) => e.type === 'resolved');
  const isReplacement = doc.category === 'replace_device';

  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      if (!reportStorageError(e)) showToast({ message: t('onsite.failed') });
    } finally {
      setBusy(false);
    }
  };

  const base = { caseId: doc.id, username };
  const markArrived = () =>
    act(async () => {
      const location = await currentPosition();
      await addOnSiteEvent(db, {
        ...base,
        type: 'arrived',
        now: new Date(),
        data: location ? { location } : {},
      });
      showToast({ message: location ? t('onsite.arrivedWithGps') : t('onsite.arrivedNoGps') });
    });
  const markStarted = () =>
    act(() => addOnSiteEvent(db, { ...base, type: 'started', now: new Date() }).then(() => undefined));

  const addPhoto = (file: File | undefined) =>
    act(async () => {
      if (!file) return;
      const resized = await resizePhoto(file);
      // `pending` + the case id: uploaded by the sync engine once online (the case exists).
      const id = await storeJpeg(db, doc.id, 'pending', resized.blob);
      await addOnSiteEvent(db, { ...base, type: 'comment', now: new Date(), data: { attachmentIds: [id] } });
      setPhotos((list) => [...list, { id, url: URL.createObjectURL(resized.blob) }]);
    });

  const resolve = (body: z.output<typeof resolveSchema>) =>
    act(async () => {
      const serial = isReplacement ? body.replacementSerial : undefined;
      if (serial) {
        // The phone's own check (the server decides): a known unit in the warehouse.
        const found = await findDevice(db, serial);
        if (found && found.device.status !== 'in_warehouse') {
          form.setError(
            'replacementSerial',
            { message: t('onsite.replacementNotInWarehouse') },
            { shouldFocus: true },
          );
          return;
        }
      }
      let signatureAttachmentId: string | undefined;
      dismissUndo(); // what is sent is what the pad shows now
      const blob = signed ? await pad.current?.toBlob() : null;
      if (blob) {
        signatureAttachmentId = await storeJpeg(db, doc.id, 'pending', blob);
      }
      await addOnSiteEvent(db, {
        ...base,
        type: 'resolved',
        note: body.note,
        now: new Date(),
        data: { replacementSerial: serial, signatureAttachmentId, signerName: body.signerName },
      });
      showToast({ message: t('onsite.resolvedQueued') });
    });

  if (resolved) {
    return (
      <section className="card on-site" data-testid="on-site">
        <h3 className="section-title">{t('onsite.title')}</h3>
        <p data-testid="on-site-resolved">{t('onsite.resolvedAt', { time: time(resolved.at) })}</p>
      </section>
    );
  }

  return (
    <section className="card on-site" data-testid="on-site" aria-labelledby="on-site-title">
      <h3 id="on-site-title" className="section-title">
        {t('onsite.title')}
      </h3>
      {arrived ? (
        <p data-testid="on-site-arrived">
          <Icon name="location" size={18} /> {t('onsite.arrivedAt', { time: time(arrived.at) })}
        </p>
      ) : (
        <button
          type="button"
          className="btn primary"
          disabled={busy}
          onClick={markArrived}
          data-testid="onsite-arrived"
        >
          <Icon name="location" /> {t('onsite.arrive')}
        </button>
      )}
      {!started && (
        <button
          type="button"
          className="btn tonal"
          disabled={busy}
          onClick={markStarted}
          data-testid="onsite-started"
        >
          <Icon name="build" /> {t('onsite.start')}
        </button>
      )}
      <button
        type="button"
        className="btn"
        disabled={busy}
        onClick={() => photoInput.current?.click()}
        data-testid="onsite-photo"
      >
        <Icon name="camera" /> {t('onsite.addPhoto')}
      </button>
      <input
        ref={photoInput}
        type="file"
        accept="image/*"
        capture="environment"
        hidden
        data-testid="onsite-photo-input"
        aria-label={t('onsite.addPhoto')}
        onChange={(e) => {
          void addPhoto(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      {photos.length > 0 && (
        <div className="on-site-photos" data-testid="onsite-photos">
          {photos.map((p) => (
            <img key={p.id} src={p.url} alt={t('onsite.photoAlt')} />
          ))}
        </div>
      )}
      {started && (
        <form
          className="stack"
          noValidate
          onSubmit={form.handleSubmit(resolve)}
          data-testid="onsite-resolve-form"
        >
          {isReplacement && (
            <Field
              label={t('onsite.replacement')}
              error={errors.replacementSerial}
              hint={t('onsite.replacementHint')}
            >
              {(props) => (
                <div className="lookup-row">
                  <input
                    {...props}
                    {...form.register('replacementSerial')}
                    autoCapitalize="characters"
                    autoComplete="off"
                    spellCheck={false}
                    data-testid="onsite-replacement"
                  />
                  <button
                    type="button"
                    className="icon-btn"
                    onClick={() => setScanning(true)}
                    aria-label={t('onsite.scanReplacement')}
                    data-testid="onsite-scan-replacement"
                  >
                    <Icon name="barcode" />
                  </button>
                </div>
              )}
            </Field>
          )}
          {scanning && (
            <ScannerOverlay
              title={t('onsite.scanReplacement')}
              onResult={(text) => {
                setScanning(false);
                form.setValue('replacementSerial', text.trim(), {
                  shouldValidate: form.formState.isSubmitted,
                });
              }}
              onClose={() => setScanning(false)}
              check={async (text) => (await findDevice(db, text)) !== null}
            />
          )}
          <Field label={t('onsite.note')} error={errors.note}>
            {(props) => <textarea {...props} rows={3} {...form.register('note')} data-testid="onsite-note" />}
          </Field>
          <div>
            <p className="field-label">{t('onsite.signature')}</p>
            <SignaturePad
              ref={pad}
              label={t('onsite.signature')}
              onInk={setSigned}
              testId="onsite-signature"
            />
            <button type="button" className="btn text" onClick={clearSignature} disabled={!signed}>
              {t('onsite.clearSignature')}
            </button>
          </div>
          <Field label={t('onsite.signer')} error={errors.signerName}>
            {(props) => (
              <input
                {...props}
                maxLength={SIGNER_NAME_MAX}
                {...form.register('signerName')}
                autoComplete="off"
                data-testid="onsite-signer"
              />
            )}
          </Field>
          <button type="submit" className="btn primary" disabled={busy} data-testid="onsite-resolved">
            <Icon name="checkCircle" /> {busy ? t('common.sending') : t('onsite.resolve')}
          </button>
        </form>
      )}
    </section>
  );
}

/** Actions the server refused, with the reason in the user's language. */
export function Refusals({ refusals }: { refusals: readonly Refusal[] }) {
  const { t, dateTime } = useI18n();
  if (refusals.length === 0) return null;
  return (
    <div className="card rejection" role="alert" data-testid="refusals">
      {refusals.map((r) => (
        <p key={r.eventId} className="refusal" data-testid="refusal" data-reason={r.reason}>
          {refusalText(t, dateTime, r)}
        </p>
      ))}
    </div>
  );
}

/** A note (and photos) added to a case the technician can see, e.g. the open case that blocks a new one. */
export function NoteComposer({
  doc,
  username,
  autoFocus,
}: {
  doc: CaseDoc;
  username: string;
  autoFocus?: boolean;
}) {
  const { t } = useI18n();
  const db = useDb();
  const [attachmentIds, setAttachmentIds] = useState<string[]>([]);
  // The photos are part of the request the form checks: a note may be words, photos or both.
  const photos = useRef(attachmentIds);
  photos.current = attachmentIds;
  const form = useZodForm({
    schema: noteSchema,
    defaultValues: { note: '' },
    toRequest: ({ note }: { note: string }) => ({
      note: filled(note),
      ...(photos.current.length ? { attachmentIds: photos.current } : {}),
    }),
    requiredMessages: { note: 'note.required' },
  });
  const [busy, setBusy] = useState(false);
  const photoInput = useRef<HTMLInputElement>(null);
  const addPhoto = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      const resized = await resizePhoto(file);
      const id = await storeJpeg(db, doc.id, 'pending', resized.blob);
      setAttachmentIds((ids) => [...ids, id]);
    } catch (e) {
      if (!reportStorageError(e)) showToast({ message: t('onsite.failed') });
    } finally {
      setBusy(false);
    }
  };
  const send = async (body: z.output<typeof noteSchema>) => {
    setBusy(true);
    try {
      await addOnSiteEvent(db, {
        caseId: doc.id,
        username,
        type: 'comment',
        note: body.note,
        now: new Date(),
        data: body.attachmentIds ? { attachmentIds: body.attachmentIds } : {},
      });
      form.reset();
      setAttachmentIds([]);
      showToast({ message: t('note.queued') });
    } catch (e) {
      if (!reportStorageError(e)) showToast({ message: t('onsite.failed') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="card on-site"
      data-testid="note-composer"
      noValidate
      onSubmit={form.handleSubmit((body) => void send(body))}
    >
      <Field label={t('note.label', { number: doc.caseNumber ?? '' })} error={form.formState.errors.note}>
        {(props) => (
          <textarea
            {...props}
            rows={3}
            maxLength={4000}
            // biome-ignore lint/a11y/noAutofocus: the user came here to write this note (device page action).
            autoFocus={autoFocus}
            {...form.register('note')}
            data-testid="note-text"
          />
        )}
      </Field>
      <button type="button" className="btn" disabled={busy} onClick={() => photoInput.current?.click()}>
        <Icon name="camera" /> {t('onsite.addPhoto')}{' '}
        {attachmentIds.length > 0 && `(${attachmentIds.length})`}
      </button>
      <input
        ref={photoInput}
        type="file"
        accept="image/*"
        capture="environment"
        hidden
        aria-label={t('onsite.addPhoto')}
        onChange={(e) => {
          void addPhoto(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      <button type="submit" className="btn primary" disabled={busy} data-testid="note-send">
        {busy ? t('common.sending') : t('note.send')}
      </button>
    </form>
  );
}
