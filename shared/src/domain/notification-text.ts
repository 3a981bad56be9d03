/**
 * Notification texts in the recipient's language (DESIGN section 9) and their in-app deep
 * links. Pure: the server picks the recipient's locale and calls these inside the
 * transaction of the event that causes the notification.
 */
import type { Locale, NotificationType, RejectReason, Role } from '../schemas/common.ts';

export type NotificationParams = {
  caseNumber?: string | undefined;
  blockingCaseNumber?: string | undefined;
  rejectReason?: RejectReason | undefined;
  /** Display name or username of who caused it (assigner, commenter). */
  actor?: string | undefined;
  note?: string | undefined;
  level?: number | undefined;
  merchantName?: string | undefined;
  /** `case_assigned` told to the merchant: the technician who will come (display name). */
  assigneeName?: string | undefined;
  /** Why an `escalated` notice was written when it was not the escalate action. */
  cause?: EscalationCause | undefined;
  /** `reminder`: hours left before the resolution is closed automatically. */
  hoursLeft?: number | undefined;
};

/** An SLA deadline passed (response or resolution), or the merchant reopened the case. */
export type EscalationCause = 'sla_response' | 'sla_resolution' | 'reopened';

/** The case notification types (announcements carry their author's own text). */
export type CaseNotificationType = Exclude<NotificationType, 'announcement'>;

export type NotificationText = { title: string; body: string };

const BODY_MAX = 300;

const cut = (s: string | undefined) => {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t.length > BODY_MAX ? `${t.slice(0, BODY_MAX - 1)}…` : t;
};

const REJECT_REASONS: Record<Locale, Record<RejectReason, string>> = {
  id: {
    tid_mid_open: 'Masih ada kasus terbuka untuk TID/MID ini',
    device_not_found: 'Perangkat tidak ditemukan',
    device_not_operational: 'Perangkat tidak sedang beroperasi',
    invalid: 'Data kasus tidak valid',
    not_authorized: 'Tidak berwenang',
  },
  en: {
    tid_mid_open: 'This TID/MID already has an open case',
    device_not_found: 'Device not found',
    device_not_operational: 'Device is not in operation',
    invalid: 'The case data is not valid',
    not_authorized: 'Not authorized',
  },
};

const LEVELS: Record<Locale, readonly string[]> = {
  id: ['agen', 'supervisor', 'customer service manager', 'direktur'],
  en: ['agent', 'supervisor', 'customer service manager', 'director'],
};

const CAUSES: Record<Locale, Record<EscalationCause, string>> = {
  id: {
    sla_response: 'SLA respons terlampaui',
    sla_resolution: 'SLA penyelesaian terlampaui',
    reopened: 'Dibuka kembali oleh merchant',
  },
  en: {
    sla_response: 'Response SLA breached',
    sla_resolution: 'Resolution SLA breached',
    reopened: 'Reopened by the merchant',
  },
};

/**
 * Title and body of a case notification in `locale`. `role` is the recipient's: a
 * merchant told about an assignment hears that a technician is coming, not "new job".
 */
export function notificationText(
  type: CaseNotificationType,
  locale: Locale,
  p: NotificationParams,
  role?: Role,
): NotificationText {
  const n = p.caseNumber ?? '';
  const id = locale === 'id';
  switch (type) {
    case 'case_accepted':
      return id
        ? { title: `Kasus diterima: ${n}`, body: 'Kasus Anda diterima dan sedang ditangani.' }
        : { title: `Case accepted: ${n}`, body: 'Your case was accepted and is being handled.' };
    case 'case_rejected': {
      const reason = p.rejectReason ? REJECT_REASONS[locale][p.rejectReason] : '';
      const blocking = p.blockingCaseNumber;
      if (id) {
        return {
          title: blocking ? `Kasus ditolak: sudah ada ${blocking}` : 'Kasus ditolak',
          body: blocking ? `${reason}: ${blocking}. Tambahkan catatan ke kasus itu.` : reason,
        };
      }
      return {
        title: blocking ? `Case rejected: ${blocking} is open` : 'Case rejected',
        body: blocking ? `${reason}: ${blocking}. Add a note to that case instead.` : reason,
      };
    }
    case 'case_assigned': {
      if (role === 'merchant') {
        const who = p.assigneeName ?? '';
        return id
          ? {
              title: `Teknisi ditugaskan: ${n}`,
              body: cut(`${who || 'Seorang teknisi'} akan menangani terminal Anda.`),
            }
          : {
              title: `Technician assigned: ${n}`,
              body: cut(`${who || 'A technician'} will handle your terminal.`),
            };
      }
      const where = p.merchantName ? (id ? ` di ${p.merchantName}` : ` at ${p.merchantName}`) : '';
      return id
        ? { title: `Tugas baru: ${n}`, body: cut(`Ditugaskan${where}${p.actor ? ` oleh ${p.actor}` : ''}.`) }
        : { title: `New job: ${n}`, body: cut(`Assigned${where}${p.actor ? ` by ${p.actor}` : ''}.`) };
    }
    case 'case_resolved':
      // The caller passes `note` only when it is public (an internal resolve note never
      // reaches a merchant, DESIGN section 9).
      return id
        ? {
            title: `Kasus selesai: ${n}`,
            body: cut(`Mohon konfirmasi penyelesaiannya.${p.note ? ` ${p.note}` : ''}`),
          }
        : {
            title: `Case resolved: ${n}`,
            body: cut(`Please confirm the resolution.${p.note ? ` ${p.note}` : ''}`),
          };
    case 'comment':
      return id
        ? { title: `Pesan baru di ${n}`, body: cut(`${p.actor ? `${p.actor}: ` : ''}${p.note ?? ''}`) }
        : { title: `New message on ${n}`, body: cut(`${p.actor ? `${p.actor}: ` : ''}${p.note ?? ''}`) };
    case 'escalated': {
      const level = LEVELS[locale][p.level ?? 0] ?? '';
      const title = p.cause ? `${CAUSES[locale][p.cause]}: ${n}` : id ? `Eskalasi: ${n}` : `Escalated: ${n}`;
      return id
        ? { title, body: cut(`Dinaikkan ke ${level}.${p.note ? ` ${p.note}` : ''}`) }
        : { title, body: cut(`Raised to ${level}.${p.note ? ` ${p.note}` : ''}`) };
    }
    case 'reminder': {
      const left = p.hoursLeft === undefined ? '' : Math.max(1, Math.round(p.hoursLeft));
      return id
        ? {
            title: `Menunggu konfirmasi Anda: ${n}`,
            body: `Terminal sudah normal? Konfirmasi atau buka kembali kasus ini.${left ? ` Tanpa jawaban, kasus ditutup otomatis dalam ${left} jam.` : ''}`,
          }
        : {
            title: `Waiting for your confirmation: ${n}`,
            body: `Is the terminal working? Confirm or reopen this case.${left ? ` Without an answer it closes automatically in ${left} hour${left === 1 ? '' : 's'}.` : ''}`,
          };
    }
  }
}

/** Deep link to a case in the PWA for a recipient of `role`. */
export function caseUrl(role: Role, caseId: string): string {
  if (role === 'technician') return `/tech/cases/${caseId}`;
  if (role === 'merchant') return `/merchant/cases/${caseId}`;
  return `/desk?case=${caseId}`;
}
