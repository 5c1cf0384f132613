// Derived fields: every number comes from src/lib (rules + geo), never recomputed here.
import { centroid, pointInPolygon } from '../../src/lib/geo/index.ts';
import type {
  AreaGeometry,
  ControlLineProps,
  Enterprise,
  Feature,
  LowEfficiencyBlockProps,
  ParcelInternal,
  ParcelSource,
  Position,
  ZoneProps,
} from '../../src/lib/data/schema.ts';
import { buildRuleLayers, checkParcel, type ParcelCheck } from '../../src/lib/rules/check.ts';
import { evaluateMujun, type MujunResult } from '../../src/lib/rules/mujun.ts';
import type { Policy } from '../../src/lib/rules/policy.ts';

export interface Derived {
  parcels: Feature<AreaGeometry, ParcelInternal>[];
  checks: Map<string, ParcelCheck>;
  mujun: Map<string, MujunResult>;
  blocks: Feature<AreaGeometry, LowEfficiencyBlockProps>[];
  /** Parcels whose enterprise_id names no enterprise: kept, reported. */
  unknownEnterprise: { parcel: string; enterprise: string }[];
}

export function deriveAll(
  parcels: Feature<AreaGeometry, ParcelSource>[],
  zones: Feature<AreaGeometry, ZoneProps>[],
  lines: Feature<AreaGeometry, ControlLineProps>[],
  blocks: Feature<AreaGeometry, LowEfficiencyBlockProps>[],
  enterprises: Enterprise[],
  policy: Policy,
): Derived {
  const layers = buildRuleLayers(zones, lines);
  const checks = new Map<string, ParcelCheck>();
  const land = new Map<string, number>();
  const known = new Map(enterprises.map((e) => [e.id, e]));
  const unknownEnterprise: Derived['unknownEnterprise'] = [];
  for (const p of parcels) {
    const s = p.properties;
    // Existing parcels: `new_project` false. The rules then judge what stands, not what may be built.
    const c = checkParcel(
      { id: s.id, geometry: p.geometry, floor_area_m2: s.floor_area_m2, height_m: s.height_m, industry: s.industry, standard_land: s.standard_land },
      layers,
      policy,
    );
    checks.set(s.id, c);
    if (s.enterprise_id) {
      if (!known.has(s.enterprise_id)) unknownEnterprise.push({ parcel: s.id, enterprise: s.enterprise_id });
      else land.set(s.enterprise_id, (land.get(s.enterprise_id) ?? 0) + c.area_mu_planar);
    }
  }
  const mujun = evaluateMujun(enterprises, land, policy);

  const blockOf = (pt: Position): string | null => {
    for (const b of blocks) if (pointInPolygon(pt, b.geometry)) return b.properties.id;
    return null;
  };
  const blockArea = new Map<string, number>();
  const out = parcels.map((p) => {
    const s = p.properties;
    const c = checks.get(s.id)!;
    const m = s.enterprise_id ? mujun.get(s.enterprise_id) : undefined;
    const e = s.enterprise_id ? known.get(s.enterprise_id) : undefined;
    const block = blockOf(centroid(p.geometry));
    if (block) blockArea.set(block, (blockArea.get(block) ?? 0) + c.area_mu_planar);
    const props: ParcelInternal = {
      ...s,
      area_m2: c.area_m2,
      area_mu: c.area_mu,
      area_m2_planar: c.area_m2_planar,
      area_mu_planar: c.area_mu_planar,
      area_mu_turf: c.area_mu_turf,
      far: c.far,
      control_line: c.control_line,
      zone: c.zone,
      low_eff_block: block,
      far_min: c.far_min,
      far_max: c.far_max,
      height_max_m: c.height_max_m,
      enterprise_name: e?.name ?? null,
      grade: m?.grade ?? null,
      mujun_tax: m?.indicators.tax_per_mu ?? null,
      mujun_va: m?.indicators.va_per_mu ?? null,
      score: m?.score ?? null,
    };
    return { type: 'Feature' as const, geometry: p.geometry, properties: props };
  });
  const blocksOut = blocks.map((b) => ({ ...b, properties: { ...b.properties, area_mu: blockArea.get(b.properties.id) ?? 0 } }));
  return { parcels: out, checks, mujun, blocks: blocksOut, unknownEnterprise };
}
