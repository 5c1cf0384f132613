import { describe, expect, it } from 'vitest';
import type { AreaGeometry, MultiPolygonGeometry, PolygonGeometry, Position, Ring } from '../data/schema.ts';
import { SELF_INTERSECTION_MAX_VERTICES, pointInPolygon, polygonsIntersect, validateAreaGeometry } from './validate.ts';

// A 0.01° square at the county seat, offsets in units of 0.001°.
const O: Position = [121.42, 29.28];
const at = (dx: number, dy: number): Position => [O[0] + dx / 1000, O[1] + dy / 1000];
const ring = (...pts: [number, number][]): Ring => {
  const r = pts.map(([x, y]) => at(x, y));
  r.push([...(r[0] as Position)]);
  return r;
};
const square = (x0: number, y0: number, size: number): Ring => ring([x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size]);
const poly = (...rings: Ring[]): PolygonGeometry => ({ type: 'Polygon', coordinates: rings });

const reasonOf = (g: unknown): string => {
  const r = validateAreaGeometry(g);
  if (r.ok) throw new Error('expected a failure');
  return r.reason;
};

describe('validateAreaGeometry: accepts', () => {
  it('a square with a hole, and returns a 2-D copy (altitude dropped)', () => {
    const withZ = { type: 'Polygon', coordinates: [square(0, 0, 10).map((p) => [...p, 5]), square(2, 2, 3)] };
    const r = validateAreaGeometry(withZ);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.geometry.type).toBe('Polygon');
      expect((r.geometry as PolygonGeometry).coordinates[0]?.[1]).toEqual(at(10, 0));
      expect((r.geometry as PolygonGeometry).coordinates[0]?.[1]).toHaveLength(2);
    }
  });
  it('a MultiPolygon, clockwise rings and repeated consecutive points', () => {
    const cw = [...square(20, 0, 5)].reverse();
    const repeated = ring([0, 0], [4, 0], [4, 0], [4, 4], [0, 4]);
    const g: MultiPolygonGeometry = { type: 'MultiPolygon', coordinates: [[cw], [repeated]] };
    expect(validateAreaGeometry(g).ok).toBe(true);
  });
  it('projected (metre) coordinates when the range check is skipped', () => {
    const metres: PolygonGeometry = { type: 'Polygon', coordinates: [[[40500000, 3240000], [40500100, 3240000], [40500100, 3240100], [40500000, 3240000]]] };
    expect(validateAreaGeometry(metres, { skipRange: true }).ok).toBe(true);
    expect(validateAreaGeometry(metres).ok).toBe(false);
  });
});

describe('validateAreaGeometry: rejects with a specific reason', () => {
  it('non-objects and wrong types', () => {
    expect(reasonOf(null)).toBe('geometry is missing or not an object');
    expect(reasonOf({ type: 'Point', coordinates: O })).toBe('geometry type is "Point"; expected Polygon or MultiPolygon');
    expect(reasonOf({ coordinates: [] })).toBe('geometry type is missing; expected Polygon or MultiPolygon');
  });
  it('empty polygons and rings that are not arrays', () => {
    expect(reasonOf({ type: 'Polygon', coordinates: [] })).toBe('Polygon has no rings');
    expect(reasonOf({ type: 'MultiPolygon', coordinates: [] })).toBe('MultiPolygon has no polygons');
    expect(reasonOf({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], []] })).toBe('polygon 1 has no rings');
    expect(reasonOf({ type: 'Polygon', coordinates: ['x'] })).toBe('ring 0 is not an array of positions');
  });
  it('fewer than 4 positions', () => {
    expect(reasonOf(poly([at(0, 0), at(1, 0), at(0, 0)]))).toBe('ring 0 has 3 positions; a ring needs at least 4');
  });
  it('non-finite or non-numeric coordinates', () => {
    const r = square(0, 0, 1);
    const bad = r.map((p, i) => (i === 2 ? [p[0], Number.NaN] : p));
    expect(reasonOf({ type: 'Polygon', coordinates: [bad] })).toMatch(/^ring 0 position 2 \[121\.421,null\] is not a pair of finite numbers$/);
    const str = r.map((p, i) => (i === 1 ? ['121.4', '29.3'] : p));
    expect(reasonOf({ type: 'Polygon', coordinates: [str] })).toMatch(/^ring 0 position 1 .* is not a pair of finite numbers$/);
    const short = r.map((p, i) => (i === 1 ? [121.4] : p));
    expect(reasonOf({ type: 'Polygon', coordinates: [short] })).toBe('ring 0 position 1 is not an array of at least 2 numbers');
  });
  it('coordinates outside China (not reprojected)', () => {
    const g = poly([[500000, 3240000], [500100, 3240000], [500100, 3240100], [500000, 3240000]]);
    expect(reasonOf(g)).toBe('ring 0 position 0 [500000, 3240000] is outside China (lon 73–136, lat 3–54); was it reprojected to lon/lat?');
  });
  it('a ring that is not closed is an error, not silently fixed', () => {
    const open = square(0, 0, 1).slice(0, -1).concat([at(0, 0.5)]);
    expect(reasonOf(poly(open))).toBe(`ring 0 is not closed (first [${at(0, 0).join(', ')}] ≠ last [${at(0, 0.5).join(', ')}])`);
  });
  it('a self-intersecting (bow-tie) ring names the crossing segments', () => {
    // Segments 0: (0,0)→(4,4) and 2: (4,0)→(0,4) cross at (2,2).
    expect(reasonOf(poly(ring([0, 0], [4, 4], [4, 0], [0, 4])))).toBe('ring 0 self-intersects at segment 0/2');
    // Segment 2, (6,6)→(3,−2), dips through segment 0 (the bottom edge) at x = 3.75.
    expect(reasonOf(poly(ring([0, 0], [6, 0], [6, 6], [3, -2], [2, 6], [0, 6])))).toBe('ring 0 self-intersects at segment 0/2');
  });
  it('a ring touching itself at a vertex, or folding back on itself (spike)', () => {
    // Vertex (2,0) of segment 2 lies on segment 0: a self-touch.
    expect(reasonOf(poly(ring([0, 0], [4, 0], [4, 4], [2, 0], [0, 4])))).toBe('ring 0 self-intersects at segment 0/2');
    // (4,0)→(6,0)→(5,0): segment 1 folds back over segment 2.
    expect(reasonOf(poly(ring([0, 0], [6, 0], [5, 0], [4, 4], [0, 4])))).toBe('ring 0 self-intersects at segment 0/1');
  });
  it('a zero-area ring', () => {
    // Exactly representable collinear points are caught as such …
    const exact: Ring = [[121.5, 29.5], [121.75, 29.75], [122, 30], [121.5, 29.5]];
    expect(reasonOf(poly(exact))).toBe('ring 0 has zero area (all positions on one line)');
    // … and decimal ones, collinear only up to round-off, by the area tolerance.
    expect(reasonOf(poly(ring([0, 0], [1, 1], [2, 2])))).toBe('ring 0 has zero area');
  });
  it('a hole outside its shell, and errors inside a MultiPolygon part', () => {
    expect(reasonOf(poly(square(0, 0, 2), square(5, 5, 1)))).toMatch(/^ring 1 \(a hole\) lies outside ring 0 \(the shell\): position \[/);
    const g = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [ring([0, 0], [4, 4], [4, 0], [0, 4])]] };
    expect(reasonOf(g)).toBe('polygon 1 ring 0 self-intersects at segment 0/2');
  });
  it(`skips the O(n²) self-intersection test above ${SELF_INTERSECTION_MAX_VERTICES} vertices`, () => {
    // An uneven bow-tie whose first diagonal is split into n pieces: invalid at any n, but too big to test.
    const bowTie = (n: number): PolygonGeometry => {
      const pts: [number, number][] = [];
      for (let i = 0; i < n; i++) pts.push([(4 * i) / n, (4 * i) / n]);
      pts.push([4, 4], [4, 0], [0, 7]); // (4,0)→(0,7) crosses the diagonal at x = 2.55, inside piece 6 when n = 10
      return poly(ring(...pts));
    };
    expect(reasonOf(bowTie(10))).toBe('ring 0 self-intersects at segment 6/11');
    expect(validateAreaGeometry(bowTie(SELF_INTERSECTION_MAX_VERTICES)).ok).toBe(true);
  });
});

describe('pointInPolygon', () => {
  const withHole = poly(square(0, 0, 10), square(4, 4, 2));
  it.each([
    ['inside the shell', true, at(1, 1)],
    ['outside', false, at(11, 5)],
    ['inside the hole', false, at(5, 5)],
    ['on the shell edge', true, at(0, 5)],
    ['on a shell vertex', true, at(10, 10)],
    ['on the hole edge', true, at(4, 5)],
    ['level with a vertex, outside', false, at(-1, 10)],
  ] as const)('%s → %s', (_n, want, p) => {
    expect(pointInPolygon(p, withHole)).toBe(want);
  });
  it('checks every part of a MultiPolygon', () => {
    const g: AreaGeometry = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] };
    expect(pointInPolygon(at(5.5, 5.5), g)).toBe(true);
    expect(pointInPolygon(at(3, 3), g)).toBe(false);
  });
});

describe('polygonsIntersect', () => {
  const big = poly(square(0, 0, 10), square(3, 3, 4));
  it.each([
    ['overlapping squares', true, poly(square(8, 8, 4))],
    ['disjoint (bbox rejects)', false, poly(square(20, 20, 1))],
    ['contained, no vertex of big inside it', true, poly(square(1, 1, 1))],
    ['containing big entirely', true, poly(square(-1, -1, 12))],
    ['inside big’s hole', false, poly(square(4, 4, 1))],
    ['crossing with no vertex inside (plus sign)', true, poly(ring([-2, 4], [12, 4], [12, 5], [-2, 5]))],
    ['touching along an edge (closed sets)', true, poly(square(10, 0, 2))],
    ['bbox overlaps but shapes do not (L-shape notch)', false, poly(ring([11, -1], [13, -1], [13, 13], [-1, 13], [-1, 11], [11, 11]))],
  ] as const)('%s → %s', (_n, want, other) => {
    expect(polygonsIntersect(big, other)).toBe(want);
    expect(polygonsIntersect(other, big)).toBe(want);
  });
  it('the crossing case really has no vertex inside the other polygon', () => {
    const plus = ring([-2, 4], [12, 4], [12, 5], [-2, 5]);
    expect(plus.some((p) => pointInPolygon(p, big))).toBe(false);
  });
});
