// Valid records of the campaign's registers (issue 15), with overrides: what the API, seed and CLI tests create.
// Parcel T-1 is the tiny county's (helpers/tiny-county.ts); the town is the one its parcels are in.
type Obj = Record<string, unknown>;

export const TOWN = '跃龙街道';

/** An upgrade case filed in 2022 and rectifying since 2023 (open). */
export const kase = (id: string, over: Obj = {}): Obj => ({
  id,
  parcel_id: 'T-1',
  enterprise_id: null,
  enterprise_name: '示例模具厂',
  route: 'upgrade',
  area_mu: 12,
  town: TOWN,
  units: ['跃龙街道', '经信局'],
  deadline: '2025-12-31',
  criteria: [{ criterion: 'tax', value: 3.2, threshold: 10, year: 2021 }],
  steps: [
    { date: '2022-03-01', stage: 'filed', note: '建档' },
    { date: '2023-06-01', stage: 'rectifying', note: '改造提升' },
  ],
  two_high: null,
  sample: true,
  ...over,
});

/** The same case closed (销号) on `day`, having freed energy and CO₂. */
export const closedCase = (id: string, day: string, over: Obj = {}): Obj =>
  kase(id, {
    steps: [
      { date: '2022-03-01', stage: 'filed', note: '建档' },
      { date: '2023-06-01', stage: 'rectifying', note: '改造提升' },
      { date: day, stage: 'closed', note: '合格销号' },
    ],
    outcome: 'use_raised',
    energy_freed_tce: 120,
    co2_cut_t: 300,
    ...over,
  });

/** A project signed in 2022 whose land node was due in mid-2022 and is not done (overdue). */
export const project = (id: string, over: Obj = {}): Obj => ({
  id,
  name: '示例项目',
  parcel_id: null,
  enterprise_id: null,
  investment_100m: 3,
  chain: null,
  link: null,
  manufacturing: true,
  unit: '投促中心',
  town: TOWN,
  nodes: [
    { key: 'signed', planned: '2022-01-10', actual: '2022-01-10' },
    { key: 'land', planned: '2022-06-01', actual: null },
  ],
  sample: true,
  ...over,
});

export const blockPlan = (blockId: string, over: Obj = {}): Obj => ({
  block_id: blockId,
  name: '示例低效区块',
  town: TOWN,
  target_use: '小微企业园',
  measures: ['拆除重建'],
  units: ['跃龙街道'],
  area_mu: 40,
  milestones: [
    { name: '方案批复', planned: '2022-05-01', actual: '2022-05-10' },
    { name: '验收', planned: '2024-10-01', actual: null },
  ],
  sample: true,
  ...over,
});

export const smallPark = (id: string, over: Obj = {}): Obj => ({
  id,
  name: '示例小微企业园',
  town: TOWN,
  stars: 4,
  rated_year: 2023,
  kind: 'built',
  year: 2023,
  area_mu: 60,
  occupancy: 0.8,
  lon: 121.43,
  lat: 29.29,
  sample: true,
  ...over,
});

export const agreement = (parcelId: string, over: Obj = {}): Obj => ({
  parcel_id: parcelId,
  enterprise_id: null,
  agreement_no: '宁标协〔2022〕1号',
  signed: '2022-04-01',
  source: '县自然资源和规划局',
  contracted: { investment_per_mu: 300, tax_per_mu: 30 },
  completed: null,
  full_output: null,
  achieved: {},
  sample: true,
  ...over,
});
