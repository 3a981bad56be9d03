/**
 * Demo data generator (DESIGN section 8): merchants, devices, six months of case history
 * and the demo users, for `npm start` on an empty database. Pure and deterministic: the
 * same `now` and `seed` give the same rows, byte for byte, so a demo and its screenshots
 * are reproducible. No I/O here — the seeding code (demo-seed.ts) inserts what this
 * returns (and hashes the demo password itself).
 *
 * This module composes the parts in services/demo/, each drawing from ONE seeded stream
 * in a fixed order (merchants, devices, then the case history day by day):
 * - rng.ts: the seeded stream and its helpers;
 * - catalogue.ts: the vocabulary (regions, merchant names, models, texts, staff);
 * - master-data.ts: merchants, devices and the demo users;
 * - case-history.ts: cases filed day by day, accepted or rejected by the shared rules;
 * - case-life.ts: what happens to an accepted case, through the shared status machine;
 * - case-numbers.ts: official numbers in acceptance order per Jakarta day.
 */
import type { Case, CaseEvent, Device, Merchant } from '@edc/shared';
import { generateCaseHistory } from './demo/case-history.ts';
import { type DemoUser, demoUsers, generateDevices, generateMerchants } from './demo/master-data.ts';
import { Rng } from './demo/rng.ts';

export type { DemoUser } from './demo/master-data.ts';

/** Everything the demo seeding inserts. */
export type DemoData = {
  merchants: Merchant[];
  devices: Device[];
  cases: Case[];
  events: CaseEvent[];
  users: DemoUser[];
  /** Last case-number sequence used per Jakarta day, for `case_number_counters`. */
  caseNumberCounters: { day: string; last: number }[];
};

/** Options of {@link generateDemoData}. */
export type DemoOptions = {
  now: Date;
  seed?: number;
  merchants?: number;
  devices?: number;
  months?: number;
  /**
   * Dispatch field cases to the region's technicians (default true), so `tech1` has jobs
   * in the demo; the e2e seed turns it off so each test decides a technician's jobs.
   */
  dispatch?: boolean;
};

/** Password of every demo user (DESIGN section 4); hashed by the seeding code. */
export const DEMO_PASSWORD = 'demo-pass-2026';

/**
 * Generate the demo data set for `now` (see the module comment). Defaults: 2,000
 * merchants, 5,000 devices, six months of cases, seed 20260101.
 */
export function generateDemoData(options: DemoOptions): DemoData {
  const now = options.now.getTime();
  const seed = options.seed ?? 20_260_101;
  const merchantCount = options.merchants ?? 2000;
  const deviceCount = Math.max(options.devices ?? 5000, merchantCount);
  const months = options.months ?? 6;
  const rng = new Rng(seed);
  const stamp = new Date(now).toISOString();

  const merchants = generateMerchants(rng, merchantCount, stamp);
  const { devices, states } = generateDevices(rng, merchants, deviceCount, stamp);
  const { users, demoMid } = demoUsers(merchants, devices);
  const dispatch = options.dispatch === false ? undefined : new Rng(seed + 1);
  const history = generateCaseHistory(rng, {
    now,
    months,
    deviceCount,
    merchants,
    states,
    demoMid,
    dispatch,
  });
  const { cases, events, caseNumberCounters } = history;
  return { merchants, devices, cases, events, users, caseNumberCounters };
}
