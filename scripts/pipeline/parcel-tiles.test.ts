// The parcels' tile archives and id shards as the pipeline writes them, read back with the `pmtiles` reader and
// @mapbox/vector-tile (MapLibre's own decoder): every parcel is in the tiles of its zoom, public tiles carry only
// public fields, the cells below the parcel zoom add up to the parcels given, and every id is found in its shard.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PMTiles } from 'pmtiles';
import { afterAll, describe, expect, it } from 'vitest';
import { readShardEntry, shardFile, shardOf } from '../../src/lib/data/id-shard.ts';
import type { AreaGeometry } from '../../src/lib/data/schema.ts';
import { tileOf } from '../../src/lib/tiles/web-mercator.ts';
import { IdShardWriter } from './id-shards.ts';
import { MIN_ZOOM, ParcelTiler } from './parcel-tiles.ts';
import { archiveOpener, tileLayerProps } from './pmtiles-node-source.ts';

const dir = mkdtempSync(join(tmpdir(), 'tl-tiles-'));
const archives = archiveOpener();
const open = archives.open;
afterAll(() => {
  archives.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

// 60 parcels of ~60 m on a grid over ~1.2 km near Ninghai, in two statuses and grades; parcel zoom 12 given.
const PARCELS = Array.from({ length: 60 }, (_, i) => {
  const lon = 121.40 + (i % 10) * 0.002;
  const lat = 29.30 + Math.floor(i / 10) * 0.002;
  const d = 0.0003;
  const geometry: AreaGeometry = { type: 'Polygon', coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]] };
  return {
    id: `T-${i}`,
    geometry,
    box: [lon - d, lat - d, lon + d, lat + d] as [number, number, number, number],
    lon,
    lat,
    mu: 5 + (i % 3),
    status: i % 4 === 0 ? 'idle' : 'in_use',
    grade: i % 5 === 0 ? 'D' : 'A',
  };
});

describe('ParcelTiler', async () => {
  const work = mkdtempSync(join(dir, 'work-'));
  const tiler = new ParcelTiler(work, 12, ['id', 'status', 'grade', 'far'], ['id', 'status', 'far_min']);
  for (const p of PARCELS) {
    tiler.add(p.geometry, p.box, { id: p.id, status: p.status, grade: p.grade, far: 1.2 }, { lon: p.lon, lat: p.lat, mu: p.mu, classes: { grade: p.grade, status: p.status, far: 'ok' } });
  }
  const paths = { internal: join(dir, 'internal.pmtiles'), public: join(dir, 'public.pmtiles') };
  const info = await tiler.finish(paths, { internal: ['grade', 'status', 'far'], public: ['status'] });
  const internal = open(paths.internal);
  const pub = open(paths.public);

  it('describes the archives in the header and the manifest info', async () => {
    const h = await internal.getHeader();
    expect([h.minZoom, h.maxZoom]).toEqual([MIN_ZOOM, 14]);
    expect(h.minLon).toBeCloseTo(121.4 - 0.0003, 6);
    expect(h.maxLat).toBeCloseTo(29.31 + 0.0003, 6);
    expect(info.internal.parcel_minzoom).toBe(12);
    expect(info.public.layers.parcels).toEqual(['id', 'status']);
    expect(info.public.layers.cells).toEqual(['n', 'mu', 'top_status']);
  });

  it('puts every parcel, with its fields, in the tile of its centre at zooms 12 and 14', async () => {
    for (const z of [12, 14]) {
      for (const p of PARCELS) {
        const [x, y] = tileOf(p.lon, p.lat, z);
        const props = await tileLayerProps(internal, z, x, y, 'parcels');
        expect(props.find((f) => f['id'] === p.id), `${p.id} at z${z}`).toMatchObject({ id: p.id, status: p.status, grade: p.grade, far: 1.2 });
      }
    }
  });

  it('keeps confidential fields out of the public tiles', async () => {
    const [x, y] = tileOf(PARCELS[0]!.lon, PARCELS[0]!.lat, 12);
    const props = await tileLayerProps(pub, 12, x, y, 'parcels');
    expect(props.length).toBeGreaterThan(0);
    for (const f of props) expect(Object.keys(f).sort()).toEqual(['id', 'status']);
    const cells = await tileLayerProps(pub, 8, ...tileOf(PARCELS[0]!.lon, PARCELS[0]!.lat, 8), 'cells');
    for (const c of cells) expect(Object.keys(c).sort()).toEqual(['mu', 'n', 'top_status']);
  });

  it('shows cells below the parcel zoom that add up to the parcels', async () => {
    const totalMu = PARCELS.reduce((s, p) => s + p.mu, 0); // 60 parcels × 5/6/7 亩 = 360
    expect(totalMu).toBe(360);
    for (const z of [MIN_ZOOM, 8, 11]) {
      let n = 0;
      let mu = 0;
      const [x0, y0] = tileOf(121.4, 29.31, z);
      const [x1, y1] = tileOf(121.42, 29.3, z);
      for (let x = x0; x <= x1; x++) {
        for (let y = y0; y <= y1; y++) {
          for (const c of await tileLayerProps(internal, z, x, y, 'cells')) {
            n += c['n'] as number;
            mu += c['mu'] as number;
          }
          expect(await tileLayerProps(internal, z, x, y, 'parcels')).toEqual([]);
        }
      }
      expect([z, n, Math.round(mu)]).toEqual([z, 60, 360]);
    }
    // 48 of 60 parcels are grade A (i % 5 ≠ 0), and 45 in use: the cell at zoom 5 names those
    const [cx, cy] = tileOf(121.41, 29.305, MIN_ZOOM);
    const [cell] = await tileLayerProps(internal, MIN_ZOOM, cx, cy, 'cells');
    expect(cell).toMatchObject({ n: 60, top_grade: 'A', top_status: 'in_use', top_far: 'ok' });
  });
});

describe('IdShardWriter', () => {
  it('writes every id into the shard its hash names, with its box, point, 亩 and name', async () => {
    const work = mkdtempSync(join(dir, 'ids-'));
    const out = mkdtempSync(join(dir, 'out-'));
    const w = new IdShardWriter(work, 1000); // 4 shards of ~256
    const ids = Array.from({ length: 1000 }, (_, i) => `NH-${i}`);
    ids.forEach((id, i) => w.add(id, { bbox: [121 + i * 1e-4, 29, 121.001 + i * 1e-4, 29.001], point: [121.0005 + i * 1e-4, 29.0005], area_mu: i / 10, name: `地块${i}` }));
    expect(await w.finish(out)).toEqual({ shards: 4, dir: 'ids' });
    const shards = [0, 1, 2, 3].map((n) => JSON.parse(readFileSync(join(out, shardFile(n)), 'utf8')) as Record<string, unknown>);
    expect(shards.reduce((s, sh) => s + Object.keys(sh).length, 0)).toBe(1000);
    ids.forEach((id, i) => {
      const e = readShardEntry(shards[shardOf(id, 4)], id);
      expect(e).toEqual({ bbox: [121 + i * 1e-4, 29, 121.001 + i * 1e-4, 29.001], point: [121.0005 + i * 1e-4, 29.0005], area_mu: i / 10, name: `地块${i}` });
    });
  });
});
