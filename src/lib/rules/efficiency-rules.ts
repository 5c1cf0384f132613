// Enterprise-dependent parcel rules (shared DOMAIN rules 8–10): the 亩均 grade as a parcel verdict, low-efficiency
// land and the 碳效码. Grades are relative to the whole county, so a parcel check takes the grade as input (the
// pipeline computes it with evaluateMujun); the carbon grade compares with the policy's industry average.
import { LOW_EFFICIENCY_STATUSES, type Grade, type LowEfficiencyCriterion, type ParcelStatus } from '../data/schema.ts';
import { finding, fmt, sourced, type Finding, type FindingStatus } from './finding.ts';
import { ruleRound, STATUS_LABEL } from './parcel-rules.ts';

export { STATUS_LABEL } from './parcel-rules.ts';
import { industryAvgL, industryFarMin, taxPerMuBelow, type Policy } from './policy.ts';

/** What a parcel check may know about the firm on it. Every field is optional: the rules say what is missing. */
export interface EnterpriseInput {
  /** 规上 (above designated size). */
  above_scale?: boolean;
  /** Not evaluated by kind, one of the policy's `mujun.evaluated.exempt_kinds` (e.g. utility, startup). */
  exempt?: string | null;
  /** All land of the firm in 亩 (default: this parcel's planar area). */
  land_mu?: number | null;
  tax_10k?: number | null;
  value_added_10k?: number | null;
  co2_t?: number | null;
  /** 亩均税收 already computed (万元/亩); wins over tax_10k / land_mu. */
  tax_per_mu?: number | null;
  /** Carbon intensity L already computed (t CO₂ / 万元); wins over co2_t / value_added_10k. */
  carbon_l?: number | null;
  score?: number | null;
  /** The pipeline's verdict on whether the firm is evaluated, when known. */
  evaluated?: boolean;
}

const EXEMPT_LABEL: Record<string, { zh: string; en: string }> = {
  utility: { zh: '公用事业企业', en: 'Public utility' },
  startup: { zh: '初创企业', en: 'Start-up' },
};

export interface Evaluation {
  ok: boolean;
  zh: string;
  en: string;
}

/** Who is evaluated (亩均论英豪): 规上 firms and 规下 firms on ≥ 3 亩, except the exempt kinds of the policy. */
export function evaluationOf(aboveScale: boolean | undefined, exempt: string | null | undefined, landMu: number, policy: Policy): Evaluation {
  const ev = policy.mujun.evaluated;
  if (exempt && ev.exempt_kinds.includes(exempt)) {
    const l = EXEMPT_LABEL[exempt] ?? { zh: exempt, en: exempt };
    return { ok: false, zh: `${l.zh}，不参评`, en: `${l.en}: not evaluated` };
  }
  if (aboveScale === true && ev.above_scale) return { ok: true, zh: '', en: '' };
  if (aboveScale === undefined) return { ok: true, zh: '', en: '' }; // unknown size: judged as evaluated
  if (ruleRound(landMu) >= ev.below_scale_min_mu) return { ok: true, zh: '', en: '' };
  return {
    ok: false,
    zh: `规下企业用地 ${fmt(landMu)} 亩 < ${ev.below_scale_min_mu} 亩，不参评`,
    en: `Below-scale firm on ${fmt(landMu)} mu < ${ev.below_scale_min_mu} mu: not evaluated`,
  };
}

function notGraded(rule: string, ent: EnterpriseInput | null | undefined, landMu: number, policy: Policy): Finding | null {
  if (ent === null) return finding(rule, 'info', { enterprise: null }, '空置地块，无企业参评', 'Vacant parcel: no enterprise to evaluate');
  if (ent === undefined) return null;
  const ev = evaluationOf(ent.above_scale, ent.exempt, ent.land_mu ?? landMu, policy);
  if (!ev.ok) return finding(rule, 'info', { evaluated: false, land_mu: ent.land_mu ?? landMu, exempt: ent.exempt ?? null }, ev.zh, ev.en);
  if (ent.evaluated === false) {
    return finding(rule, 'info', { evaluated: false }, '企业未参评（规下且用地不足起评面积，或数据缺失）', 'Enterprise not evaluated (below scale on small land, or no data)');
  }
  return null;
}

/** 亩均税收 of the firm: given, or tax over all its land. */
export function taxPerMu(ent: EnterpriseInput | null | undefined, landMu: number): number | null {
  if (!ent) return null;
  // Rounded on both paths, so a figure the pipeline stored and one recomputed from tax and land compare alike.
  if (ent.tax_per_mu !== undefined && ent.tax_per_mu !== null) return ruleRound(ent.tax_per_mu);
  const land = ent.land_mu ?? landMu;
  return ent.tax_10k !== undefined && ent.tax_10k !== null && land > 0 ? ruleRound(ent.tax_10k / land) : null;
}

/** The 亩均 grade as a parcel verdict: D fail, C warn, A/B pass; not evaluated or vacant: info, never graded. */
export function mujunGradeFinding(ent: EnterpriseInput | null | undefined, grade: Grade | null | undefined, landMu: number, policy: Policy): Finding {
  const ng = notGraded('mujun.grade', ent, landMu, policy);
  if (ng) return ng;
  if (!grade) return finding('mujun.grade', 'info', { grade: null }, '未提供企业亩均评价等级', 'No per-mu grade given for the enterprise');
  const status: FindingStatus = grade === 'D' ? 'fail' : grade === 'C' ? 'warn' : 'pass';
  const score = ent?.score ?? null;
  const tax = taxPerMu(ent, landMu);
  const zhParts = [score !== null ? `得分 ${fmt(score, 1)}` : null, tax !== null ? `亩均税收 ${fmt(tax)} 万元/亩` : null].filter(Boolean);
  const enParts = [score !== null ? `score ${fmt(score, 1)}` : null, tax !== null ? `tax ${fmt(tax)} 10k CNY/mu` : null].filter(Boolean);
  return finding('mujun.grade', status, { grade, score, tax_per_mu: tax },
    `亩均评价 ${grade} 类${zhParts.length ? `（${zhParts.join('，')}）` : ''}`,
    `Per-mu evaluation grade ${grade}${enParts.length ? ` (${enParts.join(', ')})` : ''}`,
    sourced(policy, 'mujun.grade_shares'));
}


export interface LowEfficiencyInput {
  status?: ParcelStatus | undefined;
  far: number | null;
  industry?: string | undefined;
  tax_per_mu: number | null;
  dilapidated?: boolean | undefined;
  banned_industry?: boolean | undefined;
  /** Unbuilt land is not judged on FAR (its status says what it is). */
  unbuilt?: boolean | undefined;
}

/** FAR below which land is low-efficiency: the policy's 1.0, or the industry's national minimum if that is lower. */
export function lowEfficiencyFarBelow(policy: Policy, industry: string | undefined): number {
  return Math.min(policy.far.low_efficiency_below, industryFarMin(policy, industry));
}

/**
 * Low-efficiency land: any of 亩均税收 below the guideline, FAR below 1.0 (or the industry's lower minimum),
 * dilapidated, banned industry, or one of the five 低效 statuses. 'fail' lists every reason with its numbers.
 */
export function lowEfficiencyFinding(x: LowEfficiencyInput, policy: Policy): Finding {
  const taxBelow = taxPerMuBelow(policy, x.industry);
  const farBelow = lowEfficiencyFarBelow(policy, x.industry);
  const zh: string[] = [];
  const en: string[] = [];
  // Which criteria the land meets, so a dashboard can show what each one flags on its own.
  const met: LowEfficiencyCriterion[] = [];
  let checked = 0;
  if (x.status !== undefined) {
    checked++;
    if (LOW_EFFICIENCY_STATUSES.includes(x.status)) {
      met.push('status');
      zh.push(`低效类型「${STATUS_LABEL[x.status].zh}」`);
      en.push(`low-efficiency status "${STATUS_LABEL[x.status].en}"`);
    }
  }
  if (x.tax_per_mu !== null) {
    checked++;
    if (x.tax_per_mu < taxBelow) {
      met.push('tax');
      zh.push(`亩均税收 ${fmt(x.tax_per_mu)} < ${fmt(taxBelow, 0)} 万元/亩`);
      en.push(`tax ${fmt(x.tax_per_mu)} < ${fmt(taxBelow, 0)} 10k CNY/mu`);
    }
  }
  const farJudged = x.far !== null && !x.unbuilt;
  if (farJudged) {
    checked++;
    if (ruleRound(x.far!) < farBelow) {
      met.push('far');
      zh.push(`容积率 ${fmt(x.far!)} < ${fmt(farBelow, 1)}`);
      en.push(`plot ratio ${fmt(x.far!)} < ${fmt(farBelow, 1)}`);
    }
  }
  if (x.dilapidated) {
    met.push('dilapidated');
    zh.push('厂房破旧');
    en.push('dilapidated buildings');
  }
  if (x.banned_industry) {
    met.push('banned');
    zh.push('属淘汰类产业');
    en.push('banned industry');
  }
  const values = {
    status: x.status ?? null,
    tax_per_mu: x.tax_per_mu,
    tax_per_mu_below: taxBelow,
    far: farJudged ? x.far : null,
    far_below: farBelow,
    dilapidated: x.dilapidated ?? null,
    banned_industry: x.banned_industry ?? null,
    reasons: zh.length,
    criteria: met.join(','),
  };
  const decisive = met.includes('tax') ? 'low_efficiency.tax_per_mu_below' : 'far.low_efficiency_below';
  if (zh.length) return finding('low-efficiency', 'fail', values, `低效用地：${zh.join('；')}`, `Low-efficiency land: ${en.join('; ')}`, sourced(policy, decisive));
  if (checked === 0 && x.dilapidated === undefined && x.banned_industry === undefined) {
    return finding('low-efficiency', 'info', values, '缺少状态、亩均税收和容积率，无法判断是否低效', 'No status, tax per mu or plot ratio: low efficiency cannot be judged');
  }
  const okZh = [
    x.tax_per_mu !== null ? `亩均税收 ${fmt(x.tax_per_mu)} ≥ ${fmt(taxBelow, 0)} 万元/亩` : null,
    farJudged ? `容积率 ${fmt(x.far!)} ≥ ${fmt(farBelow, 1)}` : null,
    x.status !== undefined ? `状态「${STATUS_LABEL[x.status].zh}」` : null,
  ].filter(Boolean);
  const okEn = [
    x.tax_per_mu !== null ? `tax ${fmt(x.tax_per_mu)} ≥ ${fmt(taxBelow, 0)} 10k CNY/mu` : null,
    farJudged ? `plot ratio ${fmt(x.far!)} ≥ ${fmt(farBelow, 1)}` : null,
    x.status !== undefined ? `status "${STATUS_LABEL[x.status].en}"` : null,
  ].filter(Boolean);
  return finding('low-efficiency', 'pass', values, `非低效用地：${okZh.join('，')}`, `Not low-efficiency: ${okEn.join(', ')}`, sourced(policy, 'low_efficiency.tax_per_mu_below'));
}

/** 碳效码 grade from K = L / industry-average L: 1 if K ≤ t1, 2 if ≤ t2, 3 if ≤ t3, 4 if ≤ t4, else 5. */
export function carbonGrade(k: number, thresholds: readonly number[]): number {
  for (let i = 0; i < thresholds.length; i++) if (k <= thresholds[i]!) return i + 1;
  return thresholds.length + 1;
}

/** Carbon intensity L = CO₂ (t) / value added (万元); null when either is missing or value added ≤ 0. */
export function carbonIntensity(co2T: number | null | undefined, valueAdded10k: number | null | undefined): number | null {
  if (co2T === null || co2T === undefined || valueAdded10k === null || valueAdded10k === undefined) return null;
  if (!Number.isFinite(co2T) || !Number.isFinite(valueAdded10k) || valueAdded10k <= 0 || co2T < 0) return null;
  return ruleRound(co2T / valueAdded10k);
}

export interface CarbonResult {
  l: number;
  avg_l: number;
  k: number;
  grade: number;
}

export function carbonOf(l: number, industry: string | undefined, policy: Policy): CarbonResult {
  const avg = industryAvgL(policy, industry);
  const k = ruleRound(l / avg);
  return { l, avg_l: avg, k, grade: carbonGrade(k, policy.carbon.k_thresholds) };
}

export function carbonFinding(ent: EnterpriseInput | null | undefined, industry: string | undefined, landMu: number, policy: Policy): Finding {
  const ng = notGraded('carbon.grade', ent, landMu, policy);
  if (ng) return ng;
  const l = ent?.carbon_l ?? carbonIntensity(ent?.co2_t, ent?.value_added_10k);
  if (l === null || l === undefined) {
    return finding('carbon.grade', 'info', { grade: null }, '未提供碳排放量与工业增加值，无法评定碳效码', 'No CO₂ and value added given: carbon grade cannot be computed');
  }
  const c = carbonOf(l, industry, policy);
  const status: FindingStatus = c.grade >= policy.carbon.fail_from_grade ? 'fail' : c.grade >= policy.carbon.warn_from_grade ? 'warn' : 'pass';
  return finding('carbon.grade', status, { grade: c.grade, l: c.l, avg_l: c.avg_l, k: c.k, industry: industry ?? 'general' },
    `碳效 ${c.grade} 级：单位增加值碳排放 ${fmt(c.l)} 吨/万元，行业平均 ${fmt(c.avg_l)}，K = ${fmt(c.k, 3)}`,
    `Carbon grade ${c.grade}: ${fmt(c.l)} t CO₂ per 10k CNY value added, industry average ${fmt(c.avg_l)}, K = ${fmt(c.k, 3)}`,
    sourced(policy, 'carbon.k_thresholds'));
}
