// China's extent as a plain constant, apart from crs.ts (which loads proj4) so that geometry validation and its
// predicates can use it without pulling in the projection library.
import type { Position } from '../data/schema.ts';

/** China's plausible extent, for catching swapped axes, wrong zones and junk coordinates. */
export const CHINA_BOUNDS = { minLon: 73, maxLon: 136, minLat: 3, maxLat: 54 } as const;

export function isInChina([lon, lat]: Position): boolean {
  return lon >= CHINA_BOUNDS.minLon && lon <= CHINA_BOUNDS.maxLon && lat >= CHINA_BOUNDS.minLat && lat <= CHINA_BOUNDS.maxLat;
}
