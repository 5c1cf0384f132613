import { describe, expect, it } from 'vitest';
import { countyRules, industrialShareByYear, industrialShareFindings, parseLandSupply, parseLandSwap, swapBalance, swapBalanceFinding, SWAP_SOURCE } from './county-rules.ts';
import { ninghaiPolicy, policyWith } from './test-policy.ts';

const policy = ninghaiPolicy();

// 2023: 120 + 30 industrial (M0 counts) of 400 → 37.5 % ≥ 35 %; 2024: 100 industrial of 340 → 29.4 % < 35 %.
const supplied = [
  { year: 2024, land_use: 'industrial', mu: 100 },
  { year: 2024, land_use: 'residential', mu: 240 },
  { year: 2023, land_use: 'industrial', mu: 120 },
  { year: 2023, land_use: 'mixed_industrial', mu: 30 },
  { year: 2023, land_use: 'warehouse', mu: 50 },
  { year: 2023, land_use: 'commercial', mu: 200 },
];

describe('land-supply.industrial-share (≥ 35 % a year)', () => {
  it('sums 亩 per year, years ascending', () => {
    expect(industrialShareByYear(supplied, policy)).toEqual([
      { year: 2023, industrial_mu: 150, total_mu: 400, share: 0.375 },
      { year: 2024, industrial_mu: 100, total_mu: 340, share: 100 / 340 },
    ]);
  });
  it('passes 2023 at 37.5 %, fails 2024 at 29.4 %, with the numbers', () => {
    const [a, b] = industrialShareFindings(supplied, policy);
    expect(a!.status).toBe('pass');
    expect(b!.status).toBe('fail');
    expect(b!.message.zh).toBe('2024 年供地 340.00 亩，其中工业 100.00 亩，占 29.4% < 35%');
  });
  it('each finding carries the source of the 35 % minimum: the plan, 四(二)', () => {
    for (const f of industrialShareFindings(supplied, policy)) {
      expect(f.source).toMatchObject({ key: 'land_supply.industrial_share_min', kind: 'plan', clause: '四(二)' });
    }
  });
  it('follows the policy: counting warehouses as industry lifts 2023 to 50 %, a 30 % minimum passes 2024', () => {
    const p = policyWith((x) => {
      const s = x['land_supply'] as Record<string, unknown>;
      s['industrial_uses'] = ['industrial', 'mixed_industrial', 'warehouse'];
      s['industrial_share_min'] = 0.29;
    });
    expect(industrialShareByYear(supplied, p)[0]!.share).toBe(0.5);
    expect(industrialShareFindings(supplied, p).map((f) => f.status)).toEqual(['pass', 'pass']);
  });
  it('refuses a negative area', () => {
    expect(() => industrialShareByYear([{ year: 2023, land_use: 'industrial', mu: -1 }], policy)).toThrow(/non-negative/);
  });
});

describe('land-swap.balance (增减挂钩)', () => {
  it('balances 亩 reclaimed outside the lines against new 亩 inside', () => {
    const b = swapBalance([
      { change: 'reclaimed', control_line: 0, mu: 42.5 },
      { change: 'reclaimed', control_line: 0, mu: 17.5 },
      { change: 'reclaimed', control_line: 1, mu: 10 }, // inside: stays industrial, earns no quota
      { change: 'new', control_line: 1, mu: 35 },
      { change: 'new', control_line: 2, mu: 15 },
    ]);
    expect(b).toEqual({ reclaimed_outside_mu: 60, new_inside_mu: 50, new_outside_mu: 0, reclaimed_inside_mu: 10, balance_mu: 10 });
  });
  it('the plan only asks to explore 增减挂钩 (四(二)): a surplus is info, a deficit or new land outside the lines a warning, never a failure', () => {
    const ok = swapBalanceFinding([{ change: 'reclaimed', control_line: 0, mu: 60 }, { change: 'new', control_line: 1, mu: 50 }]);
    expect(ok.status).toBe('info');
    expect(ok.message.zh).toBe('线外复垦/清退 60.00 亩，线内新增 50.00 亩，结余 10.00 亩（方案四(二)提出探索增减挂钩机制，非考核指标）');
    // an exact balance (0) is covered: info
    expect(swapBalanceFinding([{ change: 'reclaimed', control_line: 0, mu: 50 }, { change: 'new', control_line: 2, mu: 50 }]).status).toBe('info');
    const d = swapBalanceFinding([{ change: 'reclaimed', control_line: 0, mu: 40 }, { change: 'new', control_line: 1, mu: 50 }]);
    expect(d.status).toBe('warn');
    expect(d.message.zh).toBe('线外复垦/清退 40.00 亩，线内新增 50.00 亩，结余 -10.00 亩；线内新增超出线外复垦 10.00 亩，请核查置换来源（方案四(二)提出探索增减挂钩机制，非考核指标）');
    const o = swapBalanceFinding([{ change: 'reclaimed', control_line: 0, mu: 60 }, { change: 'new', control_line: 0, mu: 5 }]);
    expect(o.status).toBe('warn');
    expect(o.message.en).toContain('new industrial land outside the lines 5.00 mu: check it');
    expect(o.message.en).toContain('asks to explore the 增减挂钩 mechanism');
    for (const f of [ok, d, o]) expect(f.source).toEqual(SWAP_SOURCE);
    expect(SWAP_SOURCE).toMatchObject({ kind: 'plan', clause: '四(二)' });
  });
});

describe('land-supply.json / land-swap.json records', () => {
  it('reads a list or a {land_supply: [...]} file and feeds the same numbers to the rules', () => {
    const recs = supplied.map((r) => ({ year: r.year, parcel_id: null, land_use: r.land_use, area_mu: r.mu }));
    expect(parseLandSupply(recs)).toEqual(recs);
    expect(parseLandSupply({ sample: true, land_supply: recs })).toEqual(recs);
    const swapRecs = [
      { year: 2023, parcel_id: null, change: 'reclaimed', control_line: 0, area_mu: 40 },
      { year: 2023, parcel_id: 'NH-00001', change: 'new', control_line: 1, area_mu: 55 },
    ];
    const r = countyRules(parseLandSupply(recs), parseLandSwap({ land_swap: swapRecs }), policy);
    expect(r.land_supply?.map((f) => f.status)).toEqual(['pass', 'fail']); // 37.5 %, 29.4 % as above
    expect(r.land_swap?.status).toBe('warn'); // 40 − 55 = −15 亩
    expect(r.land_swap?.values['balance_mu']).toBe(-15);
    expect(countyRules(null, null, policy)).toEqual({ land_supply: null, land_swap: null });
  });
  it('names the file, record and field of a bad record', () => {
    expect(() => parseLandSupply([{ year: 2023, land_use: 'industrial', area_mu: -1 }], 'x.json')).toThrow('x.json: record #0: field "area_mu" must be a non-negative number of 亩, got -1');
    expect(() => parseLandSupply([{ year: '2023', land_use: 'industrial', area_mu: 1 }], 'x.json')).toThrow('x.json: record #0: field "year" must be a whole year');
    expect(() => parseLandSupply({ rows: [] }, 'x.json')).toThrow('x.json: expected an array or an object with "land_supply"');
    expect(() => parseLandSwap([{ year: 2023, change: 'moved', control_line: 0, area_mu: 1 }], 'y.json')).toThrow('y.json: record #0: field "change" must be "reclaimed" or "new"');
    expect(() => parseLandSwap([{ year: 2023, change: 'new', control_line: 3, area_mu: 1 }], 'y.json')).toThrow('y.json: record #0: field "control_line" must be 0, 1 or 2, got 3');
  });
});
