// The 2025 campaign dashboard (issue 3 item 5, issue 11 items 4–6): each target of the policy's `targets_2025`
// beside the value computed from the data, never typed in, with the plan clause the target comes from. A target the
// data cannot measure says so and why, and shows no number.
// Targets come from DOMAIN.md "2025 targets" (seed 二, 三(一)2/5, 三(三)10–11, 三(四)14/17); the target numbers and
// their clauses live in the policy file. The thresholds inside a target's definition (a "10 亿元" project, a "1 亿元"
// chain project, the campaign years) are part of the target's wording and stay here beside its formula.
//
// Decisions (issue 11), so each number can be defended:
// - 腾出低效工业用地 counts land actually freed, from the 低效整治 case records (cases.json): Σ area_mu of cases closed
//   (合格销号) in the campaign years 2021–2025 whose outcome is handed_back or relet (腾退, 关停退出, 搬迁入园: land
//   returned or re-let) or use_raised (改造提升 raised its use); a parcel with several closed cases counts once (its
//   first closing). Without cases.json the row says the data cannot measure it — never a count of parcels in a block.
// - 腾出用能 / 减碳: Σ energy_freed_tce / co2_cut_t of those closed cases; a case that records no figure adds nothing
//   and is named in the source, so the value is what the records show, a lower bound.
// - 淘汰落后产能企业 = distinct firms whose case closed by 依法关停退出 (route close); 整治提升高耗低效企业 = distinct firms
//   whose case closed by 兼并重组, 整体腾退, 搬迁入园 or 改造提升 (the plan's "对其它高耗低效企业，通过…等办法，对标提升、合格
//   销号", 三(一)2). A firm closed is counted as eliminated and not as rectified, so no firm counts twice; a case with
//   no firm (land only) counts in neither. The register records the route, not whether the capacity was 落后 under the
//   national catalogue: every closure counts (stated in the formula).
// - 10 亿元以上重大制造业项目 and 1 亿元以上强链补链项目: "招引落地" — only projects from the landed stages on (建设实施,
//   竣工验收, 投产达产, 履约监管; not 招引). 重大制造业 counts `manufacturing` projects only; 强链补链 counts projects whose
//   `link` is a weak (弱) or missing (缺) link of its chain, strengths computed from enterprises.json as `tenglong
//   chains` does (today's strengths: a link the projects themselves made strong no longer counts them).
import { computeChainStrengths, type Strength } from '../chain/strength.ts';
import type { StrengthConfig } from '../chain/config.ts';
import {
  CASE_OUTCOMES,
  type CaseOutcome,
  type Chain,
  type Enterprise,
  type LowEfficiencyBlockProps,
  type LowEfficiencyCase,
  type LowEfficiencyCriterion,
  type Project,
} from '../data/schema.ts';
import type { SmallPark } from '../campaign/types.ts';
import { countyRules, SWAP_SOURCE, type LandSupplyRecord, type LandSwapRecord } from '../rules/county-rules.ts';
import type { FindingSource, FindingStatus } from '../rules/finding.ts';
import type { Policy, ThresholdSource } from '../rules/policy.ts';
import { firmLand, type StatsParcel } from './area-stats.ts';
import targetTexts from './dashboard-texts.json' with { type: 'json' };

type Text = { zh: string; en: string };

export type DashboardEnterprise = Pick<Enterprise, 'id' | 'above_scale' | 'tax_10k' | 'value_added_10k' | 'revenue_10k' | 'rd_10k'> &
  Partial<Pick<Enterprise, 'name' | 'chain' | 'link' | 'anchor'>>;
export type DashboardProject = Pick<Project, 'id' | 'investment_100m' | 'chain' | 'link' | 'stage' | 'manufacturing'>;
export type DashboardBlock = Pick<LowEfficiencyBlockProps, 'id' | 'renovation_status'>;
export type DashboardPark = Pick<SmallPark, 'id' | 'kind' | 'year' | 'stars' | 'rated_year'>;
export type DashboardCase = Pick<LowEfficiencyCase, 'id' | 'parcel_id' | 'enterprise_id' | 'route' | 'status' | 'closed_year' | 'area_mu' | 'outcome' | 'energy_freed_tce' | 'co2_cut_t'>;

export interface DashboardInput {
  /** The county's parcels; with `firmLand` given, only what other rows read (the campaign: the parcels its registers name). */
  parcels: readonly StatsParcel[];
  /**
   * Each firm's 亩 over the county (enterprises.json `land_mu`, firmLandOf: the same planar sum firmLand makes over the
   * parcels), so the per-亩 rows need not read the county; absent = firmLand(parcels).
   */
  firmLand?: ReadonlyMap<string, number>;
  enterprises: readonly DashboardEnterprise[];
  blocks: readonly DashboardBlock[];
  projects: readonly DashboardProject[];
  targets: Readonly<Record<string, number>>;
  /** The policy's sources by key path (`targets_2025.<key>`): each row shows where its target comes from. */
  sources?: Readonly<Record<string, ThresholdSource>>;
  /** 低效整治 cases (internal/cases.json); null or absent = no records, the rows they feed are not measurable. */
  cases?: readonly DashboardCase[] | null;
  /** chains.json and the policy's strength thresholds, for 强链补链; null or absent = not measurable. */
  chains?: { chains: readonly Chain[]; strength: StrengthConfig } | null;
  /** County rules (DOMAIN rules 6–7) from internal/land-supply.json and land-swap.json; null = file missing. */
  county?: { policy: Policy; supply: readonly LandSupplyRecord[] | null; swap: readonly LandSwapRecord[] | null };
  /** 小微企业园 (internal/small-parks.json, the workspace's register); null or absent = not measurable. */
  parks?: readonly DashboardPark[] | null;
}

export interface DashboardRow {
  key: string;
  label: Text;
  unit: Text;
  /** From the policy file; null when the policy has no number for this target. */
  target: number | null;
  /** Where the target comes from (the policy's source of `targets_2025.<key>`, or the county rule's); null if unknown. */
  target_source: FindingSource | null;
  /** Computed from the data; null when not measurable. */
  value: number | null;
  /** value / target (unclamped), null when either is missing. */
  progress: number | null;
  measurable: boolean;
  formula: Text;
  source: Text;
  /** Why the data cannot measure it (only when !measurable). */
  reason: Text | null;
  /** The value per year, for the rows counted from dated records (land, energy, CO₂ freed). */
  by_year?: { year: number; value: number }[];
  /** County-rule rows: the rule's findings (one per year for the supply share), for the planner to read. */
  findings?: { rule: string; status: FindingStatus; message: Text }[];
}

interface Measured {
  value: number | null;
  source: Text;
  by_year?: { year: number; value: number }[];
}
interface Unmeasured {
  reason: Text;
}
/** A 2025 target: its key (in the policy's targets_2025 and in dashboard-texts.json) and how it is measured. */
interface Def {
  key: string;
  /** Values for the placeholders of its formula text, besides the campaign's {first} and {last} years. */
  vars?: Record<string, number>;
  measure: ((d: Derived) => Measured | Unmeasured) | Unmeasured;
}

interface Derived {
  input: DashboardInput;
  land: ReadonlyMap<string, number>;
}

const PROJECT_BIG_100M = 10; // "10 亿元以上重大制造业项目" (seed 二, 三(三)10)
const CHAIN_PROJECT_100M = 1; // "1 亿元以上强链补链项目" (seed 三(三)11)
/** The campaign years (the plan's title: 2021—2025); cases closed outside them count towards no 2025 target. */
export const CAMPAIGN_YEARS = { first: 2021, last: 2025 } as const;
/** "招引落地": the project stages from landing on (建设实施, 竣工验收, 投产达产, 履约监管), not 招引 (seed 三(三)13). */
export const LANDED_STAGES: readonly Project['stage'][] = ['construct', 'accept', 'produce', 'supervise'];
/** Outcomes that count as land freed: returned, re-let, or its use raised (issue 11 item 5). */
export const FREED_OUTCOMES: readonly CaseOutcome[] = ['handed_back', 'relet', 'use_raised'];
/** Routes of 整治提升 ending in 合格销号 (三(一)2 "对其它高耗低效企业，通过兼并重组、整体腾退、搬迁入园、改造提升等办法"). */
export const RECTIFY_ROUTES: readonly LowEfficiencyCase['route'][] = ['merge', 'vacate', 'relocate', 'upgrade'];

function aboveScaleWithLand(d: Derived): { e: DashboardEnterprise; land: number }[] {
  return d.input.enterprises.filter((e) => e.above_scale).map((e) => ({ e, land: d.land.get(e.id) ?? 0 })).filter((x) => x.land > 0);
}

function perMuAboveScale(d: Derived, pick: (e: DashboardEnterprise) => number): Measured {
  const firms = aboveScaleWithLand(d);
  const num = firms.reduce((s, x) => s + pick(x.e), 0);
  const den = firms.reduce((s, x) => s + x.land, 0);
  return {
    value: den > 0 ? num / den : null,
    source: {
      zh: `enterprises.json 中 ${firms.length} 家有用地的规上企业；用地为其地块平面面积之和（parcels.fgb，${den.toFixed(2)} 亩）`,
      en: `${firms.length} above-scale firms with land in enterprises.json; land = Σ planar area of their parcels (parcels.fgb, ${den.toFixed(2)} mu)`,
    },
  };
}

const NO_HISTORY: Text = {
  zh: '数据无法衡量：示例数据只有一个年度，没有往年数据可比',
  en: 'Not measurable from the data: the data holds one year only, no earlier year to compare with',
};
const NO_CASES: Text = {
  zh: '数据无法衡量：缺少低效整治案件记录（cases.json），不以区块或地块状态推算',
  en: 'Not measurable from the data: no low-efficiency case records (cases.json); not estimated from blocks or parcel statuses',
};
const NO_PARKS: Text = {
  zh: '数据无法衡量：缺少小微企业园登记（small-parks.json）',
  en: 'Not measurable from the data: no small-firm park register (small-parks.json)',
};
/** "新培育五星级以上小微企业园" (三(一)5): rated five stars (the top of the 1–5 scale). */
const FIVE_STARS = 5;
const inCampaign = (y: number) => y >= CAMPAIGN_YEARS.first && y <= CAMPAIGN_YEARS.last;
const NO_CHAINS: Text = {
  zh: '数据无法衡量：缺少产业链数据（chains.json），无法判断项目所填环节的强弱',
  en: 'Not measurable from the data: no chain data (chains.json), so the strength of the link a project fills is unknown',
};

// ---- 低效整治 cases (cases.json) ----

const fmt2 = (n: number) => n.toFixed(2);
const years = (by: { year: number; value: number }[], unit: Text): Text => ({
  zh: by.map((y) => `${y.year} 年 ${fmt2(y.value)} ${unit.zh}`).join('，') || '无',
  en: by.map((y) => `${y.year} ${fmt2(y.value)} ${unit.en}`).join(', ') || 'none',
});

/** Closed cases (合格销号) in the campaign years, in closing order (year, then id). */
export function closedCases<C extends DashboardCase>(cases: readonly C[]): C[] {
  return cases
    .filter((c) => c.status === 'closed' && c.closed_year !== null && c.closed_year >= CAMPAIGN_YEARS.first && c.closed_year <= CAMPAIGN_YEARS.last)
    .sort((a, b) => a.closed_year! - b.closed_year! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function byYear(entries: readonly { year: number; value: number }[]): { year: number; value: number }[] {
  const m = new Map<number, number>();
  for (const e of entries) m.set(e.year, (m.get(e.year) ?? 0) + e.value);
  return [...m.entries()].sort((a, b) => a[0] - b[0]).map(([year, value]) => ({ year, value }));
}

export interface LandFreed {
  mu: number;
  /** Cases counted (one per parcel). */
  cases: number;
  by_year: { year: number; value: number }[];
  by_outcome: Record<CaseOutcome, number>;
  /** Closed cases on a parcel already counted by an earlier closing (not counted again). */
  repeated: number;
  /** Open cases, and closed ones outside the campaign years (not counted). */
  open: number;
  outside_years: number;
}

/** Land freed by closed cases (see the header): each parcel once, at its first closing in the campaign years. */
export function landFreed(cases: readonly DashboardCase[]): LandFreed {
  const seen = new Set<string>();
  const counted: DashboardCase[] = [];
  let repeated = 0;
  const closed = closedCases(cases);
  for (const c of closed) {
    if (c.outcome === null || !FREED_OUTCOMES.includes(c.outcome)) continue;
    if (seen.has(c.parcel_id)) {
      repeated++;
      continue;
    }
    seen.add(c.parcel_id);
    counted.push(c);
  }
  const by_outcome = Object.fromEntries(CASE_OUTCOMES.map((o) => [o, 0])) as Record<CaseOutcome, number>;
  for (const c of counted) by_outcome[c.outcome!] += c.area_mu;
  return {
    mu: counted.reduce((s, c) => s + c.area_mu, 0),
    cases: counted.length,
    by_year: byYear(counted.map((c) => ({ year: c.closed_year!, value: c.area_mu }))),
    by_outcome,
    repeated,
    open: cases.filter((c) => c.status === 'open').length,
    outside_years: cases.filter((c) => c.status === 'closed').length - closed.length,
  };
}

export interface CaseFigure {
  value: number;
  /** Closed cases in the campaign years recording the figure / not recording it. */
  recorded: number;
  missing: number;
  by_year: { year: number; value: number }[];
}

/** Σ of a figure over the closed cases of the campaign years that record it. */
export function caseFigure(cases: readonly DashboardCase[], pick: (c: DashboardCase) => number | null): CaseFigure {
  const closed = closedCases(cases);
  const withFigure = closed.filter((c) => pick(c) !== null);
  return {
    value: withFigure.reduce((s, c) => s + pick(c)!, 0),
    recorded: withFigure.length,
    missing: closed.length - withFigure.length,
    by_year: byYear(withFigure.map((c) => ({ year: c.closed_year!, value: pick(c)! }))),
  };
}

export interface CaseFirms {
  /** Distinct firms whose case closed by 依法关停退出. */
  eliminated: string[];
  /** Distinct firms whose case closed by merge, vacate, relocate or upgrade, and that are not among the eliminated. */
  rectified: string[];
  /** Closed cases without a firm (land only), counted in neither. */
  without_firm: number;
}

export function caseFirms(cases: readonly DashboardCase[]): CaseFirms {
  const closed = closedCases(cases);
  const eliminated = new Set(closed.filter((c) => c.route === 'close' && c.enterprise_id).map((c) => c.enterprise_id!));
  const rectified = new Set(closed.filter((c) => RECTIFY_ROUTES.includes(c.route) && c.enterprise_id && !eliminated.has(c.enterprise_id)).map((c) => c.enterprise_id!));
  return { eliminated: [...eliminated].sort(), rectified: [...rectified].sort(), without_firm: closed.filter((c) => !c.enterprise_id).length };
}

function caseFigureRow(d: Derived, pick: (c: DashboardCase) => number | null, unit: Text, what: Text): Measured | Unmeasured {
  const cases = d.input.cases;
  if (!cases) return { reason: NO_CASES };
  const f = caseFigure(cases, pick);
  if (f.recorded === 0 && f.missing > 0) {
    return {
      reason: {
        zh: `数据无法衡量：cases.json 中 ${f.missing} 宗已销号案件均未记录${what.zh}`,
        en: `Not measurable from the data: none of the ${f.missing} closed cases in cases.json records ${what.en}`,
      },
    };
  }
  const y = years(f.by_year, unit);
  return {
    value: f.value,
    by_year: f.by_year,
    source: {
      zh: `cases.json：${CAMPAIGN_YEARS.first}—${CAMPAIGN_YEARS.last} 年已销号案件中 ${f.recorded} 宗记录了${what.zh}（${y.zh}）${f.missing ? `；${f.missing} 宗未记录，不计（现值为下限）` : ''}`,
      en: `cases.json: ${f.recorded} cases closed in ${CAMPAIGN_YEARS.first}–${CAMPAIGN_YEARS.last} record ${what.en} (${y.en})${f.missing ? `; ${f.missing} record none and add nothing (the value is a lower bound)` : ''}`,
    },
  };
}

// ---- projects ----

const isLanded = (p: DashboardProject) => LANDED_STAGES.includes(p.stage);

/** Strength of every chain link, keyed `chain\u0000link`, from the enterprises (as `tenglong chains`). */
export function linkStrengths(chains: readonly Chain[], enterprises: readonly DashboardEnterprise[], cfg: StrengthConfig): Map<string, Strength> {
  const firms = enterprises.map((e) => ({
    id: e.id,
    name: e.name ?? e.id,
    chain: e.chain ?? null,
    link: e.link ?? null,
    anchor: e.anchor ?? false,
    value_added_10k: e.value_added_10k,
    revenue_10k: e.revenue_10k,
  }));
  const m = new Map<string, Strength>();
  for (const c of computeChainStrengths(chains, firms, cfg)) for (const l of c.links) m.set(`${l.chain}\u0000${l.link}`, l.strength);
  return m;
}

export const DASHBOARD_DEFS: readonly Def[] = [
  {
    key: 'tax_per_mu',
    measure: (d) => perMuAboveScale(d, (e) => e.tax_10k),
  },
  {
    key: 'va_per_mu',
    measure: (d) => perMuAboveScale(d, (e) => e.value_added_10k),
  },
  {
    key: 'labour_productivity_growth',
    measure: { reason: NO_HISTORY },
  },
  {
    key: 'backward_firms_eliminated',
    measure: (d) => {
      if (!d.input.cases) return { reason: NO_CASES };
      const f = caseFirms(d.input.cases);
      return {
        value: f.eliminated.length,
        source: {
          zh: `cases.json：${f.eliminated.length} 家企业以关停退出销号${f.without_firm ? `；${f.without_firm} 宗已销号案件无企业（仅土地），不计` : ''}`,
          en: `cases.json: ${f.eliminated.length} firms closed by 关停退出${f.without_firm ? `; ${f.without_firm} closed cases name no firm (land only) and count nowhere` : ''}`,
        },
      };
    },
  },
  {
    key: 'inefficient_firms_rectified',
    measure: (d) => {
      if (!d.input.cases) return { reason: NO_CASES };
      const f = caseFirms(d.input.cases);
      return {
        value: f.rectified.length,
        source: {
          zh: `cases.json：${f.rectified.length} 家企业经兼并重组、整体腾退、搬迁入园或改造提升销号`,
          en: `cases.json: ${f.rectified.length} firms closed their case by merger, vacating, relocation or upgrading`,
        },
      };
    },
  },
  {
    key: 'low_efficiency_land_freed_mu',
    measure: (d) => {
      if (!d.input.cases) return { reason: NO_CASES };
      const f = landFreed(d.input.cases);
      const y = years(f.by_year, { zh: '亩', en: 'mu' });
      const o = f.by_outcome;
      const skipped: [string, string][] = [];
      if (f.repeated) skipped.push([`${f.repeated} 宗与已计地块重复`, `${f.repeated} on a parcel already counted`]);
      if (f.open) skipped.push([`${f.open} 宗在办`, `${f.open} still open`]);
      if (f.outside_years) skipped.push([`${f.outside_years} 宗销号年份不在 ${CAMPAIGN_YEARS.first}—${CAMPAIGN_YEARS.last}`, `${f.outside_years} closed outside ${CAMPAIGN_YEARS.first}–${CAMPAIGN_YEARS.last}`]);
      return {
        value: f.mu,
        by_year: f.by_year,
        source: {
          zh: `cases.json：${f.cases} 宗销号案件（交回 ${fmt2(o.handed_back)} 亩，再出让 ${fmt2(o.relet)} 亩，改造提升 ${fmt2(o.use_raised)} 亩）：${y.zh}${skipped.length ? `；不计：${skipped.map((x) => x[0]).join('，')}` : ''}`,
          en: `cases.json: ${f.cases} closed cases (handed back ${fmt2(o.handed_back)} mu, re-let ${fmt2(o.relet)} mu, use raised ${fmt2(o.use_raised)} mu): ${y.en}${skipped.length ? `; not counted: ${skipped.map((x) => x[1]).join(', ')}` : ''}`,
        },
      };
    },
  },
  {
    key: 'energy_freed_tce',
    measure: (d) => caseFigureRow(d, (c) => c.energy_freed_tce, { zh: '吨标煤', en: 'tce' }, { zh: '腾出用能', en: 'energy freed' }),
  },
  {
    key: 'co2_cut_t',
    measure: (d) => caseFigureRow(d, (c) => c.co2_cut_t, { zh: '吨', en: 't' }, { zh: '减碳量', en: 'CO₂ cut' }),
  },
  {
    key: 'rd_share',
    measure: (d) => {
      const firms = d.input.enterprises.filter((e) => e.above_scale);
      const rev = firms.reduce((s, e) => s + e.revenue_10k, 0);
      return {
        value: rev > 0 ? firms.reduce((s, e) => s + e.rd_10k, 0) / rev : null,
        source: { zh: `enterprises.json 中 ${firms.length} 家规上企业`, en: `${firms.length} above-scale firms in enterprises.json` },
      };
    },
  },
  {
    key: 'projects_10b',
    vars: { min_100m: PROJECT_BIG_100M },
    measure: (d) => {
      const big = d.input.projects.filter((p) => p.investment_100m >= PROJECT_BIG_100M);
      const counted = big.filter((p) => p.manufacturing && isLanded(p));
      const attract = big.filter((p) => p.manufacturing && !isLanded(p)).length;
      const nonMfg = big.filter((p) => !p.manufacturing).length;
      return {
        value: counted.length,
        source: {
          zh: `projects.json（共 ${d.input.projects.length} 个项目）：≥ ${PROJECT_BIG_100M} 亿元的 ${big.length} 个中，已落地制造业项目 ${counted.length} 个；仍在招引 ${attract} 个、非制造业 ${nonMfg} 个，不计`,
          en: `projects.json (${d.input.projects.length} projects): of ${big.length} at ≥ ${PROJECT_BIG_100M} × 100m CNY, ${counted.length} landed manufacturing projects; ${attract} still being attracted and ${nonMfg} not manufacturing do not count`,
        },
      };
    },
  },
  {
    key: 'chain_projects_1b',
    vars: { min_100m: CHAIN_PROJECT_100M },
    measure: (d) => {
      const ch = d.input.chains;
      if (!ch) return { reason: NO_CHAINS };
      const strength = linkStrengths(ch.chains, d.input.enterprises, ch.strength);
      const big = d.input.projects.filter((p) => p.investment_100m >= CHAIN_PROJECT_100M);
      const withLink = big.filter((p) => p.chain && p.link);
      const fills = withLink.filter((p) => {
        const s = strength.get(`${p.chain}\u0000${p.link}`);
        return s === 'weak' || s === 'missing';
      });
      const counted = fills.filter(isLanded);
      return {
        value: counted.length,
        source: {
          zh: `projects.json（共 ${d.input.projects.length} 个项目）：≥ ${CHAIN_PROJECT_100M} 亿元且注明环节的 ${withLink.length} 个中，所填为弱/缺环节的 ${fills.length} 个，其中已落地 ${counted.length} 个计入、仍在招引 ${fills.length - counted.length} 个不计；未注明环节的 ${big.length - withLink.length} 个不计`,
          en: `projects.json (${d.input.projects.length} projects): of ${withLink.length} at ≥ ${CHAIN_PROJECT_100M} × 100m CNY naming a link, ${fills.length} fill a weak or missing link; ${counted.length} landed count, ${fills.length - counted.length} still being attracted do not; ${big.length - withLink.length} naming no link do not count`,
        },
      };
    },
  },
  {
    key: 'industrial_investment_growth',
    measure: { reason: NO_HISTORY },
  },
  {
    key: 'zhejiang_made_standards',
    measure: { reason: { zh: '数据无法衡量：数据中没有标准制定（「浙江制造」标准）记录', en: 'Not measurable from the data: no records of standards (Zhejiang Made) drafted' } },
  },
  {
    key: 'pinzibiao_firms',
    measure: { reason: { zh: '数据无法衡量：企业数据中没有「品字标」认证记录', en: 'Not measurable from the data: firms carry no Pinzibiao certification' } },
  },
  {
    key: 'blocks_renovated',
    measure: (d) => ({
      value: d.input.blocks.filter((b) => b.renovation_status === 'done').length,
      source: { zh: `low-efficiency-blocks.fgb（共 ${d.input.blocks.length} 个区块）`, en: `low-efficiency-blocks.fgb (${d.input.blocks.length} blocks)` },
    }),
  },
  {
    key: 'small_firm_parks',
    measure: (d) => {
      const parks = d.input.parks;
      if (!parks) return { reason: NO_PARKS };
      const counted = parks.filter((p) => inCampaign(p.year));
      const built = counted.filter((p) => p.kind === 'built').length;
      return {
        value: counted.length,
        by_year: byYear(counted.map((p) => ({ year: p.year, value: 1 }))),
        source: {
          zh: `小微企业园登记（共 ${parks.length} 个）：${CAMPAIGN_YEARS.first}—${CAMPAIGN_YEARS.last} 年建成 ${built} 个、提升 ${counted.length - built} 个；此前建成或提升的 ${parks.length - counted.length} 个不计`,
          en: `small-firm park register (${parks.length} parks): built ${built}, upgraded ${counted.length - built} in ${CAMPAIGN_YEARS.first}–${CAMPAIGN_YEARS.last}; ${parks.length - counted.length} built or upgraded before do not count`,
        },
      };
    },
  },
  {
    key: 'five_star_parks',
    measure: (d) => {
      const parks = d.input.parks;
      if (!parks) return { reason: NO_PARKS };
      const five = parks.filter((p) => p.stars !== null && p.stars >= FIVE_STARS);
      const counted = five.filter((p) => p.rated_year !== null && inCampaign(p.rated_year));
      return {
        value: counted.length,
        by_year: byYear(counted.map((p) => ({ year: p.rated_year!, value: 1 }))),
        source: {
          zh: `小微企业园登记：五星级 ${five.length} 个，其中 ${CAMPAIGN_YEARS.first}—${CAMPAIGN_YEARS.last} 年新评定 ${counted.length} 个`,
          en: `small-firm park register: ${five.length} five-star parks, ${counted.length} rated so in ${CAMPAIGN_YEARS.first}–${CAMPAIGN_YEARS.last}`,
        },
      };
    },
  },
  {
    key: 'green_factories',
    measure: { reason: { zh: '数据无法衡量：企业数据中没有绿色工厂评级', en: 'Not measurable from the data: firms carry no green-factory rating' } },
  },
];

/** Policy keys of the thresholds a low-efficiency criterion applies (status, dilapidated, banned apply none). */
export const CRITERION_SOURCE_KEYS: Partial<Record<LowEfficiencyCriterion, string>> = {
  tax: 'low_efficiency.tax_per_mu_below',
  far: 'far.low_efficiency_below',
};

/** The source of each criterion's threshold (the tax guideline is an assumption to confirm: shown as such). */
export function criterionSources(sources: Readonly<Record<string, ThresholdSource>>): Partial<Record<LowEfficiencyCriterion, FindingSource>> {
  const out: Partial<Record<LowEfficiencyCriterion, FindingSource>> = {};
  for (const [c, key] of Object.entries(CRITERION_SOURCE_KEYS) as [LowEfficiencyCriterion, string][]) {
    const s = sources[key];
    if (s) out[c] = { key, ...s };
  }
  return out;
}

function targetSource(sources: DashboardInput['sources'], key: string): FindingSource | null {
  const path = `targets_2025.${key}`;
  const s = sources?.[path];
  return s ? { key: path, ...s } : null;
}

const NO_SUPPLY: Text = { zh: '数据无法衡量：缺少供地记录', en: 'Not measurable from the data: no land-supply records' };
const NO_SWAP: Text = {
  zh: '数据无法衡量：缺少供地记录（增减挂钩的复垦与新增记录 land-swap.json）',
  en: 'Not measurable from the data: no land-supply records (the reclaimed/new records of land-swap.json)',
};
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/**
 * The two county rules as dashboard rows. Industrial share: the value is the lowest yearly share (the year that
 * decides whether the ≥ 35 % rule holds every year), the target the policy minimum. Swap: the value is the
 * balance in 亩 (reclaimed outside the lines − new inside), the reference 0; the plan only asks to explore 增减挂钩
 * (四(二)), so its finding is info or warn, never fail.
 */
export function countyRuleRows(county: DashboardInput['county'], sources?: DashboardInput['sources']): DashboardRow[] {
  const shareKey = 'land_supply.industrial_share_min';
  const shareSource = county ? county.policy.sources[shareKey] : sources?.[shareKey];
  const rules = county ? countyRules(county.supply, county.swap, county.policy) : { land_supply: null, land_swap: null };
  const min = county ? county.policy.land_supply.industrial_share_min : null;
  const uses = county ? county.policy.land_supply.industrial_uses.join('、') : '—';
  const shareRow: DashboardRow = {
    key: 'land_supply_industrial_share',
    label: { zh: '年度供地中工业用地占比（最低年份）', en: 'Industrial share of land supplied per year (lowest year)' },
    unit: { zh: '比例', en: 'share' },
    target: min,
    target_source: shareSource ? { key: shareKey, ...shareSource } : null,
    value: null,
    progress: null,
    measurable: false,
    formula: {
      zh: `逐年：Σ 工业用途（${uses}）供地亩数 ÷ Σ 供地亩数，每年 ≥ 目标；显示最低年份`,
      en: `Per year: Σ mu supplied for industrial uses (${uses}) ÷ Σ mu supplied, each year ≥ target; the lowest year is shown`,
    },
    source: { zh: '—', en: '—' },
    reason: NO_SUPPLY,
  };
  const supply = rules.land_supply;
  if (supply) {
    const shares = supply.map((f) => ({ year: Number(f.values['year']), share: f.values['share'] as number | null }));
    const known = shares.filter((y): y is { year: number; share: number } => y.share !== null);
    const low = known.reduce<{ year: number; share: number } | null>((m, y) => (m === null || y.share < m.share ? y : m), null);
    const fails = supply.filter((f) => f.status === 'fail').map((f) => String(f.values['year']));
    shareRow.measurable = true;
    shareRow.reason = null;
    shareRow.value = low?.share ?? null;
    shareRow.progress = low !== null && min ? low.share / min : null;
    shareRow.findings = supply.map((f) => ({ rule: f.rule, status: f.status, message: f.message }));
    shareRow.source = {
      zh: `land-supply.json（${county?.supply?.length ?? 0} 条供地记录）：${shares.map((y) => `${y.year} 年 ${pct(y.share)}`).join('，')}；${fails.length ? `${fails.join('、')} 年低于目标` : '各年均达标'}`,
      en: `land-supply.json (${county?.supply?.length ?? 0} grants): ${shares.map((y) => `${y.year} ${pct(y.share)}`).join(', ')}; ${fails.length ? `below target in ${fails.join(', ')}` : 'every year on target'}`,
    };
  }
  const swapRow: DashboardRow = {
    key: 'land_swap_balance',
    label: { zh: '增减挂钩结余（线外复垦 − 线内新增，探索）', en: 'Land-swap balance (reclaimed outside − new inside the lines; to explore)' },
    unit: { zh: '亩', en: 'mu' },
    target: 0,
    target_source: SWAP_SOURCE,
    value: null,
    progress: null,
    measurable: false,
    formula: {
      zh: 'Σ 控制线外复垦/清退工业用地亩数 − Σ 控制线内新增工业用地亩数。方案四(二)只提出探索增减挂钩机制：结余 ≥ 0 为提示，结余为负或线外有新增时为警示，均非不合格',
      en: 'Σ mu of industrial land reclaimed outside the control lines − Σ mu of new industrial land inside them. The plan (四(二)) only asks to explore the mechanism: a balance ≥ 0 is information, a deficit or new land outside the lines a warning, never a failure',
    },
    source: { zh: '—', en: '—' },
    reason: NO_SWAP,
  };
  const swap = rules.land_swap;
  if (swap) {
    swapRow.measurable = true;
    swapRow.reason = null;
    swapRow.value = swap.values['balance_mu'] as number;
    swapRow.findings = [{ rule: swap.rule, status: swap.status, message: swap.message }];
    swapRow.source = {
      zh: `land-swap.json（${county?.swap?.length ?? 0} 条记录）：${swap.message.zh}`,
      en: `land-swap.json (${county?.swap?.length ?? 0} records): ${swap.message.en}`,
    };
  }
  return [shareRow, swapRow];
}

export function computeDashboard(input: DashboardInput): DashboardRow[] {
  const d: Derived = { input, land: input.firmLand ?? firmLand(input.parcels) };
  return [...targetRows(d), ...countyRuleRows(input.county, input.sources)];
}

type TargetTexts = Record<string, { label: Text; unit: Text; formula: Text }>;
const TEXTS: TargetTexts = Object.fromEntries(Object.entries(targetTexts).filter(([k]) => !k.startsWith('_'))) as TargetTexts;

/** A target's label, unit and formula (dashboard-texts.json), the formula's placeholders filled. */
export function targetText(def: Pick<Def, 'key' | 'vars'>): { label: Text; unit: Text; formula: Text } {
  const text = TEXTS[def.key];
  if (!text) throw new Error(`dashboard-texts.json has no text for target ${def.key}`);
  const vars: Record<string, number> = { first: CAMPAIGN_YEARS.first, last: CAMPAIGN_YEARS.last, ...def.vars };
  const fill = (s: string): string => s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
  return { label: text.label, unit: text.unit, formula: { zh: fill(text.formula.zh), en: fill(text.formula.en) } };
}

function targetRows(d: Derived): DashboardRow[] {
  const input = d.input;
  return DASHBOARD_DEFS.map((def) => {
    const target = input.targets[def.key] ?? null;
    const text = targetText(def);
    const common = { key: def.key, label: text.label, unit: text.unit, target, target_source: targetSource(input.sources, def.key), formula: text.formula };
    const m = typeof def.measure === 'function' ? def.measure(d) : def.measure;
    if ('reason' in m) return { ...common, value: null, progress: null, measurable: false, source: { zh: '—', en: '—' }, reason: m.reason };
    const progress = m.value !== null && target !== null && target !== 0 ? m.value / target : null;
    const row: DashboardRow = { ...common, value: m.value, progress, measurable: true, source: m.source, reason: null };
    if (m.by_year) row.by_year = m.by_year;
    return row;
  });
}
