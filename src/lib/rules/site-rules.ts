// Site control indicators (shared DOMAIN rule 2, practice: 工业项目建设用地控制指标): 建筑系数 ≥ 30 %,
// 绿地率 ≤ 20 %, 行政办公及生活服务设施用地 ≤ 7 % of the parcel. The bounds come from the policy's `site` block.
// They come from the same national control-indicator document as the FAR minimum, so they are judged the same way:
// they bind works that build (fail when missed); for an existing use or a renovation adding no floor area the figure
// is shown (info); 'not built yet' (info) for unbuilt land, info when the figure is unknown.
import type { ParcelStatus, ProjectKind } from '../data/schema.ts';
import { finding, fmt, sourced, type Finding } from './finding.ts';
import { buildsWorks, notBuiltFinding } from './parcel-rules.ts';
import type { Policy } from './policy.ts';

interface SiteRule {
  rule: 'coverage.min' | 'green.max' | 'admin.max';
  /** The threshold's key in the policy file. */
  key: string;
  kind: 'min' | 'max';
  zh: string;
  en: string;
  bound: (p: Policy) => number;
}

const RULES: Record<SiteRule['rule'], SiteRule> = {
  'coverage.min': { rule: 'coverage.min', key: 'site.coverage_min', kind: 'min', zh: '建筑系数', en: 'Site coverage', bound: (p) => p.site.coverage_min },
  'green.max': { rule: 'green.max', key: 'site.green_max', kind: 'max', zh: '绿地率', en: 'Green ratio', bound: (p) => p.site.green_max },
  'admin.max': { rule: 'admin.max', key: 'site.admin_max', kind: 'max', zh: '行政办公及生活服务设施用地占比', en: 'Office and living facilities share', bound: (p) => p.site.admin_max },
};

const pct = (v: number) => `${fmt(v * 100, 1)}%`;

function siteFinding(r: SiteRule, value: number | null | undefined, project: ProjectKind, policy: Policy, status: ParcelStatus | undefined, unbuilt: boolean): Finding {
  const bound = r.bound(policy);
  const v = value ?? null;
  const values = { value: v, [r.kind === 'min' ? 'min' : 'max']: bound, project };
  if (unbuilt) return notBuiltFinding(r.rule, status, values);
  const src = sourced(policy, r.key);
  const req = `${r.kind === 'min' ? '≥' : '≤'} ${pct(bound)}`;
  if (v === null) return finding(r.rule, 'info', values, `未提供${r.zh}（要求 ${req}）`, `${r.en} not given (required ${req})`, src);
  const ok = r.kind === 'min' ? v >= bound : v <= bound;
  const op = ok ? (r.kind === 'min' ? '≥' : '≤') : r.kind === 'min' ? '<' : '>';
  if (!ok && !buildsWorks(project)) {
    return finding(r.rule, 'info', values,
      `现状${r.zh} ${pct(v)} ${op} ${pct(bound)}（指标约束建设项目，现状仅作提示）`,
      `Existing ${r.en.toLowerCase()} ${pct(v)} ${op} ${pct(bound)} (the indicator binds works; shown for information)`, src);
  }
  return finding(r.rule, ok ? 'pass' : 'fail', values, `${r.zh} ${pct(v)} ${op} ${pct(bound)}`, `${r.en} ${pct(v)} ${op} ${pct(bound)}`, src);
}

/** 建筑系数 (share of the parcel covered by buildings and structures), 0–1. */
export function coverageFinding(coverage: number | null | undefined, project: ProjectKind, policy: Policy, status?: ParcelStatus, unbuilt = false): Finding {
  return siteFinding(RULES['coverage.min'], coverage, project, policy, status, unbuilt);
}
/** 绿地率, 0–1. */
export function greenFinding(greenRatio: number | null | undefined, project: ProjectKind, policy: Policy, status?: ParcelStatus, unbuilt = false): Finding {
  return siteFinding(RULES['green.max'], greenRatio, project, policy, status, unbuilt);
}
/** 行政办公及生活服务设施用地 share of the parcel, 0–1. */
export function adminFinding(adminRatio: number | null | undefined, project: ProjectKind, policy: Policy, status?: ParcelStatus, unbuilt = false): Finding {
  return siteFinding(RULES['admin.max'], adminRatio, project, policy, status, unbuilt);
}
