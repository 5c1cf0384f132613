// From which zoom the parcels themselves are drawn; below it the map shows cell aggregates (cells.ts).
//
// Two limits decide it, both measured on the county's own parcels rather than fixed, so that a county of 4 000
// parcels keeps them on its opening view while a province's do not drown the first tiles:
// - legibility: the median parcel is at least LEGIBLE_PX pixels across (a smaller one is a coloured speck, and a
//   field of specks reads as noise, not land);
// - weight: no tile at that zoom holds more than MAX_PER_TILE parcels (a tile of that many polygons is megabytes and
//   seconds to draw, whatever its parcels' size).
import { metresPerPixel, tileOf } from './web-mercator.ts';

export const LEGIBLE_PX = 2;
export const MAX_PER_TILE = 8_000;
/** Parcels are always drawn from this zoom (a parcel of a few metres is legible at 14) … */
export const PARCEL_MAX_MINZOOM = 14;
/** … and never below this one (a county view: 1 px ≈ 130 m). */
export const PARCEL_MIN_MINZOOM = 10;

/**
 * The parcel zoom for parcels given by their boxes (lon/lat, 4 numbers each). `boxes` holds `count` boxes.
 * Sizes are the geometric mean of each box's sides in metres: cheap, and close to √area for the compact shapes
 * parcels have.
 */
export function parcelMinZoom(boxes: Float64Array, count: number): number {
  if (count === 0) return PARCEL_MIN_MINZOOM;
  const sizes = new Float64Array(count);
  let latSum = 0;
  for (let i = 0; i < count; i++) {
    const [w, s, e, n] = [boxes[4 * i]!, boxes[4 * i + 1]!, boxes[4 * i + 2]!, boxes[4 * i + 3]!];
    const lat = (s + n) / 2;
    latSum += lat;
    const dx = (e - w) * 111_320 * Math.cos((lat * Math.PI) / 180);
    const dy = (n - s) * 110_574;
    sizes[i] = Math.sqrt(Math.max(dx, 0.01) * Math.max(dy, 0.01));
  }
  sizes.sort();
  const median = sizes[Math.floor(count / 2)]!;
  const lat = latSum / count;
  let z = PARCEL_MIN_MINZOOM;
  while (z < PARCEL_MAX_MINZOOM && median / metresPerPixel(z, lat) < LEGIBLE_PX) z++;
  while (z < PARCEL_MAX_MINZOOM && densestTile(boxes, count, z) > MAX_PER_TILE) z++;
  return z;
}

/** The most parcels (by box centre) in one tile at zoom z. */
export function densestTile(boxes: Float64Array, count: number, z: number): number {
  const counts = new Map<number, number>();
  let most = 0;
  for (let i = 0; i < count; i++) {
    const [x, y] = tileOf((boxes[4 * i]! + boxes[4 * i + 2]!) / 2, (boxes[4 * i + 1]! + boxes[4 * i + 3]!) / 2, z);
    const k = y * 2 ** z + x;
    const c = (counts.get(k) ?? 0) + 1;
    counts.set(k, c);
    if (c > most) most = c;
  }
  return most;
}
