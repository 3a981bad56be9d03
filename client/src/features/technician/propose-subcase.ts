/**
 * Which subcase the case form proposes once a category is picked, so the technician does
 * not have to choose it (the fastest path from scan to submitted case is: category, send).
 * Order: the technician's last choice for that category, else their most frequent one on
 * this phone, else the catalogue's first active rule. Only active catalogue rules qualify.
 */
export type ProposalInput = {
  /** The category's catalogue rules, in catalogue order. */
  rules: readonly { subcase: string; active: boolean }[];
  /** The subcase last submitted for this category on this phone, if any. */
  lastChoice: string | null;
  /** Subcases of earlier cases of this category (any order). */
  history: readonly string[];
};

export function proposeSubcase({ rules, lastChoice, history }: ProposalInput): string {
  const active = rules.filter((r) => r.active).map((r) => r.subcase);
  if (active.length === 0) return '';
  if (lastChoice && active.includes(lastChoice)) return lastChoice;
  const counts = new Map<string, number>();
  for (const subcase of history)
    if (active.includes(subcase)) counts.set(subcase, (counts.get(subcase) ?? 0) + 1);
  let best = '';
  let bestCount = 0;
  // Catalogue order breaks ties: the iteration is over `active`, and only a larger count wins.
  for (const subcase of active) {
    const n = counts.get(subcase) ?? 0;
    if (n > bestCount) {
      best = subcase;
      bestCount = n;
    }
  }
  return best || (active[0] ?? '');
}

export const lastSubcaseKey = (category: string) => `lastSubcase:${category}`;
