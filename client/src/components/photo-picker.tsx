/**
 * Evidence photos of a form (technician case, merchant complaint): thumbnails with a remove
 * button each, "take photo" (the camera on a phone) while fewer than `max`, and a progress
 * line while one is being resized. The form owns the photos (resize with
 * `lib/image-resize.ts`, keep the Blob in the local store with `putAttachment`); this is
 * only their picture, so both forms look and behave the same.
 */
import { useRef } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { Icon } from './icon.tsx';
import { Loading } from './state-views.tsx';

export type PickedPhoto = { id: string; url: string };

export function PhotoPicker({
  photos,
  max,
  busy,
  onAdd,
  onRemove,
}: {
  photos: readonly PickedPhoto[];
  max: number;
  busy: boolean;
  onAdd: (file: File) => void;
  onRemove: (id: string) => void;
}) {
  const { t } = useI18n();
  const fileRef = useRef<HTMLInputElement>(null);
  return (
    <fieldset className="photos">
      <legend className="field-label">{t('case.form.photos', { count: photos.length, max })}</legend>
      {photos.length > 0 && (
        <ul className="thumbs">
          {photos.map((p, i) => (
            <li key={p.id}>
              <img src={p.url} alt={t('case.form.photoAlt', { n: i + 1 })} width={88} height={88} />
              <button
                type="button"
                className="btn text small"
                onClick={() => onRemove(p.id)}
                aria-label={t('case.form.removePhoto', { n: i + 1 })}
              >
                <Icon name="delete" size={18} />
                {t('case.form.removeShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {busy && <Loading label={t('case.form.photoProcessing')} />}
      {photos.length < max && (
        <>
          <button type="button" className="btn" onClick={() => fileRef.current?.click()} disabled={busy}>
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
              if (file) onAdd(file);
            }}
          />
        </>
      )}
    </fieldset>
  );
}
