/**
 * Case detail panel of the desk: every field, SLA state, escalation ladder, the legal
 * actions for the signed-in role (shared `planTransition`, the same rules the server
 * applies), comments with the merchant and the full timeline. Reads the case live from
 * RxDB; commands go to the server and their answer is shown at once (the replicated copy
 * follows via the SSE poke).
 */
import {
  type Case,
  type CaseEvent,
  type Category,
  type CommentRequest,
  caseEventSchema,
  caseSchema,
  categories,
  commentRequestSchema,
  escalationLadder,
  macroSchema,
  type Priority,
  priorities,
  type TransitionAction,
  type TransitionRequest,
  transitionActions,
  transitionRequestSchema,
} from '@edc/shared';
import {
  fillMacro,
  INTERNAL_NOTE_ACTIONS,
  type MacroValues,
  mayAttempt,
  planTransition,
  TRANSITION_SOURCES,
  type TransitionPlan,
} from '@edc/shared/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { apiErrorText } from '../../components/api-error-text.ts';
import { useOnline } from '../../components/app-layout.tsx';
import { EventNote } from '../../components/event-note.tsx';
import { Field } from '../../components/field.tsx';
import { useZodForm } from '../../components/form.tsx';
import { Loading } from '../../components/state-views.tsx';
import {
  type CaseDoc,
  type CaseEventDoc,
  getMerchant,
  observeCase,
  observeCaseEvents,
  observeSlaRules,
  type SlaRuleDoc,
} from '../../db/index.ts';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';
import { useDb, useSession } from '../../shell/providers.tsx';
import { useObservable } from '../../shell/use-observable.ts';
import { ApiError } from '../../sync/api-error.ts';
import { CaseEvidence } from './case-evidence.tsx';
import { isTyping } from './desk-frame.tsx';
import { deskKeys, useCommand, useJsonQuery } from './desk-query.tsx';
import { formatMinutes } from './format.ts';
import { caseSlaState } from './queue-model.ts';
import { TechnicianPicker } from './technician-picker.tsx';

const LEVEL_KEYS: readonly MessageKey[] = ['desk.level.0', 'desk.level.1', 'desk.level.2', 'desk.level.3'];
const ACTION_KEYS: Record<TransitionAction, MessageKey> = {
  assign: 'desk.action.assign',
  start: 'desk.action.start',
  escalate: 'desk.action.escalate',
  resolve: 'desk.action.resolve',
  close: 'desk.action.close',
  reopen: 'desk.action.reopen',
  cancel: 'desk.action.cancel',
  recategorize: 'desk.action.recategorize',
};
/** Placeholder inputs used only to ask the status machine which actions the state allows. */
const PROBE = { assignee: 'x', rca: 'x', capa: 'x' } as const;

export function useLevelName(): (level: number) => string {
  const { t } = useI18n();
  return (level) => {
    const key = LEVEL_KEYS[level];
    return key ? t('desk.level.value', { n: level, name: t(key) }) : String(level);
  };
}

/** Newest of the replicated copy and the copy the last command returned. */
function newest(local: CaseDoc | null, fromServer: Case | null): CaseDoc | null {
  if (!fromServer || (local && local.id !== fromServer.id)) return local;
  if (!local || fromServer.serverRev > local.serverRev) {
    const { _deleted, ...doc } = fromServer;
    return doc;
  }
  return local;
}

export function CaseDetail({ caseId, onClose }: { caseId: string; onClose: () => void }) {
  const db = useDb();
  const { t, dateTime, language } = useI18n();
  const { user, api } = useSession();
  const queryClient = useQueryClient();
  const online = useOnline();
  const local = useObservable<CaseDoc | null | undefined>(() => observeCase(db, caseId), undefined, [
    db,
    caseId,
  ]);
  const events = useObservable<CaseEventDoc[]>(() => observeCaseEvents(db, caseId), [], [db, caseId]);
  // Subcase label from the replicated catalogue: the desk read raw codes like
  // "dana_belum_masuk" otherwise (the code stays as fallback for an unknown rule).
  const rules = useObservable<SlaRuleDoc[]>(() => observeSlaRules(db), [], [db]);
  const [sentEvents, setSentEvents] = useState<CaseEvent[]>([]);
  const [action, setAction] = useState<TransitionAction | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [now, setNow] = useState(() => new Date());
  const levelName = useLevelName();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Keyboard (issue 15): `a` assign, `s` resolve, when the state allows it.
  const shortcutState = useRef<{
    legal: readonly TransitionAction[];
    setAction: (a: TransitionAction) => void;
  }>({
    legal: [],
    setAction: () => undefined,
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const wanted = event.key === 'a' ? 'assign' : event.key === 's' ? 'resolve' : null;
      if (!wanted || !shortcutState.current.legal.includes(wanted)) return;
      event.preventDefault();
      shortcutState.current.setAction(wanted);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when another case is opened.
  useEffect(() => {
    setSentEvents([]);
    setAction(null);
    setNotice(null);
    headingRef.current?.focus();
  }, [caseId]);

  // Just created (intake) or not replicated yet: ask the server instead of saying "not
  // found". A failure (404, offline) leaves "not found on this device" standing. The last
  // command's answer is stored under the same key, so the panel shows it at once.
  const remote = useJsonQuery(deskKeys.case(caseId), `/api/cases/${encodeURIComponent(caseId)}`, caseSchema, {
    enabled: local === null,
  });
  const fromServer = remote.data ?? null;
  const transition = useCommand(
    (request: TransitionRequest) =>
      api.json(`/api/cases/${encodeURIComponent(caseId)}/transition`, caseSchema, { json: request }),
    { onSuccess: (updated) => queryClient.setQueryData(deskKeys.case(updated.id), updated) },
  );
  const comment = useCommand(
    (body: CommentRequest) =>
      api.json(`/api/cases/${encodeURIComponent(caseId)}/comments`, caseEventSchema, { json: body }),
    { onSuccess: (event) => setSentEvents((list) => [...list, event]) },
  );

  const c = local === undefined ? undefined : newest(local, fromServer);
  const timeline = useMemo(() => {
    const byId = new Map<string, CaseEventDoc>();
    for (const e of sentEvents) byId.set(e.id, e);
    for (const e of events) byId.set(e.id, e);
    return [...byId.values()].sort((a, b) => a.at.localeCompare(b.at));
  }, [events, sentEvents]);
  // Merchant name for the canned replies' {merchantName}.
  const mid = c?.mid;
  const [merchantName, setMerchantName] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    setMerchantName(undefined);
    if (mid) void getMerchant(db, mid).then((m) => live && setMerchantName(m?.name));
    return () => {
      live = false;
    };
  }, [db, mid]);

  if (c === undefined) return <Loading label={t('app.loading')} />;
  if (c === null) {
    return (
      <section className="detail-panel" data-testid="case-detail">
        <p>{t('desk.detail.notFound')}</p>
        <button type="button" className="btn" onClick={onClose}>
          {t('desk.common.close')}
        </button>
      </section>
    );
  }

  const actor = { role: user?.role ?? 'agent', username: user?.username ?? '', mid: user?.mid };
  const asCase: Case = { ...c, _deleted: false };
  const legal = transitionActions.filter((a) =>
    a === 'recategorize'
      ? // Needs the catalogue to plan; offered whenever the role and the status allow it.
        mayAttempt(actor, a, asCase) &&
        (TRANSITION_SOURCES.recategorize as readonly string[]).includes(c.status)
      : planTransition({ current: asCase, action: a, actor, request: { action: a, ...PROBE }, now }).ok,
  );
  shortcutState.current = { legal, setAction };
  const escalatedTo = [...timeline]
    .reverse()
    .find((e) => e.type === 'escalated' && typeof e.data?.escalatedTo === 'string')?.data?.escalatedTo;
  const sla = caseSlaState(c, now);
  const responseOverdue =
    c.responseDueAt !== undefined &&
    (c.firstResponseAt === undefined
      ? (c.status === 'open' || c.status === 'in_progress') && now.getTime() > Date.parse(c.responseDueAt)
      : Date.parse(c.firstResponseAt) > Date.parse(c.responseDueAt));
  const offlineDelay =
    c.acceptedAt && (c.channel === 'technician_app' || c.channel === 'merchant_app')
      ? (Date.parse(c.acceptedAt) - Date.parse(c.reportedAt)) / 60_000
      : null;

  /**
   * The status machine's verdict for a request, as the server will give it. recategorize
   * is planned by the server with its catalogue: only role and status are checked here.
   */
  const check = (request: TransitionRequest): TransitionPlan =>
    request.action === 'recategorize'
      ? legal.includes('recategorize')
        ? { ok: true, patch: {}, event: { type: 'recategorized' } }
        : { ok: false, code: 'forbidden' }
      : planTransition({ current: asCase, action: request.action, actor, request, now: new Date() });

  const send = (request: TransitionRequest) => {
    const plan = check(request);
    if (!plan.ok) {
      // The server would refuse the same way: say it in the same words.
      setNotice({
        ok: false,
        text: apiErrorText(
          t,
          plan.code === 'forbidden'
            ? new ApiError(403, 'forbidden')
            : new ApiError(409, 'illegal_transition', { detail: plan.detail }),
        ),
      });
      return;
    }
    setNotice(null);
    transition.mutate(request, {
      onSuccess: () => {
        setNotice({ ok: true, text: t('desk.action.done', { action: t(ACTION_KEYS[request.action]) }) });
        setAction(null);
      },
      onError: (error) => setNotice({ ok: false, text: apiErrorText(t, error) }),
    });
  };

  const sendComment = (body: CommentRequest, done: () => void) =>
    comment.mutate(body, {
      onSuccess: done,
      onError: (error) => setNotice({ ok: false, text: apiErrorText(t, error) }),
    });

  // `data`: text people typed or named (descriptions, RCA, usernames, units) in whatever
  // language they wrote it — never translated, and not UI text of either language.
  const fact = (label: MessageKey, value: string | number | undefined, testId?: string, data = false) =>
    value === undefined || value === '' ? null : (
      <>
        <dt>{t(label)}</dt>
        <dd data-testid={testId} translate={data ? 'no' : undefined}>
          {value}
        </dd>
      </>
    );
  const when = (iso: string | undefined) => (iso ? dateTime(iso) : undefined);

  return (
    <section
      className="detail-panel"
      data-testid="case-detail"
      data-case-id={c.id}
      aria-label={t('desk.detail.title')}
    >
      <header>
        <div>
          <h2 ref={headingRef} tabIndex={-1} data-testid="detail-case-number">
            {c.caseNumber ?? t('desk.queue.noNumber')}
          </h2>
          <p className="row">
            <span className="badge" data-testid="detail-status" data-status={c.status}>
              {t(`case.status.${c.status}`)}
            </span>
            <span
              className={`sla-badge sla-${sla ?? 'none'}`}
              data-testid="detail-sla"
              data-sla={sla ?? 'none'}
            >
              {t(sla ? `desk.sla.${sla}` : 'desk.sla.none')}
            </span>
            <span data-testid="detail-level" data-level={c.escalationLevel}>
              {t('desk.level.label')}: {levelName(c.escalationLevel)}
            </span>
          </p>
        </div>
        <button type="button" className="btn small" onClick={onClose} aria-label={t('desk.detail.close')}>
          ✕
        </button>
      </header>

      <ol className="ladder row" aria-label={t('desk.level.label')}>
        {escalationLadder.map((name, level) => (
          <li
            key={name}
            className={level === c.escalationLevel ? 'badge wait' : 'badge'}
            aria-current={level === c.escalationLevel ? 'step' : undefined}
          >
            {t(LEVEL_KEYS[level] ?? 'desk.level.0')}
          </li>
        ))}
      </ol>

      <h3>{t('desk.action.title')}</h3>
      {!online && <p className="notice warn">{t('desk.action.offline')}</p>}
      {legal.length === 0 ? (
        <p className="muted">{t('desk.action.none')}</p>
      ) : (
        <div className="actions">
          {legal.map((a) => (
            <button
              key={a}
              type="button"
              className={`btn small${a === action ? ' primary' : ''}`}
              data-testid={`action-${a}`}
              aria-expanded={a === action}
              onClick={() => {
                setNotice(null);
                setAction(a === action ? null : a);
              }}
            >
              {a === 'escalate' && c.escalationLevel < 3
                ? `${t(ACTION_KEYS[a])} → ${t(LEVEL_KEYS[c.escalationLevel + 1] ?? 'desk.level.3')}`
                : t(ACTION_KEYS[a])}
            </button>
          ))}
        </div>
      )}
      {action && (
        <ActionForm
          key={action}
          action={action}
          current={c}
          rules={rules}
          username={actor.username}
          mid={c.mid}
          busy={transition.isPending}
          check={check}
          onCancel={() => setAction(null)}
          onSubmit={send}
        />
      )}
      {notice && (
        <p
          className={`notice ${notice.ok ? 'ok' : 'bad'}`}
          role={notice.ok ? 'status' : 'alert'}
          data-testid="detail-notice"
        >
          {notice.text}
        </p>
      )}

      <dl className="facts two">
        {fact('desk.field.category', t(`category.${c.category}`), 'detail-category')}
        {fact(
          'desk.field.subcase',
          rules.find((r) => r.category === c.category && r.subcase === c.subcase)?.label || c.subcase,
        )}
        {fact('desk.field.priority', c.priority ? t(`desk.priority.${c.priority}`) : undefined)}
        {fact('desk.field.channel', t(`desk.channel.${c.channel}`))}
        {fact('desk.field.caller', callerOf(events), 'detail-caller', true)}
        {fact('desk.field.tid', c.tid, 'detail-tid')}
        {fact('desk.field.mid', c.mid, 'detail-mid')}
        {fact('desk.field.serial', c.serialNumber)}
        {fact('desk.field.replacementSerial', c.replacementSerial)}
        {c.contactPhone && (
          <>
            <dt>{t('desk.field.contactPhone')}</dt>
            <dd data-testid="detail-contact-phone">
              <a href={`tel:${c.contactPhone}`}>{c.contactPhone}</a>
            </dd>
          </>
        )}
        {fact('desk.field.description', c.description, undefined, true)}
        {fact(
          `case.reportedVia.${c.channel}`,
          offlineDelay !== null && offlineDelay > 5
            ? `${dateTime(c.reportedAt)} (${t('desk.detail.offlineDelay', { delay: formatMinutes(language, offlineDelay) })})`
            : dateTime(c.reportedAt),
        )}
        {fact('desk.field.acceptedAt', when(c.acceptedAt))}
        {fact(
          'desk.field.responseDueAt',
          c.responseDueAt && responseOverdue
            ? `${dateTime(c.responseDueAt)} — ${t('desk.slaMon.responseOverdue')}`
            : when(c.responseDueAt),
          'detail-response-due',
        )}
        {fact('desk.field.dueAt', when(c.dueAt), 'detail-due')}
        {fact('desk.field.firstResponseAt', when(c.firstResponseAt))}
        {fact('desk.field.resolvedAt', when(c.resolvedAt))}
        {fact('desk.field.closedAt', when(c.closedAt))}
        {fact('desk.field.caseType', c.caseType && caseTypeLabel(t, c.caseType))}
        {fact('desk.field.unit', c.responsibleUnit, undefined, true)}
        {fact('desk.field.assignee', c.assignee, 'detail-assignee', true)}
        {fact(
          'desk.field.escalatedTo',
          typeof escalatedTo === 'string' ? escalatedTo : undefined,
          'detail-escalated-to',
        )}
        {fact('desk.field.createdBy', c.createdBy, undefined, true)}
        {fact('desk.field.rca', c.rca, 'detail-rca', true)}
        {fact('desk.field.capa', c.capa, 'detail-capa', true)}
        {fact('desk.field.satisfaction', c.satisfaction === undefined ? undefined : `${c.satisfaction} / 5`)}
        {fact('desk.field.rejectReason', c.rejectReason ? t(`reject.${c.rejectReason}`) : undefined)}
        {fact('desk.field.blocking', c.blockingCaseNumber)}
      </dl>

      <CaseEvidence c={c} events={timeline} />

      <Comments
        events={timeline}
        username={actor.username}
        busy={comment.isPending}
        onSend={sendComment}
        disabled={!online}
        macroValues={{
          merchantName,
          caseNumber: c.caseNumber,
          dueAt: c.dueAt ? dateTime(c.dueAt) : undefined,
        }}
      />

      <h3>{t('desk.timeline.title')}</h3>
      <ol className="desk-timeline" data-testid="detail-timeline">
        {(c.channel === 'technician_app' || c.channel === 'merchant_app') && (
          <li>
            <span className="when">{dateTime(c.reportedAt)}</span> — {t('desk.timeline.reportedOnDevice')}
          </li>
        )}
        {timeline.map((e) => (
          <li key={e.id} data-event-type={e.type}>
            <span className="when">{dateTime(e.at)}</span> — <strong>{t(`event.${e.type}`)}</strong>{' '}
            <span className="muted" data-testid="timeline-by">
              {e.actor === 'system' ? (
                t('desk.timeline.by', { actor: t('actor.system') })
              ) : (
                <ByUser template={t('desk.timeline.by', { actor: ACTOR_SLOT })} username={e.actor} />
              )}
            </span>
            {e.data?.internal === true && (
              <span className="badge wait" data-testid="internal-badge">
                {t('desk.comments.internalBadge')}
              </span>
            )}
            <EventData event={e} levelName={levelName} />
            <EventNote event={e} />
          </li>
        ))}
        {timeline.length === 0 && <li className="muted">{t('desk.timeline.empty')}</li>}
      </ol>
    </section>
  );
}

const ACTOR_SLOT = '\u0000';

/** "oleh {username}": the words in the desk's language, the username marked as data. */
function ByUser({ template, username }: { template: string; username: string }) {
  const [before, after = ''] = template.split(ACTOR_SLOT);
  return (
    <>
      {before}
      <span translate="no">{username}</span>
      {after}
    </>
  );
}

function EventData({ event, levelName }: { event: CaseEventDoc; levelName: (n: number) => string }) {
  const { t } = useI18n();
  const data = event.data ?? {};
  if (event.type === 'escalated' && typeof data.to === 'number') {
    const from = typeof data.from === 'number' ? `${levelName(data.from)} → ` : '';
    return <div>{`${from}${levelName(data.to)}`}</div>;
  }
  if (event.type === 'assigned' && typeof data.to === 'string') return <div>→ {data.to}</div>;
  if (event.type === 'recategorized' && isRecord(data.from) && isRecord(data.to)) {
    const describe = (x: Record<string, unknown>) =>
      [
        typeof x.category === 'string' ? t(`category.${x.category}` as MessageKey) : '',
        typeof x.priority === 'string' ? t(`desk.priority.${x.priority}` as MessageKey) : '',
        typeof x.responsibleUnit === 'string' ? x.responsibleUnit : '',
      ]
        .filter(Boolean)
        .join(' · ');
    return (
      <div data-testid="recategorized-change">
        {describe(data.from)} → {describe(data.to)}
      </div>
    );
  }
  if (event.type === 'rejected' && typeof data.reason === 'string') {
    return <div>{data.reason}</div>;
  }
  if (typeof data.satisfaction === 'number')
    return (
      <div>
        {t('desk.field.satisfaction')}: {data.satisfaction} / 5
      </div>
    );
  return null;
}

type ActionValues = {
  assignee: string;
  rca: string;
  capa: string;
  note: string;
  internal: boolean;
  category: string;
  subcase: string;
  priority: string;
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function ActionForm({
  action,
  current,
  rules,
  username,
  mid,
  busy,
  check,
  onCancel,
  onSubmit,
}: {
  action: TransitionAction;
  current: CaseDoc;
  rules: readonly SlaRuleDoc[];
  username: string;
  mid: string;
  busy: boolean;
  check: (request: TransitionRequest) => TransitionPlan;
  onCancel: () => void;
  onSubmit: (request: TransitionRequest) => void;
}) {
  const { t } = useI18n();
  const form = useZodForm({
    // The shared request, plus what the status machine demands of this action
    // (an assignee to assign, RCA and CAPA to resolve) said at the field.
    schema: transitionRequestSchema.superRefine((request, ctx) => {
      const plan = check(request);
      if (plan.ok || plan.code !== 'illegal_transition') return;
      const missing: (keyof ActionValues)[] =
        plan.detail === 'assignee_required'
          ? ['assignee']
          : plan.detail === 'rca_capa_required'
            ? (['rca', 'capa'] as const).filter((f) => !request[f])
            : [];
      for (const field of missing) ctx.addIssue({ code: 'custom', path: [field], message: plan.detail });
    }),
    defaultValues: {
      assignee: '',
      rca: '',
      capa: '',
      note: '',
      // DESIGN section 9: notes of assign/escalate/resolve are internal unless shown to the merchant.
      internal: INTERNAL_NOTE_ACTIONS.has(action),
      category: current.category,
      subcase: current.subcase ?? '',
      priority: '',
    },
    toRequest: (v: ActionValues) => {
      const request: TransitionRequest = { action };
      if (v.note.trim()) {
        request.note = v.note.trim();
        request.internal = v.internal;
      }
      if (action === 'recategorize') {
        request.category = categories.find((x) => x === v.category) ?? current.category;
        if (v.subcase) request.subcase = v.subcase;
        const priority = priorities.find((x) => x === v.priority);
        if (priority) request.priority = priority;
      }
      if (action === 'assign') request.assignee = v.assignee.trim();
      if (action === 'resolve') {
        request.rca = v.rca.trim();
        request.capa = v.capa.trim();
      }
      return request;
    },
  });
  const { errors } = form.formState;
  const category = form.watch('category');
  const subcases = rules.filter((r) => r.category === category && r.active);
  return (
    <form
      className="action-form"
      noValidate
      onSubmit={form.handleSubmit(onSubmit)}
      data-testid={`action-form-${action}`}
    >
      {action === 'assign' && (
        <TechnicianPicker
          mid={mid}
          me={username}
          value={form.watch('assignee')}
          error={errors.assignee}
          onChange={(u) => form.setValue('assignee', u, { shouldValidate: form.formState.isSubmitted })}
        />
      )}
      {action === 'resolve' && (
        <>
          <Field label={t('desk.field.rca')} error={errors.rca}>
            {(a11y) => (
              <textarea
                required
                rows={3}
                {...a11y}
                {...form.register('rca')}
                // biome-ignore lint/a11y/noAutofocus: the form opens on the user's click; typing starts here.
                autoFocus
              />
            )}
          </Field>
          <Field label={t('desk.field.capa')} error={errors.capa}>
            {(a11y) => <textarea required rows={3} {...a11y} {...form.register('capa')} />}
          </Field>
        </>
      )}
      {action === 'recategorize' && (
        <>
          <Field label={t('desk.field.category')} error={errors.category}>
            {(a11y) => (
              <select
                data-testid="recat-category"
                {...a11y}
                {...form.register('category', { onChange: () => form.setValue('subcase', '') })}
              >
                {categories.map((x: Category) => (
                  <option key={x} value={x}>
                    {t(`category.${x}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('desk.field.subcase')} error={errors.subcase}>
            {(a11y) => (
              <select data-testid="recat-subcase" {...a11y} {...form.register('subcase')}>
                <option value="">{t('desk.recat.noSubcase')}</option>
                {subcases.map((r) => (
                  <option key={r.id} value={r.subcase}>
                    {r.label} ({t(`desk.priority.${r.priority}`)})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('desk.field.priority')} error={errors.priority}>
            {(a11y) => (
              <select data-testid="recat-priority" {...a11y} {...form.register('priority')}>
                <option value="">{t('desk.recat.priorityFromRule')}</option>
                {priorities.map((x: Priority) => (
                  <option key={x} value={x}>
                    {t(`desk.priority.${x}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <p className="muted">{t('desk.recat.hint')}</p>
        </>
      )}
      <Field label={t('desk.action.note')} error={errors.note}>
        {(a11y) => <textarea rows={2} {...a11y} {...form.register('note')} />}
      </Field>
      <label className="row">
        <input type="checkbox" data-testid="action-internal" {...form.register('internal')} />
        {t('desk.comments.internalToggle')}
      </label>
      <div className="row">
        <button type="submit" className="btn primary small" disabled={busy} data-testid="action-submit">
          {busy ? t('desk.action.sending') : `${t(ACTION_KEYS[action])} — ${t('desk.action.submit')}`}
        </button>
        <button type="button" className="btn small" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function Comments({
  events,
  username,
  busy,
  onSend,
  disabled,
  macroValues,
}: {
  events: CaseEventDoc[];
  username: string;
  busy: boolean;
  onSend: (body: CommentRequest, done: () => void) => void;
  disabled: boolean;
  macroValues: MacroValues;
}) {
  const { t, dateTime } = useI18n();
  const form = useZodForm({
    schema: commentRequestSchema,
    defaultValues: { note: '', internal: false },
    toRequest: (v: { note: string; internal: boolean }): CommentRequest => v,
  });
  const note = form.watch('note');
  const internal = form.watch('internal');
  const macros = useJsonQuery(deskKeys.macros, '/api/desk/macros', macroSchema.array());
  const boxRef = useRef<HTMLTextAreaElement | null>(null);
  const noteField = form.register('note');
  const comments = events.filter((e) => e.type === 'comment');
  // Keyboard (issue 15): `r` public reply, `n` internal note, from anywhere in the desk.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      if (event.key !== 'r' && event.key !== 'n') return;
      event.preventDefault();
      form.setValue('internal', event.key === 'n');
      boxRef.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [form]);
  return (
    <section aria-label={t('desk.comments.title')} data-testid="detail-comments">
      <h3>{t('desk.comments.title')}</h3>
      {comments.length === 0 && <p className="muted">{t('desk.comments.empty')}</p>}
      {comments.map((e) => (
        <div
          key={e.id}
          className={`comment${e.actor === username ? ' mine' : ''}${e.data?.internal === true ? ' internal' : ''}`}
          data-testid="comment"
          data-internal={e.data?.internal === true}
        >
          <div className="muted">
            {e.actor} · {dateTime(e.at)}
            {e.data?.internal === true && ` · ${t('desk.comments.internalBadge')}`}
          </div>
          <div>{e.note}</div>
        </div>
      ))}
      <fieldset className="row reply-kind" aria-label={t('desk.comments.kind')}>
        <button
          type="button"
          className="chip"
          data-testid="reply-public"
          aria-pressed={!internal}
          aria-keyshortcuts="r"
          onClick={() => form.setValue('internal', false)}
        >
          {t('desk.comments.public')}
        </button>
        <button
          type="button"
          className="chip"
          data-testid="reply-internal"
          aria-pressed={internal}
          aria-keyshortcuts="n"
          onClick={() => form.setValue('internal', true)}
        >
          {t('desk.comments.internal')}
        </button>
        {macros.data && macros.data.length > 0 && (
          <label>
            {t('desk.macros.use')}
            <select
              data-testid="macro-picker"
              value=""
              onChange={(e) => {
                const m = macros.data?.find((x) => x.id === e.target.value);
                if (!m) return;
                form.setValue('note', fillMacro(m.body, macroValues));
                form.setValue('internal', m.internal);
                boxRef.current?.focus();
              }}
            >
              <option value="">—</option>
              {macros.data.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.title}
                </option>
              ))}
            </select>
          </label>
        )}
      </fieldset>
      <form
        className="row"
        noValidate
        onSubmit={form.handleSubmit((body) => onSend(body, () => form.reset({ note: '', internal })))}
      >
        <textarea
          data-testid="reply-text"
          aria-label={internal ? t('desk.comments.internal') : t('desk.comments.placeholder')}
          placeholder={internal ? t('desk.comments.internalPlaceholder') : t('desk.comments.placeholder')}
          rows={2}
          style={{ flex: 1 }}
          {...noteField}
          ref={(el) => {
            noteField.ref(el);
            boxRef.current = el;
          }}
        />
        <button
          type="submit"
          className="btn small"
          data-testid="reply-send"
          disabled={busy || disabled || !note.trim()}
        >
          {internal ? t('desk.comments.sendInternal') : t('desk.comments.send')}
        </button>
      </form>
    </section>
  );
}

const CASE_TYPE_KEYS: Record<string, MessageKey> = {
  escalation: 'desk.caseType.escalation',
  complaint: 'desk.caseType.complaint',
  request: 'desk.caseType.request',
  inquiry: 'desk.caseType.inquiry',
};

/** caseType is free text in the catalogue; the four built-in ones are translated, any
 *  admin-made type is shown as written. */
function caseTypeLabel(t: (key: MessageKey) => string, caseType: string): string {
  const key = CASE_TYPE_KEYS[caseType];
  return key ? t(key) : caseType;
}

/** The caller an intake recorded on the `submitted` event (issue 15), as "name, phone". */
function callerOf(events: readonly CaseEventDoc[]): string | undefined {
  const caller = events.find((e) => e.type === 'submitted')?.data?.caller;
  if (typeof caller !== 'object' || caller === null) return undefined;
  const name = 'name' in caller ? caller.name : undefined;
  const phone = 'phone' in caller ? caller.phone : undefined;
  const text = [name, phone].filter((p): p is string => typeof p === 'string' && p !== '').join(', ');
  return text || undefined;
}
