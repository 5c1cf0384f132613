import { describe, expect, it } from 'vitest';
import raw from '../../../data/policy/ninghai-2021-2025.json' with { type: 'json' };
import { PolicyError } from '../rules/policy.ts';
import { parseChainConfig } from './config.ts';

type Obj = Record<string, unknown>;
function edited(edits: [string, unknown][]): Obj {
  const copy = structuredClone(raw) as unknown as Obj;
  for (const [path, value] of edits) {
    const keys = path.split('.');
    let o = copy;
    for (const k of keys.slice(0, -1)) o = o[k] as Obj;
    const last = keys[keys.length - 1]!;
    if (value === undefined) delete o[last];
    else o[last] = value;
  }
  return copy;
}
function refusal(...edits: [string, unknown][]): string {
  try {
    parseChainConfig(edited(edits), 'p.json');
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${JSON.stringify(edits)}`);
}

describe('chains section of the policy file', () => {
  it('parses the shipped file', () => {
    const c = parseChainConfig(raw, 'ninghai');
    expect(c.strength).toEqual({ share_basis: 'value_added_10k', weak_min_firms: 1, strong_min_firms: 10, strong_min_share: 0.1, strong_with_anchor_min_firms: 3 });
    expect(c.ranking.assembly).toEqual({ max_gap_m: 30, max_members: 6, max_neighbours: 8 });
    expect([c.ranking.area_min_ratio, c.ranking.area_max_ratio, c.ranking.distance_full_km, c.ranking.distance_zero_km]).toEqual([0.9, 2.5, 2, 25]);
  });

  it('strength: whole firm counts, weak ≥ 1, the strong minimums ≥ weak, share in 0–1', () => {
    expect(refusal(['chains.strength.weak_min_firms', 0])).toBe('p.json.chains.strength.weak_min_firms: 0 must be ≥ 1 (a link without firms is always missing, 缺)');
    expect(refusal(['chains.strength.weak_min_firms', 1.5])).toBe('p.json.chains.strength.weak_min_firms: expected a whole number, got 1.5');
    expect(refusal(['chains.strength.weak_min_firms', 4])).toContain('p.json.chains.strength.strong_with_anchor_min_firms: 3 must be ≥ 4');
    expect(refusal(['chains.strength.strong_min_firms', 0])).toContain('p.json.chains.strength.strong_min_firms: 0 must be ≥ 1');
    expect(refusal(['chains.strength.strong_min_firms', 9.5])).toContain('p.json.chains.strength.strong_min_firms: expected a whole number');
    expect(refusal(['chains.strength.strong_min_share', 10])).toContain('p.json.chains.strength.strong_min_share: 10 must be ≥ 0 and ≤ 1');
    expect(refusal(['chains.strength.share_basis', 'tax_10k'])).toContain('p.json.chains.strength.share_basis: expected "value_added_10k" or "revenue_10k"');
  });

  it('ranking: candidates, area window around the need, distances, weights, assembly', () => {
    expect(refusal(['chains.ranking.candidate_statuses', []], ['chains.ranking.candidate_grades', []])).toContain('p.json.chains.ranking.candidate_statuses: empty');
    expect(refusal(['chains.ranking.candidate_grades', ['D', 'D']])).toBe('p.json.chains.ranking.candidate_grades[1]: "D" is listed twice');
    expect(refusal(['chains.ranking.candidate_statuses', ['idle', 'vacant']])).toContain('p.json.chains.ranking.candidate_statuses[1]: expected one of');
    expect(refusal(['chains.ranking.area_min_ratio', 0])).toContain('p.json.chains.ranking.area_min_ratio: 0 must be > 0 and ≤ 1');
    expect(refusal(['chains.ranking.area_min_ratio', 1.2])).toContain('p.json.chains.ranking.area_min_ratio: 1.2 must be > 0 and ≤ 1');
    expect(refusal(['chains.ranking.area_max_ratio', 0.95])).toContain('p.json.chains.ranking.area_max_ratio: 0.95 must be ≥ 1 and ≤ 100');
    expect(refusal(['chains.ranking.distance_full_km', -1])).toContain('p.json.chains.ranking.distance_full_km: -1 must be ≥ 0');
    expect(refusal(['chains.ranking.distance_zero_km', 2])).toBe('p.json.chains.ranking.distance_zero_km (2) must be > chains.ranking.distance_full_km (2)');
    expect(refusal(['chains.ranking.weights.far', -15])).toContain('p.json.chains.ranking.weights.far: -15 must be ≥ 0');
    expect(
      refusal(...(['area', 'control_line', 'far', 'not_central', 'distance', 'park'] as const).map((k) => [`chains.ranking.weights.${k}`, 0] as [string, unknown])),
    ).toBe('p.json.chains.ranking.weights: all weights are 0; at least one must be > 0');
    expect(refusal(['chains.ranking.assembly.max_members', 2.5])).toContain('p.json.chains.ranking.assembly.max_members: expected a whole number');
    expect(refusal(['chains.ranking.assembly.max_members', 0])).toContain('p.json.chains.ranking.assembly.max_members: 0 must be ≥ 1');
    expect(refusal(['chains.ranking.assembly.max_neighbours', 0])).toContain('p.json.chains.ranking.assembly.max_neighbours: 0 must be ≥ 1');
    expect(refusal(['chains.ranking.assembly.max_neighbours', 7.5])).toContain('p.json.chains.ranking.assembly.max_neighbours: expected a whole number');
    expect(refusal(['chains.ranking.assembly.max_gap_m', -30])).toContain('p.json.chains.ranking.assembly.max_gap_m: -30 must be ≥ 0');
  });

  it('refuses unknown keys, naming the path and the known keys', () => {
    const cases: [string, string][] = [
      ['chains.rankings', 'p.json.chains.rankings: unknown key (did you mean "ranking"?); known keys here: source, strength, ranking'],
      ['chains.strength.weak_min_firm', 'p.json.chains.strength.weak_min_firm: unknown key (did you mean "weak_min_firms"?)'],
      ['chains.ranking.wieghts', 'p.json.chains.ranking.wieghts: unknown key (did you mean "weights"?)'],
      ['chains.ranking.weights.prak', 'p.json.chains.ranking.weights.prak: unknown key (did you mean "park"?)'],
      ['chains.ranking.assembly.max_member', 'p.json.chains.ranking.assembly.max_member: unknown key (did you mean "max_members"?)'],
    ];
    for (const [path, msg] of cases) expect(refusal([path, 1]), path).toContain(msg);
    expect(parseChainConfig(edited([['chains.ranking._note', 'weights are points'], ['chains.strength.note', 'assumed']])).strength.weak_min_firms).toBe(1);
  });
});
