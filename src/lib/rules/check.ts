// One entry point for every parcel-level verdict: the pipeline, the CLI, the card and (later) the worker call it,
// so a number on screen, on paper and in the CLI's output come from the same function.
import type { AreaGeometry, ControlLineProps, Feature, Grade, ZoneProps } from '../data/schema.ts';
import { parcelAreas } from '../geo/index.ts';
import type { Finding } from './finding.ts';
import {
  adjustedUseFinding,
  areaFinding,
  centralZoneFinding,
  controlLineFinding,
  farMinFinding,
  plotRatio,
  standardLandFinding,
} from './parcel-rules.ts';
import { industryFarMin, type Policy } from './policy.ts';
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
  new_project?: boolean;
  grade?: Grade | null;
  standard_land?: boolean;
  /** Override of the Gauss-Krüger central meridian (default: the 3° zone of the centroid). */
  central_meridian?: number;
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
  const newProject = input.new_project === true;
  const far = plotRatio(input.floor_area_m2, areas.area_m2_planar);

  const zoneRel = relateAll(input.geometry, layers.zones);
  const central = strongest(zoneRel.filter((z) => z.props.kind === 'central').map((z) => z.relation));
  const adjusted = strongest(zoneRel.filter((z) => z.props.kind === 'adjusted-use').map((z) => z.relation));

  const lineRel = relateAll(input.geometry, layers.controlLines);
  const whole = lineRel.filter((l) => l.relation === 'inside').map((l) => l.props.level);
  const level: 0 | 1 | 2 = whole.length ? (Math.min(...whole) as 1 | 2) : 0;
  const partial = level === 0 && lineRel.length > 0;

  const findings: Finding[] = [
    areaFinding(areas),
    farMinFinding(far, input.industry, newProject, policy),
    centralZoneFinding(central, far, input.height_m, newProject, policy),
    adjustedUseFinding(adjusted, far, input.grade, newProject, policy),
    controlLineFinding(level, partial, newProject),
    standardLandFinding(areas.area_mu_planar, newProject, input.standard_land, policy),
  ];

  // Limits a prospect may read: the tighter cap wins where zones overlap.
  const caps: number[] = [];
  let heightMax: number | null = null;
  if (central !== 'outside') {
    caps.push(policy.zones.central.far_max);
    heightMax = policy.zones.central.height_max_m;
  }
  if (adjusted !== 'outside') caps.push(policy.zones['adjusted-use'].far_max);

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
    far_min: newProject ? Math.max(policy.far.new_project_min, industryFarMin(policy, input.industry)) : industryFarMin(policy, input.industry),
    far_max: caps.length ? Math.min(...caps) : null,
    height_max_m: heightMax,
    findings,
  };
}
