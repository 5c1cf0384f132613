// Worked numbers on the mini county (mini-county.test-fixture.ts):
//   P1 T1/K1 10 亩 in_use  E1 A      P2 T2/K1 30 亩 in_use E1 A      P3 T1 6 亩 idle E2 D block B1
//   P4 T1 4 亩 批而未供 no firm      P5 T2 2 亩 用而未尽 E3 (not evaluated) block B1
//   E1 tax 100 VA 400 on 40 亩 (10 in T1, 30 in T2); E2 tax 30 VA 90 on 6 亩; E3 not evaluated.
import { describe, expect, it } from 'vitest';
import type { PolygonGeometry } from '../data/schema.ts';
import { AreaStatsFold, areaNames, areaStats, criteriaBreakdown, firmLand, firmLandOf, selectParcels, statsOf, StatsInputError, type StatsParcel } from './area-stats.ts';
import { MINI_ENTERPRISES, MINI_PARCELS } from './mini-county.test-fixture.ts';

const stats = (sel: Parameters<typeof areaStats>[2]) => areaStats(MINI_PARCELS, MINI_ENTERPRISES, sel);

describe('areaStats on the mini county', () => {
  it('town T1: counts, 亩 by grade and status, low-efficiency 亩, shared tax, freed land', () => {
    const s = stats({ kind: 'town', name: 'T1' });
    expect(s.parcel_count).toBe(3);
    expect(s.enterprise_count).toBe(2); // E1, E2
    expect(s.area_mu).toBe(20);
    expect(s.mu_by_grade).toEqual({ A: 10, B: 0, C: 0, D: 6, none: 4 });
    expect(s.mu_by_status).toEqual({ in_use: 10, idle: 6, approved_not_supplied: 4 });
    // 批而未供 P4 (4) by status; P3 (6, idle is not one of the five kinds) by block; union 10
    expect(s.low_efficiency).toEqual({ status_mu: 4, block_mu: 6, mu: 10, parcel_count: 2, rule_mu: null, criteria: null });
    // E1 counts 10/40 of its figures: tax 25, VA 100; E2 all: tax 30, VA 90 → 55/16, 190/16
    expect(s.evaluated_firms).toBe(2);
    expect(s.tax_per_mu.sum_10k).toBeCloseTo(55, 12);
    expect(s.tax_per_mu.land_mu).toBe(16);
    expect(s.tax_per_mu.value).toBeCloseTo(3.4375, 12);
    expect(s.va_per_mu.value).toBeCloseTo(11.875, 12);
    // D: P3 6; low-efficiency: P3 + P4 = 10; P3 is both, counted once → 10
    expect(s.freed).toEqual({ d_grade_mu: 6, low_efficiency_mu: 10, mu: 10, parcel_count: 2 });
  });

  it('town T2: a not-evaluated firm counts as an enterprise but not in 亩均', () => {
    const s = stats({ kind: 'town', name: 'T2' });
    expect(s.parcel_count).toBe(2);
    expect(s.enterprise_count).toBe(2); // E1, E3
    expect(s.mu_by_grade).toEqual({ A: 30, B: 0, C: 0, D: 0, none: 2 });
    // P5 carries the rule's verdict (low_efficiency: true), P2 carries none
    expect(s.low_efficiency).toEqual({ status_mu: 2, block_mu: 2, mu: 2, parcel_count: 1, rule_mu: 2, criteria: null });
    expect(s.tax_per_mu.value).toBeCloseTo(75 / 30, 12); // E1's 30/40 share of 100
    expect(s.va_per_mu.value).toBeCloseTo(300 / 30, 12);
    expect(s.freed.mu).toBe(2);
  });

  it('the towns partition the county: shared tax adds up to the county total 130 on 46 亩', () => {
    const c = stats({ kind: 'county' });
    const t1 = stats({ kind: 'town', name: 'T1' });
    const t2 = stats({ kind: 'town', name: 'T2' });
    expect(c.parcel_count).toBe(5);
    expect(c.enterprise_count).toBe(3);
    expect(c.area_mu).toBe(52);
    expect(c.tax_per_mu.sum_10k).toBeCloseTo(130, 12);
    expect(c.tax_per_mu.land_mu).toBe(46);
    expect(c.tax_per_mu.value).toBeCloseTo(130 / 46, 12);
    expect(t1.tax_per_mu.sum_10k + t2.tax_per_mu.sum_10k).toBeCloseTo(c.tax_per_mu.sum_10k, 12);
    expect(c.freed).toEqual({ d_grade_mu: 6, low_efficiency_mu: 12, mu: 12, parcel_count: 3 });
  });

  it('park and low-efficiency block', () => {
    const k = stats({ kind: 'park', name: 'K1' });
    expect(k.parcel_count).toBe(2);
    expect(k.tax_per_mu.value).toBeCloseTo(2.5, 12); // all of E1: 100 / 40
    const b = stats({ kind: 'block', id: 'B1' });
    expect(b.parcel_count).toBe(2);
    expect(b.area_mu).toBe(8);
    expect(b.low_efficiency.mu).toBe(8);
    expect(b.tax_per_mu.value).toBeCloseTo(5, 12); // only E2 is evaluated: 30 / 6
    expect(stats({ kind: 'block', id: 'nope' }).parcel_count).toBe(0);
    expect(stats({ kind: 'block', id: 'nope' }).tax_per_mu.value).toBeNull();
  });

  it('a drawn polygon holds a parcel by its interior point, never by mere overlap', () => {
    // a thin strip across the bottom of squares 0–2 (0.001° high)
    const poly: PolygonGeometry = { type: 'Polygon', coordinates: [[[121.399, 29.299], [121.421, 29.299], [121.421, 29.301], [121.399, 29.301], [121.399, 29.299]]] };
    // … a thin strip does not hold squares 0 and 1's interior points either (they sit near the centre, 29.302)
    expect(selectParcels(MINI_PARCELS, { kind: 'polygon', geometry: poly }).map((p) => p.properties.id)).toEqual([]);
    const tall: PolygonGeometry = { type: 'Polygon', coordinates: [[[121.399, 29.299], [121.421, 29.299], [121.421, 29.305], [121.399, 29.305], [121.399, 29.299]]] };
    // squares 0 and 1 whole, and a 0.001°-wide strip of square 2 (121.420–121.421) that misses its interior point
    const s = areaStats(MINI_PARCELS, MINI_ENTERPRISES, { kind: 'polygon', geometry: tall });
    expect(selectParcels(MINI_PARCELS, { kind: 'polygon', geometry: tall }).map((p) => p.properties.id)).toEqual(['P1', 'P2']);
    expect(s.area_mu).toBe(40);
    expect(s.tax_per_mu.value).toBeCloseTo(100 / 40, 12); // all of E1's land is inside
    const wide: PolygonGeometry = { type: 'Polygon', coordinates: [[[121.399, 29.299], [121.425, 29.299], [121.425, 29.305], [121.399, 29.305], [121.399, 29.299]]] };
    expect(areaStats(MINI_PARCELS, MINI_ENTERPRISES, { kind: 'polygon', geometry: wide }).tax_per_mu.value).toBeCloseTo(130 / 46, 12);
  });

  it('a polygon over parcels without geometry is refused with the parcel named', () => {
    const noGeom = [{ properties: { id: 'X9', area_mu_planar: 1, status: 'in_use' } }];
    expect(() => selectParcels(noGeom, { kind: 'polygon', geometry: MINI_PARCELS[0]!.geometry! })).toThrow(StatsInputError);
    expect(() => selectParcels(noGeom, { kind: 'polygon', geometry: MINI_PARCELS[0]!.geometry! })).toThrow(/X9/);
  });

  it('lists towns and parks', () => {
    expect(areaNames(MINI_PARCELS)).toEqual({ towns: ['T1', 'T2'], parks: ['K1'] });
  });
});

describe('low-efficiency criteria: what each one flags on its own', () => {
  // Q1 10 亩 tax; Q2 4 亩 status+tax; Q3 6 亩 far; Q4 3 亩 none; Q5 2 亩 dilapidated+banned+far; Q6 5 亩 no record.
  const q = (id: string, mu: number, criteria?: string): StatsParcel => ({
    properties: { id, area_mu_planar: mu, status: 'in_use', ...(criteria !== undefined ? { low_efficiency_criteria: criteria, low_efficiency: criteria !== '' } : {}) },
  });
  const parcels = [q('Q1', 10, 'tax'), q('Q2', 4, 'status,tax'), q('Q3', 6, 'far'), q('Q4', 3, ''), q('Q5', 2, 'dilapidated,banned,far'), q('Q6', 5)];

  it('total = parcels meeting any criterion, once: Q1 + Q2 + Q3 + Q5 = 22 亩, 4 parcels', () => {
    const b = criteriaBreakdown(parcels)!;
    expect(b.mu).toBe(22);
    expect(b.parcel_count).toBe(4);
  });

  it('per criterion, overlapping, and the part only it flags', () => {
    const b = criteriaBreakdown(parcels)!;
    // tax: Q1 10 + Q2 4 = 14 (only Q1 10); far: Q3 6 + Q5 2 = 8 (only Q3 6); status: Q2 4 (never alone)
    expect(b.by.tax).toEqual({ mu: 14, parcel_count: 2, only_mu: 10, only_parcel_count: 1 });
    expect(b.by.far).toEqual({ mu: 8, parcel_count: 2, only_mu: 6, only_parcel_count: 1 });
    expect(b.by.status).toEqual({ mu: 4, parcel_count: 1, only_mu: 0, only_parcel_count: 0 });
    expect(b.by.dilapidated).toEqual({ mu: 2, parcel_count: 1, only_mu: 0, only_parcel_count: 0 });
    expect(b.by.banned).toEqual({ mu: 2, parcel_count: 1, only_mu: 0, only_parcel_count: 0 });
  });

  it('is part of an area’s statistics, equal to the rule’s verdict total', () => {
    const s = statsOf(parcels, new Map(), new Map());
    expect(s.low_efficiency.criteria?.mu).toBe(22);
    expect(s.low_efficiency.rule_mu).toBe(22);
    expect(statsOf(parcels.slice(0, 1), new Map(), new Map()).low_efficiency.criteria?.by.tax.mu).toBe(10);
  });

  it('null for data without recorded criteria; an unknown criterion counts in the total only', () => {
    expect(criteriaBreakdown([q('Q6', 5)])).toBeNull();
    expect(criteriaBreakdown([])).toBeNull();
    const b = criteriaBreakdown([q('X', 1, 'noise')])!;
    expect(b.mu).toBe(1);
    expect(Object.values(b.by).every((f) => f.mu === 0)).toBe(true);
  });
});

describe('firmLandOf', () => {
  it('reads each firm’s county 亩 from the evaluated tables, leaving out firms without it', () => {
    const land = firmLandOf([
      { id: 'E1', land_mu: 12.5 },
      { id: 'E2', land_mu: 0 },
      { id: 'E3' },
    ]);
    expect([...land.entries()]).toEqual([
      ['E1', 12.5],
      ['E2', 0],
    ]);
  });

  it('gives a drawn area the same per-亩 figures as the county’s parcels do', () => {
    // Each mini firm's land_mu written as the pipeline does: the sum of its parcels' planar 亩, over all of them.
    const sums = new Map<string, number>();
    for (const p of MINI_PARCELS) {
      const e = p.properties.enterprise_id;
      if (e) sums.set(e, (sums.get(e) ?? 0) + p.properties.area_mu_planar);
    }
    const tables = MINI_ENTERPRISES.map((e) => ({ ...e, land_mu: sums.get(e.id) ?? 0 }));
    const firms = new Map(tables.map((e) => [e.id, e]));
    const half = MINI_PARCELS.slice(0, Math.ceil(MINI_PARCELS.length / 2));
    expect(statsOf(half, firms, firmLandOf(tables))).toEqual(statsOf(half, firms, firmLand(MINI_PARCELS)));
  });
});

describe('AreaStatsFold bounding box (issue 16: the print page fits an area by it)', () => {
  it('is the union of the boxes given with the parcels, worked by hand', () => {
    const fold = new AreaStatsFold();
    // three parcels' boxes [w, s, e, n]: the union takes w and s from the first two, e from the third, n from the second
    fold.add(MINI_PARCELS[0]!.properties, [121.4, 29.31, 121.404, 29.314]);
    fold.add(MINI_PARCELS[1]!.properties, [121.41, 29.3, 121.414, 29.32]);
    fold.add(MINI_PARCELS[2]!.properties, [121.42, 29.305, 121.43, 29.309]);
    const s = fold.result(new Map(), new Map());
    expect(s.bbox).toEqual([121.4, 29.3, 121.43, 29.32]);
    expect(s.parcel_count).toBe(3);
  });
  it('is absent when no box was given (statsOf, and files from before)', () => {
    const fold = new AreaStatsFold();
    fold.add(MINI_PARCELS[0]!.properties);
    expect('bbox' in fold.result(new Map(), new Map())).toBe(false);
    expect('bbox' in statsOf(MINI_PARCELS, new Map(), new Map())).toBe(false);
  });
  it('does not change with a later box that lies inside it, and is a copy', () => {
    const fold = new AreaStatsFold();
    const box: [number, number, number, number] = [1, 2, 3, 4];
    fold.add(MINI_PARCELS[0]!.properties, box);
    fold.add(MINI_PARCELS[1]!.properties, [1.5, 2.5, 2.5, 3.5]);
    box[0] = 0;
    expect(fold.result(new Map(), new Map()).bbox).toEqual([1, 2, 3, 4]);
  });
});
