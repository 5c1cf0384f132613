import { describe, expect, it } from 'vitest';
import type { Enterprise } from '../data/schema.ts';
import { evaluateMujun, gradeByRank, mujunFinding } from './mujun.ts';
import { ninghaiPolicy, policyWith } from './test-policy.ts';

function firm(id: string, over: Partial<Enterprise>): Enterprise {
  return {
    id, name: id, credit_code: 'x', above_scale: true, industry: 'general', chain: null, link: null, anchor: false,
    tax_10k: 0, value_added_10k: 0, revenue_10k: 0, rd_10k: 0, energy_tce: 0, emissions_t: 0, co2_t: 0, employees: 0,
    ...over,
  };
}

// Worked example: every indicator but 亩均税收 sits exactly at the county benchmark (ratio 1), so
// score = 30 × min(tax ratio, 1.5) + 70. County 亩均税收 = (500+400+100)/(10+20+10) = 25 万元/亩.
//   X: 50/25 = 2.0 → capped 1.5 → 115;  Y: 20/25 = 0.8 → 94;  Z: 10/25 = 0.4 → 82.
const firms = [
  firm('X', { tax_10k: 500, value_added_10k: 1000, energy_tce: 100, emissions_t: 10, employees: 100, rd_10k: 30, revenue_10k: 1000 }),
  firm('Y', { tax_10k: 400, value_added_10k: 2000, energy_tce: 200, emissions_t: 20, employees: 200, rd_10k: 60, revenue_10k: 2000 }),
  firm('Z', { tax_10k: 100, value_added_10k: 1000, energy_tce: 100, emissions_t: 10, employees: 100, rd_10k: 30, revenue_10k: 1000 }),
  firm('small', { above_scale: false, tax_10k: 1, value_added_10k: 5 }),
];
const land = new Map([['X', 10], ['Y', 20], ['Z', 10], ['small', 2]]);

describe('亩均 evaluation', () => {
  it('computes indicators, scores and grades of the worked example', () => {
    const r = evaluateMujun(firms, land, ninghaiPolicy());
    expect(r.get('X')!.indicators.tax_per_mu).toBe(50);
    expect(r.get('X')!.score).toBeCloseTo(115, 9);
    expect(r.get('Y')!.score).toBeCloseTo(94, 9);
    expect(r.get('Z')!.score).toBeCloseTo(82, 9);
    // shares A ≤ 20 %, B ≤ 65 %, C ≤ 95 %: ranks 1/3 → B, 2/3 → C, 3/3 → D
    expect([r.get('X')!.grade, r.get('Y')!.grade, r.get('Z')!.grade]).toEqual(['B', 'C', 'D']);
  });

  it('does not grade a below-scale firm on less than 3 亩, and says why', () => {
    const r = evaluateMujun(firms, land, ninghaiPolicy()).get('small')!;
    expect(r.evaluated).toBe(false);
    expect(r.grade).toBeNull();
    expect(mujunFinding(r).message.zh).toContain('规下企业用地 2.00 亩 < 3 亩');
  });

  it('changes grades when the policy file changes the shares', () => {
    const generous = policyWith((p) => {
      ((p['mujun'] as Record<string, unknown>)['grade_shares'] as Record<string, number>)['A'] = 0.4;
    });
    expect(evaluateMujun(firms, land, generous).get('X')!.grade).toBe('A');
  });

  it('scores negative or missing values as 0', () => {
    const r = evaluateMujun([firm('N', { tax_10k: -5, value_added_10k: 0 }), ...firms.slice(0, 3)], land.set('N', 5), ninghaiPolicy());
    expect(r.get('N')!.score).toBe(0);
  });

  it('gives tied scores the same grade regardless of order', () => {
    const p = ninghaiPolicy();
    expect(gradeByRank([10, 10, 10, 10, 1], p)).toEqual(['A', 'A', 'A', 'A', 'D']);
    expect(gradeByRank([1, 10, 10, 10, 10], p)).toEqual(['D', 'A', 'A', 'A', 'A']);
  });
});
