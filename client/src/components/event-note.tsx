/**
 * The note under a timeline event. What people typed is data (shown as written, marked
 * `translate="no"`); the SLA monitor's escalation note is the server's Indonesian sentence
 * ("SLA penyelesaian terlampaui: eskalasi ke customer_service_manager"), so it is said again
 * from the event's data in the reader's language, with the ladder's title instead of its
 * code when nobody holds it by name. Used by the technician's and the desk's timelines.
 */
import type { CaseEventDoc } from '../db/index.ts';
import { type MessageKey, type Translate, useI18n } from '../i18n/index.tsx';

type NotedEvent = Pick<CaseEventDoc, 'type' | 'note' | 'data'>;

/** The SLA monitor's escalation in the UI language, or null for any other event. */
export function slaBreachNote(t: Translate, event: NotedEvent): string | null {
  const data = event.data ?? {};
  if (event.type !== 'escalated' || data.reason !== 'sla_breach') return null;
  if (data.breach !== 'response' && data.breach !== 'resolution') return null;
  const to =
    typeof data.escalatedTo === 'string'
      ? data.escalatedTo
      : typeof data.level === 'number' && data.level >= 0 && data.level <= 3
        ? t(`desk.level.${data.level}` as MessageKey)
        : null;
  if (to === null) return null;
  return t('event.slaBreachNote', { kind: t(`event.slaBreach.${data.breach}`), to });
}

export function EventNote({ event }: { event: NotedEvent }) {
  const { t } = useI18n();
  const said = slaBreachNote(t, event);
  if (said) return <div data-testid="event-note">{said}</div>;
  return event.note ? <div translate="no">{event.note}</div> : null;
}
