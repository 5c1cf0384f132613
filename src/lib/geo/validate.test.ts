import { describe, expect, it } from 'vitest';
import type { AreaGeometry, MultiPolygonGeometry, PolygonGeometry, Position, Ring } from '../data/schema.ts';
import { pointInPolygon, polygonsIntersect, validateAreaGeometry } from './validate.ts';

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

/** Positions in messages: 12 significant digits. */
const near = (p: Position): string => `[${Number(p[0].toPrecision(12))}, ${Number(p[1].toPrecision(12))}]`;

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
  it('a self-intersecting (bow-tie) ring names the crossing segments and where they cross', () => {
    // Segments 0: (0,0)→(4,4) and 2: (4,0)→(0,4) cross at (2,2).
    expect(reasonOf(poly(ring([0, 0], [4, 4], [4, 0], [0, 4])))).toBe(`ring 0 self-intersects at segment 0/2 near ${near(at(2, 2))}`);
    // Segment 2, (6,6)→(3,−2), dips through segment 0 (the bottom edge) at x = 3.75.
    expect(reasonOf(poly(ring([0, 0], [6, 0], [6, 6], [3, -2], [2, 6], [0, 6])))).toBe(`ring 0 self-intersects at segment 0/2 near ${near(at(3.75, 0))}`);
  });
  it('a ring touching itself at a vertex, or folding back on itself (spike)', () => {
    // Vertex (2,0) of segment 2 lies on segment 0: a self-touch.
    expect(reasonOf(poly(ring([0, 0], [4, 0], [4, 4], [2, 0], [0, 4])))).toBe(`ring 0 self-intersects at segment 0/2 near ${near(at(2, 0))}`);
    // (4,0)→(6,0)→(5,0): segment 1 folds back over segment 0.
    expect(reasonOf(poly(ring([0, 0], [6, 0], [5, 0], [4, 4], [0, 4])))).toBe(`ring 0 self-intersects at segment 0/1 near ${near(at(6, 0))}`);
    // A figure eight through one shared vertex (2,2), not a crossing of segment interiors.
    expect(reasonOf(poly(ring([0, 0], [2, 2], [4, 0], [4, 4], [2, 2], [0, 4])))).toBe(`ring 0 self-intersects at segment 0/3 near ${near(at(2, 2))}`);
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
    expect(reasonOf(g)).toBe(`polygon 1 ring 0 self-intersects at segment 0/2 near ${near(at(2, 2))}`);
  });
  it('self-intersection at any vertex count (no cap): a bow-tie is found at 2 000 vertices and beyond', () => {
    // An uneven bow-tie whose first diagonal is split into n pieces: invalid at any n.
    const bowTie = (n: number): PolygonGeometry => {
      const pts: [number, number][] = [];
      for (let i = 0; i < n; i++) pts.push([(4 * i) / n, (4 * i) / n]);
      pts.push([4, 4], [4, 0], [0, 7]); // (4,0)→(0,7) crosses the diagonal at x = 28/11, in piece ⌊7n/11⌋
      return poly(ring(...pts));
    };
    expect(reasonOf(bowTie(10))).toMatch(/^ring 0 self-intersects at segment 6\/11 near \[121\.4225454\d*, 29\.2825454\d*\]$/);
    expect(reasonOf(bowTie(2000))).toMatch(/^ring 0 self-intersects at segment 1272\/2001 near /);
    expect(reasonOf(bowTie(20000))).toMatch(/^ring 0 self-intersects at segment 12727\/20001 near /);
  });
});

// Exactly representable coordinates (steps of 2⁻¹⁰°, ≈ 100 m), so touching and collinear cases are exact.
const E = (x: number, y: number): Position => [121.5 + x / 1024, 29.25 + y / 1024];
const eRing = (...pts: [number, number][]): Ring => {
  const r = pts.map(([x, y]) => E(x, y));
  r.push([...(r[0] as Position)]);
  return r;
};
const eRect = (x0: number, y0: number, x1: number, y1: number): Ring => eRing([x0, y0], [x1, y0], [x1, y1], [x0, y1]);
const multi = (...polys: Ring[][]): MultiPolygonGeometry => ({ type: 'MultiPolygon', coordinates: polys });
const ok = (g: unknown): boolean => validateAreaGeometry(g).ok;

describe('validateAreaGeometry: MultiPolygon parts', () => {
  it('accepts parts apart, touching at a point, or sharing an edge split differently', () => {
    expect(ok(multi([eRect(0, 0, 2, 2)], [eRect(5, 0, 7, 2)]))).toBe(true);
    expect(ok(multi([eRect(0, 0, 2, 2)], [eRect(2, 2, 4, 4)]))).toBe(true);
    // Neighbouring parcels: the shared edge x = 2 has a vertex at y = 1 on one side only.
    expect(ok(multi([eRing([0, 0], [2, 0], [2, 1], [2, 3], [0, 3])], [eRect(2, 0, 4, 3)]))).toBe(true);
    // Sharing part of an edge.
    expect(ok(multi([eRect(0, 0, 2, 2)], [eRect(2, 1, 4, 5)]))).toBe(true);
  });
  it('accepts an island in a lake, also when it fills the lake exactly', () => {
    expect(ok(multi([eRect(0, 0, 10, 10), eRect(2, 2, 8, 8)], [eRect(4, 4, 6, 6)]))).toBe(true);
    expect(ok(multi([eRect(0, 0, 10, 10), eRect(2, 2, 8, 8)], [eRect(2, 2, 8, 8)]))).toBe(true);
    expect(ok(multi([eRect(2, 2, 8, 8)], [eRect(0, 0, 10, 10), eRect(2, 2, 8, 8)]))).toBe(true);
  });
  it('rejects overlapping parts, with the later part named and a position', () => {
    expect(reasonOf(multi([eRect(0, 0, 4, 4)], [eRect(2, 2, 6, 6)]))).toBe(`polygon 1 overlaps polygon 0 near ${near(E(4, 2))}`);
    // A part inside another without touching, and one containing another.
    expect(reasonOf(multi([eRect(0, 0, 10, 10)], [eRect(2, 2, 3, 3)]))).toMatch(/^polygon 1 overlaps polygon 0 near \[/);
    expect(reasonOf(multi([eRect(2, 2, 3, 3)], [eRect(0, 0, 10, 10)]))).toMatch(/^polygon 1 overlaps polygon 0 near \[/);
    // The earliest overlapping part is reported: part 2 overlaps part 0, part 3 overlaps part 1.
    expect(reasonOf(multi([eRect(0, 0, 2, 2)], [eRect(10, 0, 12, 2)], [eRect(1, 1, 3, 3)], [eRect(11, 1, 13, 3)]))).toMatch(/^polygon 2 overlaps polygon 0 /);
  });
  it('rejects [0,2]×[0,1] and [1,3]×[0,1]: overlapping although no vertex lies strictly inside the other', () => {
    const a = eRect(0, 0, 2, 1);
    const b = eRect(1, 0, 3, 1);
    expect(reasonOf(multi([a], [b]))).toMatch(/^polygon 1 overlaps polygon 0 near \[/);
    expect(reasonOf(multi([b], [a]))).toMatch(/^polygon 1 overlaps polygon 0 near \[/);
  });
  it('rejects a part inside another part with a shared edge, and one overlapping a part through its hole', () => {
    expect(reasonOf(multi([eRect(0, 0, 4, 4)], [eRect(0, 0, 2, 2)]))).toMatch(/^polygon 1 overlaps polygon 0 near /);
    expect(reasonOf(multi([eRect(0, 0, 10, 10), eRect(2, 2, 8, 8)], [eRect(1, 4, 6, 6)]))).toMatch(/^polygon 1 overlaps polygon 0 near /);
  });
  it('rejects duplicated parts, also written from another vertex, the other way round or with extra vertices', () => {
    const shell = eRect(0, 0, 4, 4);
    expect(reasonOf(multi([shell], [shell]))).toBe('polygon 1 duplicates polygon 0');
    expect(reasonOf(multi([eRect(9, 9, 10, 10)], [shell], [eRing([4, 4], [4, 0], [2, 0], [0, 0], [0, 4])]))).toBe('polygon 2 duplicates polygon 1');
    const withHole = [shell, eRect(1, 1, 2, 2)];
    expect(reasonOf(multi(withHole, withHole))).toBe('polygon 1 duplicates polygon 0');
    // Same shell, different holes: an overlap, not a duplicate.
    expect(reasonOf(multi(withHole, [shell, eRect(2, 2, 3, 3)]))).toMatch(/^polygon 1 overlaps polygon 0 near /);
  });
});

describe('validateAreaGeometry: holes', () => {
  const shell = eRect(0, 0, 10, 10);
  it('accepts holes touching the shell or each other at single points', () => {
    expect(ok(poly(shell, eRing([0, 5], [2, 4], [2, 6])))).toBe(true);
    expect(ok(poly(shell, eRect(2, 2, 4, 4), eRect(4, 4, 6, 6)))).toBe(true);
    // A chain shell–hole–hole–hole, each touching the next once: no loop, interior connected.
    expect(ok(poly(shell, eRing([0, 5], [2, 4], [2, 6]), eRing([2, 6], [4, 6], [4, 7]), eRing([4, 7], [6, 7], [6, 8])))).toBe(true);
    // Three rings meeting at one point.
    expect(ok(poly(shell, eRing([0, 5], [2, 3], [2, 4]), eRing([0, 5], [2, 6], [2, 7])))).toBe(true);
  });
  it('rejects a hole crossing the shell, properly or only at vertices', () => {
    expect(reasonOf(poly(shell, eRect(8, 4, 12, 6)))).toMatch(/^ring 1 \(a hole\) crosses ring 0 \(the shell\) near \[/);
    expect(reasonOf(poly(shell, eRect(8, 4, 12, 6)))).toBe(`ring 1 (a hole) crosses ring 0 (the shell) near ${near(E(10, 4))}`);
    // Out through the shell's corner (10,10), back through (10,6) on its right edge: no two segments cross.
    expect(reasonOf(poly(shell, eRing([8, 8], [12, 12], [10, 6])))).toMatch(/^ring 1 \(a hole\) crosses ring 0 \(the shell\) near /);
    // Out and back through two vertices lying on the shell's edge.
    expect(reasonOf(poly(shell, eRing([6, 4], [10, 5], [12, 4], [10, 3])))).toMatch(/^ring 1 \(a hole\) crosses ring 0 \(the shell\) near /);
  });
  it('rejects a hole identical to the shell, enclosing it, or outside it (also when touching it)', () => {
    expect(reasonOf(poly(shell, shell))).toBe('ring 1 (a hole) duplicates ring 0 (the shell)');
    expect(reasonOf(poly(shell, [...shell].reverse()))).toBe('ring 1 (a hole) duplicates ring 0 (the shell)');
    expect(reasonOf(poly(shell, eRect(-1, -1, 11, 11)))).toBe('ring 1 (a hole) encloses ring 0 (the shell)');
    expect(reasonOf(poly(shell, eRect(10, 2, 12, 4)))).toMatch(/^ring 1 \(a hole\) lies outside ring 0 \(the shell\): position /);
    expect(reasonOf(poly(shell, eRing([10, 5], [12, 4], [12, 6])))).toMatch(/^ring 1 \(a hole\) lies outside ring 0 \(the shell\): position /);
  });
  it('rejects overlapping, identical and nested holes', () => {
    expect(reasonOf(poly(shell, eRect(1, 1, 4, 4), eRect(3, 3, 6, 6)))).toBe(`holes 1 and 2 overlap near ${near(E(4, 3))}`);
    expect(reasonOf(poly(shell, eRect(1, 1, 3, 2), eRect(2, 1, 4, 2)))).toMatch(/^holes 1 and 2 overlap near /);
    expect(reasonOf(poly(shell, eRect(1, 1, 4, 4), eRect(1, 1, 4, 4)))).toBe('hole 2 duplicates hole 1');
    expect(reasonOf(poly(shell, eRect(1, 1, 8, 8), eRect(2, 2, 3, 3)))).toBe('hole 2 lies inside hole 1');
    expect(reasonOf(poly(shell, eRect(2, 2, 3, 3), eRect(1, 1, 8, 8)))).toBe('hole 1 lies inside hole 2');
    // Nested and sharing an edge.
    expect(reasonOf(poly(shell, eRect(1, 1, 8, 8), eRect(1, 1, 3, 3)))).toBe('hole 2 lies inside hole 1');
    // Inside a MultiPolygon part, the part is named.
    expect(reasonOf(multi([eRect(20, 0, 21, 1)], [shell, eRect(1, 1, 4, 4), eRect(3, 3, 6, 6)]))).toMatch(/^polygon 1: holes 1 and 2 overlap near /);
  });
  it('rejects holes that remove all of the polygon\'s area', () => {
    expect(reasonOf(poly(shell, eRing([0, 0], [10, 0], [10, 10]), eRing([0, 0], [10, 10], [0, 10])))).toBe("holes remove all of the polygon's area");
    const quarters = [eRect(0, 0, 5, 5), eRect(5, 0, 10, 5), eRect(5, 5, 10, 10), eRect(0, 5, 5, 10)];
    expect(reasonOf(poly(shell, ...quarters))).toBe("holes remove all of the polygon's area");
    expect(reasonOf(multi([shell, ...quarters]))).toBe("polygon 0: holes remove all of the polygon's area");
  });
  it('rejects rings sharing a stretch of edge, and rings touching in a loop (disconnected interior)', () => {
    expect(reasonOf(poly(shell, eRect(0, 2, 3, 4)))).toBe(`ring 1 (a hole) shares an edge with ring 0 (the shell) near ${near(E(0, 4))}`);
    expect(reasonOf(poly(shell, eRect(1, 1, 3, 3), eRect(3, 1, 5, 3)))).toMatch(/^holes 1 and 2 share an edge near /);
    // A hole touching the shell at two points cuts the polygon in two.
    expect(reasonOf(poly(shell, eRing([0, 5], [5, 2], [10, 5], [5, 8])))).toMatch(/^interior is disconnected: ring \d touches the other rings again at \[/);
    // Three holes touching pairwise enclose a piece of the interior.
    const loop = poly(shell, eRing([2, 2], [4, 2], [3, 1]), eRing([4, 2], [3, 4], [5, 4]), eRing([3, 4], [2, 2], [1, 4]));
    expect(reasonOf(loop)).toMatch(/^interior is disconnected: ring 3 touches the other rings again at /);
  });
});

describe('validateAreaGeometry: large rings, wherever the fault is', () => {
  // A 5 000-vertex circle; swapping vertices k and k+1 makes a tiny bow-tie of segments k−1 and k+1.
  const circle = (n: number, swap = -1): PolygonGeometry => {
    const pts: [number, number][] = [];
    for (let i = 0; i < n; i++) pts.push([5 + 5 * Math.cos((2 * Math.PI * i) / n), 5 + 5 * Math.sin((2 * Math.PI * i) / n)]);
    if (swap >= 0) [pts[swap], pts[swap + 1]] = [pts[swap + 1] as [number, number], pts[swap] as [number, number]];
    return poly(ring(...pts));
  };
  it('accepts the valid ring', () => {
    expect(ok(circle(5000))).toBe(true);
  });
  it.each([1, 2, 2500, 4997])('finds a bow-tie at vertex %i', (k) => {
    expect(reasonOf(circle(5000, k))).toMatch(new RegExp(`^ring 0 self-intersects at segment ${k - 1}/${k + 1} near \\[`));
  });
  it('finds a hole crossing a 5 000-vertex shell wherever the crossing is', () => {
    for (const k of [0, 1250, 2500, 4999]) {
      const angle = (2 * Math.PI * k) / 5000;
      const [cx, cy] = [5 + 5 * Math.cos(angle), 5 + 5 * Math.sin(angle)];
      const hole = ring([cx - 0.3, cy - 0.3], [cx + 0.3, cy - 0.3], [cx + 0.3, cy + 0.3], [cx - 0.3, cy + 0.3]);
      expect(reasonOf(poly((circle(5000).coordinates[0] as Ring), hole))).toMatch(/^ring 1 \(a hole\) crosses ring 0 \(the shell\) near /);
    }
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
