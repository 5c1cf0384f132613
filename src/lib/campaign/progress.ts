// Progress by year and the 赛马 between towns (issue 15 item 5, seed 五(一)–(二)): the 2025 dashboard computed on the
// registers as they stood at the end of a year (as-of.ts), each counted target beside a linear path from zero at the
// start of 2021 to its 2025 target; the same measures per town, ranked. One function for the app's dashboard and for
// `tenglong progress`, so both show the same numbers for the same year.
import { closedCases, computeDashboard, landFreed, CAMPAIGN_YEARS, LANDED_STAGES, type DashboardInput, type DashboardRow } from '../stats/dashboard.ts';
import { blocksAsOf, caseAsOf, dayOf, projectAsOf, type DatedBlock, type YearChoice } from './as-of.ts';
import { complianceStatus, agreementFindings, type AchievedData, type ComplianceStatus } from './compliance.ts';
import { nodeScore } from './nodes.ts';
import type { BlockPlan, CampaignCase, CampaignProject, Day, SmallPark, StandardLandAgreement } from './types.ts';

type Text = { zh: string; en: string };

/** Targets that add up over the years (a linear path to 2025 makes sense for them). */
export const CUMULATIVE_TARGETS: readonly string[] = [
  'backward_firms_eliminated',
  'inefficient_firms_rectified',
  'low_efficiency_land_freed_mu',
  'energy_freed_tce',
  'co2_cut_t',
  'projects_10b',
  'chain_projects_1b',
  'blocks_renovated',
  'small_firm_parks',
  'five_star_parks',
  'green_factories',
  'zhejiang_made_standards',
  'pinzibiao_firms',
];
/** Rows computed from the firms' figures, which the data holds for one period only (today's). */
export const SNAPSHOT_TARGETS: readonly string[] = ['tax_per_mu', 'va_per_mu', 'rd_share'];

export interface CampaignInput extends Omit<DashboardInput, 'cases' | 'projects' | 'blocks' | 'parks'> {
  /** null: the county has no case register (the rows it feeds say so). */
  cases: readonly CampaignCase[] | null;
  projects: readonly CampaignProject[];
  blocks: readonly DatedBlock[];
  plans: readonly BlockPlan[];
  parks: readonly SmallPark[] | null;
  agreements: readonly StandardLandAgreement[] | null;
  /** The 亩均 data an agreement's achieved values come from. */
  achieved?: (a: StandardLandAgreement) => AchievedData;
  /** A parcel's town, for records that do not name one. */
  townOfParcel?: (parcelId: string) => string | null;
}

export interface ProgressRow extends DashboardRow {
  /** The target's linear path at the day: target × elapsed campaign years / 5 (measurable cumulative targets only). */
  path: number | null;
  /** value − path (ahead when ≥ 0). */
  ahead: number | null;
}

export interface StandardLandCount {
  agreements: number;
  met: number;
  unmet: number;
  no_data: number;
  not_due: number;
}

export interface CampaignProgress {
  choice: YearChoice;
  day: Day;
  rows: ProgressRow[];
  standard_land: StandardLandCount | null;
  towns: TownRow[];
}

/** Campaign years elapsed by `day` (fractional within a year), 0 before 2021, 5 after 2025. */
export function yearsElapsed(day: Day): number {
  const y = Number(day.slice(0, 4));
  if (y < CAMPAIGN_YEARS.first) return 0;
  if (y > CAMPAIGN_YEARS.last) return CAMPAIGN_YEARS.last - CAMPAIGN_YEARS.first + 1;
  const start = Date.UTC(y, 0, 1);
  const end = Date.UTC(y + 1, 0, 1);
  const t = Date.UTC(y, Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) + 86400000; // the day counts whole
  return y - CAMPAIGN_YEARS.first + (t - start) / (end - start);
}

/** The linear path to a 2025 target at `day`. */
export function pathValue(target: number, day: Day): number {
  return (target * yearsElapsed(day)) / (CAMPAIGN_YEARS.last - CAMPAIGN_YEARS.first + 1);
}

const snapshotReason = (year: number): Text => ({
  zh: `数据无法衡量：企业数据只有当前一期，不能回推 ${year} 年末的值（选择“现在”查看）`,
  en: `Not measurable from the data: the firms' figures are for the current period only and cannot be taken back to the end of ${year} (choose "now")`,
});

/** The registers on `day`, as the dashboard reads them. */
export function registersAsOf(input: CampaignInput, day: Day): { cases: CampaignCase[] | null; projects: CampaignProject[]; blocks: DatedBlock[] } {
  return {
    cases: input.cases ? input.cases.map((c) => caseAsOf(c, day)).filter((c): c is CampaignCase => c !== null) : null,
    projects: input.projects.map((p) => projectAsOf(p, day)).filter((p): p is CampaignProject => p !== null),
    blocks: blocksAsOf(input.blocks, input.plans, day),
  };
}

/** The dashboard, the standard-land count and the town table as they stood on the choice's day. */
export function campaignProgress(input: CampaignInput, choice: YearChoice, today: Day): CampaignProgress {
  const day = dayOf(choice, today);
  const reg = registersAsOf(input, day);
  const parks = input.parks ? input.parks.filter((p) => p.year <= Number(day.slice(0, 4))).map((p) => (p.rated_year !== null && p.rated_year > Number(day.slice(0, 4)) ? { ...p, stars: null, rated_year: null } : p)) : null;
  const rows = computeDashboard({ ...input, cases: reg.cases, projects: reg.projects, blocks: reg.blocks, parks }).map((r): ProgressRow => {
    if (choice !== 'now' && SNAPSHOT_TARGETS.includes(r.key)) {
      return { ...r, value: null, progress: null, measurable: false, source: { zh: '—', en: '—' }, reason: snapshotReason(choice), path: null, ahead: null };
    }
    // A path only beside a value: an unmeasurable row has nothing to be ahead of or behind.
    const path = r.measurable && CUMULATIVE_TARGETS.includes(r.key) && r.target !== null ? pathValue(r.target, day) : null;
    return { ...r, path, ahead: path !== null && r.value !== null ? r.value - path : null };
  });
  return { choice, day, rows, standard_land: standardLandCount(input, day), towns: townRace(input, day) };
}

export function standardLandCount(input: Pick<CampaignInput, 'agreements' | 'achieved'>, day: Day): StandardLandCount | null {
  if (!input.agreements) return null;
  const out: StandardLandCount = { agreements: 0, met: 0, unmet: 0, no_data: 0, not_due: 0 };
  for (const a of input.agreements) {
    if (a.signed > day) continue;
    out.agreements++;
    out[agreementStatus(input, a, day)]++;
  }
  return out;
}

export function agreementStatus(input: Pick<CampaignInput, 'achieved'>, a: StandardLandAgreement, day: Day): ComplianceStatus {
  const data: AchievedData = input.achieved?.(a) ?? { firm: null, parcel: null, investment_100m: null };
  return complianceStatus(agreementFindings(a, day, data));
}

export interface TownRow {
  town: string;
  rank: number;
  cases_open: number;
  cases_closed: number;
  land_freed_mu: number;
  energy_freed_tce: number;
  co2_cut_t: number;
  projects_landed: number;
  nodes_overdue: number;
  /** Share of the town's projects' due nodes done on time (null: none due). */
  on_time: number | null;
  blocks_renovated: number;
  blocks: number;
  parks: number;
}

/**
 * 赛马: the same measures per town on `day`, ranked by land freed, then cases closed, then projects landed, then
 * fewer overdue nodes. A record's town is its own, else its parcel's; records with neither are under "—".
 */
export function townRace(input: CampaignInput, day: Day): TownRow[] {
  const reg = registersAsOf(input, day);
  const townOf = (own: string | null, parcel: string | null): string => {
    if (own) return own;
    return (parcel && input.townOfParcel ? input.townOfParcel(parcel) : null) || '—';
  };
  const rows = new Map<string, Omit<TownRow, 'rank' | 'on_time'> & { nodes: CampaignProject['nodes'] }>();
  const row = (town: string) => {
    let r = rows.get(town);
    if (!r) {
      r = { town, cases_open: 0, cases_closed: 0, land_freed_mu: 0, energy_freed_tce: 0, co2_cut_t: 0, projects_landed: 0, nodes_overdue: 0, blocks_renovated: 0, blocks: 0, parks: 0, nodes: [] };
      rows.set(town, r);
    }
    return r;
  };
  const casesByTown = new Map<string, CampaignCase[]>();
  for (const c of reg.cases ?? []) {
    const t = townOf(c.town, c.parcel_id);
    casesByTown.set(t, [...(casesByTown.get(t) ?? []), c]);
  }
  for (const [t, cases] of casesByTown) {
    const r = row(t);
    r.cases_open = cases.filter((c) => c.status === 'open').length;
    const closed = closedCases(cases);
    r.cases_closed = closed.length;
    r.land_freed_mu = landFreed(cases).mu;
    r.energy_freed_tce = closed.reduce((s, c) => s + (c.energy_freed_tce ?? 0), 0);
    r.co2_cut_t = closed.reduce((s, c) => s + (c.co2_cut_t ?? 0), 0);
  }
  for (const p of reg.projects) {
    const r = row(townOf(p.town, p.parcel_id));
    if (LANDED_STAGES.includes(p.stage)) r.projects_landed++;
    r.nodes.push(...p.nodes);
  }
  const blockStatus = new Map(reg.blocks.map((b) => [b.id, b.renovation_status]));
  for (const plan of input.plans) {
    const r = row(plan.town ?? '—');
    r.blocks++;
    if (blockStatus.get(plan.block_id) === 'done') r.blocks_renovated++;
  }
  const year = Number(day.slice(0, 4));
  for (const p of input.parks ?? []) if (p.year <= year && p.year >= CAMPAIGN_YEARS.first) row(p.town ?? '—').parks++;
  const out = [...rows.values()].map(({ nodes, ...r }) => {
    const s = nodeScore(nodes, day);
    return { ...r, nodes_overdue: s.overdue, on_time: s.ratio };
  });
  out.sort(
    (a, b) =>
      b.land_freed_mu - a.land_freed_mu ||
      b.cases_closed - a.cases_closed ||
      b.projects_landed - a.projects_landed ||
      a.nodes_overdue - b.nodes_overdue ||
      (a.town < b.town ? -1 : a.town > b.town ? 1 : 0),
  );
  return out.map((r, i) => ({ ...r, rank: i + 1 }));
}
