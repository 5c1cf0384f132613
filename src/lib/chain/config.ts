// The `chains` section of the policy file: link-strength thresholds and site-ranking weights. Parsed strictly,
// like the rest of the policy, so a typo names its path instead of silently becoming undefined.
import { GRADES, PARCEL_STATUSES, type Grade, type ParcelStatus } from '../data/schema.ts';
import { PolicyError } from '../rules/policy.ts';

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
function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new PolicyError(`${path}: expected an object`);
  return v as Obj;
}
function num(o: Obj, key: string, path: string, min = 0, max = Infinity): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new PolicyError(`${path}.${key}: expected a number, got ${JSON.stringify(v)}`);
  if (v < min || v > max) throw new PolicyError(`${path}.${key}: ${v} is outside [${min}, ${max}]`);
  return v;
}
function list<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new PolicyError(`${path}.${key}: expected a list`);
  return v.map((x, i) => {
    if (!allowed.includes(x as T)) throw new PolicyError(`${path}.${key}[${i}]: expected one of ${allowed.join('/')}, got ${JSON.stringify(x)}`);
    return x as T;
  });
}

/** Reads `chains` from a raw policy JSON object; `source` names the file in messages. */
export function parseChainConfig(rawPolicy: unknown, source = 'policy'): ChainConfig {
  const root = obj(rawPolicy, source);
  const c = obj(root['chains'], `${source}.chains`);
  const s = obj(c['strength'], `${source}.chains.strength`);
  const r = obj(c['ranking'], `${source}.chains.ranking`);
  const sp = `${source}.chains.strength`;
  const rp = `${source}.chains.ranking`;
  const basis = s['share_basis'];
  if (basis !== 'value_added_10k' && basis !== 'revenue_10k') throw new PolicyError(`${sp}.share_basis: expected "value_added_10k" or "revenue_10k", got ${JSON.stringify(basis)}`);
  const w = obj(r['weights'], `${rp}.weights`);
  const weights = {} as Record<ScorePart, number>;
  for (const k of SCORE_PARTS) weights[k] = num(w, k, `${rp}.weights`, 0, 1000);
  const min = num(r, 'area_min_ratio', rp, 0, 10);
  const full = num(r, 'distance_full_km', rp, 0, 1000);
  const a = obj(r['assembly'], `${rp}.assembly`);
  const maxMembers = num(a, 'max_members', `${rp}.assembly`, 1, 50);
  if (!Number.isInteger(maxMembers)) throw new PolicyError(`${rp}.assembly.max_members: expected a whole number, got ${maxMembers}`);
  return {
    strength: {
      share_basis: basis,
      weak_min_firms: num(s, 'weak_min_firms', sp, 0),
      strong_min_firms: num(s, 'strong_min_firms', sp, 0),
      strong_min_share: num(s, 'strong_min_share', sp, 0, 1),
      strong_with_anchor_min_firms: num(s, 'strong_with_anchor_min_firms', sp, 0),
    },
    ranking: {
      candidate_statuses: list(r, 'candidate_statuses', rp, PARCEL_STATUSES),
      candidate_grades: list(r, 'candidate_grades', rp, GRADES),
      area_min_ratio: min,
      area_max_ratio: num(r, 'area_max_ratio', rp, min, 100),
      distance_full_km: full,
      distance_zero_km: num(r, 'distance_zero_km', rp, full + 1e-9, 10000),
      weights,
      assembly: { max_gap_m: num(a, 'max_gap_m', `${rp}.assembly`, 0, 1000), max_members: maxMembers, max_neighbours: num(a, 'max_neighbours', `${rp}.assembly`, 1, 1000) },
    },
  };
}

/** Great-circle distance in km (haversine, mean Earth radius 6371.0088 km). */
export function haversineKm(a: readonly [number, number], b: readonly [number, number]): number {
  const R = 6371.0088;
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}
