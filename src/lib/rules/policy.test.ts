import { describe, expect, it } from 'vitest';
import raw from '../../../data/policy/ninghai-2021-2025.json' with { type: 'json' };
import { gradeAtLeast, industryFarMin, parsePolicy, PolicyError } from './policy.ts';
import { ninghaiPolicy, policyWith } from './test-policy.ts';

type Obj = Record<string, unknown>;
/** Sets (or with `undefined`, deletes) the value at a dotted path of a policy copy. */
function set(p: Obj, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = p;
  for (const k of keys.slice(0, -1)) o = o[k] as Obj;
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete o[last];
  else o[last] = value;
}
/** The message parsePolicy gives for the shipped file with these edits (fails the test when it is accepted). */
function refusal(...edits: [string, unknown][]): string {
  try {
    policyWith((p) => {
      for (const [path, value] of edits) set(p, path, value);
    });
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${JSON.stringify(edits)}`);
}
const accepts = (...edits: [string, unknown][]) =>
  policyWith((p) => {
    for (const [path, value] of edits) set(p, path, value);
  });

describe('policy file', () => {
  it('parses the shipped Ninghai policy with the seed values', () => {
    const p = ninghaiPolicy();
    expect(p.far.new_project_min).toBe(2.0);
    expect(p.zones['adjusted-use'].far_max).toBe(1.5);
    expect(p.zones.central).toEqual({ far_max: 1.0, height_max_m: 8, allow_new_industrial: false });
    expect(p.area.standard_land_min_mu).toBe(5);
  });

  it('looks up the national FAR minimum by industry and falls back to general', () => {
    const p = ninghaiPolicy();
    expect(industryFarMin(p, 'textiles')).toBe(0.8);
    expect(industryFarMin(p, 'chemicals')).toBe(0.6);
    expect(industryFarMin(p, 'no-such-industry')).toBe(1.0);
    expect(industryFarMin(p, undefined)).toBe(1.0);
  });

  it('names the path of a bad value', () => {
    expect(() => policyWith((p) => ((p['far'] as Record<string, unknown>)['new_project_min'] = 'two'))).toThrow(
      /edited-policy\.json\.far\.new_project_min: expected a number/,
    );
    expect(() => policyWith((p) => (((p['mujun'] as Record<string, unknown>)['grade_shares'] as Record<string, unknown>)['B'] = 0.1))).toThrow(
      PolicyError,
    );
  });

  it('orders grades A best', () => {
    expect(gradeAtLeast('A', 'B')).toBe(true);
    expect(gradeAtLeast('B', 'B')).toBe(true);
    expect(gradeAtLeast('C', 'B')).toBe(false);
  });
});

describe('policy file: strict ranges (each refusal names the key path)', () => {
  it('area.mu_per_m2 is the unit definition 0.0015 (1 亩 = 10000/15 m²)', () => {
    expect(refusal(['area.mu_per_m2', 0])).toBe('edited-policy.json.area.mu_per_m2: must be 0.0015 (1 亩 = 10000/15 m² by national definition), got 0');
    expect(refusal(['area.mu_per_m2', 0.0016])).toContain('edited-policy.json.area.mu_per_m2: must be 0.0015');
    expect(refusal(['area.mu_per_m2', 1 / 666.67])).toContain('edited-policy.json.area.mu_per_m2: must be 0.0015');
    expect(accepts(['area.mu_per_m2', 15 / 10000]).area.mu_per_m2).toBe(0.0015);
    expect(accepts(['area.mu_per_m2', 0.0015 + 1e-13]).area.mu_per_m2).toBeCloseTo(0.0015, 12);
  });
  it('area.standard_land_min_mu > 0', () => {
    expect(refusal(['area.standard_land_min_mu', 0])).toBe('edited-policy.json.area.standard_land_min_mu: 0 must be > 0');
  });
  it('plot ratios are finite and ≥ 0', () => {
    expect(refusal(['far.new_project_min', -1])).toBe('edited-policy.json.far.new_project_min: -1 must be ≥ 0 and ≤ 20 (a plot ratio)');
    expect(refusal(['far.by_industry_min.textiles', -0.5])).toContain('edited-policy.json.far.by_industry_min.textiles: -0.5 must be ≥ 0');
    expect(refusal(['far.low_efficiency_below', -0.1])).toContain('edited-policy.json.far.low_efficiency_below: -0.1 must be ≥ 0');
    expect(refusal(['far.new_project_min', Infinity])).toBe('edited-policy.json.far.new_project_min: expected a finite number, got Infinity');
    expect(refusal(['far.new_project_min', 200])).toContain('edited-policy.json.far.new_project_min: 200 must be ≥ 0 and ≤ 20');
  });
  it('far.tall_floor_m > 0', () => {
    expect(refusal(['far.tall_floor_m', 0])).toContain('edited-policy.json.far.tall_floor_m: 0 must be > 0');
  });
  it('zone caps > 0', () => {
    expect(refusal(['zones.central.far_max', 0])).toContain('edited-policy.json.zones.central.far_max: 0 must be > 0');
    expect(refusal(['zones.adjusted-use.far_max', 0])).toContain('edited-policy.json.zones.adjusted-use.far_max: 0 must be > 0');
    expect(refusal(['zones.central.height_max_m', 0])).toContain('edited-policy.json.zones.central.height_max_m: 0 must be > 0');
  });
  it('shares are in 0–1', () => {
    expect(refusal(['site.coverage_min', 1.2])).toBe('edited-policy.json.site.coverage_min: 1.2 must be ≥ 0 and ≤ 1 (a share: 0.3 for 30 %)');
    expect(refusal(['site.admin_max', -0.07])).toContain('edited-policy.json.site.admin_max: -0.07 must be ≥ 0 and ≤ 1');
    expect(refusal(['site.green_max', 20])).toContain('edited-policy.json.site.green_max: 20 must be ≥ 0 and ≤ 1');
    expect(refusal(['land_supply.industrial_share_min', 35])).toContain('edited-policy.json.land_supply.industrial_share_min: 35 must be ≥ 0 and ≤ 1');
  });
  it('land_supply.industrial_uses: at least one, no duplicates', () => {
    expect(refusal(['land_supply.industrial_uses', []])).toBe('edited-policy.json.land_supply.industrial_uses: expected at least one entry');
    expect(refusal(['land_supply.industrial_uses', ['industrial', 'industrial']])).toContain('edited-policy.json.land_supply.industrial_uses: "industrial" is listed twice');
  });
  it('mujun.grade_shares: 0 < A < B < C ≤ 1 (cumulative; equal shares refused, C = 1 allowed)', () => {
    expect(refusal(['mujun.grade_shares.A', 0])).toContain('edited-policy.json.mujun.grade_shares.A: 0 must be > 0 and ≤ 1');
    expect(refusal(['mujun.grade_shares.B', 0.2])).toBe(
      'edited-policy.json.mujun.grade_shares.B (0.2) must be > mujun.grade_shares.A (0.2): the shares are cumulative (A, then A + B, then A + B + C)',
    );
    expect(refusal(['mujun.grade_shares.C', 0.5])).toContain('edited-policy.json.mujun.grade_shares.C (0.5) must be > mujun.grade_shares.B (0.65)');
    expect(refusal(['mujun.grade_shares.C', 1.05])).toContain('edited-policy.json.mujun.grade_shares.C: 1.05 must be ≥ 0 and ≤ 1');
    expect(accepts(['mujun.grade_shares.C', 1]).mujun.grade_shares.C).toBe(1);
  });
  it('mujun.weights: each ≥ 0, adding up to 100', () => {
    expect(refusal(['mujun.weights.rd_share', -10], ['mujun.weights.tax_per_mu', 50])).toContain('edited-policy.json.mujun.weights.rd_share: -10 must be ≥ 0');
    expect(refusal(['mujun.weights.rd_share', 100])).toBe(
      'edited-policy.json.mujun.weights: the weights add up to 190, expected 100 (points per indicator; a firm at the county benchmark on every indicator scores 100)',
    );
    expect(refusal(...['tax_per_mu', 'va_per_mu', 'va_per_energy', 'va_per_emission', 'labour_productivity', 'rd_share'].map((k) => [`mujun.weights.${k}`, 0] as [string, unknown]))).toContain(
      'edited-policy.json.mujun.weights: the weights add up to 0, expected 100',
    );
    expect(accepts(['mujun.weights.rd_share', 0], ['mujun.weights.tax_per_mu', 40]).mujun.weights.tax_per_mu).toBe(40);
  });
  it('mujun.score_cap ≥ 1', () => {
    expect(refusal(['mujun.score_cap', 0.9])).toContain('edited-policy.json.mujun.score_cap: 0.9 must be ≥ 1');
  });
  it('zones.adjusted-use.min_grade is one of A–D', () => {
    expect(refusal(['zones.adjusted-use.min_grade', 'E'])).toBe('edited-policy.json.zones.adjusted-use.min_grade: expected one of A/B/C/D, got "E"');
  });
  it('carbon grades: whole numbers 1–6 (6 = never), warn ≤ fail', () => {
    expect(refusal(['carbon.warn_from_grade', 5], ['carbon.fail_from_grade', 4])).toBe(
      'edited-policy.json.carbon.warn_from_grade (5) must be ≤ carbon.fail_from_grade (4): grades run from 1 (best) to 5',
    );
    expect(refusal(['carbon.warn_from_grade', 3.5])).toBe('edited-policy.json.carbon.warn_from_grade: expected a whole number, got 3.5');
    expect(refusal(['carbon.fail_from_grade', 0])).toContain('edited-policy.json.carbon.fail_from_grade: 0 must be ≥ 1 and ≤ 6');
    expect(refusal(['carbon.fail_from_grade', 7])).toContain('edited-policy.json.carbon.fail_from_grade: 7 must be ≥ 1 and ≤ 6');
    const never = accepts(['carbon.warn_from_grade', 6], ['carbon.fail_from_grade', 6]).carbon;
    expect([never.warn_from_grade, never.fail_from_grade]).toEqual([6, 6]);
  });
  it('carbon.k_thresholds: 4 ascending positive numbers', () => {
    expect(refusal(['carbon.k_thresholds', [0.6, 0.8, 1.2]])).toContain('edited-policy.json.carbon.k_thresholds: expected 4 ascending positive numbers');
    expect(refusal(['carbon.k_thresholds', [0.6, 0.6, 1.2, 2]])).toContain('edited-policy.json.carbon.k_thresholds');
    expect(refusal(['carbon.k_thresholds', [0, 0.8, 1.2, 2]])).toContain('edited-policy.json.carbon.k_thresholds');
  });
  it('carbon.industry_avg_l values > 0, general required', () => {
    expect(refusal(['carbon.industry_avg_l.food', 0])).toContain('edited-policy.json.carbon.industry_avg_l.food: 0 must be > 0');
    expect(refusal(['carbon.industry_avg_l.general', undefined])).toBe('edited-policy.json.carbon.industry_avg_l.general: required');
  });
  it('low_efficiency.tax_per_mu_below: a table per industry, each ≥ 0, with general', () => {
    expect(refusal(['low_efficiency.tax_per_mu_below.general', -1])).toBe('edited-policy.json.low_efficiency.tax_per_mu_below.general: -1 must be ≥ 0 (万元/亩)');
    expect(refusal(['low_efficiency.tax_per_mu_below', 10])).toBe('edited-policy.json.low_efficiency.tax_per_mu_below: expected an object');
    expect(refusal(['low_efficiency.tax_per_mu_below.general', undefined])).toContain('low_efficiency.tax_per_mu_below.general: required');
  });
  it('targets_2025: finite numbers ≥ 0', () => {
    expect(refusal(['targets_2025.tax_per_mu', -45])).toBe('edited-policy.json.targets_2025.tax_per_mu: -45 must be ≥ 0');
    expect(refusal(['targets_2025.co2_cut_t', '10000'])).toBe('edited-policy.json.targets_2025.co2_cut_t: expected a number, got "10000"');
  });
  it('mujun.effects (never read by any rule) is gone: the key is refused as unknown', () => {
    expect(refusal(['mujun.effects', { A: { land_tax_relief: 1 } }])).toContain('edited-policy.json.mujun.effects: unknown key');
  });
});

describe('policy file: unknown keys', () => {
  it('refuses a typo inside a section, naming the path, the known keys and the likely key', () => {
    expect(refusal(['zones.central.far_mxa', 1])).toBe(
      'edited-policy.json.zones.central.far_mxa: unknown key (did you mean "far_max"?); known keys here: far_max, height_max_m, allow_new_industrial ' +
        '(documentation keys may start with "_" or be "note")',
    );
    const cases: [string, string][] = [
      ['area.mu_per_m', 'area.mu_per_m: unknown key (did you mean "mu_per_m2"?)'],
      ['far.far_mxa', 'far.far_mxa: unknown key; known keys here: new_project_min, by_industry_min, tall_floor_m, low_efficiency_below'],
      ['zones.adjusted_use', 'zones.adjusted_use: unknown key (did you mean "adjusted-use"?)'],
      ['zones.adjusted-use.min_grad', 'zones.adjusted-use.min_grad: unknown key (did you mean "min_grade"?)'],
      ['site.green_min', 'site.green_min: unknown key (did you mean "green_max"?)'],
      ['control_lines.outside_new_industry', 'control_lines.outside_new_industry: unknown key'],
      ['land_supply.industrial_use', 'land_supply.industrial_use: unknown key (did you mean "industrial_uses"?)'],
      ['mujun.score_caps', 'mujun.score_caps: unknown key (did you mean "score_cap"?)'],
      ['mujun.evaluated.abovescale', 'mujun.evaluated.abovescale: unknown key (did you mean "above_scale"?)'],
      ['mujun.weights.tax_per_m', 'mujun.weights.tax_per_m: unknown key (did you mean "tax_per_mu"?)'],
      ['mujun.grade_shares.D', 'mujun.grade_shares.D: unknown key; known keys here: A, B, C'],
      ['low_efficiency.tax_per_mu', 'low_efficiency.tax_per_mu: unknown key; known keys here: tax_per_mu_below'],
      ['carbon.warn_from', 'carbon.warn_from: unknown key'],
      ['name.ja', 'name.ja: unknown key; known keys here: zh, en'],
      ['target_2025', 'target_2025: unknown key (did you mean "targets_2025"?)'],
      ['chain', 'chain: unknown key (did you mean "chains"?)'],
    ];
    for (const [path, msg] of cases) expect(refusal([path, 1]), path).toContain(`edited-policy.json.${msg}`);
  });

  it('allows documentation keys: `_…` anywhere and `note` texts (a threshold\'s `source` is not documentation)', () => {
    const p = accepts(
      ['_comment', { any: 'thing' }],
      ['far.note', 'national minimums, 2008'],
      ['far.by_industry_min._about', 'industry keys of schema.ts'],
      ['targets_2025.note', 'from the 2021 plan'],
      ['zones.central._todo', 1],
    );
    expect(Object.keys(p.far.by_industry_min)).not.toContain('_about');
    expect(Object.keys(p.targets_2025)).not.toContain('note');
    expect(refusal(['far.note', 5])).toBe('edited-policy.json.far.note: expected a text (documentation), got 5');
    expect(refusal(['carbon.source', '浙江工业碳效码'])).toContain('edited-policy.json.carbon.source: unknown key');
    expect(refusal(['sources', { seed: 'x' }])).toContain('edited-policy.json.sources: unknown key');
  });

  it('checks the chains section too, through parseChainConfig', () => {
    expect(refusal(['chains.ranking.weights.prak', 10])).toContain('edited-policy.json.chains.ranking.weights.prak: unknown key (did you mean "park"?)');
    expect(refusal(['chains.strength.weak_min_firms', 0])).toContain('edited-policy.json.chains.strength.weak_min_firms: 0 must be ≥ 1');
    // A policy without chains is still a policy (sites and chains commands need them and say so).
    expect(accepts(['chains', undefined]).id).toBe('ninghai-2021-2025');
  });
});

describe('policy file: mutations of the shipped file', () => {
  it('the shipped file parses, and parses unchanged from its raw text', () => {
    const p = parsePolicy(JSON.parse(JSON.stringify(raw)), 'ninghai-2021-2025.json');
    expect(p).toEqual(ninghaiPolicy());
    expect(p.mujun.weights).toEqual({ tax_per_mu: 30, va_per_mu: 20, va_per_energy: 20, va_per_emission: 10, labour_productivity: 10, rd_share: 10 });
    expect(p.carbon.warn_from_grade).toBe(4);
  });

  it('refuses each bad edit, naming its key path', () => {
    const mutations: [path: string, value: unknown, expected?: string][] = [
      ['area.mu_per_m2', 0],
      ['area.mu_per_m2', 0.0667],
      ['area.standard_land_min_mu', -5],
      ['far.new_project_min', 'two'],
      ['far.by_industry_min.chemicals', -0.6],
      ['far.by_industry_min.general', undefined],
      ['far.tall_floor_m', -8],
      ['zones.central.far_max', -1],
      ['zones.central.height_max_m', 0],
      ['zones.central.allow_new_industrial', 'no'],
      ['zones.adjusted-use.far_max', 0],
      ['zones.adjusted-use.min_grade', 'b'],
      ['site.coverage_min', 30],
      ['site.green_max', -0.2],
      ['control_lines.outside_new_industrial', 0],
      ['land_supply.industrial_share_min', 1.35],
      ['mujun.evaluated.below_scale_min_mu', -3],
      ['mujun.weights.va_per_mu', 25, 'mujun.weights'],
      ['mujun.grade_shares.A', 0.7, 'mujun.grade_shares.B'],
      ['mujun.grade_shares.C', 0.65, 'mujun.grade_shares.C'],
      ['mujun.score_cap', 0],
      ['low_efficiency.tax_per_mu_below.textiles', -10],
      ['carbon.warn_from_grade', 5.5],
      ['carbon.fail_from_grade', 3, 'carbon.warn_from_grade'],
      ['carbon.industry_avg_l.pharma', -1.14],
      ['carbon.k_thresholds', [2.0, 1.2, 0.8, 0.6]],
      ['targets_2025.green_factories', -150],
      ['far.far_mxa', 2],
      ['mujun.weights.rnd_share', 10],
      ['chains.ranking.area_min_ratio', 0],
    ];
    for (const [path, value, expected] of mutations) {
      const msg = refusal([path, value]);
      expect(msg, `${path} = ${JSON.stringify(value)}`).toContain(`edited-policy.json.${expected ?? path}`);
    }
  });
});


describe('policy file: every threshold carries its source (issue 11)', () => {
  const edit = (f: (p: Obj) => void) => {
    const copy = structuredClone(raw) as unknown as Obj;
    f(copy);
    return () => parsePolicy(copy, 'edited.json');
  };
  it('refuses a threshold without a source, naming the key path and the forms a source takes', () => {
    const bare = edit((p) => ((p['far'] as Obj)['new_project_min'] = 2.0));
    expect(bare).toThrow(PolicyError);
    expect(bare).toThrow(/^edited\.json\.far\.new_project_min: a threshold needs its source: write \{ "value": 2, "source": \{ "kind": "plan", "clause": "四\(二\)" \} \}/);
    expect(edit((p) => ((p['targets_2025'] as Obj)['tax_per_mu'] = 45))).toThrow(/^edited\.json\.targets_2025\.tax_per_mu: a threshold needs its source/);
    expect(edit((p) => (((p['zones'] as Obj)['central'] as Obj)['height_max_m'] = { value: 8 }))).toThrow(/zones\.central\.height_max_m: a threshold needs its source/);
    expect(edit((p) => delete (p['chains'] as Obj)['source'])).toThrow(/^edited\.json\.chains\.source: the chains block needs its source/);
  });
  it('refuses a source of another kind, or missing its text', () => {
    const src = (s: unknown) => edit((p) => (((p['area'] as Obj)['standard_land_min_mu'] as Obj)['source'] = s));
    expect(src({ kind: 'rumour', text: 'x' })).toThrow(/area\.standard_land_min_mu\.source\.kind: expected "plan", "standard" or "assumption", got "rumour"/);
    expect(src({ kind: 'plan' })).toThrow(/area\.standard_land_min_mu\.source\.clause: expected a non-empty text/);
    expect(src({ kind: 'assumption', confirm_with: '' })).toThrow(/source\.confirm_with: expected a non-empty text/);
    expect(src({ kind: 'standard', ref: 'GB x', clause: '四' })).toThrow(/source\.clause: unknown key/);
    expect(src('四(二)')).toThrow(/area\.standard_land_min_mu\.source: expected an object/);
  });
  it('records every source by key path, the plan clauses, standards and assumptions of the shipped file', () => {
    const p = ninghaiPolicy();
    expect(p.sources['far.new_project_min']).toEqual({ kind: 'plan', clause: '四(二)', note: '原则上新建工业用地项目容积率在2.0以上' });
    expect(p.sources['far.by_industry_min']).toMatchObject({ kind: 'standard', ref: '国土资发〔2008〕24号《工业项目建设用地控制指标》' });
    expect(p.sources['control_lines.outside_new_industrial']).toMatchObject({ kind: 'standard' });
    expect(p.sources['carbon.k_thresholds']).toMatchObject({ kind: 'standard' });
    expect(p.sources['low_efficiency.tax_per_mu_below']).toMatchObject({ kind: 'assumption', confirm_with: '县经信局' });
    expect(p.sources['targets_2025.zhejiang_made_standards']).toMatchObject({ kind: 'plan', clause: '二' });
    expect(p.sources['chains']).toMatchObject({ kind: 'assumption' });
    expect(p.sources['two_high.since_year']).toMatchObject({ kind: 'plan', clause: '三(一)3' });
    expect(p.sources['two_high.min_tce_per_year']).toMatchObject({ kind: 'plan', clause: '三(一)3' });
    // Every threshold of every section has one: 30 thresholds (2 of them the 两高 screen's), 18 targets and the chains block.
    expect(Object.keys(p.sources).filter((k) => k.startsWith('targets_2025.'))).toHaveLength(Object.keys(p.targets_2025).length);
    expect(Object.keys(p.sources).length).toBe(30 + Object.keys(p.targets_2025).length + 1);
  });
});
