// The context layers' tile archive as the pipeline writes it, read back with the `pmtiles` reader and
// @mapbox/vector-tile (MapLibre's own decoder): each layer is a source layer of its own name, a feature is in the tile
// of a point inside it at the lowest and highest zooms with its scalar fields, and the sample build's archive holds
// every zone and control line of the layer files it was built beside (ids read from those files, another code path).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PMTiles } from 'pmtiles';
import { afterAll, describe, expect, it } from 'vitest';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import type { AreaGeometry, Feature } from '../../src/lib/data/schema.ts';
import { interiorPoint } from '../../src/lib/geo/index.ts';
import { tileOf } from '../../src/lib/tiles/web-mercator.ts';
import { writeContextTiles, type ContextTileLayer } from './context-tiles.ts';
import { MAX_ZOOM, MIN_ZOOM } from './parcel-tiles.ts';
import { archiveOpener, tileLayerProps } from './pmtiles-node-source.ts';

const dir = mkdtempSync(join(tmpdir(), 'tl-context-tiles-'));
const archives = archiveOpener();
const open = archives.open;
afterAll(() => {
  archives.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

/** The features of one source layer in the tile holding (lon, lat) at zoom z, as property records. */
const propsAt = (archive: PMTiles, z: number, lon: number, lat: number, layer: string) => tileLayerProps(archive, z, ...tileOf(lon, lat, z), layer);

const square = (lon: number, lat: number, d: number): AreaGeometry => ({
  type: 'Polygon',
  coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]],
});
const feature = (geometry: Feature['geometry'], properties: Record<string, unknown>): Feature => ({ type: 'Feature', geometry, properties }) as Feature;

describe('writeContextTiles', async () => {
  const layers = new Map<ContextTileLayer, Feature[]>([
    ['zones', [feature(square(121.42, 29.30, 0.01), { id: 'Z1', kind: 'central', name: '中心区', parts: ['a', 'b'] })]],
    ['control-lines', [feature(square(121.45, 29.32, 0.005), { id: 'L1', level: 1, name: '一级' }), feature(square(121.47, 29.33, 0.004), { id: 'L2', level: 2, name: '二级' })]],
    ['base-roads', [feature({ type: 'LineString', coordinates: [[121.40, 29.28], [121.48, 29.35]] }, { id: 'R1', kind: 'road', approximate: true })]],
    ['base-water', []],
  ]);
  const path = join(dir, 'layers.pmtiles');
  const info = await writeContextTiles(mkdtempSync(join(dir, 'work-')), path, layers);
  const archive = open(path);

  it('describes the archive: zooms, the layers it holds with their fields (none for an empty layer)', async () => {
    const h = await archive.getHeader();
    expect([h.minZoom, h.maxZoom]).toEqual([MIN_ZOOM, MAX_ZOOM]);
    expect(h.minLon).toBeCloseTo(121.40, 6);
    expect(h.maxLat).toBeCloseTo(29.35, 6);
    expect(info?.file).toBe('layers.pmtiles');
    expect(info?.layers).toEqual({ zones: ['id', 'kind', 'name'], 'control-lines': ['id', 'level', 'name'], 'base-roads': ['approximate', 'id', 'kind'] });
    expect(info?.tiles).toBeGreaterThan(MAX_ZOOM - MIN_ZOOM);
  });

  it('puts each feature, with its scalar fields, in the tile of a point inside it at the lowest and highest zoom', async () => {
    for (const z of [MIN_ZOOM, 10, MAX_ZOOM]) {
      expect(await propsAt(archive, z, 121.42, 29.30, 'zones')).toEqual([{ id: 'Z1', kind: 'central', name: '中心区' }]);
      const lines = await propsAt(archive, z, 121.45, 29.32, 'control-lines');
      expect(lines.find((p) => p['id'] === 'L1')).toEqual({ id: 'L1', level: 1, name: '一级' });
      const road = await propsAt(archive, z, 121.44, 29.315, 'base-roads');
      expect(road).toEqual([{ id: 'R1', kind: 'road', approximate: true }]);
    }
    // At zoom 14 the two control lines, 2.5 km apart, are in different tiles.
    expect((await propsAt(archive, MAX_ZOOM, 121.47, 29.33, 'control-lines')).map((p) => p['id'])).toEqual(['L2']);
  });

  it('holds nothing away from the features', async () => {
    expect(await archive.getZxy(MAX_ZOOM, ...tileOf(121.9, 29.9, MAX_ZOOM))).toBeUndefined();
  });

  it('writes no archive when no layer has a feature', async () => {
    const none = join(dir, 'none.pmtiles');
    expect(await writeContextTiles(mkdtempSync(join(dir, 'work-')), none, new Map([['zones', []]]))).toBeNull();
    expect(existsSync(none)).toBe(false);
  });
});

describe('the sample build’s layers.pmtiles', async () => {
  const DATA = fileURLToPath(new URL('../../public/data/public/', import.meta.url));
  const manifest = JSON.parse(readFileSync(join(DATA, 'manifest.json'), 'utf8')) as { context_tiles?: { file: string; layers: Record<string, string[]> } };
  const archive = open(join(DATA, manifest.context_tiles?.file ?? 'layers.pmtiles'));
  const ids = (name: string) => readAllFgb(new Uint8Array(readFileSync(join(DATA, `${name}.fgb`)))) as unknown as Feature<AreaGeometry>[];

  it('is named in the public manifest with the layers drawn from it', () => {
    expect(Object.keys(manifest.context_tiles?.layers ?? {})).toEqual(expect.arrayContaining(['zones', 'control-lines', 'low-efficiency-blocks']));
  });

  for (const name of ['zones', 'control-lines', 'low-efficiency-blocks']) {
    it(`holds every feature of ${name}.fgb in the zoom-14 tile of a point inside it`, async () => {
      const features = ids(name);
      expect(features.length).toBeGreaterThan(0);
      const missing: string[] = [];
      for (const f of features) {
        const [lon, lat] = interiorPoint(f.geometry) as [number, number];
        const got = await propsAt(archive, MAX_ZOOM, lon, lat, name);
        if (!got.some((p) => p['id'] === (f.properties as { id: string }).id)) missing.push((f.properties as { id: string }).id);
      }
      expect(missing).toEqual([]);
    });
  }
});
