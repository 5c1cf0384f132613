import { describe, expect, it } from 'vitest';
import { CellAggregator, TILE_EXTENT } from './cells.ts';
import { densestTile, parcelMinZoom } from './parcel-zoom.ts';
import { metresPerPixel, tileBounds, tileOf, tileRange, worldXY } from './web-mercator.ts';

/** Square boxes of `side` metres centred on the given points (lat ≈ 29.4°, the sample county). */
function squares(centres: [number, number][], side: number): Float64Array {
  const out = new Float64Array(4 * centres.length);
  centres.forEach(([lon, lat], i) => {
    const dLat = side / 2 / 110_574;
    const dLon = side / 2 / (111_320 * Math.cos((lat * Math.PI) / 180));
    out.set([lon - dLon, lat - dLat, lon + dLon, lat + dLat], 4 * i);
  });
  return out;
}

describe('web mercator', () => {
  it('places known points in known tiles', () => {
    expect(tileOf(0, 0, 1)).toEqual([1, 1]);
    expect(tileOf(-180, 85, 0)).toEqual([0, 0]);
    expect(tileOf(-179.9, 85, 2)).toEqual([0, 0]);
    expect(tileOf(179.9, -85, 2)).toEqual([3, 3]);
    expect(worldXY(0, 0)).toEqual([0.5, 0.5]);
  });
  it('tile bounds and tileOf agree', () => {
    for (const [z, x, y] of [
      [14, 13719, 6841],
      [10, 857, 427],
      [3, 6, 3],
    ] as const) {
      const [w, s, e, n] = tileBounds(z, x, y);
      expect(tileOf((w + e) / 2, (s + n) / 2, z)).toEqual([x, y]);
      expect(tileRange([w + 1e-9, s + 1e-9, e - 1e-9, n - 1e-9], z)).toEqual([x, y, x, y]);
    }
    // the north edge of the world's top row at 85.0511°
    expect(tileBounds(0, 0, 0)[3]).toBeCloseTo(85.0511, 4);
  });
  it('metres per pixel of 512-px tiles', () => {
    // 40 075 016.686 m / 512 px at the equator, halved per zoom
    expect(metresPerPixel(0, 0)).toBeCloseTo(78_271.517, 2);
    expect(metresPerPixel(11, 60)).toBeCloseTo(78_271.517 / 2048 / 2, 3);
  });
});

describe('parcelMinZoom', () => {
  it('draws 100 m parcels from zoom 11 at 29.4°N (3.0 px; 1.5 px at 10)', () => {
    const boxes = squares(
      Array.from({ length: 100 }, (_, i) => [121.2 + (i % 10) * 0.01, 29.3 + Math.floor(i / 10) * 0.01] as [number, number]),
      100,
    );
    expect(parcelMinZoom(boxes, 100)).toBe(11);
  });
  it('draws 20 m parcels from zoom 13 (1.2 px at 12, 2.4 px at 13)', () => {
    const boxes = squares(
      Array.from({ length: 100 }, (_, i) => [121.2 + (i % 10) * 0.01, 29.3 + Math.floor(i / 10) * 0.01] as [number, number]),
      20,
    );
    expect(parcelMinZoom(boxes, 100)).toBe(13);
    expect(parcelMinZoom(squares([[121.3, 29.3]], 5), 1)).toBe(14); // never above 14
  });
  it('climbs while one tile would hold too many parcels', () => {
    // 9 000 large parcels whose centres spread over ~0.02°: one z11 tile (0.18° wide) holds them all
    const centres = Array.from({ length: 9000 }, (_, i) => [121.3 + (i % 90) * 0.0002, 29.3 + Math.floor(i / 90) * 0.0002] as [number, number]);
    const boxes = squares(centres, 400);
    expect(densestTile(boxes, 9000, 11)).toBe(9000);
    const z = parcelMinZoom(boxes, 9000);
    expect(z).toBeGreaterThan(10);
    expect(densestTile(boxes, 9000, z)).toBeLessThanOrEqual(8000);
    expect(densestTile(boxes, 9000, z - 1)).toBeGreaterThan(8000);
  });
});

describe('CellAggregator', () => {
  it('sums parcels into cells and names the class with most 亩', () => {
    const agg = new CellAggregator(14); // display zoom 10
    const [w, s, e, n] = tileBounds(14, 13719, 6841);
    const inside = (fx: number, fy: number) => ({ lon: w + (e - w) * fx, lat: n - (n - s) * fy });
    agg.add({ ...inside(0.2, 0.2), mu: 10, classes: { grade: 'A', status: 'in_use', far: 'ok' } });
    agg.add({ ...inside(0.7, 0.6), mu: 15, classes: { grade: 'D', status: 'idle', far: 'below' } });
    agg.add({ ...inside(0.5, 0.5), mu: 3, classes: { grade: 'A', status: 'idle', far: 'ok' } });
    const far = tileBounds(14, 13719 + 40, 6841);
    agg.add({ lon: (far[0] + far[2]) / 2, lat: (far[1] + far[3]) / 2, mu: 1, classes: { grade: '', status: 'idle', far: 'unknown' } });
    expect(agg.size).toBe(2);
    const tiles = [...agg.tiles(10, ['grade', 'status'])];
    // 13719 >> 4 = 857, 6841 >> 4 = 427; 13759 >> 4 = 859
    expect(tiles.map((t) => [t.z, t.x, t.y])).toEqual([
      [10, 857, 427],
      [10, 859, 427],
    ]);
    const f = tiles[0]!.tile.features;
    expect(f).toHaveLength(1);
    expect(f[0]!.tags).toEqual({ n: 3, mu: 28, top_grade: 'D', top_status: 'idle' }); // D 15 > A 13; idle 18 > in_use 10
    // cell (13719 mod 16, 6841 mod 16) = (7, 9), 256 units each, ring clockwise in tile coordinates
    const size = TILE_EXTENT / 16;
    expect(f[0]!.geometry).toEqual([
      [
        [7 * size, 9 * size],
        [8 * size, 9 * size],
        [8 * size, 10 * size],
        [7 * size, 10 * size],
        [7 * size, 9 * size],
      ],
    ]);
    expect(tiles[1]!.tile.features[0]!.tags).toEqual({ n: 1, mu: 1, top_grade: '', top_status: 'idle' });
    // one level up: both parcels' cells fall in coarser cells of zoom-9 tiles
    const up = [...agg.tiles(9, ['status'])];
    expect(up.map((t) => [t.x, t.y])).toEqual([[428, 213], [429, 213]]);
    expect(() => [...agg.tiles(11, ['status'])]).toThrow(/grid/);
  });
});
