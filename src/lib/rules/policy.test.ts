import { describe, expect, it } from 'vitest';
import { gradeAtLeast, industryFarMin, PolicyError } from './policy.ts';
import { ninghaiPolicy, policyWith } from './test-policy.ts';

describe('policy file', () => {
  it('parses the shipped Ninghai policy with the seed values', () => {
    const p = ninghaiPolicy();
    expect(p.far.new_project_min).toBe(2.0);
    expect(p.zones['adjusted-use'].far_max).toBe(1.5);
    expect(p.zones.central).toEqual({ far_max: 1.0, height_max_m: 8, allow_new_industrial: false });
    expect(p.area.standard_land_min_mu).toBe(5);
  });

  it('looks up the national FAR minimum by industry and falls back to general', () => {
    const p = ninghaiPolicy();
    expect(industryFarMin(p, 'textiles')).toBe(0.8);
    expect(industryFarMin(p, 'chemicals')).toBe(0.6);
    expect(industryFarMin(p, 'no-such-industry')).toBe(1.0);
    expect(industryFarMin(p, undefined)).toBe(1.0);
  });

  it('names the path of a bad value', () => {
    expect(() => policyWith((p) => ((p['far'] as Record<string, unknown>)['new_project_min'] = 'two'))).toThrow(
      /edited-policy\.json\.far\.new_project_min: expected a number/,
    );
    expect(() => policyWith((p) => (((p['mujun'] as Record<string, unknown>)['grade_shares'] as Record<string, unknown>)['B'] = 0.1))).toThrow(
      PolicyError,
    );
  });

  it('orders grades A best', () => {
    expect(gradeAtLeast('A', 'B')).toBe(true);
    expect(gradeAtLeast('B', 'B')).toBe(true);
    expect(gradeAtLeast('C', 'B')).toBe(false);
  });
});
