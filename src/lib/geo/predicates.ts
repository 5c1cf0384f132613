// The two planar predicates: is a point in an area, do two areas meet (the rules library, area statistics and the
// pipeline use both; the site page and interiorPoint only the first). They work in plain lon/lat degrees: at parcel
// scale the distortion is far below the precision of the data, and no projection is needed to decide inside/outside.
// Kept apart from validate.ts so that a page needing only these loads no validation code.
import type { AreaGeometry, Position } from '../data/schema.ts';
import { polygonsOf } from './shape.ts';
import { orient as orientXY } from './validate-planar.ts';

// ---------- planar primitives (also used by the frozen legacy validator of the benches) ----------

export function orient(a: Position, b: Position, c: Position): number {
  return orientXY(a[0], a[1], b[0], b[1], c[0], c[1]);
}

/** c is collinear with a–b: is it within the segment's box? */
function withinBox(a: Position, b: Position, c: Position): boolean {
  return (
    Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1])
  );
}

/** Closed segments a–b and c–d share at least one point (crossing, touching or overlapping). */
export function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && withinBox(c, d, a)) ||
    (d2 === 0 && withinBox(c, d, b)) ||
    (d3 === 0 && withinBox(a, b, c)) ||
    (d4 === 0 && withinBox(a, b, d))
  );
}

export function onSegment(p: Position, a: Position, b: Position): boolean {
  return orient(a, b, p) === 0 && withinBox(a, b, p);
}

export type Side = 'inside' | 'outside' | 'boundary';

/** Ray casting (crossings of a ray towards +x), with the boundary detected explicitly. */
export function pointInRing(p: Position, ring: readonly Position[]): Side {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i] as Position;
    const b = ring[j] as Position;
    if (onSegment(p, a, b)) return 'boundary';
    // Half-open rule on y so a vertex exactly at the ray's height is counted once.
    if (a[1] > p[1] !== b[1] > p[1]) {
      const x = a[0] + ((p[1] - a[1]) * (b[0] - a[0])) / (b[1] - a[1]);
      if (p[0] < x) inside = !inside;
    }
  }
  return inside ? 'inside' : 'outside';
}

/**
 * Is the point inside the area (holes excluded)? Points on any boundary, shell or hole, count as
 * inside: the rules treat geometry as closed sets, so a parcel corner on a zone line is "in" the zone.
 */
export function pointInPolygon(pt: Position, geom: AreaGeometry): boolean {
  for (const poly of polygonsOf(geom)) {
    const [shell, ...holes] = poly;
    if (!shell) continue;
    const s = pointInRing(pt, shell);
    if (s === 'boundary') return true;
    if (s === 'outside') continue;
    let inHole = false;
    for (const hole of holes) {
      const h = pointInRing(pt, hole);
      if (h === 'boundary') return true;
      if (h === 'inside') {
        inHole = true;
        break;
      }
    }
    if (!inHole) return true;
  }
  return false;
}

function bbox(geom: AreaGeometry): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const poly of polygonsOf(geom)) {
    for (const ring of poly) {
      for (const [x, y] of ring) {
        w = Math.min(w, x);
        e = Math.max(e, x);
        s = Math.min(s, y);
        n = Math.max(n, y);
      }
    }
  }
  return [w, s, e, n];
}

function edgesOf(geom: AreaGeometry): [Position, Position][] {
  const edges: [Position, Position][] = [];
  for (const poly of polygonsOf(geom)) {
    for (const ring of poly) {
      for (let i = 0; i < ring.length - 1; i++) edges.push([ring[i] as Position, ring[i + 1] as Position]);
    }
  }
  return edges;
}

/**
 * Do two areas share any point (closed-set semantics, like Turf's booleanIntersects: touching counts)?
 * bbox pre-check; then any vertex of one inside the other (covers containment), or any edges meeting.
 * A polygon lying wholly inside the other's hole has neither, so it correctly does not intersect.
 */
export function polygonsIntersect(a: AreaGeometry, b: AreaGeometry): boolean {
  const [aw, as, ae, an] = bbox(a);
  const [bw, bs, be, bn] = bbox(b);
  if (aw > be || bw > ae || as > bn || bs > an) return false;
  for (const poly of polygonsOf(a)) for (const ring of poly) for (const p of ring) if (pointInPolygon(p, b)) return true;
  for (const poly of polygonsOf(b)) for (const ring of poly) for (const p of ring) if (pointInPolygon(p, a)) return true;
  const eb = edgesOf(b);
  for (const [p, q] of edgesOf(a)) {
    for (const [r, s] of eb) if (segmentsMeet(p, q, r, s)) return true;
  }
  return false;
}
