// The pipeline's folded statistics against figures worked out by hand for the mini county (numbers from
// src/lib/stats/mini-county.test-fixture.ts): the areas are grouped right and each firm's figures are shared by its
// county land, as the panel computed them from parcels.
import { describe, expect, it } from 'vitest';
import { MINI_ENTERPRISES, MINI_PARCELS } from '../../src/lib/stats/mini-county.test-fixture.ts';
import { areaStats, criteriaBreakdown, parseAreaStatsFile, statsFromFile } from '../../src/lib/stats/area-stats.ts';
import { AreaStatsWriter } from './area-stats-file.ts';

describe('AreaStatsWriter', () => {
  const w = new AreaStatsWriter();
  for (const p of MINI_PARCELS) w.add(p.properties);
  const f = parseAreaStatsFile(JSON.parse(JSON.stringify(w.result(new Map(MINI_ENTERPRISES.map((e) => [e.id, e]))))), 'mini');

  it('names the towns, parks and blocks the parcels name', () => {
    expect(f.names).toEqual({ towns: ['T1', 'T2'], parks: ['K1'] });
    expect(Object.keys(f.blocks)).toEqual(['B1']);
  });

  it('folds each area as worked by hand', () => {
    // T1 = P1 (10 亩, E1 A), P3 (6, E2 D, idle, block B1), P4 (4, no firm, approved_not_supplied)
    const t1 = f.towns['T1']!;
    expect([t1.parcel_count, t1.enterprise_count, t1.area_mu]).toEqual([3, 2, 20]);
    expect(t1.mu_by_grade).toEqual({ A: 10, B: 0, C: 0, D: 6, none: 4 });
    // E1 has 40 亩 in the county, 10 in T1: a quarter of its 100 万元 tax; E2 all of its 30 on 6 亩
    expect(t1.tax_per_mu.sum_10k).toBeCloseTo(25 + 30, 10);
    expect(t1.tax_per_mu.land_mu).toBe(16);
    expect(t1.tax_per_mu.value).toBeCloseTo(55 / 16, 10);
    // block B1 = P3 (6) + P5 (2): all low-efficiency by block
    expect(f.blocks['B1']!.low_efficiency.block_mu).toBe(8);
    expect(f.county.area_mu).toBe(52);
    expect(f.parks['K1']!.parcel_count).toBe(2);
  });

  it('gives what the panel computed from parcels for every named area', () => {
    for (const sel of [
      { kind: 'county' } as const,
      { kind: 'town', name: 'T1' } as const,
      { kind: 'town', name: 'T2' } as const,
      { kind: 'park', name: 'K1' } as const,
      { kind: 'block', id: 'B1' } as const,
    ]) {
      expect(statsFromFile(f, sel), JSON.stringify(sel)).toEqual(areaStats(MINI_PARCELS, MINI_ENTERPRISES, sel));
    }
    expect(statsFromFile(f, { kind: 'town', name: 'nowhere' })).toBeUndefined();
    expect(statsFromFile(f, { kind: 'town', name: 'constructor' })).toBeUndefined();
  });

  it("gives the dashboard the county's low-efficiency criteria the panel folded from parcels (issue 16)", () => {
    // P1 tax + far (10 亩), P2 tax (30), P3 status (6), P4 none, P5 far + an unknown name (2): the union is 48 亩 over
    // 4 parcels; tax flags 40 (30 alone), far 12 (none alone: P1 has tax too, P5 an unknown one), status 6 alone.
    const crit = ['tax,far', 'tax', 'status', '', 'far,other'];
    const parcels = MINI_PARCELS.map((p, i) => ({ ...p, properties: { ...p.properties, low_efficiency_criteria: crit[i]! } }));
    const wc = new AreaStatsWriter();
    for (const p of parcels) wc.add(p.properties);
    const county = parseAreaStatsFile(JSON.parse(JSON.stringify(wc.result(new Map(MINI_ENTERPRISES.map((e) => [e.id, e]))))), 'mini').county;
    const criteria = county.low_efficiency.criteria;
    expect(criteria).toEqual(criteriaBreakdown(parcels));
    expect(criteria).toMatchObject({
      mu: 48,
      parcel_count: 4,
      by: {
        tax: { mu: 40, parcel_count: 2, only_mu: 30, only_parcel_count: 1 },
        far: { mu: 12, parcel_count: 2, only_mu: 0, only_parcel_count: 0 },
        status: { mu: 6, parcel_count: 1, only_mu: 6, only_parcel_count: 1 },
        dilapidated: { mu: 0, parcel_count: 0 },
      },
    });
  });

  it("folds each area's parcels' bounding box, worked by hand from the mini county's squares (issue 16)", () => {
    // square(i): lower-left (121.40 + 0.01·i, 29.30), side 0.004 — written out here rather than computed
    const boxes: [number, number, number, number][] = [
      [121.4, 29.3, 121.404, 29.304], // P1 T1 K1
      [121.41, 29.3, 121.414, 29.304], // P2 T2 K1
      [121.42, 29.3, 121.424, 29.304], // P3 T1 B1
      [121.43, 29.3, 121.434, 29.304], // P4 T1
      [121.44, 29.3, 121.444, 29.304], // P5 T2 B1
    ];
    const wb = new AreaStatsWriter();
    MINI_PARCELS.forEach((p, i) => wb.add(p.properties, boxes[i]));
    const fb = parseAreaStatsFile(JSON.parse(JSON.stringify(wb.result(new Map(MINI_ENTERPRISES.map((e) => [e.id, e]))))), 'mini');
    expect(fb.county.bbox).toEqual([121.4, 29.3, 121.444, 29.304]);
    expect(fb.towns['T1']!.bbox).toEqual([121.4, 29.3, 121.434, 29.304]);
    expect(fb.towns['T2']!.bbox).toEqual([121.41, 29.3, 121.444, 29.304]);
    expect(fb.parks['K1']!.bbox).toEqual([121.4, 29.3, 121.414, 29.304]);
    expect(fb.blocks['B1']!.bbox).toEqual([121.42, 29.3, 121.444, 29.304]);
    // the other figures are the same as without boxes
    const { bbox: _b, ...rest } = fb.towns['T1']!;
    expect(rest).toEqual(f.towns['T1']);
  });

  it('refuses a file of another shape, naming it', () => {
    expect(() => parseAreaStatsFile({ county: {} }, 'x/area-stats.json')).toThrow(/x\/area-stats.json/);
    expect(() => parseAreaStatsFile(null, 'f')).toThrow(/f: not an area statistics file/);
  });
});
