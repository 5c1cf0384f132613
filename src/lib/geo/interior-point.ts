// A point guaranteed inside a polygon, for labels, search results and "click this parcel" in tests. The
// area centroid of an L-shaped parcel can fall outside it; then take the midpoint of the widest inside
// stretch of a horizontal line through the centroid (holes respected by the even-odd crossing count).
import type { AreaGeometry, Position } from '../data/schema.ts';
import { centroid } from './shape.ts';
import { pointInPolygon } from './predicates.ts';

function crossings(geom: AreaGeometry, lat: number): number[] {
  const xs: number[] = [];
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  for (const poly of polys) {
    for (const ring of poly) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x1, y1] = ring[i]!;
        const [x2, y2] = ring[i + 1]!;
        // Half-open rule so a vertex exactly on the line is counted once.
        if (y1 <= lat !== y2 <= lat) xs.push(x1 + ((lat - y1) / (y2 - y1)) * (x2 - x1));
      }
    }
  }
  return xs.sort((a, b) => a - b);
}

export function interiorPoint(geom: AreaGeometry): Position {
  const c = centroid(geom);
  if (pointInPolygon(c, geom)) return c;
  const xs = crossings(geom, c[1]);
  let best: Position | null = null;
  let width = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const w = xs[i + 1]! - xs[i]!;
    if (w > width) {
      width = w;
      best = [(xs[i]! + xs[i + 1]!) / 2, c[1]];
    }
  }
  // A line through the centroid always crosses a non-degenerate polygon; fall back to a vertex otherwise.
  if (best) return best;
  const first = geom.type === 'Polygon' ? geom.coordinates[0]![0]! : geom.coordinates[0]![0]![0]!;
  return first;
}
