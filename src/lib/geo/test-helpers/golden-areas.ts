// TEST-ONLY: golden areas from independent computations (geographiclib for the ellipsoid, our own
// Krüger series + shoelace for the plane), shared by the geo unit tests and the CLI tests.
import * as geographiclibNs from 'geographiclib-geodesic';
import type { AreaGeometry, Position } from '../../data/schema.ts';
import { GRS80, krugerForward } from './kruger.ts';

// geographiclib-geodesic is CommonJS: under Node's ESM loader its exports sit on `default`.
const geographiclib = (geographiclibNs as unknown as { default?: typeof geographiclibNs }).default ?? geographiclibNs;
export const grs80Geodesic = new geographiclib.Geodesic.Geodesic(GRS80.a, GRS80.f);

/** Golden ellipsoidal area: geodesic polygon area per ring from geographiclib, holes subtracted. */
export function geodesicArea(geom: AreaGeometry): number {
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  let total = 0;
  for (const poly of polys) {
    poly.forEach((ring, i) => {
      const p = grs80Geodesic.Polygon(false);
      for (const [lon, lat] of ring.slice(0, -1)) p.AddPoint(lat, lon);
      const a = Math.abs(p.Compute(false, true).area ?? NaN);
      total += i === 0 ? a : -a;
    });
  }
  return total;
}

/** Golden planar area: independent Krüger forward, then shoelace, holes subtracted. */
export function krugerArea(geom: AreaGeometry, cm: number): number {
  const fwd = krugerForward(cm);
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  let total = 0;
  for (const poly of polys) {
    poly.forEach((ring, i) => {
      // Relative to the first vertex: raw eastings/northings (5e5, 3e6) would cost ~1e-8 in round-off.
      const [x0, y0] = fwd(...(ring[0] as Position));
      const xy = ring.map(([lon, lat]) => fwd(lon, lat)).map(([x, y]) => [x - x0, y - y0] as const);
      let s = 0;
      for (let k = 0; k < xy.length - 1; k++) {
        const [x1, y1] = xy[k] as readonly [number, number];
        const [x2, y2] = xy[k + 1] as readonly [number, number];
        s += x1 * y2 - x2 * y1;
      }
      total += (i === 0 ? 1 : -1) * Math.abs(s / 2);
    });
  }
  return total;
}
