import { describe, expect, it } from 'vitest';
import { ninghaiPolicy } from '../rules/test-policy.ts';
import { campaignCaseParser } from './parse.ts';
import { twoHighScreen } from './two-high.ts';

const mk = (id: string, two_high: unknown) => {
  const r = campaignCaseParser()({ id, parcel_id: 'P1', route: 'upgrade', area_mu: 3, steps: [{ date: '2023-01-01', stage: 'filed' }], two_high });
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('两高 screening (三(一)3)', () => {
  it('lists projects built since 2018 at ≥ 1 000 tce a year, failed checks first', () => {
    const policy = ninghaiPolicy();
    expect(policy.two_high).toEqual({ since_year: 2018, min_tce_per_year: 1000 });
    const cases = [
      mk('A', { project: '熔炼', built_year: 2019, energy_tce: 1000, industrial_policy: true, capacity_swap: true, energy_review: true, environment_review: true, approvals: true }),
      mk('B', { project: '印染', built_year: 2020, energy_tce: 2400, industrial_policy: true, capacity_swap: null, energy_review: false, environment_review: true, approvals: true }),
      // Built 2017: before the screen's year. 999 tce: under the threshold.
      mk('C', { project: '旧线', built_year: 2017, energy_tce: 5000 }),
      mk('D', { project: '小线', built_year: 2021, energy_tce: 999 }),
      mk('E', null),
    ];
    const screen = twoHighScreen(cases, policy.two_high!);
    expect(screen.map((e) => [e.case_id, e.failed, e.unchecked])).toEqual([
      ['B', ['energy_review'], ['capacity_swap']],
      ['A', [], []],
    ]);
  });
});
