// The campaign's map features on a hand-made mini county: three parcels in two towns, one block, two cases, two
// projects, two parks, two 标准地 agreements and one block plan; expected values written by hand.
import { describe, expect, it } from 'vitest';
import type { AreaGeometry, Feature, LowEfficiencyBlockProps } from '../data/schema.ts';
import type { AchievedData } from './compliance.ts';
import {
  blockProgressById,
  blocksWithProgress,
  caseFeatures,
  casesIn,
  parkFeatures,
  projectFeatures,
  projectsIn,
  standardLandFeatures,
  type MapParcel,
} from './map-features.ts';
import type { BlockPlan, CampaignCase, CampaignProject, SmallPark, StandardLandAgreement } from './types.ts';

const square = (x: number, y: number): AreaGeometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + 1, y],
      [x + 1, y + 1],
      [x, y + 1],
      [x, y],
    ],
  ],
});
const parcels: MapParcel[] = [
  { geometry: square(0, 0), properties: { id: 'P1', town: '东镇', low_eff_block: 'B1' } },
  { geometry: square(2, 0), properties: { id: 'P2', town: '东镇', low_eff_block: null } },
  { geometry: square(4, 0), properties: { id: 'P3', town: '西镇', low_eff_block: 'B1' } },
];
const byId = new Map(parcels.map((p) => [p.properties.id, p]));
const parcel = (id: string) => byId.get(id);

const baseCase = {
  enterprise_id: null,
  enterprise_name: null,
  town: null,
  criteria: [],
  units: [],
  deadline: null,
  two_high: null,
  outcome: null,
  energy_freed_tce: null,
  co2_cut_t: null,
  opened_year: null,
  closed_year: null,
  status: 'open' as const,
} satisfies Partial<CampaignCase>;

// C1: on P1 and P2, listed 2021, closed (销号) in 2023. C2: on P3, listed 2024, still rectifying.
const cases: CampaignCase[] = [
  {
    ...baseCase,
    id: 'C1',
    parcel_id: 'P1',
    parcel_ids: ['P1', 'P2'],
    route: 'vacate',
    area_mu: 10,
    stage: 'closed',
    outcome: 'handed_back',
    steps: [
      { date: '2021-03-01', stage: 'screening', note: '' },
      { date: '2021-06-01', stage: 'filed', note: '' },
      { date: '2023-05-10', stage: 'closed', note: '' },
    ],
  },
  {
    ...baseCase,
    id: 'C2',
    parcel_id: 'P3',
    parcel_ids: ['P3'],
    route: 'upgrade',
    area_mu: 4,
    stage: 'rectifying',
    steps: [
      { date: '2024-02-01', stage: 'filed', note: '' },
      { date: '2024-08-01', stage: 'rectifying', note: '' },
    ],
  },
];

const baseProject = { enterprise_id: null, chain: null, link: null, manufacturing: true, unit: null, town: null } satisfies Partial<CampaignProject>;
// J1 on P2: signed 2022, 开工 planned 2023-06-30 and not done (overdue from 2023-07-01). J2 has no parcel.
const projects: CampaignProject[] = [
  {
    ...baseProject,
    id: 'J1',
    name: '一号项目',
    parcel_id: 'P2',
    investment_100m: 3,
    stage: 'construct',
    nodes: [
      { key: 'signed', planned: '2022-03-01', actual: '2022-03-01' },
      { key: 'land', planned: '2022-09-01', actual: '2022-08-20' },
      { key: 'start', planned: '2023-06-30', actual: null },
    ],
  },
  { ...baseProject, id: 'J2', name: '二号项目', parcel_id: null, investment_100m: 1, stage: 'attract', nodes: [{ key: 'signed', planned: '2022-01-01', actual: '2022-01-05' }] },
];

const parks: SmallPark[] = [
  { id: 'K1', name: '东园', town: '东镇', stars: 5, rated_year: 2024, kind: 'built', year: 2022, area_mu: 50, occupancy: 0.8, lon: 0.5, lat: 3 },
  { id: 'K2', name: '西园', town: '西镇', stars: 3, rated_year: 2025, kind: 'upgraded', year: 2025, area_mu: 30, occupancy: null, lon: 4.5, lat: 3 },
];

const agreement = (parcel_id: string, over: Partial<StandardLandAgreement>): StandardLandAgreement => ({
  parcel_id,
  enterprise_id: null,
  agreement_no: `A-${parcel_id}`,
  signed: '2021-05-01',
  source: '示例',
  contracted: { far: 1.5 },
  completed: null,
  full_output: null,
  achieved: {},
  ...over,
});
// On P1: FAR checked at 竣工 2023-09-01, recorded 1.2 < 1.5 → unmet from then. On P3: FAR from the data (2.0 ≥ 1.5) → met.
const agreements = [
  agreement('P1', { completed: '2023-09-01', achieved: { far: 1.2 } }),
  agreement('P3', { completed: '2022-04-01', signed: '2021-01-10' }),
  agreement('P9', { completed: '2022-04-01' }),
];
const achieved = (a: StandardLandAgreement): AchievedData => ({ firm: null, parcel: a.parcel_id === 'P3' ? { far: 2.0, area_mu: 15 } : null, investment_100m: null });

const plans: BlockPlan[] = [
  {
    block_id: 'B1',
    name: '一号区块',
    town: '东镇',
    target_use: '小微企业园',
    measures: [],
    units: [],
    area_mu: 40,
    milestones: [
      { name: '方案批复', planned: '2022-01-01', actual: '2022-02-01' },
      { name: '拆除', planned: '2023-01-01', actual: '2023-03-01' },
      { name: '验收', planned: '2024-12-01', actual: null },
    ],
  },
];

describe('case features', () => {
  it('one feature per parcel of each case listed by the day, with route, stage and closed', () => {
    const now = caseFeatures(cases, parcel, '2026-01-01');
    expect(now.features.map((f) => [f.properties.id, f.properties.parcel_id, f.properties.route, f.properties.stage, f.properties.closed])).toEqual([
      ['C1', 'P1', 'vacate', 'closed', true],
      ['C1', 'P2', 'vacate', 'closed', true],
      ['C2', 'P3', 'upgrade', 'rectifying', false],
    ]);
    expect(now.features[0]!.geometry).toBe(parcels[0]!.geometry);
  });
  it('a case closed in 2023 is open before, and a case listed in 2024 is absent before', () => {
    const y2022 = caseFeatures(cases, parcel, '2022-12-31');
    expect(y2022.features.map((f) => [f.properties.id, f.properties.stage, f.properties.closed])).toEqual([
      ['C1', 'filed', false],
      ['C1', 'filed', false],
    ]);
    expect(caseFeatures(cases, parcel, '2020-12-31').features).toEqual([]);
  });
  it('counts a case none of whose parcels is on the map', () => {
    const lost = { ...cases[1]!, id: 'C3', parcel_id: 'NOPE', parcel_ids: ['NOPE'] };
    const r = caseFeatures([...cases, lost], parcel, '2026-01-01');
    expect(r.unplaced).toBe(1);
    expect(r.features).toHaveLength(3);
  });
});

describe('project features', () => {
  it('a point inside the parcel with stage and overdue nodes; a project without a parcel is counted', () => {
    const r = projectFeatures(projects, parcel, '2024-12-31');
    expect(r.unplaced).toBe(1);
    expect(r.features).toHaveLength(1);
    const f = r.features[0]!;
    expect(f.properties).toEqual({ id: 'J1', name: '一号项目', stage: 'construct', overdue: 1 });
    expect(f.geometry.coordinates).toEqual([2.5, 0.5]);
  });
  it('not overdue before the planned day, absent before it was signed', () => {
    expect(projectFeatures(projects, parcel, '2023-06-30').features[0]!.properties.overdue).toBe(0);
    expect(projectFeatures(projects, parcel, '2021-12-31')).toEqual({ features: [], unplaced: 0 });
  });
});

describe('park features', () => {
  it('built by the year, with the rating held then', () => {
    expect(parkFeatures(parks, '2021-12-31')).toEqual([]);
    expect(parkFeatures(parks, '2023-12-31').map((f) => [f.properties.id, f.properties.stars, f.properties.kind])).toEqual([['K1', 0, 'built']]);
    expect(parkFeatures(parks, '2025-12-31').map((f) => [f.properties.id, f.properties.stars, f.geometry.coordinates])).toEqual([
      ['K1', 5, [0.5, 3]],
      ['K2', 3, [4.5, 3]],
    ]);
  });
});

describe('标准地 features', () => {
  it('by 履约 status on the day; an agreement not signed yet is absent, one off the map counted', () => {
    const st = (day: string) => standardLandFeatures(agreements, parcel, day, achieved);
    expect(st('2020-12-31')).toEqual({ features: [], unplaced: 0 });
    expect(st('2021-03-01').features.map((f) => [f.properties.id, f.properties.status])).toEqual([['P3', 'not_due']]);
    expect(st('2022-12-31').features.map((f) => [f.properties.id, f.properties.status])).toEqual([
      ['P1', 'not_due'],
      ['P3', 'met'],
    ]);
    const late = st('2023-12-31');
    expect(late.features.map((f) => [f.properties.id, f.properties.status])).toEqual([
      ['P1', 'unmet'],
      ['P3', 'met'],
    ]);
    expect(late.unplaced).toBe(1);
    // no achieved value anywhere → no_data
    const none = standardLandFeatures(agreements.slice(0, 1).map((a) => ({ ...a, achieved: {} })), parcel, '2023-12-31', achieved);
    expect(none.features[0]!.properties.status).toBe('no_data');
  });
});

describe('block progress', () => {
  const block: Feature<AreaGeometry, Pick<LowEfficiencyBlockProps, 'id'>> = { type: 'Feature', geometry: square(0, 0), properties: { id: 'B1' } };
  const other: Feature<AreaGeometry, Pick<LowEfficiencyBlockProps, 'id'>> = { type: 'Feature', geometry: square(9, 9), properties: { id: 'B2' } };
  it('milestones done by the day, as share and label', () => {
    expect(blockProgressById(plans, '2021-12-31').get('B1')).toMatchObject({ done: 0, total: 3, share: 0, status: 'planned' });
    expect(blockProgressById(plans, '2023-12-31').get('B1')).toMatchObject({ done: 2, total: 3, status: 'in_progress' });
    const [b1, b2] = blocksWithProgress([block, other], plans, '2023-12-31');
    expect(b1!.properties).toEqual({ id: 'B1', has_plan: true, plan_done: 2, plan_total: 3, plan_share: 2 / 3, plan_label: '2/3' });
    expect(b2!.properties).toEqual({ id: 'B2', has_plan: false, plan_done: 0, plan_total: 0, plan_share: 0, plan_label: '' });
  });
});

describe('records of a place', () => {
  it("a town's cases by their parcel's town; a block's by any parcel in it", () => {
    expect(casesIn(cases, { kind: 'town', id: '东镇' }, parcel, '2026-01-01').map((c) => c.id)).toEqual(['C1']);
    expect(casesIn(cases, { kind: 'town', id: '西镇' }, parcel, '2026-01-01').map((c) => c.id)).toEqual(['C2']);
    expect(casesIn(cases, { kind: 'town', id: '西镇' }, parcel, '2023-12-31')).toEqual([]);
    expect(casesIn(cases, { kind: 'block', id: 'B1' }, parcel, '2026-01-01').map((c) => c.id)).toEqual(['C1', 'C2']);
    // as of the day: C1 was still filed at the end of 2022
    expect(casesIn(cases, { kind: 'town', id: '东镇' }, parcel, '2022-12-31')[0]!.stage).toBe('filed');
  });
  it("a town's projects with their overdue nodes", () => {
    const r = projectsIn(projects, { kind: 'town', id: '东镇' }, parcel, '2024-12-31');
    expect(r.map((x) => [x.project.id, x.overdue.map((n) => n.key)])).toEqual([['J1', ['start']]]);
    expect(projectsIn(projects, { kind: 'block', id: 'B1' }, parcel, '2024-12-31')).toEqual([]);
  });
});
