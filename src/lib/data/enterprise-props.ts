// Enterprise records come from tax/statistics exports as JSON; each row is checked field by field.
import { INDUSTRIES, type Enterprise, type Industry } from './schema.ts';
import type { PropsResult } from './props.ts';

const NUMBERS = ['tax_10k', 'value_added_10k', 'revenue_10k', 'rd_10k', 'energy_tce', 'emissions_t', 'co2_t', 'employees'] as const;

export function parseEnterprise(raw: unknown): PropsResult<Enterprise> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'not an object' };
  const r = raw as Record<string, unknown>;
  for (const k of ['id', 'name'] as const) {
    if (typeof r[k] !== 'string' || (r[k] as string).trim() === '') return { ok: false, reason: `field "${k}" is required (text)` };
  }
  const nums: Record<string, number> = {};
  for (const k of NUMBERS) {
    const v = r[k] ?? 0;
    // Tax can be negative (refunds); the 亩均 score treats negatives as 0, so keep the sign here.
    if (typeof v !== 'number' || !Number.isFinite(v)) return { ok: false, reason: `field "${k}" must be a number, got ${JSON.stringify(v)}` };
    nums[k] = v;
  }
  const industry = typeof r['industry'] === 'string' && INDUSTRIES.includes(r['industry'] as Industry) ? (r['industry'] as Industry) : 'general';
  const str = (k: string) => (typeof r[k] === 'string' && r[k] !== '' ? (r[k] as string) : null);
  return {
    ok: true,
    value: {
      id: (r['id'] as string).trim(),
      name: (r['name'] as string).trim(),
      credit_code: str('credit_code') ?? '',
      above_scale: r['above_scale'] === true,
      industry,
      chain: str('chain'),
      link: str('link'),
      anchor: r['anchor'] === true,
      // Kept as given; the policy decides whether the kind is exempt from the 亩均 evaluation.
      evaluation_exempt: str('evaluation_exempt'),
      tax_10k: nums['tax_10k']!,
      value_added_10k: nums['value_added_10k']!,
      revenue_10k: nums['revenue_10k']!,
      rd_10k: nums['rd_10k']!,
      energy_tce: nums['energy_tce']!,
      emissions_t: nums['emissions_t']!,
      co2_t: nums['co2_t']!,
      employees: nums['employees']!,
    },
  };
}
