// Every place where two segments of a geometry meet, found by one sweep over all segment boxes, sorted into
// what the rules need: per ring, the first self-intersection (smallest segment pair, so the report does not
// depend on the sweep order); per pair of rings, any proper crossing, the points where they touch (to cut
// the rings into pieces for inside/outside tests) and the collinear stretches they share.
import type { FlatGeometry } from './validate-flat.ts';
import { orient, withinBox } from './validate-planar.ts';
import { sweepBoxes } from './sweep.ts';

/** A point in local coordinates. */
export type Near = readonly [number, number];

export interface SelfHit {
  /** Segment ordinals within the ring (zero-length steps skipped), s < t. */
  readonly s: number;
  readonly t: number;
  readonly at: Near;
}

/** What two rings have in common. The maps are keyed by segment and hold only segments that meet the other ring. */
export interface RingPairContacts {
  /** First proper crossing (interiors of two segments cross), by segment order. */
  cross: { s: number; t: number; at: Near } | null;
  /** Segment → positions (indices into FlatGeometry) of the other ring lying on it, or its own ends touching it. */
  readonly splits: Map<number, number[]>;
  /** Segment → segments of the other ring collinear with it over more than a point. */
  readonly partners: Map<number, number[]>;
  /** Smallest position index where the rings touch (a vertex of one on the other): for messages. */
  firstTouch: number;
}

export interface Contacts {
  /** By ring; empty when no ring meets itself (valid geometry), which saves an allocation per feature. */
  readonly self: readonly (SelfHit | undefined)[];
  /** Key r1 · ringCount + r2 with r1 < r2. */
  readonly pairs: ReadonlyMap<number, RingPairContacts>;
}

/** Shared by every geometry whose rings never meet (nearly all parcels: one ring), saving an allocation. */
const NO_PAIRS: ReadonlyMap<number, RingPairContacts> = new Map();

export const pairKey = (g: FlatGeometry, r: number, s: number): number => (r < s ? r * g.ringCount + s : s * g.ringCount + r);

function push(m: Map<number, number[]>, k: number, v: number): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function findContacts(g: FlatGeometry): Contacts {
  const { x, y, segA, segRing, ringSegStart } = g;
  const self: (SelfHit | undefined)[] = [];
  let pairs: Map<number, RingPairContacts> | null = null;

  sweepBoxes(g.segBox, (s, t) => {
    const a = segA[s] as number;
    const b = a + 1;
    const c = segA[t] as number;
    const d = c + 1;
    const ax = x[a] as number;
    const ay = y[a] as number;
    const bx = x[b] as number;
    const by = y[b] as number;
    const cx = x[c] as number;
    const cy = y[c] as number;
    const dx = x[d] as number;
    const dy = y[d] as number;
    const rs = segRing[s] as number;
    const rt = segRing[t] as number;

    if (rs === rt) {
      const base = ringSegStart[rs] as number;
      const ks = s - base;
      const kt = t - base;
      const m = (ringSegStart[rs + 1] as number) - base;
      const prev = self[rs];
      if (prev && (prev.s < ks || (prev.s === ks && prev.t < kt))) return; // a smaller pair is already known
      let at: Near | null;
      if (kt === ks + 1) {
        // Neighbours share b = c; they fail only by folding back over each other (a spike).
        at = orient(ax, ay, bx, by, dx, dy) === 0 && (bx - ax) * (dx - bx) + (by - ay) * (dy - by) < 0 ? [bx, by] : null;
      } else if (ks === 0 && kt === m - 1) {
        // The closing neighbours share a = d.
        at = orient(cx, cy, dx, dy, bx, by) === 0 && (dx - cx) * (bx - dx) + (dy - cy) * (by - dy) < 0 ? [ax, ay] : null;
      } else {
        at = meetingPoint(ax, ay, bx, by, cx, cy, dx, dy);
      }
      if (at) self[rs] = { s: ks, t: kt, at };
      return;
    }

    const d1 = orient(cx, cy, dx, dy, ax, ay);
    const d2 = orient(cx, cy, dx, dy, bx, by);
    const d3 = orient(ax, ay, bx, by, cx, cy);
    const d4 = orient(ax, ay, bx, by, dx, dy);
    const proper = ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
    const aOn = !proper && d1 === 0 && withinBox(cx, cy, dx, dy, ax, ay);
    const bOn = !proper && d2 === 0 && withinBox(cx, cy, dx, dy, bx, by);
    const cOn = !proper && d3 === 0 && withinBox(ax, ay, bx, by, cx, cy);
    const dOn = !proper && d4 === 0 && withinBox(ax, ay, bx, by, dx, dy);
    if (!proper && !aOn && !bOn && !cOn && !dOn) return;

    const key = pairKey(g, rs, rt);
    pairs ??= new Map();
    let pc = pairs.get(key);
    if (!pc) {
      pc = { cross: null, splits: new Map(), partners: new Map(), firstTouch: Infinity };
      pairs.set(key, pc);
    }
    if (proper) {
      // s < t, so the first crossing by segment order is the one with the smallest s, then t.
      const cr = pc.cross;
      if (!cr || s < cr.s || (s === cr.s && t < cr.t)) {
        const k = d3 / (d3 - d4);
        pc.cross = { s, t, at: [cx + (dx - cx) * k, cy + (dy - cy) * k] };
      }
      return;
    }
    // Touching: the meeting points are ends of one segment lying on the other. Both segments are cut there.
    if (aOn) touch(pc, s, t, a);
    if (bOn) touch(pc, s, t, b);
    if (cOn) touch(pc, s, t, c);
    if (dOn) touch(pc, s, t, d);
    // Collinear and sharing more than one point: a common stretch of boundary.
    const collinear = (d1 === 0 && d2 === 0) || (d3 === 0 && d4 === 0);
    if (collinear && sharesStretch(x, y, aOn, bOn, cOn, dOn, a, b, c, d)) {
      push(pc.partners, s, t);
      push(pc.partners, t, s);
    }
  });
  return { self, pairs: pairs ?? NO_PAIRS };
}

/** Segments s and t both pass through position i. */
function touch(pc: RingPairContacts, s: number, t: number, i: number): void {
  push(pc.splits, s, i);
  push(pc.splits, t, i);
  if (i < pc.firstTouch) pc.firstTouch = i;
}

/** Collinear segments a–b and c–d: are there two different points among the ends lying on the other? */
function sharesStretch(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  aOn: boolean,
  bOn: boolean,
  cOn: boolean,
  dOn: boolean,
  a: number,
  b: number,
  c: number,
  d: number,
): boolean {
  let first = -1;
  for (const [on, i] of [
    [aOn, a],
    [bOn, b],
    [cOn, c],
    [dOn, d],
  ] as const) {
    if (!on) continue;
    if (first < 0) first = i;
    else if (x[i] !== x[first] || y[i] !== y[first]) return true;
  }
  return false;
}

/** Where closed segments a–b and c–d meet (a crossing point or an end on the other segment), or null. */
function meetingPoint(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): Near | null {
  const d1 = orient(cx, cy, dx, dy, ax, ay);
  const d2 = orient(cx, cy, dx, dy, bx, by);
  const d3 = orient(ax, ay, bx, by, cx, cy);
  const d4 = orient(ax, ay, bx, by, dx, dy);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    const k = d3 / (d3 - d4);
    return [cx + (dx - cx) * k, cy + (dy - cy) * k];
  }
  if (d1 === 0 && withinBox(cx, cy, dx, dy, ax, ay)) return [ax, ay];
  if (d2 === 0 && withinBox(cx, cy, dx, dy, bx, by)) return [bx, by];
  if (d3 === 0 && withinBox(ax, ay, bx, by, cx, cy)) return [cx, cy];
  if (d4 === 0 && withinBox(ax, ay, bx, by, dx, dy)) return [dx, dy];
  return null;
}
