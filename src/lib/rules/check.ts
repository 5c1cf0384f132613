// One entry point for every parcel-level verdict: the pipeline, the CLI, the card and the batch worker call it,
// so a number on screen, on paper and in the CLI's output come from the same function.
import type { AreaGeometry, ControlLineProps, Feature, Grade, ParcelStatus, ProjectKind, ZoneProps } from '../data/schema.ts';
import { parcelAreas } from '../geo/index.ts';
import { carbonFinding, lowEfficiencyFinding, mujunGradeFinding, taxPerMu, type EnterpriseInput } from './efficiency-rules.ts';
import type { Finding } from './finding.ts';
import {
  adjustedUseFinding,
  areaFinding,
  centralZoneFinding,
  controlLineFinding,
  farCapFinding,
  farFloorArea,
  farMinFinding,
  heightCapFinding,
  isUnbuilt,
  plotRatio,
  standardLandFinding,
  zoneFarCap,
} from './parcel-rules.ts';
import { industryFarMin, type Policy } from './policy.ts';
import { adminFinding, coverageFinding, greenFinding } from './site-rules.ts';

export type { EnterpriseInput } from './efficiency-rules.ts';

/** Every parcel-level rule, in the order checkParcel reports them. */
export const PARCEL_RULE_IDS = [
  'area',
  'far.min',
  'far.cap',
  'height.cap',
  'zone.central',
  'zone.adjusted-use',
  'control-line',
  'standard-land',
  'coverage.min',
  'green.max',
  'admin.max',
  'mujun.grade',
  'low-efficiency',
  'carbon.grade',
] as const;
export type ParcelRuleId = (typeof PARCEL_RULE_IDS)[number];
import { indexPolygons, relateAll, type IndexedPolygon, type Relation } from './relate.ts';

export interface RuleLayers {
  zones: IndexedPolygon<ZoneProps>[];
  controlLines: IndexedPolygon<ControlLineProps>[];
}

export function buildRuleLayers(
  zones: Feature<AreaGeometry, ZoneProps>[],
  controlLines: Feature<AreaGeometry, ControlLineProps>[],
): RuleLayers {
  return { zones: indexPolygons(zones), controlLines: indexPolygons(controlLines) };
}

export interface ParcelInput {
  id: string;
  geometry: AreaGeometry;
  floor_area_m2?: number | null;
  height_m?: number | null;
  industry?: string;
  /** The works checked (default none: the existing use is judged). */
  project?: ProjectKind;
  /** 工治办集体讨论同意 recorded for works in the central restricted area. */
  central_approved?: boolean;
  grade?: Grade | null;
  standard_land?: boolean;
  /** Override of the Gauss-Krüger central meridian (default: the 3° zone of the centroid). */
  central_meridian?: number;
  /** Existing parcels: their status decides 'not built yet' and the five 低效 kinds. */
  status?: ParcelStatus;
  /** Part of floor_area_m2 on storeys taller than the policy's tall_floor_m (8 m): counted twice in FAR. */
  tall_floor_area_m2?: number | null;
  /** 建筑系数, 绿地率, 行政办公及生活服务设施用地 share: 0–1. */
  coverage?: number | null;
  green_ratio?: number | null;
  admin_ratio?: number | null;
  /** The firm on the parcel: null = vacant, undefined = unknown (enterprise rules then say so). */
  enterprise?: EnterpriseInput | null;
  dilapidated?: boolean;
  banned_industry?: boolean;
}

export interface ParcelCheck {
  id: string;
  area_m2: number;
  area_mu: number;
  area_m2_planar: number;
  area_mu_planar: number;
  area_mu_turf: number;
  far: number | null;
  control_line: 0 | 1 | 2;
  zone: 'central' | 'adjusted-use' | 'none';
  far_min: number;
  far_max: number | null;
  height_max_m: number | null;
  findings: Finding[];
}

function strongest(rel: Relation[]): Relation {
  if (rel.includes('inside')) return 'inside';
  if (rel.includes('partial')) return 'partial';
  return 'outside';
}

export function checkParcel(input: ParcelInput, layers: RuleLayers, policy: Policy): ParcelCheck {
  const areas = parcelAreas(input.geometry, input.central_meridian !== undefined ? { centralMeridian: input.central_meridian } : undefined);
  const project = input.project ?? 'none';
  const far = plotRatio(farFloorArea(input.floor_area_m2, input.tall_floor_area_m2), areas.area_m2_planar);
  const unbuilt = isUnbuilt(input.status, input.floor_area_m2, project);

  const zoneRel = relateAll(input.geometry, layers.zones);
  const central = strongest(zoneRel.filter((z) => z.props.kind === 'central').map((z) => z.relation));
  const adjusted = strongest(zoneRel.filter((z) => z.props.kind === 'adjusted-use').map((z) => z.relation));
  const cap = zoneFarCap(central, adjusted, policy);

  const lineRel = relateAll(input.geometry, layers.controlLines);
  const whole = lineRel.filter((l) => l.relation === 'inside').map((l) => l.props.level);
  const level: 0 | 1 | 2 = whole.length ? (Math.min(...whole) as 1 | 2) : 0;
  const partial = level === 0 && lineRel.length > 0;

  const st = input.status;
  const findings: Finding[] = [
    areaFinding(areas),
    farMinFinding(far, input.industry, project, policy, st, unbuilt, cap),
    farCapFinding(far, cap, project, policy, st, unbuilt),
    heightCapFinding(central, input.height_m, project, policy, st, unbuilt),
    centralZoneFinding(central, project, input.central_approved === true, policy),
    adjustedUseFinding(adjusted, input.grade, project, policy),
    controlLineFinding(level, partial, project, policy),
    standardLandFinding(areas.area_mu_planar, project, input.standard_land, policy),
    coverageFinding(input.coverage, project, policy, st, unbuilt),
    greenFinding(input.green_ratio, project, policy, st, unbuilt),
    adminFinding(input.admin_ratio, project, policy, st, unbuilt),
    mujunGradeFinding(input.enterprise, input.grade, areas.area_mu_planar, policy),
    lowEfficiencyFinding(
      {
        status: st,
        far,
        industry: input.industry,
        tax_per_mu: taxPerMu(input.enterprise, areas.area_mu_planar),
        dilapidated: input.dilapidated,
        banned_industry: input.banned_industry,
        unbuilt,
      },
      policy,
    ),
    carbonFinding(input.enterprise, input.industry, areas.area_mu_planar, policy),
  ];

  return {
    id: input.id,
    area_m2: areas.area_m2,
    area_mu: areas.area_mu,
    area_m2_planar: areas.area_m2_planar,
    area_mu_planar: areas.area_mu_planar,
    area_mu_turf: areas.area_mu_turf,
    far,
    control_line: level,
    zone: central !== 'outside' ? 'central' : adjusted !== 'outside' ? 'adjusted-use' : 'none',
    far_min: project === 'new' && !cap ? Math.max(policy.far.new_project_min, industryFarMin(policy, input.industry)) : industryFarMin(policy, input.industry),
    far_max: cap ? cap.cap : null,
    height_max_m: central !== 'outside' ? policy.zones.central.height_max_m : null,
    findings,
  };
}

/** Ids of the rules a check fails, comma-separated (the pipeline stores it as `failing`). */
export function failingRules(c: Pick<ParcelCheck, 'findings'>): string {
  return c.findings.filter((f) => f.status === 'fail').map((f) => f.rule).join(',');
}
