// Small planar helpers for the generator. The layout is drawn in metres on one county-wide equirectangular frame;
// that frame is an affine map of lon/lat, so polygons that are disjoint in metres stay disjoint in degrees.
// (src/lib/geo holds the real ellipsoidal and Gauss-Krüger areas; the generator only needs to hit ranges.)
import type { Position } from '../../src/lib/data/schema.ts';
import { round } from './rng.ts';

export type XY = [number, number];

/** Frame origin: roughly the middle of the county. */
export const ORIGIN: Position = [121.45, 29.35];
const DEG = Math.PI / 180;

/** Metres per degree of longitude at a latitude (local equirectangular approximation). */
export const mPerDegLon = (lat: number): number => 111320 * Math.cos(lat * DEG);
/** Metres per degree of latitude on the GRS80 meridian (≈ 110 841 m at 29.3°N). */
export const mPerDegLat = (lat: number): number => 111132.954 - 559.822 * Math.cos(2 * lat * DEG) + 1.175 * Math.cos(4 * lat * DEG);

const KX = mPerDegLon(ORIGIN[1]);
const KY = mPerDegLat(ORIGIN[1]);

/** Coordinates are written with 7 decimals (≈ 1 cm); parcels keep 2 m gaps, so rounding cannot make them touch. */
export function toLonLat(p: XY): Position {
  return [round(ORIGIN[0] + p[0] / KX, 7), round(ORIGIN[1] + p[1] / KY, 7)];
}
export function fromLonLat(p: Position): XY {
  return [(p[0] - ORIGIN[0]) * KX, (p[1] - ORIGIN[1]) * KY];
}

/** Closed ring (first vertex repeated) from open vertices. */
export function closeRing<T extends XY | Position>(pts: T[]): T[] {
  const first = pts[0];
  if (!first) throw new Error('closeRing: empty ring');
  return [...pts, [first[0], first[1]] as T];
}

/** Signed shoelace area of an open or closed ring (positive = counter-clockwise). */
export function signedArea(ring: readonly XY[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

export const M2_PER_MU = 10000 / 15;

/**
 * Area in 亩 of a lon/lat ring by a local equirectangular projection around the ring's mean latitude.
 * Within 0.1 % of the ellipsoidal area at parcel size; the generator keeps margins well above that.
 */
export function ringAreaMu(ring: readonly Position[]): number {
  let lat = 0;
  for (const p of ring) lat += p[1];
  lat /= ring.length;
  const kx = mPerDegLon(lat);
  const ky = mPerDegLat(lat);
  const lon0 = ring[0]![0];
  const lat0 = ring[0]![1];
  const xy = ring.map((p): XY => [(p[0] - lon0) * kx, (p[1] - lat0) * ky]);
  return Math.abs(signedArea(xy)) / M2_PER_MU;
}

/** Ray-casting point-in-ring test (boundary counts as either side). */
export function pointInRing(p: XY | Position, ring: readonly (XY | Position)[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

const cross = (o: XY, a: XY, b: XY): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** True when segments ab and cd share any point (touching counts: used to reject, so err on the safe side). */
export function segmentsMeet(a: XY, b: XY, c: XY, d: XY): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  const on = (p: XY, q: XY, r: XY) =>
    Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
  return (d1 === 0 && on(c, d, a)) || (d2 === 0 && on(c, d, b)) || (d3 === 0 && on(a, b, c)) || (d4 === 0 && on(a, b, d));
}

export type Box = [number, number, number, number];
export function boxOf(ring: readonly XY[]): Box {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of ring) {
    x0 = Math.min(x0, p[0]);
    y0 = Math.min(y0, p[1]);
    x1 = Math.max(x1, p[0]);
    y1 = Math.max(y1, p[1]);
  }
  return [x0, y0, x1, y1];
}
export const boxesOverlap = (a: Box, b: Box): boolean => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

function edgesMeet(a: readonly XY[], b: readonly XY[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const a0 = a[i]!;
    const a1 = a[(i + 1) % a.length]!;
    for (let j = 0; j < b.length; j++) if (segmentsMeet(a0, a1, b[j]!, b[(j + 1) % b.length]!)) return true;
  }
  return false;
}

/** Do two simple open rings share any point? */
export function ringsIntersect(a: readonly XY[], b: readonly XY[]): boolean {
  if (!boxesOverlap(boxOf(a), boxOf(b))) return false;
  if (edgesMeet(a, b)) return true;
  return pointInRing(a[0]!, b) || pointInRing(b[0]!, a);
}

/** Is the open ring `inner` wholly inside the open ring `outer` (no edge crossing, every vertex inside)? */
export function ringInside(inner: readonly XY[], outer: readonly XY[]): boolean {
  return inner.every((p) => pointInRing(p, outer)) && !edgesMeet(inner, outer);
}

/** A polygon around a polyline, `half` metres each side (mitred joins; fine for gently bending rivers). */
export function bufferPolyline(line: readonly XY[], half: number): XY[] {
  const left: XY[] = [];
  const right: XY[] = [];
  for (let i = 0; i < line.length; i++) {
    const prev = line[Math.max(0, i - 1)]!;
    const next = line[Math.min(line.length - 1, i + 1)]!;
    const dx = next[0] - prev[0];
    const dy = next[1] - prev[1];
    const len = Math.hypot(dx, dy);
    const nx = -dy / len;
    const ny = dx / len;
    const p = line[i]!;
    left.push([p[0] + nx * half, p[1] + ny * half]);
    right.push([p[0] - nx * half, p[1] - ny * half]);
  }
  // right side forward then left side back: counter-clockwise for a line heading east
  return [...right, ...left.reverse()];
}

/** Counter-clockwise copy of an open ring. */
export function ccw(ring: XY[]): XY[] {
  return signedArea(ring) >= 0 ? ring : ring.slice().reverse();
}
