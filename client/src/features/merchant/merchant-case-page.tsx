/**
 * One case for the merchant: status, the honest timeline (timeline.ts), the answer to a
 * resolution (confirm with a 1–5 rating, or reopen with a reason) and the chat with the
 * desk (seed 002's chat box: comment events). Everything the merchant writes is a
 * `case_events` document in the outbox, so it works offline and shows "waiting to send"
 * until the server has answered.
 */
import { commentRequestSchema, type TransitionRequest, transitionRequestSchema } from '@edc/shared';
import { isNpsDue } from '@edc/shared/domain';
import { useEffect, useState } from 'react';
import { useAttachmentUrl } from '../../components/attachment-url.ts';
import { Rejection, StatusBadge } from '../../components/case-labels.tsx';
import { CasePhotos, PhotoThumbs } from '../../components/case-photos.tsx';
import { Field } from '../../components/field.tsx';
import { useZodForm } from '../../components/form.tsx';
import { CasePushRefused } from '../../components/refusal-text.tsx';
import { Empty, Loading } from '../../components/state-views.tsx';
import {
  addClientEvent,
  type CaseDoc,
  type CaseEventDoc,
  findCaseByNumber,
  getKv,
  isPendingEvent,
  lastNpsAnswerAt,
  markCaseSeen,
  observeCase,
  observeCaseEvents,
} from '../../db/index.ts';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';
import { useDb, useSession } from '../../shell/providers.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { Link } from '../../shell/router.tsx';
import { reportStorageError } from '../../shell/storage.ts';
import { useLookup } from '../../shell/use-lookup.ts';
import { useObservable } from '../../shell/use-observable.ts';
import { CaseStepper } from './case-stepper.tsx';
import { MerchantCaseTitle } from './merchant-labels.tsx';
import { RefusedMessages } from './refused-messages.tsx';
import { pickedNumber, StarRating } from './star-rating.tsx';
import {
  type ActorRole,
  buildTimeline,
  chatMessages,
  messagePhotos,
  pendingAnswer,
  type TimelineEntry,
} from './timeline.ts';
import './merchant.css';

export function MerchantCasePage({ params }: ScreenProps) {
  const { t, dateTime } = useI18n();
  const db = useDb();
  const { user } = useSession();
  const id = params.id ?? '';
  const doc = useObservable<CaseDoc | null | undefined>(() => observeCase(db, id), undefined, [db, id]);
  const events = useObservable<CaseEventDoc[]>(() => observeCaseEvents(db, id), [], [db, id]);
  const [offline] = useLookup(async () => (await getKv(db, `submittedOffline:${id}`)) === '1', [db, id]);
  const now = useMinuteClock();

  if (doc === undefined) return <Loading label={t('app.loading')} />;
  if (doc === null)
    return (
      <section className="stack merchant">
        <Empty
          icon="search"
          action={
            <Link className="btn tonal" href="/merchant">
              {t('common.back')}
            </Link>
          }
        >
          {t('merchant.case.notFound')}
        </Empty>
      </section>
    );
  const me = user?.username ?? '';
  const timeline = buildTimeline(doc, events, me, offline.status === 'done' && offline.value);
  return (
    <section
      className="stack merchant"
      data-testid="merchant-case"
      data-case-id={doc.id}
      data-status={doc.status}
    >
      <h2 className="headline">
        <MerchantCaseTitle doc={doc} />
      </h2>
      <div className="row">
        <StatusBadge status={doc.status} />
        <span className="muted">{t(`category.${doc.category}`)}</span>
      </div>
      {doc.status === 'submitted' && (
        <p className="banner info" data-testid="waiting-number">
          {t('merchant.case.waitingNumber')}
        </p>
      )}
      <Rejection doc={doc} />
      {doc.status === 'submitted' && <CasePushRefused caseId={doc.id} />}
      {doc.blockingCaseNumber && <BlockingCaseLink number={doc.blockingCaseNumber} />}
      <CaseStepper doc={doc} events={events} now={now} />
      <dl className="card facts">
        {doc.description && (
          <>
            <dt>{t('merchant.case.description')}</dt>
            <dd translate="no">{doc.description}</dd>
          </>
        )}
        {doc.priority && (
          <>
            <dt>{t('merchant.complaint.urgency')}</dt>
            <dd>{t(`merchant.priority.${doc.priority}`)}</dd>
          </>
        )}
        {doc.tid && (
          <>
            <dt>{t('merchant.case.terminal')}</dt>
            <dd>
              {doc.serialNumber ?? ''} · TID {doc.tid}
            </dd>
          </>
        )}
        {doc.responsibleUnit && (
          <>
            <dt>{t('merchant.case.unit')}</dt>
            <dd data-testid="case-unit">{doc.responsibleUnit}</dd>
          </>
        )}
        {doc.dueAt && (
          <>
            <dt>{t('merchant.case.due')}</dt>
            <dd>{dateTime(doc.dueAt)}</dd>
          </>
        )}
        {doc.contactPhone && (
          <>
            <dt>{t('merchant.case.contactPhone')}</dt>
            <dd data-testid="case-contact-phone">{doc.contactPhone}</dd>
          </>
        )}
        {doc.satisfaction !== undefined && (
          <>
            <dt>{t('merchant.case.rating')}</dt>
            <dd data-testid="case-rating">{t('merchant.rating.value', { rating: doc.satisfaction })}</dd>
          </>
        )}
      </dl>
      <CasePhotos ids={doc.attachmentIds} />
      {doc.status === 'resolved' && <ResolutionAnswer doc={doc} events={events} username={me} />}
      <h3 className="section-title">{t('merchant.timeline.title')}</h3>
      <ol className="timeline" data-testid="merchant-timeline">
        {timeline.map((entry) => (
          <TimelineItem key={entryKey(entry)} entry={entry} />
        ))}
      </ol>
      <Chat doc={doc} events={events} username={me} />
    </section>
  );
}

/** The case that blocked this one, as a link when it is on this phone (the MID's own case). */
function BlockingCaseLink({ number }: { number: string }) {
  const { t } = useI18n();
  const db = useDb();
  const [found] = useLookup(() => findCaseByNumber(db, number), [db, number]);
  if (found.status !== 'done' || !found.value) return null;
  return (
    <Link className="btn tonal" href={`/merchant/cases/${found.value.id}`} data-testid="blocking-case-link">
      {t('merchant.complaint.openBlocking', { number })}
    </Link>
  );
}

/** "Now" for targets (late or not), moved once a minute: a stepper needs no finer clock. */
function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function entryKey(entry: TimelineEntry): string {
  return entry.kind === 'event' ? entry.id : entry.kind;
}

const roleKey: Record<ActorRole, MessageKey> = {
  you: 'merchant.role.you',
  technician: 'merchant.role.technician',
  merchant: 'merchant.role.merchant',
  back_office: 'merchant.role.back_office',
  system: 'merchant.role.system',
};

function TimelineItem({ entry }: { entry: TimelineEntry }) {
  const { t, time, dateTime } = useI18n();
  switch (entry.kind) {
    case 'reported':
      return (
        <li data-testid="timeline-step" data-step="reported" data-offline={entry.offline}>
          {t('merchant.timeline.reported', {
            how: t(`case.reportedVia.${entry.channel}`),
            time: time(entry.at),
          })}
          {entry.offline ? ` ${t('merchant.timeline.offline')}` : ''}{' '}
          <span className="muted">
            · {t(roleKey[entry.role])} (<span translate="no">{entry.actor}</span>) · {dateTime(entry.at)}
          </span>
        </li>
      );
    case 'waiting':
      return (
        <li data-testid="timeline-step" data-step="waiting">
          {t('merchant.timeline.waiting')}
        </li>
      );
    case 'received':
      return (
        <li data-testid="timeline-step" data-step="received">
          {t('merchant.timeline.received', { time: dateTime(entry.at) })}
        </li>
      );
    case 'number':
      return (
        <li data-testid="timeline-step" data-step="number">
          {t('merchant.timeline.number', { number: entry.caseNumber })}{' '}
          <span className="muted">· {dateTime(entry.at)}</span>
        </li>
      );
    case 'event': {
      const rating = typeof entry.data?.satisfaction === 'number' ? entry.data.satisfaction : null;
      const escalatedTo = typeof entry.data?.to === 'number' ? entry.data.to : null;
      const assignedTo =
        typeof entry.data?.toName === 'string'
          ? entry.data.toName
          : typeof entry.data?.to === 'string'
            ? entry.data.to
            : null;
      return (
        <li data-testid="timeline-step" data-step={entry.type} data-pending={entry.pending}>
          <strong>{t(`merchant.timeline.${entry.type}`)}</strong>
          {assignedTo !== null && entry.type === 'assigned' ? ` → ${assignedTo}` : ''}
          {escalatedTo !== null && entry.type === 'escalated'
            ? ` (${t('merchant.timeline.level', { level: escalatedTo })})`
            : ''}{' '}
          <span className="muted">
            · {t(roleKey[entry.role])}
            {entry.role !== 'you' && entry.role !== 'system' && (
              // A username is data (e.g. "teknisi.jkt05"), not UI text.
              <>
                {' ('}
                <span translate="no">{entry.actor}</span>)
              </>
            )}{' '}
            · {dateTime(entry.at)}
          </span>
          {entry.pending && <span className="badge wait">{t('merchant.pending')}</span>}
          {rating !== null && <div>{t('merchant.rating.value', { rating })}</div>}
          {entry.note && <div translate="no">{entry.note}</div>}
          {entry.type === 'resolved' && typeof entry.data?.signatureAttachmentId === 'string' && (
            <ProofOfService
              attachmentId={entry.data.signatureAttachmentId}
              signer={typeof entry.data.signerName === 'string' ? entry.data.signerName : undefined}
            />
          )}
        </li>
      );
    }
  }
}

/**
 * Proof of service (issue 12): the signature the merchant gave on the technician's phone
 * and the name written beside it. The name travels with the event (offline); the image is
 * fetched, and its absence offline is said, not hidden.
 */
function ProofOfService({ attachmentId, signer }: { attachmentId: string; signer: string | undefined }) {
  const { t } = useI18n();
  const url = useAttachmentUrl(attachmentId);
  return (
    <div className="proof-of-service" data-testid="merchant-signature">
      <span>
        {signer ? (
          <>
            {t('merchant.proof.signedBy')} <span translate="no">{signer}</span>
          </>
        ) : (
          t('evidence.signature')
        )}
      </span>
      {url === null && <span className="proof-signature loading" aria-busy="true" />}
      {url === 'error' && <span className="muted">{t('merchant.proof.unavailable')}</span>}
      {url !== null && url !== 'error' && (
        <img className="proof-signature" src={url} alt={t('evidence.signature')} />
      )}
    </div>
  );
}

/**
 * The merchant's answers, checked by the shared `transitionRequestSchema` of the transition
 * the server applies (`close` with a rating, `reopen` with a reason): a confirmation needs
 * its rating, a reopening its reason, said at the field.
 */
const confirmSchema = transitionRequestSchema.required({ satisfaction: true });
const reopenSchema = transitionRequestSchema.required({ note: true });
type ConfirmValues = { rating: string; comment: string; nps: string };
type ReopenValues = { reason: string };

/** Confirm (close with a rating) or reopen (with a reason) a resolved case. */
function ResolutionAnswer({
  doc,
  events,
  username,
}: {
  doc: CaseDoc;
  events: CaseEventDoc[];
  username: string;
}) {
  const { t } = useI18n();
  const db = useDb();
  const [npsAsked] = useLookup(async () => isNpsDue(toDate(await lastNpsAnswerAt(db)), new Date()), [db]);
  const [reopening, setReopening] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = useZodForm({
    schema: confirmSchema,
    defaultValues: { rating: '', comment: '', nps: '' },
    toRequest: (v: ConfirmValues) => ({
      action: 'close' as const,
      satisfaction: pickedNumber(v.rating),
      nps: pickedNumber(v.nps),
      ...(v.comment.trim() ? { note: v.comment } : {}),
    }),
    aliases: { satisfaction: 'rating' },
    requiredMessages: { rating: 'merchant.resolve.ratingRequired' },
  });
  const reopen = useZodForm({
    schema: reopenSchema,
    defaultValues: { reason: '' },
    toRequest: (v: ReopenValues) => ({
      action: 'reopen' as const,
      ...(v.reason.trim() ? { note: v.reason } : {}),
    }),
    aliases: { note: 'reason' },
    requiredMessages: { reason: 'merchant.resolve.reasonRequired' },
  });
  const pending = pendingAnswer(events);

  if (pending) {
    return (
      <p className="banner info" role="status" data-testid="answer-pending">
        {pending.type === 'confirmed'
          ? t('merchant.resolve.pendingConfirm')
          : t('merchant.resolve.pendingReopen')}
      </p>
    );
  }

  /** Into the outbox: the answer is a `case_events` document, sent when online. */
  const send = async (request: TransitionRequest) => {
    setError(null);
    try {
      await addClientEvent(db, {
        caseId: doc.id,
        type: request.action === 'close' ? 'confirmed' : 'reopened',
        note: request.note,
        satisfaction: request.satisfaction,
        nps: request.nps,
        username,
        now: new Date(),
      });
    } catch (e) {
      if (!reportStorageError(e)) setError(e instanceof Error ? e.message : String(e));
    }
  };
  const busy = confirm.formState.isSubmitting || reopen.formState.isSubmitting;

  return (
    <section
      className="card resolution"
      data-testid="resolution-answer"
      aria-label={t('merchant.resolve.title')}
    >
      <h3>{t('merchant.resolve.title')}</h3>
      <p>{t('merchant.resolve.body')}</p>
      {doc.rca && (
        <p>
          <strong>{t('merchant.resolve.rca')}:</strong> <span translate="no">{doc.rca}</span>
        </p>
      )}
      {doc.capa && (
        <p>
          <strong>{t('merchant.resolve.capa')}:</strong> <span translate="no">{doc.capa}</span>
        </p>
      )}
      {!reopening && (
        <form className="stack" noValidate onSubmit={confirm.handleSubmit(send)} data-testid="confirm-form">
          <StarRating
            legend={t('merchant.resolve.rating')}
            chosen={confirm.watch('rating')}
            error={confirm.formState.errors.rating}
            registration={confirm.register('rating')}
          />
          <Field label={t('merchant.resolve.comment')} error={confirm.formState.errors.comment}>
            {(a11y) => <textarea rows={2} maxLength={4000} {...a11y} {...confirm.register('comment')} />}
          </Field>
          {npsAsked.status === 'done' && npsAsked.value && (
            <fieldset className="nps" data-testid="nps-question">
              <legend>{t('merchant.resolve.nps')}</legend>
              <div className="nps-scale">
                {NPS_SCALE.map((n) => (
                  <label key={n} className={confirm.watch('nps') === String(n) ? 'chosen' : ''}>
                    <input type="radio" value={n} {...confirm.register('nps')} />
                    <span>{n}</span>
                  </label>
                ))}
              </div>
              <div className="nps-ends muted" aria-hidden="true">
                <span>{t('merchant.resolve.npsLow')}</span>
                <span>{t('merchant.resolve.npsHigh')}</span>
              </div>
            </fieldset>
          )}
          <div className="row">
            <button type="submit" className="btn primary" disabled={busy}>
              {busy ? t('common.sending') : t('merchant.resolve.confirm')}
            </button>
            <button type="button" className="btn" onClick={() => setReopening(true)}>
              {t('merchant.resolve.reopen')}
            </button>
          </div>
        </form>
      )}
      {reopening && (
        <form className="stack" noValidate onSubmit={reopen.handleSubmit(send)} data-testid="reopen-form">
          <Field label={t('merchant.resolve.reason')} error={reopen.formState.errors.reason}>
            {(a11y) => <textarea rows={3} maxLength={4000} {...a11y} {...reopen.register('reason')} />}
          </Field>
          <div className="row">
            <button type="submit" className="btn primary" disabled={busy}>
              {busy ? t('common.sending') : t('merchant.resolve.sendReopen')}
            </button>
            <button type="button" className="btn" onClick={() => setReopening(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

const NPS_SCALE = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

function toDate(iso: string | undefined): Date | undefined {
  return iso === undefined ? undefined : new Date(iso);
}

const messageSchema = commentRequestSchema.pick({ note: true });

/** Chat with the desk: comment events, oldest first, each marked waiting/sent. */
function Chat({ doc, events, username }: { doc: CaseDoc; events: CaseEventDoc[]; username: string }) {
  const { t, dateTime } = useI18n();
  const db = useDb();
  const [error, setError] = useState<string | null>(null);
  // The desk's comment rule (`commentRequestSchema`): words, at most 4,000 characters.
  const form = useZodForm({
    schema: messageSchema,
    defaultValues: { note: '' },
    toRequest: (v: { note: string }) => v,
    requiredMessages: { note: 'merchant.chat.required' },
  });
  const { errors, isSubmitting } = form.formState;
  const messages = chatMessages(events);
  const newest = messages.at(-1)?.at;
  // Opening the chat reads it: the home list drops its unread marker for this case.
  useEffect(() => {
    if (newest) void markCaseSeen(db, doc.id, newest).catch(() => undefined);
  }, [db, doc.id, newest]);
  // A message on a case still waiting to be sent goes out right after the case itself
  // (the sync engine pushes the case first); a rejected case has no desk to read it.
  const canWrite = doc.status !== 'rejected';

  const send = async ({ note }: { note: string }) => {
    setError(null);
    try {
      await addClientEvent(db, { caseId: doc.id, type: 'comment', note, username, now: new Date() });
      form.reset();
    } catch (e) {
      if (!reportStorageError(e)) setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="chat" aria-label={t('merchant.chat.title')} data-testid="merchant-chat">
      <h3 className="section-title">{t('merchant.chat.title')}</h3>
      {messages.length === 0 && <p className="muted">{t('merchant.chat.empty')}</p>}
      <ol className="chat-list">
        {messages.map((m) => {
          const mine = m.actor === username;
          const pending = isPendingEvent(m);
          return (
            <li
              key={m.id}
              className={`bubble ${mine ? 'mine' : 'theirs'}`}
              data-testid="chat-message"
              data-mine={mine}
              data-pending={pending}
            >
              <div className="bubble-meta">
                {mine ? t('merchant.chat.you') : t('merchant.chat.desk', { name: m.actor })} ·{' '}
                {dateTime(m.at)}
              </div>
              <div translate="no">{m.note}</div>
              <PhotoThumbs ids={messagePhotos(m)} />
              {mine && (
                <div className="bubble-state" data-testid="chat-state">
                  {pending ? t('merchant.pending') : t('merchant.sent')}
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {/* Refused messages (and answers) stay here with the reason: never silently lost. */}
      <RefusedMessages
        caseId={doc.id}
        onRewrite={canWrite ? (text) => form.setValue('note', text) : undefined}
      />
      {doc.status === 'closed' && (
        <p className="banner info" data-testid="chat-closed-note">
          {t('merchant.chat.closedNote')}{' '}
          <Link className="btn text" href="/merchant/new">
            {t('merchant.home.newComplaint')}
          </Link>
        </p>
      )}
      {canWrite ? (
        <form className="chat-form" noValidate onSubmit={form.handleSubmit(send)}>
          <Field label={<span className="sr-only">{t('merchant.chat.label')}</span>} error={errors.note}>
            {(a11y) => (
              <textarea
                rows={2}
                maxLength={4000}
                placeholder={t('merchant.chat.label')}
                {...a11y}
                {...form.register('note')}
              />
            )}
          </Field>
          <button type="submit" className="btn primary" disabled={isSubmitting}>
            {isSubmitting ? t('common.sending') : t('merchant.chat.send')}
          </button>
        </form>
      ) : (
        <p className="muted">{t('merchant.chat.unavailable')}</p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
