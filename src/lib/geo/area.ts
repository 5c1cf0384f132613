// Parcel areas in the conventions Chinese land administration uses (shared DOMAIN rule 1):
// - ellipsoidal area on CGCS2000/GRS80 (国土调查 statistics),
// - planar area in the 3° Gauss-Krüger zone (不动产 / cadastral registers),
// - Turf's spherical area, for display only.
// Every function takes lon/lat geometry (after reprojection) and ignores ring orientation.
import turfArea from '@turf/area';
import type { AreaGeometry, PolygonCoords, Position, Ring } from '../data/schema.ts';
import { gaussKrugerDef, lonLatConverter } from './crs.ts';
import { bboxOfRings, centroid, polygonsOf } from './shape.ts';

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

// ---------- ellipsoidal area: authalic sphere + Lambert azimuthal equal-area, centred per polygon ----------
//
// The GRS80 ellipsoid maps to the authalic sphere (latitude φ → authalic β, radius Rq) without changing
// any area; the sphere maps to the plane by the oblique LAEA, also equal-area. A ring's shoelace area in
// that plane is therefore exact for the region bounded by the pre-images of its straight edges. Two
// small effects separate those pre-images from the geodesic edges of the ellipsoid:
// 1. great circles of the sphere bow in LAEA away from its centre (curvature ≈ ρ/R²): long edges are
//    split along their great circle on the authalic sphere so each piece is short;
// 2. the authalic mapping is not conformal: east-west lengths scale by k(β), north-south by 1/k, so an
//    ellipsoidal geodesic is not a great circle of the sphere. To first order in e², with ε′ = dk/dy,
//    the geodesic's image curves left of the great circle by κ = 3ε′·cos a (a = heading from east;
//    from Clairaut's relation on both surfaces, using ε = (e²/6)cos²φ, tanβ/Rq = (tanφ/N)(1 − 3ε)), and
//    the area between an arc of curvature κ and its chord L is κL³/12 = ε′·Δx·L²/4. Uncorrected this is
//    ~3e-8 of a 400 m parcel and grows with size; corrected, parcels (10 m–3 km) agree with geographiclib
//    to ~1e-9 and a 40 km county polygon to ~1e-8 (see area.test.ts).

/** q(φ) of the authalic latitude (Snyder, Map Projections — A Working Manual, eq. 3-12). */
function authalicQ(sinPhi: number): number {
  const es = E * sinPhi;
  return (1 - E2) * (sinPhi / (1 - E2 * sinPhi * sinPhi) - (1 / (2 * E)) * Math.log((1 - es) / (1 + es)));
}
const QP = authalicQ(1);
const RQ = GRS80_A * Math.sqrt(QP / 2);

/** A point on the authalic sphere: sin β, cos β and longitude in radians. */
type Authalic = [sinB: number, cosB: number, lon: number];

function toAuthalic([lon, lat]: Position): Authalic {
  const sinB = authalicQ(Math.sin(lat * DEG)) / QP;
  return [sinB, Math.sqrt(1 - sinB * sinB), lon * DEG];
}

/** East-west scale k of the ellipsoid relative to the authalic sphere at latitude φ (radians). */
function authalicEastScale(phi: number): number {
  const s = Math.sin(phi);
  const sinB = authalicQ(s) / QP;
  return (GRS80_A * Math.cos(phi)) / Math.sqrt(1 - E2 * s * s) / (RQ * Math.sqrt(1 - sinB * sinB));
}

/** ε′ = dk/dy (per metre northward on the authalic sphere) at latitude φ, by a central difference. */
function authalicScaleGradient(phi: number): number {
  const h = 1e-5;
  const dkdphi = (authalicEastScale(phi + h) - authalicEastScale(phi - h)) / (2 * h);
  const s = Math.sin(phi);
  const meridianRadius = (GRS80_A * (1 - E2)) / Math.pow(1 - E2 * s * s, 1.5);
  // Equal area: dy = Rq dβ = M·k dφ.
  return dkdphi / (meridianRadius * authalicEastScale(phi));
}

/** Oblique LAEA of the authalic sphere (Snyder eqs. 24-2…24-19), centred at (lon0, lat0) in degrees. */
function laeaProjector(lon0: number, lat0: number): (p: Authalic) => Position {
  const sinPhi1 = Math.sin(lat0 * DEG);
  const [sinB1, cosB1] = toAuthalic([lon0, lat0]);
  // D rescales x and 1/D rescales y (area-neutral) so the centre has true scale in both directions.
  const d = (GRS80_A * Math.cos(lat0 * DEG)) / Math.sqrt(1 - E2 * sinPhi1 * sinPhi1) / (RQ * cosB1);
  const l0 = lon0 * DEG;
  return ([sinB, cosB, lon]) => {
    const dl = lon - l0;
    const cosDl = Math.cos(dl);
    const b = RQ * Math.sqrt(2 / (1 + sinB1 * sinB + cosB1 * cosB * cosDl));
    return [b * d * cosB * Math.sin(dl), (b / d) * (cosB1 * sinB - sinB1 * cosB * cosDl)];
  };
}

/** Edges longer than this (on the sphere) are split so the LAEA bowing of effect 1 stays negligible. */
const MAX_EDGE_M = 1000;

/** Points strictly between a and b on their great circle of the authalic sphere. */
function densifyEdge(a: Authalic, b: Authalic, out: Authalic[]): void {
  const va = [a[1] * Math.cos(a[2]), a[1] * Math.sin(a[2]), a[0]] as const;
  const vb = [b[1] * Math.cos(b[2]), b[1] * Math.sin(b[2]), b[0]] as const;
  const chord = Math.hypot(vb[0] - va[0], vb[1] - va[1], vb[2] - va[2]);
  const pieces = Math.ceil((2 * Math.asin(Math.min(1, chord / 2)) * RQ) / MAX_EDGE_M);
  for (let k = 1; k < pieces; k++) {
    // Equal steps in the chord give near-equal arcs for such short edges; any point on the arc will do.
    const t = k / pieces;
    const x = va[0] + t * (vb[0] - va[0]);
    const y = va[1] + t * (vb[1] - va[1]);
    const z = va[2] + t * (vb[2] - va[2]);
    const r = Math.hypot(x, y, z);
    out.push([z / r, Math.hypot(x, y) / r, Math.atan2(y, x)]);
  }
}

/** Signed area of one ring on the ellipsoid: LAEA shoelace plus the geodesic bowing correction. */
function ringAreaEllipsoidal(ring: Ring, project: (p: Authalic) => Position, epsPrime: number): number {
  const n = ring.length;
  if (n < 3) return 0;
  const vertices = ring.map(toAuthalic);
  const first = ring[0] as Position;
  const last = ring[n - 1] as Position;
  // Area functions accept unvalidated rings too: close an open ring for the computation only.
  if (first[0] !== last[0] || first[1] !== last[1]) vertices.push(vertices[0] as Authalic);
  const dense: Authalic[] = [];
  let correction = 0;
  let prev: Position | null = null;
  vertices.forEach((v, i) => {
    const xy = project(v);
    if (prev) {
      // Effect 2 for the whole original edge: its bow spans the edge, not a densified piece.
      const dx = xy[0] - prev[0];
      const dy = xy[1] - prev[1];
      correction += (epsPrime * dx * (dx * dx + dy * dy)) / 4;
    }
    prev = xy;
    dense.push(v);
    const next = vertices[i + 1];
    if (next) densifyEdge(v, next, dense);
  });
  return shoelace(dense.map(project)) + correction;
}

/** Area on the CGCS2000/GRS80 ellipsoid in m² (holes subtracted, MultiPolygon parts summed). */
export function ellipsoidalAreaM2(geom: AreaGeometry): number {
  let total = 0;
  for (const poly of polygonsOf(geom)) {
    const [w, s, e, n] = bboxOfRings([poly[0] ?? []]);
    const lat0 = (s + n) / 2;
    const project = laeaProjector((w + e) / 2, lat0);
    const epsPrime = authalicScaleGradient(lat0 * DEG);
    poly.forEach((ring, i) => {
      const a = Math.abs(ringAreaEllipsoidal(ring, project, epsPrime));
      total += i === 0 ? a : -a;
    });
  }
  return total;
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

/** Turf's spherical area (radius 6 371 008.8 m): a display reference, ~0.13 % above the ellipsoid at 29°N. */
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
