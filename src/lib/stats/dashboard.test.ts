// Worked numbers by hand on the mini county (mini-county.test-fixture.ts) plus hand-made projects, chains and cases.
import { describe, expect, it } from 'vitest';
import type { Chain } from '../data/schema.ts';
import type { StrengthConfig } from '../chain/config.ts';
import { ninghaiPolicy } from '../rules/test-policy.ts';
import { caseFigure, caseFirms, computeDashboard, countyRuleRows, criterionSources, DASHBOARD_DEFS, landFreed, targetText, type DashboardCase, type DashboardInput } from './dashboard.ts';
import texts from './dashboard-texts.json' with { type: 'json' };
import { MINI_ENTERPRISES, MINI_PARCELS } from './mini-county.test-fixture.ts';

const policy = ninghaiPolicy();
const targets = policy.targets_2025;

// One chain x with links x1, x2, x3. Strength: < 1 firm missing; strong with ≥ 2 firms and ≥ 10 % of the chain's VA.
// x1: E1 (VA 400) + E2 (VA 90) = 2 firms, 490 / 500 = 98 % → strong; x2: E3 (VA 10), 1 firm → weak; x3: none → missing.
const chains: Chain[] = [
  {
    id: 'x',
    name: { zh: '链', en: 'chain' },
    links: [
      { id: 'x1', name: { zh: '一', en: 'one' }, order: 1 },
      { id: 'x2', name: { zh: '二', en: 'two' }, order: 2 },
      { id: 'x3', name: { zh: '三', en: 'three' }, order: 3 },
    ],
  },
];
const strength: StrengthConfig = { share_basis: 'value_added_10k', weak_min_firms: 1, strong_min_firms: 2, strong_min_share: 0.1, strong_with_anchor_min_firms: 3 };
const chainOf: Record<string, { chain: string; link: string }> = { E1: { chain: 'x', link: 'x1' }, E2: { chain: 'x', link: 'x1' }, E3: { chain: 'x', link: 'x2' } };
const enterprises = MINI_ENTERPRISES.map((e) => ({ ...e, name: e.id, anchor: false, chain: chainOf[e.id]?.chain ?? null, link: chainOf[e.id]?.link ?? null }));

const projects: DashboardInput['projects'] = [
  { id: 'J1', investment_100m: 12, stage: 'construct', manufacturing: true, chain: null, link: null }, // 10 亿: counts
  { id: 'J2', investment_100m: 10, stage: 'attract', manufacturing: true, chain: 'x', link: 'x3' }, // still attracted: neither
  { id: 'J3', investment_100m: 0.9, stage: 'produce', manufacturing: true, chain: 'x', link: 'x2' }, // < 1 亿: neither
  { id: 'J4', investment_100m: 1, stage: 'accept', manufacturing: true, chain: 'x', link: 'x2' }, // weak link: chain counts
  { id: 'J5', investment_100m: 15, stage: 'supervise', manufacturing: false, chain: 'x', link: 'x1' }, // not manufacturing; strong link
  { id: 'J6', investment_100m: 2, stage: 'construct', manufacturing: true, chain: 'x', link: 'x3' }, // missing link: chain counts
  { id: 'J7', investment_100m: 11, stage: 'produce', manufacturing: true, chain: 'x', link: null }, // 10 亿: counts; no link
];

// Cases. Closed in 2021–2025, by (year, id): K7 2021 P4 4 亩, K1 2022 P3 6, K2 2023 P5 2, K3 2024 P3 (again: not
// counted twice), K8 2024 P1 10, K6 2025 P2 30 → land 4 + 6 + 2 + 10 + 30 = 52 亩; K4 is open, K5 closed in 2020.
const k = (c: Partial<DashboardCase> & Pick<DashboardCase, 'id' | 'parcel_id' | 'route' | 'status'>): DashboardCase => ({
  enterprise_id: null, closed_year: null, area_mu: 1, outcome: null, energy_freed_tce: null, co2_cut_t: null, ...c,
});
const cases: DashboardCase[] = [
  k({ id: 'K1', parcel_id: 'P3', enterprise_id: 'E2', route: 'close', status: 'closed', closed_year: 2022, area_mu: 6, outcome: 'handed_back', energy_freed_tce: 100, co2_cut_t: 250 }),
  k({ id: 'K2', parcel_id: 'P5', enterprise_id: 'E3', route: 'upgrade', status: 'closed', closed_year: 2023, area_mu: 2, outcome: 'use_raised', energy_freed_tce: 20 }),
  k({ id: 'K3', parcel_id: 'P3', enterprise_id: 'E9', route: 'merge', status: 'closed', closed_year: 2024, area_mu: 6, outcome: 'relet', energy_freed_tce: 5, co2_cut_t: 12 }),
  k({ id: 'K4', parcel_id: 'P1', enterprise_id: 'E1', route: 'upgrade', status: 'open', area_mu: 10 }),
  k({ id: 'K5', parcel_id: 'P4', route: 'vacate', status: 'closed', closed_year: 2020, area_mu: 4, outcome: 'handed_back', energy_freed_tce: 1000, co2_cut_t: 1000 }),
  k({ id: 'K6', parcel_id: 'P2', enterprise_id: 'E1', route: 'relocate', status: 'closed', closed_year: 2025, area_mu: 30, outcome: 'relet' }),
  k({ id: 'K7', parcel_id: 'P4', route: 'vacate', status: 'closed', closed_year: 2021, area_mu: 4, outcome: 'handed_back', energy_freed_tce: 40, co2_cut_t: 90 }),
  k({ id: 'K8', parcel_id: 'P1', enterprise_id: 'E2', route: 'upgrade', status: 'closed', closed_year: 2024, area_mu: 10, outcome: 'use_raised', energy_freed_tce: 10, co2_cut_t: 20 }),
];

const input: DashboardInput = {
  parcels: MINI_PARCELS,
  enterprises,
  blocks: [
    { id: 'B1', renovation_status: 'done' },
    { id: 'B2', renovation_status: 'planned' },
  ],
  projects,
  targets,
  sources: policy.sources,
  cases,
  chains: { chains, strength },
};
const rows = computeDashboard(input);
const rowOf = (rs: typeof rows, key: string) => {
  const r = rs.find((x) => x.key === key);
  if (!r) throw new Error(`no row ${key}`);
  return r;
};
const row = (key: string) => rowOf(rows, key);

describe('computeDashboard on the mini county', () => {
  it('has a row for every 2025 target of the plan, each with a target number and its clause from the policy file', () => {
    // the 18 targets, then the two county rules (DOMAIN rules 6–7)
    expect(rows.map((r) => r.key)).toEqual([...DASHBOARD_DEFS.map((d) => d.key), 'land_supply_industrial_share', 'land_swap_balance']);
    expect(rows).toHaveLength(20);
    for (const r of rows.slice(0, 18)) {
      expect(r.target, r.key).not.toBeNull();
      expect(r.target_source?.kind, r.key).toBe('plan');
      expect(r.target_source?.key, r.key).toBe(`targets_2025.${r.key}`);
    }
    expect(row('tax_per_mu').target).toBe(45);
    expect(row('low_efficiency_land_freed_mu').target).toBe(3500);
    expect(row('zhejiang_made_standards').target).toBe(25);
    expect(row('zhejiang_made_standards').target_source).toMatchObject({ kind: 'plan', clause: '二' });
    expect(row('pinzibiao_firms').target).toBe(30);
    expect(row('chain_projects_1b').target_source).toMatchObject({ kind: 'plan', clause: '三(三)11' });
    expect(row('land_supply_industrial_share').target_source).toMatchObject({ key: 'land_supply.industrial_share_min', kind: 'plan', clause: '四(二)' });
    expect(row('land_swap_balance').target_source).toMatchObject({ kind: 'plan', clause: '四(二)' });
  });

  it('words the targets as the plan does (三星级以上, 建成和提升, 五星级以上, 不含出口退税)', () => {
    expect(row('green_factories').label.zh).toBe('三星级以上绿色工厂');
    expect(row('small_firm_parks').label.zh).toBe('建成和提升小微企业园');
    expect(row('five_star_parks').label.zh).toBe('新培育五星级以上小微企业园');
    expect(row('tax_per_mu').label.zh).toContain('不含出口退税');
    expect(row('tax_per_mu').formula.zh).toContain('不含出口退税');
    expect(row('zhejiang_made_standards').label.zh).toBe('新增「浙江制造」标准');
    expect(row('pinzibiao_firms').label.zh).toBe('新增「品字标」品牌企业');
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

  it('blocks renovated 1 of 15 (B1 done)', () => {
    expect(row('blocks_renovated').value).toBe(1);
    expect(row('blocks_renovated').progress).toBeCloseTo(1 / 15, 12);
  });

  it('projects ≥ 10 亿元: J1, J7 (J2 still attracted, J5 not manufacturing) → 2', () => {
    expect(row('projects_10b').value).toBe(2);
    expect(row('projects_10b').source.zh).toBe('projects.json（共 7 个项目）：≥ 10 亿元的 4 个中，已落地制造业项目 2 个；仍在招引 1 个、非制造业 1 个，不计');
  });

  it('强链补链 ≥ 1 亿元: J4 (weak x2) and J6 (missing x3); not J2 (attract), J3 (0.9), J5 (strong x1), J1/J7 (no link) → 2', () => {
    expect(row('chain_projects_1b').value).toBe(2);
    expect(row('chain_projects_1b').progress).toBeCloseTo(2 / 20, 12);
    // ≥ 1 亿元: J1 J2 J4 J5 J6 J7 (6); naming a link: J2 J4 J5 J6 (4); weak or missing: J2 J4 J6 (3); landed: J4 J6
    expect(row('chain_projects_1b').source.zh).toBe(
      'projects.json（共 7 个项目）：≥ 1 亿元且注明环节的 4 个中，所填为弱/缺环节的 3 个，其中已落地 2 个计入、仍在招引 1 个不计；未注明环节的 2 个不计',
    );
    const noChains = computeDashboard({ ...input, chains: null });
    expect(rowOf(noChains, 'chain_projects_1b').measurable).toBe(false);
    expect(rowOf(noChains, 'chain_projects_1b').reason?.zh).toMatch(/^数据无法衡量：缺少产业链数据/);
  });

  it('land freed from closed cases: 4 + 6 + 2 + 10 + 30 = 52 亩, each parcel once, by year and outcome', () => {
    const r = row('low_efficiency_land_freed_mu');
    expect(r.value).toBe(52);
    expect(r.progress).toBeCloseTo(52 / 3500, 12);
    expect(r.by_year).toEqual([
      { year: 2021, value: 4 },
      { year: 2022, value: 6 },
      { year: 2023, value: 2 },
      { year: 2024, value: 10 },
      { year: 2025, value: 30 },
    ]);
    // handed back K7 4 + K1 6 = 10; re-let K6 30; use raised K2 2 + K8 10 = 12
    expect(landFreed(cases)).toMatchObject({ mu: 52, cases: 5, by_outcome: { handed_back: 10, relet: 30, use_raised: 12 }, repeated: 1, open: 1, outside_years: 1 });
    expect(r.source.zh).toBe(
      'cases.json：5 宗销号案件（交回 10.00 亩，再出让 30.00 亩，改造提升 12.00 亩）：2021 年 4.00 亩，2022 年 6.00 亩，2023 年 2.00 亩，2024 年 10.00 亩，2025 年 30.00 亩；不计：1 宗与已计地块重复，1 宗在办，1 宗销号年份不在 2021—2025',
    );
  });

  it('energy 40 + 100 + 20 + 5 + 10 = 175 tce (K6 records none); CO₂ 90 + 250 + 12 + 20 = 372 t (K2, K6 record none)', () => {
    expect(row('energy_freed_tce').value).toBe(175);
    expect(row('energy_freed_tce').by_year).toEqual([
      { year: 2021, value: 40 },
      { year: 2022, value: 100 },
      { year: 2023, value: 20 },
      { year: 2024, value: 15 },
    ]);
    expect(caseFigure(cases, (c) => c.energy_freed_tce)).toMatchObject({ value: 175, recorded: 5, missing: 1 });
    expect(row('energy_freed_tce').source.zh).toContain('1 宗未记录，不计（现值为下限）');
    expect(row('co2_cut_t').value).toBe(372);
    expect(caseFigure(cases, (c) => c.co2_cut_t)).toMatchObject({ value: 372, recorded: 4, missing: 2 });
    expect(row('co2_cut_t').progress).toBeCloseTo(372 / 10000, 12);
  });

  it('firms: eliminated E2 (K1 closed); rectified E1, E3, E9 (E2 upgraded too, counted once as eliminated); K7 has no firm', () => {
    expect(caseFirms(cases)).toEqual({ eliminated: ['E2'], rectified: ['E1', 'E3', 'E9'], without_firm: 1 });
    expect(row('backward_firms_eliminated').value).toBe(1);
    expect(row('backward_firms_eliminated').progress).toBeCloseTo(1 / 200, 12);
    expect(row('inefficient_firms_rectified').value).toBe(3);
    expect(row('inefficient_firms_rectified').progress).toBeCloseTo(3 / 500, 12);
  });

  it('without cases.json the case rows say the data cannot measure them and show no number (no block count)', () => {
    const none = computeDashboard({ ...input, cases: null });
    for (const key of ['low_efficiency_land_freed_mu', 'energy_freed_tce', 'co2_cut_t', 'backward_firms_eliminated', 'inefficient_firms_rectified']) {
      const r = rowOf(none, key);
      expect(r.measurable, key).toBe(false);
      expect(r.value, key).toBeNull();
      expect(r.progress, key).toBeNull();
      expect(r.reason?.zh, key).toBe('数据无法衡量：缺少低效整治案件记录（cases.json），不以区块或地块状态推算');
    }
    // the cases omitted altogether reads the same as null
    expect(rowOf(computeDashboard({ ...input, cases: undefined }), 'low_efficiency_land_freed_mu').measurable).toBe(false);
  });

  it('a register with nothing closed yet measures 0; closed cases with no figure at all cannot measure energy', () => {
    const open = computeDashboard({ ...input, cases: [cases[3]!] });
    expect(rowOf(open, 'low_efficiency_land_freed_mu').value).toBe(0);
    expect(rowOf(open, 'energy_freed_tce').value).toBe(0);
    const bare = computeDashboard({ ...input, cases: [cases[5]!] }); // K6: closed 2025, 30 亩, no energy or CO₂ recorded
    expect(rowOf(bare, 'low_efficiency_land_freed_mu').value).toBe(30);
    expect(rowOf(bare, 'energy_freed_tce').measurable).toBe(false);
    expect(rowOf(bare, 'energy_freed_tce').reason?.zh).toBe('数据无法衡量：cases.json 中 1 宗已销号案件均未记录腾出用能');
  });

  it('targets the data cannot measure say so and why, with no value', () => {
    for (const key of ['labour_productivity_growth', 'industrial_investment_growth', 'zhejiang_made_standards', 'pinzibiao_firms', 'small_firm_parks', 'five_star_parks', 'green_factories']) {
      const r = row(key);
      expect(r.measurable, key).toBe(false);
      expect(r.value).toBeNull();
      expect(r.progress).toBeNull();
      expect(r.reason?.zh).toMatch(/^数据无法衡量：.+/);
      expect(r.reason?.en).toMatch(/^Not measurable from the data: .+/);
    }
    expect(rows.slice(0, 18).filter((r) => r.measurable).map((r) => r.key)).toEqual([
      'tax_per_mu',
      'va_per_mu',
      'backward_firms_eliminated',
      'inefficient_firms_rectified',
      'low_efficiency_land_freed_mu',
      'energy_freed_tce',
      'co2_cut_t',
      'rd_share',
      'projects_10b',
      'chain_projects_1b',
      'blocks_renovated',
    ]);
  });

  it('the low-efficiency criteria carry their thresholds’ sources: the tax guideline is an assumption to confirm', () => {
    const s = criterionSources(policy.sources);
    expect(s.tax).toMatchObject({ key: 'low_efficiency.tax_per_mu_below', kind: 'assumption', confirm_with: '县经信局' });
    expect(s.far).toMatchObject({ key: 'far.low_efficiency_below', kind: 'standard' });
    expect(s.status).toBeUndefined();
  });
});

describe('county rules on the dashboard (land supply share, 增减挂钩 balance)', () => {
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

  it('swap row: balance 80 − 60 = 20 亩 against 0, information (the plan asks to explore 增减挂钩)', () => {
    const [, bal] = countyRuleRows({ policy, supply, swap: [...swap] });
    expect(bal!.measurable).toBe(true);
    expect(bal!.value).toBe(20);
    expect(bal!.target).toBe(0);
    expect(bal!.findings?.[0]?.status).toBe('info');
    expect(bal!.findings?.[0]?.message.zh).toContain('方案四(二)提出探索增减挂钩机制');
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

describe('target texts (dashboard-texts.json)', () => {
  it('has a label, unit and formula in both languages for every target, and no text without a target', () => {
    const keys = DASHBOARD_DEFS.map((d) => d.key);
    expect(Object.keys(texts).filter((k) => !k.startsWith('_')).sort()).toEqual([...keys].sort());
    for (const def of DASHBOARD_DEFS) {
      const t = targetText(def);
      for (const part of [t.label, t.unit, t.formula]) for (const lang of ['zh', 'en'] as const) expect(part[lang].trim(), `${def.key} ${lang}`).not.toBe('');
      // Every placeholder is filled: a {name} left in a formula would show as is.
      expect(`${t.formula.zh} ${t.formula.en}`, def.key).not.toMatch(/\{\w+\}/);
    }
  });

  it('fills the campaign years and the project threshold into the formulas (written by hand from seed 二 and 三(三)10)', () => {
    const by = (key: string) => targetText(DASHBOARD_DEFS.find((d) => d.key === key)!);
    expect(by('energy_freed_tce').formula.zh).toContain('2021—2025 年');
    expect(by('co2_cut_t').formula.en).toContain('2021–2025');
    expect(by('projects_10b').formula.zh).toContain('≥ 10 亿元');
    expect(by('chain_projects_1b').formula.zh).toContain('≥ 1 亿元');
  });
});
