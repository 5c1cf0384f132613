// Parcel geometry: each area is a slightly rotated street grid; blocks between the streets are filled from the
// centre outwards and cut into rows of parcels. Parcels never share an edge: neighbours inside a block are
// separated by a 2 m gap and blocks by 15–30 m streets, so non-overlap holds by construction (and is tested).
import { AREAS, type AreaSpec } from './places.ts';
import {
  boxesOverlap,
  boxOf,
  ccw,
  fromLonLat,
  M2_PER_MU,
  ringAreaMu,
  ringInside,
  ringsIntersect,
  signedArea,
  toLonLat,
  type Box,
  type XY,
} from './geom.ts';
import { clamp, Rng } from './rng.ts';

/** Gap between neighbouring parcels of a block (fences, drains): keeps every pair strictly disjoint. */
export const PARCEL_GAP_M = 2;
/** Design range for ordinary parcels in 亩, inside the published 3–150 with room for any area formula. */
export const MU_MIN = 3.4;
export const MU_MAX = 140;
/** Design range for the few large parcels. */
export const BIG_MU_MIN = 160;
export const BIG_MU_MAX = 385;
const STREET_M: [number, number] = [15, 30];

export interface Grid {
  /** Column extents along u and row extents along v, in the area's rotated frame (metres). */
  cols: [number, number][];
  rows: [number, number][];
  /** Street centre lines: colStreets[i] lies before column i (length cols + 1); same for rows. */
  colStreets: { at: number; width: number }[];
  rowStreets: { at: number; width: number }[];
}

export interface LayoutArea {
  spec: AreaSpec;
  index: number;
  centre: XY;
  theta: number;
  grid: Grid;
  blocks: LayoutBlock[];
  /** Largest aspect-scaled distance (m) from the centre to an accepted block centre. */
  reach: number;
}

export interface LayoutBlock {
  area: LayoutArea;
  no: number;
  col: number;
  row: number;
  /** Block rectangle in the area frame: u0, v0, u1, v1. */
  rect: [number, number, number, number];
  /** Aspect-scaled distance of the block centre from the area centre (m). */
  dist: number;
  parcels: LayoutParcel[];
}

export interface LayoutParcel {
  block: LayoutBlock;
  /** Position within the block, 1-based. */
  no: number;
  /** Open counter-clockwise ring in the county metre frame. */
  ring: XY[];
  /** Area in 亩 by the local equirectangular approximation at the parcel's latitude. */
  mu: number;
  big: boolean;
  smallLot: boolean;
}

export function toAreaFrame(area: { centre: XY; theta: number }, p: XY): XY {
  const c = Math.cos(area.theta);
  const s = Math.sin(area.theta);
  return [area.centre[0] + p[0] * c - p[1] * s, area.centre[1] + p[0] * s + p[1] * c];
}

/** Alternate street / block along one axis from -ext to +ext. */
function axis(rng: Rng, ext: number, length: () => number): { spans: [number, number][]; streets: { at: number; width: number }[] } {
  const spans: [number, number][] = [];
  const streets: { at: number; width: number }[] = [];
  let x = -ext - rng.range(0, 250);
  for (;;) {
    const w = rng.range(STREET_M[0], STREET_M[1]);
    streets.push({ at: x + w / 2, width: w });
    x += w;
    if (x > ext) break;
    const len = length();
    spans.push([x, x + len]);
    x += len;
  }
  return { spans, streets };
}

function makeGrid(rng: Rng, spec: AreaSpec): Grid {
  const ext = spec.maxRadius + 700;
  const smallArea = spec.maxRadius < 1000;
  // Wide columns make room for the few 150–400 亩 parcels in the parks that have them.
  const wide = spec.big > 0 ? 0.3 : 0.1;
  const cols = axis(rng, ext, () => (smallArea ? rng.range(120, 220) : rng.chance(wide) ? rng.range(480, 720) : rng.range(180, 380)));
  const rows = axis(rng, ext, () => (smallArea ? rng.range(70, 150) : rng.chance(0.7) ? rng.range(180, 340) : rng.range(85, 150)));
  return { cols: cols.spans, rows: rows.spans, colStreets: cols.streets, rowStreets: rows.streets };
}

interface Obstacles {
  county: XY[];
  water: XY[][];
}

function rectRing(r: [number, number, number, number], pad: number): XY[] {
  return [
    [r[0] - pad, r[1] - pad],
    [r[2] + pad, r[1] - pad],
    [r[2] + pad, r[3] + pad],
    [r[0] - pad, r[3] + pad],
  ];
}

/** Cut one row of a block into quadrilaterals; returns rings in the area frame plus design areas. */
function cutRow(rng: Rng, u0: number, u1: number, vf: number, vb: number, median: number, sigma: number): XY[][] {
  const d = vb - vf;
  const L = u1 - u0;
  const g = PARCEL_GAP_M;
  // No needle-thin strips: a small target area on a deep row becomes a wider, larger parcel.
  const minWidth = Math.max(20, 0.25 * d);
  const widths: number[] = [];
  let used = 0;
  while (used < L) {
    const mu = clamp(rng.logNormal(median, sigma), MU_MIN + 0.3, MU_MAX - 5);
    const w = Math.max((mu * M2_PER_MU) / d, minWidth) + g;
    widths.push(w);
    used += w;
  }
  // The last draw overshoots the block: shrink it to what is left, or fold the sliver into its neighbour.
  const last = widths.length - 1;
  const rest = L - (used - widths[last]!);
  widths[last] = rest;
  if ((rest - g < 0.7 * minWidth || ((rest - g) * d) / M2_PER_MU < MU_MIN + 0.3) && widths.length > 1) {
    widths.pop();
    widths[widths.length - 1] = widths[widths.length - 1]! + rest;
  }
  // A piece above the maximum (a fold, or a whole shallow row) is halved: both halves stay above the minimum.
  for (let i = 0; i < widths.length; i++) {
    if (((widths[i]! - g) * d) / M2_PER_MU > MU_MAX - 2) {
      const half = widths[i]! / 2;
      widths.splice(i, 1, half, half);
      i++;
    }
  }
  // Cut lines between pieces, some slightly skewed so parcels are quadrilaterals, not only rectangles.
  const cuts: { front: number; back: number }[] = [{ front: u0, back: u0 }];
  let x = u0;
  for (let i = 0; i < widths.length - 1; i++) {
    x += widths[i]!;
    const room = Math.min(widths[i]!, widths[i + 1]!);
    const skew = rng.chance(0.35) ? rng.range(-1, 1) * Math.min(6, 0.15 * room) : 0;
    cuts.push({ front: x - skew / 2, back: x + skew / 2 });
  }
  cuts.push({ front: u1, back: u1 });
  const rings: XY[][] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const left = cuts[i]!;
    const right = cuts[i + 1]!;
    const gl = i === 0 ? 0 : g / 2;
    const gr = i + 2 === cuts.length ? 0 : g / 2;
    rings.push([
      [left.front + gl, vf],
      [right.front - gr, vf],
      [right.back - gr, vb],
      [left.back + gl, vb],
    ]);
  }
  return rings;
}

/**
 * Bilinear map of the unit square onto a quadrilateral whose front and back edges are parallel: straight lines of
 * constant s or t stay straight, so an L cut out in (s, t) is still an exact polygon.
 */
function bilinear(q: XY[], s: number, t: number): XY {
  const [fl, fr, br, bl] = q as [XY, XY, XY, XY];
  const fx = fl[0] + (fr[0] - fl[0]) * s;
  const bx = bl[0] + (br[0] - bl[0]) * s;
  const fy = fl[1] + (fr[1] - fl[1]) * s;
  const by = bl[1] + (br[1] - bl[1]) * s;
  return [fx + (bx - fx) * t, fy + (by - fy) * t];
}

/** Split a quadrilateral into an L-shaped parcel and a small corner lot, or return null when sizes do not fit. */
function notch(rng: Rng, q: XY[]): [XY[], XY[]] | null {
  const width = Math.hypot(q[1]![0] - q[0]![0], q[1]![1] - q[0]![1]);
  const depth = Math.abs(q[3]![1] - q[0]![1]);
  const a = rng.range(0.35, 0.5);
  const b = rng.range(0.35, 0.55);
  const gs = PARCEL_GAP_M / width;
  const gt = PARCEL_GAP_M / depth;
  const flipS = rng.chance(0.5);
  const flipT = rng.chance(0.5);
  const map = (s: number, t: number) => bilinear(q, flipS ? 1 - s : s, flipT ? 1 - t : t);
  const small: XY[] = [map(0, 0), map(a, 0), map(a, b), map(0, b)];
  const ell: XY[] = [map(a + gs, 0), map(1, 0), map(1, 1), map(0, 1), map(0, b + gt), map(a + gs, b + gt)];
  const muSmall = Math.abs(signedArea(small)) / M2_PER_MU;
  const muEll = Math.abs(signedArea(ell)) / M2_PER_MU;
  if (muSmall < MU_MIN || muEll < MU_MIN || muEll > MU_MAX) return null;
  return [ccw(ell), ccw(small)];
}

interface Piece {
  ring: XY[];
  big: boolean;
}

function subdivide(rng: Rng, spec: AreaSpec, rect: [number, number, number, number], bigLeft: number): { pieces: Piece[]; smallLot: boolean } {
  const [u0, v0, u1, v1] = rect;
  const blockMu = ((u1 - u0) * (v1 - v0)) / M2_PER_MU;
  if (bigLeft > 0 && blockMu >= BIG_MU_MIN && blockMu <= BIG_MU_MAX && rng.chance(0.7)) {
    return { pieces: [{ ring: rectRing(rect, 0), big: true }], smallLot: false };
  }
  const smallLot = rng.chance(spec.smallLots);
  const [median, sigma] = smallLot ? [4.4, 0.22] : spec.parcelMu;
  const D = v1 - v0;
  const rows: [number, number][] = [];
  if (smallLot) {
    // 小微企业园-style lots: shallow rows of 55–80 m so 3–6 亩 lots keep a workable shape.
    const n = Math.max(1, Math.round(D / 70));
    const depth = (D - (n - 1) * PARCEL_GAP_M) / n;
    for (let i = 0; i < n; i++) {
      const vf = v0 + i * (depth + PARCEL_GAP_M);
      rows.push([vf, vf + depth]);
    }
  } else if (D >= 160) {
    const vm = v0 + D * rng.range(0.42, 0.58);
    rows.push([v0, vm - PARCEL_GAP_M / 2], [vm + PARCEL_GAP_M / 2, v1]);
  } else {
    rows.push([v0, v1]);
  }
  const pieces: Piece[] = [];
  for (const [vf, vb] of rows) {
    for (const q of cutRow(rng, u0, u1, vf, vb, median, sigma)) {
      const mu = Math.abs(signedArea(q)) / M2_PER_MU;
      const split = !smallLot && mu >= 14 && rng.chance(0.1) ? notch(rng, q) : null;
      if (split) pieces.push({ ring: split[0], big: false }, { ring: split[1], big: false });
      else pieces.push({ ring: q, big: false });
    }
  }
  return { pieces, smallLot };
}

export interface Layout {
  areas: LayoutArea[];
  parcels: LayoutParcel[];
  county: XY[];
  water: XY[][];
}

/** Share of all parcels that are large (150–400 亩), spread over the areas by their `big` weight. */
export const BIG_SHARE = 0.01;

/** Quotas per area that sum exactly to `total`; the remainder goes to the largest area. */
export function quotas(total: number): number[] {
  const q = AREAS.map((a) => Math.max(12, Math.floor(a.share * total)));
  const sum = q.reduce((s, x) => s + x, 0);
  let largest = 0;
  AREAS.forEach((a, i) => {
    if (a.share > AREAS[largest]!.share) largest = i;
  });
  q[largest] = q[largest]! + (total - sum);
  return q;
}

export function layoutParcels(seed: number, total: number, obstacles: { county: XY[]; water: XY[][] }): Layout {
  const ob: Obstacles = obstacles;
  const taken: { box: Box; ring: XY[] }[] = [];
  const areas: LayoutArea[] = [];
  const parcels: LayoutParcel[] = [];
  const q = quotas(total);
  let carry = 0;
  AREAS.forEach((spec, index) => {
    const rng = new Rng(seed, `layout:${spec.key}`);
    const theta = (rng.range(spec.rotation[0], spec.rotation[1]) * Math.PI) / 180;
    const area: LayoutArea = { spec, index, centre: fromLonLat(spec.centre), theta, grid: makeGrid(rng, spec), blocks: [], reach: 0 };
    areas.push(area);
    const candidates: { col: number; row: number; dist: number; rect: [number, number, number, number] }[] = [];
    area.grid.cols.forEach(([u0, u1], col) => {
      area.grid.rows.forEach(([v0, v1], row) => {
        const cu = (u0 + u1) / 2;
        const cv = (v0 + v1) / 2;
        if (Math.hypot(cu, cv) > spec.maxRadius) return;
        const dist = Math.hypot(cu / spec.aspect[0], cv / spec.aspect[1]);
        // Jitter the fill order so the built-up edge is ragged rather than a perfect ellipse.
        candidates.push({ col, row, dist: dist + rng.range(0, 160), rect: [u0, v0, u1, v1] });
      });
    });
    candidates.sort((a, b) => a.dist - b.dist || a.col - b.col || a.row - b.row);
    let want = q[index]! + carry;
    const bigWeight = AREAS.reduce((sum, a) => sum + a.big, 0);
    let bigLeft = Math.round((total * BIG_SHARE * spec.big) / bigWeight);
    const mine: { box: Box; ring: XY[] }[] = [];
    for (const c of candidates) {
      if (want <= 0) break;
      const ring = rectRing(c.rect, 10).map((p) => toAreaFrame(area, p));
      const box = boxOf(ring);
      if (!ringInside(ring, ob.county)) continue;
      if (ob.water.some((w) => ringsIntersect(ring, w))) continue;
      // Expanded by 10 m each, so blocks of different areas keep at least a street's width apart.
      if (taken.some((t) => boxesOverlap(t.box, box) && ringsIntersect(t.ring, ring))) continue;
      const { pieces, smallLot } = subdivide(rng, spec, c.rect, bigLeft);
      if (pieces[0]?.big) bigLeft--;
      const block: LayoutBlock = {
        area, no: area.blocks.length + 1, col: c.col, row: c.row, rect: c.rect,
        dist: Math.hypot((c.rect[0] + c.rect[2]) / 2 / spec.aspect[0], (c.rect[1] + c.rect[3]) / 2 / spec.aspect[1]), parcels: [],
      };
      for (const piece of pieces.slice(0, want)) {
        const ringXY = ccw(piece.ring.map((p) => toAreaFrame(area, p)));
        // Area from the written (rounded) coordinates at the parcel's own latitude, as any reader would compute it.
        const mu = ringAreaMu(ringXY.map(toLonLat));
        block.parcels.push({ block, no: block.parcels.length + 1, ring: ringXY, mu, big: piece.big, smallLot });
      }
      want -= block.parcels.length;
      area.blocks.push(block);
      area.reach = Math.max(area.reach, block.dist);
      parcels.push(...block.parcels);
      mine.push({ ring, box });
    }
    taken.push(...mine);
    carry = want;
  });
  if (carry > 0) {
    throw new Error(`sample layout: ${carry} of ${total} parcels found no room in the areas' grids (enlarge maxRadius in places.ts)`);
  }
  return { areas, parcels, county: ob.county, water: ob.water };
}
