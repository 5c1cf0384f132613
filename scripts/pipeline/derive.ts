// Derived fields, one parcel at a time: every number comes from src/lib (rules + geo), never recomputed here.
// The 亩均 grades are relative to the whole county, so they are computed first (evaluateMujun over every firm's
// land, summed while the parcels were read); then each parcel is judged by existingParcelCheck, the function the
// parcel card and the batch check call, so `failing` on the map and the card's verdicts cannot disagree.
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
import { buildRuleLayers, failingRules, type RuleLayers } from '../../src/lib/rules/check.ts';
import { carbonIntensity } from '../../src/lib/rules/efficiency-rules.ts';
import { evaluateMujun, type MujunResult } from '../../src/lib/rules/mujun.ts';
import { existingParcelCheck } from '../../src/lib/rules/parcel-findings.ts';
import type { Policy } from '../../src/lib/rules/policy.ts';

export class ParcelDeriver {
  readonly mujun: Map<string, MujunResult>;
  /** Parcels whose enterprise_id names no enterprise: kept, reported. */
  readonly unknownEnterprise: { parcel: string; enterprise: string }[] = [];
  private readonly layers: RuleLayers;
  private readonly known: Map<string, Enterprise>;
  private readonly blockArea = new Map<string, number>();

  /** `land`: each firm's planar 亩 over all its parcels (the 亩均 evaluation needs it before any parcel is judged). */
  constructor(
    zones: Feature<AreaGeometry, ZoneProps>[],
    lines: Feature<AreaGeometry, ControlLineProps>[],
    private readonly blocks: Feature<AreaGeometry, LowEfficiencyBlockProps>[],
    enterprises: Enterprise[],
    land: Map<string, number>,
    private readonly policy: Policy,
  ) {
    this.layers = buildRuleLayers(zones, lines);
    this.known = new Map(enterprises.map((e) => [e.id, e]));
    this.mujun = evaluateMujun(enterprises, land, policy);
  }

  private blockOf(pt: Position): string | null {
    for (const b of this.blocks) if (pointInPolygon(pt, b.geometry)) return b.properties.id;
    return null;
  }

  derive(p: Feature<AreaGeometry, ParcelSource>): Feature<AreaGeometry, ParcelInternal> {
    const s = p.properties;
    const m = s.enterprise_id ? this.mujun.get(s.enterprise_id) : undefined;
    const e = s.enterprise_id ? this.known.get(s.enterprise_id) : undefined;
    if (s.enterprise_id && !e) this.unknownEnterprise.push({ parcel: s.id, enterprise: s.enterprise_id });
    const enterprise = {
      enterprise_name: e?.name ?? null,
      grade: m?.grade ?? null,
      mujun_tax: m?.indicators.tax_per_mu ?? null,
      mujun_va: m?.indicators.va_per_mu ?? null,
      score: m?.score ?? null,
      carbon_l: e ? carbonIntensity(e.co2_t, e.value_added_10k) : null,
    };
    // An enterprise_id naming no known firm is judged as a firm without figures (not as a vacant parcel).
    const c = existingParcelCheck({ ...s, ...enterprise }, p.geometry, this.layers, this.policy);
    const block = this.blockOf(centroid(p.geometry));
    if (block) this.blockArea.set(block, (this.blockArea.get(block) ?? 0) + c.area_mu_planar);
    const carbonGrade = c.findings.find((f) => f.rule === 'carbon.grade')?.values['grade'];
    const low = c.findings.find((f) => f.rule === 'low-efficiency');
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
      low_efficiency: low?.status === 'fail',
      low_efficiency_criteria: typeof low?.values['criteria'] === 'string' ? low.values['criteria'] : '',
      carbon_grade: typeof carbonGrade === 'number' ? carbonGrade : null,
    };
    return { type: 'Feature', geometry: p.geometry, properties: props };
  }

  /** The low-efficiency blocks with their parcels' 亩 (call after every parcel has been derived). */
  blocksWithArea(): Feature<AreaGeometry, LowEfficiencyBlockProps>[] {
    return this.blocks.map((b) => ({ ...b, properties: { ...b.properties, area_mu: this.blockArea.get(b.properties.id) ?? 0 } }));
  }
}
