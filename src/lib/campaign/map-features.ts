// 挂图作战 on the map (issue 15 items 1–5): the registers as map features as they stood on a day — cases on their
// parcels (coloured by route, stage shown by outline), projects as points at their parcel's interior point (stage,
// overdue nodes), 小微企业园 as points (stars, kind), 标准地 parcels by 履约 status, and each block plan's progress.
// Pure (no MapLibre), so the map layers, the print page's 作战图 and the tests read the same features. A record not
// yet on the registers on the day (caseAsOf/projectAsOf null, a park built later, an agreement signed later) is
// left out; one whose parcel is not on the map is left out and counted.
import type { AreaGeometry, Feature, LowEfficiencyBlockProps, PointGeometry, Project } from '../data/schema.ts';
import { interiorPoint } from '../geo/index.ts';
import { blockProgress, caseAsOf, projectAsOf, type BlockProgress } from './as-of.ts';
import { agreementFindings, complianceStatus, type AchievedData, type ComplianceStatus } from './compliance.ts';
import { overdueNodes } from './nodes.ts';
import { CASE_END_STAGES, type BlockPlan, type CampaignCase, type CampaignProject, type CaseStage, type Day, type SmallPark, type StandardLandAgreement } from './types.ts';
import type { CaseRoute } from '../data/schema.ts';

/** A parcel as the campaign layers read it: its id, its town and low-efficiency block, and its shape. */
export interface MapParcel {
  geometry: AreaGeometry;
  properties: { id: string; town?: string | null; low_eff_block?: string | null };
}
export type ParcelLookup = (id: string) => MapParcel | undefined;

export interface CaseFeatureProps {
  /** The case id (what a click opens). */
  id: string;
  parcel_id: string;
  route: CaseRoute;
  stage: CaseStage;
  /** 销号 or 关停退出 by the day. */
  closed: boolean;
}
export type CaseFeature = Feature<AreaGeometry, CaseFeatureProps>;

export interface ProjectFeatureProps {
  id: string;
  name: string;
  stage: Project['stage'];
  /** Nodes past their planned day without an actual one, on the day. */
  overdue: number;
}
export type ProjectFeature = Feature<PointGeometry, ProjectFeatureProps>;

export interface ParkFeatureProps {
  id: string;
  name: string;
  /** The rating held on the day; 0 when not rated (yet). */
  stars: number;
  kind: SmallPark['kind'];
  year: number;
}
export type ParkFeature = Feature<PointGeometry, ParkFeatureProps>;

export interface StandardLandFeatureProps {
  /** The parcel id (an agreement is keyed by its parcel). */
  id: string;
  status: ComplianceStatus;
}
export type StandardLandFeature = Feature<AreaGeometry, StandardLandFeatureProps>;

/** Features, and how many records of the day could not be placed (no parcel on the map). */
export interface Placed<F> {
  features: F[];
  unplaced: number;
}

/** The day's cases, one feature per parcel of each (parcel_id first, then the others). */
export function caseFeatures(cases: readonly CampaignCase[], parcel: ParcelLookup, day: Day): Placed<CaseFeature> {
  const features: CaseFeature[] = [];
  let unplaced = 0;
  for (const c0 of cases) {
    const c = caseAsOf(c0, day);
    if (!c) continue;
    const ids = [...new Set([c.parcel_id, ...c.parcel_ids])];
    let placed = 0;
    for (const pid of ids) {
      const p = parcel(pid);
      if (!p) continue;
      placed++;
      features.push({
        type: 'Feature',
        geometry: p.geometry,
        properties: { id: c.id, parcel_id: pid, route: c.route, stage: c.stage, closed: CASE_END_STAGES.includes(c.stage) },
      });
    }
    if (placed === 0) unplaced++;
  }
  return { features, unplaced };
}

/** The day's projects, a point each at its parcel's interior point; projects without a parcel are counted. */
export function projectFeatures(projects: readonly CampaignProject[], parcel: ParcelLookup, day: Day): Placed<ProjectFeature> {
  const features: ProjectFeature[] = [];
  let unplaced = 0;
  for (const p0 of projects) {
    const p = projectAsOf(p0, day);
    if (!p) continue;
    const where = p.parcel_id ? parcel(p.parcel_id) : undefined;
    if (!where) {
      unplaced++;
      continue;
    }
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: interiorPoint(where.geometry) },
      properties: { id: p.id, name: p.name, stage: p.stage, overdue: overdueNodes(p, day).length },
    });
  }
  return { features, unplaced };
}

/** 小微企业园 built or upgraded by the day's year, with the rating they held then. */
export function parkFeatures(parks: readonly SmallPark[], day: Day): ParkFeature[] {
  const year = Number(day.slice(0, 4));
  return parks
    .filter((p) => p.year <= year)
    .map((p) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
      properties: { id: p.id, name: p.name, stars: p.rated_year !== null && p.rated_year > year ? 0 : (p.stars ?? 0), kind: p.kind, year: p.year },
    }));
}

/** 标准地 parcels with an agreement signed by the day, by 履约 status (complianceStatus of the findings). */
export function standardLandFeatures(
  agreements: readonly StandardLandAgreement[],
  parcel: ParcelLookup,
  day: Day,
  achieved: (a: StandardLandAgreement) => AchievedData,
): Placed<StandardLandFeature> {
  const features: StandardLandFeature[] = [];
  let unplaced = 0;
  for (const a of agreements) {
    if (a.signed > day) continue;
    const p = parcel(a.parcel_id);
    if (!p) {
      unplaced++;
      continue;
    }
    features.push({ type: 'Feature', geometry: p.geometry, properties: { id: a.parcel_id, status: complianceStatus(agreementFindings(a, day, achieved(a))) } });
  }
  return { features, unplaced };
}

/** Each planned block's progress on the day, by block id. */
export function blockProgressById(plans: readonly BlockPlan[], day: Day): Map<string, BlockProgress> {
  return new Map(plans.filter((p) => p.milestones.length > 0).map((p) => [p.block_id, blockProgress(p, day)]));
}

export interface BlockPlanProps {
  /** Whether the block has a plan (一区块一方案); without one the share members are 0. */
  has_plan: boolean;
  plan_done: number;
  plan_total: number;
  /** done / total, 0–1. */
  plan_share: number;
  /** "3/5", '' without a plan. */
  plan_label: string;
}

/** The block features with their plan's progress on the day added to their properties. */
export function blocksWithProgress<P extends Pick<LowEfficiencyBlockProps, 'id'>>(
  blocks: readonly Feature<AreaGeometry, P>[],
  plans: readonly BlockPlan[],
  day: Day,
): Feature<AreaGeometry, P & BlockPlanProps>[] {
  const byId = blockProgressById(plans, day);
  return blocks.map((b) => {
    const g = byId.get(b.properties.id);
    const plan: BlockPlanProps = g
      ? { has_plan: true, plan_done: g.done, plan_total: g.total, plan_share: g.share, plan_label: `${g.done}/${g.total}` }
      : { has_plan: false, plan_done: 0, plan_total: 0, plan_share: 0, plan_label: '' };
    return { ...b, properties: { ...b.properties, ...plan } };
  });
}

/** Where a page of the 作战图 is: a town (the parcels' `town`) or a low-efficiency block. */
export type CampaignPlace = { kind: 'town'; id: string } | { kind: 'block'; id: string };

/** Whether a parcel lies in the place. */
function parcelIn(place: CampaignPlace, p: MapParcel | undefined): boolean {
  if (!p) return false;
  return place.kind === 'town' ? p.properties.town === place.id : p.properties.low_eff_block === place.id;
}

/**
 * The day's cases of a place: a town's are those whose own town is it (else their first parcel's, as the 赛马
 * counts them); a block's those with a parcel in the block. Sorted by id.
 */
export function casesIn(cases: readonly CampaignCase[], place: CampaignPlace, parcel: ParcelLookup, day: Day): CampaignCase[] {
  const out: CampaignCase[] = [];
  for (const c0 of cases) {
    const c = caseAsOf(c0, day);
    if (!c) continue;
    const inside =
      place.kind === 'town'
        ? (c.town || parcel(c.parcel_id)?.properties.town || null) === place.id
        : [c.parcel_id, ...c.parcel_ids].some((id) => parcelIn(place, parcel(id)));
    if (inside) out.push(c);
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The day's projects of a place (own town, else the parcel's; a block's by parcel), with their overdue nodes. */
export function projectsIn(
  projects: readonly CampaignProject[],
  place: CampaignPlace,
  parcel: ParcelLookup,
  day: Day,
): { project: CampaignProject; overdue: CampaignProject['nodes'] }[] {
  const out: { project: CampaignProject; overdue: CampaignProject['nodes'] }[] = [];
  for (const p0 of projects) {
    const p = projectAsOf(p0, day);
    if (!p) continue;
    const where = p.parcel_id ? parcel(p.parcel_id) : undefined;
    const inside = place.kind === 'town' ? (p.town || where?.properties.town || null) === place.id : parcelIn(place, where);
    if (inside) out.push({ project: p, overdue: overdueNodes(p, day) });
  }
  return out.sort((a, b) => (a.project.id < b.project.id ? -1 : a.project.id > b.project.id ? 1 : 0));
}

/** What the campaign layers draw from: the registers, the day, the parcels and the 标准地 achieved values. */
export interface CampaignMapData {
  day: Day;
  cases: readonly CampaignCase[];
  projects: readonly CampaignProject[];
  parks: readonly SmallPark[];
  agreements: readonly StandardLandAgreement[];
  plans: readonly BlockPlan[];
  parcel: ParcelLookup;
  achieved: (a: StandardLandAgreement) => AchievedData;
}
