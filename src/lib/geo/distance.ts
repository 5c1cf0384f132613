// Great-circle distance on the mean-radius sphere: the one haversine of the code base (chain partners for the
// site ranking, partners near a shared site). Its own module, imported by path and not through geo/index.ts, so
// that pages which only measure distances never pull in crs.ts and proj4. Pure.

/** Mean Earth radius R1 = (2a + b) / 3 of WGS84, km. */
export const MEAN_EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km between two [lon, lat] points (haversine, mean Earth radius 6371.0088 km). */
export function haversineKm(a: readonly [number, number], b: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * MEAN_EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
