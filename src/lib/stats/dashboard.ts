// The 2025 campaign dashboard (issue 3 item 5): each target of the policy's `targets_2025` beside the value
// computed from the data, never typed in. A target the data cannot measure says so and why.
// Targets come from DOMAIN.md "2025 targets" (seed §二, §5, §11, §2); the target numbers live in the policy file.
// The thresholds inside a target's definition (a "10 亿元" project, a "1 亿元" chain project) are part of the
// target's wording and stay here beside its formula.
import type { Enterprise, LowEfficiencyBlockProps, Project } from '../data/schema.ts';
import { countyRules, type LandSupplyRecord, type LandSwapRecord } from '../rules/county-rules.ts';
import type { FindingStatus } from '../rules/finding.ts';
import type { Policy } from '../rules/policy.ts';
import { firmLand, type StatsParcel } from './area-stats.ts';

type Text = { zh: string; en: string };

export type DashboardEnterprise = Pick<Enterprise, 'id' | 'above_scale' | 'tax_10k' | 'value_added_10k' | 'revenue_10k' | 'rd_10k'>;
export type DashboardProject = Pick<Project, 'id' | 'investment_100m' | 'chain'>;
export type DashboardBlock = Pick<LowEfficiencyBlockProps, 'id' | 'renovation_status'>;

export interface DashboardInput {
  parcels: readonly StatsParcel[];
  enterprises: readonly DashboardEnterprise[];
  blocks: readonly DashboardBlock[];
  projects: readonly DashboardProject[];
  targets: Readonly<Record<string, number>>;
  /** County rules (DOMAIN rules 6–7) from internal/land-supply.json and land-swap.json; null = file missing. */
  county?: { policy: Policy; supply: readonly LandSupplyRecord[] | null; swap: readonly LandSwapRecord[] | null };
}

export interface DashboardRow {
  key: string;
  label: Text;
  unit: Text;
  /** From the policy file; null when the policy has no number for this target. */
  target: number | null;
  /** Computed from the data; null when not measurable. */
  value: number | null;
  /** value / target (unclamped), null when either is missing. */
  progress: number | null;
  measurable: boolean;
  formula: Text;
  source: Text;
  /** Why the data cannot measure it (only when !measurable). */
  reason: Text | null;
  /** County-rule rows: the rule's findings (one per year for the supply share), for the planner to read. */
  findings?: { rule: string; status: FindingStatus; message: Text }[];
}

interface Measured {
  value: number | null;
  source: Text;
}
interface Def {
  key: string;
  label: Text;
  unit: Text;
  formula: Text;
  measure: ((d: Derived) => Measured) | { reason: Text };
}

interface Derived {
  input: DashboardInput;
  land: Map<string, number>;
}

const PROJECT_BIG_100M = 10; // "10 亿元以上项目" (seed §二)
const CHAIN_PROJECT_100M = 1; // "亿元以上产业链项目" (seed §11)

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

export const DASHBOARD_DEFS: readonly Def[] = [
  {
    key: 'tax_per_mu',
    label: { zh: '规上工业亩均税收', en: 'Tax per mu (above-scale)' },
    unit: { zh: '万元/亩', en: '10k CNY/mu' },
    formula: { zh: 'Σ 规上企业税收 ÷ Σ 规上企业用地（亩，平面）', en: 'Σ tax of above-scale firms ÷ Σ their land (mu, planar)' },
    measure: (d) => perMuAboveScale(d, (e) => e.tax_10k),
  },
  {
    key: 'va_per_mu',
    label: { zh: '规上工业亩均增加值', en: 'Value added per mu (above-scale)' },
    unit: { zh: '万元/亩', en: '10k CNY/mu' },
    formula: { zh: 'Σ 规上企业增加值 ÷ Σ 规上企业用地（亩，平面）', en: 'Σ value added of above-scale firms ÷ Σ their land (mu, planar)' },
    measure: (d) => perMuAboveScale(d, (e) => e.value_added_10k),
  },
  {
    key: 'labour_productivity_growth',
    label: { zh: '全员劳动生产率年均增长', en: 'Labour productivity growth per year' },
    unit: { zh: '比例', en: 'share' },
    formula: { zh: '(本年增加值/从业人员) ÷ (上年增加值/从业人员) − 1', en: '(VA / employees this year) ÷ (same last year) − 1' },
    measure: { reason: NO_HISTORY },
  },
  {
    key: 'backward_firms_eliminated',
    label: { zh: '淘汰落后产能企业', en: 'Backward-capacity firms eliminated' },
    unit: { zh: '家', en: 'firms' },
    formula: { zh: '自 2021 年起退出的落后产能企业数', en: 'Count of backward-capacity firms closed since 2021' },
    measure: { reason: { zh: '数据无法衡量：没有企业退出的历史记录', en: 'Not measurable from the data: no history of firms that closed' } },
  },
  {
    key: 'inefficient_firms_rectified',
    label: { zh: '整治提升高耗低效企业', en: 'High-energy low-efficiency firms rectified' },
    unit: { zh: '家', en: 'firms' },
    formula: { zh: '自 2021 年起完成整治的高耗低效企业数', en: 'Count of such firms rectified since 2021' },
    measure: { reason: { zh: '数据无法衡量：没有企业整治的历史记录', en: 'Not measurable from the data: no history of rectified firms' } },
  },
  {
    key: 'low_efficiency_land_freed_mu',
    label: { zh: '盘活低效工业用地', en: 'Low-efficiency industrial land freed' },
    unit: { zh: '亩', en: 'mu' },
    formula: {
      zh: 'Σ 整治状态为「已完成」的低效区块内地块面积（亩，平面）',
      en: 'Σ planar mu of parcels in low-efficiency blocks whose renovation is done',
    },
    measure: (d) => {
      const done = new Set(d.input.blocks.filter((b) => b.renovation_status === 'done').map((b) => b.id));
      let mu = 0;
      let n = 0;
      for (const { properties: p } of d.input.parcels) {
        if (p.low_eff_block && done.has(p.low_eff_block)) {
          mu += p.area_mu_planar;
          n++;
        }
      }
      return {
        value: mu,
        source: {
          zh: `low-efficiency-blocks.fgb 中 ${done.size} 个已完成区块（${[...done].sort().join('、') || '无'}）内的 ${n} 个地块（parcels.fgb 的 low_eff_block）`,
          en: `${n} parcels (parcels.fgb low_eff_block) in the ${done.size} done blocks of low-efficiency-blocks.fgb (${[...done].sort().join(', ') || 'none'})`,
        },
      };
    },
  },
  {
    key: 'energy_freed_tce',
    label: { zh: '腾出用能空间', en: 'Energy use freed' },
    unit: { zh: '吨标煤', en: 'tce' },
    formula: { zh: '整治前能耗 − 整治后能耗（吨标煤）', en: 'Energy before − after rectification (tce)' },
    measure: { reason: NO_HISTORY },
  },
  {
    key: 'co2_cut_t',
    label: { zh: '减少碳排放', en: 'CO₂ cut' },
    unit: { zh: '吨', en: 't' },
    formula: { zh: '基准年排放 − 本年排放（吨 CO₂）', en: 'Base-year CO₂ − this year (t)' },
    measure: { reason: NO_HISTORY },
  },
  {
    key: 'rd_share',
    label: { zh: '规上工业研发经费占营业收入比重', en: 'R&D share of revenue (above-scale)' },
    unit: { zh: '比例', en: 'share' },
    formula: { zh: 'Σ 规上企业研发经费 ÷ Σ 规上企业营业收入', en: 'Σ R&D of above-scale firms ÷ Σ their revenue' },
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
    label: { zh: '10 亿元以上项目', en: 'Projects of ≥ 1 bn CNY' },
    unit: { zh: '个', en: 'projects' },
    formula: { zh: `projects.json 中投资 ≥ ${PROJECT_BIG_100M} 亿元的项目数`, en: `Projects in projects.json with investment ≥ ${PROJECT_BIG_100M} × 100m CNY` },
    measure: (d) => ({
      value: d.input.projects.filter((p) => p.investment_100m >= PROJECT_BIG_100M).length,
      source: { zh: `projects.json（共 ${d.input.projects.length} 个项目）`, en: `projects.json (${d.input.projects.length} projects)` },
    }),
  },
  {
    key: 'chain_projects_1b',
    label: { zh: '亿元以上产业链项目', en: 'Chain projects of ≥ 100m CNY' },
    unit: { zh: '个', en: 'projects' },
    formula: {
      zh: `projects.json 中属于产业链（chain 非空）且投资 ≥ ${CHAIN_PROJECT_100M} 亿元的项目数`,
      en: `Projects in projects.json on a chain (chain set) with investment ≥ ${CHAIN_PROJECT_100M} × 100m CNY`,
    },
    measure: (d) => ({
      value: d.input.projects.filter((p) => p.chain !== null && p.chain !== '' && p.investment_100m >= CHAIN_PROJECT_100M).length,
      source: { zh: `projects.json（共 ${d.input.projects.length} 个项目）`, en: `projects.json (${d.input.projects.length} projects)` },
    }),
  },
  {
    key: 'industrial_investment_growth',
    label: { zh: '工业投资年均增长', en: 'Industrial investment growth per year' },
    unit: { zh: '比例', en: 'share' },
    formula: { zh: '本年工业投资 ÷ 上年工业投资 − 1', en: 'Industrial investment this year ÷ last year − 1' },
    measure: { reason: NO_HISTORY },
  },
  {
    key: 'blocks_renovated',
    label: { zh: '完成整治的低效工业区块', en: 'Low-efficiency blocks renovated' },
    unit: { zh: '个', en: 'blocks' },
    formula: { zh: '整治状态为「已完成」的低效区块数', en: 'Count of low-efficiency blocks whose renovation is done' },
    measure: (d) => ({
      value: d.input.blocks.filter((b) => b.renovation_status === 'done').length,
      source: { zh: `low-efficiency-blocks.fgb（共 ${d.input.blocks.length} 个区块）`, en: `low-efficiency-blocks.fgb (${d.input.blocks.length} blocks)` },
    }),
  },
  {
    key: 'small_firm_parks',
    label: { zh: '新建小微企业园', en: 'Small-firm parks built' },
    unit: { zh: '个', en: 'parks' },
    formula: { zh: '2021 年以来建成的小微企业园数', en: 'Small-firm parks completed since 2021' },
    measure: { reason: { zh: '数据无法衡量：数据中没有园区类型和建成年份', en: 'Not measurable from the data: parks carry no kind or completion year' } },
  },
  {
    key: 'five_star_parks',
    label: { zh: '新增五星级小微企业园', en: 'New five-star parks' },
    unit: { zh: '个', en: 'parks' },
    formula: { zh: '新评定的五星级小微企业园数', en: 'Parks newly rated five stars' },
    measure: { reason: { zh: '数据无法衡量：数据中没有园区星级', en: 'Not measurable from the data: parks carry no star rating' } },
  },
  {
    key: 'green_factories',
    label: { zh: '三星级绿色工厂', en: 'Three-star green factories' },
    unit: { zh: '家', en: 'factories' },
    formula: { zh: '获评三星级绿色工厂的企业数', en: 'Firms rated three-star green factory' },
    measure: { reason: { zh: '数据无法衡量：企业数据中没有绿色工厂评级', en: 'Not measurable from the data: firms carry no green-factory rating' } },
  },
];

const NO_SUPPLY: Text = { zh: '数据无法衡量：缺少供地记录', en: 'Not measurable from the data: no land-supply records' };
const NO_SWAP: Text = {
  zh: '数据无法衡量：缺少供地记录（增减挂钩的复垦与新增记录 land-swap.json）',
  en: 'Not measurable from the data: no land-supply records (the reclaimed/new records of land-swap.json)',
};
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/**
 * The two county rules as dashboard rows. Industrial share: the value is the lowest yearly share (the year that
 * decides whether the ≥ 35 % rule holds every year), the target the policy minimum. Swap: the value is the
 * balance in 亩 (reclaimed outside the lines − new inside), the target 0 (never negative).
 */
export function countyRuleRows(county: DashboardInput['county']): DashboardRow[] {
  const rules = county ? countyRules(county.supply, county.swap, county.policy) : { land_supply: null, land_swap: null };
  const min = county ? county.policy.land_supply.industrial_share_min : null;
  const uses = county ? county.policy.land_supply.industrial_uses.join('、') : '—';
  const shareRow: DashboardRow = {
    key: 'land_supply_industrial_share',
    label: { zh: '年度供地中工业用地占比（最低年份）', en: 'Industrial share of land supplied per year (lowest year)' },
    unit: { zh: '比例', en: 'share' },
    target: min,
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
    label: { zh: '增减挂钩结余（线外复垦 − 线内新增）', en: 'Land-swap balance (reclaimed outside − new inside the lines)' },
    unit: { zh: '亩', en: 'mu' },
    target: 0,
    value: null,
    progress: null,
    measurable: false,
    formula: {
      zh: 'Σ 控制线外复垦/清退工业用地亩数 − Σ 控制线内新增工业用地亩数，应 ≥ 0；线外新增另计为不符合',
      en: 'Σ mu of industrial land reclaimed outside the control lines − Σ mu of new industrial land inside them, must be ≥ 0; new land outside the lines fails on its own',
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
  const d: Derived = { input, land: firmLand(input.parcels) };
  return [...targetRows(d), ...countyRuleRows(input.county)];
}

function targetRows(d: Derived): DashboardRow[] {
  const input = d.input;
  return DASHBOARD_DEFS.map((def) => {
    const target = input.targets[def.key] ?? null;
    if (typeof def.measure !== 'function') {
      return { key: def.key, label: def.label, unit: def.unit, target, value: null, progress: null, measurable: false, formula: def.formula, source: { zh: '—', en: '—' }, reason: def.measure.reason };
    }
    const m = def.measure(d);
    const progress = m.value !== null && target !== null && target !== 0 ? m.value / target : null;
    return { key: def.key, label: def.label, unit: def.unit, target, value: m.value, progress, measurable: true, formula: def.formula, source: m.source, reason: null };
  });
}
