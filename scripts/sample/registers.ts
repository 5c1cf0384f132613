// The campaign's registers for the sample county (issue 15; src/lib/campaign/types.ts): the 高耗低效整治 cases with
// dated steps (cases.json), the projects with dated nodes (projects.json), one 一区块一方案 plan per low-efficiency
// block (block-plans.json), the 小微企业园 (small-parks.json) and the 标准地 investment agreements (standard-land.json).
// Generated, labelled 示例数据, never real.
//
// Each register draws from its own PRNG stream, after the county is generated: the parcels, firms, the delivered
// case fields (cases.ts) and project fields (projects.ts) are those of the county as before, and the register only
// adds to them. What the parsers derive from the dates equals what the county had:
// - a case opens with its first step in its opened_year and closes with its end step in its closed_year (an open
//   case stops at screening, filed or rectifying, every day on or before REGISTER_AS_OF);
// - a project's latest done node puts it at its stage (NODE_STAGE); about a quarter of the projects have a node
//   planned before REGISTER_AS_OF and not done (overdue), and some nodes were done later than planned;
// - a block's plan is all done (验收 in its renovation_year) for a done block, partly done for one in progress,
//   not begun for a planned one.
import { readFileSync } from 'node:fs';
import type { AreaGeometry, CaseRoute, Enterprise, LowEfficiencyBlockProps, LowEfficiencyCase, ParcelSource, PolygonGeometry, Position, Project } from '../../src/lib/data/schema.ts';
import { LOW_EFFICIENCY_STATUSES } from '../../src/lib/data/schema.ts';
import { m2ToMu, planarAreaM2 } from '../../src/lib/geo/index.ts';
import { lowEfficiencyFarBelow } from '../../src/lib/rules/efficiency-rules.ts';
import { farFloorArea } from '../../src/lib/rules/parcel-rules.ts';
import { industryFarMin, parsePolicy, taxPerMuBelow, type Policy } from '../../src/lib/rules/policy.ts';
import {
  PROJECT_NODES,
  type AgreementIndicator,
  type BlockPlan,
  type CampaignCase,
  type CampaignProject,
  type CaseCriterion,
  type CaseStep,
  type ProjectNode,
  type SmallPark,
  type StandardLandAgreement,
  type TwoHighCheck,
} from '../../src/lib/campaign/types.ts';
import { PATHS } from '../paths.ts';
import { makeCases } from './cases.ts';
import { mPerDegLat, mPerDegLon } from './geom.ts';
import { AREAS, TOWNS } from './places.ts';
import { Rng, round } from './rng.ts';
import type { SampleCounty } from './types.ts';

/** The day the sample registers stand on: nothing done after it, an open case's last step on or before it. */
export const REGISTER_AS_OF = '2026-06-30';

// ---- days as whole numbers (UTC days since 1970) ----
const ymd = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / 86_400_000;
const dayStr = (n: number): string => new Date(n * 86_400_000).toISOString().slice(0, 10);
const yearOf = (n: number): number => Number(dayStr(n).slice(0, 4));
const AS_OF = ymd(2026, 6, 30);

const SUFFIX = /(街道|镇|乡)$/;
/** The government of a 乡镇（街道）: a 街道's 办事处, a town's or township's 人民政府. */
export function townGov(town: string): string {
  return town.endsWith('街道') ? `${town}办事处` : `${town}人民政府`;
}

// ---- what the registers need to know of the county ----
interface Site {
  p: ParcelSource;
  mu: number;
  far: number | null;
  at: Position;
}
interface CountyFacts {
  policy: Policy;
  sites: Map<string, Site>;
  firms: Map<string, Enterprise>;
  /** 亩 held by each firm (all its parcels). */
  firmLand: Map<string, number>;
  firmParcels: Map<string, string[]>;
}

let policyCache: Policy | null = null;
function policy(): Policy {
  policyCache ??= parsePolicy(JSON.parse(readFileSync(PATHS.policy, 'utf8')), PATHS.policy);
  return policyCache;
}

const factsCache = new WeakMap<SampleCounty, CountyFacts>();
function facts(county: SampleCounty): CountyFacts {
  const cached = factsCache.get(county);
  if (cached) return cached;
  const sites = new Map<string, Site>();
  const firmLand = new Map<string, number>();
  const firmParcels = new Map<string, string[]>();
  for (const f of county.parcels.features) {
    const p = f.properties;
    const m2 = planarAreaM2(f.geometry as AreaGeometry);
    const floor = farFloorArea(p.floor_area_m2, p.tall_floor_area_m2);
    const site: Site = { p, mu: m2ToMu(m2), far: floor !== null && m2 > 0 ? floor / m2 : null, at: f.geometry.coordinates[0]![0]! };
    sites.set(p.id, site);
    if (p.enterprise_id) {
      firmLand.set(p.enterprise_id, (firmLand.get(p.enterprise_id) ?? 0) + site.mu);
      firmParcels.set(p.enterprise_id, [...(firmParcels.get(p.enterprise_id) ?? []), p.id]);
    }
  }
  const out: CountyFacts = { policy: policy(), sites, firms: new Map(county.enterprises.map((e) => [e.id, e])), firmLand, firmParcels };
  factsCache.set(county, out);
  return out;
}

/** 亩均税收 of a firm (万元/亩) over all its land; null when it holds none. */
function taxPerMu(f: CountyFacts, firm: Enterprise): number | null {
  const land = f.firmLand.get(firm.id) ?? 0;
  return land > 0 ? firm.tax_10k / land : null;
}

const BUILT = new Set(['in_use', 'operating_below_target', 'used_not_full', 'built_not_operating', 'idle']);

// =====================================================================================================
// Cases (cases.json)
// =====================================================================================================

const ROUTE_ZH: Record<CaseRoute, string> = { close: '依法关停退出', merge: '兼并重组', vacate: '整体腾退', relocate: '搬迁入园', upgrade: '改造提升' };
const RECTIFY_NOTE: Record<CaseRoute, string> = {
  close: '下达关停通知，停产整治',
  merge: '签订兼并重组协议',
  vacate: '签订腾退协议，启动腾退',
  relocate: '签订搬迁入园协议',
  upgrade: '签订整治承诺书，实施技改提升',
};
const OUTCOME_NOTE: Record<string, string> = { handed_back: '土地交回收储', relet: '土地再出让', use_raised: '亩均效益提升' };
const EXIT_WORDS = ['五金', '塑料', '针织', '电镀', '铸造', '印染', '橡胶', '模具', '包装', '砂轮', '织带', '鞋材'] as const;

function caseCriteria(rng: Rng, f: CountyFacts, c: LowEfficiencyCase, site: Site): CaseCriterion[] {
  const p = site.p;
  const industry = p.industry ?? undefined;
  const taxBelow = taxPerMuBelow(f.policy, industry);
  const farBelow = lowEfficiencyFarBelow(f.policy, industry);
  const year = (c.opened_year ?? 2021) - 1;
  const out: CaseCriterion[] = [];
  const firm = c.enterprise_id ? f.firms.get(c.enterprise_id) : undefined;
  const onSite = firm !== undefined && p.enterprise_id === firm.id;
  const tax = (value: number): CaseCriterion => ({ criterion: 'tax', value: round(value, 2), threshold: taxBelow, year });
  const far = (value: number): CaseCriterion => ({ criterion: 'far', value: round(value, 2), threshold: farBelow, year });
  // Drawn for every case, used or not, so one case's situation never shifts another's draws.
  const synthTax = taxBelow * rng.range(0.2, 0.85);
  const synthFar = farBelow * rng.range(0.35, 0.9);
  const extra = rng.next();
  if (c.status === 'open') {
    // The parcel as it stands: the rule's own criteria with the firm's figures.
    if (LOW_EFFICIENCY_STATUSES.includes(p.status)) out.push({ criterion: 'status', value: null, threshold: null, year });
    const t = onSite ? taxPerMu(f, firm) : null;
    if (t !== null && t < taxBelow) out.push(tax(t));
    if (site.far !== null && BUILT.has(p.status) && site.far < farBelow) out.push(far(site.far));
    if (p.dilapidated) out.push({ criterion: 'dilapidated', value: null, threshold: null, year });
    if (p.banned_industry) out.push({ criterion: 'banned', value: null, threshold: null, year });
  } else {
    // As the firm stood when listed (the parcel shows the result now): its tax then below the guideline.
    const t = onSite ? taxPerMu(f, firm) : null;
    out.push(tax(t !== null ? Math.min(t, taxBelow) * (0.35 + 0.5 * extra) : synthTax));
    if (c.route === 'close' && extra < 0.6) out.push({ criterion: 'banned', value: null, threshold: null, year });
    if (c.route === 'vacate' && extra < 0.5) out.push({ criterion: 'dilapidated', value: null, threshold: null, year });
    if ((c.route === 'relocate' || c.route === 'merge' || c.route === 'upgrade') && extra < 0.45) out.push(far(synthFar));
  }
  if (!out.length) out.push(tax(synthTax));
  return out;
}

function caseSteps(rng: Rng, c: LowEfficiencyCase): CaseStep[] {
  const opened = c.opened_year ?? 2021;
  const route = c.route;
  if (c.status === 'closed') {
    const closedYear = c.closed_year ?? opened;
    const same = closedYear === opened;
    const screening = ymd(opened, 1, 5) + rng.int(0, same ? 110 : 260);
    const filed = screening + rng.int(15, 45);
    const rectifying = filed + rng.int(20, same ? 60 : 120);
    const earliest = Math.max(rectifying + 30, ymd(closedYear, 1, 10));
    const latest = ymd(closedYear, 12, 28);
    const close = earliest >= latest ? latest : earliest + rng.int(0, latest - earliest);
    const end = route === 'close' ? 'exited' : 'closed';
    return [
      { date: dayStr(screening), stage: 'screening', note: '排查列入高耗低效整治企业清单' },
      { date: dayStr(filed), stage: 'filed', note: `建档，确定整治路径：${ROUTE_ZH[route]}` },
      { date: dayStr(Math.min(rectifying, close)), stage: 'rectifying', note: RECTIFY_NOTE[route] },
      { date: dayStr(close), stage: end, note: `${end === 'exited' ? '关停退出，' : ''}验收合格销号${c.outcome ? `，${OUTCOME_NOTE[c.outcome]}` : ''}` },
    ];
  }
  const reach = rng.weighted([['screening', 1], ['filed', 2], ['rectifying', 4]] as const);
  const screening = ymd(opened, 1, 5) + rng.int(0, 290);
  const filed = screening + rng.int(15, 60);
  const rectifying = filed + rng.int(20, 120);
  const steps: CaseStep[] = [{ date: dayStr(screening), stage: 'screening', note: '排查列入高耗低效整治企业清单' }];
  if (reach !== 'screening' && filed <= AS_OF) steps.push({ date: dayStr(filed), stage: 'filed', note: `建档，确定整治路径：${ROUTE_ZH[route]}` });
  if (reach === 'rectifying' && steps.length === 2 && rectifying <= AS_OF) steps.push({ date: dayStr(rectifying), stage: 'rectifying', note: RECTIFY_NOTE[route] });
  return steps;
}

/** A 两高 check: a project since the policy's year using at least its tce a year (2018, 1 000 tce when not set). */
function twoHigh(rng: Rng, firm: Enterprise, pol: Policy): TwoHighCheck {
  const since = pol.two_high?.since_year ?? 2018;
  const minTce = pol.two_high?.min_tce_per_year ?? 1000;
  const short = firm.name.replace(/^宁海示例/, '').replace(/(股份)?有限公司$/, '');
  const flag = (yes: number, no: number, unknown: number) => rng.weighted([[true, yes], [false, no], [null, unknown]] as const);
  return {
    project: `${short}${rng.pick(['扩产', '技改', '新建生产线'] as const)}项目（示例）`,
    built_year: rng.int(since, Math.max(since, 2023)),
    energy_tce: Math.round(rng.range(minTce, minTce * 5)),
    industrial_policy: flag(7, 1, 1),
    capacity_swap: flag(2, 1, 3),
    energy_review: flag(6, 2, 1),
    environment_review: flag(6, 1, 1),
    approvals: flag(5, 2, 1),
  };
}

/**
 * The case register: every case of makeCases with its firm's name, parcels, town, criteria, units, deadline and
 * dated steps, and a 两高 check on six of them. The delivered fields are makeCases' own, unchanged.
 */
export function makeCampaignCases(county: SampleCounty, cases: readonly LowEfficiencyCase[] = makeCases(county)): CampaignCase[] {
  const rng = new Rng(county.seed, 'case-register');
  const f = facts(county);
  const onCase = new Set(cases.map((c) => c.parcel_id));
  const withFirm = cases.filter((c) => c.enterprise_id !== null && f.firms.has(c.enterprise_id));
  const twoHighIds = new Set(rng.shuffled(withFirm.map((c) => c.id)).slice(0, 6));
  return cases.map((c): CampaignCase => {
    const site = f.sites.get(c.parcel_id);
    if (!site) throw new Error(`sample: case ${c.id} names no parcel`);
    const town = site.p.town;
    const firm = c.enterprise_id ? f.firms.get(c.enterprise_id) : undefined;
    const exitWord = rng.pick(EXIT_WORDS);
    const enterprise_name = firm
      ? firm.name
      : `宁海示例${(town ?? '宁海').replace(SUFFIX, '')}${exitWord}厂（${c.route === 'relocate' ? '已搬迁' : '已退出'}）`;
    // Sometimes the firm's nearest other parcel is on the case too (a firm with two plots side by side).
    const second = rng.chance(0.25);
    const parcel_ids = [c.parcel_id];
    if (second && firm && site.p.enterprise_id === firm.id) {
      const others = (f.firmParcels.get(firm.id) ?? []).filter((id) => id !== c.parcel_id && !onCase.has(id));
      const d = (id: string) => {
        const a = f.sites.get(id)!.at;
        return Math.hypot(a[0] - site.at[0], a[1] - site.at[1]);
      };
      const near = others.sort((a, b) => d(a) - d(b) || (a < b ? -1 : 1))[0];
      if (near && d(near) < 0.01) {
        parcel_ids.push(near);
        onCase.add(near);
      }
    }
    const criteria = caseCriteria(rng, f, c, site);
    const land = c.route === 'close' || c.route === 'vacate' || c.route === 'relocate' || c.outcome === 'handed_back' || c.outcome === 'relet';
    const units = [townGov(town ?? '宁海县'), '县经信局', ...(land ? ['县自然资源和规划局'] : []), ...(c.route === 'close' ? ['市生态环境局宁海分局'] : [])];
    const steps = caseSteps(rng, c);
    const opened = Number(steps[0]!.date.slice(0, 4));
    const deadline =
      c.status === 'closed'
        ? rng.chance(0.6)
          ? `${c.closed_year}-12-31`
          : `${(c.closed_year ?? opened) + 1}-06-30`
        : rng.chance(0.5)
          ? `${opened + rng.int(1, 2)}-12-31`
          : `${opened + rng.int(1, 2)}-06-30`;
    const two = twoHighIds.has(c.id) && firm ? twoHigh(rng, firm, f.policy) : null;
    return {
      ...c,
      enterprise_name,
      parcel_ids,
      town,
      criteria,
      units,
      deadline,
      stage: steps[steps.length - 1]!.stage,
      steps,
      two_high: two,
      sample: true,
    };
  });
}

// =====================================================================================================
// Projects (projects.json)
// =====================================================================================================

/** Days from the node before to this one, [min, max]. */
const NODE_GAP: Record<(typeof PROJECT_NODES)[number], [number, number]> = {
  signed: [0, 0],
  land: [60, 150],
  start: [30, 90],
  completed: [360, 600],
  operating: [30, 90],
  full_output: [360, 720],
  contract_check: [30, 180],
};
/** The latest done node (index in PROJECT_NODES; -1 none) a project at each stage may have, with weights. */
const LAST_DONE: Record<Project['stage'], readonly (readonly [number, number])[]> = {
  attract: [[-1, 2], [0, 3]],
  construct: [[1, 3], [2, 7]],
  accept: [[3, 1]],
  produce: [[4, 1], [5, 1]],
  supervise: [[6, 1]],
};
/** The window the latest done node falls in, by its index. */
const LAST_DONE_WINDOW: Record<number, [number, number]> = {
  0: [ymd(2025, 1, 1), ymd(2026, 6, 15)],
  1: [ymd(2025, 3, 1), ymd(2026, 6, 20)],
  2: [ymd(2024, 6, 1), ymd(2026, 6, 20)],
  3: [ymd(2024, 1, 1), ymd(2026, 6, 20)],
  4: [ymd(2023, 6, 1), ymd(2026, 5, 31)],
  5: [ymd(2023, 1, 1), ymd(2026, 5, 31)],
  6: [ymd(2024, 1, 1), ymd(2026, 6, 20)],
};
const EARLIEST_SIGNING = ymd(2021, 1, 15);

function projectNodes(rng: Rng, stage: Project['stage']): ProjectNode[] {
  const last = rng.weighted(LAST_DONE[stage]);
  const overdue = rng.chance(0.38);
  const gap = (k: number) => rng.int(NODE_GAP[PROJECT_NODES[k]!][0], NODE_GAP[PROJECT_NODES[k]!][1]);
  const actual: (number | null)[] = PROJECT_NODES.map(() => null);
  const planned: number[] = PROJECT_NODES.map(() => 0);
  if (last >= 0) {
    const [lo, hi] = LAST_DONE_WINDOW[last]!;
    actual[last] = lo + rng.int(0, hi - lo);
    for (let k = last; k > 0; k--) actual[k - 1] = actual[k]! - Math.max(7, gap(k));
    // A chain reaching back before the campaign is compressed to start in it.
    const first = actual[0]!;
    if (first < EARLIEST_SIGNING) {
      const end = actual[last]!;
      const f = (end - EARLIEST_SIGNING) / (end - first);
      for (let k = 0; k <= last; k++) actual[k] = Math.round(end - (end - actual[k]!) * f);
    }
    for (let k = 0; k <= last; k++) {
      // Most nodes done on or before the planned day; some late (亮晒比 counts them).
      const late = rng.chance(0.15);
      const delay = k === 0 ? (late ? rng.int(30, 120) : 0) : late ? rng.int(45, 200) : rng.int(-20, 0);
      planned[k] = actual[k]! - delay;
      if (k > 0) planned[k] = Math.max(planned[k]!, planned[k - 1]! + 7);
    }
  }
  // The next node: overdue (planned before the day, not done) or still ahead; the rest follow its plan.
  const next = last + 1;
  const draw = rng.int(3, 200);
  const ahead = rng.int(10, 240);
  if (next < PROJECT_NODES.length) {
    const minGap = NODE_GAP[PROJECT_NODES[next]!][0];
    const natural = last >= 0 ? planned[last]! + Math.max(7, gap(next)) : AS_OF + ahead;
    if (!overdue) planned[next] = Math.max(natural, AS_OF + ahead);
    else if (natural < AS_OF) planned[next] = natural;
    else if (last < 0) planned[next] = AS_OF - draw;
    else {
      // Planned tighter than the usual gap, and missed (a node 亮晒比 flags).
      const lo = planned[last]! + Math.max(7, Math.round(minGap * 0.6));
      planned[next] = lo < AS_OF - 3 ? Math.max(lo, AS_OF - draw) : natural;
    }
    for (let k = next + 1; k < PROJECT_NODES.length; k++) planned[k] = planned[k - 1]! + gap(k);
  }
  return PROJECT_NODES.map((key, k) => ({ key, planned: dayStr(planned[k]!), actual: actual[k] === null ? null : dayStr(actual[k]!) }));
}

const parkOf = (name: string) => AREAS.find((a) => a.park !== null && name.startsWith(a.park));
const townName = (id: string) => TOWNS.find((t) => t.id === id)?.name ?? null;

/** The project register: every project of the county with its responsible unit, town and dated nodes. */
export function makeCampaignProjects(county: SampleCounty): CampaignProject[] {
  const rng = new Rng(county.seed, 'project-register');
  const f = facts(county);
  return county.projects.map((p): CampaignProject => {
    const site = p.parcel_id ? f.sites.get(p.parcel_id) : undefined;
    const area = site?.p.park ? AREAS.find((a) => a.park === site.p.park) : parkOf(p.name);
    const town = site?.p.town ?? (area ? townName(area.towns[0]!) : null);
    const byTown = rng.chance(0.55);
    const county_unit =
      p.stage === 'attract' ? rng.pick(['县投资促进中心', '县投资促进中心', '县发改局'] as const) : p.stage === 'construct' ? rng.pick(['县发改局', '县经信局'] as const) : '县经信局';
    const unit = byTown && town ? townGov(town) : county_unit;
    return { ...p, unit, town, nodes: projectNodes(rng, p.stage), sample: true };
  });
}

// =====================================================================================================
// 一区块一方案 (block-plans.json)
// =====================================================================================================

const TARGET_USES = [['小微企业园', 3], ['工业上楼（高标准厂房）', 3], ['产业用地再出让', 2], ['数字经济产业园', 1]] as const;
const MEASURES = ['整体腾退收储', '拆除重建', '有机更新', '兼并重组', '厂房加层改造', '基础设施提升', '低效企业关停退出'] as const;
const MILESTONES_5 = ['方案编制', '腾退收储', '开工建设', '竣工', '验收'] as const;
const MILESTONES_4 = ['方案编制', '腾退收储', '改造施工', '竣工验收'] as const;

function nearestTown(at: Position, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const t of TOWNS.filter((x) => candidates.includes(x.id))) {
    const d = Math.hypot((t.at[0] - at[0]) * mPerDegLon(at[1]), (t.at[1] - at[1]) * mPerDegLat(at[1]));
    if (d < bestD) {
      bestD = d;
      best = t.name;
    }
  }
  return best;
}

/** One plan per low-efficiency block, its milestones as the block's status and year say. */
export function makeBlockPlans(county: SampleCounty): BlockPlan[] {
  const rng = new Rng(county.seed, 'block-plans');
  return county.lowEfficiencyBlocks.features.map((b): BlockPlan => {
    const props: LowEfficiencyBlockProps = b.properties;
    const area = AREAS.find((a) => props.name.startsWith(a.short));
    const at = b.geometry.coordinates[0]![0]!;
    const town = nearestTown(at, area?.towns ?? TOWNS.map((t) => t.id));
    const names: readonly string[] = rng.chance(0.3) ? MILESTONES_4 : MILESTONES_5;
    const n = names.length;
    const gaps = names.map(() => rng.int(60, 240));
    const delays = names.map(() => (rng.chance(0.3) ? rng.int(30, 150) : rng.int(-15, 0)));
    const actual: (number | null)[] = names.map(() => null);
    const planned: number[] = names.map(() => 0);
    const Y = props.renovation_year;
    if (props.renovation_status === 'done') {
      actual[n - 1] = ymd(Y, 3, 1) + rng.int(0, 290);
      for (let k = n - 1; k > 0; k--) actual[k - 1] = actual[k]! - gaps[k]!;
    } else if (props.renovation_status === 'in_progress') {
      actual[0] = ymd(Y, 1, 10) + rng.int(0, 170);
      const more = rng.int(0, n - 2);
      for (let k = 1; k <= more && k < n - 1; k++) {
        const d = actual[k - 1]! + gaps[k]!;
        if (d > AS_OF) break;
        actual[k] = d;
      }
    }
    for (let k = 0; k < n; k++) {
      if (actual[k] !== null) planned[k] = actual[k]! - delays[k]!;
      else if (k === 0) planned[k] = ymd(Y, 2, 1) + rng.int(0, 240);
      else planned[k] = planned[k - 1]! + gaps[k]!;
      if (k > 0) planned[k] = Math.max(planned[k]!, planned[k - 1]! + 7);
    }
    const measures = rng.shuffled(MEASURES).slice(0, rng.int(2, 3));
    return {
      block_id: props.id,
      name: `${props.name}“一区块一方案”`,
      town,
      target_use: rng.weighted(TARGET_USES),
      measures,
      units: [townGov(town ?? '宁海县'), '县经信局', '县自然资源和规划局', ...(area?.park ? [`${area.park}管委会`] : [])],
      area_mu: round(m2ToMu(planarAreaM2(b.geometry as PolygonGeometry)), 2),
      milestones: names.map((name, k) => ({ name, planned: dayStr(planned[k]!), actual: actual[k] === null ? null : dayStr(actual[k]!) })),
      sample: true,
    };
  });
}

// =====================================================================================================
// 小微企业园 (small-parks.json)
// =====================================================================================================

const PARK_WORDS = ['智造', '创业', '数智', '科创', '众创', '工业', '五金', '模具', '汽配', '文具', '新材料', '光电'] as const;
export const SMALL_PARK_COUNT = 20;

function inRing(pt: Position, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi! > pt[1]! !== yj! > pt[1]! && pt[0]! < ((xj! - xi!) * (pt[1]! - yi!)) / (yj! - yi!) + xi!) inside = !inside;
  }
  return inside;
}
/** Inside the county outline (and not in a hole of it). */
export function inCounty(county: SampleCounty, pt: Position): boolean {
  return county.county.features.some((f) => inRing(pt, f.geometry.coordinates[0]!) && !f.geometry.coordinates.slice(1).some((h) => inRing(pt, h)));
}

/** About twenty 小微企业园 near the parks and towns of the sample county. */
export function makeSmallParks(county: SampleCounty): SmallPark[] {
  const rng = new Rng(county.seed, 'small-parks');
  const names = new Set<string>();
  const out: SmallPark[] = [];
  for (let i = 0; i < SMALL_PARK_COUNT; i++) {
    const area = rng.weighted(AREAS.map((a) => [a, a.share + 0.04] as const));
    let at: Position = area.centre;
    for (let tries = 0; tries < 20; tries++) {
      const angle = rng.range(0, 2 * Math.PI);
      const dist = rng.range(300, 1500);
      const cand: Position = [round(area.centre[0]! + (dist * Math.cos(angle)) / mPerDegLon(area.centre[1]!), 6), round(area.centre[1]! + (dist * Math.sin(angle)) / mPerDegLat(area.centre[1]!), 6)];
      if (inCounty(county, cand)) {
        at = cand;
        break;
      }
    }
    const place = area.park === null ? '跃龙' : area.short;
    let name = '';
    for (let k = 0; k < 40 && (name === '' || names.has(name)); k++) name = `${place}${rng.pick(PARK_WORDS)}小微企业园（示例）`;
    if (names.has(name)) name = `${place}第${i + 1}小微企业园（示例）`;
    names.add(name);
    const kind = rng.weighted([['built', 13], ['upgraded', 7]] as const);
    const year = rng.weighted([[2019, 1], [2020, 1.5], [2021, 3], [2022, 3], [2023, 3], [2024, 3], [2025, 3]] as const);
    const stars = rng.weighted([[null, 2], [3, 4], [4, 3], [5, 2]] as const);
    const ratedYear = rng.int(Math.max(year, 2021), 2025);
    const occupancy = rng.chance(0.1) ? null : round(year === 2025 && kind === 'built' ? rng.range(0.35, 0.75) : rng.range(0.7, 0.98), 2);
    out.push({
      id: `SP-${String(i + 1).padStart(2, '0')}`,
      name,
      town: nearestTown(at, area.towns),
      stars,
      rated_year: stars === null ? null : ratedYear,
      kind,
      year,
      area_mu: round(rng.range(25, 160), 1),
      occupancy,
      lon: at[0]!,
      lat: at[1]!,
      sample: true,
    });
  }
  // 新培育五星级: at least three five-star parks, rated in the campaign years.
  const five = out.filter((p) => p.stars === 5).length;
  for (const p of out.filter((x) => x.stars === 4).slice(0, Math.max(0, 3 - five))) {
    p.stars = 5;
    p.rated_year = Math.max(p.year, 2022);
  }
  return out;
}

// =====================================================================================================
// 标准地 投资监管协议 (standard-land.json)
// =====================================================================================================

/** Statuses of a 标准地 parcel whose firm holds an agreement: built or being built. */
export const AGREEMENT_STATUSES = ['in_use', 'operating_below_target', 'used_not_full', 'under_construction', 'built_not_operating'] as const;
const IN_USE = new Set(['in_use', 'operating_below_target', 'used_not_full']);
/** Share of the 标准地 parcels in use that hold an agreement in the sample (see makeAgreements). */
const AGREEMENT_SHARE_IN_USE = 0.125;

/** One agreement per 标准地 parcel in use or being built, numbered per year in signing order. */
export function makeAgreements(county: SampleCounty): StandardLandAgreement[] {
  const rng = new Rng(county.seed, 'standard-land');
  const pick = new Rng(county.seed, 'standard-land-pick');
  const f = facts(county);
  const parcels = county.parcels.features
    .map((x) => x.properties)
    .filter((p) => p.standard_land && p.enterprise_id !== null && (AGREEMENT_STATUSES as readonly string[]).includes(p.status))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    // 标准地 with a 投资监管协议 is land sold since 2018: every parcel being built or built and not yet operating, and
    // about one in eight of those in use (the rest are older grants the sample marks standard_land without a
    // recorded agreement). Drawn from its own stream so the agreements' own draws do not depend on the pick.
    .filter((p) => !IN_USE.has(p.status) || pick.chance(AGREEMENT_SHARE_IN_USE));
  const drafts = parcels.map((p) => {
    const site = f.sites.get(p.id)!;
    const firm = f.firms.get(p.enterprise_id!);
    const signed =
      p.status === 'under_construction' ? ymd(2023, 1, 1) + rng.int(0, 1000) : p.status === 'built_not_operating' ? ymd(2022, 1, 1) + rng.int(0, 900) : ymd(2018, 3, 1) + rng.int(0, 1950);
    const farMin = industryFarMin(f.policy, p.industry ?? undefined);
    const contracted: Partial<Record<AgreementIndicator, number>> = {
      investment_per_mu: Math.round(rng.range(30, 50)) * 10,
      tax_per_mu: round(rng.range(20, 40), 0),
      far: Math.max(farMin, rng.pick([1.2, 1.5, 1.8, 2.0] as const)),
      energy_per_mu: round(rng.range(20, 60), 1),
      emission_per_mu: round(rng.range(0.08, 0.35), 3),
    };
    let completed: number | null = null;
    let full: number | null = null;
    const toComplete = signed + rng.int(420, 900);
    const toFull = rng.int(360, 720);
    if (IN_USE.has(p.status) || p.status === 'built_not_operating') completed = Math.min(toComplete, AS_OF - rng.int(30, 200));
    if (IN_USE.has(p.status) && completed !== null && completed + toFull <= AS_OF) full = completed + toFull;
    if (completed !== null && completed < signed) completed = signed + 30;
    // Achieved values recorded at the checks for some; the others are left to the 亩均 data.
    const achieved: Partial<Record<AgreementIndicator, number>> = {};
    const recordWorks = rng.chance(0.6);
    const invRatio = rng.range(0.75, 1.3);
    const recordFar = rng.chance(0.3);
    const recordOps = rng.chance(0.5);
    if (completed !== null && recordWorks) achieved.investment_per_mu = Math.round(contracted.investment_per_mu! * invRatio);
    if (completed !== null && recordFar && site.far !== null) achieved.far = round(site.far, 2);
    const land = firm ? f.firmLand.get(firm.id) ?? 0 : 0;
    if (full !== null && recordOps && firm && land > 0) {
      achieved.tax_per_mu = round(firm.tax_10k / land, 2);
      achieved.energy_per_mu = round(firm.energy_tce / land, 3);
      achieved.emission_per_mu = round(firm.emissions_t / land, 4);
    }
    return { p, signed, contracted, completed, full, achieved };
  });
  // Numbers run per year in signing order.
  const order = drafts.map((d, i) => [d.signed, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const nos = new Map<number, string>();
  const perYear = new Map<number, number>();
  for (const [signed, i] of order) {
    const y = yearOf(signed);
    const k = (perYear.get(y) ?? 0) + 1;
    perYear.set(y, k);
    nos.set(i, `宁海标准地〔${y}〕${String(k).padStart(3, '0')}号（示例）`);
  }
  return drafts.map((d, i) => ({
    parcel_id: d.p.id,
    enterprise_id: d.p.enterprise_id,
    agreement_no: nos.get(i)!,
    signed: dayStr(d.signed),
    source: '《工业项目投资监管协议》（示例）',
    contracted: d.contracted,
    completed: d.completed === null ? null : dayStr(d.completed),
    full_output: d.full === null ? null : dayStr(d.full),
    achieved: d.achieved,
    sample: true,
  }));
}
