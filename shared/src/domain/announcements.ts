/**
 * Who an announcement reaches (DESIGN section 9), and whether it shows now. Pure: the
 * server's SQL (db/announcements.ts) implements the same table, checked against this in
 * its test; the phone uses `announcementActive` to show the banner offline.
 */
import type { AnnouncementAudience } from '../schemas/announcements.ts';
import type { Role } from '../schemas/common.ts';

export type AnnouncementReader = {
  role: Role;
  /** A technician's regions. */
  regions: readonly string[];
  /** A merchant's region (of its MID). */
  merchantRegion?: string | undefined;
};

/**
 * `all` reaches everyone; `merchants` / `technicians` their role; `region:X` the
 * technicians working X and the merchants located in X. The back office manages
 * announcements and sees them all, but is notified only by `all`.
 */
export function announcementReaches(audience: AnnouncementAudience, r: AnnouncementReader): boolean {
  if (audience === 'all') return true;
  if (audience === 'merchants') return r.role === 'merchant';
  if (audience === 'technicians') return r.role === 'technician';
  const region = audience.slice('region:'.length);
  if (r.role === 'technician') return r.regions.includes(region);
  if (r.role === 'merchant') return r.merchantRegion === region;
  return false;
}

/** Shown between its start and (optional) end. */
export function announcementActive(a: { startsAt: string; endsAt?: string | undefined }, now: Date): boolean {
  const t = now.getTime();
  return Date.parse(a.startsAt) <= t && (a.endsAt === undefined || t < Date.parse(a.endsAt));
}
