/**
 * Dispatch picker (DESIGN section 9): the technicians with their regions, open jobs and
 * last sync (`GET /api/desk/technicians`), the case's region first. Choosing one fills
 * the assign form; the server accepts only active technicians, agents and supervisors.
 */
import { dispatchTechnicianSchema } from '@edc/shared';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { getMerchant } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDb, useSession } from '../../shell/providers.tsx';
import { useLookup } from '../../shell/use-lookup.ts';

const responseSchema = z.object({ technicians: z.array(dispatchTechnicianSchema) });
type Tech = z.infer<typeof dispatchTechnicianSchema>;

export function TechnicianPicker({
  mid,
  value,
  onChange,
}: {
  /** The case's MID: technicians of its merchant's region come first. */
  mid: string;
  value: string;
  onChange: (username: string) => void;
}) {
  const { t, dateTime } = useI18n();
  const { api } = useSession();
  const db = useDb();
  const [merchant] = useLookup(() => getMerchant(db, mid), [db, mid]);
  const region = merchant.status === 'done' ? merchant.value?.region : undefined;
  const [list, setList] = useState<Tech[] | null | 'error'>(null);
  useEffect(() => {
    let live = true;
    api
      .json('/api/desk/technicians', responseSchema)
      .then((body) => {
        if (live) setList(body.technicians);
      })
      .catch(() => live && setList('error'));
    return () => {
      live = false;
    };
  }, [api]);
  if (list === null) return <p className="muted">{t('app.loading')}</p>;
  if (list === 'error') return <p className="muted">{t('dispatch.unavailable')}</p>;
  const sorted = [...list].sort(
    (a, b) =>
      Number(b.regions.includes(region ?? '')) - Number(a.regions.includes(region ?? '')) ||
      a.openJobs - b.openJobs ||
      a.username.localeCompare(b.username),
  );
  return (
    <fieldset className="technician-picker" data-testid="technician-picker">
      <legend>{t('dispatch.title')}</legend>
      {sorted.map((tech) => (
        <label key={tech.username} className="technician-option" data-testid="technician-option">
          <input
            type="radio"
            name="technician"
            value={tech.username}
            checked={value === tech.username}
            onChange={() => onChange(tech.username)}
          />
          <span>
            <strong>{tech.displayName}</strong> <span className="muted">({tech.username})</span>
            <br />
            <span className="muted">
              {t('dispatch.meta', {
                regions: tech.regions.join(', ') || '—',
                jobs: tech.openJobs,
                sync: tech.lastSyncAt ? dateTime(tech.lastSyncAt) : t('dispatch.never'),
              })}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
