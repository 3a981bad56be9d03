/**
 * What the dispatch picker offers (DESIGN section 9, issue 12): technicians filtered by a
 * region, the case's region first, then the least loaded. Pure, so the order a dispatcher
 * relies on is tested without a screen.
 */
import type { DispatchTechnician } from '@edc/shared';

/** The filter value meaning "every region". */
export const ALL_REGIONS = '';

/** The regions technicians work in, sorted, each once. */
export function technicianRegions(list: readonly DispatchTechnician[]): string[] {
  return [...new Set(list.flatMap((t) => t.regions))].sort((a, b) => a.localeCompare(b));
}

/**
 * The filter a picker opens with: the case's region when someone works there (the usual
 * choice), else every region, so the dispatcher never starts on an empty list.
 */
export function initialRegion(list: readonly DispatchTechnician[], caseRegion: string | undefined): string {
  return caseRegion && list.some((t) => t.regions.includes(caseRegion)) ? caseRegion : ALL_REGIONS;
}

/** The technicians of `region` (or all), the case's region first, fewest open jobs, then by name. */
export function pickableTechnicians(
  list: readonly DispatchTechnician[],
  region: string,
  caseRegion: string | undefined,
): DispatchTechnician[] {
  const local = (t: DispatchTechnician) => Number(caseRegion !== undefined && t.regions.includes(caseRegion));
  return list
    .filter((t) => region === ALL_REGIONS || t.regions.includes(region))
    .sort((a, b) => local(b) - local(a) || a.openJobs - b.openJobs || a.username.localeCompare(b.username));
}
