import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import type { AreaGeometry, MultiPolygonGeometry, PolygonGeometry, Position, Ring } from '../data/schema.ts';
import {
  MU_PER_M2,
  ellipsoidalAreaM2,
  gaussKrugerZoneCM,
  m2ToMu,
  muToM2,
  parcelAreas,
  planarAreaM2,
  sphericalAreaM2,
} from './area.ts';
import { bboxOf, centroid } from './shape.ts';
import { GRS80, krugerForward, meridianArc } from './test-helpers/kruger.ts';

import { geodesicArea, grs80Geodesic, krugerArea } from './test-helpers/golden-areas.ts';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

// Metres → degrees near Ninghai, only to *build* test shapes of roughly the intended size.
const LAT0 = 29.29;
const M_PER_DEG_LAT = 110860;
const M_PER_DEG_LON = 111320 * Math.cos((LAT0 * Math.PI) / 180);
function local(lon0: number, lat0: number, pts: [number, number][]): Ring {
  const ring = pts.map(([x, y]): Position => [lon0 + x / M_PER_DEG_LON, lat0 + y / M_PER_DEG_LAT]);
  ring.push([...(ring[0] as Position)]);
  return ring;
}

// ~10 亩: a 100 m × 66.7 m rectangle in the county seat (跃龙), counter-clockwise.
const rect10mu: PolygonGeometry = { type: 'Polygon', coordinates: [local(121.43, 29.29, [[0, 0], [100, 0], [100, 66.7], [0, 66.7]])] };
// 150 亩: L-shaped shell 108 800 m² minus an 80 m × 110 m hole (8 800 m²) = 100 000 m²; hole clockwise.
const lShape150mu: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [
    local(121.44, 29.32, [[0, 0], [420, 0], [420, 160], [160, 160], [160, 420], [0, 420]]),
    local(121.44, 29.32, [[40, 40], [40, 150], [120, 150], [120, 40]]),
  ],
};
// 长街 (121.6°E): centroid in zone 41, CM 123°E.
const changjie: PolygonGeometry = { type: 'Polygon', coordinates: [local(121.6, 29.23, [[0, 0], [300, 20], [280, 250], [-20, 230]])] };
// 3 km triangle with diagonal edges: the top of the parcel range, where geodesic bowing matters most.
const tri3km: PolygonGeometry = { type: 'Polygon', coordinates: [local(121.46, 29.3, [[0, 0], [3000, 1000], [-500, 2500]])] };
// County-sized (~40 km) pentagon with long diagonal edges.
const county: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [[[121.25, 29.1], [121.62, 29.15], [121.66, 29.42], [121.45, 29.48], [121.22, 29.35], [121.25, 29.1]]],
};

describe('units', () => {
  it('converts m² and 亩 (1 亩 = 10000/15 m², 1 ha = 15 亩, 1 km² = 1500 亩)', () => {
    expect(MU_PER_M2).toBe(0.0015);
    expect(m2ToMu(10000)).toBeCloseTo(15, 12);
    expect(m2ToMu(1e6)).toBeCloseTo(1500, 9);
    expect(muToM2(1)).toBeCloseTo(666.6666667, 6);
    expect(muToM2(m2ToMu(1234.5))).toBeCloseTo(1234.5, 9);
  });
});

describe('test helper: independent Krüger forward', () => {
  it('northing on the central meridian equals the Helmert meridian arc', () => {
    const fwd = krugerForward(120);
    for (const lat of [3, 29.29, 54]) {
      const [x, y] = fwd(120, lat);
      expect(x).toBe(500000);
      expect(Math.abs(y - meridianArc(lat))).toBeLessThan(1e-4);
    }
  });
  it('agrees with proj4 tmerc (GRS80, CM 120) to a millimetre at 121.43°E', () => {
    const p = proj4('+proj=longlat +ellps=GRS80', '+proj=tmerc +lon_0=120 +k=1 +x_0=500000 +ellps=GRS80');
    const [x, y] = p.forward([121.43, 29.29]) as [number, number];
    const [kx, ky] = krugerForward(120)(121.43, 29.29);
    expect(Math.abs(x - kx)).toBeLessThan(1e-3);
    expect(Math.abs(y - ky)).toBeLessThan(1e-3);
  });
});

// The brief demands 1e-6 (parcels) and 1e-4 (county). The tests ask for 1e-8 and 1e-7: measured errors are
// 7e-12…2e-9 for parcels and 9e-9 for the county, and without the geodesic-bowing correction in area.ts the
// 3 km triangle would be off by ~1.5e-7, so the tighter bound guards that correction.
const PARCEL_TOL = 1e-8;
const COUNTY_TOL = 1e-7;

describe('ellipsoidalAreaM2 against geographiclib (GRS80 geodesic polygons)', () => {
  it('~10 亩 rectangle near 121.43°E 29.29°N', () => {
    const golden = geodesicArea(rect10mu);
    expect(m2ToMu(golden)).toBeGreaterThan(9.9);
    expect(m2ToMu(golden)).toBeLessThan(10.1);
    expect(rel(ellipsoidalAreaM2(rect10mu), golden)).toBeLessThan(PARCEL_TOL);
  });
  it('150 亩 L-shape with a hole (hole subtracted, orientation ignored)', () => {
    const golden = geodesicArea(lShape150mu);
    expect(m2ToMu(golden)).toBeGreaterThan(149);
    expect(m2ToMu(golden)).toBeLessThan(151);
    expect(rel(ellipsoidalAreaM2(lShape150mu), golden)).toBeLessThan(PARCEL_TOL);
    const reversed: PolygonGeometry = { type: 'Polygon', coordinates: lShape150mu.coordinates.map((r) => [...r].reverse()) };
    expect(ellipsoidalAreaM2(reversed)).toBeCloseTo(ellipsoidalAreaM2(lShape150mu), 6);
  });
  it('parcel at 121.6°E (zone 41)', () => {
    expect(rel(ellipsoidalAreaM2(changjie), geodesicArea(changjie))).toBeLessThan(PARCEL_TOL);
  });
  it('3 km triangle with diagonal edges', () => {
    expect(rel(ellipsoidalAreaM2(tri3km), geodesicArea(tri3km))).toBeLessThan(PARCEL_TOL);
  });
  it('40 km county-sized polygon', () => {
    const golden = geodesicArea(county);
    expect(golden).toBeGreaterThan(1e9);
    expect(rel(ellipsoidalAreaM2(county), golden)).toBeLessThan(COUNTY_TOL);
  });
  it('an open ring (last ≠ first) is closed for the computation', () => {
    const open: PolygonGeometry = { type: 'Polygon', coordinates: [(rect10mu.coordinates[0] as Ring).slice(0, -1)] };
    expect(ellipsoidalAreaM2(open)).toBeCloseTo(ellipsoidalAreaM2(rect10mu), 9);
  });
  it('MultiPolygon sums its parts', () => {
    const multi: MultiPolygonGeometry = { type: 'MultiPolygon', coordinates: [rect10mu.coordinates, lShape150mu.coordinates] };
    expect(rel(ellipsoidalAreaM2(multi), geodesicArea(multi))).toBeLessThan(PARCEL_TOL);
    expect(ellipsoidalAreaM2(multi)).toBeCloseTo(ellipsoidalAreaM2(rect10mu) + ellipsoidalAreaM2(lShape150mu), 6);
  });
  it('a 10 m triangle matches the flat triangle through its ECEF vertices (curvature effect ≈ 1e-12)', () => {
    // geographiclib's absolute round-off (~1e-5 m²) dominates at this size, so use a chord-plane golden.
    const tri: Ring = [[121.43, 29.29], [121.4301, 29.29003], [121.43002, 29.2901], [121.43, 29.29]];
    const e2 = GRS80.f * (2 - GRS80.f);
    const xyz = tri.slice(0, 3).map(([lon, lat]) => {
      const [l, p] = [(lon * Math.PI) / 180, (lat * Math.PI) / 180];
      const n = GRS80.a / Math.sqrt(1 - e2 * Math.sin(p) ** 2);
      return [n * Math.cos(p) * Math.cos(l), n * Math.cos(p) * Math.sin(l), n * (1 - e2) * Math.sin(p)];
    }) as [number, number, number][];
    const [a, b, c] = xyz as [[number, number, number], [number, number, number], [number, number, number]];
    const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]] as const;
    const v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]] as const;
    const golden = Math.hypot(u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]) / 2;
    expect(golden).toBeGreaterThan(40);
    expect(rel(ellipsoidalAreaM2({ type: 'Polygon', coordinates: [tri] }), golden)).toBeLessThan(1e-8);
  });
  it('a 1 ha square built from the GRS80 radii at 29.29°N is 15 亩', () => {
    const e2 = GRS80.f * (2 - GRS80.f);
    const s2 = Math.sin((LAT0 * Math.PI) / 180) ** 2;
    const meridianR = (GRS80.a * (1 - e2)) / (1 - e2 * s2) ** 1.5;
    const primeR = GRS80.a / Math.sqrt(1 - e2 * s2);
    const dLat = (100 / meridianR) * (180 / Math.PI);
    const dLon = (100 / (primeR * Math.cos((LAT0 * Math.PI) / 180))) * (180 / Math.PI);
    const [lon0, lat0] = [121.43, LAT0 - dLat / 2];
    const sq: PolygonGeometry = {
      type: 'Polygon',
      coordinates: [[[lon0, lat0], [lon0 + dLon, lat0], [lon0 + dLon, lat0 + dLat], [lon0, lat0 + dLat], [lon0, lat0]]],
    };
    expect(ellipsoidalAreaM2(sq)).toBeCloseTo(10000, 2);
    expect(parcelAreas(sq).area_mu).toBeCloseTo(15, 4);
  });
});

describe('planarAreaM2 (3° Gauss-Krüger) against an independent Krüger series', () => {
  it('picks the zone of the centroid', () => {
    expect(gaussKrugerZoneCM(121.43)).toBe(120);
    expect(gaussKrugerZoneCM(121.6)).toBe(123);
    expect(gaussKrugerZoneCM(118.4)).toBe(117);
  });
  it.each([
    ['10 亩 rectangle, CM 120', rect10mu, 120],
    ['150 亩 L-shape with hole, CM 120', lShape150mu, 120],
    ['长街 parcel, CM 123', changjie, 123],
    ['county polygon, CM 120', county, 120],
  ] as const)('%s', (_name, geom, cm) => {
    expect(parcelAreas(geom).cm).toBe(cm);
    expect(rel(planarAreaM2(geom), krugerArea(geom, cm))).toBeLessThan(1e-9); // measured ≤ 1e-11
  });
  it('planar exceeds ellipsoidal by the Gauss-Krüger area scale k² − 1 ≈ x²/(MN)', () => {
    // Point scale k ≈ 1 + x²/(2MN) for easting offset x from the CM, so area scale − 1 ≈ x²/(MN).
    const [x] = krugerForward(120)(121.4305, 29.2903);
    const e2 = GRS80.f * (2 - GRS80.f);
    const s2 = Math.sin((29.2903 * Math.PI) / 180) ** 2;
    const mn = (GRS80.a ** 2 * (1 - e2)) / (1 - e2 * s2) ** 2;
    const expected = (x - 500000) ** 2 / mn; // ≈ 4.77e-4 at 121.43°E
    expect(expected).toBeGreaterThan(4.5e-4);
    const ratio = planarAreaM2(rect10mu) / ellipsoidalAreaM2(rect10mu) - 1;
    expect(Math.abs(ratio - expected)).toBeLessThan(2e-6);
  });
  it('a central-meridian override changes the planar area slightly', () => {
    const at120 = planarAreaM2(rect10mu);
    const at123 = planarAreaM2(rect10mu, { centralMeridian: 123 });
    expect(rel(at123, krugerArea(rect10mu, 123))).toBeLessThan(1e-9);
    // 1.57° from CM 123 vs 1.43° from CM 120: area scale 5.7e-4 vs 4.8e-4.
    expect(at123 / at120 - 1).toBeGreaterThan(5e-5);
    expect(at123 / at120 - 1).toBeLessThan(2e-4);
    expect(parcelAreas(rect10mu, { centralMeridian: 123 }).cm).toBe(123);
  });
});

describe('sphericalAreaM2 (Turf) and parcelAreas', () => {
  it('Turf is larger than the ellipsoid by ~0.13 % at 29°N (sphere R² vs ellipsoid MN)', () => {
    for (const g of [rect10mu, lShape150mu, changjie]) {
      const d = sphericalAreaM2(g) / ellipsoidalAreaM2(g) - 1;
      expect(d).toBeGreaterThan(0.0005);
      expect(d).toBeLessThan(0.01);
    }
  });
  it('returns every area field consistently', () => {
    const a = parcelAreas(lShape150mu);
    expect(a.area_mu).toBeCloseTo(m2ToMu(a.area_m2), 12);
    expect(a.area_mu_planar).toBeCloseTo(m2ToMu(a.area_m2_planar), 12);
    expect(a.area_mu_turf).toBeCloseTo(m2ToMu(sphericalAreaM2(lShape150mu)), 12);
    expect(a.area_m2).toBeCloseTo(ellipsoidalAreaM2(lShape150mu), 9);
    expect(a.area_mu).toBeGreaterThan(149);
    expect(a.area_mu).toBeLessThan(151);
  });
});

describe('centroid and bboxOf', () => {
  it('centroid of a rectangle is its centre', () => {
    const [x, y] = centroid(rect10mu);
    const [w, s, e, n] = bboxOf(rect10mu);
    expect(x).toBeCloseTo((w + e) / 2, 12);
    expect(y).toBeCloseTo((s + n) / 2, 12);
  });
  it('centroid subtracts holes: 2×2 square minus its 1×1 corner → (7/6, 7/6) from the corner', () => {
    const g: PolygonGeometry = {
      type: 'Polygon',
      coordinates: [
        [[121, 29], [123, 29], [123, 31], [121, 31], [121, 29]],
        [[121, 29], [121, 30], [122, 30], [122, 29], [121, 29]],
      ],
    };
    const [x, y] = centroid(g);
    expect(x).toBeCloseTo(121 + 7 / 6, 12);
    expect(y).toBeCloseTo(29 + 7 / 6, 12);
  });
  it('MultiPolygon centroid weights parts by area', () => {
    const g: MultiPolygonGeometry = {
      type: 'MultiPolygon',
      coordinates: [
        [[[121, 29], [122, 29], [122, 30], [121, 30], [121, 29]]],
        [[[123, 29], [125, 29], [125, 30], [123, 30], [123, 29]]], // twice the area
      ],
    };
    const [x, y] = centroid(g);
    expect(x).toBeCloseTo((121.5 + 2 * 124) / 3, 12);
    expect(y).toBeCloseTo(29.5, 12);
    expect(bboxOf(g)).toEqual([121, 29, 125, 30]);
  });
  it('degenerate geometry falls back to the vertex mean', () => {
    const g: PolygonGeometry = { type: 'Polygon', coordinates: [[[121, 29], [122, 29], [121, 29], [121, 29]]] };
    expect(centroid(g)).toEqual([121.25, 29]);
  });
});
