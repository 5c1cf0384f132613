// "两高" screening (seed 三(一)3): every project built since the policy's year (2018) using at least its energy
// threshold (1 000 tce a year) is listed and checked one by one — 产业政策, 产能置换, 节能审查, 环评审批, 审批手续; a
// failed check is a case to deal with 依法, an unchecked one is still owed. The thresholds are the policy's.
import type { Policy } from '../rules/policy.ts';
import { TWO_HIGH_CHECKS, type CampaignCase, type TwoHighCheck } from './types.ts';

export type TwoHighCheckKey = (typeof TWO_HIGH_CHECKS)[number];

export interface TwoHighEntry {
  case_id: string;
  enterprise_id: string | null;
  enterprise_name: string | null;
  check: TwoHighCheck;
  /** Checks failed (依法查处) and not yet done. */
  failed: TwoHighCheckKey[];
  unchecked: TwoHighCheckKey[];
}

/** The cases whose project falls under the screen, failed checks first, then unchecked, then by case id. */
export function twoHighScreen(cases: readonly CampaignCase[], thresholds: NonNullable<Policy['two_high']>): TwoHighEntry[] {
  const out: TwoHighEntry[] = [];
  for (const c of cases) {
    const t = c.two_high;
    if (!t || t.built_year < thresholds.since_year || t.energy_tce < thresholds.min_tce_per_year) continue;
    out.push({
      case_id: c.id,
      enterprise_id: c.enterprise_id,
      enterprise_name: c.enterprise_name,
      check: t,
      failed: TWO_HIGH_CHECKS.filter((k) => t[k] === false),
      unchecked: TWO_HIGH_CHECKS.filter((k) => t[k] === null),
    });
  }
  return out.sort((a, b) => b.failed.length - a.failed.length || b.unchecked.length - a.unchecked.length || (a.case_id < b.case_id ? -1 : 1));
}
