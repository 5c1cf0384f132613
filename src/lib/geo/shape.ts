// Shape of an area in plain lon/lat degrees: its polygons, bounding box and area-weighted centroid. Kept apart
// from area.ts, which needs proj4 for the Gauss-Krüger areas: a page that only frames or labels a parcel (the
// prospect's site page) then loads no projection code.
import type { AreaGeometry, PolygonCoords, Position, Ring } from '../data/schema.ts';

/** The polygons of an area, a Polygon counting as one. */
export function polygonsOf(geom: AreaGeometry): PolygonCoords[] {
  return geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
}

/**
 * Area-weighted centroid computed in plain lon/lat degrees (holes subtracted). Treating degrees as planar
 * shifts it by well under a metre for a parcel; it is used to pick a zone and place labels, not to survey.
 * A degenerate (zero-area) geometry falls back to the mean of its vertices.
 */
export function centroid(geom: AreaGeometry): Position {
  let sa = 0;
  let sx = 0;
  let sy = 0;
  let n = 0;
  let mx = 0;
  let my = 0;
  for (const poly of polygonsOf(geom)) {
    poly.forEach((ring, i) => {
      const [x0, y0] = ring[0] ?? [0, 0];
      // Accumulate relative to the ring's first vertex to keep precision at 121°E.
      let a = 0;
      let cx = 0;
      let cy = 0;
      for (let k = 0; k < ring.length; k++) {
        const p = ring[k] as Position;
        const q = ring[(k + 1) % ring.length] as Position;
        const px = p[0] - x0;
        const py = p[1] - y0;
        const qx = q[0] - x0;
        const qy = q[1] - y0;
        const cross = px * qy - qx * py;
        a += cross;
        cx += (px + qx) * cross;
        cy += (py + qy) * cross;
        mx += p[0];
        my += p[1];
        n++;
      }
      a /= 2;
      if (a === 0) return;
      // Ring centroid (cx/6a, cy/6a) is orientation-independent; weight by |a|, negative for holes.
      const w = i === 0 ? Math.abs(a) : -Math.abs(a);
      sa += w;
      sx += w * (x0 + cx / (6 * a));
      sy += w * (y0 + cy / (6 * a));
    });
  }
  if (sa === 0) return n === 0 ? [NaN, NaN] : [mx / n, my / n];
  return [sx / sa, sy / sa];
}

/** [west, south, east, north] of a set of rings. */
export function bboxOfRings(rings: readonly Ring[]): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
  }
  return [w, s, e, n];
}

/** [west, south, east, north] in degrees. */
export function bboxOf(geom: AreaGeometry): [number, number, number, number] {
  return bboxOfRings(polygonsOf(geom).flat());
}

/** The box holding every box given; null for none. */
export function unionBbox(boxes: Iterable<readonly [number, number, number, number]>): [number, number, number, number] | null {
  let out: [number, number, number, number] | null = null;
  for (const b of boxes) {
    out = out === null ? [b[0], b[1], b[2], b[3]] : [Math.min(out[0], b[0]), Math.min(out[1], b[1]), Math.max(out[2], b[2]), Math.max(out[3], b[3])];
  }
  return out;
}
