// How a ring lies relative to another ring or to a polygon's interior, once the sweep has shown that their
// boundaries do not properly cross. The ring is cut at every point where it touches the other boundary; the
// pieces between cuts are either on the other boundary (a shared stretch, judged by which side each
// interior lies on) or free, and a free run between two cuts lies wholly inside or wholly outside, so one
// point of it decides. Testing midpoints of pieces, not vertices, matters: [0,2]×[0,1] and [1,3]×[0,1]
// overlap although no vertex of either lies strictly inside the other.
import type { Contacts, Near, RingPairContacts } from './validate-contacts.ts';
import { pairKey } from './validate-contacts.ts';
import type { FlatGeometry } from './validate-flat.ts';
import { ringBoxesMeet } from './validate-flat.ts';
import { pointInRingXY, withinBox } from './validate-planar.ts';

/** Where a ring is cut: by segment (global number), the touching positions and the collinear partners. */
export interface RingCuts {
  readonly splits: ReadonlyMap<number, readonly number[]>;
  readonly partners: ReadonlyMap<number, readonly number[]>;
}

interface Visitor {
  /** Side of a point of a free run: 1 inside, −1 outside, 0 on the other boundary (inconclusive). */
  free(px: number, py: number): number;
  /** A piece of segment `seg` lying on segment `partner` of the other boundary, starting at (px, py). */
  shared(seg: number, partner: number, px: number, py: number): void;
  /** Set when the answer is known and the walk can end. */
  readonly stop: boolean;
}

/**
 * Walks ring r: one conclusive test per free run, every shared piece reported. Only the segments with cuts
 * are taken apart; the uncut segments between two of them belong to one run, so the first one that gives a
 * conclusive answer settles it. Without cuts the whole ring is one run and its first vertex decides.
 */
function walkRing(g: FlatGeometry, r: number, cuts: RingCuts | null, v: Visitor): void {
  const { x, y, segA } = g;
  if (!cuts) {
    const i = g.ringStart[r] as number;
    if (v.free(x[i] as number, y[i] as number) !== 0) return;
  }
  const first = g.ringSegStart[r] as number;
  const end = g.ringSegStart[r + 1] as number;
  const cutSegments: number[] = [];
  if (cuts) for (const s of cuts.splits.keys()) if (s >= first && s < end) cutSegments.push(s);
  cutSegments.sort((a, b) => a - b);
  cutSegments.push(end);

  let tested = false;
  const piece = (seg: number, px: number, py: number, qx: number, qy: number): void => {
    const partners = cuts?.partners.get(seg);
    if (partners) {
      for (const t of partners) {
        const c = segA[t] as number;
        const cx = x[c] as number;
        const cy = y[c] as number;
        const dx = x[c + 1] as number;
        const dy = y[c + 1] as number;
        // Pieces are cut at the partner's ends, so a piece is on the partner iff both its ends are.
        if (withinBox(cx, cy, dx, dy, px, py) && withinBox(cx, cy, dx, dy, qx, qy)) {
          v.shared(seg, t, px, py);
          return;
        }
      }
    }
    if (!tested && !v.stop) tested = v.free((px + qx) / 2, (py + qy) / 2) !== 0;
  };
  let s = first;
  for (const c of cutSegments) {
    // Uncut segments before c: part of the current run.
    for (; s < c && !tested && !v.stop; s++) {
      const a = segA[s] as number;
      piece(s, x[a] as number, y[a] as number, x[a + 1] as number, y[a + 1] as number);
    }
    if (c === end || v.stop) return;
    s = c + 1;
    const a = segA[c] as number;
    const b = a + 1;
    const ax = x[a] as number;
    const ay = y[a] as number;
    const bx = x[b] as number;
    const by = y[b] as number;
    const cut = cuts?.splits.get(c) ?? [];
    // Order the cut points along a→b by the segment's longer axis (exact: they lie on the segment).
    const alongX = Math.abs(bx - ax) >= Math.abs(by - ay);
    const len = alongX ? (bx - ax) * (bx - ax) : (by - ay) * (by - ay);
    const sorted = cut.length === 1 ? cut : sortAlong(g, cut, ax, ay, bx, by, alongX);
    // Every cut point, the segment's own ends included, ends a run: the ring may change sides there.
    let px = ax;
    let py = ay;
    let cutAtB = false;
    for (const i of sorted) {
      const k = along(g, i, ax, ay, bx, by, alongX);
      if (k <= 0) {
        tested = false;
        continue;
      }
      if (k >= len) {
        cutAtB = true;
        break;
      }
      const qx = x[i] as number;
      const qy = y[i] as number;
      if (qx === px && qy === py) continue; // the same point, reported by several segment pairs
      piece(c, px, py, qx, qy);
      tested = false;
      px = qx;
      py = qy;
    }
    piece(c, px, py, bx, by);
    if (cutAtB) tested = false;
  }
}

/** Position i's place along segment a→b: 0 at a, growing towards b (scaled by the segment's length). */
function along(g: FlatGeometry, i: number, ax: number, ay: number, bx: number, by: number, alongX: boolean): number {
  return alongX ? ((g.x[i] as number) - ax) * (bx - ax) : ((g.y[i] as number) - ay) * (by - ay);
}

/** A copy of the cut positions ordered along a→b (insertion sort: a segment has a handful of cuts). */
function sortAlong(g: FlatGeometry, cut: readonly number[], ax: number, ay: number, bx: number, by: number, alongX: boolean): number[] {
  const out: number[] = [];
  for (const i of cut) {
    const k = along(g, i, ax, ay, bx, by, alongX);
    let j = out.length;
    while (j > 0 && along(g, out[j - 1] as number, ax, ay, bx, by, alongX) > k) j--;
    out.splice(j, 0, i);
  }
  return out;
}

/** 1 inside, −1 outside, 0 on the boundary of ring r, with the ring's box checked first. */
function sideOfRing(g: FlatGeometry, r: number, px: number, py: number): number {
  const b = g.ringBox;
  if (px < (b[4 * r] as number) || py < (b[4 * r + 1] as number) || px > (b[4 * r + 2] as number) || py > (b[4 * r + 3] as number)) return -1;
  return pointInRingXY(g.x, g.y, g.ringStart[r] as number, (g.ringStart[r + 1] as number) - 1, px, py);
}

/** 1 in the interior of polygon p (holes excluded), −1 outside it, 0 on its boundary. */
function sideOfPolygon(g: FlatGeometry, p: number, px: number, py: number): number {
  const r0 = g.polyRingStart[p] as number;
  const r1 = g.polyRingStart[p + 1] as number;
  const shell = sideOfRing(g, r0, px, py);
  if (shell !== 1) return shell;
  for (let h = r0 + 1; h < r1; h++) {
    const side = sideOfRing(g, h, px, py);
    if (side === 0) return 0;
    if (side === 1) return -1;
  }
  return 1;
}

const sameDirection = (g: FlatGeometry, s: number, t: number): boolean => {
  const { x, y, segA } = g;
  const a = segA[s] as number;
  const b = a + 1;
  const c = segA[t] as number;
  const d = c + 1;
  return ((x[b] as number) - (x[a] as number)) * ((x[d] as number) - (x[c] as number)) + ((y[b] as number) - (y[a] as number)) * ((y[d] as number) - (y[c] as number)) > 0;
};

/** Is the region bounded by segment s's ring (as a Jordan curve) on the left of s? */
const domainLeft = (g: FlatGeometry, s: number): boolean => (g.ringArea[g.segRing[s] as number] as number) > 0;

/** Is the interior of segment s's polygon (shell minus holes) on the left of s? */
const interiorLeft = (g: FlatGeometry, s: number): boolean => {
  const r = g.segRing[s] as number;
  const shell = g.polyRingStart[g.ringPoly[r] as number] === r;
  return shell === (g.ringArea[r] as number) > 0;
};

/** Do the sides given by `left` agree along the shared stretch of s and its collinear partner t? */
const sameSide = (g: FlatGeometry, left: (g: FlatGeometry, s: number) => boolean, s: number, t: number): boolean =>
  left(g, s) === (sameDirection(g, s, t) ? left(g, t) : !left(g, t));

class RingSideVisitor implements Visitor {
  in: Near | null = null;
  out: Near | null = null;
  same: Near | null = null;
  opp: Near | null = null;
  constructor(
    private readonly g: FlatGeometry,
    private readonly other: number,
  ) {}
  get stop(): boolean {
    return this.in !== null && this.out !== null;
  }
  free(px: number, py: number): number {
    const side = sideOfRing(this.g, this.other, px, py);
    if (side === 1) this.in ??= [px, py];
    else if (side === -1) this.out ??= [px, py];
    return side;
  }
  shared(s: number, t: number, px: number, py: number): void {
    if (sameSide(this.g, domainLeft, s, t)) this.same ??= [px, py];
    else this.opp ??= [px, py];
  }
}

export type RingRelationKind =
  /** The regions bounded by the rings share no interior point. */
  | 'disjoint'
  /** The second ring's region lies inside the first's. */
  | 'inside'
  /** The first ring's region lies inside the second's. */
  | 'contains'
  | 'equal'
  /** The regions partly overlap (the boundaries cross, properly or at a vertex). */
  | 'overlap';

export interface RingRelation {
  readonly kind: RingRelationKind;
  /** For 'overlap' a point near the overlap; for 'disjoint' a point of the second ring outside the first. */
  readonly at: Near | null;
  /** A point of a stretch of boundary the rings share, if any. */
  readonly shared: Near | null;
}

/** Relation of the regions bounded by rings a and b (a < b), as Jordan curves; rings are simple. */
export function relateRings(g: FlatGeometry, c: Contacts, a: number, b: number): RingRelation {
  const pc = c.pairs.get(pairKey(g, a, b));
  if (pc?.cross) return { kind: 'overlap', at: pc.cross.at, shared: null };
  const touch = (): Near | null => (pc && pc.firstTouch < Infinity ? [g.x[pc.firstTouch] as number, g.y[pc.firstTouch] as number] : null);
  const vb = new RingSideVisitor(g, a);
  walkRing(g, b, pc ?? null, vb);
  const shared = vb.same ?? vb.opp;
  const overlap = (at: Near | null): RingRelation => ({ kind: 'overlap', at: at ?? touch(), shared });
  if (vb.in && vb.out) return overlap(touch() ?? vb.in);
  if (vb.same && vb.opp) return overlap(vb.same);
  if (vb.in) return vb.opp ? overlap(vb.opp) : { kind: 'inside', at: null, shared };
  if (!vb.out && vb.same) return { kind: 'equal', at: null, shared };
  // b lies outside a (or could not be placed): does a lie inside b, or are they apart?
  const va = new RingSideVisitor(g, b);
  walkRing(g, a, pc ?? null, va);
  if (va.in && va.out) return overlap(touch() ?? va.in);
  if (va.in) return vb.opp || va.opp ? overlap(vb.opp ?? va.opp) : { kind: 'contains', at: null, shared };
  if (vb.same || va.same) return overlap(vb.same ?? va.same);
  return { kind: 'disjoint', at: vb.out ?? touch(), shared };
}

class InteriorVisitor implements Visitor {
  hit: Near | null = null;
  constructor(
    private readonly g: FlatGeometry,
    private readonly poly: number,
  ) {}
  get stop(): boolean {
    return this.hit !== null;
  }
  free(px: number, py: number): number {
    const side = sideOfPolygon(this.g, this.poly, px, py);
    if (side === 1) this.hit = [px, py];
    return side;
  }
  shared(s: number, t: number, px: number, py: number): void {
    if (sameSide(this.g, interiorLeft, s, t)) this.hit ??= [px, py];
  }
}

/** Cuts of ring r against all rings of polygon p, or null where they do not touch. */
function cutsAgainstPolygon(g: FlatGeometry, c: Contacts, r: number, p: number): RingCuts | null {
  const found: RingPairContacts[] = [];
  for (let s = g.polyRingStart[p] as number; s < (g.polyRingStart[p + 1] as number); s++) {
    const pc = c.pairs.get(pairKey(g, r, s));
    if (pc) found.push(pc);
  }
  if (found.length <= 1) return found[0] ?? null;
  const splits = new Map<number, number[]>();
  const partners = new Map<number, number[]>();
  for (const pc of found) {
    for (const [k, v] of pc.splits) splits.set(k, [...(splits.get(k) ?? []), ...v]);
    for (const [k, v] of pc.partners) partners.set(k, [...(partners.get(k) ?? []), ...v]);
  }
  return { splits, partners };
}

/**
 * A point near where the interiors of polygons p and q overlap, or null if they do not. Interiors meet iff
 * segments cross, or a free piece of one boundary lies in the other interior, or a shared stretch has both
 * interiors on the same side (which also catches duplicates, whose boundaries have no free piece at all).
 */
export function polygonsOverlapAt(g: FlatGeometry, c: Contacts, p: number, q: number): Near | null {
  const p0 = g.polyRingStart[p] as number;
  const p1 = g.polyRingStart[p + 1] as number;
  const q0 = g.polyRingStart[q] as number;
  const q1 = g.polyRingStart[q + 1] as number;
  for (let r = p0; r < p1; r++) {
    for (let s = q0; s < q1; s++) {
      const cross = c.pairs.get(pairKey(g, r, s))?.cross;
      if (cross) return cross.at;
    }
  }
  for (const [from, to] of [
    [q, p],
    [p, q],
  ] as const) {
    const shell = g.polyRingStart[to] as number;
    for (let r = g.polyRingStart[from] as number; r < (g.polyRingStart[from + 1] as number); r++) {
      if (!ringBoxesMeet(g, r, shell)) continue; // wholly outside the other polygon
      const v = new InteriorVisitor(g, to);
      walkRing(g, r, cutsAgainstPolygon(g, c, r, to), v);
      if (v.hit) return v.hit;
    }
  }
  return null;
}
