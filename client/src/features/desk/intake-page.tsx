/**
 * Intake of complaints received by phone, e-mail, WhatsApp or walk-in. The classifier
 * (shared model, loaded lazily, runs offline) suggests category/urgency/subcase as the
 * agent types: a confident suggestion pre-selects the fields (still editable), a
 * low-confidence one is only shown and must be applied by hand — never silently.
 * Submits through `POST /api/intake/cases`; a rejection (e.g. TID/MID already open) is
 * shown with the blocking case number.
 */
import {
  type Case,
  type Category,
  caseSchema,
  categories,
  classifySuggestionSchema,
  type IntakeRequest,
  intakeChannelSchema,
  type Priority,
  priorities,
} from '@edc/shared';
import type { Classification } from '@edc/shared/classify';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { of } from 'rxjs';
import { z } from 'zod';
import { apiErrorText } from '../../components/api-error-text.ts';
import { useOnline } from '../../components/app-layout.tsx';
import { searchMerchants } from '../../db/desk-queries.ts';
import { type MerchantDoc, observeSlaRules } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDb, useSession } from '../../shell/providers.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { Link } from '../../shell/router.tsx';
import { useObservable } from '../../shell/use-observable.ts';
import { DeskFrame } from './desk-frame.tsx';

const intakeResultSchema = z.object({ case: caseSchema, suggestion: classifySuggestionSchema.optional() });
const channels = intakeChannelSchema.options;
type IntakeChannel = (typeof channels)[number];

type Classifier = (text: string) => Classification & { low: boolean };
let classifierPromise: Promise<Classifier> | null = null;

/** The shared model as its own lazy chunk, loaded once per session. */
function loadClassifier(): Promise<Classifier> {
  classifierPromise ??= import('@edc/shared/classify').then(async (m) => {
    const model = await m.loadClassifierModel();
    return (text: string) => {
      const result = m.classify(model, text);
      return { ...result, low: m.isLowConfidence(result) };
    };
  });
  return classifierPromise;
}

export function IntakePage(_props: ScreenProps) {
  const db = useDb();
  const { t } = useI18n();
  const { api } = useSession();
  const online = useOnline();
  const [channel, setChannel] = useState<IntakeChannel>('phone');
  const [midQuery, setMidQuery] = useState('');
  const [merchant, setMerchant] = useState<MerchantDoc | null>(null);
  const [matches, setMatches] = useState<MerchantDoc[]>([]);
  const [serial, setSerial] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState<Category | ''>('');
  const [priority, setPriority] = useState<Priority | ''>('');
  const [subcase, setSubcase] = useState('');
  const [suggestion, setSuggestion] = useState<(Classification & { low: boolean }) | null>(null);
  const [classifier, setClassifier] = useState<Classifier | null>(null);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Case | null>(null);
  const listId = useId();
  const midRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    loadClassifier()
      .then((c) => live && setClassifier(() => c))
      .catch(() => undefined); // no model: the plain pickers still work
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    let live = true;
    if (merchant && midQuery === merchant.mid) return;
    void searchMerchants(db, midQuery).then((found) => live && setMatches(found));
    return () => {
      live = false;
    };
  }, [db, midQuery, merchant]);

  const rules = useObservable(() => (category ? observeSlaRules(db, category) : of([])), [], [db, category]);

  // Classify as the agent types (debounced); a confident answer pre-selects until the agent picks by hand.
  useEffect(() => {
    if (!classifier) return;
    const timer = setTimeout(() => {
      if (description.trim().length < 3) {
        setSuggestion(null);
        return;
      }
      const s = classifier(description);
      setSuggestion(s);
      if (!touched) {
        // Low confidence never fills the form; it also withdraws an earlier pre-selection.
        setCategory(s.low ? '' : s.category);
        setPriority(s.low ? '' : s.urgency);
        setSubcase(s.low ? '' : (s.subcase ?? ''));
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [classifier, description, touched]);

  const applySuggestion = () => {
    if (!suggestion) return;
    setCategory(suggestion.category);
    setPriority(suggestion.urgency);
    setSubcase(suggestion.subcase ?? '');
    setTouched(true);
  };

  const reset = () => {
    setMidQuery('');
    setMerchant(null);
    setSerial('');
    setDescription('');
    setCategory('');
    setPriority('');
    setSubcase('');
    setSuggestion(null);
    setTouched(false);
    setResult(null);
    setError(null);
    midRef.current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const mid = merchant?.mid ?? (/^\d{15}$/.test(midQuery.trim()) ? midQuery.trim() : '');
    if (!mid || !description.trim() || !category) {
      setError(t('desk.intake.required'));
      return;
    }
    const body: IntakeRequest = { channel, mid, description: description.trim(), category };
    if (serial.trim()) body.serialNumber = serial.trim();
    if (priority) body.priority = priority;
    if (subcase) body.subcase = subcase;
    setBusy(true);
    try {
      const answer = await api.json('/api/intake/cases', intakeResultSchema, { json: body });
      setResult(answer.case);
    } catch (e) {
      setError(apiErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <DeskFrame title={t('desk.intake.title')}>
      <h1>{t('desk.intake.title')}</h1>
      <p className="muted">{t('desk.intake.lead')}</p>
      {result ? (
        <IntakeResult result={result} onAnother={reset} />
      ) : (
        <form className="form card" onSubmit={submit} data-testid="intake-form" style={{ maxWidth: '44rem' }}>
          <label>
            {t('desk.intake.channel')}
            <select
              name="channel"
              value={channel}
              onChange={(e) => setChannel(channels.find((c) => c === e.target.value) ?? 'phone')}
            >
              {channels.map((c) => (
                <option key={c} value={c}>
                  {t(`desk.channel.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('desk.intake.mid')}
            <input
              ref={midRef}
              name="mid"
              list={listId}
              autoComplete="off"
              value={midQuery}
              data-testid="intake-mid"
              onChange={(e) => {
                const value = e.target.value;
                setMidQuery(value);
                const exact = matches.find((m) => m.mid === value.trim());
                setMerchant(exact ?? null);
              }}
              aria-describedby={`${listId}-hint`}
            />
            <datalist id={listId}>
              {matches.map((m) => (
                <option key={m.mid} value={m.mid}>
                  {m.name} — {m.city} ({m.region})
                </option>
              ))}
            </datalist>
            <span id={`${listId}-hint`} className="muted" data-testid="intake-merchant">
              {merchant
                ? `${merchant.name} — ${merchant.city} (${merchant.region})`
                : /^\d{15}$/.test(midQuery.trim())
                  ? t('desk.intake.merchantUnknown')
                  : t('desk.intake.midHint')}
            </span>
          </label>
          <label>
            {t('desk.intake.serial')}
            <input name="serialNumber" value={serial} onChange={(e) => setSerial(e.target.value)} />
          </label>
          <label>
            {t('desk.intake.description')}
            <textarea
              name="description"
              rows={4}
              required
              data-testid="intake-description"
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          </label>
          {!classifier && description.trim() !== '' && (
            <p className="muted">{t('desk.intake.classifierLoading')}</p>
          )}
          {suggestion && (
            <div
              className={`notice ${suggestion.low ? 'warn' : 'ok'}`}
              data-testid="intake-suggestion"
              data-low={suggestion.low}
              role="status"
            >
              {t('desk.intake.suggestion', {
                category: t(`category.${suggestion.category}`),
                urgency: t(`desk.priority.${suggestion.urgency}`),
                confidence: Math.round(suggestion.confidence * 100),
              })}
              {suggestion.low && <div>{t('desk.intake.lowConfidence')}</div>}{' '}
              {(suggestion.low || touched) && (
                <button
                  type="button"
                  className="btn small"
                  onClick={applySuggestion}
                  data-testid="intake-apply"
                >
                  {t('desk.intake.apply')}
                </button>
              )}
            </div>
          )}
          <div className="row">
            <label>
              {t('desk.intake.category')}
              <select
                name="category"
                required
                data-testid="intake-category"
                value={category}
                onChange={(e) => {
                  setCategory(categories.find((c) => c === e.target.value) ?? '');
                  setSubcase('');
                  setTouched(true);
                }}
              >
                <option value="">{t('desk.intake.choose')}</option>
                {categories.map((c) => (
                  <option key={c} value={c}>
                    {t(`category.${c}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('desk.intake.subcase')}
              <select
                name="subcase"
                value={subcase}
                onChange={(e) => {
                  setSubcase(e.target.value);
                  setTouched(true);
                }}
              >
                <option value="">{t('desk.intake.choose')}</option>
                {rules.map((r) => (
                  <option key={r.id} value={r.subcase}>
                    {r.label}
                  </option>
                ))}
                {subcase && !rules.some((r) => r.subcase === subcase) && (
                  <option value={subcase}>{subcase}</option>
                )}
              </select>
            </label>
            <label>
              {t('desk.intake.urgency')}
              <select
                name="priority"
                value={priority}
                onChange={(e) => {
                  setPriority(priorities.find((p) => p === e.target.value) ?? '');
                  setTouched(true);
                }}
              >
                <option value="">{t('desk.intake.choose')}</option>
                {priorities.map((p) => (
                  <option key={p} value={p}>
                    {t(`desk.priority.${p}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {!online && <p className="notice warn">{t('apiError.offline')}</p>}
          {error && (
            <p className="notice bad" role="alert" data-testid="intake-error">
              {error}
            </p>
          )}
          <button type="submit" className="btn primary" disabled={busy} data-testid="intake-submit">
            {busy ? t('desk.action.sending') : t('desk.intake.submit')}
          </button>
        </form>
      )}
    </DeskFrame>
  );
}

function IntakeResult({ result, onAnother }: { result: Case; onAnother: () => void }) {
  const { t } = useI18n();
  const rejected = result.status === 'rejected';
  return (
    <div className="card" data-testid="intake-result" data-status={result.status}>
      {rejected ? (
        <div className="notice bad" role="alert">
          <p>
            {t('desk.intake.rejected', {
              reason: result.rejectReason ? t(`reject.${result.rejectReason}`) : '—',
            })}
          </p>
          {result.blockingCaseNumber && (
            <p data-testid="intake-blocking">
              {t('desk.intake.blocking', { number: result.blockingCaseNumber })}
            </p>
          )}
        </div>
      ) : (
        <p className="notice ok" role="status" data-testid="intake-case-number">
          {t('desk.intake.accepted', { number: result.caseNumber ?? '—' })}
        </p>
      )}
      <div className="row">
        {!rejected && (
          <Link className="btn" href={`/desk?case=${encodeURIComponent(result.id)}`}>
            {t('desk.intake.openCase')}
          </Link>
        )}
        <button type="button" className="btn primary" onClick={onAnother}>
          {t('desk.intake.another')}
        </button>
      </div>
    </div>
  );
}
