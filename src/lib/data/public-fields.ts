// The prospect-facing projection. Whitelisting means a field added to the internal model stays private until
// someone decides, here, that a prospect may read it.
import { PUBLIC_PARCEL_FIELDS, type ParcelInternal, type ParcelPublic } from './schema.ts';

export function toPublicParcel(p: ParcelInternal): ParcelPublic {
  const out: Record<string, unknown> = {};
  for (const k of PUBLIC_PARCEL_FIELDS) out[k] = p[k];
  return out as ParcelPublic;
}

/** Field names that must never appear in a public file (used by tests and the pipeline's own guard). */
export const CONFIDENTIAL_FIELDS = [
  'enterprise_id',
  'enterprise_name',
  'grade',
  'score',
  'mujun_tax',
  'mujun_va',
  'tax_10k',
  'value_added_10k',
  'revenue_10k',
  'rd_10k',
  'energy_tce',
  'emissions_t',
  'co2_t',
  'employees',
  'floor_area_m2',
  'far',
  'failing',
  'low_efficiency',
  'carbon_grade',
  'carbon_l',
] as const;
