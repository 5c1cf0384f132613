// The batch check's rule layers read by tile give every parcel the verdict of the whole layers; tiles are read once
// while used and dropped when not; a file without an index is read whole once. Verdicts are compared with those of
// the whole layers read independently (readAllFgb), on every parcel of the built sample county.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialize } from 'flatgeobuf/lib/mjs/geojson.js';
import { describe, expect, it } from 'vitest';
import { memoryByteSource, type ByteSource } from '../data/byte-source.ts';
import { readAllFgb } from '../data/fgb-read.ts';
import { writeIndexedFgb } from '../data/fgb-write.ts';
import type { AreaGeometry, ControlLineProps, Feature, ZoneProps } from '../data/schema.ts';
import { bboxOf } from '../geo/index.ts';
import { buildRuleLayers } from './check.ts';
import { existingParcelCheck, type ExistingParcel } from './parcel-findings.ts';
import { parsePolicy } from './policy.ts';
import { RULE_TILE, RuleTiles, tileBox, tileRange } from './rule-tiles.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DATA = join(ROOT, 'public', 'data');
const policy = parsePolicy(JSON.parse(readFileSync(join(ROOT, 'data/policy/ninghai-2021-2025.json'), 'utf8')));
const bytes = (path: string) => new Uint8Array(readFileSync(join(DATA, path)));

/** Counts the reads that start at byte 0 (each box read opens the file there). */
function counting(source: ByteSource): ByteSource & { headerReads: number } {
  const out = {
    headerReads: 0,
    label: source.label,
    size: () => source.size(),
    read(offset: number, length: number) {
      if (offset === 0) out.headerReads++;
      return source.read(offset, length);
    },
    get bytesRead() {
      return source.bytesRead;
    },
    get requestCount() {
      return source.requestCount;
    },
  };
  return out;
}

const square = (x: number, y: number, half: number): AreaGeometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [x - half, y - half],
      [x + half, y - half],
      [x + half, y + half],
      [x - half, y + half],
      [x - half, y - half],
    ],
  ],
});

describe('tileRange and tileBox', () => {
  it('number 1/16° tiles from the south-west corner', () => {
    // 121.43 × 16 = 1942.88 → 1942; 29.301 × 16 = 468.816 → 468; 121.44 × 16 = 1943.04 → 1943; 29.305 × 16 = 468.88 → 468.
    expect(RULE_TILE).toBe(16);
    expect(tileRange([121.43, 29.301, 121.44, 29.305])).toEqual([1942, 468, 1943, 468]);
    // 1942 / 16 = 121.375, 468 / 16 = 29.25, 1944 / 16 = 121.5, 469 / 16 = 29.3125.
    expect(tileBox([1942, 468, 1943, 468])).toEqual([121.375, 29.25, 121.5, 29.3125]);
  });
});

describe('RuleTiles', () => {
  it('gives every sample parcel the verdict of the whole layers, reading each tile once', async () => {
    const zonesFile = bytes('public/zones.fgb');
    const linesFile = bytes('public/control-lines.fgb');
    const whole = buildRuleLayers(
      readAllFgb(zonesFile) as unknown as Feature<AreaGeometry, ZoneProps>[],
      readAllFgb(linesFile) as unknown as Feature<AreaGeometry, ControlLineProps>[],
    );
    const zones = counting(memoryByteSource(zonesFile, 'zones.fgb'));
    const lines = counting(memoryByteSource(linesFile, 'control-lines.fgb'));
    // Kept: every tile, so each is read exactly once (the eviction has its own test).
    const tiles = new RuleTiles({ zones, controlLines: lines }, { keep: 10_000 });
    const parcels = readAllFgb(bytes('internal/parcels.fgb')) as unknown as Feature<AreaGeometry>[];
    expect(parcels.length).toBeGreaterThan(1000);
    const keys = new Set<string>();
    let straddling = 0;
    let related = 0;
    for (const p of parcels) {
      const box = bboxOf(p.geometry);
      const range = tileRange(box);
      keys.add(range.join(','));
      if (range[0] !== range[2] || range[1] !== range[3]) straddling++;
      const near = await tiles.near(box);
      if (near.zones.length + near.controlLines.length > 0) related++;
      const props = p.properties as unknown as ExistingParcel;
      expect(existingParcelCheck(props, p.geometry, near, policy), String(props.id)).toEqual(existingParcelCheck(props, p.geometry, whole, policy));
    }
    // A real cut: many tiles (and some parcels across a tile edge), each read once, most tiles with fewer features.
    expect(keys.size).toBeGreaterThan(10);
    expect(straddling).toBeGreaterThan(0);
    expect(tiles.stats.reads).toBe(keys.size);
    // Every tile kept: what is held at the end is every tile's features.
    expect(tiles.stats.peakFeatures).toBe(tiles.stats.features);
    expect(tiles.stats.features / keys.size).toBeLessThan(whole.zones.length + whole.controlLines.length);
    expect(related).toBeGreaterThan(parcels.length * 0.3);
    // Each file's first bytes are read once, not once per tile.
    expect(zones.headerReads).toBe(1);
    expect(lines.headerReads).toBe(1);
  });

  it('keeps only the most recently used tiles', async () => {
    const zone = (x: number, y: number): Feature<AreaGeometry, ZoneProps> => ({
      type: 'Feature',
      geometry: square(x, y, 0.01),
      properties: { id: `Z-${x}`, kind: 'central', name: 'z', far_max: null } as unknown as ZoneProps,
    });
    const files = {
      zones: memoryByteSource(writeIndexedFgb([zone(121.03, 29.03), zone(121.53, 29.03), zone(122.03, 29.03)] as unknown as Feature[]), 'z.fgb'),
      controlLines: memoryByteSource(writeIndexedFgb([]), 'c.fgb'),
    };
    const tiles = new RuleTiles(files, { keep: 2 });
    const at = (x: number) => tiles.near([x - 0.001, 29.029, x + 0.001, 29.031]);
    expect((await at(121.03)).zones.map((z) => z.feature.properties.id)).toEqual(['Z-121.03']);
    expect((await at(121.53)).zones.map((z) => z.feature.properties.id)).toEqual(['Z-121.53']);
    await at(121.03); // used again: now the most recent
    expect(tiles.stats.reads).toBe(2);
    expect((await at(122.03)).zones.map((z) => z.feature.properties.id)).toEqual(['Z-122.03']); // drops 121.53's tile
    await at(121.03);
    expect(tiles.stats.reads).toBe(3);
    await at(121.53);
    expect(tiles.stats.reads).toBe(4);
    expect(tiles.stats.peakKept).toBe(2);
    // One zone per tile, two tiles held at most.
    expect(tiles.stats.peakFeatures).toBe(2);
  });

  it('reads a file without a spatial index whole, once', async () => {
    const zonesFile = bytes('public/zones.fgb');
    const zonesAll = readAllFgb(zonesFile);
    const unindexed = serialize({ type: 'FeatureCollection', features: zonesAll } as unknown as Parameters<typeof serialize>[0]);
    const tiles = new RuleTiles({ zones: memoryByteSource(unindexed, 'old-zones.fgb'), controlLines: memoryByteSource(bytes('public/control-lines.fgb'), 'c.fgb') });
    const far = await tiles.near([0, 0, 0.001, 0.001]);
    // Far from every feature, yet the whole layers: there was no index to cut by.
    expect(far.zones.length).toBe(zonesAll.length);
    await tiles.near([121.4, 29.3, 121.401, 29.301]);
    expect(tiles.stats.reads).toBe(1);
  });

  it('reads a tile again after a failed read', async () => {
    const good = bytes('public/zones.fgb');
    let fail = true;
    const flaky: ByteSource = {
      label: 'flaky.fgb',
      size: () => Promise.resolve(good.length),
      read: (o, l) => (fail ? Promise.reject(new Error('network down')) : Promise.resolve(good.slice(o, o + l))),
      bytesRead: 0,
      requestCount: 0,
    };
    const tiles = new RuleTiles({ zones: flaky, controlLines: memoryByteSource(bytes('public/control-lines.fgb'), 'c.fgb') });
    const box = bboxOf(readAllFgb(good)[0]!.geometry as AreaGeometry);
    await expect(tiles.near(box)).rejects.toThrow('network down');
    fail = false;
    // Neither the failed header nor the failed tile is kept.
    expect((await tiles.near(box)).zones.length).toBeGreaterThan(0);
  });
});
