// The 招商 ranking within an area (issue 16: a province is ranked by area, not read whole). An area is a box the user
// took from the map's view (the URL's `sa=`). Within it, the ranking is the one a county holding only these parcels
// would get: the candidate sites are the candidate parcels whose interior point lies in the area, and the chain
// partners are every chain firm's parcel that can be within reach of such a site — those whose box meets the area
// grown by the distance at which a partner stops counting (chains.ranking.distance_zero_km). So every partner that can
// count for a site is there, at the distance the whole territory gives. What differs from the whole territory's
// ranking: combined sites draw on parcels in the area only; a chain link with no firm within reach of the area is not
// one the site is scored against (over the whole territory a link whose firms are all beyond reach still counts, for
// nothing); and a nearest partner beyond reach, worth nothing either way, may be another or none. Pure.
import type { BBox } from '../data/fgb-read.ts';
import { MEAN_EARTH_RADIUS_KM } from '../geo/distance.ts';
import type { RankingConfig } from './config.ts';
import type { LonLat } from './site-types.ts';

export type SiteArea = BBox;

/** Degrees added on each side beyond the exact reach: rounding of the bounds below, never a partner's worth. */
const EPS_DEG = 1e-9;

/**
 * The area grown by the partner reach: every point within `distance_zero_km` (haversine, as the partner distance is
 * measured) of a point in the area lies in it. Latitude: a path is at least R·Δφ long. Longitude: from
 * sin²(d/2R) ≥ cos φ₁ cos φ₂ sin²(Δλ/2), with cos φ at its smallest over the grown latitudes.
 */
export function areaReadBox(area: SiteArea, cfg: Pick<RankingConfig, 'distance_zero_km'>): BBox {
  const dLat = (cfg.distance_zero_km / MEAN_EARTH_RADIUS_KM) * (180 / Math.PI) + EPS_DEG;
  const south = Math.max(-90, area[1] - dLat);
  const north = Math.min(90, area[3] + dLat);
  const cosMin = Math.cos((Math.max(Math.abs(south), Math.abs(north)) * Math.PI) / 180);
  const s = Math.sin(cfg.distance_zero_km / (2 * MEAN_EARTH_RADIUS_KM)) / cosMin;
  const dLon = s >= 1 || !Number.isFinite(s) ? 180 : 2 * Math.asin(s) * (180 / Math.PI) + EPS_DEG;
  return [Math.max(-180, area[0] - dLon), south, Math.min(180, area[2] + dLon), north];
}

/** Whether a point lies in the area (its edges included). */
export function inSiteArea(p: LonLat, area: SiteArea): boolean {
  return p[0] >= area[0] && p[0] <= area[2] && p[1] >= area[1] && p[1] <= area[3];
}

/** Whether two boxes meet (edges included): the test the indexed file's box read makes. */
export function boxesMeet(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}
