// The policy file is data: a county swaps it to change thresholds, weights and grade shares without code changes.
// Parsing is strict so that a typo in a threshold is reported with its path instead of silently becoming undefined.
import type { Grade, Industry } from '../data/schema.ts';
import { GRADES } from '../data/schema.ts';

export interface Policy {
  id: string;
  name: { zh: string; en: string };
  area: { mu_per_m2: number; standard_land_min_mu: number };
  far: {
    new_project_min: number;
    by_industry_min: Partial<Record<Industry, number>> & { general: number };
    tall_floor_m: number;
    low_efficiency_below: number;
  };
  zones: {
    central: { far_max: number; height_max_m: number; allow_new_industrial: boolean };
    'adjusted-use': { far_max: number; min_grade: Grade };
  };
  site: { coverage_min: number; admin_max: number; green_max: number };
  control_lines: { outside_new_industrial: boolean };
  land_supply: { industrial_share_min: number; industrial_uses: string[] };
  mujun: {
    evaluated: { above_scale: boolean; below_scale_min_mu: number; exempt_kinds: string[] };
    weights: Record<MujunIndicator, number>;
    score_cap: number;
    grade_shares: { A: number; B: number; C: number };
  };
  low_efficiency: { tax_per_mu_below: number };
  carbon: {
    /** Upper K bounds of grades 1–4 (ascending); K above the last is grade 5. */
    k_thresholds: [number, number, number, number];
    /** Industry-average carbon intensity L (t CO₂ / 万元 value added), `general` for unlisted industries. */
    industry_avg_l: Record<string, number> & { general: number };
    /** Grades from which the verdict is warn / fail (5 = least efficient). */
    warn_from_grade: number;
    fail_from_grade: number;
  };
  targets_2025: Record<string, number>;
}

export const MUJUN_INDICATORS = [
  'tax_per_mu',
  'va_per_mu',
  'va_per_energy',
  'va_per_emission',
  'labour_productivity',
  'rd_share',
] as const;
export type MujunIndicator = (typeof MUJUN_INDICATORS)[number];

export class PolicyError extends Error {
  override name = 'PolicyError';
}

type Obj = Record<string, unknown>;

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new PolicyError(`${path}: expected an object`);
  return v as Obj;
}
function num(o: Obj, key: string, path: string, min = -Infinity, max = Infinity): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new PolicyError(`${path}.${key}: expected a number, got ${JSON.stringify(v)}`);
  if (v < min || v > max) throw new PolicyError(`${path}.${key}: ${v} is outside [${min}, ${max}]`);
  return v;
}
function bool(o: Obj, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new PolicyError(`${path}.${key}: expected true or false, got ${JSON.stringify(v)}`);
  return v;
}
function str(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new PolicyError(`${path}.${key}: expected a non-empty string`);
  return v;
}
function strList(o: Obj, key: string, path: string): string[] {
  const v = o[key];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new PolicyError(`${path}.${key}: expected a list of texts`);
  return v as string[];
}
function grade(o: Obj, key: string, path: string): Grade {
  const v = o[key];
  if (!GRADES.includes(v as Grade)) throw new PolicyError(`${path}.${key}: expected one of ${GRADES.join('/')}, got ${JSON.stringify(v)}`);
  return v as Grade;
}

/** Validates a parsed policy JSON; `source` names the file in error messages. */
export function parsePolicy(raw: unknown, source = 'policy'): Policy {
  try {
    const p = obj(raw, source);
    const name = obj(p['name'], `${source}.name`);
    const area = obj(p['area'], `${source}.area`);
    const far = obj(p['far'], `${source}.far`);
    const byInd = obj(far['by_industry_min'], `${source}.far.by_industry_min`);
    const by_industry_min: Record<string, number> = {};
    for (const k of Object.keys(byInd)) by_industry_min[k] = num(byInd, k, `${source}.far.by_industry_min`, 0, 20);
    if (by_industry_min['general'] === undefined) throw new PolicyError(`${source}.far.by_industry_min.general: required`);
    const zones = obj(p['zones'], `${source}.zones`);
    const central = obj(zones['central'], `${source}.zones.central`);
    const adj = obj(zones['adjusted-use'], `${source}.zones.adjusted-use`);
    const site = obj(p['site'], `${source}.site`);
    const mujun = obj(p['mujun'], `${source}.mujun`);
    const evaluated = obj(mujun['evaluated'], `${source}.mujun.evaluated`);
    const w = obj(mujun['weights'], `${source}.mujun.weights`);
    const weights = {} as Record<MujunIndicator, number>;
    for (const k of MUJUN_INDICATORS) weights[k] = num(w, k, `${source}.mujun.weights`, 0, 1000);
    const shares = obj(mujun['grade_shares'], `${source}.mujun.grade_shares`);
    const A = num(shares, 'A', `${source}.mujun.grade_shares`, 0, 1);
    const B = num(shares, 'B', `${source}.mujun.grade_shares`, A, 1);
    const C = num(shares, 'C', `${source}.mujun.grade_shares`, B, 1);
    const low = obj(p['low_efficiency'], `${source}.low_efficiency`);
    const lines = obj(p['control_lines'], `${source}.control_lines`);
    const supply = obj(p['land_supply'], `${source}.land_supply`);
    const carbon = obj(p['carbon'], `${source}.carbon`);
    const kRaw = carbon['k_thresholds'];
    if (!Array.isArray(kRaw) || kRaw.length !== 4 || kRaw.some((x, i) => typeof x !== 'number' || !(x > 0) || (i > 0 && x <= (kRaw[i - 1] as number)))) {
      throw new PolicyError(`${source}.carbon.k_thresholds: expected 4 ascending positive numbers (upper K of grades 1–4), got ${JSON.stringify(kRaw)}`);
    }
    const avgRaw = obj(carbon['industry_avg_l'], `${source}.carbon.industry_avg_l`);
    const industry_avg_l: Record<string, number> = {};
    for (const k of Object.keys(avgRaw)) industry_avg_l[k] = num(avgRaw, k, `${source}.carbon.industry_avg_l`, Number.MIN_VALUE);
    if (industry_avg_l['general'] === undefined) throw new PolicyError(`${source}.carbon.industry_avg_l.general: required`);
    const targetsRaw = p['targets_2025'] === undefined ? {} : obj(p['targets_2025'], `${source}.targets_2025`);
    const targets: Record<string, number> = {};
    for (const k of Object.keys(targetsRaw)) targets[k] = num(targetsRaw, k, `${source}.targets_2025`);
    return {
      id: str(p, 'id', source),
      name: { zh: str(name, 'zh', `${source}.name`), en: str(name, 'en', `${source}.name`) },
      area: {
        mu_per_m2: num(area, 'mu_per_m2', `${source}.area`, 0),
        standard_land_min_mu: num(area, 'standard_land_min_mu', `${source}.area`, 0),
      },
      far: {
        new_project_min: num(far, 'new_project_min', `${source}.far`, 0, 20),
        by_industry_min: by_industry_min as Policy['far']['by_industry_min'],
        tall_floor_m: num(far, 'tall_floor_m', `${source}.far`, 0),
        low_efficiency_below: num(far, 'low_efficiency_below', `${source}.far`, 0),
      },
      zones: {
        central: {
          far_max: num(central, 'far_max', `${source}.zones.central`, 0),
          height_max_m: num(central, 'height_max_m', `${source}.zones.central`, 0),
          allow_new_industrial: bool(central, 'allow_new_industrial', `${source}.zones.central`),
        },
        'adjusted-use': {
          far_max: num(adj, 'far_max', `${source}.zones.adjusted-use`, 0),
          min_grade: grade(adj, 'min_grade', `${source}.zones.adjusted-use`),
        },
      },
      site: {
        coverage_min: num(site, 'coverage_min', `${source}.site`, 0, 1),
        admin_max: num(site, 'admin_max', `${source}.site`, 0, 1),
        green_max: num(site, 'green_max', `${source}.site`, 0, 1),
      },
      mujun: {
        evaluated: {
          above_scale: bool(evaluated, 'above_scale', `${source}.mujun.evaluated`),
          below_scale_min_mu: num(evaluated, 'below_scale_min_mu', `${source}.mujun.evaluated`, 0),
          exempt_kinds: strList(evaluated, 'exempt_kinds', `${source}.mujun.evaluated`),
        },
        weights,
        score_cap: num(mujun, 'score_cap', `${source}.mujun`, 0),
        grade_shares: { A, B, C },
      },
      control_lines: { outside_new_industrial: bool(lines, 'outside_new_industrial', `${source}.control_lines`) },
      land_supply: {
        industrial_share_min: num(supply, 'industrial_share_min', `${source}.land_supply`, 0, 1),
        industrial_uses: strList(supply, 'industrial_uses', `${source}.land_supply`),
      },
      low_efficiency: { tax_per_mu_below: num(low, 'tax_per_mu_below', `${source}.low_efficiency`, 0) },
      carbon: {
        k_thresholds: kRaw as [number, number, number, number],
        industry_avg_l: industry_avg_l as Policy['carbon']['industry_avg_l'],
        warn_from_grade: num(carbon, 'warn_from_grade', `${source}.carbon`, 1, 6),
        fail_from_grade: num(carbon, 'fail_from_grade', `${source}.carbon`, 1, 6),
      },
      targets_2025: targets,
    };
  } catch (e) {
    if (e instanceof PolicyError) throw e;
    throw new PolicyError(`${source}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The minimum FAR for an industry, falling back to the policy's `general` value for an unlisted one. */
export function industryFarMin(policy: Policy, industry: string | undefined): number {
  const table = policy.far.by_industry_min as Record<string, number | undefined>;
  return (industry !== undefined ? table[industry] : undefined) ?? policy.far.by_industry_min.general;
}

/** Grade order: true when `g` is at least as good as `min` (A best). */
export function gradeAtLeast(g: Grade, min: Grade): boolean {
  return GRADES.indexOf(g) <= GRADES.indexOf(min);
}

/** Industry-average carbon intensity L (t CO₂ / 万元) from the policy table, `general` for an unlisted industry. */
export function industryAvgL(policy: Policy, industry: string | undefined): number {
  const t = policy.carbon.industry_avg_l as Record<string, number | undefined>;
  return (industry !== undefined ? t[industry] : undefined) ?? policy.carbon.industry_avg_l.general;
}
