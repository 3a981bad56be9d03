/**
 * Case rules' building blocks (DESIGN section 3, "Case rules"): which statuses block a
 * TID/MID, the official case number, rule 1's device check and serial lookups. The
 * decision that combines them is `acceptCase` (case-acceptance.ts).
 */
import type { CaseStatus } from '../schemas/common.ts';
import { nonBlockingStatuses } from '../schemas/common.ts';
import type { Device } from '../schemas/entities.ts';
import { jakartaDateOf } from './sla.ts';

const NON_BLOCKING: ReadonlySet<CaseStatus> = new Set(nonBlockingStatuses);

/**
 * True when a case in `status` blocks a new case for the same TID/MID: everything but
 * closed, rejected and cancelled. `submitted` counts as blocking on the device (a queued
 * case should stop a duplicate) but the server never stores a `submitted` row.
 */
export function isBlockingStatus(status: CaseStatus): boolean {
  return !NON_BLOCKING.has(status);
}

/**
 * Official case number `CASE-YYYYMMDD-NNNNN`: the Jakarta date of acceptance and the
 * sequence zero-padded to five digits (a sixth digit appears after 99,999, never wraps).
 */
export function formatCaseNumber(acceptedAt: Date, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1)
    throw new RangeError(`case sequence must be a positive integer: ${seq}`);
  return `CASE-${jakartaDateOf(acceptedAt).replaceAll('-', '')}-${String(seq).padStart(5, '0')}`;
}

/** Result of case rule 1 for one looked-up device. */
export type DeviceCheck = { ok: true } | { ok: false; reason: 'device_not_found' | 'device_not_operational' };

/** Case rule 1: the device must exist and be `on_operation`. */
export function checkDevice(device: Pick<Device, 'status'> | null): DeviceCheck {
  if (!device) return { ok: false, reason: 'device_not_found' };
  if (device.status !== 'on_operation') return { ok: false, reason: 'device_not_operational' };
  return { ok: true };
}

/**
 * Canonical form of a scanned or typed serial / SAM serial / SIM ICCID / TID: trimmed and
 * upper-cased. Nothing else is stripped — dashes and inner spaces are significant in some
 * vendors' serials, so both sides must agree on exactly this and store serials as given.
 */
export function normalizeSerial(s: string): string {
  return s.trim().toUpperCase();
}

type DeviceKeys = Pick<Device, 'serialNumber' | 'tid'> & Partial<Pick<Device, 'samSerial' | 'simSerial'>>;

/** Which identifier of a device a lookup matched, in precedence order. */
export type SerialMatch = 'serialNumber' | 'samSerial' | 'simSerial' | 'tid';

/** The identifier of `device` equal to `query` after {@link normalizeSerial}, if any. */
export function matchDeviceBySerial(device: DeviceKeys, query: string): SerialMatch | null {
  const q = normalizeSerial(query);
  if (q === '') return null;
  if (normalizeSerial(device.serialNumber) === q) return 'serialNumber';
  if (device.samSerial !== undefined && normalizeSerial(device.samSerial) === q) return 'samSerial';
  if (device.simSerial !== undefined && normalizeSerial(device.simSerial) === q) return 'simSerial';
  if (normalizeSerial(device.tid) === q) return 'tid';
  return null;
}

/**
 * The device a query refers to among `devices`: a serial-number match wins over a SAM,
 * SIM or TID match (a SAM serial could collide with another vendor's device serial).
 */
export function findDeviceBySerial<D extends DeviceKeys>(devices: Iterable<D>, query: string): D | null {
  const rank: Record<SerialMatch, number> = { serialNumber: 0, samSerial: 1, simSerial: 2, tid: 3 };
  let best: D | null = null;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const d of devices) {
    const m = matchDeviceBySerial(d, query);
    if (m !== null && rank[m] < bestRank) {
      best = d;
      bestRank = rank[m];
      if (bestRank === 0) break;
    }
  }
  return best;
}
