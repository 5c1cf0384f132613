// A parsed Polygon/MultiPolygon laid out in flat arrays for the topology checks: every position
// relative to one local origin (the first position: exact subtraction, precise orientation tests), rings
// and their non-degenerate segments numbered globally in polygon → ring → vertex order, and boxes for the
// sweep. Built once per feature (see Nums in sweep.ts for plain versus typed arrays).
import type { PolygonCoords, Position } from '../data/schema.ts';
import { boxesMeet, firstNumbers, numbers, setBox, type Boxes, type Nums } from './sweep.ts';

export interface FlatGeometry {
  /** Local origin, added back when a position is reported. */
  readonly ox: number;
  readonly oy: number;
  /** All positions (closing ones included), relative to the origin. */
  readonly x: Nums;
  readonly y: Nums;

  readonly polyCount: number;
  /** Rings of polygon p are polyRingStart[p] … polyRingStart[p + 1] − 1 (shell first). */
  readonly polyRingStart: Nums;

  readonly ringCount: number;
  /** Positions of ring r are ringStart[r] … ringStart[r + 1] − 1, the last one closing the ring. */
  readonly ringStart: Nums;
  /** The polygon ring r belongs to. */
  readonly ringPoly: Nums;
  /** Signed area (> 0 counter-clockwise), in squared input units. */
  readonly ringArea: Nums;
  readonly ringBox: Boxes;
  /** Segments of ring r are ringSegStart[r] … ringSegStart[r + 1] − 1. */
  readonly ringSegStart: Nums;

  readonly segCount: number;
  /** Segment s runs from position segA[s] to segA[s] + 1; zero-length steps (repeated points) have none. */
  readonly segA: Nums;
  readonly segRing: Nums;
  readonly segBox: Boxes;
}

export function flatten(polys: readonly PolygonCoords[]): FlatGeometry {
  let nPos = 0;
  let nRing = 0;
  for (const poly of polys) {
    nRing += poly.length;
    for (const ring of poly) nPos += ring.length;
  }
  const [ox, oy] = (polys[0]?.[0]?.[0] ?? [0, 0]) as Position;
  const x = numbers(nPos);
  const y = numbers(nPos);
  const polyRingStart = numbers(polys.length + 1);
  const ringStart = numbers(nRing + 1);
  const ringPoly = numbers(nRing);
  const ringArea = numbers(nRing);
  const ringBox = numbers(4 * nRing);
  const ringSegStart = numbers(nRing + 1);
  // At most one segment per step between positions; cut to the real count at the end.
  const maxSeg = nPos - nRing;
  const segA = numbers(maxSeg);
  const segRing = numbers(maxSeg);
  const segBox = numbers(4 * maxSeg);

  let i = 0;
  let r = 0;
  let nSeg = 0;
  for (let p = 0; p < polys.length; p++) {
    polyRingStart[p] = r;
    const poly = polys[p] as PolygonCoords;
    for (let k = 0; k < poly.length; k++, r++) {
      const ring = poly[k] as Position[];
      const start = i;
      ringStart[r] = start;
      ringPoly[r] = p;
      ringSegStart[r] = nSeg;
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      let area = 0;
      let ax = 0;
      let ay = 0;
      for (let k = 0; k < ring.length; k++, i++) {
        const q = ring[k] as Position;
        const bx = q[0] - ox;
        const by = q[1] - oy;
        x[i] = bx;
        y[i] = by;
        if (bx < minX) minX = bx;
        if (bx > maxX) maxX = bx;
        if (by < minY) minY = by;
        if (by > maxY) maxY = by;
        if (k > 0) {
          if (ax !== bx || ay !== by) {
            segA[nSeg] = i - 1;
            segRing[nSeg] = r;
            setBox(segBox, nSeg, ax < bx ? ax : bx, ay < by ? ay : by, ax < bx ? bx : ax, ay < by ? by : ay);
            nSeg++;
          }
          // Shoelace relative to the ring's first position, as the zero-area test has always done.
          const sx = x[start] as number;
          const sy = y[start] as number;
          area += (ax - sx) * (by - sy) - (bx - sx) * (ay - sy);
        }
        ax = bx;
        ay = by;
      }
      ringArea[r] = area / 2;
      setBox(ringBox, r, minX, minY, maxX, maxY);
    }
  }
  polyRingStart[polys.length] = r;
  ringStart[nRing] = i;
  ringSegStart[nRing] = nSeg;
  return {
    ox,
    oy,
    x,
    y,
    polyCount: polys.length,
    polyRingStart,
    ringCount: nRing,
    ringStart,
    ringPoly,
    ringArea,
    ringBox,
    ringSegStart,
    segCount: nSeg,
    segA: firstNumbers(segA, nSeg),
    segRing: firstNumbers(segRing, nSeg),
    segBox: firstNumbers(segBox, 4 * nSeg),
  };
}

/** Do the boxes of rings r and s share a point? */
export const ringBoxesMeet = (g: FlatGeometry, r: number, s: number): boolean => boxesMeet(g.ringBox, r, g.ringBox, s);
