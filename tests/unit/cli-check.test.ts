// `tenglong check` end to end: real files, the real binary, areas compared with independent computations
// (geographiclib on GRS80; a separate Krüger series + shoelace for the plane).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolygonGeometry, Position } from '../../src/lib/data/schema.ts';
import { geodesicArea, krugerArea } from '../../src/lib/geo/test-helpers/golden-areas.ts';
import { krugerForward } from '../../src/lib/geo/test-helpers/kruger.ts';
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
    expect(byRule(outputs[2]!)['far.min']!.status).toBe('fail'); // textiles minimum 0.8
    for (const o of outputs) {
      expect(o.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['area', 'far.min', 'zone.central', 'zone.adjusted-use', 'control-line', 'standard-land']));
    }
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

  it('reports a bad feature by id and reason, checks the rest, exits 1', () => {
    const open = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[121.4, 29.3], [121.41, 29.3], [121.41, 29.31], [121.4, 29.31]]] }, properties: { id: 'OPEN' } };
    const badGrade = feature({ geometry: parcels[0]!.geometry, properties: { id: 'BADGRADE', grade: 'E' } });
    writeFileSync(join(dir, 'bad.geojson'), fc([open, badGrade, feature(parcels[1]!)]));
    const r = runCli(['check', join(dir, 'bad.geojson'), '--zones', join(dir, 'zones.geojson'), '--control-lines', join(dir, 'lines.geojson'), '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/feature OPEN: .*not closed/);
    expect(r.stderr).toMatch(/feature BADGRADE: field "grade"/);
    expect(parseLines(r.stdout).map((o) => o.id)).toEqual(['P-XD']);
  });

  it('exits 2 with usage on a missing file argument', () => {
    const r = runCli(['check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('check needs a GeoJSON file');
  });
});
