/**
 * On-site work on an assigned job, offline (DESIGN section 9): arrived (time + optional
 * GPS), started, more photos, the replacement serial (typed or scanned), what was done,
 * the merchant's signature and name, resolved. Each action is a `case_events` row in the
 * outbox; the server applies `started` / `resolved` with the desk's rules, and a refused
 * one is shown on the case with its reason (db/work-queries.ts `listRefusals`).
 */
import { caseEventTypeSchema } from '@edc/shared';
import { useRef, useState } from 'react';
import { Field } from '../../components/field.tsx';
import { Icon } from '../../components/icon.tsx';
import { SignaturePad, type SignaturePadHandle } from '../../components/signature-pad.tsx';
import { showToast } from '../../components/toast.tsx';
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
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | undefined>();
  const [replacement, setReplacement] = useState(doc.replacementSerial ?? '');
  const [replacementError, setReplacementError] = useState<string | undefined>();
  const [signer, setSigner] = useState('');
  const [signed, setSigned] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [photos, setPhotos] = useState<{ id: string; url: string }[]>([]);
  const pad = useRef<SignaturePadHandle>(null);
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

  const resolve = () =>
    act(async () => {
      const what = note.trim();
      setNoteError(what ? undefined : t('onsite.noteRequired'));
      const serial = replacement.trim();
      setReplacementError(undefined);
      if (!what) return;
      if (isReplacement && serial) {
        // The phone's own check (the server decides): a known unit in the warehouse.
        const found = await findDevice(db, serial);
        if (found && found.device.status !== 'in_warehouse') {
          setReplacementError(t('onsite.replacementNotInWarehouse'));
          return;
        }
      }
      let signatureAttachmentId: string | undefined;
      const blob = signed ? await pad.current?.toBlob() : null;
      if (blob) {
        signatureAttachmentId = await storeJpeg(db, doc.id, 'pending', blob);
      }
      await addOnSiteEvent(db, {
        ...base,
        type: 'resolved',
        note: what,
        now: new Date(),
        data: {
          replacementSerial: isReplacement && serial ? serial : undefined,
          signatureAttachmentId,
          signerName: signer.trim() || undefined,
        },
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
        <>
          {isReplacement && (
            <Field
              label={t('onsite.replacement')}
              error={replacementError}
              hint={t('onsite.replacementHint')}
            >
              {(props) => (
                <div className="lookup-row">
                  <input
                    {...props}
                    value={replacement}
                    onChange={(e) => setReplacement(e.target.value)}
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
                setReplacement(text.trim());
              }}
              onClose={() => setScanning(false)}
              check={async (text) => (await findDevice(db, text)) !== null}
            />
          )}
          <Field label={t('onsite.note')} error={noteError}>
            {(props) => (
              <textarea
                {...props}
                rows={3}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                data-testid="onsite-note"
              />
            )}
          </Field>
          <div>
            <p className="field-label">{t('onsite.signature')}</p>
            <SignaturePad
              ref={pad}
              label={t('onsite.signature')}
              onInk={setSigned}
              testId="onsite-signature"
            />
            <button
              type="button"
              className="btn text"
              onClick={() => pad.current?.clear()}
              disabled={!signed}
            >
              {t('onsite.clearSignature')}
            </button>
          </div>
          <Field label={t('onsite.signer')}>
            {(props) => (
              <input
                {...props}
                value={signer}
                onChange={(e) => setSigner(e.target.value)}
                autoComplete="off"
                data-testid="onsite-signer"
              />
            )}
          </Field>
          <button
            type="button"
            className="btn primary"
            disabled={busy}
            onClick={resolve}
            data-testid="onsite-resolved"
          >
            <Icon name="checkCircle" /> {t('onsite.resolve')}
          </button>
        </>
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
          {t('onsite.refused', {
            action: t(`event.${caseEventTypeSchema.safeParse(r.type).data ?? 'comment'}`),
            reason: t(`refused.${r.reason}`),
            time: dateTime(r.at),
          })}
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
  const [note, setNote] = useState('');
  const [attachmentIds, setAttachmentIds] = useState<string[]>([]);
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
  const send = async () => {
    if (!note.trim() && attachmentIds.length === 0) return;
    setBusy(true);
    try {
      await addOnSiteEvent(db, {
        caseId: doc.id,
        username,
        type: 'comment',
        note,
        now: new Date(),
        data: attachmentIds.length ? { attachmentIds } : {},
      });
      setNote('');
      setAttachmentIds([]);
      showToast({ message: t('note.queued') });
    } catch (e) {
      if (!reportStorageError(e)) showToast({ message: t('onsite.failed') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card on-site" data-testid="note-composer">
      <Field label={t('note.label', { number: doc.caseNumber ?? '' })}>
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={note}
            // biome-ignore lint/a11y/noAutofocus: the user came here to write this note (device page action).
            autoFocus={autoFocus}
            onChange={(e) => setNote(e.target.value)}
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
      <button type="button" className="btn primary" disabled={busy} onClick={send} data-testid="note-send">
        {t('note.send')}
      </button>
    </section>
  );
}
