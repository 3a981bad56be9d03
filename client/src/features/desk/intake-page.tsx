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
  callerNameSchema,
  callerPhoneSchema,
  caseSchema,
  categories,
  categorySchema,
  classifySuggestionSchema,
  type IntakeRequest,
  intakeChannelSchema,
  intakeRequestSchema,
  type Priority,
  priorities,
} from '@edc/shared';
import type { Classification } from '@edc/shared/classify';
import { useEffect, useId, useState } from 'react';
import { of } from 'rxjs';
import { z } from 'zod';
import { apiErrorText } from '../../components/api-error-text.ts';
import { useOnline } from '../../components/app-layout.tsx';
import { Field } from '../../components/field.tsx';
import { EnumField, useZodForm } from '../../components/form.tsx';
import { searchMerchants } from '../../db/desk-queries.ts';
import { type MerchantDoc, observeSlaRules } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDb, useSession } from '../../shell/providers.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { Link } from '../../shell/router.tsx';
import { useObservable } from '../../shell/use-observable.ts';
import { DeskFrame } from './desk-frame.tsx';
import { deskScreen, useCommand } from './desk-query.tsx';
import { IntakeDuplicates } from './intake-duplicates.tsx';

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

type IntakeValues = {
  channel: IntakeChannel;
  mid: string;
  serialNumber: string;
  description: string;
  category: Category | '';
  subcase: string;
  priority: Priority | '';
  callerName: string;
  callerPhone: string;
};
const emptyIntake: IntakeValues = {
  channel: 'phone',
  callerName: '',
  callerPhone: '',
  mid: '',
  serialNumber: '',
  description: '',
  category: '',
  subcase: '',
  priority: '',
};
/**
 * The shared request; the desk also always names a category (the server would guess one)
 * and who called (issue 15).
 */
const intakeForm = intakeRequestSchema.extend({
  category: categorySchema,
  callerName: callerNameSchema,
  callerPhone: callerPhoneSchema,
});

function IntakeScreen(_props: ScreenProps) {
  const db = useDb();
  const { t } = useI18n();
  const { api } = useSession();
  const online = useOnline();
  const form = useZodForm({
    schema: intakeForm,
    defaultValues: emptyIntake,
    toRequest: (v: IntakeValues) => ({
      channel: v.channel,
      callerName: v.callerName.trim(),
      callerPhone: v.callerPhone.trim(),
      mid: v.mid.trim(),
      description: v.description,
      category: v.category || undefined,
      ...(v.serialNumber.trim() ? { serialNumber: v.serialNumber.trim() } : {}),
      ...(v.priority ? { priority: v.priority } : {}),
      ...(v.subcase ? { subcase: v.subcase } : {}),
    }),
  });
  const { errors } = form.formState;
  const [mid, description, category, subcase, serialNumber, channel, callerName, callerPhone] = form.watch([
    'mid',
    'description',
    'category',
    'subcase',
    'serialNumber',
    'channel',
    'callerName',
    'callerPhone',
  ]);
  const [matches, setMatches] = useState<MerchantDoc[]>([]);
  const [suggestion, setSuggestion] = useState<(Classification & { low: boolean }) | null>(null);
  const [classifier, setClassifier] = useState<Classifier | null>(null);
  // The agent picked category, subcase or urgency by hand: suggestions stop filling them.
  const [touched, setTouched] = useState(false);
  const submit = useCommand((body: IntakeRequest) =>
    api.json('/api/intake/cases', intakeResultSchema, { json: body }),
  );
  const listId = useId();
  const merchant = matches.find((m) => m.mid === mid.trim()) ?? null;

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
    void searchMerchants(db, mid).then((found) => live && setMatches(found));
    return () => {
      live = false;
    };
  }, [db, mid]);

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
        form.setValue('category', s.low ? '' : s.category);
        form.setValue('priority', s.low ? '' : s.urgency);
        form.setValue('subcase', s.low ? '' : (s.subcase ?? ''));
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [classifier, description, touched, form]);

  const applySuggestion = () => {
    if (!suggestion) return;
    form.setValue('category', suggestion.category);
    form.setValue('priority', suggestion.urgency);
    form.setValue('subcase', suggestion.subcase ?? '');
    setTouched(true);
  };

  const reset = () => {
    form.reset(emptyIntake);
    setSuggestion(null);
    setTouched(false);
    submit.reset();
    form.setFocus('mid');
  };

  const subcases = rules.map((r) => r.subcase);
  // A suggested subcase the local catalogue does not list yet stays selectable.
  if (subcase && !subcases.includes(subcase)) subcases.push(subcase);
  const result = submit.data?.case;

  return (
    <DeskFrame title={t('desk.intake.title')}>
      <h1>{t('desk.intake.title')}</h1>
      <p className="muted">{t('desk.intake.lead')}</p>
      {result ? (
        <IntakeResult result={result} onAnother={reset} />
      ) : (
        <form
          className="form card"
          noValidate
          onSubmit={form.handleSubmit((body) => submit.mutate(body))}
          data-testid="intake-form"
          style={{ maxWidth: '44rem' }}
        >
          <EnumField
            control={form.control}
            name="channel"
            label={t('desk.intake.channel')}
            options={channels}
            optionLabel={(c) => t(`desk.channel.${c}`)}
          />
          <div className="row">
            <Field label={t('desk.intake.callerName')} error={errors.callerName}>
              {(a11y) => (
                <input
                  autoComplete="off"
                  data-testid="intake-caller-name"
                  {...a11y}
                  {...form.register('callerName')}
                />
              )}
            </Field>
            <Field label={t('desk.intake.callerPhone')} error={errors.callerPhone}>
              {(a11y) => (
                <input
                  type="tel"
                  inputMode="tel"
                  autoComplete="off"
                  data-testid="intake-caller-phone"
                  {...a11y}
                  {...form.register('callerPhone')}
                />
              )}
            </Field>
          </div>
          <Field label={t('desk.intake.mid')} error={errors.mid}>
            {(a11y) => (
              <>
                <input
                  list={listId}
                  autoComplete="off"
                  inputMode="numeric"
                  data-testid="intake-mid"
                  {...a11y}
                  aria-describedby={[a11y['aria-describedby'], `${listId}-hint`].filter(Boolean).join(' ')}
                  {...form.register('mid')}
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
                    : /^\d{15}$/.test(mid.trim())
                      ? t('desk.intake.merchantUnknown')
                      : t('desk.intake.midHint')}
                </span>
              </>
            )}
          </Field>
          <Field label={t('desk.intake.serial')} error={errors.serialNumber}>
            {(a11y) => <input data-testid="intake-serial" {...a11y} {...form.register('serialNumber')} />}
          </Field>
          <IntakeDuplicates
            mid={mid.trim()}
            serialNumber={serialNumber.trim()}
            note={
              description.trim()
                ? t('desk.intake.dup.note', {
                    caller: [callerName.trim(), callerPhone.trim()].filter(Boolean).join(', ') || '—',
                    channel: t(`desk.channel.${channel}`),
                    description: description.trim(),
                  })
                : null
            }
          />
          <Field label={t('desk.intake.description')} error={errors.description}>
            {(a11y) => (
              <textarea
                rows={4}
                required
                data-testid="intake-description"
                {...a11y}
                {...form.register('description')}
              />
            )}
          </Field>
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
            <EnumField
              control={form.control}
              name="category"
              label={t('desk.intake.category')}
              required
              data-testid="intake-category"
              emptyLabel={t('desk.intake.choose')}
              options={categories}
              optionLabel={(c) => t(`category.${c}`)}
              onPick={() => {
                form.setValue('subcase', '');
                setTouched(true);
              }}
            />
            <EnumField
              control={form.control}
              name="subcase"
              label={t('desk.intake.subcase')}
              emptyLabel={t('desk.intake.choose')}
              options={subcases}
              optionLabel={(code) => rules.find((r) => r.subcase === code)?.label || code}
              onPick={() => setTouched(true)}
            />
            <EnumField
              control={form.control}
              name="priority"
              label={t('desk.intake.urgency')}
              emptyLabel={t('desk.intake.choose')}
              options={priorities}
              optionLabel={(p) => t(`desk.priority.${p}`)}
              onPick={() => setTouched(true)}
            />
          </div>
          {!online && <p className="notice warn">{t('apiError.offline')}</p>}
          {submit.isError && (
            <p className="notice bad" role="alert" data-testid="intake-error">
              {apiErrorText(t, submit.error)}
            </p>
          )}
          <button
            type="submit"
            className="btn primary"
            disabled={submit.isPending}
            data-testid="intake-submit"
          >
            {submit.isPending ? t('desk.action.sending') : t('desk.intake.submit')}
          </button>
        </form>
      )}
    </DeskFrame>
  );
}

export const IntakePage = deskScreen(IntakeScreen);

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
