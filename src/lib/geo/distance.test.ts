import * as geographiclibNs from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { haversineKm, MEAN_EARTH_RADIUS_KM } from './distance.ts';
import { grs80Geodesic } from './test-helpers/golden-areas.ts';

// geographiclib-geodesic is CommonJS: under Node's ESM loader its exports sit on `default`.
const geographiclib = (geographiclibNs as unknown as { default?: typeof geographiclibNs }).default ?? geographiclibNs;
/** geographiclib on a sphere of the same radius (f = 0): the exact great-circle distance, computed independently. */
const sphere = new geographiclib.Geodesic.Geodesic(MEAN_EARTH_RADIUS_KM * 1000, 0);
const km = (g: { Inverse(lat1: number, lon1: number, lat2: number, lon2: number): { s12?: number } }, a: [number, number], b: [number, number]): number =>
  (g.Inverse(a[1], a[0], b[1], b[0]).s12 ?? NaN) / 1000;

const pairs: [string, [number, number], [number, number]][] = [
  ['1 km in Ninghai', [121.4, 29.3], [121.41, 29.305]],
  ['across the county', [121.2, 29.1], [121.7, 29.6]],
  ['Ninghai to Beijing', [121.43, 29.29], [116.39, 39.91]],
  ['across the date line', [179.5, -10], [-179.5, 10]],
  ['pole to equator', [0, 90], [45, 0]],
];

describe('haversineKm', () => {
  it('gives hand-computed distances on the mean-radius sphere', () => {
    // 0.01° along a meridian: R · 0.01 · π / 180.
    expect(haversineKm([121.4, 29.3], [121.4, 29.31])).toBeCloseTo((MEAN_EARTH_RADIUS_KM * 0.01 * Math.PI) / 180, 9);
    expect(haversineKm([121.4, 29.3], [121.4, 29.31])).toBeCloseTo(1.11195, 4);
    // A quarter of the equator, and the antipode: π R / 2 and π R.
    expect(haversineKm([0, 0], [90, 0])).toBeCloseTo((Math.PI * MEAN_EARTH_RADIUS_KM) / 2, 6);
    expect(haversineKm([10, 20], [-170, -20])).toBeCloseTo(Math.PI * MEAN_EARTH_RADIUS_KM, 6);
    expect(haversineKm([121.4, 29.3], [121.4, 29.3])).toBe(0);
  });

  it('matches geographiclib on the same sphere to the millimetre', () => {
    for (const [name, a, b] of pairs) {
      expect(Math.abs(haversineKm(a, b) - km(sphere, a, b)), name).toBeLessThan(1e-6);
      expect(haversineKm(a, b), `${name} (symmetric)`).toBe(haversineKm(b, a));
    }
  });

  it('stays within 0.6 % of the WGS84 ellipsoidal distance (a sphere errs by up to about 0.55 %)', () => {
    for (const [name, a, b] of pairs) {
      const ellipsoid = km(grs80Geodesic, a, b);
      expect(Math.abs(haversineKm(a, b) / ellipsoid - 1), name).toBeLessThan(0.006);
    }
  });
});
