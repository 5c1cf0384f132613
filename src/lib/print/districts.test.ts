// Districts from the pipeline's area statistics (issue 16) against the same districts from the parcels: a hand-made
// area-stats file for the four parcels below, its numbers added up by hand, must give the pages the parcels give.
import { describe, expect, it } from 'vitest';
import { blocks, parcels, square } from './test-helpers/mini-county.ts';
import type { AreaStats, AreaStatsFile } from '../stats/area-stats.ts';
import { defaultMapParams } from '../url/params.ts';
import { defaultPrintParams, type FitTarget } from '../url/print-params.ts';
import { countyDistricts, keyFigures, statsDistricts, type Bbox } from './districts.ts';
import { buildPages } from './pages.ts';

/** An area's statistics with the figures the print page reads; `lowMu` (status ∪ block) is set apart on purpose. */
function area(count: number, mu: number, statusMu: number, lowMu: number, bbox?: Bbox): AreaStats {
  return {
    parcel_count: count,
    enterprise_count: 0,
    area_mu: mu,
    mu_by_grade: { A: 0, B: 0, C: 0, D: 0, none: mu },
    mu_by_status: {},
    low_efficiency: { status_mu: statusMu, block_mu: 0, mu: lowMu, parcel_count: 0, rule_mu: null, criteria: null },
    ...(bbox ? { bbox } : {}),
    evaluated_firms: 0,
    tax_per_mu: { value: null, sum_10k: 0, land_mu: 0 },
    va_per_mu: { value: null, sum_10k: 0, land_mu: 0 },
    freed: { d_grade_mu: 0, low_efficiency_mu: 0, mu: 0, parcel_count: 0 },
  };
}
// By hand: 跃龙 = the first two (12.5 + 30; supplied_not_used is 低效, in_use is not; both in block LE-01, so their
// status ∪ block 亩 is 42.5); 梅林 = idle 8 (闲置 is not one of the five 低效 statuses, nor in a block); 桃源 = approved_not_supplied 4.25; the park = 跃龙's two + 桃源's.
// Boxes: each parcel is a 0.002° square from its lower-left corner.
function file(withBoxes: boolean): AreaStatsFile {
  const b = (x: Bbox) => (withBoxes ? x : undefined);
  return {
    names: { towns: ['梅林街道', '桃源街道', '跃龙街道'], parks: ['宁海经济开发区'] },
    county: area(4, 54.75, 16.75, 46.75, b([121.4, 29.29, 121.502, 29.402])),
    towns: {
      跃龙街道: area(2, 42.5, 12.5, 42.5, b([121.4, 29.3, 121.412, 29.312])),
      梅林街道: area(1, 8, 0, 0, b([121.5, 29.4, 121.502, 29.402])),
      桃源街道: area(1, 4.25, 4.25, 4.25, b([121.42, 29.29, 121.422, 29.292])),
    },
    parks: { 宁海经济开发区: area(3, 46.75, 16.75, 46.75, b([121.4, 29.29, 121.422, 29.312])) },
    blocks: { 'LE-01': area(2, 42.5, 12.5, 42.5, b([121.4, 29.3, 121.412, 29.312])), 'LE-02': area(1, 4.25, 4.25, 4.25, b([121.42, 29.29, 121.422, 29.292])) },
  };
}

const close = (got: Bbox | null, want: Bbox) => {
  expect(got).not.toBeNull();
  got!.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 9));
};

describe('statsDistricts', () => {
  const src = statsDistricts(file(true), blocks)!;
  const county = countyDistricts(parcels, blocks);

  it('names the towns and parks as the parcels do', () => {
    expect(src.names).toEqual({ towns: ['梅林街道', '桃源街道', '跃龙街道'], parks: ['宁海经济开发区'] });
    expect(src.names).toEqual(county.names);
  });

  it("bounds a town or park by its folded box, a block by its polygon, as from the parcels", () => {
    expect(src.bbox({ kind: 'town', id: '跃龙街道' })).toEqual([121.4, 29.3, 121.412, 29.312]);
    close(county.bbox({ kind: 'town', id: '跃龙街道' }), [121.4, 29.3, 121.412, 29.312]);
    expect(src.bbox({ kind: 'park', id: '宁海经济开发区' })).toEqual([121.4, 29.29, 121.422, 29.312]);
    // the block's polygon (0.014° square at 121.399, 29.299), not its parcels' box
    close(src.bbox({ kind: 'block', id: 'LE-01' }), [121.399, 29.299, 121.413, 29.313]);
    expect(src.bbox({ kind: 'block', id: 'LE-01' })).toEqual(county.bbox({ kind: 'block', id: 'LE-01' }));
    expect(src.bbox({ kind: 'park', id: '无此园区' })).toBeNull();
    expect(src.bbox({ kind: 'town', id: 'constructor' })).toBeNull();
    expect(src.bbox({ kind: 'block', id: 'LE-99' })).toBeNull();
  });

  it('gives the key figures keyFigures gives from the parcels: 低效 亩 by status only, a block its own area', () => {
    const targets: FitTarget[] = [
      { kind: 'town', id: '跃龙街道' },
      { kind: 'town', id: '梅林街道' },
      { kind: 'town', id: '桃源街道' },
      { kind: 'park', id: '宁海经济开发区' },
      { kind: 'block', id: 'LE-01' },
      { kind: 'block', id: 'LE-02' },
      { kind: 'town', id: '无此镇' },
    ];
    for (const t of targets) expect(src.figures(t), `${t.kind}:${t.id}`).toEqual(keyFigures(t, parcels, blocks));
    expect(src.figures({ kind: 'town', id: '跃龙街道' })).toEqual({ area_mu: 42.5, parcels: 2, parcels_mu: 42.5, low_eff_mu: 12.5 });
    expect(src.figures({ kind: 'block', id: 'LE-01' })).toEqual({ area_mu: 120.5, parcels: 2, parcels_mu: 42.5, low_eff_mu: 12.5 });
    expect(src.figures({ kind: 'town', id: '无此镇' })).toEqual({ area_mu: 0, parcels: 0, parcels_mu: 0, low_eff_mu: 0 });
  });

  it('is null for a file from before the boxes (the page reads the county then)', () => {
    expect(statsDistricts(file(false), blocks)).toBeNull();
    const one = file(true);
    delete one.parks['宁海经济开发区']!.bbox;
    expect(statsDistricts(one, blocks)).toBeNull();
  });

  it('lays out atlases and fitted pages as the parcels do, without them', () => {
    const map = defaultMapParams();
    const frame = { w: 800, h: 600 };
    const base = defaultPrintParams();
    const prints = [
      { ...base, atlas: 'town' as const },
      { ...base, atlas: 'park' as const },
      { ...base, atlas: 'block' as const },
      { ...base, fit: { kind: 'park' as const, id: '宁海经济开发区' } },
      { ...base, fit: { kind: 'block' as const, id: 'LE-02' } },
    ];
    for (const print of prints) {
      const fromStats = buildPages({ map, print, parcels: [], districts: src, blocks, frame }, 'zh');
      const fromCounty = buildPages({ map, print, parcels, blocks, frame }, 'zh');
      expect(fromStats.length).toBeGreaterThan(0);
      expect(fromStats.map((p) => [p.key, p.title, p.figures])).toEqual(fromCounty.map((p) => [p.key, p.title, p.figures]));
      fromStats.forEach((p, i) => {
        const q = fromCounty[i]!;
        expect(p.view.center[0]).toBeCloseTo(q.view.center[0], 9);
        expect(p.view.center[1]).toBeCloseTo(q.view.center[1], 9);
        expect(p.view.zoom).toBeCloseTo(q.view.zoom, 9);
      });
    }
    expect(buildPages({ map, print: prints[0]!, parcels: [], districts: src, blocks, frame }, 'zh').map((p) => p.title)).toEqual(['梅林街道', '桃源街道', '跃龙街道']);
  });
});
