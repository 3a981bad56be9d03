/**
 * What the merchant wrote and the server refused (issue 11): a message, confirmation or
 * reopen that came back `_deleted` with its reason, or a whole push refused with a 4xx.
 * The event itself leaves the outbox, so without this its text would silently vanish.
 * Each stays on the case, with the reason in words, until the merchant writes it again
 * (the text goes back into the message box), copies it, or dismisses it (confirmed).
 */
import { useState } from 'react';
import { ConfirmDialog } from '../../components/dialog.tsx';
import { refusalText } from '../../components/refusal-text.tsx';
import { showToast } from '../../components/toast.tsx';
import { dismissRefusal, observeRefusals, type Refusal } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDb } from '../../shell/providers.tsx';
import { useObservable } from '../../shell/use-observable.ts';

export function RefusedMessages({
  caseId,
  onRewrite,
}: {
  caseId: string;
  /** Puts the text back into the message box; absent where no message can be written. */
  onRewrite?: ((text: string) => void) | undefined;
}) {
  const { t, dateTime } = useI18n();
  const db = useDb();
  const refusals = useObservable<Refusal[]>(() => observeRefusals(db, caseId), [], [db, caseId]);
  const [confirming, setConfirming] = useState<Refusal | null>(null);
  if (refusals.length === 0) return null;

  const dismiss = (r: Refusal) => void dismissRefusal(db, caseId, r.eventId).catch(() => undefined);
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      showToast({ message: t('merchant.refused.copied') });
    } catch {
      // No clipboard (insecure context, denied): "Tulis ulang" still keeps the text.
    }
  };

  return (
    <section className="card rejection refused-messages" role="alert" data-testid="refused-messages">
      <h4>{t('merchant.refused.title')}</h4>
      <ul>
        {refusals.map((r) => (
          <li key={r.eventId} data-testid="refused-message" data-reason={r.reason} data-type={r.type}>
            <p className="refusal">{refusalText(t, dateTime, r)}</p>
            {r.note && (
              <p className="refused-note" translate="no" data-testid="refused-note">
                {r.note}
              </p>
            )}
            <div className="row">
              {r.note && (
                <>
                  {onRewrite && (
                    <button
                      type="button"
                      className="btn tonal"
                      onClick={() => {
                        // The text goes back into the box; the refusal has served its purpose.
                        onRewrite(r.note ?? '');
                        dismiss(r);
                      }}
                    >
                      {t('merchant.refused.rewrite')}
                    </button>
                  )}
                  <button type="button" className="btn text" onClick={() => void copy(r.note ?? '')}>
                    {t('merchant.refused.copy')}
                  </button>
                </>
              )}
              <button type="button" className="btn text" onClick={() => setConfirming(r)}>
                {t('merchant.refused.dismiss')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {confirming && (
        <ConfirmDialog
          title={t('merchant.refused.dismissTitle')}
          body={t('merchant.refused.dismissBody')}
          confirmLabel={t('merchant.refused.dismiss')}
          cancelLabel={t('common.cancel')}
          onConfirm={() => {
            dismiss(confirming);
            setConfirming(null);
          }}
          onCancel={() => setConfirming(null)}
          testId="dismiss-refusal-confirm"
        />
      )}
    </section>
  );
}
