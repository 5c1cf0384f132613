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

describe('far.min (binds works; DOMAIN "Who a rule binds")', () => {
  it('warns new industrial land below 2.0 in principle but above the industry minimum', () => {
    const f = farMinFinding(1.62, 'general', 'new', policy);
    expect(f.status).toBe('warn');
    expect(f.message.zh).toBe('容积率 1.62 < 新建工业用地项目原则要求 2.0');
    expect(f.source).toEqual({ key: 'far.new_project_min', kind: 'plan', clause: '四(二)', note: '原则上新建工业用地项目容积率在2.0以上' });
  });
  it('fails works below the national minimum of the industry; an extension is held to it alone', () => {
    const f = farMinFinding(0.7, 'textiles', 'extension', policy);
    expect(f.status).toBe('fail');
    expect(f.message.en).toContain('0.70 < industry minimum 0.8');
    expect(f.source?.kind).toBe('standard');
    expect(farMinFinding(1.62, 'general', 'extension', policy).status).toBe('pass');
    expect(farMinFinding(0.75, 'pharma', 'add_floors', policy).status).toBe('pass');
  });
  it('shows an existing use below the minimum as information, never a failure', () => {
    const f = farMinFinding(0.7, 'textiles', 'none', policy);
    expect(f.status).toBe('info');
    expect(f.message.zh).toContain('现状容积率 0.70 低于行业最低 0.8');
    expect(farMinFinding(0.7, 'textiles', 'renovation', policy).status).toBe('info');
  });
  it('inside a capped zone the cap governs: no minimum, no 2.0 warning', () => {
    const f = farMinFinding(1.0, 'general', 'new', policy, undefined, false, { cap: 1.0, zone: 'central' });
    expect(f.status).toBe('info');
    expect(f.source?.key).toBe('zones.central.far_max');
    expect(farMinFinding(0.5, 'general', 'extension', policy, undefined, false, { cap: 1.5, zone: 'adjusted-use' }).status).toBe('info');
  });
  it('reports info when no floor area is known', () => {
    expect(farMinFinding(null, 'food', 'new', policy).status).toBe('info');
  });
  it('follows the policy file, not a literal', () => {
    const lenient = policyWith((p) => ((p['far'] as Record<string, unknown>)['new_project_min'] = 1.5));
    expect(farMinFinding(1.62, 'general', 'new', lenient).status).toBe('pass');
  });
});

describe('far.min on existing, unbuilt land', () => {
  it("says 'not built yet' for 批而未供 / 出让中 / 供而未用, and for 闲置 without floor area", () => {
    for (const st of ['approved_not_supplied', 'for_transfer', 'supplied_not_used'] as const) {
      expect(isUnbuilt(st, 0, 'none')).toBe(true);
      const f = farMinFinding(0, 'general', 'none', policy, st, true);
      expect(f.status).toBe('info');
      expect(f.values['not_built']).toBe(true);
    }
    expect(isUnbuilt('idle', null, 'none')).toBe(true);
    expect(isUnbuilt('idle', 0, 'none')).toBe(true);
    expect(isUnbuilt('idle', 3000, 'none')).toBe(false); // idle factory: its FAR is shown
    expect(isUnbuilt('in_use', 0, 'none')).toBe(false);
    expect(isUnbuilt('approved_not_supplied', null, 'new')).toBe(false); // works are checked on their plan
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
  it('fails works at 1.60 > 1.5 in an adjusted-use zone, passes 1.40', () => {
    const cap = zoneFarCap('outside', 'inside', policy);
    const f = farCapFinding(1.6, cap, 'extension', policy);
    expect(f.status).toBe('fail');
    expect(f.message.zh).toBe('容积率 1.60 > 规划用途已调整区域上限 1.5');
    expect(f.source).toMatchObject({ key: 'zones.adjusted-use.far_max', kind: 'plan', clause: '四(二)' });
    expect(farCapFinding(1.4, cap, 'new', policy).status).toBe('pass');
  });
  it('an existing building above the cap (an A-grade firm at 2.2) is shown, not failed; so is a renovation', () => {
    const cap = zoneFarCap('outside', 'inside', policy);
    const f = farCapFinding(2.2, cap, 'none', policy);
    expect(f.status).toBe('info');
    expect(f.message.en).toBe('Existing plot ratio 2.20 exceeds the cap 1.5 of the adjusted-use zone, which applies to future works');
    expect(farCapFinding(2.2, cap, 'renovation', policy).status).toBe('info');
  });
  it('central area: works at 1.20 > 1.0 fail; 1.0 passes; outside every zone passes; info when unbuilt or unknown', () => {
    const cap = zoneFarCap('inside', 'outside', policy);
    expect(farCapFinding(1.2, cap, 'rebuild', policy).message.en).toBe('Plot ratio 1.20 > cap 1.0 of the central restricted area');
    expect(farCapFinding(1.0, cap, 'rebuild', policy).status).toBe('pass');
    expect(farCapFinding(3, null, 'new', policy).status).toBe('pass');
    expect(farCapFinding(null, cap, 'new', policy).status).toBe('info');
    expect(farCapFinding(0, cap, 'none', policy, 'for_transfer', true).status).toBe('info');
  });
});

describe('height.cap', () => {
  it('fails works at 12 m > 8 m in the central area, passes 8 m, ignores height outside; an existing 12 m is info', () => {
    const f = heightCapFinding('inside', 12, 'add_floors', policy);
    expect(f.status).toBe('fail');
    expect(f.message.zh).toBe('高度 12.0 m > 限高 8 m');
    expect(heightCapFinding('partial', 8, 'new', policy).status).toBe('pass');
    expect(heightCapFinding('outside', 40, 'new', policy).status).toBe('pass');
    expect(heightCapFinding('inside', null, 'new', policy).status).toBe('info');
    expect(heightCapFinding('inside', 12, 'none', policy).status).toBe('info');
  });
});

describe('zone.central (who may build)', () => {
  it('refuses new building, extension, rebuild and added floors inside without the 工治办 approval', () => {
    for (const k of ['new', 'extension', 'rebuild', 'add_floors'] as const) {
      const f = centralZoneFinding('inside', k, false, policy);
      expect(f.status, k).toBe('fail');
      expect(f.message.zh, k).toContain('原则上不允许');
    }
  });
  it('with the approval recorded the caps decide (pass here); a renovation passes; an existing use is informed', () => {
    expect(centralZoneFinding('inside', 'extension', true, policy).status).toBe('pass');
    expect(centralZoneFinding('inside', 'renovation', false, policy).status).toBe('pass');
    expect(centralZoneFinding('inside', 'none', false, policy).status).toBe('info');
  });
  it('passes outside', () => {
    expect(centralZoneFinding('outside', 'new', false, policy).status).toBe('pass');
  });
  it('follows the policy: a county allowing new industry there does not fail it', () => {
    const lax = policyWith((p) => (((p['zones'] as Record<string, unknown>)['central'] as Record<string, unknown>)['allow_new_industrial'] = true));
    expect(centralZoneFinding('inside', 'new', false, lax).status).toBe('pass');
  });
});

describe('zone.adjusted-use (who may build)', () => {
  it('fails a C-grade firm for any works, renovation included', () => {
    const f = adjustedUseFinding('inside', 'C', 'extension', policy);
    expect(f.status).toBe('fail');
    expect(f.message.en).toContain('grade C is below B');
    expect(adjustedUseFinding('inside', 'C', 'renovation', policy).status).toBe('fail');
  });
  it('passes B and A firms (the FAR cap is far.cap)', () => {
    expect(adjustedUseFinding('inside', 'B', 'new', policy).status).toBe('pass');
    expect(adjustedUseFinding('inside', 'A', 'add_floors', policy).status).toBe('pass');
  });
  it('warns when the grade is unknown, informs an existing use', () => {
    expect(adjustedUseFinding('partial', null, 'new', policy).status).toBe('warn');
    expect(adjustedUseFinding('inside', 'D', 'none', policy).status).toBe('info');
  });
  it('follows the policy: min grade A fails a B firm', () => {
    const strict = policyWith((p) => (((p['zones'] as Record<string, unknown>)['adjusted-use'] as Record<string, unknown>)['min_grade'] = 'A'));
    expect(adjustedUseFinding('inside', 'B', 'new', strict).status).toBe('fail');
  });
});

describe('control-line', () => {
  it('passes inside, fails new land outside (labelled with its practice source), informs land held outside', () => {
    expect(controlLineFinding(1, false, 'new', policy).status).toBe('pass');
    expect(controlLineFinding(2, false, 'none', policy).values['level']).toBe(2);
    const f = controlLineFinding(0, false, 'new', policy);
    expect(f.status).toBe('fail');
    expect(f.source).toMatchObject({ key: 'control_lines.outside_new_industrial', kind: 'standard' });
    for (const k of ['none', 'extension', 'add_floors', 'renovation', 'rebuild'] as const) expect(controlLineFinding(0, false, k, policy).status, k).toBe('info');
    expect(controlLineFinding(0, true, 'new', policy).status).toBe('warn');
    expect(controlLineFinding(0, true, 'extension', policy).status).toBe('info');
  });
  it('follows the policy when a county allows new industrial land outside', () => {
    const lax = policyWith((p) => ((p['control_lines'] as Record<string, unknown>)['outside_new_industrial'] = true));
    expect(controlLineFinding(0, false, 'new', lax).status).toBe('info');
    expect(controlLineFinding(0, false, 'new', policy).status).toBe('fail');
  });
});

describe('standard-land', () => {
  it('requires 标准地 for new industrial land of 5 亩 or more, and for nothing else', () => {
    expect(standardLandFinding(5.2, 'new', false, policy).status).toBe('fail');
    expect(standardLandFinding(5.2, 'new', true, policy).status).toBe('pass');
    expect(standardLandFinding(4.9, 'new', false, policy).status).toBe('info');
    for (const k of ['none', 'extension', 'rebuild', 'renovation', 'add_floors'] as const) expect(standardLandFinding(50, k, false, policy).status, k).toBe('info');
  });
});
