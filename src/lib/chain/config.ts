// The `chains` section of the policy file: link-strength thresholds and site-ranking weights. Parsed strictly,
// like the rest of the policy, so a typo names its path instead of silently becoming undefined.
import { GRADES, PARCEL_STATUSES, type Grade, type ParcelStatus } from '../data/schema.ts';
import { parseSource, policyKeys, policyNumber, policyObject, PolicyError } from '../rules/policy-read.ts';

export const SCORE_PARTS = ['area', 'control_line', 'far', 'not_central', 'distance', 'park'] as const;
export type ScorePart = (typeof SCORE_PARTS)[number];

export interface StrengthConfig {
  /** Which enterprise figure measures a link's output share within its chain. */
  share_basis: 'value_added_10k' | 'revenue_10k';
  /** Fewer firms than this: the link is missing (缺). */
  weak_min_firms: number;
  /** 强 without an anchor: at least this many firms and this share of the chain's output. */
  strong_min_firms: number;
  strong_min_share: number;
  /** 强 with an anchor (链主) firm: at least this many firms. */
  strong_with_anchor_min_firms: number;
}

export interface RankingConfig {
  candidate_statuses: ParcelStatus[];
  /** Parcels held by firms of these grades are candidates too (the cage to empty). */
  candidate_grades: Grade[];
  /** A parcel qualifies when need × min ≤ area ≤ need × max (亩). */
  area_min_ratio: number;
  area_max_ratio: number;
  /** Distance part: 1 at or below full_km, 0 at or beyond zero_km, linear between. */
  distance_full_km: number;
  distance_zero_km: number;
  weights: Record<ScorePart, number>;
  /** Combining neighbouring candidate parcels into one site (see assemble.ts). */
  assembly: { max_gap_m: number; max_members: number; max_neighbours: number };
}

export interface ChainConfig {
  strength: StrengthConfig;
  ranking: RankingConfig;
}

type Obj = Record<string, unknown>;

function list<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new PolicyError(`${path}.${key}: expected a list`);
  return v.map((x, i) => {
    if (!allowed.includes(x as T)) throw new PolicyError(`${path}.${key}[${i}]: expected one of ${allowed.join('/')}, got ${JSON.stringify(x)}`);
    if (v.indexOf(x) !== i) throw new PolicyError(`${path}.${key}[${i}]: ${JSON.stringify(x)} is listed twice`);
    return x as T;
  });
}

// Rules (same style as parsePolicy; every message names the key path):
// - strength: firm counts are whole numbers; weak_min_firms ≥ 1 (a link with no firm is always 缺), the two 强
//   minimums ≥ weak_min_firms (below it the link is 缺 before they are looked at); strong_min_share in 0–1.
// - ranking: at least one candidate status or grade; the area window need × [min, max] must contain the need
//   itself (0 < area_min_ratio ≤ 1 ≤ area_max_ratio ≤ 100); distance_zero_km > distance_full_km ≥ 0; weights each
//   0–1000 with at least one > 0 (the score is shown out of their sum, so they need not add up to 100);
//   assembly.max_members and max_neighbours whole numbers.
// - Unknown keys are refused in every part; documentation keys (`_…`, `note`, `source`) are allowed.

/** Reads `chains` from a raw policy JSON object; `source` names the file in messages. */
export function parseChainConfig(rawPolicy: unknown, source = 'policy'): ChainConfig {
  const root = policyObject(rawPolicy, source);
  const section = (o: Obj, key: string, path: string, known: readonly string[]): Obj => {
    const s = policyObject(o[key], `${path}.${key}`);
    policyKeys(s, `${path}.${key}`, known);
    return s;
  };
  const c = section(root, 'chains', source, ['source', 'strength', 'ranking']);
  const cp = `${source}.chains`;
  // The block's one source: the 招商 scoring is the product's, marked so wherever it is shown.
  if (c['source'] === undefined) throw new PolicyError(`${cp}.source: the chains block needs its source, e.g. { "kind": "assumption", "confirm_with": "县投促中心" }`);
  parseSource(c['source'], `${cp}.source`);
  const s = section(c, 'strength', cp, ['share_basis', 'weak_min_firms', 'strong_min_firms', 'strong_min_share', 'strong_with_anchor_min_firms']);
  const r = section(c, 'ranking', cp, [
    'candidate_statuses',
    'candidate_grades',
    'area_min_ratio',
    'area_max_ratio',
    'distance_full_km',
    'distance_zero_km',
    'weights',
    'assembly',
  ]);
  const sp = `${cp}.strength`;
  const rp = `${cp}.ranking`;
  const basis = s['share_basis'];
  if (basis !== 'value_added_10k' && basis !== 'revenue_10k') throw new PolicyError(`${sp}.share_basis: expected "value_added_10k" or "revenue_10k", got ${JSON.stringify(basis)}`);
  const weak = policyNumber(s, 'weak_min_firms', sp, { min: 1, integer: true, why: 'a link without firms is always missing, 缺' });
  const FIRMS = { min: weak, integer: true, why: `at least chains.strength.weak_min_firms (${weak}): fewer firms make the link missing (缺) first` };
  const strength: StrengthConfig = {
    share_basis: basis,
    weak_min_firms: weak,
    strong_min_firms: policyNumber(s, 'strong_min_firms', sp, FIRMS),
    strong_min_share: policyNumber(s, 'strong_min_share', sp, { min: 0, max: 1, why: 'a share: 0.1 for 10 %' }),
    strong_with_anchor_min_firms: policyNumber(s, 'strong_with_anchor_min_firms', sp, FIRMS),
  };

  const candidate_statuses = list(r, 'candidate_statuses', rp, PARCEL_STATUSES);
  const candidate_grades = list(r, 'candidate_grades', rp, GRADES);
  if (candidate_statuses.length + candidate_grades.length === 0) {
    throw new PolicyError(`${rp}.candidate_statuses: empty, and so is ${rp}.candidate_grades: no parcel could ever be a candidate`);
  }
  const w = section(r, 'weights', rp, SCORE_PARTS);
  const weights = {} as Record<ScorePart, number>;
  for (const k of SCORE_PARTS) weights[k] = policyNumber(w, k, `${rp}.weights`, { min: 0, max: 1000 });
  if (!SCORE_PARTS.some((k) => weights[k] > 0)) throw new PolicyError(`${rp}.weights: all weights are 0; at least one must be > 0`);
  const min = policyNumber(r, 'area_min_ratio', rp, { above: 0, max: 1, why: 'the window need × [min, max] must contain the need' });
  const max = policyNumber(r, 'area_max_ratio', rp, { min: 1, max: 100, why: 'the window need × [min, max] must contain the need' });
  const full = policyNumber(r, 'distance_full_km', rp, { min: 0, max: 1000 });
  const zero = policyNumber(r, 'distance_zero_km', rp, { max: 10000 });
  if (!(zero > full)) throw new PolicyError(`${rp}.distance_zero_km (${zero}) must be > chains.ranking.distance_full_km (${full})`);
  const a = section(r, 'assembly', rp, ['max_gap_m', 'max_members', 'max_neighbours']);
  const ap = `${rp}.assembly`;
  return {
    strength,
    ranking: {
      candidate_statuses,
      candidate_grades,
      area_min_ratio: min,
      area_max_ratio: max,
      distance_full_km: full,
      distance_zero_km: zero,
      weights,
      assembly: {
        max_gap_m: policyNumber(a, 'max_gap_m', ap, { min: 0, max: 1000 }),
        max_members: policyNumber(a, 'max_members', ap, { min: 1, max: 50, integer: true, why: '1 turns assembly off' }),
        max_neighbours: policyNumber(a, 'max_neighbours', ap, { min: 1, max: 1000, integer: true }),
      },
    },
  };
}
