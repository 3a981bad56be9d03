/**
 * The photos of a case as thumbnails (a merchant's own complaint, issue 14): the copy still
 * on this phone while it waits for upload (so they show offline, right after sending), else
 * the server's (`GET /api/attachments/{id}`, bearer-authenticated, as a blob URL).
 */
import { useEffect, useState } from 'react';
import { getAttachment } from '../db/index.ts';
import { useI18n } from '../i18n/index.tsx';
import { useDb, useSession } from '../shell/providers.tsx';

type PhotoUrl = { status: 'loading' } | { status: 'ready'; url: string } | { status: 'missing' };

function usePhotoUrl(id: string): PhotoUrl {
  const db = useDb();
  const { api } = useSession();
  const [state, setState] = useState<PhotoUrl>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    let made: string | null = null;
    const show = (blob: Blob) => {
      made = URL.createObjectURL(blob);
      if (live) setState({ status: 'ready', url: made });
    };
    void (async () => {
      try {
        const local = await getAttachment(db, id);
        if (local) return show(local.blob);
        const res = await api.fetch(`/api/attachments/${encodeURIComponent(id)}`);
        show(await res.blob());
      } catch {
        // Offline and already uploaded, or refused: say so instead of a broken image.
        if (live) setState({ status: 'missing' });
      }
    })();
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [db, api, id]);
  return state;
}

function Photo({ id, n }: { id: string; n: number }) {
  const { t } = useI18n();
  const photo = usePhotoUrl(id);
  if (photo.status === 'missing') return <li className="muted">{t('evidence.notUploaded')}</li>;
  if (photo.status === 'loading') return <li className="thumb-placeholder" aria-busy="true" />;
  return (
    <li>
      <img
        src={photo.url}
        alt={t('case.form.photoAlt', { n })}
        width={88}
        height={88}
        data-testid="case-photo"
      />
    </li>
  );
}

export function CasePhotos({ ids }: { ids: readonly string[] }) {
  const { t } = useI18n();
  if (ids.length === 0) return null;
  return (
    <section aria-label={t('evidence.photo')} data-testid="case-photos">
      <h3 className="section-title">{t('merchant.case.photos', { count: ids.length })}</h3>
      <PhotoThumbs ids={ids} />
    </section>
  );
}

/** The thumbnails alone (a chat message's photos). */
export function PhotoThumbs({ ids }: { ids: readonly string[] }) {
  if (ids.length === 0) return null;
  return (
    <ul className="thumbs">
      {ids.map((id, i) => (
        <Photo key={id} id={id} n={i + 1} />
      ))}
    </ul>
  );
}
