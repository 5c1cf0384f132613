import { describe, expect, it } from 'vitest';
import { ninghaiPolicy } from '../rules/test-policy.ts';
import { computeDashboard, countyRuleRows, DASHBOARD_DEFS } from './dashboard.ts';
import { MINI_ENTERPRISES, MINI_PARCELS } from './mini-county.test-fixture.ts';

const targets = ninghaiPolicy().targets_2025;
const rows = computeDashboard({
  parcels: MINI_PARCELS,
  enterprises: MINI_ENTERPRISES,
  blocks: [
    { id: 'B1', renovation_status: 'done' },
    { id: 'B2', renovation_status: 'planned' },
  ],
  projects: [
    { id: 'J1', investment_100m: 12, chain: null },
    { id: 'J2', investment_100m: 10, chain: 'x' },
    { id: 'J3', investment_100m: 0.9, chain: 'x' },
    { id: 'J4', investment_100m: 1, chain: 'y' },
  ],
  targets,
});
const row = (k: string) => {
  const r = rows.find((x) => x.key === k);
  if (!r) throw new Error(`no row ${k}`);
  return r;
};

describe('computeDashboard on the mini county', () => {
  it('has a row for every 2025 target of DOMAIN.md, each with a target number from the policy file', () => {
    // the 16 targets, then the two county rules (DOMAIN rules 6–7)
    expect(rows.map((r) => r.key)).toEqual([...DASHBOARD_DEFS.map((d) => d.key), 'land_supply_industrial_share', 'land_swap_balance']);
    expect(rows).toHaveLength(18);
    for (const r of rows.slice(0, 16)) expect(r.target, r.key).not.toBeNull();
    expect(row('tax_per_mu').target).toBe(45);
    expect(row('low_efficiency_land_freed_mu').target).toBe(3500);
  });

  it('亩均 figures over above-scale firms with land: E1 only (E4 has no land) → 100/40, 400/40', () => {
    expect(row('tax_per_mu').value).toBeCloseTo(2.5, 12);
    expect(row('tax_per_mu').progress).toBeCloseTo(2.5 / 45, 12);
    expect(row('va_per_mu').value).toBeCloseTo(10, 12);
  });

  it('R&D share over all above-scale firms: (60 + 0) / (2000 + 1000)', () => {
    expect(row('rd_share').value).toBeCloseTo(0.02, 12);
    expect(row('rd_share').progress).toBeCloseTo(0.02 / 0.03, 12);
  });

  it('land freed = parcels in done blocks (P3 6 + P5 2); blocks renovated 1 of 15', () => {
    expect(row('low_efficiency_land_freed_mu').value).toBe(8);
    expect(row('blocks_renovated').value).toBe(1);
    expect(row('blocks_renovated').progress).toBeCloseTo(1 / 15, 12);
  });

  it('projects ≥ 10 亿元: J1, J2; chain projects ≥ 1 亿元: J2, J4 (J1 has no chain, J3 is 0.9)', () => {
    expect(row('projects_10b').value).toBe(2);
    expect(row('chain_projects_1b').value).toBe(2);
  });

  it('targets the data cannot measure say so and why, with no value', () => {
    for (const k of ['labour_productivity_growth', 'backward_firms_eliminated', 'energy_freed_tce', 'co2_cut_t', 'industrial_investment_growth', 'green_factories']) {
      const r = row(k);
      expect(r.measurable, k).toBe(false);
      expect(r.value).toBeNull();
      expect(r.progress).toBeNull();
      expect(r.reason?.zh).toMatch(/^数据无法衡量：.+/);
      expect(r.reason?.en).toMatch(/^Not measurable from the data: .+/);
    }
    expect(rows.filter((r) => r.measurable).map((r) => r.key)).toEqual([
      'tax_per_mu', 'va_per_mu', 'low_efficiency_land_freed_mu', 'rd_share', 'projects_10b', 'chain_projects_1b', 'blocks_renovated',
    ]);
  });
});

describe('county rules on the dashboard (land supply share, 增减挂钩 balance)', () => {
  const policy = ninghaiPolicy();
  // 2021: industrial 70 + mixed_industrial 10 (both industrial uses in the policy) of 70+10+120 = 200 → 40 %;
  // 2022: industrial 66 of 66+134 = 200 → 33 % < 35 %. Lowest year 2022: 0.33, progress 0.33 / 0.35.
  const supply = [
    { year: 2022, parcel_id: null, land_use: 'residential', area_mu: 134 },
    { year: 2021, parcel_id: 'NH-1', land_use: 'industrial', area_mu: 70 },
    { year: 2021, parcel_id: null, land_use: 'mixed_industrial', area_mu: 10 },
    { year: 2021, parcel_id: null, land_use: 'commercial', area_mu: 120 },
    { year: 2022, parcel_id: 'NH-2', land_use: 'industrial', area_mu: 66 },
  ];
  // reclaimed outside 50 + 30 = 80; reclaimed inside (20) earns nothing; new inside 45 + 15 = 60 → balance 20.
  const swap = [
    { year: 2021, parcel_id: null, change: 'reclaimed', control_line: 0, area_mu: 50 },
    { year: 2022, parcel_id: null, change: 'reclaimed', control_line: 0, area_mu: 30 },
    { year: 2022, parcel_id: null, change: 'reclaimed', control_line: 1, area_mu: 20 },
    { year: 2021, parcel_id: null, change: 'new', control_line: 2, area_mu: 45 },
    { year: 2022, parcel_id: null, change: 'new', control_line: 1, area_mu: 15 },
  ] as const;

  it('share row: lowest year 33 % against the 35 % minimum, one finding per year, 2022 failing', () => {
    const [share] = countyRuleRows({ policy, supply, swap: [...swap] });
    expect(share!.measurable).toBe(true);
    expect(share!.target).toBe(0.35);
    expect(share!.value).toBeCloseTo(0.33, 12);
    expect(share!.progress).toBeCloseTo(0.33 / 0.35, 12);
    expect(share!.findings?.map((f) => f.status)).toEqual(['pass', 'fail']);
    expect(share!.source.zh).toBe('land-supply.json（5 条供地记录）：2021 年 40.0%，2022 年 33.0%；2022 年低于目标');
    expect(share!.formula.zh).toContain('industrial、mixed_industrial');
  });

  it('swap row: balance 80 − 60 = 20 亩 against 0, passing', () => {
    const [, bal] = countyRuleRows({ policy, supply, swap: [...swap] });
    expect(bal!.measurable).toBe(true);
    expect(bal!.value).toBe(20);
    expect(bal!.target).toBe(0);
    expect(bal!.findings?.[0]?.status).toBe('pass');
    expect(bal!.source.zh).toContain('线外复垦/清退 80.00 亩，线内新增 60.00 亩，结余 20.00 亩');
  });

  it('without the record files the rows say the data cannot measure them, inventing no number', () => {
    for (const r of [...countyRuleRows({ policy, supply: null, swap: null }), ...countyRuleRows(undefined)]) {
      expect(r.measurable, r.key).toBe(false);
      expect(r.value).toBeNull();
      expect(r.reason?.zh.startsWith('数据无法衡量：缺少供地记录'), r.key).toBe(true);
    }
  });
});
