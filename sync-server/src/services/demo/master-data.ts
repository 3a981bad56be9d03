/**
 * The demo's master data: merchants, their terminals (devices) and the demo users. Owns
 * who exists and where; the case history (case-history.ts) is what happens to them.
 * Draws from the shared random stream in a fixed order: merchants, then devices.
 */
import type { Case, Device, LadderTitle, Merchant, Role } from '@edc/shared';
import { ICCID_ISSUERS, MERCHANT_KINDS, MODELS, REGIONS, type RegionCode, regionOf } from './catalogue.ts';
import { type Rng, scramble } from './rng.ts';

/** A demo user without a password (the server hashes `demo-pass-2026`). */
export type DemoUser = {
  username: string;
  role: Role;
  displayName: string;
  regions?: string[];
  mid?: string;
  /** Back office: responsible unit (team) and rung of the escalation ladder. */
  team?: string;
  ladderTitle?: LadderTitle;
};

/** A terminal during the simulation: until when a case blocks it, and which case. */
export type DeviceState = {
  device: Device;
  merchant: Merchant;
  blockedUntil: number;
  blockingCase: Case | null;
};

/** `count` merchants, about two thirds in JKT; MIDs unique by construction (scramble). */
export function generateMerchants(rng: Rng, merchantCount: number, stamp: string): Merchant[] {
  const merchants: Merchant[] = [];
  for (let i = 0; i < merchantCount; i++) {
    const region: RegionCode = rng.chance(0.65) ? 'JKT' : 'BDG';
    const r = REGIONS[region];
    const [city, cityLat, cityLng] = rng.pick(r.cities);
    const [kind, names] = rng.pick(MERCHANT_KINDS);
    const mid = `0008${region === 'JKT' ? '1' : '2'}${scramble(i, 10, 1_234_567)}`;
    merchants.push({
      id: mid,
      mid,
      name: `${kind} ${rng.pick(names)}${rng.chance(0.25) ? ` ${city}` : ''}`,
      address: `${rng.pick(r.streets)} No. ${1 + rng.int(250)}`,
      city,
      region,
      phone: rng.chance(0.5)
        ? `${r.phonePrefix}${rng.digits(4)}-${rng.digits(4)}`
        : `08${rng.digits(2)}-${rng.digits(4)}-${rng.digits(4)}`,
      status: rng.chance(0.97) ? 'active' : 'inactive',
      ...shopCoordinates(mid, cityLat, cityLng),
      updatedAt: stamp,
      _deleted: false,
    });
  }
  return merchants;
}

/**
 * Shop coordinates within ~2 km of the city centre, derived from the MID rather than drawn
 * from the random stream, so adding them left every later draw (devices, cases) unchanged.
 */
function shopCoordinates(mid: string, lat: number, lng: number): { lat: number; lng: number } {
  let h = 2166136261;
  for (let i = 0; i < mid.length; i++) h = Math.imul(h ^ mid.charCodeAt(i), 16777619) >>> 0;
  const dLat = ((h % 2001) - 1000) * 0.00002;
  const dLng = ((Math.floor(h / 2001) % 2001) - 1000) * 0.00002;
  return { lat: Math.round((lat + dLat) * 1e6) / 1e6, lng: Math.round((lng + dLng) * 1e6) / 1e6 };
}

/** One terminal per merchant first, the rest spread over merchants; each with its simulation state. */
export function generateDevices(
  rng: Rng,
  merchants: readonly Merchant[],
  deviceCount: number,
  stamp: string,
): { devices: Device[]; states: DeviceState[] } {
  const merchantCount = merchants.length;
  const devices: Device[] = [];
  const states: DeviceState[] = [];
  for (let i = 0; i < deviceCount; i++) {
    const merchant = i < merchantCount ? merchants[i] : rng.pick(merchants);
    if (!merchant) throw new RangeError('no merchants to attach devices to');
    const region = regionOf(merchant);
    const m = rng.weighted(MODELS.map((x) => [x, x.weight] as const));
    const serialNumber = `${m.prefix}${scramble(i, 8, 9_876_543)}`;
    const status =
      merchant.status === 'inactive'
        ? rng.pick(['in_warehouse', 'decommissioned'] as const)
        : rng.weighted([
            ['on_operation', 88],
            ['in_warehouse', 5],
            ['under_repair', 4],
            ['decommissioned', 3],
          ] as const);
    const device: Device = {
      id: serialNumber,
      serialNumber,
      model: m.model,
      tid: `${REGIONS[region].tidPrefix}${scramble(i, 6, 424_242)}`,
      mid: merchant.mid,
      status,
      region,
      updatedAt: stamp,
      _deleted: false,
    };
    // Optional fields are omitted, never undefined (wire rule of entities.ts).
    if (rng.chance(0.8)) device.samSerial = `SAM${scramble(i, 10, 55_555)}`;
    if (m.sim) device.simSerial = `8962${rng.pick(ICCID_ISSUERS)}${scramble(i, 13, 777_777)}`;
    devices.push(device);
    states.push({ device, merchant, blockedUntil: Number.NEGATIVE_INFINITY, blockingCase: null });
  }
  return { devices, states };
}

/** The demo users and the MID of `merchant1` (no draws from the random stream). */
export function demoUsers(
  merchants: readonly Merchant[],
  devices: readonly Device[],
): { users: DemoUser[]; demoMid: string | undefined } {
  // merchant1: a JKT merchant with at least two terminals in operation and no blocking
  // case, so the demo can file a complaint and a technician can file a replacement.
  const operationalByMid = new Map<string, number>();
  for (const d of devices) {
    if (d.status === 'on_operation') operationalByMid.set(d.mid, (operationalByMid.get(d.mid) ?? 0) + 1);
  }
  const demoMerchant =
    merchants.find(
      (m) => m.region === 'JKT' && m.status === 'active' && (operationalByMid.get(m.mid) ?? 0) >= 2,
    ) ?? merchants.find((m) => (operationalByMid.get(m.mid) ?? 0) >= 1);
  const demoMid = demoMerchant?.mid;

  const users: DemoUser[] = [
    { username: 'tech1', role: 'technician', displayName: 'Budi Santoso', regions: ['JKT'] },
    { username: 'tech2', role: 'technician', displayName: 'Agus Setiawan', regions: ['JKT'] },
    { username: 'tech3', role: 'technician', displayName: 'Dedi Kurniawan', regions: ['BDG'] },
    ...(demoMid
      ? [
          {
            username: 'merchant1',
            role: 'merchant' as const,
            displayName: demoMerchant?.name ?? 'Merchant',
            mid: demoMid,
          },
        ]
      : []),
    { username: 'agent1', role: 'agent', displayName: 'Siti Rahmawati', team: 'Merchant Operation - MEM' },
    {
      username: 'agent2',
      role: 'agent',
      displayName: 'Yusuf Hidayat',
      team: 'Settlement & Reconciliation - SRC',
    },
    // The ladder of seed 003 section 6 for every unit: supervisor → manager → director.
    {
      username: 'supervisor1',
      role: 'supervisor',
      displayName: 'Rina Wulandari',
      team: 'Merchant Operation - MEM',
      ladderTitle: 'supervisor',
    },
    // Units without their own supervisor escalate level 1 to the unit-less one.
    { username: 'supervisor2', role: 'supervisor', displayName: 'Bayu Saputra', ladderTitle: 'supervisor' },
    {
      username: 'manager1',
      role: 'supervisor',
      displayName: 'Hendra Gunawan',
      ladderTitle: 'customer_service_manager',
    },
    { username: 'director1', role: 'supervisor', displayName: 'Dewi Lestari', ladderTitle: 'director' },
    { username: 'admin1', role: 'admin', displayName: 'Andi Pratama' },
  ];
  return { users, demoMid };
}
