// 亩均论英豪: indicator values, score against the county benchmark and grade by rank share (DOMAIN rule 8).
// Benchmarks are aggregate ratios (Σ numerator / Σ denominator over evaluated firms), the way county reports state
// "全县亩均税收", so one large firm weighs by its land, not as one vote.
import type { Enterprise, Grade } from '../data/schema.ts';
import { finding, fmt, type Finding } from './finding.ts';
import { evaluationOf } from './efficiency-rules.ts';
import { MUJUN_INDICATORS, type MujunIndicator, type Policy } from './policy.ts';

export type Indicators = Record<MujunIndicator, number | null>;

export interface MujunResult {
  id: string;
  evaluated: boolean;
  /** Why a firm is not evaluated, e.g. 规下 on less than 3 亩. */
  reason: { zh: string; en: string } | null;
  land_mu: number;
  indicators: Indicators;
  score: number | null;
  grade: Grade | null;
}

function ratio(n: number, d: number): number | null {
  return Number.isFinite(n) && Number.isFinite(d) && d > 0 ? n / d : null;
}

export function indicatorsOf(e: Enterprise, landMu: number): Indicators {
  return {
    tax_per_mu: ratio(e.tax_10k, landMu),
    va_per_mu: ratio(e.value_added_10k, landMu),
    va_per_energy: ratio(e.value_added_10k, e.energy_tce),
    va_per_emission: ratio(e.value_added_10k, e.emissions_t),
    labour_productivity: ratio(e.value_added_10k, e.employees),
    rd_share: ratio(e.rd_10k, e.revenue_10k),
  };
}

export function isEvaluated(e: Enterprise, landMu: number, policy: Policy): { ok: boolean; zh: string; en: string } {
  return evaluationOf(e.above_scale, e.evaluation_exempt, landMu, policy);
}

/** County benchmarks: aggregate ratios over the evaluated firms. */
export function benchmarks(firms: { e: Enterprise; land: number }[]): Indicators {
  const sum = (f: (x: { e: Enterprise; land: number }) => number) => firms.reduce((s, x) => s + Math.max(0, f(x)), 0);
  const va = sum((x) => x.e.value_added_10k);
  return {
    tax_per_mu: ratio(sum((x) => x.e.tax_10k), sum((x) => x.land)),
    va_per_mu: ratio(va, sum((x) => x.land)),
    va_per_energy: ratio(va, sum((x) => x.e.energy_tce)),
    va_per_emission: ratio(va, sum((x) => x.e.emissions_t)),
    labour_productivity: ratio(va, sum((x) => x.e.employees)),
    rd_share: ratio(sum((x) => x.e.rd_10k), sum((x) => x.e.revenue_10k)),
  };
}

export function score(ind: Indicators, bench: Indicators, policy: Policy): number {
  let s = 0;
  for (const k of MUJUN_INDICATORS) {
    const v = ind[k];
    const b = bench[k];
    // Negative or missing values score 0 (policy: 指标为负或缺失计 0 分).
    if (v === null || v <= 0 || b === null || b <= 0) continue;
    s += policy.mujun.weights[k] * Math.min(v / b, policy.mujun.score_cap);
  }
  return s;
}

/** Grade by rank share; tied scores share the better grade so the order of input never decides a grade. */
export function gradeByRank(scores: number[], policy: Policy): Grade[] {
  const n = scores.length;
  const order = scores.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s || a.i - b.i);
  const out: Grade[] = new Array<Grade>(n);
  const { A, B, C } = policy.mujun.grade_shares;
  let rankOfScore = 0;
  for (let r = 0; r < n; r++) {
    const cur = order[r]!;
    if (r === 0 || cur.s !== order[r - 1]!.s) rankOfScore = r;
    const share = (rankOfScore + 1) / n;
    out[cur.i] = share <= A ? 'A' : share <= B ? 'B' : share <= C ? 'C' : 'D';
  }
  return out;
}

export function evaluateMujun(enterprises: Enterprise[], landMu: Map<string, number>, policy: Policy): Map<string, MujunResult> {
  const results = new Map<string, MujunResult>();
  const evaluated: { e: Enterprise; land: number }[] = [];
  for (const e of enterprises) {
    const land = landMu.get(e.id) ?? 0;
    const ev = isEvaluated(e, land, policy);
    results.set(e.id, {
      id: e.id,
      evaluated: ev.ok,
      reason: ev.ok ? null : { zh: ev.zh, en: ev.en },
      land_mu: land,
      indicators: indicatorsOf(e, land),
      score: null,
      grade: null,
    });
    if (ev.ok) evaluated.push({ e, land });
  }
  const bench = benchmarks(evaluated);
  const scores = evaluated.map((x) => score(results.get(x.e.id)!.indicators, bench, policy));
  const grades = gradeByRank(scores, policy);
  evaluated.forEach((x, i) => {
    const r = results.get(x.e.id)!;
    r.score = scores[i]!;
    r.grade = grades[i]!;
  });
  return results;
}

export function mujunFinding(r: MujunResult): Finding {
  if (!r.evaluated || r.grade === null || r.score === null) {
    return finding('mujun.grade', 'info', { grade: null, land_mu: r.land_mu },
      r.reason?.zh ?? '未参评', r.reason?.en ?? 'Not evaluated');
  }
  const status = r.grade === 'D' ? 'fail' : r.grade === 'C' ? 'warn' : 'pass';
  return finding('mujun.grade', status,
    { grade: r.grade, score: r.score, tax_per_mu: r.indicators.tax_per_mu, va_per_mu: r.indicators.va_per_mu },
    `亩均评价 ${r.grade} 类（得分 ${fmt(r.score, 1)}；亩均税收 ${fmt(r.indicators.tax_per_mu ?? 0)} 万元/亩）`,
    `Per-mu evaluation grade ${r.grade} (score ${fmt(r.score, 1)}; tax ${fmt(r.indicators.tax_per_mu ?? 0)} 10k CNY/mu)`);
}
