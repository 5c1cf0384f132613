// Every rule answers in the same shape so the card, the CLI and (later) print show one vocabulary.
export type FindingStatus = 'pass' | 'fail' | 'warn' | 'info';

export interface Finding {
  rule: string;
  status: FindingStatus;
  values: Record<string, number | string | boolean | null>;
  message: { zh: string; en: string };
}

export function finding(
  rule: string,
  status: FindingStatus,
  values: Finding['values'],
  zh: string,
  en: string,
): Finding {
  return { rule, status, values, message: { zh, en } };
}

/** Fixed-decimal formatting used inside messages, so messages match what the card shows. */
export function fmt(n: number, digits = 2): string {
  return n.toFixed(digits);
}
