// Every rule answers in the same shape so the parcel card, the draw panel, the findings panel and the CLI show one
// vocabulary, and says where the threshold it applied comes from (a clause of the plan, a standard, or an assumption
// to confirm).
import { sourceOf, type Policy, type ThresholdSource } from './policy.ts';

export type FindingStatus = 'pass' | 'fail' | 'warn' | 'info';

/** The policy threshold a verdict applied: its key in the policy file and where it comes from. */
export type FindingSource = ThresholdSource & { key: string };

export interface Finding {
  rule: string;
  status: FindingStatus;
  values: Record<string, number | string | boolean | null>;
  message: { zh: string; en: string };
  /** Absent for findings that apply no threshold (areas, missing data). */
  source?: FindingSource;
}

export function finding(
  rule: string,
  status: FindingStatus,
  values: Finding['values'],
  zh: string,
  en: string,
  source?: FindingSource,
): Finding {
  return source ? { rule, status, values, message: { zh, en }, source } : { rule, status, values, message: { zh, en } };
}

/** The source of the policy threshold at `key`, for a finding. */
export function sourced(policy: Policy, key: string): FindingSource {
  return { key, ...sourceOf(policy, key) };
}

/** Fixed-decimal formatting used inside messages, so messages match what the card shows. */
export function fmt(n: number, digits = 2): string {
  return n.toFixed(digits);
}
