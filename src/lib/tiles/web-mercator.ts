// Web Mercator tile arithmetic (the XYZ scheme MapLibre and PMTiles use), kept apart from any tiling library so the
// pipeline, the cell aggregates and the tests share one definition.

export const MAX_LAT = 85.0511287798066;

/** The tile column and row holding a point at zoom z (clamped to the world). */
export function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const [fx, fy] = worldXY(lon, lat);
  return [Math.min(n - 1, Math.max(0, Math.floor(fx * n))), Math.min(n - 1, Math.max(0, Math.floor(fy * n)))];
}

/** A point as a fraction of the world: x from the antimeridian eastwards, y from the north edge southwards. */
export function worldXY(lon: number, lat: number): [number, number] {
  const φ = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return [(lon + 180) / 360, (1 - Math.log(Math.tan(φ) + 1 / Math.cos(φ)) / Math.PI) / 2];
}

/** The lon/lat box of a tile: [west, south, east, north]. */
export function tileBounds(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z;
  const lon = (i: number) => (i / n) * 360 - 180;
  const lat = (j: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * j) / n))) * 180) / Math.PI;
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)];
}

/** Ground metres per pixel of a 512-px tile (MapLibre's zoom) at a latitude. */
export function metresPerPixel(z: number, lat: number): number {
  return (40_075_016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** z);
}

/** Tiles at zoom z a lon/lat box touches, widened by `pad` of a tile on each side: [x0, y0, x1, y1] inclusive. */
export function tileRange(box: readonly [number, number, number, number], z: number, pad = 0): [number, number, number, number] {
  const n = 2 ** z;
  const [ax, ay] = worldXY(box[0], box[3]);
  const [bx, by] = worldXY(box[2], box[1]);
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, Math.floor(v)));
  return [clamp(ax * n - pad), clamp(ay * n - pad), clamp(bx * n + pad), clamp(by * n + pad)];
}
