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
  'low_efficiency_criteria',
  'carbon_grade',
  'carbon_l',
] as const;

export type ColumnKindName = 'string' | 'number' | 'boolean';

/**
 * The type of every field of an internal parcel, in the order the pipeline writes them: the FlatGeobuf columns of
 * internal/parcels.fgb (and, filtered by PUBLIC_PARCEL_FIELDS, of the public file). Declared, not learnt from the
 * data, so a streamed writer can encode each parcel as it comes; a field missing here cannot be written at all.
 */
export const PARCEL_COLUMNS: { [K in keyof Required<ParcelInternal>]: ColumnKindName } = {
  id: 'string',
  land_use: 'string',
  status: 'string',
  enterprise_id: 'string',
  floor_area_m2: 'number',
  tall_floor_area_m2: 'number',
  height_m: 'number',
  coverage: 'number',
  green_ratio: 'number',
  admin_ratio: 'number',
  standard_land: 'boolean',
  dilapidated: 'boolean',
  banned_industry: 'boolean',
  industry: 'string',
  town: 'string',
  park: 'string',
  name: 'string',
  project: 'string',
  central_approved: 'boolean',
  area_m2: 'number',
  area_mu: 'number',
  area_m2_planar: 'number',
  area_mu_planar: 'number',
  area_mu_turf: 'number',
  far: 'number',
  control_line: 'number',
  zone: 'string',
  low_eff_block: 'string',
  far_min: 'number',
  far_max: 'number',
  height_max_m: 'number',
  enterprise_name: 'string',
  grade: 'string',
  mujun_tax: 'number',
  mujun_va: 'number',
  score: 'number',
  carbon_l: 'number',
  failing: 'string',
  low_efficiency: 'boolean',
  low_efficiency_criteria: 'string',
  carbon_grade: 'number',
};

export function parcelColumns(which: 'internal' | 'public'): { name: string; kind: ColumnKindName }[] {
  const all = Object.entries(PARCEL_COLUMNS).map(([name, kind]) => ({ name, kind }));
  return which === 'internal' ? all : all.filter((c) => (PUBLIC_PARCEL_FIELDS as readonly string[]).includes(c.name));
}
