/**
 * Evidence of a field visit on the desk (DESIGN section 9): photos (thumbnails, full
 * view, download), the merchant's signature and name, the visit location (coordinates,
 * accuracy, a maps link, distance from the merchant's coordinates when known) and the
 * on-site timeline (arrived / started / resolved). Built from the replicated case, its
 * events and the merchant row; image bytes come from `GET /api/attachments/{id}`.
 */
import { type GeoLocation, locationSchema } from '@edc/shared';
import { distanceMetres, webMapsLink } from '@edc/shared/domain';
import { useState } from 'react';
import { useAttachmentUrl } from '../../components/attachment-url.ts';
import { type CaseDoc, type CaseEventDoc, getMerchant } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDb } from '../../shell/providers.tsx';
import { useLookup } from '../../shell/use-lookup.ts';

const ids = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** What the events and the case say about the visit (pure; exported for tests). */
export function visitEvidence(
  c: Pick<CaseDoc, 'attachmentIds' | 'location'>,
  events: readonly CaseEventDoc[],
) {
  const arrived = events.find((e) => e.type === 'arrived');
  const started = events.find((e) => e.type === 'started');
  const resolved = [...events].reverse().find((e) => e.type === 'resolved');
  const photos = [...c.attachmentIds];
  for (const e of events)
    for (const id of ids(e.data?.attachmentIds)) if (!photos.includes(id)) photos.push(id);
  const signatureId =
    typeof resolved?.data?.signatureAttachmentId === 'string' ? resolved.data.signatureAttachmentId : null;
  const signerName = typeof resolved?.data?.signerName === 'string' ? resolved.data.signerName : null;
  const location: GeoLocation | null =
    locationSchema.safeParse(arrived?.data?.location).data ?? c.location ?? null;
  return { arrived, started, resolved, photos, signatureId, signerName, location };
}

function Thumb({ id, label, onOpen }: { id: string; label: string; onOpen: (url: string) => void }) {
  const { t } = useI18n();
  const url = useAttachmentUrl(id);
  if (url === 'error') return <span className="evidence-missing">{t('evidence.notUploaded')}</span>;
  if (!url) return <span className="evidence-thumb loading" aria-busy="true" />;
  return (
    <span className="evidence-item">
      <button
        type="button"
        className="evidence-thumb"
        onClick={() => onOpen(url)}
        data-testid="evidence-photo"
      >
        <img src={url} alt={label} />
      </button>
      <a href={url} download={`${id}.jpg`} className="muted">
        {t('evidence.download')}
      </a>
    </span>
  );
}

export function CaseEvidence({ c, events }: { c: CaseDoc; events: readonly CaseEventDoc[] }) {
  const { t, dateTime } = useI18n();
  const db = useDb();
  const [full, setFull] = useState<string | null>(null);
  const [merchant] = useLookup(() => getMerchant(db, c.mid), [db, c.mid]);
  const ev = visitEvidence(c, events);
  // A merchant's complaint brings its own photos (issue 14): they are not field evidence.
  const fromMerchant = c.channel === 'merchant_app';
  const m = merchant.status === 'done' ? merchant.value : null;
  const shop = m?.lat !== undefined && m.lng !== undefined ? { lat: m.lat, lng: m.lng } : null;
  if (!ev.arrived && !ev.started && !ev.resolved && ev.photos.length === 0 && !ev.location) return null;
  return (
    <section className="evidence" data-testid="evidence" aria-labelledby="evidence-title">
      <h3 id="evidence-title">
        {fromMerchant && !ev.arrived && !ev.started && !ev.resolved
          ? t('evidence.merchantTitle')
          : t('evidence.title')}
      </h3>
      <ol className="evidence-times" data-testid="evidence-times">
        {ev.arrived && (
          <li data-testid="evidence-arrived">{t('evidence.arrived', { time: dateTime(ev.arrived.at) })}</li>
        )}
        {ev.started && (
          <li data-testid="evidence-started">{t('evidence.started', { time: dateTime(ev.started.at) })}</li>
        )}
        {ev.resolved && (
          <li data-testid="evidence-resolved">
            {t('evidence.resolved', { time: dateTime(ev.resolved.at) })}
          </li>
        )}
      </ol>
      {ev.location && (
        <p data-testid="evidence-location">
          {t('evidence.location', {
            lat: ev.location.lat.toFixed(5),
            lng: ev.location.lng.toFixed(5),
            accuracy: Math.round(ev.location.accuracyM),
          })}{' '}
          {shop && (
            <span data-testid="evidence-distance">
              {t('evidence.distance', { metres: Math.round(distanceMetres(ev.location, shop)) })}{' '}
            </span>
          )}
          <a href={webMapsLink(ev.location)} target="_blank" rel="noreferrer" data-testid="evidence-map">
            {t('evidence.map')}
          </a>
        </p>
      )}
      {ev.photos.length > 0 && (
        <div className="evidence-photos" data-testid="evidence-photos">
          {ev.photos.map((id) => (
            <Thumb
              key={id}
              id={id}
              label={
                fromMerchant && c.attachmentIds.includes(id)
                  ? t('evidence.merchantPhoto')
                  : t('evidence.photo')
              }
              onOpen={setFull}
            />
          ))}
        </div>
      )}
      {ev.signatureId && (
        <div className="evidence-signature" data-testid="evidence-signature">
          <p>{ev.signerName ? t('evidence.signedBy', { name: ev.signerName }) : t('evidence.signature')}</p>
          <Thumb id={ev.signatureId} label={t('evidence.signature')} onOpen={setFull} />
        </div>
      )}
      {full && (
        <dialog open className="evidence-full" data-testid="evidence-full" aria-label={t('evidence.photo')}>
          <img src={full} alt={t('evidence.photo')} />
          <button type="button" className="btn" onClick={() => setFull(null)}>
            {t('common.close')}
          </button>
        </dialog>
      )}
    </section>
  );
}
