import { describe, expect, it } from 'vitest';
import { ninghaiPolicy } from '../rules/test-policy.ts';
import { computeDashboard, DASHBOARD_DEFS } from './dashboard.ts';
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
    expect(rows.map((r) => r.key)).toEqual(DASHBOARD_DEFS.map((d) => d.key));
    expect(rows).toHaveLength(16);
    for (const r of rows) expect(r.target, r.key).not.toBeNull();
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
