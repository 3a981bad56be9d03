/**
 * Replacement updates the device master (DESIGN section 9). Pure: the server reads the
 * case and the replacement device `FOR UPDATE`, calls {@link planReplacement}, and writes
 * both device rows in the transaction that resolves the case.
 */
import type { Case, Device } from '../schemas/entities.ts';

/** What resolving `current` does to the device master. */
export type ReplacementPlan =
  /** Not a replace_device case, or no replacement serial: nothing changes. */
  | { kind: 'none' }
  /** The replacement is unknown or not in the warehouse: the resolve is refused. */
  | { kind: 'refused'; reason: 'replacement_not_available' }
  /**
   * The replaced unit (when the case names one) goes to `under_repair`; the replacement
   * goes to `on_operation` with the case's TID, MID and the merchant's region.
   */
  | {
      kind: 'swap';
      replaced: string | null;
      replacement: { serialNumber: string; tid: string; mid: string; region: string };
    };

export type ReplacementInput = {
  current: Pick<Case, 'category' | 'serialNumber' | 'tid' | 'mid' | 'replacementSerial'>;
  /** The device whose serial equals `current.replacementSerial` (case-insensitive), if any. */
  replacement: Pick<Device, 'serialNumber' | 'status' | 'tid' | 'region'> | undefined;
  /** Region of the case's merchant (or of the replaced unit); the replacement moves there. */
  region: string | undefined;
};

export function planReplacement({ current, replacement, region }: ReplacementInput): ReplacementPlan {
  if (current.category !== 'replace_device' || !current.replacementSerial) return { kind: 'none' };
  // The same unit cannot replace itself; only a unit in the warehouse may go out.
  if (
    replacement?.status !== 'in_warehouse' ||
    (current.serialNumber !== undefined &&
      replacement.serialNumber.toUpperCase() === current.serialNumber.toUpperCase()) ||
    !current.mid
  ) {
    return { kind: 'refused', reason: 'replacement_not_available' };
  }
  return {
    kind: 'swap',
    replaced: current.serialNumber ?? null,
    replacement: {
      serialNumber: replacement.serialNumber,
      // A case without a TID (a merchant's complaint) keeps the unit's own TID.
      tid: current.tid ?? replacement.tid,
      mid: current.mid,
      region: region ?? replacement.region,
    },
  };
}
