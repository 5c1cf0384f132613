import { describe, expect, it } from 'vitest';
import {
  adjustedUseFinding,
  centralZoneFinding,
  controlLineFinding,
  farMinFinding,
  plotRatio,
  standardLandFinding,
} from './parcel-rules.ts';
import { ninghaiPolicy, policyWith } from './test-policy.ts';

const policy = ninghaiPolicy();

describe('plot ratio', () => {
  it('is floor area over planar area', () => {
    // 10 亩 = 6666.67 m²; 13 333.33 m² of floor → 2.0
    expect(plotRatio(13333.333, 6666.6667)).toBeCloseTo(2.0, 6);
    expect(plotRatio(null, 100)).toBeNull();
    expect(plotRatio(100, 0)).toBeNull();
  });
});

describe('far.min', () => {
  it('warns a new project below 2.0 in principle but above the industry minimum', () => {
    const f = farMinFinding(1.62, 'general', true, policy);
    expect(f.status).toBe('warn');
    expect(f.message.zh).toBe('容积率 1.62 < 新建项目原则要求 2.0');
  });
  it('fails below the national minimum of the industry', () => {
    const f = farMinFinding(0.7, 'textiles', false, policy);
    expect(f.status).toBe('fail');
    expect(f.message.en).toContain('0.70 < industry minimum 0.8');
  });
  it('passes pharma at 0.75 for an existing parcel (minimum 0.7)', () => {
    expect(farMinFinding(0.75, 'pharma', false, policy).status).toBe('pass');
  });
  it('reports info when no floor area is known', () => {
    expect(farMinFinding(null, 'food', true, policy).status).toBe('info');
  });
  it('follows the policy file, not a literal', () => {
    const lenient = policyWith((p) => ((p['far'] as Record<string, unknown>)['new_project_min'] = 1.5));
    expect(farMinFinding(1.62, 'general', true, lenient).status).toBe('pass');
  });
});

describe('zone.central', () => {
  it('refuses any new industrial building inside', () => {
    expect(centralZoneFinding('inside', 0.8, 6, true, policy).status).toBe('fail');
  });
  it('fails an existing parcel above FAR 1.0 or 8 m', () => {
    const f = centralZoneFinding('inside', 1.2, 12, false, policy);
    expect(f.status).toBe('fail');
    expect(f.message.zh).toContain('容积率 1.20 > 1.0');
    expect(f.message.zh).toContain('高度 12.0 m > 8 m');
  });
  it('warns within the caps (needs collective approval)', () => {
    expect(centralZoneFinding('inside', 0.8, 6, false, policy).status).toBe('warn');
  });
  it('passes outside', () => {
    expect(centralZoneFinding('outside', 3, 30, true, policy).status).toBe('pass');
  });
});

describe('zone.adjusted-use', () => {
  it('fails a C-grade firm that wants to build', () => {
    const f = adjustedUseFinding('inside', 1.2, 'C', true, policy);
    expect(f.status).toBe('fail');
    expect(f.message.en).toContain('grade C is below B');
  });
  it('passes a B-grade firm at FAR 1.4 and fails at 1.6 (cap 1.5)', () => {
    expect(adjustedUseFinding('inside', 1.4, 'B', true, policy).status).toBe('pass');
    const f = adjustedUseFinding('inside', 1.6, 'A', true, policy);
    expect(f.status).toBe('fail');
    expect(f.message.zh).toContain('容积率 1.60 > 1.5');
  });
  it('warns when the grade is unknown', () => {
    expect(adjustedUseFinding('partial', 1.0, null, true, policy).status).toBe('warn');
  });
});

describe('control-line', () => {
  it('passes inside, fails new land outside, warns straddling', () => {
    expect(controlLineFinding(1, false, true).status).toBe('pass');
    expect(controlLineFinding(2, false, false).values['level']).toBe(2);
    expect(controlLineFinding(0, false, true).status).toBe('fail');
    expect(controlLineFinding(0, false, false).status).toBe('warn');
    expect(controlLineFinding(0, true, true).status).toBe('warn');
  });
});

describe('standard-land', () => {
  it('requires 标准地 for new land of 5 亩 or more', () => {
    expect(standardLandFinding(5.2, true, false, policy).status).toBe('fail');
    expect(standardLandFinding(5.2, true, true, policy).status).toBe('pass');
    expect(standardLandFinding(4.9, true, false, policy).status).toBe('info');
    expect(standardLandFinding(50, false, false, policy).status).toBe('info');
  });
});
