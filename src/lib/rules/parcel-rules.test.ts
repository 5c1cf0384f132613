import { describe, expect, it } from 'vitest';
import {
  adjustedUseFinding,
  centralZoneFinding,
  controlLineFinding,
  farCapFinding,
  farFloorArea,
  farMinFinding,
  heightCapFinding,
  isUnbuilt,
  plotRatio,
  standardLandFinding,
  zoneFarCap,
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

describe('far.min on existing, unbuilt land', () => {
  it("says 'not built yet' for 批而未供 / 出让中 / 供而未用, and for 闲置 without floor area", () => {
    for (const st of ['approved_not_supplied', 'for_transfer', 'supplied_not_used'] as const) {
      expect(isUnbuilt(st, 0, false)).toBe(true);
      const f = farMinFinding(0, 'general', false, policy, st, true);
      expect(f.status).toBe('info');
      expect(f.values['not_built']).toBe(true);
    }
    expect(isUnbuilt('idle', null, false)).toBe(true);
    expect(isUnbuilt('idle', 0, false)).toBe(true);
    expect(isUnbuilt('idle', 3000, false)).toBe(false); // idle factory: its FAR is judged
    expect(isUnbuilt('in_use', 0, false)).toBe(false);
    expect(isUnbuilt('approved_not_supplied', null, true)).toBe(false); // a new project is checked on its plan
  });
});

describe('FAR with tall storeys', () => {
  it('counts floor area on storeys over 8 m twice', () => {
    // 10 亩 = 6666.67 m²; 10 000 m² of which 3 000 m² on 9 m storeys → 13 000 / 6666.67 = 1.95
    expect(plotRatio(farFloorArea(10000, 3000), 20000 / 3)).toBeCloseTo(1.95, 9);
    expect(farFloorArea(10000, null)).toBe(10000);
    expect(farFloorArea(null, 3000)).toBeNull();
  });
});

describe('far.cap', () => {
  it('takes the tighter cap where zones overlap: central 1.0 over adjusted-use 1.5', () => {
    expect(zoneFarCap('inside', 'inside', policy)).toEqual({ cap: 1.0, zone: 'central' });
    expect(zoneFarCap('outside', 'partial', policy)).toEqual({ cap: 1.5, zone: 'adjusted-use' });
    expect(zoneFarCap('outside', 'outside', policy)).toBeNull();
  });
  it('fails 1.60 > 1.5 in an adjusted-use zone, passes 1.40', () => {
    const cap = zoneFarCap('outside', 'inside', policy);
    const f = farCapFinding(1.6, cap);
    expect(f.status).toBe('fail');
    expect(f.message.zh).toBe('容积率 1.60 > 规划用途已调整区域上限 1.5');
    expect(farCapFinding(1.4, cap).status).toBe('pass');
  });
  it('fails 1.20 > 1.0 in the central area; passes outside every zone; info when unbuilt or unknown', () => {
    const cap = zoneFarCap('inside', 'outside', policy);
    expect(farCapFinding(1.2, cap).message.en).toBe('Plot ratio 1.20 > cap 1.0 of the central restricted area');
    expect(farCapFinding(1.0, cap).status).toBe('pass');
    expect(farCapFinding(3, null).status).toBe('pass');
    expect(farCapFinding(null, cap).status).toBe('info');
    expect(farCapFinding(0, cap, 'for_transfer', true).status).toBe('info');
  });
});

describe('height.cap', () => {
  it('fails 12 m > 8 m in the central area, passes 8 m, ignores height outside', () => {
    const f = heightCapFinding('inside', 12, policy);
    expect(f.status).toBe('fail');
    expect(f.message.zh).toBe('高度 12.0 m > 限高 8 m');
    expect(heightCapFinding('partial', 8, policy).status).toBe('pass');
    expect(heightCapFinding('outside', 40, policy).status).toBe('pass');
    expect(heightCapFinding('inside', null, policy).status).toBe('info');
  });
});

describe('zone.central (who may build)', () => {
  it('refuses any new industrial building inside, whatever the numbers', () => {
    const f = centralZoneFinding('inside', true, policy);
    expect(f.status).toBe('fail');
    expect(f.message.zh).toBe('位于中心城区限制区：不得新建、扩建工业建筑');
  });
  it('reports an existing parcel inside as info (rebuilding needs collective approval)', () => {
    expect(centralZoneFinding('inside', false, policy).status).toBe('info');
  });
  it('passes outside', () => {
    expect(centralZoneFinding('outside', true, policy).status).toBe('pass');
  });
  it('follows the policy: a county allowing new industry there does not fail it', () => {
    const lax = policyWith((p) => (((p['zones'] as Record<string, unknown>)['central'] as Record<string, unknown>)['allow_new_industrial'] = true));
    expect(centralZoneFinding('inside', true, lax).status).toBe('info');
  });
});

describe('zone.adjusted-use (who may build)', () => {
  it('fails a C-grade firm that wants to build', () => {
    const f = adjustedUseFinding('inside', 'C', true, policy);
    expect(f.status).toBe('fail');
    expect(f.message.en).toContain('grade C is below B');
  });
  it('passes B and A firms (the FAR cap is far.cap)', () => {
    expect(adjustedUseFinding('inside', 'B', true, policy).status).toBe('pass');
    expect(adjustedUseFinding('inside', 'A', true, policy).status).toBe('pass');
  });
  it('warns when the grade is unknown, informs for existing parcels', () => {
    expect(adjustedUseFinding('partial', null, true, policy).status).toBe('warn');
    expect(adjustedUseFinding('inside', 'D', false, policy).status).toBe('info');
  });
  it('follows the policy: min grade A fails a B firm', () => {
    const strict = policyWith((p) => (((p['zones'] as Record<string, unknown>)['adjusted-use'] as Record<string, unknown>)['min_grade'] = 'A'));
    expect(adjustedUseFinding('inside', 'B', true, strict).status).toBe('fail');
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
  it('follows the policy when a county allows new industrial land outside', () => {
    const lax = policyWith((p) => ((p['control_lines'] as Record<string, unknown>)['outside_new_industrial'] = true));
    expect(controlLineFinding(0, false, true, lax).status).toBe('warn');
    expect(controlLineFinding(0, false, true, policy).status).toBe('fail');
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
