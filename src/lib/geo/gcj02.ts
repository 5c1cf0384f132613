// GCJ-02 ("Mars coordinates"): the obfuscated datum every Chinese web-map vendor (Amap/Gaode, DataV,
// Tencent) serves. The forward offset is the widely published formula on the Krasovsky ellipsoid; it has
// no closed-form inverse, so gcj02ToWgs84 iterates the forward until it reproduces the input.
import type { Position } from '../data/schema.ts';

/** Krasovsky 1940 semi-major axis and first eccentricity squared, as the GCJ-02 formula uses them. */
const KRASOVSKY_A = 6378245.0;
const KRASOVSKY_EE = 0.00669342162296594323;

/**
 * The formula is only applied inside this rough rectangle (the conventional one published with it);
 * outside, GCJ-02 equals WGS84. It is *not* China's border — use the CRS module's bounds for plausibility.
 */
export const GCJ02_EXTENT = { minLon: 72.004, maxLon: 137.8347, minLat: 0.8293, maxLat: 55.8271 } as const;

export function isOutsideGcj02Extent([lon, lat]: Position): boolean {
  return lon < GCJ02_EXTENT.minLon || lon > GCJ02_EXTENT.maxLon || lat < GCJ02_EXTENT.minLat || lat > GCJ02_EXTENT.maxLat;
}

// The two polynomial-plus-sine terms of the formula, in metres-like units, taken about (105°E, 35°N).
function latTerm(x: number, y: number): number {
  const { PI, sin, sqrt, abs } = Math;
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x));
  r += ((20 * sin(6 * x * PI) + 20 * sin(2 * x * PI)) * 2) / 3;
  r += ((20 * sin(y * PI) + 40 * sin((y / 3) * PI)) * 2) / 3;
  r += ((160 * sin((y / 12) * PI) + 320 * sin((y / 30) * PI)) * 2) / 3;
  return r;
}

function lonTerm(x: number, y: number): number {
  const { PI, sin, sqrt, abs } = Math;
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x));
  r += ((20 * sin(6 * x * PI) + 20 * sin(2 * x * PI)) * 2) / 3;
  r += ((20 * sin(x * PI) + 40 * sin((x / 3) * PI)) * 2) / 3;
  r += ((150 * sin((x / 12) * PI) + 300 * sin((x / 30) * PI)) * 2) / 3;
  return r;
}

/** Offset (degrees) that GCJ-02 adds to a WGS84 position. */
function gcjOffset(lon: number, lat: number): Position {
  const radLat = (lat * Math.PI) / 180;
  const sinLat = Math.sin(radLat);
  const w = 1 - KRASOVSKY_EE * sinLat * sinLat;
  const sqrtW = Math.sqrt(w);
  // Convert the metre-like terms to degrees with the Krasovsky meridian (M) and prime-vertical (N) radii.
  const meridianRadius = (KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (w * sqrtW);
  const primeVerticalRadius = KRASOVSKY_A / sqrtW;
  const dLat = (latTerm(lon - 105, lat - 35) * 180) / (meridianRadius * Math.PI);
  const dLon = (lonTerm(lon - 105, lat - 35) * 180) / (primeVerticalRadius * Math.cos(radLat) * Math.PI);
  return [dLon, dLat];
}

/** WGS84 [lon, lat] → GCJ-02 [lon, lat]. Positions outside the formula's extent come back unchanged. */
export function wgs84ToGcj02(pos: Position): Position {
  if (isOutsideGcj02Extent(pos)) return [pos[0], pos[1]];
  const [dLon, dLat] = gcjOffset(pos[0], pos[1]);
  return [pos[0] + dLon, pos[1] + dLat];
}

/** Convergence target: the forward of the estimate must land within this of the input (≈ 0.1 mm). */
const INVERSE_TOLERANCE_DEG = 1e-9;
/** The offset varies slowly (≈ 1e-5 per degree), so fixed-point iteration converges in 2–4 steps. */
const INVERSE_MAX_ITERATIONS = 30;

/**
 * GCJ-02 [lon, lat] → WGS84 [lon, lat] by fixed-point iteration: start from `gcj − offset(gcj)` and
 * correct by the residual of the forward until it is below 1e-9° (far below the 0.1 m requirement).
 */
export function gcj02ToWgs84(pos: Position): Position {
  if (isOutsideGcj02Extent(pos)) return [pos[0], pos[1]];
  let lon = pos[0];
  let lat = pos[1];
  for (let i = 0; i < INVERSE_MAX_ITERATIONS; i++) {
    const [fLon, fLat] = wgs84ToGcj02([lon, lat]);
    const eLon = fLon - pos[0];
    const eLat = fLat - pos[1];
    if (Math.abs(eLon) < INVERSE_TOLERANCE_DEG && Math.abs(eLat) < INVERSE_TOLERANCE_DEG) break;
    lon -= eLon;
    lat -= eLat;
  }
  return [lon, lat];
}
