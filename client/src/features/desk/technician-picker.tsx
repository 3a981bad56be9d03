/**
 * Dispatch picker (DESIGN section 9): THE way the desk chooses an assignee. It lists the
 * technicians with their regions, open jobs and last sync (`GET /api/desk/technicians`),
 * filtered by region (the case's region first), as a radio group: Tab reaches it, the
 * arrow keys move the choice. "Myself" covers a desk user taking the case; the server
 * accepts only active technicians, agents and supervisors, so no free text is offered.
 */
import { dispatchTechnicianSchema } from '@edc/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { z } from 'zod';
import { FieldMessage } from '../../components/field.tsx';
import { getMerchant } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDb, useSession } from '../../shell/providers.tsx';
import { useLookup } from '../../shell/use-lookup.ts';
import { ALL_REGIONS, initialRegion, pickableTechnicians, technicianRegions } from './technician-filter.ts';

const responseSchema = z.object({ technicians: z.array(dispatchTechnicianSchema) });
type Tech = z.infer<typeof dispatchTechnicianSchema>;

export function TechnicianPicker({
  mid,
  value,
  me,
  error,
  onChange,
}: {
  /** The case's MID: the picker opens on its merchant's region (none: every region). */
  mid: string | undefined;
  value: string;
  /** The signed-in desk user, offered as "Myself". */
  me: string;
  error: { message?: string } | undefined;
  onChange: (username: string) => void;
}) {
  const { t, dateTime } = useI18n();
  const { api } = useSession();
  const db = useDb();
  const errorId = useId();
  const [merchant] = useLookup(async () => (mid ? getMerchant(db, mid) : null), [db, mid]);
  const caseRegion = merchant.status === 'done' ? merchant.value?.region : undefined;
  const [list, setList] = useState<Tech[] | null | 'error'>(null);
  // null until the dispatcher picks one: follows the case's region as it loads.
  const [chosenRegion, setRegion] = useState<string | null>(null);
  // The first option takes the focus once, when the list arrives (the form opened on a
  // click or `a`); a later region change leaves the focus on the region select.
  const focused = useRef(false);
  const focusFirst = (el: HTMLInputElement | null) => {
    if (!el || focused.current) return;
    focused.current = true;
    el.focus();
  };
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

  const a11y = error ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {};
  const techs = Array.isArray(list) ? list : [];
  const region = chosenRegion ?? initialRegion(techs, caseRegion);
  const shown = pickableTechnicians(techs, region, caseRegion);
  return (
    <fieldset className="technician-picker" data-testid="technician-picker" {...a11y}>
      <legend>{t('dispatch.title')}</legend>
      <div className="row technician-picker-bar">
        {techs.length > 0 && (
          <label className="row">
            {t('dispatch.region')}
            <select
              data-testid="technician-region"
              value={region}
              onChange={(e) => setRegion(e.target.value)}
            >
              <option value={ALL_REGIONS}>{t('dispatch.allRegions')}</option>
              {technicianRegions(techs).map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          className="btn small"
          data-testid="assign-me"
          aria-pressed={value === me}
          onClick={() => onChange(me)}
        >
          {t('desk.action.assignMe')}
        </button>
      </div>
      {list === null && <p className="muted">{t('app.loading')}</p>}
      {list === 'error' && (
        <p className="muted" role="status">
          {t('dispatch.unavailable')}
        </p>
      )}
      {Array.isArray(list) && list.length === 0 && (
        <p className="muted" data-testid="technician-empty">
          {t('dispatch.none')}
        </p>
      )}
      {shown.length > 0 && (
        <div className="technician-options">
          {shown.map((tech, i) => (
            <label key={tech.username} className="technician-option" data-testid="technician-option">
              <input
                type="radio"
                name="technician"
                value={tech.username}
                checked={value === tech.username}
                onChange={() => onChange(tech.username)}
                ref={i === 0 ? focusFirst : undefined}
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
        </div>
      )}
      {value && value === me && (
        <p className="muted" data-testid="assign-me-chosen">
          {t('dispatch.toMe', { me })}
        </p>
      )}
      <FieldMessage id={errorId} error={error} />
    </fieldset>
  );
}
