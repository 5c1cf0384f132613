// Distance measuring for the draw panel: geodesic length on the CGCS2000/GRS80 ellipsoid (Vincenty's inverse
// formula, well below a millimetre at county scale), and how to write it (m under 1 km, km above).
import type { Position } from '../data/schema.ts';

const A = 6378137;
const F = 1 / 298.257222101;
const B = A * (1 - F);
const DEG = Math.PI / 180;

/** Geodesic distance in metres between two lon/lat points on GRS80. */
export function geodesicDistanceM(p: Position, q: Position): number {
  const [lon1, lat1] = p;
  const [lon2, lat2] = q;
  if (lon1 === lon2 && lat1 === lat2) return 0;
  const L = (lon2 - lon1) * DEG;
  const U1 = Math.atan((1 - F) * Math.tan(lat1 * DEG));
  const U2 = Math.atan((1 - F) * Math.tan(lat2 * DEG));
  const sinU1 = Math.sin(U1);
  const cosU1 = Math.cos(U1);
  const sinU2 = Math.sin(U2);
  const cosU2 = Math.cos(U2);
  let lambda = L;
  let sinSigma = 0;
  let cosSigma = 0;
  let sigma = 0;
  let cos2Alpha = 0;
  let cos2SigmaM = 0;
  for (let iter = 0; iter < 200; iter++) {
    const sinL = Math.sin(lambda);
    const cosL = Math.cos(lambda);
    sinSigma = Math.hypot(cosU2 * sinL, cosU1 * sinU2 - sinU1 * cosU2 * cosL);
    if (sinSigma === 0) return 0;
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
    sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinL) / sinSigma;
    cos2Alpha = 1 - sinAlpha * sinAlpha;
    cos2SigmaM = cos2Alpha !== 0 ? cosSigma - (2 * sinU1 * sinU2) / cos2Alpha : 0;
    const C = (F / 16) * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
    const prev = lambda;
    lambda = L + (1 - C) * F * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    if (Math.abs(lambda - prev) < 1e-12) break;
  }
  const u2 = (cos2Alpha * (A * A - B * B)) / (B * B);
  const bigA = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
  const bigB = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
  const dSigma =
    bigB *
    sinSigma *
    (cos2SigmaM + (bigB / 4) * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) - (bigB / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
  return B * bigA * (sigma - dSigma);
}

/** Length of a polyline in metres (sum of geodesic segments). */
export function lineLengthM(line: readonly Position[]): number {
  let s = 0;
  for (let i = 1; i < line.length; i++) s += geodesicDistanceM(line[i - 1] as Position, line[i] as Position);
  return s;
}

/** Value and unit for display: metres with 1 decimal below 1 km, kilometres with 3 decimals from 1 km. */
export function distanceParts(m: number): { value: number; digits: number; unit: 'm' | 'km' } {
  return m < 1000 ? { value: m, digits: 1, unit: 'm' } : { value: m / 1000, digits: 3, unit: 'km' };
}
