// The campaign's progress on a hand-made mini county (issue 15 "Must show"): every expected number below is written
// by hand from the records in this file — a case closed in 2023 counts in 2023 and after, not before; an overdue
// node; a 履约 indicator met and one unmet; the linear path to a 2025 target; the town ranking.
import { describe, expect, it } from 'vitest';
import { ninghaiPolicy } from '../rules/test-policy.ts';
import { MINI_ENTERPRISES, MINI_PARCELS } from '../stats/mini-county.test-fixture.ts';
import { blockProgress, caseAsOf, dayOf, projectAsOf } from './as-of.ts';
import { agreementFindings, complianceStatus } from './compliance.ts';
import { campaignInput, namedParcelIds, type CampaignSources } from './input.ts';
import { firmLand, firmLandOf, type StatsParcel } from '../stats/area-stats.ts';
import { nodeScore, overdueNodes, rankProjects, rankUnits } from './nodes.ts';
import { blockPlanParser, campaignCaseParser, campaignProjectParser, smallParkParser, agreementParser } from './parse.ts';
import { campaignProgress, pathValue, yearsElapsed } from './progress.ts';
import type { BlockPlan, CampaignCase, CampaignProject, SmallPark, StandardLandAgreement } from './types.ts';

const ok = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

// C1: P3 (T1, 6 亩), 整体腾退, closed 2023-08-15, land handed back, 100 tce, 250 t CO₂.
// C2: P5 (T2, 2 亩), 改造提升, still 整治中.
// C3: P4 (T1, 4 亩), 依法关停退出, 关停退出 2025-03-01, land re-let, no energy figure recorded.
const CASES: CampaignCase[] = [
  {
    id: 'C1', parcel_id: 'P3', enterprise_id: 'E2', route: 'vacate', outcome: 'handed_back', area_mu: 6, energy_freed_tce: 100, co2_cut_t: 250, town: 'T1',
    steps: [
      { date: '2022-03-01', stage: 'screening', note: '排查' },
      { date: '2022-05-10', stage: 'filed', note: '建档' },
      { date: '2022-09-01', stage: 'rectifying', note: '腾退谈判' },
      { date: '2023-08-15', stage: 'closed', note: '合格销号' },
    ],
  },
  {
    id: 'C2', parcel_id: 'P5', enterprise_id: 'E3', route: 'upgrade', area_mu: 2, town: null,
    steps: [
      { date: '2023-02-01', stage: 'filed', note: '建档' },
      { date: '2024-11-30', stage: 'rectifying', note: '技改' },
    ],
  },
  {
    id: 'C3', parcel_id: 'P4', enterprise_id: null, route: 'close', outcome: 'relet', area_mu: 4, town: null,
    steps: [
      { date: '2021-04-01', stage: 'filed', note: '建档' },
      { date: '2025-03-01', stage: 'exited', note: '关停退出' },
    ],
  },
].map((raw) => ok(campaignCaseParser()(raw)));

// PR1 on P1: signed late, land on time, start overdue from 2022-09-02 until done (never, here).
const PR1: CampaignProject = ok(
  campaignProjectParser()({
    id: 'PR1', name: '示例项目', parcel_id: 'P1', enterprise_id: 'E1', investment_100m: 12, chain: null, link: null, unit: '县经信局', town: 'T1',
    nodes: [
      { key: 'signed', planned: '2022-01-01', actual: '2022-01-10' },
      { key: 'land', planned: '2022-06-01', actual: '2022-05-20' },
      { key: 'start', planned: '2022-09-01', actual: null },
      { key: 'completed', planned: '2024-06-01', actual: null },
    ],
  }),
);
// PR2 on P2: every node on time, built and producing by mid-2024 (stage produce).
const PR2: CampaignProject = ok(
  campaignProjectParser()({
    id: 'PR2', name: '示例项目二', parcel_id: 'P2', enterprise_id: 'E1', investment_100m: 15, chain: null, link: null, unit: '县发改局', town: 'T2',
    nodes: [
      { key: 'signed', planned: '2021-03-01', actual: '2021-03-01' },
      { key: 'start', planned: '2021-09-01', actual: '2021-08-20' },
      { key: 'completed', planned: '2023-03-01', actual: '2023-02-28' },
      { key: 'operating', planned: '2024-06-30', actual: '2024-06-01' },
    ],
  }),
);

const PLAN: BlockPlan = ok(
  blockPlanParser()({
    block_id: 'B1', name: '示例区块', town: 'T1', target_use: '小微企业园', measures: ['腾退', '改建'], units: ['T1人民政府'], area_mu: 8,
    milestones: [
      { name: '方案编制', planned: '2022-03-01', actual: '2022-03-01' },
      { name: '腾退收储', planned: '2023-01-01', actual: '2023-02-01' },
      { name: '验收', planned: '2024-06-30', actual: '2024-09-01' },
    ],
  }),
);

const PARKS: SmallPark[] = [
  { id: 'K-a', name: '甲园', town: 'T1', stars: 5, rated_year: 2023, kind: 'built', year: 2022, area_mu: 50, occupancy: 0.9, lon: 121.4, lat: 29.3 },
  { id: 'K-b', name: '乙园', town: 'T2', stars: 4, rated_year: 2020, kind: 'upgraded', year: 2020, area_mu: 30, occupancy: 0.8, lon: 121.41, lat: 29.3 },
  { id: 'K-c', name: '丙园', town: 'T2', stars: 3, rated_year: 2024, kind: 'built', year: 2024, area_mu: 40, occupancy: 0.5, lon: 121.42, lat: 29.3 },
].map((raw) => ok(smallParkParser()(raw)));

// E1 holds P1 (10 亩) and P2 (30 亩): 40 亩; tax 100 万元 → 2.5 万元/亩; energy 60 tce → 1.5 tce/亩.
const AGREEMENT: StandardLandAgreement = ok(
  agreementParser()({
    parcel_id: 'P2', enterprise_id: 'E1', agreement_no: '示例〔2021〕1号', signed: '2021-02-01', source: '《投资监管协议》（示例）',
    contracted: { tax_per_mu: 3, far: 1.5, energy_per_mu: 2 },
    completed: '2023-06-30', full_output: '2024-06-30',
    achieved: { far: 1.2 },
  }),
);

const ENTERPRISES = MINI_ENTERPRISES.map((e) => ({ ...e, energy_tce: e.id === 'E1' ? 60 : 10, emissions_t: 1, land_mu: e.id === 'E1' ? 40 : 6 }));

function sources(over: Partial<CampaignSources> = {}): CampaignSources {
  return {
    parcels: MINI_PARCELS,
    enterprises: ENTERPRISES,
    blocks: [{ id: 'B1', renovation_status: 'planned', renovation_year: 2024 }],
    policy: ninghaiPolicy(),
    chains: null,
    supply: null,
    swap: null,
    cases: CASES,
    projects: [PR1, PR2],
    plans: [PLAN],
    parks: PARKS,
    agreements: [AGREEMENT],
    ...over,
  };
}
const TODAY = '2026-06-01';
const at = (choice: number | 'now') => campaignProgress(campaignInput(sources()), choice, TODAY);
const row = (p: ReturnType<typeof at>, key: string) => {
  const r = p.rows.find((x) => x.key === key);
  if (!r) throw new Error(`no row ${key}`);
  return r;
};

describe('the year control', () => {
  it('stands for 31 December of the year, or today when that is earlier, and today for now', () => {
    expect(dayOf(2023, TODAY)).toBe('2023-12-31');
    expect(dayOf('now', TODAY)).toBe(TODAY);
    expect(dayOf(2025, '2025-03-01')).toBe('2025-03-01');
  });
});

describe('cases as of a day', () => {
  it('a case closed in 2023 counts in 2023 and after, not before', () => {
    expect(row(at(2022), 'low_efficiency_land_freed_mu').value).toBe(0);
    expect(row(at(2023), 'low_efficiency_land_freed_mu').value).toBe(6);
    expect(row(at(2024), 'low_efficiency_land_freed_mu').value).toBe(6);
    // C3 (4 亩) closed 2025-03-01.
    expect(row(at(2025), 'low_efficiency_land_freed_mu').value).toBe(10);
    expect(row(at('now'), 'low_efficiency_land_freed_mu').value).toBe(10);
    expect(row(at(2022), 'energy_freed_tce').value).toBe(0);
    expect(row(at(2023), 'energy_freed_tce').value).toBe(100);
    // C3 records no energy figure: adds nothing.
    expect(row(at(2025), 'energy_freed_tce').value).toBe(100);
    expect(row(at(2023), 'co2_cut_t').value).toBe(250);
  });
  it('before its first step a case is not on the list; its stage is the last step by then', () => {
    const c2 = CASES[1]!;
    expect(caseAsOf(c2, '2023-01-31')).toBeNull();
    expect(caseAsOf(c2, '2023-12-31')?.stage).toBe('filed');
    expect(caseAsOf(c2, '2024-12-31')?.stage).toBe('rectifying');
    const c1 = caseAsOf(CASES[0]!, '2022-12-31')!;
    expect([c1.status, c1.stage, c1.outcome, c1.energy_freed_tce]).toEqual(['open', 'rectifying', null, null]);
  });
  it('the parser derives status and years from the steps', () => {
    expect(CASES.map((c) => [c.status, c.opened_year, c.closed_year])).toEqual([
      ['closed', 2022, 2023],
      ['open', 2023, null],
      ['closed', 2021, 2025],
    ]);
  });
  it('firms closed by 关停退出 and rectified are counted as of the year', () => {
    // C3 has no firm: counts in neither. C1 (E2) rectified from 2023.
    expect(row(at(2022), 'inefficient_firms_rectified').value).toBe(0);
    expect(row(at(2023), 'inefficient_firms_rectified').value).toBe(1);
    expect(row(at(2025), 'backward_firms_eliminated').value).toBe(0);
  });
});

describe('the linear path to 2025', () => {
  it('is the target × campaign years elapsed / 5', () => {
    expect(yearsElapsed('2023-12-31')).toBe(3);
    expect(yearsElapsed('2020-12-31')).toBe(0);
    expect(yearsElapsed('2026-06-01')).toBe(5);
    // 腾出低效工业用地 3 500 亩 by 2025: 2 100 亩 at the end of 2023.
    expect(pathValue(3500, '2023-12-31')).toBeCloseTo(2100, 9);
    const r = row(at(2023), 'low_efficiency_land_freed_mu');
    expect(r.path).toBeCloseTo(2100, 9);
    expect(r.ahead).toBeCloseTo(6 - 2100, 9);
  });
  it('unmeasurable rows have no path', () => {
    // 「浙江制造」标准: a cumulative target the data holds no records for.
    const r = row(at(2023), 'zhejiang_made_standards');
    expect([r.measurable, r.target, r.path, r.ahead]).toEqual([false, 25, null, null]);
  });
  it('ratio rows have no path, and the firms’ one-period figures are measurable only now', () => {
    expect(row(at('now'), 'tax_per_mu').measurable).toBe(true);
    const past = row(at(2023), 'tax_per_mu');
    expect([past.measurable, past.value, past.path]).toEqual([false, null, null]);
    expect(past.reason?.en).toContain('current period only');
  });
});

describe('project nodes', () => {
  it('a node past its planned day without an actual is overdue', () => {
    expect(overdueNodes(PR1, '2022-09-01')).toEqual([]);
    expect(overdueNodes(PR1, '2022-09-02').map((n) => n.key)).toEqual(['start']);
    expect(overdueNodes(PR1, '2024-06-02').map((n) => n.key)).toEqual(['start', 'completed']);
    // On 2023-12-31: signed late, land on time, start overdue, completed still pending.
    expect(nodeScore(PR1.nodes, '2023-12-31')).toEqual({ due: 3, on_time: 1, late: 1, overdue: 1, ratio: 1 / 3 });
  });
  it('a project exists from its first done node, at the stage of its latest', () => {
    expect(projectAsOf(PR1, '2021-12-31')).toBeNull();
    expect(projectAsOf(PR1, '2022-01-31')?.stage).toBe('attract');
    expect(projectAsOf(PR1, '2023-12-31')?.stage).toBe('construct');
    expect(projectAsOf(PR2, '2023-12-31')?.stage).toBe('accept');
    expect(projectAsOf(PR2, '2024-12-31')?.stage).toBe('produce');
    // ≥ 10 亿元 manufacturing projects landed (建设实施 on): PR2 from 2021 (construct), PR1 from 2022.
    expect(row(at(2021), 'projects_10b').value).toBe(1);
    expect(row(at(2022), 'projects_10b').value).toBe(2);
  });
  it('亮晒比 ranks projects and units by their share of due nodes on time', () => {
    // PR2 on 2023-12-31: signed, start, completed all on time (operating pending) → 3/3; PR1 1/3.
    expect(rankProjects([PR1, PR2], '2023-12-31').map((r) => [r.key, r.rank, r.ratio])).toEqual([
      ['PR2', 1, 1],
      ['PR1', 2, 1 / 3],
    ]);
    expect(rankUnits([PR1, PR2], '2023-12-31').map((r) => r.key)).toEqual(['县发改局', '县经信局']);
  });
});

describe('标准地履约', () => {
  const data = { firm: { tax_10k: 100, energy_tce: 60, emissions_t: 1, land_mu: 40 }, parcel: { far: 1.4, area_mu: 30 }, investment_100m: 15 };
  it('checks the works at 竣工 and the operation at 达产, each indicator with both numbers', () => {
    const mid = agreementFindings(AGREEMENT, '2023-12-31', data);
    expect(mid.map((f) => [f.indicator, f.status, f.achieved])).toEqual([
      ['tax_per_mu', 'not_due', null],
      // Recorded at the check (1.2), not the data's 1.4: below the contracted 1.5.
      ['far', 'unmet', 1.2],
      ['energy_per_mu', 'not_due', null],
    ]);
    const after = agreementFindings(AGREEMENT, '2024-12-31', data);
    // 2.5 万元/亩 < 3: unmet; 1.5 tce/亩 ≤ 2: met.
    expect(after.map((f) => [f.indicator, f.status, f.achieved, f.from])).toEqual([
      ['tax_per_mu', 'unmet', 2.5, 'data'],
      ['far', 'unmet', 1.2, 'recorded'],
      ['energy_per_mu', 'met', 1.5, 'data'],
    ]);
    expect(complianceStatus(after)).toBe('unmet');
    expect(complianceStatus(agreementFindings(AGREEMENT, '2022-12-31', data))).toBe('not_due');
  });
  it('an agreement whose indicators are all reached is met; the dashboard counts by status', () => {
    const easy = { ...AGREEMENT, contracted: { tax_per_mu: 2, energy_per_mu: 2 } };
    expect(complianceStatus(agreementFindings(easy, '2024-12-31', data))).toBe('met');
    expect(at(2022).standard_land).toEqual({ agreements: 1, met: 0, unmet: 0, no_data: 0, not_due: 1 });
    expect(at(2024).standard_land).toEqual({ agreements: 1, met: 0, unmet: 1, no_data: 0, not_due: 0 });
  });
});

describe('blocks and small-firm parks', () => {
  it('a block is renovated once its last milestone is done', () => {
    expect(blockProgress(PLAN, '2023-12-31')).toMatchObject({ done: 2, total: 3, status: 'in_progress', renovated_on: null });
    expect(blockProgress(PLAN, '2024-12-31')).toMatchObject({ done: 3, status: 'done', renovated_on: '2024-09-01' });
    expect(row(at(2023), 'blocks_renovated').value).toBe(0);
    expect(row(at(2024), 'blocks_renovated').value).toBe(1);
  });
  it('parks built or upgraded in the campaign years and five-star parks rated in them count by year', () => {
    expect([row(at(2022), 'small_firm_parks').value, row(at(2022), 'five_star_parks').value]).toEqual([1, 0]);
    expect([row(at(2023), 'small_firm_parks').value, row(at(2023), 'five_star_parks').value]).toEqual([1, 1]);
    expect([row(at(2024), 'small_firm_parks').value, row(at(2024), 'five_star_parks').value]).toEqual([2, 1]);
  });
});

describe('赛马 between towns', () => {
  it('ranks towns by land freed, with each measure as of the year', () => {
    // 2025: T1 has C1 (6) and C3 (4; town from its parcel P4) closed, PR1 with its overdue nodes; T2 has C2 open and PR2.
    const towns = at(2025).towns;
    expect(towns.map((t) => [t.town, t.rank, t.land_freed_mu, t.cases_closed, t.cases_open])).toEqual([
      ['T1', 1, 10, 2, 0],
      ['T2', 2, 0, 0, 1],
    ]);
    const t1 = towns[0]!;
    // PR1 on 2025-12-31: start and completed overdue; land on time; signed late → 1 of 4 on time.
    expect([t1.projects_landed, t1.nodes_overdue, t1.on_time, t1.blocks, t1.blocks_renovated, t1.parks]).toEqual([1, 2, 1 / 4, 1, 1, 1]);
    // 2022: nothing closed anywhere, one project landed in each town (PR1 construct since 2022-05-20, PR2 since
    // 2021); T1's PR1 has its start overdue since 2022-09-02, T2 none: T2 ranks first.
    expect(at(2022).towns.map((t) => [t.town, t.land_freed_mu, t.projects_landed, t.nodes_overdue])).toEqual([
      ['T2', 0, 1, 0],
      ['T1', 0, 1, 1],
    ]);
  });
});

describe('the campaign without the county (issue 16)', () => {
  // Two parcels no register names: P6 (10 亩) of E4, above scale with no parcel in the mini county so far, in T3; P7
  // (3 亩) with no firm. Each firm's 亩 over this county, written by hand as enterprises.json would carry it: E1 10 + 30,
  // E2 6, E3 2, E4 10.
  const county: StatsParcel[] = [
    ...MINI_PARCELS,
    { geometry: MINI_PARCELS[0]!.geometry, properties: { id: 'P6', area_mu_planar: 10, status: 'in_use', enterprise_id: 'E4', grade: 'B', low_eff_block: null, town: 'T3', park: null } },
    { geometry: MINI_PARCELS[0]!.geometry, properties: { id: 'P7', area_mu_planar: 3, status: 'idle', enterprise_id: null, grade: null, low_eff_block: null, town: 'T1', park: null } },
  ];
  const LAND: Record<string, number> = { E1: 40, E2: 6, E3: 2, E4: 10 };
  const firms = ENTERPRISES.map((e) => ({ ...e, land_mu: LAND[e.id]! }));

  it('names the parcels of the cases, projects and agreements, each once', () => {
    expect(namedParcelIds({ cases: CASES, projects: [PR1, PR2], agreements: [AGREEMENT] })).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
    expect(namedParcelIds({ cases: null, projects: [{ parcel_id: null }], agreements: null })).toEqual([]);
  });

  it('gives the same progress from the firms’ 亩 and the named parcels as from every parcel', () => {
    expect(firmLandOf(firms)).toEqual(new Map(Object.entries(LAND)));
    expect(firmLand(county)).toEqual(new Map(Object.entries(LAND)));
    const named = new Set(namedParcelIds({ cases: CASES, projects: [PR1, PR2], agreements: [AGREEMENT] }));
    const few = county.filter((p) => named.has(p.properties.id));
    expect(few.length).toBe(5);
    for (const year of [2021, 2022, 2023, 2024, 2025, 'now'] as const) {
      const all = campaignProgress(campaignInput(sources({ parcels: county, enterprises: firms })), year, TODAY);
      const byIds = campaignProgress(campaignInput(sources({ parcels: few, enterprises: firms, firmLand: firmLandOf(firms) })), year, TODAY);
      expect(byIds, String(year)).toEqual(all);
    }
    // E4's 10 亩 count in 亩均税收 now (E1 100 + E4 50 万元 over 40 + 10 亩 = 3): the named parcels alone would lose them.
    const now = (s: Partial<CampaignSources>) => row(campaignProgress(campaignInput(sources(s)), 'now', TODAY) as ReturnType<typeof at>, 'tax_per_mu').value;
    expect(now({ parcels: county, enterprises: firms })).toBeCloseTo(3, 10);
    expect(now({ parcels: few, enterprises: firms })).toBeCloseTo(100 / 40, 10);
  });
});
