import { describe, expect, it } from 'vitest';
import { adminFinding, coverageFinding, greenFinding } from './site-rules.ts';
import { ninghaiPolicy, policyWith } from './test-policy.ts';

const policy = ninghaiPolicy();

describe('coverage.min (建筑系数 ≥ 30 %)', () => {
  it('fails 25 %, passes exactly 30 % and 47 %', () => {
    const f = coverageFinding(0.25, 'new', policy);
    expect(f.status).toBe('fail');
    expect(f.message.zh).toBe('建筑系数 25.0% < 30.0%');
    expect(coverageFinding(0.3, 'new', policy).status).toBe('pass');
    expect(coverageFinding(0.47, 'new', policy).message.en).toBe('Site coverage 47.0% ≥ 30.0%');
  });
  it('binds works: an existing use (or a renovation) missing it is shown as information', () => {
    const f = coverageFinding(0.25, 'none', policy);
    expect(f.status).toBe('info');
    expect(f.message.zh).toBe('现状建筑系数 25.0% < 30.0%（指标约束建设项目，现状仅作提示）');
    expect(f.source).toMatchObject({ key: 'site.coverage_min', kind: 'standard' });
    expect(coverageFinding(0.25, 'renovation', policy).status).toBe('info');
    expect(coverageFinding(0.25, 'extension', policy).status).toBe('fail');
    expect(coverageFinding(0.35, 'none', policy).status).toBe('pass');
  });
  it('is info when unknown or not built yet', () => {
    expect(coverageFinding(null, 'new', policy).status).toBe('info');
    expect(coverageFinding(0.1, 'none', policy, 'approved_not_supplied', true).status).toBe('info');
  });
});

describe('green.max (绿地率 ≤ 20 %)', () => {
  it('fails 21 %, passes 20 %', () => {
    expect(greenFinding(0.21, 'new', policy).message.zh).toBe('绿地率 21.0% > 20.0%');
    expect(greenFinding(0.21, 'new', policy).status).toBe('fail');
    expect(greenFinding(0.2, 'new', policy).status).toBe('pass');
  });
  it('follows the policy file: the assumed 2023 revision (≤ 15 %) fails 18 %', () => {
    const rev = policyWith((p) => ((p['site'] as Record<string, number>)['green_max'] = 0.15));
    expect(greenFinding(0.18, 'new', policy).status).toBe('pass');
    expect(greenFinding(0.18, 'new', rev).status).toBe('fail');
  });
});

describe('admin.max (行政办公及生活服务设施用地 ≤ 7 %)', () => {
  it('fails 8 %, passes 7 % and 5.4 %', () => {
    const f = adminFinding(0.08, 'new', policy);
    expect(f.status).toBe('fail');
    expect(f.message.zh).toBe('行政办公及生活服务设施用地占比 8.0% > 7.0%');
    expect(adminFinding(0.07, 'new', policy).status).toBe('pass');
    expect(adminFinding(0.054, 'new', policy).status).toBe('pass');
  });
});
