// A hand-made mini county for the statistics tests: numbers small enough to add up by hand (see the tests).
import type { PolygonGeometry } from '../data/schema.ts';
import type { StatsEnterprise, StatsParcel } from './area-stats.ts';

/** A square of side 0.004° with its lower-left corner at (121.40 + 0.01·i, 29.30). */
export function square(i: number, lon0 = 121.4, lat0 = 29.3, size = 0.004): PolygonGeometry {
  const x = lon0 + 0.01 * i;
  return { type: 'Polygon', coordinates: [[[x, lat0], [x + size, lat0], [x + size, lat0 + size], [x, lat0 + size], [x, lat0]]] };
}

export const MINI_PARCELS: StatsParcel[] = [
  { geometry: square(0), properties: { id: 'P1', area_mu_planar: 10, status: 'in_use', enterprise_id: 'E1', grade: 'A', low_eff_block: null, town: 'T1', park: 'K1' } },
  { geometry: square(1), properties: { id: 'P2', area_mu_planar: 30, status: 'in_use', enterprise_id: 'E1', grade: 'A', low_eff_block: null, town: 'T2', park: 'K1' } },
  { geometry: square(2), properties: { id: 'P3', area_mu_planar: 6, status: 'idle', enterprise_id: 'E2', grade: 'D', low_eff_block: 'B1', town: 'T1', park: null } },
  { geometry: square(3), properties: { id: 'P4', area_mu_planar: 4, status: 'approved_not_supplied', enterprise_id: null, grade: null, low_eff_block: null, town: 'T1', park: null } },
  // extra fields from other rules (e.g. failing / carbon_grade) must be tolerated
  { geometry: square(4), properties: { id: 'P5', area_mu_planar: 2, status: 'used_not_full', enterprise_id: 'E3', grade: null, low_eff_block: 'B1', town: 'T2', park: null, failing: 'far.min,low-efficiency', low_efficiency: true, carbon_grade: 3 } as StatsParcel['properties'] },
];

export const MINI_ENTERPRISES: (StatsEnterprise & { revenue_10k: number; rd_10k: number })[] = [
  { id: 'E1', above_scale: true, evaluated: true, grade: 'A', tax_10k: 100, value_added_10k: 400, revenue_10k: 2000, rd_10k: 60 },
  { id: 'E2', above_scale: false, evaluated: true, grade: 'D', tax_10k: 30, value_added_10k: 90, revenue_10k: 300, rd_10k: 3 },
  { id: 'E3', above_scale: false, evaluated: false, grade: null, tax_10k: 5, value_added_10k: 10, revenue_10k: 40, rd_10k: 0 },
  // above scale but no parcel: counts in the R&D share, not in a per-亩 figure
  { id: 'E4', above_scale: true, evaluated: true, grade: 'B', tax_10k: 50, value_added_10k: 100, revenue_10k: 1000, rd_10k: 0 },
];
