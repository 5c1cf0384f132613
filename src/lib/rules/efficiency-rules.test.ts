import { describe, expect, it } from 'vitest';
import {
  carbonFinding,
  carbonGrade,
  carbonIntensity,
  evaluationOf,
  lowEfficiencyFarBelow,
  lowEfficiencyFinding,
  mujunGradeFinding,
  taxPerMu,
} from './efficiency-rules.ts';
import { ninghaiPolicy, policyWith } from './test-policy.ts';

const policy = ninghaiPolicy();

describe('who is evaluated (亩均论英豪)', () => {
  it('规下 < 3 亩, public utilities and start-ups are not evaluated; 规上 on any land and 规下 on 3 亩 are', () => {
    expect(evaluationOf(false, null, 2.5, policy)).toEqual({ ok: false, zh: '规下企业用地 2.50 亩 < 3 亩，不参评', en: 'Below-scale firm on 2.50 mu < 3 mu: not evaluated' });
    expect(evaluationOf(false, null, 3, policy).ok).toBe(true);
    expect(evaluationOf(true, null, 1, policy).ok).toBe(true);
    expect(evaluationOf(true, 'utility', 50, policy).zh).toBe('公用事业企业，不参评');
    expect(evaluationOf(true, 'startup', 50, policy).en).toBe('Start-up: not evaluated');
  });
  it('a county whose policy lists no exempt kinds evaluates a utility', () => {
    const p = policyWith((x) => (((x['mujun'] as Record<string, unknown>)['evaluated'] as Record<string, unknown>)['exempt_kinds'] = []));
    expect(evaluationOf(true, 'utility', 50, p).ok).toBe(true);
  });
});

describe('mujun.grade as a parcel verdict', () => {
  it('D fails, C warns, B passes, with the numbers', () => {
    const f = mujunGradeFinding({ tax_10k: 160, land_mu: 20, score: 71.25 }, 'D', 20, policy);
    expect(f.status).toBe('fail');
    expect(f.message.zh).toBe('亩均评价 D 类（得分 71.3，亩均税收 8.00 万元/亩）');
    expect(mujunGradeFinding({}, 'C', 10, policy).status).toBe('warn');
    expect(mujunGradeFinding({}, 'B', 10, policy).status).toBe('pass');
  });
  it('reports a not-evaluated firm as info and never grades it, even with a grade given', () => {
    const f = mujunGradeFinding({ above_scale: false, land_mu: 2 }, 'D', 2, policy);
    expect(f.status).toBe('info');
    expect(f.values['evaluated']).toBe(false);
    expect(mujunGradeFinding({ exempt: 'startup' }, 'D', 10, policy).status).toBe('info');
    expect(mujunGradeFinding(null, null, 10, policy).message.en).toBe('Vacant parcel: no enterprise to evaluate');
  });
});

describe('low-efficiency', () => {
  it('亩均税收 = tax over all the firm\'s land: 160 万元 / 20 亩 = 8 < 10', () => {
    expect(taxPerMu({ tax_10k: 160, land_mu: 20 }, 5)).toBe(8);
    expect(taxPerMu({ tax_10k: 160 }, 5)).toBe(32); // land defaults to this parcel
    const f = lowEfficiencyFinding({ status: 'in_use', far: 1.2, industry: 'general', tax_per_mu: 8 }, policy);
    expect(f.status).toBe('fail');
    expect(f.message.zh).toBe('低效用地：亩均税收 8.00 < 10 万元/亩');
  });
  it('FAR < 1.0 unless the industry minimum is lower: general 0.90 fails, textiles 0.85 (min 0.8) does not', () => {
    expect(lowEfficiencyFarBelow(policy, 'general')).toBe(1.0);
    expect(lowEfficiencyFarBelow(policy, 'textiles')).toBe(0.8);
    expect(lowEfficiencyFinding({ status: 'in_use', far: 0.9, industry: 'general', tax_per_mu: 30 }, policy).message.en).toBe(
      'Low-efficiency land: plot ratio 0.90 < 1.0',
    );
    expect(lowEfficiencyFinding({ status: 'in_use', far: 0.85, industry: 'textiles', tax_per_mu: 30 }, policy).status).toBe('pass');
  });
  it('each of the five 低效 statuses is low-efficiency; idle and in-use are not by themselves', () => {
    for (const s of ['approved_not_supplied', 'supplied_not_used', 'used_not_full', 'built_not_operating', 'operating_below_target'] as const) {
      expect(lowEfficiencyFinding({ status: s, far: null, tax_per_mu: null }, policy).status).toBe('fail');
    }
    expect(lowEfficiencyFinding({ status: 'idle', far: null, tax_per_mu: null }, policy).status).toBe('pass');
    expect(lowEfficiencyFinding({ status: 'used_not_full', far: null, tax_per_mu: null }, policy).message.zh).toBe('低效用地：低效类型「用而未尽」');
  });
  it('lists every reason; dilapidated and banned industries count; unbuilt land is not judged on FAR', () => {
    const f = lowEfficiencyFinding({ status: 'built_not_operating', far: 0.5, tax_per_mu: 2, dilapidated: true, banned_industry: true }, policy);
    expect(f.values['reasons']).toBe(5);
    expect(lowEfficiencyFinding({ status: 'idle', far: 0, tax_per_mu: null, unbuilt: true }, policy).status).toBe('pass');
    expect(lowEfficiencyFinding({ far: null, tax_per_mu: null }, policy).status).toBe('info');
  });
  it('the tax guideline comes from the policy, per industry (general for an unlisted one), with its source', () => {
    const p = policyWith((x) => ((x['low_efficiency'] as Record<string, unknown>)['tax_per_mu_below'] = { general: 5, textiles: 9 }));
    expect(lowEfficiencyFinding({ status: 'in_use', far: 1.2, tax_per_mu: 8 }, p).status).toBe('pass');
    expect(lowEfficiencyFinding({ status: 'in_use', far: 1.2, tax_per_mu: 8, industry: 'textiles' }, p).status).toBe('fail');
    const shipped = lowEfficiencyFinding({ status: 'in_use', far: 1.2, tax_per_mu: 9, industry: 'textiles' }, policy);
    expect(shipped.status).toBe('pass'); // textiles 8 in the shipped table (assumption)
    expect(shipped.source).toMatchObject({ key: 'low_efficiency.tax_per_mu_below', kind: 'assumption', confirm_with: '县经信局' });
  });
  it('says which criteria the land meets, each on its own', () => {
    const f = lowEfficiencyFinding({ status: 'used_not_full', far: 0.5, tax_per_mu: 3, dilapidated: true, banned_industry: false }, policy);
    expect(f.values['criteria']).toBe('status,tax,far,dilapidated');
    expect(lowEfficiencyFinding({ status: 'in_use', far: 1.2, tax_per_mu: 30 }, policy).values['criteria']).toBe('');
  });
});

describe('carbon.grade (碳效码)', () => {
  it('grades K by the thresholds 0.6 / 0.8 / 1.2 / 2.0, bounds inclusive', () => {
    const t = policy.carbon.k_thresholds;
    expect([0.3, 0.6, 0.61, 0.8, 1.0, 1.2, 1.21, 2.0, 2.01, 9].map((k) => carbonGrade(k, t))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });
  it('L = CO₂ / value added; K = L / industry average: moulds 1 140 t / 1 000 万元 = 1.14, avg 0.76 → K 1.5 → grade 4 (warn)', () => {
    expect(carbonIntensity(1140, 1000)).toBeCloseTo(1.14, 12);
    expect(carbonIntensity(10, 0)).toBeNull();
    const f = carbonFinding({ co2_t: 1140, value_added_10k: 1000 }, 'moulds', 10, policy);
    expect(f.values['k']).toBeCloseTo(1.5, 12);
    expect(f.values['grade']).toBe(4);
    expect(f.status).toBe('warn');
    expect(f.message.zh).toBe('碳效 4 级：单位增加值碳排放 1.14 吨/万元，行业平均 0.76，K = 1.500');
  });
  it('grade 5 fails, grade 1 passes; general average 0.66 for an unlisted industry', () => {
    expect(carbonFinding({ co2_t: 1400, value_added_10k: 1000 }, 'moulds', 10, policy).status).toBe('warn'); // 1.4/0.76 = 1.842 → 4
    expect(carbonFinding({ co2_t: 1600, value_added_10k: 1000 }, 'moulds', 10, policy).status).toBe('fail'); // 1.6/0.76 = 2.105 → 5
    expect(carbonFinding({ co2_t: 330, value_added_10k: 1000 }, 'no-such', 10, policy).values['grade']).toBe(1); // 0.33/0.66 = 0.5
  });
  it('not evaluated or no data: info, not graded', () => {
    expect(carbonFinding({ exempt: 'utility', co2_t: 9999, value_added_10k: 1 }, 'moulds', 10, policy).status).toBe('info');
    expect(carbonFinding({}, 'moulds', 10, policy).status).toBe('info');
  });
});
