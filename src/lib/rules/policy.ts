// The policy file is data: a county swaps it to change thresholds, weights and grade shares without code changes.
// Parsing is strict so that a typo in a threshold is reported with its path instead of silently becoming undefined.
import { GRADES, type Grade, type Industry } from '../data/schema.ts';
import { parseChainConfig, type ChainConfig } from '../chain/config.ts';
import { bool, grade, parseSource, policyKeys, policyMapKeys, policyNumber, policyObject, sourced, str, strList, PolicyError, type Obj, type ThresholdSource } from './policy-read.ts';

export { PolicyError, type ThresholdSource } from './policy-read.ts';

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
  /** 亩均税收 below which a firm's land is low-efficiency, per industry (万元/亩), `general` for unlisted ones. */
  low_efficiency: { tax_per_mu_below: Record<string, number> & { general: number } };
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
  /** "两高" screening (三(一)3): projects built since `since_year` using ≥ `min_tce_per_year`; null when the file has none. */
  two_high: { since_year: number; min_tce_per_year: number } | null;
  /** The source of every threshold, by key path (`far.new_project_min`, `targets_2025.tax_per_mu`, `chains`). */
  sources: Record<string, ThresholdSource>;
  /** The 招商 block (chain strength, site ranking), when the file has one: the build writes the ranking's sites file by it. */
  chains?: ChainConfig;
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

// ---------------------------------------------------------------------------------------------------------------
// The rules of the file. Decisions:
// - area.mu_per_m2 is a unit definition (1 亩 = 10000/15 m²), not a policy choice: it must be 0.0015.
// - Plot ratios (FAR) are finite, ≥ 0 and at most FAR_MAX; caps (zone far_max) are > 0.
// - mujun.grade_shares are cumulative rank shares: 0 < A < B < C ≤ 1. Equal shares are refused: A = B would leave
//   grade B empty (gradeByRank gives A to every share ≤ A), which is never meant. C = 1 (no grade D) is allowed.
// - mujun.weights: each ≥ 0, and they must add up to 100. The grade depends only on rank, so the scale does not
//   change grades; but the score shown as 综合得分 is read as points where a firm at the county benchmark on every
//   indicator scores 100 (score = Σ weight × min(value / benchmark, score_cap)), as in Zhejiang's 亩均 evaluation
//   whose weights are percentages. Requiring 100 also catches one mistyped weight.
// - mujun.score_cap ≥ 1: below 1 a firm could not reach full points even at the benchmark.
// - carbon.warn_from_grade / fail_from_grade: whole numbers 1–6, warn ≤ fail. Grades are 1–5 (carbonGrade with 4
//   thresholds); efficiency-rules compares `grade >= from`, so 6 means "never" (e.g. no warn band).
// - Unknown keys are refused in every section, at the top level too; documentation keys (see isDocKey in
//   policy-read.ts) and the top-level `sources` map are allowed. `chains` is checked by parseChainConfig
//   (chain/config.ts) when present.

/** Largest plausible plot ratio: catches a percentage or floor area typed where a ratio belongs. */
export const FAR_MAX = 20;
/** 1 m² in 亩: 1 亩 = 10000/15 m² by national definition. */
export const MU_PER_M2 = 0.0015;

const TOP_KEYS = [
  'id',
  'name',
  'area',
  'far',
  'zones',
  'site',
  'control_lines',
  'land_supply',
  'mujun',
  'low_efficiency',
  'carbon',
  'chains',
  'targets_2025',
  'two_high',
] as const;

const MAX_GRADE_FROM = 6;

/** Validates a parsed policy JSON; `source` names the file in error messages. */
export function parsePolicy(raw: unknown, source = 'policy'): Policy {
  try {
    const at = (p: string) => `${source}.${p}`;
    const sources: Record<string, ThresholdSource> = {};
    /** A section: its keys checked, its thresholds unwrapped (sub-sections named in `containers` left as they are). */
    const section = (o: Obj, key: string, path: string, known: readonly string[], containers?: readonly string[]): Obj => {
      const s = policyObject(o[key], `${path}.${key}`);
      policyKeys(s, `${path}.${key}`, known);
      if (!containers) return s;
      const keyPath = `${path}.${key}.`.slice(source.length + 1);
      return sourced(s, `${path}.${key}`, keyPath, sources, containers);
    };
    const p = policyObject(raw, source);
    policyKeys(p, source, TOP_KEYS);

    const name = section(p, 'name', source, ['zh', 'en']);

    const area = section(p, 'area', source, ['mu_per_m2', 'standard_land_min_mu'], []);
    const muPerM2 = policyNumber(area, 'mu_per_m2', at('area'));
    if (Math.abs(muPerM2 - MU_PER_M2) > 1e-12) {
      throw new PolicyError(`${at('area')}.mu_per_m2: must be ${MU_PER_M2} (1 亩 = 10000/15 m² by national definition), got ${muPerM2}`);
    }

    const FAR = { min: 0, max: FAR_MAX, why: 'a plot ratio' };
    const far = section(p, 'far', source, ['new_project_min', 'by_industry_min', 'tall_floor_m', 'low_efficiency_below'], []);
    const byInd = policyObject(far['by_industry_min'], at('far.by_industry_min'));
    const by_industry_min: Record<string, number> = {};
    for (const k of policyMapKeys(byInd, at('far.by_industry_min'))) by_industry_min[k] = policyNumber(byInd, k, at('far.by_industry_min'), FAR);
    if (by_industry_min['general'] === undefined) throw new PolicyError(`${at('far.by_industry_min')}.general: required`);

    const zones = section(p, 'zones', source, ['central', 'adjusted-use']);
    const central = section(zones, 'central', at('zones'), ['far_max', 'height_max_m', 'allow_new_industrial'], []);
    const adj = section(zones, 'adjusted-use', at('zones'), ['far_max', 'min_grade'], []);
    const CAP = { above: 0, max: FAR_MAX, why: 'a plot-ratio cap' };

    const site = section(p, 'site', source, ['coverage_min', 'admin_max', 'green_max'], []);
    const SHARE = { min: 0, max: 1, why: 'a share: 0.3 for 30 %' };

    const lines = section(p, 'control_lines', source, ['outside_new_industrial'], []);
    const supply = section(p, 'land_supply', source, ['industrial_share_min', 'industrial_uses'], []);

    const mujun = section(p, 'mujun', source, ['evaluated', 'weights', 'score_cap', 'grade_shares'], ['evaluated']);
    const evaluated = section(mujun, 'evaluated', at('mujun'), ['above_scale', 'below_scale_min_mu', 'exempt_kinds'], []);
    const w = policyObject(mujun['weights'], at('mujun.weights'));
    policyKeys(w, at('mujun.weights'), MUJUN_INDICATORS);
    const weights = {} as Record<MujunIndicator, number>;
    for (const k of MUJUN_INDICATORS) weights[k] = policyNumber(w, k, at('mujun.weights'), { min: 0, max: 100 });
    const weightSum = MUJUN_INDICATORS.reduce((s, k) => s + weights[k], 0);
    if (Math.abs(weightSum - 100) > 1e-9) {
      throw new PolicyError(
        `${at('mujun.weights')}: the weights add up to ${Math.round(weightSum * 1e9) / 1e9}, expected 100 ` +
          `(points per indicator; a firm at the county benchmark on every indicator scores 100)`,
      );
    }
    const shares = policyObject(mujun['grade_shares'], at('mujun.grade_shares'));
    policyKeys(shares, at('mujun.grade_shares'), ['A', 'B', 'C']);
    const sp = at('mujun.grade_shares');
    const A = policyNumber(shares, 'A', sp, { above: 0, max: 1, why: 'cumulative share of firms graded A' });
    const B = policyNumber(shares, 'B', sp, { min: 0, max: 1 });
    if (!(B > A)) throw new PolicyError(`${sp}.B (${B}) must be > mujun.grade_shares.A (${A}): the shares are cumulative (A, then A + B, then A + B + C)`);
    const C = policyNumber(shares, 'C', sp, { min: 0, max: 1 });
    if (!(C > B)) throw new PolicyError(`${sp}.C (${C}) must be > mujun.grade_shares.B (${B}): the shares are cumulative (A, then A + B, then A + B + C)`);
    const low = section(p, 'low_efficiency', source, ['tax_per_mu_below'], []);
    const taxRaw = policyObject(low['tax_per_mu_below'], at('low_efficiency.tax_per_mu_below'));
    const tax_per_mu_below: Record<string, number> = {};
    for (const k of policyMapKeys(taxRaw, at('low_efficiency.tax_per_mu_below'))) {
      tax_per_mu_below[k] = policyNumber(taxRaw, k, at('low_efficiency.tax_per_mu_below'), { min: 0, why: '万元/亩' });
    }
    if (tax_per_mu_below['general'] === undefined) throw new PolicyError(`${at('low_efficiency.tax_per_mu_below')}.general: required (the guideline of unlisted industries)`);

    const carbon = section(p, 'carbon', source, ['k_thresholds', 'warn_from_grade', 'fail_from_grade', 'industry_avg_l'], []);
    const kRaw = carbon['k_thresholds'];
    if (
      !Array.isArray(kRaw) ||
      kRaw.length !== 4 ||
      kRaw.some((x, i) => typeof x !== 'number' || !Number.isFinite(x) || !(x > 0) || (i > 0 && x <= (kRaw[i - 1] as number)))
    ) {
      throw new PolicyError(`${at('carbon')}.k_thresholds: expected 4 ascending positive numbers (upper K of grades 1–4), got ${JSON.stringify(kRaw)}`);
    }
    const avgRaw = policyObject(carbon['industry_avg_l'], at('carbon.industry_avg_l'));
    const industry_avg_l: Record<string, number> = {};
    for (const k of policyMapKeys(avgRaw, at('carbon.industry_avg_l'))) {
      industry_avg_l[k] = policyNumber(avgRaw, k, at('carbon.industry_avg_l'), { above: 0, why: 't CO₂ per 万元 value added' });
    }
    if (industry_avg_l['general'] === undefined) throw new PolicyError(`${at('carbon.industry_avg_l')}.general: required`);
    const GRADE_FROM = { min: 1, max: MAX_GRADE_FROM, integer: true, why: `a carbon grade 1–5, or ${MAX_GRADE_FROM} for never` };
    const warnFrom = policyNumber(carbon, 'warn_from_grade', at('carbon'), GRADE_FROM);
    const failFrom = policyNumber(carbon, 'fail_from_grade', at('carbon'), GRADE_FROM);
    if (warnFrom > failFrom) {
      throw new PolicyError(`${at('carbon')}.warn_from_grade (${warnFrom}) must be ≤ carbon.fail_from_grade (${failFrom}): grades run from 1 (best) to 5`);
    }

    const targetsRaw = p['targets_2025'] === undefined ? {} : sourced(policyObject(p['targets_2025'], at('targets_2025')), at('targets_2025'), 'targets_2025.', sources);
    const targets: Record<string, number> = {};
    for (const k of policyMapKeys(targetsRaw, at('targets_2025'))) targets[k] = policyNumber(targetsRaw, k, at('targets_2025'), { min: 0 });

    const twoHigh = p['two_high'] === undefined ? null : section(p, 'two_high', source, ['since_year', 'min_tce_per_year'], []);

    let chains: ChainConfig | undefined;
    if (p['chains'] !== undefined) {
      // The 招商 scoring is the product's own: one source for the whole block (checked by parseChainConfig).
      chains = parseChainConfig(p, source);
      sources['chains'] = parseSource(policyObject(p['chains'], at('chains'))['source'], at('chains.source'));
    }

    return {
      id: str(p, 'id', source),
      name: { zh: str(name, 'zh', at('name')), en: str(name, 'en', at('name')) },
      area: {
        mu_per_m2: muPerM2,
        standard_land_min_mu: policyNumber(area, 'standard_land_min_mu', at('area'), { above: 0 }),
      },
      far: {
        new_project_min: policyNumber(far, 'new_project_min', at('far'), FAR),
        by_industry_min: by_industry_min as Policy['far']['by_industry_min'],
        tall_floor_m: policyNumber(far, 'tall_floor_m', at('far'), { above: 0, why: 'a storey height in metres' }),
        low_efficiency_below: policyNumber(far, 'low_efficiency_below', at('far'), FAR),
      },
      zones: {
        central: {
          far_max: policyNumber(central, 'far_max', at('zones.central'), CAP),
          height_max_m: policyNumber(central, 'height_max_m', at('zones.central'), { above: 0 }),
          allow_new_industrial: bool(central, 'allow_new_industrial', at('zones.central')),
        },
        'adjusted-use': {
          far_max: policyNumber(adj, 'far_max', at('zones.adjusted-use'), CAP),
          min_grade: grade(adj, 'min_grade', at('zones.adjusted-use')),
        },
      },
      site: {
        coverage_min: policyNumber(site, 'coverage_min', at('site'), SHARE),
        admin_max: policyNumber(site, 'admin_max', at('site'), SHARE),
        green_max: policyNumber(site, 'green_max', at('site'), SHARE),
      },
      mujun: {
        evaluated: {
          above_scale: bool(evaluated, 'above_scale', at('mujun.evaluated')),
          below_scale_min_mu: policyNumber(evaluated, 'below_scale_min_mu', at('mujun.evaluated'), { min: 0 }),
          exempt_kinds: strList(evaluated, 'exempt_kinds', at('mujun.evaluated')),
        },
        weights,
        score_cap: policyNumber(mujun, 'score_cap', at('mujun'), { min: 1, why: 'the most an indicator may count, in multiples of the benchmark' }),
        grade_shares: { A, B, C },
      },
      control_lines: { outside_new_industrial: bool(lines, 'outside_new_industrial', at('control_lines')) },
      land_supply: {
        industrial_share_min: policyNumber(supply, 'industrial_share_min', at('land_supply'), SHARE),
        industrial_uses: strList(supply, 'industrial_uses', at('land_supply'), { nonEmpty: true }),
      },
      low_efficiency: { tax_per_mu_below: tax_per_mu_below as Policy['low_efficiency']['tax_per_mu_below'] },
      carbon: {
        k_thresholds: kRaw as [number, number, number, number],
        industry_avg_l: industry_avg_l as Policy['carbon']['industry_avg_l'],
        warn_from_grade: warnFrom,
        fail_from_grade: failFrom,
      },
      targets_2025: targets,
      two_high: twoHigh
        ? {
            since_year: policyNumber(twoHigh, 'since_year', at('two_high'), { min: 1990, max: 2100, why: 'a year' }),
            min_tce_per_year: policyNumber(twoHigh, 'min_tce_per_year', at('two_high'), { min: 0, why: 'tce a year' }),
          }
        : null,
      sources,
      ...(chains ? { chains } : {}),
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

/** The 亩均税收 guideline of an industry (万元/亩), `general` for an unlisted one. */
export function taxPerMuBelow(policy: Policy, industry: string | undefined): number {
  const t = policy.low_efficiency.tax_per_mu_below as Record<string, number | undefined>;
  return (industry !== undefined ? t[industry] : undefined) ?? policy.low_efficiency.tax_per_mu_below.general;
}

/** The source of the threshold at `key` (e.g. 'far.new_project_min'); every threshold has one (parsePolicy). */
export function sourceOf(policy: Policy, key: string): ThresholdSource {
  const s = policy.sources[key];
  if (!s) throw new Error(`policy ${policy.id}: no source recorded for ${key}`);
  return s;
}
