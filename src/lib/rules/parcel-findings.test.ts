import { describe, expect, it } from 'vitest';
import type { PolygonGeometry } from '../data/schema.ts';
import { buildRuleLayers, failingRules, PARCEL_RULE_IDS } from './check.ts';
import { ENTERPRISE_RULES, existingParcelCheck, isInternalParcel } from './parcel-findings.ts';
import { ninghaiPolicy } from './test-policy.ts';

const policy = ninghaiPolicy();
const layers = buildRuleLayers([], []);
const geometry: PolygonGeometry = { type: 'Polygon', coordinates: [[[121.43, 29.29], [121.431, 29.29], [121.431, 29.291], [121.43, 29.291], [121.43, 29.29]]] };
const rules = (c: ReturnType<typeof existingParcelCheck>) => c.findings.map((f) => f.rule);

describe('existingParcelCheck', () => {
  it('leaves the enterprise rules out of a public parcel', () => {
    const c = existingParcelCheck({ id: 'PUB', status: 'used_not_full' }, geometry, layers, policy);
    expect(rules(c)).toEqual(PARCEL_RULE_IDS.filter((r) => !ENTERPRISE_RULES.includes(r)));
  });

  it('treats an internal parcel without enterprise_id (FlatGeobuf drops nulls) as vacant, not public', () => {
    const p = { id: 'VAC', status: 'used_not_full' as const, area_mu_turf: 1.6 };
    expect(isInternalParcel(p)).toBe(true);
    const c = existingParcelCheck(p, geometry, layers, policy);
    expect(rules(c)).toEqual([...PARCEL_RULE_IDS]);
    expect(c.findings.find((f) => f.rule === 'mujun.grade')!.message.zh).toBe('空置地块，无企业参评');
    expect(failingRules(c)).toBe('low-efficiency'); // 用而未尽; outside every line only warns for existing land
  });

  it('uses the pipeline figures of a graded firm: D, 8 万元/亩, L 2.1 in moulds', () => {
    const c = existingParcelCheck(
      { id: 'ENT', enterprise_id: 'E1', grade: 'D', score: 40, mujun_tax: 8, carbon_l: 2.1, industry: 'moulds', status: 'in_use', floor_area_m2: 3000 },
      geometry,
      layers,
      policy,
    );
    // 3 000 m² on ≈ 10 500 m² → FAR ≈ 0.29 < 1.0: low-efficiency; D; K 2.763 → grade 5. The FAR minimum binds works,
    // so for this existing use far.min is information (issue 11), not a failure.
    expect(failingRules(c)).toBe('mujun.grade,low-efficiency,carbon.grade');
    expect(c.findings.find((f) => f.rule === 'far.min')!.status).toBe('info');
    expect(c.findings.find((f) => f.rule === 'low-efficiency')!.message.zh).toMatch(/^低效用地：亩均税收 8\.00 < 10 万元\/亩；容积率 0\.\d\d < 1\.0$/);
  });

  it('does not grade a firm the pipeline did not evaluate', () => {
    const c = existingParcelCheck({ id: 'NE', enterprise_id: 'E2', grade: null, carbon_l: 9 }, geometry, layers, policy);
    expect(c.findings.find((f) => f.rule === 'mujun.grade')!.status).toBe('info');
    expect(c.findings.find((f) => f.rule === 'carbon.grade')!.status).toBe('info');
  });
});
