import { describe, expect, it } from 'vitest';
import type { AreaGeometry } from '../data/schema.ts';
import { seededRandom } from '../util/seeded-random.ts';
import { PackedOutlines } from './packed-outlines.ts';

function ring(r: () => number, n: number): [number, number][] {
  const cx = 121 + r();
  const cy = 29 + r();
  const pts: [number, number][] = [];
  for (let i = 0; i < n; i++) pts.push([cx + r() * 0.01, cy + r() * 0.01]);
  pts.push([pts[0]![0], pts[0]![1]]);
  return pts;
}

describe('PackedOutlines', () => {
  it('gives back polygons with holes and multipolygons exactly as they were kept', () => {
    const square: AreaGeometry = { type: 'Polygon', coordinates: [[[121.1, 29.1], [121.2, 29.1], [121.2, 29.2], [121.1, 29.2], [121.1, 29.1]]] };
    const holed: AreaGeometry = {
      type: 'Polygon',
      coordinates: [
        [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
        [[2, 2], [3, 2], [3, 3], [2, 2]],
        [[5, 5], [6, 5], [6, 6], [5, 5]],
      ],
    };
    const multi: AreaGeometry = {
      type: 'MultiPolygon',
      coordinates: [
        [[[121.000001, 29.000001], [121.5, 29], [121.5, 29.5], [121.000001, 29.000001]]],
        [[[1, 1], [2, 1], [2, 2], [1, 1]], [[1.2, 1.2], [1.5, 1.2], [1.5, 1.5], [1.2, 1.2]]],
      ],
    };
    const p = new PackedOutlines();
    p.set('square', square);
    p.set('holed', holed);
    p.set('multi', multi);
    expect(p.get('square')).toEqual(square);
    expect(p.get('holed')).toEqual(holed);
    expect(p.get('multi')).toEqual(multi);
    expect(p.get('none')).toBeUndefined();
    expect(p.size).toBe(3);
    expect([...p.ids()]).toEqual(['square', 'holed', 'multi']);
    expect(p.has('multi')).toBe(true);
    expect(p.has('none')).toBe(false);
  });

  it('keeps thousands of random outlines through its arrays growing, each given back exactly', () => {
    const r = seededRandom(16);
    const kept = new Map<string, AreaGeometry>();
    const p = new PackedOutlines();
    for (let i = 0; i < 5000; i++) {
      // one in five a multipolygon, one in four polygons with a hole, rings of 3 to 40 points (a few with 2 000)
      const n = i % 997 === 0 ? 2000 : 3 + Math.floor(r() * 38);
      const g: AreaGeometry =
        i % 5 === 0
          ? { type: 'MultiPolygon', coordinates: [[ring(r, n)], [ring(r, 4), ring(r, 3)]] }
          : { type: 'Polygon', coordinates: i % 4 === 0 ? [ring(r, n), ring(r, 3)] : [ring(r, n)] };
      kept.set(`P-${i}`, g);
      p.set(`P-${i}`, g);
    }
    expect(p.size).toBe(5000);
    for (const [id, g] of kept) expect(p.get(id), id).toEqual(g);
  });

  it('a second outline under the same id replaces the first; a copy given back is the caller’s own', () => {
    const p = new PackedOutlines();
    const a: AreaGeometry = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
    const b: AreaGeometry = { type: 'Polygon', coordinates: [[[5, 5], [6, 5], [6, 6], [5, 5]]] };
    p.set('x', a);
    p.set('x', b);
    expect(p.size).toBe(1);
    expect(p.get('x')).toEqual(b);
    const got = p.get('x')!;
    (got.coordinates as number[][][])[0]![0]![0] = 99;
    expect(p.get('x')).toEqual(b);
  });

  it('drops values beyond longitude and latitude (a z in the source)', () => {
    const p = new PackedOutlines();
    const withZ = { type: 'Polygon', coordinates: [[[0, 0, 5], [1, 0, 5], [1, 1, 5], [0, 0, 5]]] } as unknown as AreaGeometry;
    p.set('z', withZ);
    expect(p.get('z')).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] });
  });
});
