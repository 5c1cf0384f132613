// Planar predicates on scalar coordinates, shared by the validator's topology checks (flat arrays) and the
// Position-based helpers in validate.ts. Callers pass coordinates relative to a nearby local origin: for two
// longitudes (or latitudes) within a factor of two of each other the subtraction is exact (Sterbenz), and
// the small differences keep the orientation products far more precise than at 121°E.

/** Twice the signed area of triangle a-b-c: > 0 when c is left of a→b, 0 when collinear. */
export function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** c (known to be collinear with a–b) lies within the segment's box, ends included. */
export function withinBox(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return (ax < bx ? ax <= cx && cx <= bx : bx <= cx && cx <= ax) && (ay < by ? ay <= cy && cy <= by : by <= cy && cy <= ay);
}

/** c lies on the closed segment a–b. */
export function onSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return orient(ax, ay, bx, by, cx, cy) === 0 && withinBox(ax, ay, bx, by, cx, cy);
}

/** 1 inside, -1 outside, 0 on the boundary of the ring stored at positions [start, end] (end = closing). */
export function pointInRingXY(x: ArrayLike<number>, y: ArrayLike<number>, start: number, end: number, px: number, py: number): number {
  // Crossing number with the orientation test instead of a computed x-intercept, so "which side of the
  // edge" is decided by the same predicate as everything else, and a point on an edge is seen as such.
  let inside = false;
  for (let i = start; i < end; i++) {
    const ax = x[i] as number;
    const ay = y[i] as number;
    const bx = x[i + 1] as number;
    const by = y[i + 1] as number;
    if (ay > py !== by > py) {
      const o = orient(ax, ay, bx, by, px, py);
      if (o === 0) return 0;
      // Upward edge with the point on its left, or downward edge with the point on its right: the ray
      // towards +x crosses it.
      if (o > 0 === by > ay) inside = !inside;
    } else if ((ay === py || by === py) && onSegment(ax, ay, bx, by, px, py)) {
      return 0;
    }
  }
  return inside ? 1 : -1;
}
