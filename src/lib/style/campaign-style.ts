// The campaign layers' colours (挂图作战, issue 15): one definition per class feeds the map's paint expressions,
// the layer panel's legend and the printed legend, as parcel-style.ts does for the parcels.
import { CASE_ROUTES, PROJECT_STAGES } from '../data/schema.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { ComplianceStatus } from '../campaign/compliance.ts';
import type { LegendEntry } from './parcel-style.ts';

/** Cases by route (整治路径). */
export const CASE_ROUTE_COLOURS: Record<(typeof CASE_ROUTES)[number], string> = {
  close: '#b2182b',
  merge: '#7b3294',
  vacate: '#e66101',
  relocate: '#2166ac',
  upgrade: '#1b9e77',
};
/** Open cases are filled strongly with a dark outline; closed (销号/关停退出) ones light, with a dashed outline. */
export const CASE_FILL_OPACITY = { open: 0.75, closed: 0.25 } as const;
export const CASE_OUTLINE = { open: '#222222', closed: '#666666' } as const;

/** Projects by lifecycle stage; any overdue node turns the circle red. */
export const PROJECT_STAGE_COLOURS: Record<(typeof PROJECT_STAGES)[number], string> = {
  attract: '#9ecae1',
  construct: '#4292c6',
  accept: '#807dba',
  produce: '#238b45',
  supervise: '#525252',
};
export const OVERDUE_COLOUR = '#e31a1c';

/** 小微企业园: gold stars, a circle whose radius grows with the rating. */
export const PARK_COLOUR = '#f1b300';
export const PARK_RADIUS = { base: 5, perStar: 1.6 } as const;

/** 标准地 by 履约 status: met green, unmet red, no data grey; not due is an outline only. */
export const COMPLIANCE_COLOURS: Record<ComplianceStatus, string> = { met: '#1a9850', unmet: '#d73027', no_data: '#9e9e9e', not_due: '#4d4d4d' };
export const COMPLIANCE_ORDER: readonly ComplianceStatus[] = ['met', 'unmet', 'no_data', 'not_due'];

/** The wash of a planned block (the low-efficiency blocks' orange, LOW_EFF_STYLE). */
export const LOW_EFF_BLOCK_PLAN_COLOUR = '#ff7f00';
/** A block's plan progress: the block's fill opacity runs from `min` (nothing done) to `max` (all done). */
export const BLOCK_PROGRESS_OPACITY = { none: 0.18, min: 0.1, max: 0.6 } as const;

export type CampaignSwatch = 'fill' | 'outline' | 'dashed-outline' | 'circle' | 'star';
export interface CampaignLegendEntry extends LegendEntry {
  swatch: CampaignSwatch;
}

export function caseLegend(): CampaignLegendEntry[] {
  return [
    ...CASE_ROUTES.map((r) => ({ key: r, label: `campaignMap.route.${r}` as MessageKey, colour: CASE_ROUTE_COLOURS[r], swatch: 'fill' as const })),
    { key: 'closed', label: 'campaignMap.case.closed', colour: CASE_OUTLINE.closed, swatch: 'dashed-outline' },
  ];
}
export function projectLegend(): CampaignLegendEntry[] {
  return [
    ...PROJECT_STAGES.map((s) => ({ key: s, label: `campaignMap.pstage.${s}` as MessageKey, colour: PROJECT_STAGE_COLOURS[s], swatch: 'circle' as const })),
    { key: 'overdue', label: 'campaignMap.project.overdue', colour: OVERDUE_COLOUR, swatch: 'circle' },
  ];
}
export function parkLegend(): CampaignLegendEntry[] {
  return [{ key: 'park', label: 'campaignMap.park.legend', colour: PARK_COLOUR, swatch: 'star' }];
}
export function complianceLegend(): CampaignLegendEntry[] {
  return COMPLIANCE_ORDER.map((s) => ({ key: s, label: `campaignMap.compliance.${s}` as MessageKey, colour: COMPLIANCE_COLOURS[s], swatch: s === 'not_due' ? 'outline' : 'fill' }));
}
export function blockPlanLegend(): CampaignLegendEntry[] {
  return [{ key: 'plan', label: 'campaignMap.block.progress', colour: LOW_EFF_BLOCK_PLAN_COLOUR, swatch: 'fill' }];
}

/** MapLibre expressions (plain JSON, so this module stays free of MapLibre). */
export function caseFillExpression(): unknown[] {
  return ['match', ['get', 'route'], ...CASE_ROUTES.flatMap((r) => [r, CASE_ROUTE_COLOURS[r]]), '#999999'];
}
export function caseOpacityExpression(): unknown[] {
  return ['case', ['==', ['get', 'closed'], true], CASE_FILL_OPACITY.closed, CASE_FILL_OPACITY.open];
}
export function projectColourExpression(): unknown[] {
  return ['case', ['>', ['get', 'overdue'], 0], OVERDUE_COLOUR, ['match', ['get', 'stage'], ...PROJECT_STAGES.flatMap((s) => [s, PROJECT_STAGE_COLOURS[s]]), '#999999']];
}
export function parkRadiusExpression(): unknown[] {
  return ['+', PARK_RADIUS.base, ['*', PARK_RADIUS.perStar, ['coalesce', ['get', 'stars'], 0]]];
}
export function complianceFillExpression(): unknown[] {
  return ['match', ['get', 'status'], ...COMPLIANCE_ORDER.flatMap((s) => [s, COMPLIANCE_COLOURS[s]]), '#999999'];
}
export function complianceOpacityExpression(): unknown[] {
  return ['case', ['==', ['get', 'status'], 'not_due'], 0, 0.7];
}
/** Blocks: opacity by the plan's share done; blocks without a plan keep the plain wash. */
export function blockOpacityExpression(): unknown[] {
  const { none, min, max } = BLOCK_PROGRESS_OPACITY;
  return ['case', ['==', ['get', 'has_plan'], true], ['+', min, ['*', max - min, ['get', 'plan_share']]], none];
}
