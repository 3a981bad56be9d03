/**
 * An attachment's bytes as a blob URL for `<img>` (DESIGN section 5: `GET
 * /api/attachments/{id}` needs the bearer token, so a plain `src` cannot load it). The
 * server scopes the read through the case, so the desk sees every case's photos and a
 * merchant only their own case's (the proof-of-service signature included).
 */
import { useEffect, useState } from 'react';
import { useSession } from '../shell/providers.tsx';

/** The URL once loaded, null while loading, 'error' when it cannot be fetched (offline, 404). Revoked on unmount. */
export function useAttachmentUrl(id: string): string | null | 'error' {
  const { api } = useSession();
  const [url, setUrl] = useState<string | null | 'error'>(null);
  useEffect(() => {
    let live = true;
    let made: string | null = null;
    api
      .fetch(`/api/attachments/${encodeURIComponent(id)}`)
      .then(async (res) => {
        made = URL.createObjectURL(await res.blob());
        if (live) setUrl(made);
      })
      .catch(() => live && setUrl('error'));
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [id, api]);
  return url;
}
