// Parcel areas in the conventions Chinese land administration uses (shared DOMAIN rule 1):
// - ellipsoidal area on CGCS2000/GRS80 (国土调查 statistics),
// - planar area in the 3° Gauss-Krüger zone (不动产 / cadastral registers),
// - Turf's spherical area, for display only.
// Every function takes lon/lat geometry (after reprojection) and ignores ring orientation.
import turfArea from '@turf/area';
import type { AreaGeometry, PolygonCoords, Position, Ring } from '../data/schema.ts';
import { gaussKrugerDef, lonLatConverter } from './crs.ts';

/** 1 亩 = 10000/15 m², so 1 m² = 0.0015 亩 (a unit definition, same value as the policy's area.mu_per_m2). */
export const MU_PER_M2 = 0.0015;
export const m2ToMu = (m2: number): number => m2 * MU_PER_M2;
export const muToM2 = (mu: number): number => mu / MU_PER_M2;

// CGCS2000 uses the GRS80 ellipsoid.
const GRS80_A = 6378137;
const GRS80_F = 1 / 298.257222101;
const E2 = GRS80_F * (2 - GRS80_F);
const E = Math.sqrt(E2);
const DEG = Math.PI / 180;

function polygonsOf(geom: AreaGeometry): PolygonCoords[] {
  return geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
}

/** Signed shoelace area of a ring (closed or not), with coordinates taken relative to its first vertex. */
function shoelace(ring: readonly Position[]): number {
  const n = ring.length;
  if (n < 3) return 0;
  const [x0, y0] = ring[0] as Position;
  let sum = 0;
  for (let i = 1; i < n - 1; i++) {
    const a = ring[i] as Position;
    const b = ring[i + 1] as Position;
    sum += (a[0] - x0) * (b[1] - y0) - (b[0] - x0) * (a[1] - y0);
  }
  return sum / 2;
}

/** |shell| − Σ|holes| for every polygon after projecting each ring with `project`. */
function projectedArea(geom: AreaGeometry, projectPolygon: (poly: PolygonCoords) => Ring[]): number {
  let total = 0;
  for (const poly of polygonsOf(geom)) {
    const rings = projectPolygon(poly);
    rings.forEach((ring, i) => {
      const a = Math.abs(shoelace(ring));
      total += i === 0 ? a : -a;
    });
  }
  return total;
}

// ---------- ellipsoidal area: Lambert azimuthal equal-area on GRS80, centred on each polygon ----------

/** q(φ) of the authalic latitude (Snyder, Map Projections — A Working Manual, eq. 3-12). */
function authalicQ(sinPhi: number): number {
  const es = E * sinPhi;
  return (1 - E2) * (sinPhi / (1 - E2 * sinPhi * sinPhi) - (1 / (2 * E)) * Math.log((1 - es) / (1 + es)));
}
const QP = authalicQ(1);
const RQ = GRS80_A * Math.sqrt(QP / 2);

/**
 * Oblique ellipsoidal LAEA (Snyder eqs. 24-2…24-19). Being equal-area, a projected ring's shoelace area is
 * exactly the ellipsoidal area enclosed by the pre-images of its straight edges; centring keeps those
 * pre-images within millimetres of geodesics for parcel-sized edges.
 */
function laeaProjector(lon0: number, lat0: number): (p: Position) => Position {
  const sinPhi1 = Math.sin(lat0 * DEG);
  const cosPhi1 = Math.cos(lat0 * DEG);
  const sinB1 = authalicQ(sinPhi1) / QP;
  const cosB1 = Math.sqrt(1 - sinB1 * sinB1);
  const d = (GRS80_A * cosPhi1) / Math.sqrt(1 - E2 * sinPhi1 * sinPhi1) / (RQ * cosB1);
  return ([lon, lat]) => {
    const sinB = authalicQ(Math.sin(lat * DEG)) / QP;
    const cosB = Math.sqrt(1 - sinB * sinB);
    const dl = (lon - lon0) * DEG;
    const cosDl = Math.cos(dl);
    const b = RQ * Math.sqrt(2 / (1 + sinB1 * sinB + cosB1 * cosB * cosDl));
    return [b * d * cosB * Math.sin(dl), (b / d) * (cosB1 * sinB - sinB1 * cosB * cosDl)];
  };
}

/** Edges longer than this are split so each piece's straight LAEA image hugs the geodesic. */
const MAX_EDGE_M = 1000;

function ecef([lon, lat]: Position): [number, number, number] {
  const sp = Math.sin(lat * DEG);
  const cp = Math.cos(lat * DEG);
  const n = GRS80_A / Math.sqrt(1 - E2 * sp * sp);
  return [n * cp * Math.cos(lon * DEG), n * cp * Math.sin(lon * DEG), n * (1 - E2) * sp];
}

/**
 * Points along an edge on the great ellipse (the ellipsoid cut by the plane through the edge and the
 * centre). It stays within millimetres of the geodesic over tens of km, unlike a straight line in lon/lat,
 * which bows ~0.1 m off a 3 km east-west geodesic at 29°N.
 */
function densifyEdge(a: Position, b: Position, out: Position[]): void {
  const midLat = ((a[1] + b[1]) / 2) * DEG;
  const dx = (b[0] - a[0]) * DEG * Math.cos(midLat) * GRS80_A;
  const dy = (b[1] - a[1]) * DEG * GRS80_A;
  const pieces = Math.ceil(Math.hypot(dx, dy) / MAX_EDGE_M);
  if (pieces <= 1) return;
  const pa = ecef(a);
  const pb = ecef(b);
  for (let k = 1; k < pieces; k++) {
    const t = k / pieces;
    const x = pa[0] + t * (pb[0] - pa[0]);
    const y = pa[1] + t * (pb[1] - pa[1]);
    const z = pa[2] + t * (pb[2] - pa[2]);
    // Radial scaling to the surface keeps longitude and geocentric latitude; convert the latter to geodetic.
    const geocentricLat = Math.atan2(z, Math.hypot(x, y));
    out.push([Math.atan2(y, x) / DEG, Math.atan(Math.tan(geocentricLat) / (1 - E2)) / DEG]);
  }
}

function densifyRing(ring: Ring): Ring {
  const out: Ring = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as Position;
    out.push(a);
    const b = ring[(i + 1) % ring.length] as Position;
    densifyEdge(a, b, out);
  }
  return out;
}

/** Area on the CGCS2000/GRS80 ellipsoid in m² (holes subtracted, MultiPolygon parts summed). */
export function ellipsoidalAreaM2(geom: AreaGeometry): number {
  return projectedArea(geom, (poly) => {
    const shell = poly[0] ?? [];
    const [w, s, e, n] = bboxOfRings([shell]);
    const project = laeaProjector((w + e) / 2, (s + n) / 2);
    return poly.map((ring) => densifyRing(ring).map(project));
  });
}

// ---------- planar area: 3° Gauss-Krüger ----------

/** Central meridian of the 3° zone holding `lon` (zone n spans 3n ± 1.5°). */
export const gaussKrugerZoneCM = (lon: number): number => 3 * Math.round(lon / 3);

export interface PlanarOptions {
  /** Override the zone's central meridian (e.g. to match a register kept in a neighbouring zone). */
  centralMeridian?: number;
}

function planarCM(geom: AreaGeometry, opts: PlanarOptions): number {
  return opts.centralMeridian ?? gaussKrugerZoneCM(centroid(geom)[0]);
}

/** Area in m² after projecting to the 3° Gauss-Krüger zone of the centroid (or `centralMeridian`). */
export function planarAreaM2(geom: AreaGeometry, opts: PlanarOptions = {}): number {
  const conv = lonLatConverter(gaussKrugerDef(planarCM(geom, opts)));
  return projectedArea(geom, (poly) => poly.map((ring) => ring.map((p) => conv.forward([p[0], p[1]]) as Position)));
}

// ---------- spherical (Turf) ----------

/** Turf's spherical area (radius 6 371 008.8 m): a display reference, a few tenths of a percent off. */
export function sphericalAreaM2(geom: AreaGeometry): number {
  return turfArea(geom);
}

export interface ParcelAreas {
  area_m2: number;
  area_mu: number;
  area_m2_planar: number;
  area_mu_planar: number;
  area_mu_turf: number;
  /** Central meridian used for the planar area. */
  cm: number;
}

/** The area fields of ParcelDerived, from one geometry. */
export function parcelAreas(geom: AreaGeometry, opts: PlanarOptions = {}): ParcelAreas {
  const cm = planarCM(geom, opts);
  const area_m2 = ellipsoidalAreaM2(geom);
  const area_m2_planar = planarAreaM2(geom, { centralMeridian: cm });
  return {
    area_m2,
    area_mu: m2ToMu(area_m2),
    area_m2_planar,
    area_mu_planar: m2ToMu(area_m2_planar),
    area_mu_turf: m2ToMu(sphericalAreaM2(geom)),
    cm,
  };
}

// ---------- centroid and bbox ----------

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
function bboxOfRings(rings: readonly Ring[]): [number, number, number, number] {
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
