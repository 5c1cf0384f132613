// Derived fields: every number comes from src/lib (rules + geo), never recomputed here.
import { centroid, parcelAreas, pointInPolygon } from '../../src/lib/geo/index.ts';
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
import { buildRuleLayers, failingRules, type ParcelCheck } from '../../src/lib/rules/check.ts';
import { carbonIntensity } from '../../src/lib/rules/efficiency-rules.ts';
import { evaluateMujun, type MujunResult } from '../../src/lib/rules/mujun.ts';
import { existingParcelCheck } from '../../src/lib/rules/parcel-findings.ts';
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
  // Pass 1: planar areas → each enterprise's land, which the 亩均 evaluation needs before any parcel is judged.
  for (const p of parcels) {
    const s = p.properties;
    const mu = parcelAreas(p.geometry).area_mu_planar;
    if (s.enterprise_id) {
      if (!known.has(s.enterprise_id)) unknownEnterprise.push({ parcel: s.id, enterprise: s.enterprise_id });
      else land.set(s.enterprise_id, (land.get(s.enterprise_id) ?? 0) + mu);
    }
  }
  const mujun = evaluateMujun(enterprises, land, policy);

  const blockOf = (pt: Position): string | null => {
    for (const b of blocks) if (pointInPolygon(pt, b.geometry)) return b.properties.id;
    return null;
  };
  const blockArea = new Map<string, number>();
  // Pass 2: every parcel rule through existingParcelCheck, the function the card and the batch check call, so
  // `failing` on the map and the card's verdicts cannot disagree. Existing parcels: `new_project` false.
  const out = parcels.map((p) => {
    const s = p.properties;
    const m = s.enterprise_id ? mujun.get(s.enterprise_id) : undefined;
    const e = s.enterprise_id ? known.get(s.enterprise_id) : undefined;
    const enterprise = {
      enterprise_name: e?.name ?? null,
      grade: m?.grade ?? null,
      mujun_tax: m?.indicators.tax_per_mu ?? null,
      mujun_va: m?.indicators.va_per_mu ?? null,
      score: m?.score ?? null,
      carbon_l: e ? carbonIntensity(e.co2_t, e.value_added_10k) : null,
    };
    // An enterprise_id naming no known firm is judged as a firm without figures (not as a vacant parcel).
    const c = existingParcelCheck({ ...s, ...enterprise }, p.geometry, layers, policy);
    checks.set(s.id, c);
    const block = blockOf(centroid(p.geometry));
    if (block) blockArea.set(block, (blockArea.get(block) ?? 0) + c.area_mu_planar);
    const carbon = c.findings.find((f) => f.rule === 'carbon.grade');
    const carbonGrade = carbon?.values['grade'];
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
      ...enterprise,
      failing: failingRules(c),
      low_efficiency: c.findings.some((f) => f.rule === 'low-efficiency' && f.status === 'fail'),
      carbon_grade: typeof carbonGrade === 'number' ? carbonGrade : null,
    };
    return { type: 'Feature' as const, geometry: p.geometry, properties: props };
  });
  const blocksOut = blocks.map((b) => ({ ...b, properties: { ...b.properties, area_mu: blockArea.get(b.properties.id) ?? 0 } }));
  return { parcels: out, checks, mujun, blocks: blocksOut, unknownEnterprise };
}
