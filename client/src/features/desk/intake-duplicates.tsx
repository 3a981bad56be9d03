/**
 * Intake duplicate guard (issue 15): while the agent types a MID (and a serial), the cases
 * still open for that merchant or terminal are listed; instead of filing another case the
 * agent can add this call to one of them as an internal note (caller, channel, what was
 * said). A case on the same terminal is flagged: a new case would be rejected (rule 2).
 */
import { type OpenCasesResponse, openCasesResponseSchema } from '@edc/shared';
import { useEffect, useState } from 'react';
import { apiErrorText } from '../../components/api-error-text.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../shell/providers.tsx';
import { Link } from '../../shell/router.tsx';

type OpenCase = OpenCasesResponse['cases'][number];

export function IntakeDuplicates({
  mid,
  serialNumber,
  note,
}: {
  mid: string;
  serialNumber: string;
  /** The note to add, or null while the form lacks a description. */
  note: string | null;
}) {
  const { t, dateTime } = useI18n();
  const { api } = useSession();
  const [cases, setCases] = useState<readonly OpenCase[]>([]);
  const [added, setAdded] = useState<OpenCase | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setCases([]);
    setAdded(null);
    if (!/^\d{15}$/.test(mid) || !navigator.onLine) return;
    const abort = new AbortController();
    // Debounced: the serial is typed key by key.
    const timer = setTimeout(() => {
      const query = new URLSearchParams({ mid, ...(serialNumber ? { serialNumber } : {}) });
      api
        .json(`/api/intake/open-cases?${query}`, openCasesResponseSchema, { signal: abort.signal })
        .then((r) => setCases(r.cases))
        .catch(() => setCases([])); // the guard is advice; the server still applies rule 2
    }, 300);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [api, mid, serialNumber]);

  if (added) {
    return (
      <div className="notice ok" role="status" data-testid="intake-added">
        {t('desk.intake.dup.added', { number: added.caseNumber })}{' '}
        <Link className="btn small" href={`/desk?case=${encodeURIComponent(added.id)}`}>
          {t('desk.intake.openCase')}
        </Link>
      </div>
    );
  }
  if (cases.length === 0) return null;
  const addTo = async (c: OpenCase) => {
    if (!note) return;
    setBusy(true);
    setError(null);
    try {
      await api.fetch(`/api/cases/${encodeURIComponent(c.id)}/comments`, { json: { note, internal: true } });
      setAdded(c);
    } catch (e) {
      setError(apiErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="notice warn" role="status" data-testid="intake-duplicates">
      <p>{t('desk.intake.dup.warning', { n: cases.length })}</p>
      <ul className="plain-list">
        {cases.map((c) => (
          <li key={c.id} data-testid="intake-duplicate" data-case={c.caseNumber}>
            <strong>{c.caseNumber}</strong> · {t(`case.status.${c.status}`)} · {t(`category.${c.category}`)} ·{' '}
            {dateTime(c.reportedAt)}
            {c.sameTerminal && <span className="badge">{t('desk.intake.dup.sameTerminal')}</span>}
            <div className="muted">{c.description.slice(0, 160)}</div>
            <button
              type="button"
              className="btn small"
              data-testid="intake-add-to"
              disabled={busy || !note}
              onClick={() => void addTo(c)}
            >
              {t('desk.intake.dup.addTo', { number: c.caseNumber })}
            </button>
          </li>
        ))}
      </ul>
      {!note && <p className="muted">{t('desk.intake.dup.needDescription')}</p>}
      {error && (
        <p className="notice bad" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
