// The pipeline on real files: CRS handling, rejects with reasons, derived fields, the public/internal split
// and the all-or-nothing swap of the output folder.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSpatialIndex, readAllFgb } from '../../src/lib/data/fgb-read.ts';
import { CONFIDENTIAL_FIELDS } from '../../src/lib/data/public-fields.ts';
import type { Position } from '../../src/lib/data/schema.ts';
import { wgs84ToGcj02 } from '../../src/lib/geo/index.ts';
import { krugerForward } from '../../src/lib/geo/test-helpers/kruger.ts';
import { ninghaiPolicy } from '../../src/lib/rules/test-policy.ts';
import { buildData } from '../../scripts/build-data.ts';

const policy = ninghaiPolicy();

function square(lon: number, lat: number, d = 0.001): Position[][] {
  return [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]];
}
const fc = (features: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'FeatureCollection', ...extra, features });
const poly = (coordinates: unknown, properties: Record<string, unknown>) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates }, properties });

const parcelProps = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  land_use: 'industrial',
  status: 'in_use',
  enterprise_id: 'E1',
  floor_area_m2: 9000,
  height_m: 12,
  coverage: 0.5,
  green_ratio: 0.1,
  admin_ratio: 0.05,
  standard_land: false,
  industry: 'moulds',
  town: '跃龙街道',
  park: null,
  ...extra,
});

/** A small source folder. Parcels in EPSG:4528 (zone 40 prefix) with one in zone 41 (长街), plus bad rows. */
function makeSource(): string {
  const src = mkdtempSync(join(tmpdir(), 'tenglong-src-'));
  const z40 = krugerForward(120, { falseEasting: 40_500_000 });
  const z41 = krugerForward(123, { falseEasting: 41_500_000 });
  const toGk = (ring: Position[], f: (lon: number, lat: number) => [number, number]) => ring.map(([lon, lat]) => f(lon, lat));
  writeFileSync(
    join(src, 'parcels.geojson'),
    fc(
      [
        poly([toGk(square(121.43, 29.29)[0]!, z40)], parcelProps('A')),
        poly([toGk(square(121.61, 29.23)[0]!, z41)], parcelProps('B', { enterprise_id: 'E2' })),
        // not closed
        poly([toGk(square(121.44, 29.3)[0]!.slice(0, 4), z40)], parcelProps('OPEN')),
        // mistyped field
        poly([toGk(square(121.45, 29.3)[0]!, z40)], parcelProps('BADSTATUS', { status: '在用?' })),
        // duplicate id
        poly([toGk(square(121.46, 29.3)[0]!, z40)], parcelProps('A')),
      ],
      { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4528' } } },
    ),
  );
  // Control lines in GCJ-02 (as traced on a Gaode basemap), declared.
  const gcj = (ring: Position[]) => ring.map((p) => wgs84ToGcj02(p));
  writeFileSync(
    join(src, 'control-lines.geojson'),
    fc([poly([gcj(square(121.42, 29.28, 0.03)[0]!)], { id: 'L1', name: '跃龙一级线', level: 1 })], { crs: { type: 'name', properties: { name: 'GCJ-02' } } }),
  );
  writeFileSync(join(src, 'zones.geojson'), fc([poly(square(121.6, 29.22, 0.03), { id: 'Z1', kind: 'adjusted-use', name: '调整区' })]));
  writeFileSync(join(src, 'low-efficiency-blocks.geojson'), fc([poly(square(121.425, 29.285, 0.01), { id: 'B1', name: '示例低效区块', reason: '容积率低', renovation_status: 'planned', renovation_year: 2024 })]));
  writeFileSync(
    join(src, 'enterprises.json'),
    JSON.stringify({
      enterprises: [
        { id: 'E1', name: '宁海示例甲公司', above_scale: true, tax_10k: 300, value_added_10k: 1200, revenue_10k: 9000, rd_10k: 300, energy_tce: 500, emissions_t: 3, co2_t: 1200, employees: 120 },
        { id: 'E2', name: '宁海示例乙公司', evaluation_exempt: 'utility', above_scale: true, tax_10k: 20, value_added_10k: 100, revenue_10k: 900, rd_10k: 5, energy_tce: 300, emissions_t: 9, co2_t: 700, employees: 40 },
        { id: 'E3', name: 42 },
      ],
    }),
  );
  return src;
}

describe('build-data', () => {
  it('reprojects, validates, derives and splits public from internal', async () => {
    const src = makeSource();
    const out = join(mkdtempSync(join(tmpdir(), 'tenglong-out-')), 'data');
    const report = await buildData({ src, out, store: `${out}.store`, policy });

    expect(report.layers['parcels']).toMatchObject({ crs: 'EPSG:4528', read: 5, accepted: 2, rejected: 3 });
    expect(report.layers['control-lines']!.crs).toBe('GCJ-02');
    const reasons = report.rejects.map((r) => `${r.id}: ${r.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^OPEN: .*not closed/),
        expect.stringMatching(/^BADSTATUS: field "status" must be one of/),
        expect.stringMatching(/^A: duplicate id "A"/),
        expect.stringMatching(/^E3: field "name" is required/),
      ]),
    );
    // Nothing lost: each rejected feature is kept whole in rejects.json.
    const rejects = JSON.parse(readFileSync(join(out, 'internal', 'rejects.json'), 'utf8')) as { rejects: { id: string; feature: unknown }[] };
    expect(rejects.rejects.find((r) => r.id === 'OPEN')!.feature).toMatchObject({ properties: { id: 'OPEN' } });

    const internal = readAllFgb(new Uint8Array(readFileSync(join(out, 'internal', 'parcels.fgb'))));
    const byId = new Map(internal.map((f) => [f.properties['id'], f.properties]));
    const a = byId.get('A')!;
    const b = byId.get('B')!;
    // A (zone 40) landed at 121.43E inside the GCJ-02-declared level-1 line and the low-efficiency block.
    expect(a['control_line']).toBe(1);
    expect(a['low_eff_block']).toBe('B1');
    // B (zone 41 feature in a 4528 file) landed at 长街, inside the adjusted-use zone, outside the line.
    expect(b['zone']).toBe('adjusted-use');
    expect(b['control_line']).toBe(0);
    expect(b['far_max']).toBe(1.5);
    // 0.001° square ≈ 97 m × 111 m ≈ 16 亩
    expect(a['area_mu_planar'] as number).toBeGreaterThan(14);
    expect(a['area_mu_planar'] as number).toBeLessThan(18);
    expect(a['far']).toBeCloseTo(9000 / ((a['area_mu_planar'] as number) / 0.0015), 9);
    expect(a['enterprise_name']).toBe('宁海示例甲公司');
    expect(['A', 'B', 'C', 'D']).toContain(a['grade']);
    // E2 is a public utility: exempt from the 亩均 evaluation by the policy, so not graded.
    expect(b['grade'] ?? null).toBeNull();
    const ents = JSON.parse(readFileSync(join(out, 'internal', 'enterprises.json'), 'utf8')) as { enterprises: { id: string; evaluated: boolean }[] };
    expect(ents.enterprises.find((e) => e.id === 'E2')!.evaluated).toBe(false);

    const pub = readAllFgb(new Uint8Array(readFileSync(join(out, 'public', 'parcels.fgb'))));
    expect(pub).toHaveLength(2);
    for (const f of pub) for (const k of CONFIDENTIAL_FIELDS) expect(f.properties).not.toHaveProperty(k);

    for (const d of ['public', 'internal']) {
      for (const f of readdirSync(join(out, d)).filter((n) => n.endsWith('.fgb'))) {
        expect(hasSpatialIndex(new Uint8Array(readFileSync(join(out, d, f)))), `${d}/${f}`).toBe(true);
      }
    }
    const manifest = JSON.parse(readFileSync(join(out, 'public', 'manifest.json'), 'utf8'));
    expect(manifest.layers.parcels.count).toBe(2);
    expect(manifest.source_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.generated_by).toMatch(/^tenglong build-data/);
    // No firm here is in a chain: no partners file, and the manifest does not name one (the site page then reads none).
    expect(existsSync(join(out, 'public', 'partners.fgb'))).toBe(false);
    expect(manifest.files).toEqual(['parcels-index.json']);
    // The 招商 ranking's parcels: a candidate is idle (or the like) or held by a grade-D firm, and no firm is in a
    // chain. Both parcels are in use; B's firm is exempt (no grade); E1, the one firm graded, is at rank share 1/1,
    // past the policy’s C share (0.95): grade D, so A is a candidate and the file holds A alone.
    expect(a['grade']).toBe('D');
    const sites = readAllFgb(new Uint8Array(readFileSync(join(out, 'internal', 'sites.fgb'))));
    expect(sites.map((f) => f.properties['id'])).toEqual(['A']);
    expect(JSON.parse(readFileSync(join(out, 'internal', 'manifest.json'), 'utf8')).sites.count).toBe(sites.length);
  });

  it('refuses metre-scale coordinates without a CRS, naming the zones, and leaves the previous output intact', async () => {
    const src = makeSource();
    const out = join(mkdtempSync(join(tmpdir(), 'tenglong-out-')), 'data');
    await buildData({ src, out, store: `${out}.store`, policy });
    const before = readFileSync(join(out, 'internal', 'parcels.fgb'));

    const bad = mkdtempSync(join(tmpdir(), 'tenglong-bad-'));
    for (const f of readdirSync(src)) writeFileSync(join(bad, f), readFileSync(join(src, f)));
    const gk = krugerForward(120);
    writeFileSync(join(bad, 'parcels.geojson'), fc([poly([square(121.43, 29.29)[0]!.map(([x, y]) => gk(x, y))], parcelProps('X'))]));
    await expect(buildData({ src: bad, out, store: `${out}.store`, policy })).rejects.toThrow(/parcels\.geojson: .*EPSG:4549.*EPSG:4550/s);

    expect(readFileSync(join(out, 'internal', 'parcels.fgb')).equals(before)).toBe(true);
    // A refused build leaves nothing behind: no temporary folder in the store, nothing new beside the served folder.
    expect(readdirSync(`${out}.store`).filter((n) => n.startsWith('tmp-') || n.startsWith('current.next'))).toEqual([]);
    expect(readdirSync(join(out, '..')).sort()).toEqual(['data', 'data.store']);
  });

  it('names a missing required layer', async () => {
    const src = mkdtempSync(join(tmpdir(), 'tenglong-empty-'));
    mkdirSync(join(src, 'x'));
    await expect(buildData({ src, out: join(src, 'out'), store: join(src, 'store'), policy })).rejects.toThrow(/parcels\.geojson: required layer file is missing/);
    expect(existsSync(join(src, 'out'))).toBe(false);
  });
});
