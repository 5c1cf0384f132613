// The sample county generator: determinism, the ranges the brief promises, and geometry that holds up (disjoint
// parcels inside the county). Areas and containment are recomputed here with Turf and a separate segment test,
// never with the generator's own helpers.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import turfArea from '@turf/area';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Enterprise, PolygonGeometry, Position } from '../../src/lib/data/schema.ts';
import { generateSample, sampleFiles, writeSample, type SampleCounty } from './generate.ts';
import { creditCodeCheck, orgCodeCheck } from './enterprises.ts';

const M2_PER_MU = 10000 / 15;
const muOf = (g: PolygonGeometry): number => turfArea(g) / M2_PER_MU;
const shell = (g: PolygonGeometry): Position[] => g.coordinates[0]!.slice(0, -1);
const inside = (p: Position, g: PolygonGeometry): boolean => booleanPointInPolygon(p, g);
const whollyInside = (a: PolygonGeometry, b: PolygonGeometry): boolean => shell(a).every((p) => inside(p, b));
const centroidOf = (g: PolygonGeometry): Position => {
  const s = shell(g);
  return [s.reduce((t, p) => t + p[0], 0) / s.length, s.reduce((t, p) => t + p[1], 0) / s.length];
};
const share = (n: number, of: number) => n / of;

// Independent segment test: do segments ab and cd share any point?
function orient(a: Position, b: Position, c: Position): number {
  return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}
function within(a: Position, b: Position, c: Position): boolean {
  return Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
}
function segmentsShare(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && within(a, b, c)) || (o2 === 0 && within(a, b, d)) || (o3 === 0 && within(c, d, a)) || (o4 === 0 && within(c, d, b));
}
/** Two simple polygons are disjoint when no edges meet and neither holds a vertex of the other. */
function polygonsMeet(a: PolygonGeometry, b: PolygonGeometry): boolean {
  const ra = a.coordinates[0]!;
  const rb = b.coordinates[0]!;
  for (let i = 0; i + 1 < ra.length; i++) {
    for (let j = 0; j + 1 < rb.length; j++) if (segmentsShare(ra[i]!, ra[i + 1]!, rb[j]!, rb[j + 1]!)) return true;
  }
  return shell(a).some((p) => inside(p, b)) || shell(b).some((p) => inside(p, a));
}
type BBox = [number, number, number, number];
const bboxOf = (g: PolygonGeometry): BBox => {
  const s = shell(g);
  return [Math.min(...s.map((p) => p[0])), Math.min(...s.map((p) => p[1])), Math.max(...s.map((p) => p[0])), Math.max(...s.map((p) => p[1]))];
};
/** Sweep along longitude; every pair whose boxes overlap gets the exact test. */
function overlappingPairs(geoms: PolygonGeometry[]): { checked: number; overlaps: [number, number][] } {
  const boxes = geoms.map(bboxOf);
  const order = geoms.map((_, i) => i).sort((i, j) => boxes[i]![0] - boxes[j]![0]);
  let checked = 0;
  const overlaps: [number, number][] = [];
  for (let x = 0; x < order.length; x++) {
    const i = order[x]!;
    const bi = boxes[i]!;
    for (let y = x + 1; y < order.length; y++) {
      const j = order[y]!;
      const bj = boxes[j]!;
      if (bj[0] > bi[2]) break;
      if (bj[1] > bi[3] || bj[3] < bi[1]) continue;
      checked++;
      if (polygonsMeet(geoms[i]!, geoms[j]!)) overlaps.push([i, j]);
    }
  }
  return { checked, overlaps };
}

// GB 32100 check written out independently of the generator (weights 3^i mod 31 over the 31-symbol alphabet).
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function validCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  let w = 1;
  for (let i = 0; i < 17; i++) {
    sum += ALPHABET.indexOf(code[i]!) * w;
    w = (w * 3) % 31;
  }
  return ALPHABET[(31 - (sum % 31)) % 31] === code[17];
}

// Park locations from the brief / shared DOMAIN.md (lon, lat), to check the parks sit where they should.
const PARK_AT: Record<string, Position> = {
  宁海经济开发区: [121.43, 29.3],
  宁波南部滨海新区: [121.55, 29.25],
  西店滨海工业园区: [121.435, 29.51],
  梅林橡塑汽配产业基地: [121.44, 29.382],
  桥头胡工业园区: [121.48, 29.355],
  大佳何工业园区: [121.487, 29.415],
  强蛟工业园区: [121.57, 29.462],
  长街工业园区: [121.61, 29.23],
  力洋工业园区: [121.565, 29.268],
  茶院工业园区: [121.508, 29.238],
};
const kmBetween = (a: Position, b: Position) => Math.hypot((a[0] - b[0]) * 111.32 * Math.cos((a[1] * Math.PI) / 180), (a[1] - b[1]) * 110.84);

let county: SampleCounty;
let mu: number[];

beforeAll(() => {
  county = generateSample({ parcels: 3000 });
  mu = county.parcels.features.map((f) => muOf(f.geometry));
});

describe('determinism', () => {
  it('writes byte-identical files for the same seed and different ones for another seed', async () => {
    const again = sampleFiles(generateSample({ parcels: 3000 }));
    const first = sampleFiles(county);
    expect(again.map(([n]) => n)).toEqual(first.map(([n]) => n));
    for (let i = 0; i < first.length; i++) expect(again[i]![1] === first[i]![1], first[i]![0]).toBe(true);
    const other = sampleFiles(generateSample({ parcels: 3000, seed: 7 }));
    expect(other.find(([n]) => n === 'parcels.geojson')![1]).not.toBe(first.find(([n]) => n === 'parcels.geojson')![1]);
    expect(other.find(([n]) => n === 'enterprises.json')![1]).not.toBe(first.find(([n]) => n === 'enterprises.json')![1]);

    const dir = await mkdtemp(join(tmpdir(), 'tenglong-sample-'));
    try {
      const paths = await writeSample(dir, { parcels: 3000 });
      expect(paths.map((p) => p.slice(dir.length + 1))).toEqual(first.map(([n]) => n));
      let bytes = 0;
      for (let i = 0; i < paths.length; i++) {
        const text = await readFile(paths[i]!, 'utf8');
        expect(text === first[i]![1], paths[i]).toBe(true);
        bytes += Buffer.byteLength(text);
        // every file parses and says it is sample data
        const json = JSON.parse(text) as { sample?: unknown; label?: unknown };
        expect(json.sample).toBe(true);
        expect(json.label).toBe('示例数据 / sample data');
      }
      // 15 MB budget at 4 000 parcels ⇒ well under 11 MB at 3 000
      expect(bytes).toBeLessThan(11e6);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects parcel counts outside 3 000–6 000 and bad seeds with a clear message', () => {
    expect(() => generateSample({ parcels: 100 })).toThrow(/--parcels must be a whole number from 3000 to 6000, got 100/);
    expect(() => generateSample({ seed: -1 })).toThrow(/--seed/);
  });

  it('writes coordinates with at most 7 decimals', () => {
    const text = sampleFiles(county).find(([n]) => n === 'parcels.geojson')![1];
    expect(text).not.toMatch(/\d\.\d{8,}/);
  });
});

describe('parcels', () => {
  it('has the requested count, unique ids NH-00001… and names like 宁海开发区-12-03号地块', () => {
    const ps = county.parcels.features.map((f) => f.properties);
    expect(ps).toHaveLength(3000);
    expect(new Set(ps.map((p) => p.id)).size).toBe(3000);
    expect(ps[0]!.id).toBe('NH-00001');
    for (const p of ps) {
      expect(p.id).toMatch(/^NH-\d{5}$/);
      expect(p.name).toMatch(/^.+-\d+-\d{2}号地块$/);
    }
    expect(ps.some((p) => /^宁海开发区-\d+-\d{2}号地块$/.test(p.name))).toBe(true);
    expect(Object.keys(ps[0]!)).toEqual([
      'id', 'land_use', 'status', 'enterprise_id', 'floor_area_m2',
      'tall_floor_area_m2', 'height_m', 'coverage', 'green_ratio', 'admin_ratio',
      'standard_land',
      'dilapidated',
      'banned_industry', 'industry', 'town', 'park', 'name', 'project', 'central_approved',
    ]);
  });

  it('keeps areas within 3–150 亩, with about 1 % large parcels of 150–400 亩 (Turf spherical area)', () => {
    expect(Math.min(...mu)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...mu)).toBeLessThanOrEqual(400);
    const large = mu.filter((m) => m > 150).length;
    expect(share(large, mu.length)).toBeGreaterThan(0.003);
    expect(share(large, mu.length)).toBeLessThan(0.02);
    // most parcels are small-to-medium
    const sorted = mu.slice().sort((a, b) => a - b);
    expect(sorted[1500]!).toBeGreaterThan(5);
    expect(sorted[1500]!).toBeLessThan(20);
  });

  it('are pairwise disjoint (every bbox-overlapping pair tested exactly)', () => {
    const geoms = county.parcels.features.map((f) => f.geometry);
    const { checked, overlaps } = overlappingPairs(geoms);
    expect(checked).toBeGreaterThan(1000);
    expect(overlaps).toEqual([]);
    // the checker itself catches an overlap: parcel 0 moved by ~5 m onto itself
    const g = geoms[0]!;
    const moved: PolygonGeometry = { type: 'Polygon', coordinates: [g.coordinates[0]!.map((p) => [p[0] + 0.00005, p[1]] as Position)] };
    expect(overlappingPairs([g, moved]).overlaps).toEqual([[0, 1]]);
  });

  it('mostly are quadrilaterals, with some L-shapes (6 corners)', () => {
    const corners = county.parcels.features.map((f) => shell(f.geometry).length);
    expect(share(corners.filter((c) => c === 4).length, corners.length)).toBeGreaterThan(0.9);
    expect(corners.filter((c) => c === 6).length).toBeGreaterThan(10);
  });

  it('all lie inside the county outline and outside the water', () => {
    const outline = county.county.features[0]!.geometry;
    const water = county.water.features.map((f) => f.geometry);
    for (const f of county.parcels.features) {
      for (const p of shell(f.geometry)) {
        expect(inside(p, outline), f.properties.id).toBe(true);
        expect(water.some((w) => inside(p, w)), f.properties.id).toBe(false);
      }
    }
  });

  it('fill ≥ 8 parks at their real locations', () => {
    const byPark = new Map<string, Position[]>();
    for (const f of county.parcels.features) {
      if (!f.properties.park) continue;
      const list = byPark.get(f.properties.park) ?? [];
      list.push(centroidOf(f.geometry));
      byPark.set(f.properties.park, list);
    }
    expect(byPark.size).toBeGreaterThanOrEqual(8);
    for (const [park, at] of Object.entries(PARK_AT)) {
      const pts = byPark.get(park);
      expect(pts, park).toBeDefined();
      const mean: Position = [pts!.reduce((s, p) => s + p[0], 0) / pts!.length, pts!.reduce((s, p) => s + p[1], 0) / pts!.length];
      expect(kmBetween(mean, at), park).toBeLessThan(3);
    }
  });

  it('follows the status, enterprise and 标准地 distributions', () => {
    const ps = county.parcels.features.map((f) => f.properties);
    const n = ps.length;
    const of = (s: string) => share(ps.filter((p) => p.status === s).length, n);
    expect(of('in_use')).toBeGreaterThan(0.68);
    expect(of('in_use')).toBeLessThan(0.8);
    expect(of('idle')).toBeGreaterThan(0.03);
    expect(of('idle')).toBeLessThan(0.09);
    for (const s of ['approved_not_supplied', 'supplied_not_used', 'used_not_full', 'built_not_operating', 'operating_below_target']) {
      expect(of(s), s).toBeGreaterThan(0.015);
      expect(of(s), s).toBeLessThan(0.055);
    }
    expect(of('under_construction')).toBeGreaterThan(0.015);
    expect(of('for_transfer')).toBeGreaterThan(0.01);
    const withFirm = share(ps.filter((p) => p.enterprise_id !== null).length, n);
    expect(withFirm).toBeGreaterThan(0.8);
    expect(withFirm).toBeLessThan(0.92);
    // land not yet supplied or on offer has no user
    expect(ps.filter((p) => p.status === 'approved_not_supplied' || p.status === 'for_transfer').every((p) => p.enterprise_id === null)).toBe(true);
    const std = county.parcels.features.filter((f) => f.properties.standard_land);
    expect(share(std.length, n)).toBeGreaterThan(0.3);
    expect(share(std.length, n)).toBeLessThan(0.5);
    for (const f of std) expect(muOf(f.geometry), f.properties.id).toBeGreaterThan(4.95);
  });

  it('has plausible built form: FAR mostly 0.6–2.5 with some below 1.0, heights 6–40 m, ratios in range', () => {
    const built = county.parcels.features.filter((f) => (f.properties.floor_area_m2 ?? 0) > 0);
    const inUse = built.filter((f) => f.properties.status === 'in_use');
    const far = inUse.map((f) => f.properties.floor_area_m2! / (muOf(f.geometry) * M2_PER_MU));
    expect(share(far.filter((x) => x >= 0.6 && x <= 2.5).length, far.length)).toBeGreaterThan(0.85);
    expect(share(far.filter((x) => x < 1).length, far.length)).toBeGreaterThan(0.05);
    for (const { properties: p } of built) {
      expect(p.height_m).toBeGreaterThanOrEqual(6);
      expect(p.height_m).toBeLessThanOrEqual(40);
      if (p.coverage === null || p.green_ratio === null || p.admin_ratio === null) throw new Error(`${p.id}: built but ratios missing`);
      expect(p.coverage).toBeGreaterThanOrEqual(0.25);
      expect(p.coverage).toBeLessThanOrEqual(0.65);
      expect(p.green_ratio).toBeGreaterThanOrEqual(0.05);
      expect(p.green_ratio).toBeLessThanOrEqual(0.25);
      expect(p.admin_ratio).toBeGreaterThanOrEqual(0.02);
      expect(p.admin_ratio).toBeLessThanOrEqual(0.12);
    }
    // land on offer carries no building: floor area a known 0, layout ratios not applicable (null)
    for (const { properties: p } of county.parcels.features.filter((f) => f.properties.status === 'for_transfer')) {
      expect([p.floor_area_m2, p.height_m, p.coverage, p.green_ratio, p.admin_ratio]).toEqual([0, null, null, null, null]);
    }
    // a few old registers lack the floor area (null = unknown), but only a few
    const unknown = county.parcels.features.filter((f) => f.properties.floor_area_m2 === null).length;
    expect(unknown).toBeGreaterThan(0);
    expect(unknown).toBeLessThan(60);
  });

  it('gives each park its industries (梅林 rubber/plastics/auto parts, 西店 stationery/moulds, 滨海新区 PV/storage/materials)', () => {
    const top = (park: string) => {
      const c = new Map<string, number>();
      for (const { properties: p } of county.parcels.features) if (p.park === park) c.set(p.industry, (c.get(p.industry) ?? 0) + 1);
      return [...c.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k]) => k);
    };
    expect(top('梅林橡塑汽配产业基地').every((k) => ['rubber', 'plastics', 'auto_parts', 'moulds'].includes(k))).toBe(true);
    expect(top('西店滨海工业园区')[0]).toBe('stationery_sports');
    expect(top('宁波南部滨海新区').every((k) => ['photovoltaic', 'energy_storage', 'new_materials'].includes(k))).toBe(true);
  });
});

describe('planning layers', () => {
  it('has ≥ 15 low-efficiency blocks, each over a cluster of parcels', () => {
    const blocks = county.lowEfficiencyBlocks.features;
    expect(blocks.length).toBeGreaterThanOrEqual(15);
    for (const b of blocks) {
      expect(b.properties.name).toMatch(/示例低效区块\d+$/);
      expect(b.properties.reason.length).toBeGreaterThan(0);
      expect(b.properties.renovation_year).toBeGreaterThanOrEqual(2021);
      expect(b.properties.renovation_year).toBeLessThanOrEqual(2025);
      expect(['planned', 'in_progress', 'done']).toContain(b.properties.renovation_status);
      const n = county.parcels.features.filter((f) => whollyInside(f.geometry, b.geometry)).length;
      expect(n, b.properties.name).toBeGreaterThanOrEqual(3);
    }
    expect(new Set(blocks.map((b) => b.properties.name)).size).toBe(blocks.length);
  });

  it('has the central zone (approximate, ≥ 5 parcels wholly inside) and ≥ 2 adjusted-use zones of ≥ 3 parcels', () => {
    const zones = county.zones.features;
    const central = zones.filter((z) => z.properties.kind === 'central');
    expect(central).toHaveLength(1);
    expect(central[0]!.properties.name).toBe('中心城区限制区（示意范围）');
    expect(central[0]!.properties.approximate).toBe(true);
    // around the 跃龙 centre (121.425, 29.288), roughly 2.5 × 2 km
    const b = bboxOf(central[0]!.geometry);
    expect(inside([121.425, 29.288], central[0]!.geometry)).toBe(true);
    expect(kmBetween([b[0], b[1]], [b[2], b[1]])).toBeGreaterThan(2);
    expect(kmBetween([b[0], b[1]], [b[2], b[1]])).toBeLessThan(3);
    expect(kmBetween([b[0], b[1]], [b[0], b[3]])).toBeGreaterThan(1.6);
    expect(kmBetween([b[0], b[1]], [b[0], b[3]])).toBeLessThan(2.4);
    const inCentral = county.parcels.features.filter((f) => whollyInside(f.geometry, central[0]!.geometry));
    expect(inCentral.length).toBeGreaterThanOrEqual(5);
    const adjusted = zones.filter((z) => z.properties.kind === 'adjusted-use');
    expect(adjusted.length).toBeGreaterThanOrEqual(2);
    for (const z of adjusted) {
      const n = county.parcels.features.filter((f) => whollyInside(f.geometry, z.geometry)).length;
      expect(n, z.properties.id).toBeGreaterThanOrEqual(3);
    }
  });

  it('has level-1 and level-2 control lines holding most parcels but not all', () => {
    const lines = county.controlLines.features;
    expect(lines.filter((l) => l.properties.level === 1).length).toBeGreaterThanOrEqual(8);
    expect(lines.filter((l) => l.properties.level === 2).length).toBeGreaterThanOrEqual(3);
    const inAny = county.parcels.features.filter((f) => lines.some((l) => whollyInside(f.geometry, l.geometry))).length;
    const touching = county.parcels.features.filter((f) => lines.some((l) => shell(f.geometry).some((p) => inside(p, l.geometry)))).length;
    const outside = county.parcels.features.length - touching;
    expect(share(inAny, 3000)).toBeGreaterThan(0.5);
    expect(outside).toBeGreaterThan(50);
  });

  it('ships base layers: one approximate county outline, 10 towns with English names, water, roads', () => {
    expect(county.county.features).toHaveLength(1);
    expect(county.county.features[0]!.properties['approximate']).toBe(true);
    const towns = county.towns.features;
    expect(towns).toHaveLength(10);
    for (const t of towns) {
      expect(t.geometry.type).toBe('Point');
      expect(typeof t.properties['name']).toBe('string');
      expect(String(t.properties['name_en'])).toMatch(/^[A-Z][a-z]+ (Subdistrict|Town|Township)$/);
    }
    const kinds = new Set(county.water.features.map((w) => w.properties['kind']));
    expect([...kinds].sort()).toEqual(['reservoir', 'river', 'sea']);
    expect(county.roads.features.every((r) => r.geometry.type === 'LineString' && r.geometry.coordinates.length >= 2)).toBe(true);
    expect(county.roads.features.filter((r) => r.properties['kind'] === 'street').length).toBeGreaterThan(50);
  });

  it('keeps control lines, low-efficiency blocks and zones on land inside the county', () => {
    const outline = county.county.features[0]!.geometry;
    const sea = county.water.features.filter((w) => w.properties['kind'] === 'sea').map((w) => w.geometry);
    for (const f of [...county.controlLines.features, ...county.lowEfficiencyBlocks.features, ...county.zones.features]) {
      for (const p of shell(f.geometry)) {
        expect(inside(p, outline), f.properties.id).toBe(true);
        expect(sea.some((w) => inside(p, w)), f.properties.id).toBe(false);
      }
    }
  });
});

describe('enterprises', () => {
  let land: Map<string, number>;
  beforeAll(() => {
    land = new Map();
    county.parcels.features.forEach((f, i) => {
      const id = f.properties.enterprise_id;
      if (id) land.set(id, (land.get(id) ?? 0) + mu[i]!);
    });
  });
  const perMu = (firms: Enterprise[], field: 'tax_10k' | 'value_added_10k') =>
    firms.reduce((s, e) => s + e[field], 0) / firms.reduce((s, e) => s + land.get(e.id)!, 0);

  it('every parcel enterprise exists, every firm has land, names carry 示例, codes are well-formed', () => {
    const es = county.enterprises;
    expect(es.length).toBeGreaterThanOrEqual(1500);
    expect(es.length).toBeLessThanOrEqual(2500);
    const ids = new Set(es.map((e) => e.id));
    expect(ids.size).toBe(es.length);
    for (const f of county.parcels.features) if (f.properties.enterprise_id) expect(ids.has(f.properties.enterprise_id)).toBe(true);
    for (const e of es) expect(land.get(e.id), e.id).toBeGreaterThan(0);
    expect(es.some((e) => county.parcels.features.filter((f) => f.properties.enterprise_id === e.id).length >= 3)).toBe(true);
    expect(new Set(es.map((e) => e.name)).size).toBe(es.length);
    expect(new Set(es.map((e) => e.credit_code)).size).toBe(es.length);
    for (const e of es) {
      expect(e.name).toContain('示例');
      expect(e.credit_code).toHaveLength(18);
      expect(validCreditCode(e.credit_code), e.credit_code).toBe(true);
      // the pipeline fills these
      expect('land_mu' in e || 'grade' in e || 'score' in e).toBe(false);
    }
  });

  it('computes GB 32100 / GB 11714 check characters (published example 91350100M000100Y43)', () => {
    expect(validCreditCode('91350100M000100Y43')).toBe(true);
    expect(orgCodeCheck('M000100Y')).toBe('4');
    expect(creditCodeCheck('91350100M000100Y4')).toBe('3');
  });

  it('puts the 规上 亩均税收 at 20–45 万元/亩 and the evaluated county at 20–40, 亩均增加值 3–5× tax', () => {
    const above = county.enterprises.filter((e) => e.above_scale);
    expect(share(above.length, county.enterprises.length)).toBeGreaterThan(0.3);
    expect(share(above.length, county.enterprises.length)).toBeLessThan(0.4);
    const taxAbove = perMu(above, 'tax_10k');
    expect(taxAbove).toBeGreaterThan(20);
    expect(taxAbove).toBeLessThan(45);
    const evaluated = county.enterprises.filter((e) => e.above_scale || land.get(e.id)! >= 3);
    const taxAll = perMu(evaluated, 'tax_10k');
    expect(taxAll).toBeGreaterThan(20);
    expect(taxAll).toBeLessThan(40);
    const ratio = perMu(evaluated, 'value_added_10k') / taxAll;
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(5);
    // long tail and deliberately poor firms: some far below 10 万元/亩, some far above the average
    const perFirm = evaluated.map((e) => e.tax_10k / land.get(e.id)!);
    expect(perFirm.filter((t) => t < 3).length).toBeGreaterThan(20);
    expect(perFirm.filter((t) => t > 3 * taxAll).length).toBeGreaterThan(5);
  });

  it('keeps every firm within the stated ranges', () => {
    for (const e of county.enterprises) {
      expect(e.employees).toBeGreaterThanOrEqual(5);
      expect(e.employees).toBeLessThanOrEqual(3000);
      expect(e.rd_10k / e.revenue_10k).toBeLessThanOrEqual(0.0605);
      expect(e.rd_10k).toBeGreaterThanOrEqual(0);
      // 规上 = main-business revenue ≥ 2 000 万元
      expect(e.revenue_10k >= 2000, e.id).toBe(e.above_scale);
      if (e.energy_tce >= 20) {
        expect(e.co2_t / e.energy_tce).toBeGreaterThan(2.3);
        expect(e.co2_t / e.energy_tce).toBeLessThan(2.7);
      }
      expect(e.emissions_t).toBeGreaterThan(0);
    }
  });
});

describe('chains, demands, projects', () => {
  it('defines the four chains with gaps, single-firm links and busy links, and two anchors each', () => {
    const ids = county.chains.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['auto-mould', 'pv-storage', 'stationery', 'new-materials']));
    const pv = county.chains.find((c) => c.id === 'pv-storage')!;
    expect(pv.links.map((l) => l.name.en)).toEqual([
      'Wafers', 'Solar cells', 'Modules', 'Inverters', 'Storage battery cells', 'BMS / PCS', 'Storage system integration', 'Plant operation',
    ]);
    const count = new Map<string, number>();
    for (const e of county.enterprises) if (e.link) count.set(e.link, (count.get(e.link) ?? 0) + 1);
    for (const c of county.chains) {
      const n = c.links.map((l) => count.get(l.id) ?? 0);
      expect(n.some((x) => x === 0), c.id).toBe(true);
      expect(n.some((x) => x === 1), c.id).toBe(true);
      expect(Math.max(...n), c.id).toBeGreaterThanOrEqual(10);
      expect(county.enterprises.filter((e) => e.anchor && e.chain === c.id), c.id).toHaveLength(2);
      expect(c.links.map((l) => l.order)).toEqual(c.links.map((_, i) => i + 1));
    }
    // a firm's link belongs to its chain
    for (const e of county.enterprises.filter((x) => x.link)) {
      expect(county.chains.find((c) => c.id === e.chain)!.links.some((l) => l.id === e.link)).toBe(true);
    }
  });

  it('lists ≥ 12 demands, mostly for links with 0 or 1 firm', () => {
    const count = new Map<string, number>();
    for (const e of county.enterprises) if (e.link) count.set(e.link, (count.get(e.link) ?? 0) + 1);
    const ds = county.demands;
    expect(ds.length).toBeGreaterThanOrEqual(12);
    expect(share(ds.filter((d) => (count.get(d.link) ?? 0) <= 1).length, ds.length)).toBeGreaterThan(0.6);
    for (const d of ds) expect(county.chains.find((c) => c.id === d.chain)!.links.some((l) => l.id === d.link)).toBe(true);
  });

  it('lists ≥ 30 projects over all lifecycle stages, many on existing parcels', () => {
    const ps = county.projects;
    expect(ps.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ps.map((p) => p.stage))).toEqual(new Set(['attract', 'construct', 'accept', 'produce', 'supervise']));
    const parcelIds = new Set(county.parcels.features.map((f) => f.properties.id));
    const onParcels = ps.filter((p) => p.parcel_id !== null);
    expect(onParcels.length).toBeGreaterThanOrEqual(15);
    for (const p of onParcels) expect(parcelIds.has(p.parcel_id!)).toBe(true);
    for (const p of ps) expect(p.name).toContain('示例');
    // construction projects sit on parcels under construction
    const status = new Map(county.parcels.features.map((f) => [f.properties.id, f.properties.status]));
    for (const p of ps.filter((x) => x.stage === 'construct')) expect(status.get(p.parcel_id!)).toBe('under_construction');
  });
});

describe('land supply and 增减挂钩 records (county rules)', () => {
  // Shares summed here from the records, not with county-rules.ts.
  it('covers 2021–2025 with an industrial share of 30–45 % each year and exactly one year below 35 %', () => {
    const byYear = new Map<number, { ind: number; all: number }>();
    for (const r of county.landSupply) {
      expect(['industrial', 'commercial', 'residential', 'public']).toContain(r.land_use);
      expect(r.area_mu).toBeGreaterThan(0);
      const y = byYear.get(r.year) ?? { ind: 0, all: 0 };
      y.all += r.area_mu;
      if (r.land_use === 'industrial') y.ind += r.area_mu;
      byYear.set(r.year, y);
    }
    expect([...byYear.keys()].sort()).toEqual([2021, 2022, 2023, 2024, 2025]);
    const shares = [...byYear.values()].map((y) => y.ind / y.all);
    for (const s of shares) expect(s >= 0.3 && s <= 0.45, String(s)).toBe(true);
    expect(shares.filter((s) => s < 0.35)).toHaveLength(1);
  });
  it('points industrial grants at real parcels and leaves the rest unlinked', () => {
    const ids = new Set(county.parcels.features.map((f) => f.properties.id));
    for (const r of county.landSupply) {
      if (r.land_use === 'industrial') expect(r.parcel_id !== null && ids.has(r.parcel_id), String(r.parcel_id)).toBe(true);
      else expect(r.parcel_id).toBeNull();
    }
  });
  it('reclaims land outside the lines only and adds new land inside them only, reclaimed > new', () => {
    const sum = (f: (r: SampleCounty['landSwap'][number]) => boolean) => county.landSwap.filter(f).reduce((s, r) => s + r.area_mu, 0);
    for (const r of county.landSwap) expect(r.change === 'reclaimed' ? r.control_line === 0 : r.control_line > 0).toBe(true);
    expect(sum((r) => r.change === 'reclaimed')).toBeGreaterThan(sum((r) => r.change === 'new'));
    const text = sampleFiles(county).find(([n]) => n === 'land-supply.json')![1];
    expect(JSON.parse(text)).toMatchObject({ sample: true, label: '示例数据 / sample data' });
  });
});
