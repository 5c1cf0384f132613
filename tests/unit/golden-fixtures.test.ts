// Golden fixtures (the Turf pattern): fixtures/in/NAME.geojson → the findings of every parcel → fixtures/out/NAME.json.
// Regenerate only on purpose: UPDATE_FIXTURES=1 npx vitest run tests/unit/golden-fixtures.test.ts, then review the diff.
//
// The golden files are not trusted because the code printed them: each input parcel carries hand-written worked
// values (`_expect` rule → status, `_far`, `_mu_planar`, `_k`, `_grade`, `_level`, `_central`) that the output must agree with,
// and areas are checked against two independent computations (shoelace of the fixture's own Gauss-Krüger metres,
// and a separate Krüger series over the ingested longitude-latitude, src/lib/geo/test-helpers/golden-areas.ts).
// Fixtures are in EPSG:4549 (CGCS2000 3° GK, CM 120°E), the zone the rules use at 121.43°E, so a 100 m × 100 m
// square is exactly 10 000 m² = 15 亩 and FARs are round numbers. Zones and control lines travel inside the file
// as the foreign members `zones` and `control_lines`.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCheckProps } from '../../src/lib/rules/check-props.ts';
import { ingestCollection } from '../../src/lib/data/ingest.ts';
import { withSources } from '../../src/lib/rules/test-policy.ts';
import { parseControlLineProps, parseZoneProps } from '../../src/lib/data/props.ts';
import type { AreaGeometry, ControlLineProps, Feature, Position, ZoneProps } from '../../src/lib/data/schema.ts';
import { geodesicArea, krugerArea } from '../../src/lib/geo/test-helpers/golden-areas.ts';
import { buildRuleLayers, checkParcel, PARCEL_RULE_IDS, type ParcelCheck } from '../../src/lib/rules/check.ts';
import { parsePolicy, type Policy } from '../../src/lib/rules/policy.ts';
import { ninghaiPolicy } from '../../src/lib/rules/test-policy.ts';

const ROOT = fileURLToPath(new URL('../../fixtures', import.meta.url));
const IN = join(ROOT, 'in');
const OUT = join(ROOT, 'out');
const UPDATE = process.env['UPDATE_FIXTURES'] === '1';
const M2_PER_MU = 10000 / 15;
const policy = ninghaiPolicy();

interface RawFeature {
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}
interface RawFixture {
  description: string;
  features: RawFeature[];
  zones: unknown;
  control_lines: unknown;
}

/** Numbers rounded to 6 decimals so the golden files do not churn on the last float bit. */
function rounded(v: unknown): unknown {
  if (typeof v === 'number') return Math.round(v * 1e6) / 1e6 + 0; // + 0 turns -0 into 0
  if (Array.isArray(v)) return v.map(rounded);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)]));
  return v;
}

function golden(c: ParcelCheck) {
  return rounded({
    id: c.id,
    area_mu_planar: c.area_mu_planar,
    area_mu: c.area_mu,
    far: c.far,
    control_line: c.control_line,
    zone: c.zone,
    far_min: c.far_min,
    far_max: c.far_max,
    height_max_m: c.height_max_m,
    findings: c.findings,
  });
}

function run(name: string, pol: Policy = policy) {
  const file = join(IN, `${name}.geojson`);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawFixture;
  const zones = ingestCollection(raw.zones, { file: `${file}#zones`, geometry: 'area', parseProps: parseZoneProps, crs: 'EPSG:4549' });
  const lines = ingestCollection(raw.control_lines, { file: `${file}#control_lines`, geometry: 'area', parseProps: parseControlLineProps, crs: 'EPSG:4549' });
  const parcels = ingestCollection(raw, { file, geometry: 'area', parseProps: parseCheckProps });
  const rejects = [...zones.rejects, ...lines.rejects, ...parcels.rejects].map((r) => `${r.file} ${r.id}: ${r.reason}`);
  const layers = buildRuleLayers(zones.features as Feature<AreaGeometry, ZoneProps>[], lines.features as Feature<AreaGeometry, ControlLineProps>[]);
  const checks = parcels.features.map((f) => checkParcel({ ...f.properties, geometry: f.geometry as AreaGeometry }, layers, pol));
  return { raw, rejects, crs: parcels.crs, parcels: parcels.features, checks };
}

/** Shoelace area of a (Multi)Polygon in plane coordinates, holes subtracted. */
function shoelace(geom: { type: string; coordinates: unknown }): number {
  const polys = (geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates) as Position[][][];
  let total = 0;
  for (const poly of polys) {
    poly.forEach((ring, i) => {
      let a = 0;
      for (let k = 0; k + 1 < ring.length; k++) a += ring[k]![0] * ring[k + 1]![1] - ring[k + 1]![0] * ring[k]![1];
      total += (i === 0 ? 1 : -1) * Math.abs(a / 2);
    });
  }
  return total;
}

const names = readdirSync(IN).filter((n) => n.endsWith('.geojson')).map((n) => n.replace(/\.geojson$/, '')).sort();
// rule → statuses the fixtures expect by hand (read from the inputs, not from the code's output)
const expected = new Map<string, Set<string>>();
for (const name of names) {
  for (const f of (JSON.parse(readFileSync(join(IN, `${name}.geojson`), 'utf8')) as RawFixture).features) {
    for (const [rule, status] of Object.entries((f.properties['_expect'] ?? {}) as Record<string, string>)) {
      if (!expected.has(rule)) expected.set(rule, new Set());
      expected.get(rule)!.add(status);
    }
  }
}

describe('golden fixtures', () => {
  it('has at least 8 cases and no orphan output', () => {
    expect(names.length).toBeGreaterThanOrEqual(8);
    if (!UPDATE) {
      const outs = readdirSync(OUT).filter((n) => n.endsWith('.json')).map((n) => n.replace(/\.json$/, ''));
      expect(outs.sort()).toEqual(names);
    }
  });

  for (const name of names) {
    describe(name, () => {
      const r = run(name);

      it('reads every feature (declared CRS EPSG:4549, no rejects)', () => {
        expect(r.rejects).toEqual([]);
        expect(r.crs).toBe('EPSG:4549');
        expect(r.checks.length).toBe(r.raw.features.length);
      });

      it('matches fixtures/out (regenerate only on purpose with UPDATE_FIXTURES=1)', () => {
        const out = { fixture: name, description: r.raw.description, policy: policy.id, parcels: r.checks.map(golden) };
        const path = join(OUT, `${name}.json`);
        if (UPDATE) writeFileSync(path, JSON.stringify(out, null, 1) + '\n');
        if (!existsSync(path)) throw new Error(`${path} is missing: run UPDATE_FIXTURES=1 npx vitest run tests/unit/golden-fixtures.test.ts and review it`);
        expect(out).toEqual(JSON.parse(readFileSync(path, 'utf8')));
      });

      it('agrees with the hand-written worked values of every parcel', () => {
        r.raw.features.forEach((f, i) => {
          const p = f.properties;
          const c = r.checks[i]!;
          expect(c.id).toBe(p['id']);
          const by = Object.fromEntries(c.findings.map((x) => [x.rule, x]));
          for (const [rule, status] of Object.entries((p['_expect'] ?? {}) as Record<string, string>)) {
            expect({ id: c.id, rule, status: by[rule]?.status }).toEqual({ id: c.id, rule, status });
          }
          if ('_far' in p) {
            if (p['_far'] === null) expect(c.far).toBeNull();
            else expect(c.far).toBeCloseTo(p['_far'] as number, 9);
          }
          if ('_mu_planar' in p) expect(c.area_mu_planar).toBeCloseTo(p['_mu_planar'] as number, 6);
          if ('_level' in p) expect(c.control_line).toBe(p['_level']);
          if ('_central' in p) expect({ id: c.id, relation: by['zone.central']!.values['relation'] }).toEqual({ id: c.id, relation: p['_central'] });
          if ('_grade' in p) {
            expect(by['carbon.grade']!.values['grade']).toBe(p['_grade']);
            expect(by['carbon.grade']!.values['k']).toBeCloseTo(p['_k'] as number, 6);
          }
        });
      });

      it('has planar areas equal to the shoelace of its own GK metres and an independent Krüger series; ellipsoidal to geographiclib', () => {
        r.raw.features.forEach((f, i) => {
          const c = r.checks[i]!;
          const own = shoelace(f.geometry) / M2_PER_MU;
          expect(Math.abs(c.area_mu_planar / own - 1)).toBeLessThan(1e-8);
          const indep = krugerArea(r.parcels[i]!.geometry as AreaGeometry, 120) / M2_PER_MU;
          expect(Math.abs(c.area_mu_planar / indep - 1)).toBeLessThan(1e-6);
          const ell = geodesicArea(r.parcels[i]!.geometry as AreaGeometry) / M2_PER_MU;
          expect(Math.abs(c.area_mu / ell - 1)).toBeLessThan(1e-6);
        });
      });
    });
  }

  it('covers every parcel rule by hand, and every rule that can fail with a hand-expected fail', () => {
    for (const rule of PARCEL_RULE_IDS) expect({ rule, covered: expected.has(rule) }).toEqual({ rule, covered: true });
    for (const rule of PARCEL_RULE_IDS.filter((x) => x !== 'area')) {
      expect({ rule, fails: expected.get(rule)?.has('fail') ?? false }).toEqual({ rule, fails: true });
    }
  });
});

describe('another county\'s policy file over the same fixtures', () => {
  // Written as a file and read back as a deployer would (`--policy F`): thresholds differ, code does not.
  const file = join(mkdtempSync(join(tmpdir(), 'tenglong-policy-')), 'other-county.json');
  const other = JSON.parse(readFileSync(fileURLToPath(new URL('../../data/policy/ninghai-2021-2025.json', import.meta.url)), 'utf8')) as Record<string, unknown>;
  const set = (path: string, value: unknown) => {
    const keys = path.split('.');
    let o = other;
    for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
    o[keys[keys.length - 1]!] = withSources(o[keys[keys.length - 1]!], value);
  };
  set('id', 'other-county-2026');
  set('far.new_project_min', 1.5);
  set('zones.adjusted-use.min_grade', 'A');
  set('zones.central.height_max_m', 12);
  set('site.green_max', 0.15);
  set('carbon.k_thresholds', [0.5, 0.7, 1.0, 1.6]);
  set('low_efficiency.tax_per_mu_below', { general: 15 });
  set('mujun.evaluated.below_scale_min_mu', 1);
  writeFileSync(file, JSON.stringify(other));
  const swapped = parsePolicy(JSON.parse(readFileSync(file, 'utf8')), file);

  const verdict = (name: string, pol: Policy, id: string, rule: string) => {
    const r = run(name, pol);
    const c = r.checks.find((x) => x.id === id)!;
    const f = c.findings.find((x) => x.rule === rule)!;
    return { status: f.status, grade: f.values['grade'] ?? null };
  };
  const cases: [string, string, string, string, string][] = [
    // fixture, parcel, rule, Ninghai status, other county status
    ['02-far-min', 'F-NEW-1.62', 'far.min', 'warn', 'pass'], // 1.62 ≥ 1.5
    ['04-zone-adjusted-use', 'D-NEW-B-1.40', 'zone.adjusted-use', 'pass', 'fail'], // B below A
    ['11-project-kinds', 'C-APPROVED-HEIGHT', 'height.cap', 'fail', 'pass'], // added floors to 9 m ≤ 12 m
    ['07-site-indicators', 'P-AT-BOUNDS-WORKS', 'green.max', 'pass', 'fail'], // works at 20 % > 15 %
    ['09-low-efficiency', 'E-TAX-10', 'low-efficiency', 'pass', 'fail'], // 10 < 15 万元/亩
    ['08-mujun-grade', 'M-BELOW-SCALE-2MU', 'mujun.grade', 'info', 'fail'], // 2 亩 ≥ 1: evaluated, grade D
  ];
  for (const [name, id, rule, here, there] of cases) {
    it(`${id} ${rule}: ${here} → ${there}`, () => {
      expect(verdict(name, policy, id, rule).status).toBe(here);
      expect(verdict(name, swapped, id, rule).status).toBe(there);
    });
  }
  it('K-MOULDS-2 (K 0.75) moves from carbon grade 2 to 3 under thresholds 0.5 / 0.7 / 1.0 / 1.6', () => {
    expect(verdict('10-carbon-grade', policy, 'K-MOULDS-2', 'carbon.grade').grade).toBe(2);
    expect(verdict('10-carbon-grade', swapped, 'K-MOULDS-2', 'carbon.grade').grade).toBe(3);
  });
});
