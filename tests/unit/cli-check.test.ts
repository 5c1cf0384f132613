// `tenglong check` end to end: real files, the real binary, areas compared with independent computations
// (geographiclib on GRS80; a separate Krüger series + shoelace for the plane).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolygonGeometry, Position } from '../../src/lib/data/schema.ts';
import { geodesicArea, krugerArea } from '../../src/lib/geo/test-helpers/golden-areas.ts';
import { krugerForward } from '../../src/lib/geo/test-helpers/kruger.ts';
import { PARCEL_RULE_IDS } from '../../src/lib/rules/check.ts';
import { withSources } from '../../src/lib/rules/test-policy.ts';
import ninghai from '../../data/policy/ninghai-2021-2025.json' with { type: 'json' };
import { runCli } from './helpers/run-cli.ts';

const MU = 1 / 666.6666666666666;
const dir = mkdtempSync(join(tmpdir(), 'tenglong-check-'));

function rect(lon: number, lat: number, dLon: number, dLat: number, rot = 0): PolygonGeometry {
  const c = Math.cos(rot);
  const s = Math.sin(rot);
  const pts: Position[] = [[0, 0], [dLon, 0], [dLon, dLat], [0, dLat]].map(([x, y]) => [lon + x! * c - y! * s, lat + x! * s + y! * c]);
  return { type: 'Polygon', coordinates: [[...pts, pts[0]!]] };
}

// Proposed parcels at real town locations, including 长街 in the 123°E zone and an L-shape.
const parcels = [
  { id: 'P-YL', geometry: rect(121.43, 29.29, 0.0009, 0.0007, 0.1), properties: { id: 'P-YL', floor_area_m2: 12000, new_project: true, grade: 'C', industry: 'moulds' } },
  { id: 'P-XD', geometry: rect(121.44, 29.51, 0.003, 0.0021, -0.2), properties: { id: 'P-XD', floor_area_m2: 40000, new_project: true, standard_land: false } },
  { id: 'P-CJ', geometry: rect(121.61, 29.23, 0.0015, 0.001), properties: { id: 'P-CJ', floor_area_m2: 2000, industry: 'textiles' } },
  {
    id: 'P-L',
    geometry: {
      type: 'Polygon' as const,
      coordinates: [[[121.5, 29.3], [121.503, 29.3], [121.503, 29.301], [121.501, 29.301], [121.501, 29.303], [121.5, 29.303], [121.5, 29.3]] as Position[]],
    },
    properties: { id: 'P-L' },
  },
];
const fc = (features: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'FeatureCollection', ...extra, features });
const feature = (p: { geometry: unknown; properties: unknown }) => ({ type: 'Feature', geometry: p.geometry, properties: p.properties });

// A central zone holding P-YL, an adjusted-use zone holding nothing, a level-1 line around P-XD only.
const zones = fc([
  feature({ geometry: rect(121.42, 29.28, 0.03, 0.03), properties: { id: 'Z1', kind: 'central', name: 'central (test)' } }),
  feature({ geometry: rect(121.2, 29.1, 0.01, 0.01), properties: { id: 'Z2', kind: 'adjusted-use' } }),
]);
const lines = fc([feature({ geometry: rect(121.43, 29.5, 0.03, 0.03), properties: { id: 'L1', level: 1 } })]);

/** A copy of the Ninghai policy with values replaced at paths: another county's file, written by the test. */
function edited(...edits: [string[], unknown][]): Record<string, unknown> {
  const copy = structuredClone(ninghai) as unknown as Record<string, unknown>;
  for (const [path, value] of edits) {
    let o = copy;
    for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
    const last = path[path.length - 1]!;
    o[last] = withSources(o[last], value);
  }
  return copy;
}

interface Out {
  id: string;
  area_mu: number;
  area_mu_planar: number;
  area_mu_turf: number;
  far: number | null;
  findings: { rule: string; status: string; message: { zh: string; en: string } }[];
}

function parseLines(stdout: string): Out[] {
  return stdout.trim().split('\n').map((l) => JSON.parse(l) as Out);
}

let outputs: Out[] = [];
beforeAll(() => {
  writeFileSync(join(dir, 'parcels.geojson'), fc(parcels.map(feature)));
  writeFileSync(join(dir, 'zones.geojson'), zones);
  writeFileSync(join(dir, 'lines.geojson'), lines);
  const r = runCli(['check', join(dir, 'parcels.geojson'), '--zones', join(dir, 'zones.geojson'), '--control-lines', join(dir, 'lines.geojson'), '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  outputs = parseLines(r.stdout);
});

describe('tenglong check --json', () => {
  it('prints one line per feature with the documented keys', () => {
    expect(outputs.map((o) => o.id)).toEqual(['P-YL', 'P-XD', 'P-CJ', 'P-L']);
    for (const o of outputs) expect(Object.keys(o)).toEqual(['id', 'area_mu', 'area_mu_planar', 'area_mu_turf', 'far', 'findings']);
  });

  it('agrees with geographiclib (ellipsoidal) and an independent Gauss-Krüger (planar) to 0.01 %', () => {
    for (const [i, p] of parcels.entries()) {
      const o = outputs[i]!;
      const lon = p.geometry.coordinates[0]![0]![0]!;
      const cm = 3 * Math.round(lon / 3);
      const ell = geodesicArea(p.geometry) * MU;
      const pla = krugerArea(p.geometry, cm) * MU;
      expect(Math.abs(o.area_mu / ell - 1)).toBeLessThan(1e-4);
      expect(Math.abs(o.area_mu_planar / pla - 1)).toBeLessThan(1e-4);
      // Turf's sphere is a display reference: close, but not the same number.
      expect(Math.abs(o.area_mu_turf / ell - 1)).toBeGreaterThan(1e-4);
      expect(Math.abs(o.area_mu_turf / ell - 1)).toBeLessThan(1e-2);
    }
  });

  it('computes FAR on the planar area', () => {
    const o = outputs[0]!;
    expect(o.far).toBeCloseTo(12000 / (o.area_mu_planar / MU), 9);
  });

  it('applies the zones and control lines given on the command line', () => {
    const byRule = (o: Out) => Object.fromEntries(o.findings.map((f) => [f.rule, f]));
    const yl = byRule(outputs[0]!);
    expect(yl['zone.central']!.status).toBe('fail'); // new industrial building in the central area
    expect(yl['control-line']!.status).toBe('fail'); // new land outside every line
    expect(yl['zone.adjusted-use']!.status).toBe('pass');
    const xd = byRule(outputs[1]!);
    expect(xd['control-line']!.status).toBe('pass');
    expect(xd['standard-land']!.status).toBe('fail'); // ≥ 5 亩 new land not supplied as 标准地
    // P-CJ is an existing use (no project) at FAR ≈ 0.17 < the textiles minimum 0.8: shown, the minimum binds works.
    expect(byRule(outputs[2]!)['far.min']!.status).toBe('info');
    expect(byRule(outputs[1]!)['far.min']!.status).toBe('fail'); // new land at FAR ≈ 0.59 < 1.0
    for (const o of outputs) expect(o.findings.map((f) => f.rule)).toEqual([...PARCEL_RULE_IDS]);
    // Caps are their own rules: P-YL is a new project in the central area, FAR ≈ 1.77 > 1.0.
    expect(yl['far.cap']!.status).toBe('fail');
    expect(yl['far.cap']!.message.zh).toMatch(/^容积率 1\.\d\d > 中心城区限制区上限 1\.0$/);
  });

  it('reads Gauss-Krüger input with --crs and gives the same areas', () => {
    const fwd = krugerForward(120);
    const gk = parcels.slice(0, 2).map((p) => ({
      ...feature(p),
      geometry: { type: 'Polygon', coordinates: [p.geometry.coordinates[0]!.map(([lon, lat]) => fwd(lon, lat))] },
    }));
    writeFileSync(join(dir, 'gk.geojson'), fc(gk));
    const r = runCli(['check', join(dir, 'gk.geojson'), '--crs', 'EPSG:4549', '--zones', join(dir, 'zones.geojson'), '--control-lines', join(dir, 'lines.geojson'), '--json']);
    expect(r.code).toBe(0);
    const out = parseLines(r.stdout);
    for (const [i, o] of out.entries()) expect(Math.abs(o.area_mu_planar / outputs[i]!.area_mu_planar - 1)).toBeLessThan(1e-7);
  });

  it('refuses metre-scale coordinates without a CRS and names the likely zones', () => {
    const fwd = krugerForward(120);
    const gk = [{ ...feature(parcels[0]!), geometry: { type: 'Polygon', coordinates: [parcels[0]!.geometry.coordinates[0]!.map(([lon, lat]) => fwd(lon, lat))] } }];
    writeFileSync(join(dir, 'nocrs.geojson'), fc(gk));
    const r = runCli(['check', join(dir, 'nocrs.geojson'), '--zones', join(dir, 'zones.geojson'), '--control-lines', join(dir, 'lines.geojson'), '--json']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('EPSG:4549');
    expect(r.stderr).toContain('EPSG:4550');
    expect(r.stdout).toBe('');
  });

  it('reports a bad feature by id and reason, checks the rest, exits 3 (done, some rejected)', () => {
    const open = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[121.4, 29.3], [121.41, 29.3], [121.41, 29.31], [121.4, 29.31]]] }, properties: { id: 'OPEN' } };
    const badGrade = feature({ geometry: parcels[0]!.geometry, properties: { id: 'BADGRADE', grade: 'E' } });
    writeFileSync(join(dir, 'bad.geojson'), fc([open, badGrade, feature(parcels[1]!)]));
    const r = runCli(['check', join(dir, 'bad.geojson'), '--zones', join(dir, 'zones.geojson'), '--control-lines', join(dir, 'lines.geojson'), '--json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/feature OPEN: .*not closed/);
    expect(r.stderr).toMatch(/feature BADGRADE: field "grade"/);
    expect(parseLines(r.stdout).map((o) => o.id)).toEqual(['P-XD']);
  });

  it('reports every enterprise rule from the properties of a proposed firm', () => {
    // 10 亩-ish parcel inside L1; tax 80 万元 over 20 亩 = 4 万元/亩 < 10; CO₂ 2 100 t / VA 1 000 万元 = 2.1, moulds
    // average 0.76 → K 2.763 → grade 5; a below-scale firm on 2 亩 elsewhere is reported, not graded.
    const g = rect(121.44, 29.51, 0.001, 0.0008);
    writeFileSync(
      join(dir, 'firms.geojson'),
      fc([
        feature({ geometry: g, properties: { id: 'F1', project: 'extension', floor_area_m2: 9000, industry: 'moulds', grade: 'D', tax_10k: 80, enterprise_land_mu: 20, value_added_10k: 1000, co2_t: 2100, coverage: 0.25, green_ratio: 0.22, admin_ratio: 0.08 } }),
        feature({ geometry: g, properties: { id: 'F2', above_scale: false, enterprise_land_mu: 2, grade: 'D', status: 'used_not_full' } }),
        feature({ geometry: g, properties: { id: 'F3', vacant: true, status: 'approved_not_supplied', floor_area_m2: 0 } }),
      ]),
    );
    const r = runCli(['check', join(dir, 'firms.geojson'), '--zones', join(dir, 'zones.geojson'), '--control-lines', join(dir, 'lines.geojson'), '--json']);
    expect(r.stderr).toBe('');
    const [f1, f2, f3] = parseLines(r.stdout).map((o) => Object.fromEntries(o.findings.map((f) => [f.rule, f])));
    expect(f1!['mujun.grade']!.status).toBe('fail');
    expect(f1!['low-efficiency']!.message.zh).toBe('低效用地：亩均税收 4.00 < 10 万元/亩');
    expect(f1!['carbon.grade']!.message.zh).toBe('碳效 5 级：单位增加值碳排放 2.10 吨/万元，行业平均 0.76，K = 2.763');
    expect(f1!['coverage.min']!.message.zh).toBe('建筑系数 25.0% < 30.0%');
    expect(f1!['green.max']!.status).toBe('fail');
    expect(f1!['admin.max']!.status).toBe('fail');
    expect(f2!['mujun.grade']!.status).toBe('info');
    expect(f2!['mujun.grade']!.message.zh).toBe('规下企业用地 2.00 亩 < 3 亩，不参评');
    expect(f2!['low-efficiency']!.message.zh).toBe('低效用地：低效类型「用而未尽」');
    expect(f3!['far.min']!.status).toBe('info'); // not built yet, not a FAR failure
    expect(f3!['mujun.grade']!.message.en).toBe('Vacant parcel: no enterprise to evaluate');
  });

  it('changes verdicts with --policy (another county\'s file), without code changes', () => {
    const other = edited([['id'], 'other-county-test'], [['far', 'new_project_min'], 1.5], [['zones', 'central', 'far_max'], 2.0], [['site', 'coverage_min'], 0.2]);
    writeFileSync(join(dir, 'other-policy.json'), JSON.stringify(other));
    // P-YL (new, central area, FAR ≈ 1.77, coverage 25 %) and new land on P-XD's ground at FAR ≈ 1.77 (≈ 67 800 m²).
    writeFileSync(
      join(dir, 'one.geojson'),
      fc([
        feature({ geometry: parcels[0]!.geometry, properties: { ...parcels[0]!.properties, coverage: 0.25 } }),
        feature({ geometry: parcels[1]!.geometry, properties: { id: 'P-XD-1.77', project: 'new', floor_area_m2: 120000, standard_land: true } }),
      ]),
    );
    const args = ['check', join(dir, 'one.geojson'), '--zones', join(dir, 'zones.geojson'), '--control-lines', join(dir, 'lines.geojson'), '--json'];
    const byRule = (stdout: string, i: number) => Object.fromEntries(parseLines(stdout)[i]!.findings.map((f) => [f.rule, f.status]));
    const hereOut = runCli(args).stdout;
    const thereOut = runCli([...args, '--policy', join(dir, 'other-policy.json')]).stdout;
    // In the central area the cap governs (no minimum): 1.77 > Ninghai's cap 1.0, ≤ the other county's 2.0.
    expect([byRule(hereOut, 0)['far.cap'], byRule(hereOut, 0)['coverage.min']]).toEqual(['fail', 'fail']);
    expect([byRule(thereOut, 0)['far.cap'], byRule(thereOut, 0)['coverage.min']]).toEqual(['pass', 'pass']);
    // Outside the zones: 1.77 is below Ninghai's 2.0 in principle (warn), above the other county's 1.5.
    expect(byRule(hereOut, 1)['far.min']).toBe('warn');
    expect(byRule(thereOut, 1)['far.min']).toBe('pass');
  });

  it('names a bad policy value and a bad share by field', () => {
    const bad = edited([['carbon', 'k_thresholds'], [0.8, 0.6, 1.2, 2.0]]);
    writeFileSync(join(dir, 'bad-policy.json'), JSON.stringify(bad));
    const r = runCli(['check', join(dir, 'one.geojson'), '--policy', join(dir, 'bad-policy.json'), '--zones', join(dir, 'zones.geojson'), '--control-lines', join(dir, 'lines.geojson')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad-policy.json.carbon.k_thresholds: expected 4 ascending positive numbers');
    writeFileSync(join(dir, 'pct.geojson'), fc([feature({ geometry: parcels[0]!.geometry, properties: { id: 'PCT', coverage: 35, status: 'unused' } })]));
    const r2 = runCli(['check', join(dir, 'pct.geojson'), '--zones', join(dir, 'zones.geojson'), '--control-lines', join(dir, 'lines.geojson')]);
    expect(r2.code).toBe(1); // its only feature rejected: nothing checked
    expect(r2.stderr).toMatch(/feature PCT: field "coverage" must be a share between 0 and 1 \(e\.g\. 0\.35 for 35 %\), got 35/);
    writeFileSync(
      join(dir, 'kinds.geojson'),
      fc([
        feature({ geometry: parcels[0]!.geometry, properties: { id: 'CHARITY', exempt: 'charity' } }),
        feature({ geometry: parcels[0]!.geometry, properties: { id: 'BADSTATUS', status: 'unused' } }),
        feature({ geometry: parcels[0]!.geometry, properties: { id: 'OK', exempt: 'utility', grade: 'D' } }),
      ]),
    );
    const r3 = runCli(['check', join(dir, 'kinds.geojson'), '--zones', join(dir, 'zones.geojson'), '--control-lines', join(dir, 'lines.geojson')]);
    expect(r3.code).toBe(3);
    expect(r3.stderr).toContain('feature CHARITY: field "exempt" must be one of utility, startup, got "charity"');
    expect(r3.stderr).toMatch(/feature BADSTATUS: field "status" must be one of in_use, idle, /);
    // The readable output: one line per rule, the verdict and the zh message.
    expect(r3.stdout).toMatch(/^OK {2}\d+\.\d\d 亩 \(planar\)/);
    expect(r3.stdout).toContain('[info] mujun.grade        公用事业企业，不参评');
    expect(r3.stdout.trim().split('\n')).toHaveLength(1 + PARCEL_RULE_IDS.length);
  });

  it('exits 2 with usage on a missing file argument', () => {
    const r = runCli(['check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('check needs a GeoJSON file');
  });
});
