// The scaled sample county (issue 16 item 6): exactly N parcels, the same places (pieces tile each parcel), the same
// attributes, every record still naming a parcel, and the same files for the same seed and N.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Feature, ParcelSource, PolygonGeometry } from '../../src/lib/data/schema.ts';
import { planarAreaM2 } from '../../src/lib/geo/index.ts';
import { runCli } from '../../tests/unit/helpers/run-cli.ts';
import { generateSample } from './generate.ts';
import { cutQuad, piecesPerParcel, writeScaledSample } from './scale.ts';

const shoelace = (ring: [number, number][]) => Math.abs(ring.slice(0, -1).reduce((s, [x, y], i) => s + x * ring[i + 1]![1] - ring[i + 1]![0] * y, 0)) / 2;

describe('cutting a parcel', () => {
  it('cuts a four-cornered ring into k strips across its longer sides that tile it', () => {
    // A 4 × 1 rectangle cut in 4: four 1 × 1 squares side by side (by hand).
    const strips = cutQuad([[0, 0], [4, 0], [4, 1], [0, 1], [0, 0]], 4);
    expect(strips).toEqual([
      [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]],
      [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]],
      [[2, 0], [3, 0], [3, 1], [2, 1], [2, 0]],
      [[3, 0], [4, 0], [4, 1], [3, 1], [3, 0]],
    ]);
    // Standing up (1 × 4), it is cut across the longer sides too: strips of 1 × 1 stacked.
    const tall = cutQuad([[0, 0], [1, 0], [1, 4], [0, 4], [0, 0]], 2);
    expect(tall.map(shoelace)).toEqual([2, 2]);
    expect(tall[0]).toEqual([[1, 0], [1, 2], [0, 2], [0, 0], [1, 0]]);
  });
  it('spreads the pieces evenly over the four-cornered parcels; others stay whole', () => {
    const sq = (id: string, n: number): Feature<PolygonGeometry, ParcelSource> =>
      ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [Array.from({ length: n }, (_, i) => [i, i % 2])] }, properties: { id } }) as unknown as Feature<PolygonGeometry, ParcelSource>;
    const parcels = [sq('A', 5), sq('L', 7), sq('B', 5), sq('C', 5)];
    // 11 pieces: L stays 1, 10 over three quadrilaterals → 4, 3, 3.
    expect(piecesPerParcel(parcels, 11)).toEqual([4, 1, 3, 3]);
    expect(() => piecesPerParcel(parcels, 3)).toThrow(/at least the sample's 4 parcels/);
  });
});

describe('writeScaledSample', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenglong-scale-'));
  const again = mkdtempSync(join(tmpdir(), 'tenglong-scale-'));
  const N = 9000;
  let pieces: Feature<PolygonGeometry, ParcelSource>[];
  const original = generateSample().parcels.features;
  beforeAll(async () => {
    await writeScaledSample(dir, N);
    await writeScaledSample(again, N);
    pieces = (JSON.parse(readFileSync(join(dir, 'parcels.geojson'), 'utf8')) as { features: Feature<PolygonGeometry, ParcelSource>[] }).features;
  }, 120_000);

  it('writes exactly N parcels with unique ids, the same files for the same seed and N', () => {
    expect(pieces).toHaveLength(N);
    expect(new Set(pieces.map((p) => p.properties.id)).size).toBe(N);
    for (const f of ['parcels.geojson', 'cases.json', 'enterprises.json']) expect(readFileSync(join(again, f), 'utf8')).toBe(readFileSync(join(dir, f), 'utf8'));
  });

  it('keeps the places: the pieces of a parcel cover its area, each with its attributes', () => {
    const byOrigin = new Map<string, Feature<PolygonGeometry, ParcelSource>[]>();
    const originals = new Set(original.map((f) => f.properties.id));
    for (const p of pieces) {
      // Piece 0 has the parcel's id (itself ending in digits: NH-00001), piece j > 0 the id and -j.
      const origin = originals.has(p.properties.id) ? p.properties.id : p.properties.id.replace(/-\d+$/, '');
      byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), p]);
    }
    expect(byOrigin.size).toBe(original.length);
    for (const f of original) {
      const mine = byOrigin.get(f.properties.id)!;
      expect(mine[0]!.properties.id).toBe(f.properties.id);
      const area = planarAreaM2(f.geometry);
      const sum = mine.reduce((s, p) => s + planarAreaM2(p.geometry), 0);
      // Corners are rounded to 1e-7° (about 1 cm): the pieces' total is the parcel's to within a few parts in 10⁴.
      expect(Math.abs(sum - area) / area, f.properties.id).toBeLessThan(5e-4);
      for (const p of mine) {
        const { id: _i, name: _n, floor_area_m2: _f, tall_floor_area_m2: _t, ...rest } = p.properties;
        const { id: _i2, name: _n2, floor_area_m2: _f2, tall_floor_area_m2: _t2, ...want } = f.properties;
        expect(rest).toEqual(want);
      }
    }
  });

  it('every record still names a parcel of the scaled county', () => {
    const ids = new Set(pieces.map((p) => p.properties.id));
    const cases = (JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as { cases: { parcel_ids: string[] }[] }).cases;
    const agreements = (JSON.parse(readFileSync(join(dir, 'standard-land.json'), 'utf8')) as { agreements: { parcel_id: string }[] }).agreements;
    expect(cases.flatMap((c) => c.parcel_ids).every((id) => ids.has(id))).toBe(true);
    expect(agreements.every((a) => ids.has(a.parcel_id))).toBe(true);
  });

  it('builds: build-data accepts every parcel and every record (exit 0, nothing rejected)', () => {
    const out = join(dir, 'out');
    const r = runCli(['build-data', '--src', dir, '--out', out, '--store', join(dir, 'store')]);
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'internal', 'manifest.json'), 'utf8')) as { layers: { parcels: { count: number } } };
    expect(manifest.layers.parcels.count).toBe(N);
    expect((JSON.parse(readFileSync(join(out, 'internal', 'rejects.json'), 'utf8')) as { rejects: unknown[] }).rejects).toEqual([]);
  }, 300_000);

  it('the CLI takes --scale, and refuses it with --parcels', () => {
    const bad = runCli(['sample', '--scale', '5000', '--parcels', '4000', '--out', join(dir, 'x')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--scale N cuts the default sample county to N parcels; it does not take --parcels/);
  }, 120_000);
});
