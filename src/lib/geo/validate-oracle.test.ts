// Randomized checks of validateAreaGeometry against independent oracles:
// - polyclip-ts (polygon clipping) for everything about areas: parts that the validator accepts must have a
//   union as large as the sum of their areas, parts it rejects as overlapping a smaller one; accepted holes
//   lie inside the shell and apart; a disconnected interior comes out of the clipper as several polygons;
// - the pre-0013 validator's O(n²) pair loop (validate-legacy.ts) for self-intersection of small rings;
// - a brute-force collinear-overlap search for "shares an edge".
// Shapes are built on an integer grid (so touching, shared edges and vertices on edges happen often and are
// exact) and mapped to lon/lat by an exact affine map (steps of 2⁻¹⁰°) for the validator; the clipper works
// on the integer coordinates.
import { describe, expect, it } from 'vitest';
import { difference, intersection, union } from 'polyclip-ts';
import type { PolygonCoords, Position, Ring } from '../data/schema.ts';
import { seededRandom } from '../util/seeded-random.ts';
import { validateAreaGeometry } from './validate.ts';
import { legacyValidateAreaGeometry } from './test-helpers/validate-legacy.ts';

type Pt = [number, number];
type Rnd = () => number;

const toLonLat = (poly: PolygonCoords): PolygonCoords => poly.map((r) => r.map(([x, y]): Position => [121.5 + x / 1024, 29.25 + y / 1024]));
const closed = (pts: Pt[]): Ring => [...pts.map((p): Pt => [p[0], p[1]]), [pts[0]![0], pts[0]![1]]];
const int = (rnd: Rnd, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));

function ringArea(r: readonly Position[]): number {
  let s = 0;
  const [x0, y0] = r[0]!;
  for (let i = 1; i + 1 < r.length; i++) s += (r[i]![0] - x0) * (r[i + 1]![1] - y0) - (r[i + 1]![0] - x0) * (r[i]![1] - y0);
  return Math.abs(s / 2);
}
const polyArea = (p: PolygonCoords): number => ringArea(p[0]!) - p.slice(1).reduce((s, h) => s + ringArea(h), 0);
const multiArea = (m: PolygonCoords[]): number => m.reduce((s, p) => s + polyArea(p), 0);
const close = (a: number, b: number, scale: number): boolean => Math.abs(a - b) <= 1e-9 * scale;

// ---------- random shapes (integer grid) ----------

const boxPts = (x0: number, y0: number, x1: number, y1: number): Pt[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];

function rect(rnd: Rnd, size = 6): Pt[] {
  const x = int(rnd, 0, 12);
  const y = int(rnd, 0, 12);
  return boxPts(x, y, x + int(rnd, 1, size), y + int(rnd, 1, size));
}

/** A rectangle along a direction with integer components, so its corners stay on the grid. */
function rotatedRect(rnd: Rnd): Pt[] {
  const dirs: Pt[] = [[1, 1], [1, 2], [2, 1], [3, 4], [4, 3], [1, -1], [2, -1]];
  const [ux, uy] = dirs[int(rnd, 0, dirs.length - 1)]!;
  const a = int(rnd, 1, 2);
  const b = int(rnd, 1, 2);
  const x = int(rnd, 2, 12);
  const y = int(rnd, 2, 12);
  return [
    [x, y],
    [x + a * ux, y + a * uy],
    [x + a * ux - b * uy, y + a * uy + b * ux],
    [x - b * uy, y + b * ux],
  ];
}

/** Vertices at sorted random angles around a centre, rounded to the grid: often degenerate or not simple. */
function star(rnd: Rnd, maxR = 5, maxK = 9): Pt[] {
  const cx = int(rnd, 2, 14);
  const cy = int(rnd, 2, 14);
  const k = int(rnd, 3, maxK);
  const angles = Array.from({ length: k }, () => rnd() * 2 * Math.PI).sort((p, q) => p - q);
  return angles.map((t): Pt => {
    const r = 1 + rnd() * (maxR - 1);
    return [Math.round(cx + r * Math.cos(t)), Math.round(cy + r * Math.sin(t))];
  });
}

const shapeOf = (rnd: Rnd): Pt[] => {
  const u = rnd();
  return u < 0.4 ? rect(rnd) : u < 0.7 ? rotatedRect(rnd) : star(rnd);
};

/** A single valid polygon, judged by the legacy O(n²) validator and the new one together. */
function validAlone(poly: PolygonCoords): boolean {
  const g = { type: 'Polygon', coordinates: toLonLat(poly) };
  return legacyValidateAreaGeometry(g).ok && validateAreaGeometry(g).ok;
}

function randomPart(rnd: Rnd, earlier: PolygonCoords[]): PolygonCoords {
  for (;;) {
    const u = rnd();
    let part: PolygonCoords;
    const prev = earlier[int(rnd, 0, Math.max(0, earlier.length - 1))];
    if (prev && u < 0.08) {
      // A copy, possibly starting elsewhere and running the other way: a duplicate.
      const shell = prev[0]!.slice(0, -1) as Pt[];
      const k = int(rnd, 0, shell.length - 1);
      const turned = [...shell.slice(k), ...shell.slice(0, k)];
      part = [closed(rnd() < 0.5 ? turned : turned.reverse()), ...prev.slice(1)];
    } else if (prev && u < 0.25) {
      // Beside an earlier part's box, sharing (part of) an edge or a corner, or overlapping by one unit.
      const xs = prev[0]!.map((p) => p[0]);
      const ys = prev[0]!.map((p) => p[1]);
      const x1 = Math.max(...xs) - (rnd() < 0.3 ? 1 : 0);
      const y0 = Math.min(...ys) + int(rnd, -2, 2);
      part = [closed(boxPts(x1, y0, x1 + int(rnd, 1, 4), y0 + int(rnd, 1, 4)))];
    } else if (u < 0.4) {
      // A frame: a lake for islands to fall into.
      const x = int(rnd, 0, 8);
      const y = int(rnd, 0, 8);
      const w = int(rnd, 4, 8);
      const h = int(rnd, 4, 8);
      part = [closed(boxPts(x, y, x + w, y + h)), closed(boxPts(x + 1, y + 1, x + w - 1, y + h - 1).reverse())];
    } else {
      part = [closed(shapeOf(rnd))];
    }
    if (validAlone(part)) return part;
  }
}

const asClip = (p: PolygonCoords): Pt[][] => p.map((r) => r.map(([x, y]): Pt => [x, y]));

describe('validateAreaGeometry against polyclip-ts: MultiPolygon parts', () => {
  it('accepted parts have union area = sum of areas; rejected ones overlap (the named pair too)', () => {
    const rnd = seededRandom(20261113);
    const tally = { accepted: 0, acceptedTouching: 0, overlaps: 0, duplicates: 0 };
    for (let trial = 0; trial < 500; trial++) {
      const parts: PolygonCoords[] = [];
      const n = int(rnd, 2, 4);
      while (parts.length < n) parts.push(randomPart(rnd, parts));
      const sum = multiArea(parts);
      const unionPolys = union(asClip(parts[0]!), ...parts.slice(1).map(asClip));
      const unionArea = multiArea(unionPolys);
      const res = validateAreaGeometry({ type: 'MultiPolygon', coordinates: parts.map(toLonLat) });
      const ctx = `trial ${trial}: ${JSON.stringify(parts)} → ${res.ok ? 'ok' : res.reason}`;
      if (res.ok) {
        tally.accepted++;
        expect(close(unionArea, sum, sum), ctx).toBe(true);
        // Count accepted cases where some parts share boundary points (the clipper merges them into fewer polygons).
        if (unionPolys.length < parts.length) tally.acceptedTouching++;
        continue;
      }
      const m = /^polygon (\d+) (overlaps|duplicates) polygon (\d+)/.exec(res.reason);
      expect(m, ctx).not.toBeNull();
      expect(unionArea < sum * (1 - 1e-9), ctx).toBe(true);
      const q = parts[Number(m![1])]!;
      const p = parts[Number(m![3])]!;
      expect(Number(m![1]) > Number(m![3]), ctx).toBe(true);
      const common = multiArea(intersection(asClip(p), asClip(q)));
      expect(common > 1e-9 * sum, ctx).toBe(true);
      if (m![2] === 'duplicates') {
        tally.duplicates++;
        expect(close(common, polyArea(p), sum) && close(common, polyArea(q), sum), ctx).toBe(true);
      } else {
        tally.overlaps++;
      }
    }
    // The generator must exercise every outcome, or the assertions above prove little.
    expect(tally.accepted).toBeGreaterThan(100);
    expect(tally.acceptedTouching).toBeGreaterThan(20);
    expect(tally.overlaps).toBeGreaterThan(100);
    expect(tally.duplicates).toBeGreaterThan(10);
  });
});

// ---------- holes ----------

/** Brute force: do rings a and b share a stretch of boundary (collinear segments overlapping in more than a point)? */
function shareStretch(a: Ring, b: Ring): boolean {
  const o = (p: Position, q: Position, r: Position): number => (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
  for (let i = 0; i + 1 < a.length; i++) {
    for (let j = 0; j + 1 < b.length; j++) {
      const [p, q, r, s] = [a[i]!, a[i + 1]!, b[j]!, b[j + 1]!];
      if (o(p, q, r) !== 0 || o(p, q, s) !== 0) continue;
      // Project on the longer axis of p–q and intersect the intervals.
      const k = Math.abs(q[0] - p[0]) >= Math.abs(q[1] - p[1]) ? 0 : 1;
      const lo = Math.max(Math.min(p[k], q[k]), Math.min(r[k], s[k]));
      const hi = Math.min(Math.max(p[k], q[k]), Math.max(r[k], s[k]));
      if (hi > lo) return true;
    }
  }
  return false;
}

const boxOf = (pts: readonly Position[]): [number, number, number, number] => {
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
};

function randomHole(rnd: Rnd, shell: Pt[], earlier: Ring[]): Ring {
  const [x0, y0, x1, y1] = boxOf(shell);
  for (;;) {
    const u = rnd();
    const prev = earlier[int(rnd, 0, Math.max(0, earlier.length - 1))];
    let pts: Pt[];
    if (prev && u < 0.2) {
      // Derived from an earlier hole: a copy, a rectangle inside its box, or one beside it.
      const [a, b, c, d] = boxOf(prev);
      const v = rnd();
      if (v < 0.25) pts = prev.slice(0, -1) as Pt[];
      else if (v < 0.6 && c - a >= 2 && d - b >= 2) pts = boxPts(a, b, a + int(rnd, 1, c - a - 1), b + int(rnd, 1, d - b - 1));
      else pts = boxPts(c, b, c + int(rnd, 1, 2), d);
    } else if (u < 0.65) {
      // A rectangle within the shell's box (mostly inside the shell, sometimes touching or crossing it).
      const inset = rnd() < 0.6 ? 1 : 0;
      const hx = int(rnd, x0 + inset, x1 - 1 - inset);
      const hy = int(rnd, y0 + inset, y1 - 1 - inset);
      const w = int(rnd, 1, Math.max(1, Math.min(4, x1 - hx - inset)));
      const h = int(rnd, 1, Math.max(1, Math.min(4, y1 - hy - inset)));
      pts = boxPts(hx, hy, hx + w, hy + h);
    } else if (u < 0.85) {
      // A triangle with corners often on the shell's vertices.
      const pick = (): Pt => (rnd() < 0.4 ? shell[int(rnd, 0, shell.length - 1)]! : [int(rnd, x0, x1), int(rnd, y0, y1)]);
      pts = [pick(), pick(), pick()];
    } else {
      const c = star(rnd, 3, 6);
      const [sx, sy] = [int(rnd, x0, x1) - c[0]![0], int(rnd, y0, y1) - c[0]![1]];
      pts = c.map(([x, y]): Pt => [x + sx, y + sy]);
    }
    const ring = closed(pts);
    if (validAlone([ring])) return ring;
  }
}

/** Holes tiling a rectangular shell: two halves or four quarters. */
function tiling(w: number, h: number): Ring[] {
  const mx = Math.floor(w / 2);
  const my = Math.floor(h / 2);
  const r = (a: number, b: number, c: number, d: number): Ring => closed([[a, b], [c, b], [c, d], [a, d]]);
  return w * h % 2 === 0 ? [r(0, 0, mx, h), r(mx, 0, w, h)] : [r(0, 0, mx, my), r(mx, 0, w, my), r(mx, my, w, h), r(0, my, mx, h)];
}

describe('validateAreaGeometry against polyclip-ts: holes', () => {
  it('accepted holes lie inside the shell and apart, leaving one connected polygon; each rejection is borne out', () => {
    const rnd = seededRandom(8);
    const tally = new Map<string, number>();
    for (let trial = 0; trial < 1200; trial++) {
      const square = rnd() < 0.6;
      const [w, h] = [int(rnd, 4, 10), int(rnd, 4, 10)];
      let shellPts: Pt[];
      do shellPts = square ? [[0, 0], [w, 0], [w, h], [0, h]] : star(rnd, 7, 12);
      while (!validAlone([closed(shellPts)]));
      const shell = closed(shellPts);
      const holes: Ring[] = [];
      if (square && rnd() < 0.05) holes.push(...tiling(w, h));
      else for (let k = int(rnd, 1, 3); k > 0; k--) holes.push(randomHole(rnd, shellPts, holes));
      const rings = [shell, ...holes];
      const res = validateAreaGeometry({ type: 'Polygon', coordinates: toLonLat(rings) });
      const ctx = `trial ${trial}: ${JSON.stringify(rings)} → ${res.ok ? 'ok' : res.reason}`;
      const A = (r: Ring): number => ringArea(r);
      const meet = (a: Ring, b: Ring): number => multiArea(intersection([a as Pt[]], [b as Pt[]]));
      const scale = A(shell);
      const kind = res.ok ? 'accepted' : res.reason.replace(/\d+/g, '#').replace(/ near .*| position .*| at \[.*/, '');
      tally.set(kind, (tally.get(kind) ?? 0) + 1);

      const holesInside = (): void => holes.forEach((h) => expect(close(meet(h, shell), A(h), scale), ctx).toBe(true));
      const holesApart = (): void =>
        holes.forEach((h, i) => holes.slice(i + 1).forEach((k) => expect(close(meet(h, k), 0, scale), ctx).toBe(true)));
      const pieces = (): PolygonCoords[] => difference([shell as Pt[]], ...holes.map((h) => [h as Pt[]]));

      if (res.ok) {
        holesInside();
        holesApart();
        const left = pieces();
        expect(left.length, ctx).toBe(1);
        expect(close(multiArea(left), A(shell) - holes.reduce((s, h) => s + A(h), 0), scale), ctx).toBe(true);
        continue;
      }
      const r = res.reason;
      const n = (i: number): number => Number(/\d+/g.exec(r.slice(i))?.[0]);
      let m: RegExpExecArray | null;
      if ((m = /^ring (\d+) \(a hole\) (crosses|lies outside|encloses) ring 0/.exec(r))) {
        const h = rings[Number(m[1])]!;
        expect(meet(h, shell) < A(h) * (1 - 1e-9), ctx).toBe(true);
        if (m[2] === 'crosses') expect(meet(h, shell) > 0, ctx).toBe(true);
        if (m[2] === 'lies outside') expect(meet(h, shell), ctx).toBeLessThan(1e-9 * scale);
      } else if ((m = /^ring (\d+) \(a hole\) duplicates ring 0/.exec(r))) {
        const h = rings[Number(m[1])]!;
        expect(close(meet(h, shell), A(shell), scale) && close(A(h), A(shell), scale), ctx).toBe(true);
      } else if ((m = /^holes (\d+) and (\d+) overlap/.exec(r))) {
        const [a, b] = [rings[Number(m[1])]!, rings[Number(m[2])]!];
        const common = meet(a, b);
        expect(common > 1e-9 * scale && common < Math.min(A(a), A(b)) * (1 - 1e-9), ctx).toBe(true);
      } else if ((m = /^hole (\d+) (lies inside|duplicates) hole (\d+)/.exec(r))) {
        const [a, b] = [rings[Number(m[1])]!, rings[Number(m[3])]!];
        expect(close(meet(a, b), A(a), scale), ctx).toBe(true);
        expect(m[2] === 'duplicates' ? close(A(a), A(b), scale) : A(a) < A(b) * (1 - 1e-9), ctx).toBe(true);
      } else if (/^holes remove all of the polygon's area$/.test(r)) {
        holesInside();
        holesApart();
        expect(close(A(shell), holes.reduce((s, h) => s + A(h), 0), scale), ctx).toBe(true);
      } else if ((m = /^(?:ring (\d+) \(a hole\) shares an edge with ring 0|holes (\d+) and (\d+) share an edge)/.exec(r))) {
        holesInside();
        holesApart();
        const [a, b] = m[1] ? [rings[Number(m[1])]!, shell] : [rings[Number(m[2])]!, rings[Number(m[3])]!];
        expect(shareStretch(a, b), ctx).toBe(true);
      } else if (/^interior is disconnected/.test(r)) {
        holesInside();
        holesApart();
        expect(holes.some((h, i) => shareStretch(h, shell) || holes.slice(i + 1).some((k) => shareStretch(h, k))), ctx).toBe(false);
        expect(pieces().length, ctx).toBeGreaterThan(1);
      } else {
        expect.fail(`unexpected reason (${n(0)}): ${ctx}`);
      }
    }
    // Every rule must have been exercised.
    for (const kind of [
      'accepted',
      'ring # (a hole) crosses ring # (the shell)',
      'ring # (a hole) lies outside ring # (the shell):',
      'holes # and # overlap',
      'hole # lies inside hole #',
      'ring # (a hole) shares an edge with ring # (the shell)',
      'interior is disconnected: ring # touches the other rings again',
      'hole # duplicates hole #',
      "holes remove all of the polygon's area",
      'holes # and # share an edge',
    ]) {
      expect(tally.get(kind) ?? 0, `${kind} in ${JSON.stringify([...tally])}`).toBeGreaterThan(5);
    }
  });
});

// ---------- self-intersection ----------

describe('validateAreaGeometry against the pre-0013 O(n²) self-intersection loop', () => {
  it('gives the same verdict and names the same segments on small, often degenerate rings', () => {
    const rnd = seededRandom(1207);
    let rejected = 0;
    let accepted = 0;
    for (let trial = 0; trial < 3000; trial++) {
      // A tiny grid makes repeated points, vertices on edges, spikes and collinear runs common.
      const pts = Array.from({ length: int(rnd, 3, 12) }, (): Pt => [int(rnd, 0, 5), int(rnd, 0, 5)]);
      const g = { type: 'Polygon', coordinates: toLonLat([closed(pts)]) };
      const want = legacyValidateAreaGeometry(g);
      const got = validateAreaGeometry(g);
      const ctx = JSON.stringify(pts);
      expect(got.ok, ctx).toBe(want.ok);
      if (!want.ok && !got.ok) {
        rejected++;
        expect(got.reason.replace(/ near \[.*\]$/, ''), ctx).toBe(want.reason);
      } else {
        accepted++;
      }
    }
    expect(rejected).toBeGreaterThan(500);
    expect(accepted).toBeGreaterThan(100);
  });
});
