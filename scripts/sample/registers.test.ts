// The sample county's campaign registers (registers.ts): they parse without a reject, are the same for the same seed,
// leave the delivered case and project fields as the county had them, and hold together — every rule below is
// computed from the data here, not with the functions of src/lib/campaign that read them.
import { createHash } from 'node:crypto';
import turfArea from '@turf/area';
import { beforeAll, describe, expect, it } from 'vitest';
import { agreementParser, blockPlanParser, campaignCaseParser, campaignProjectParser, smallParkParser } from '../../src/lib/campaign/parse.ts';
import type { BlockPlan, CampaignCase, CampaignProject, SmallPark, StandardLandAgreement } from '../../src/lib/campaign/types.ts';
import { knownLinksOf, validateRecords } from '../../src/lib/data/records.ts';
import { LOW_EFFICIENCY_STATUSES, type PolygonGeometry, type Position } from '../../src/lib/data/schema.ts';
import { makeCases } from './cases.ts';
import { generateSample, SAMPLE_LABEL, sampleFiles, type SampleCounty } from './generate.ts';
import { makeCampaignCases, makeCampaignProjects, REGISTER_AS_OF } from './registers.ts';

const AS_OF = REGISTER_AS_OF;
const REGISTER_FILES = [
  ['cases.json', 'cases'],
  ['projects.json', 'projects'],
  ['block-plans.json', 'block_plans'],
  ['small-parks.json', 'small_parks'],
  ['standard-land.json', 'agreements'],
] as const;

let county: SampleCounty;
let files: Map<string, string>;
let cases: CampaignCase[];
let projects: CampaignProject[];
let plans: BlockPlan[];
let parks: SmallPark[];
let agreements: StandardLandAgreement[];
const sha = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');
const read = <T>(name: string, key: string): T[] => (JSON.parse(files.get(name)!) as Record<string, T[]>)[key]!;

beforeAll(() => {
  county = generateSample({ parcels: 3000 });
  files = new Map(sampleFiles(county));
  cases = read('cases.json', 'cases');
  projects = read('projects.json', 'projects');
  plans = read('block-plans.json', 'block_plans');
  parks = read('small-parks.json', 'small_parks');
  agreements = read('standard-land.json', 'agreements');
});

describe('sample registers: files', () => {
  it('are labelled sample data, every record marked sample, and the same for the same seed', () => {
    const again = new Map(sampleFiles(generateSample({ parcels: 3000 })));
    const other = new Map(sampleFiles(generateSample({ parcels: 3000, seed: 7 })));
    for (const [name, key] of REGISTER_FILES) {
      const parsed = JSON.parse(files.get(name)!) as Record<string, unknown>;
      expect(parsed, name).toMatchObject({ sample: true, label: SAMPLE_LABEL });
      const list = parsed[key] as { sample?: boolean }[];
      expect(list.length, name).toBeGreaterThan(0);
      expect(list.every((r) => r.sample === true), name).toBe(true);
      expect(again.get(name), name).toBe(files.get(name));
      expect(other.get(name), name).not.toBe(files.get(name));
    }
  });

  it('parse with the campaign parsers against the sample layers without a reject', () => {
    const parcelIds = new Set(county.parcels.features.map((f) => f.properties.id));
    const known = knownLinksOf(county.chains);
    const ctxProjects = {
      parcelIds,
      enterpriseIds: new Set(county.enterprises.map((e) => e.id)),
      chainIds: new Set(county.chains.map((c) => c.id)),
      linksOf: (c: string) => known.map.get(c) ?? new Set<string>(),
    };
    const blockIds = new Set(county.lowEfficiencyBlocks.features.map((f) => f.properties.id));
    const runs = [
      validateRecords(cases, 'cases.json', campaignCaseParser({ parcelIds }), { unique: (c) => c.id }),
      validateRecords(projects, 'projects.json', campaignProjectParser(ctxProjects), { unique: (p) => p.id }),
      validateRecords(plans, 'block-plans.json', blockPlanParser({ blockIds }), { unique: (b) => b.block_id }),
      validateRecords(parks, 'small-parks.json', smallParkParser(), { unique: (p) => p.id }),
      validateRecords(agreements, 'standard-land.json', agreementParser({ parcelIds }), { unique: (a) => a.agreement_no }),
    ];
    for (const v of runs) expect(v.rejects).toEqual([]);
    // What the parsers derive from the dates is what the file says.
    expect(runs[0]!.accepted).toEqual(cases);
    expect(runs[1]!.accepted).toEqual(projects);
  });
});

describe('sample registers: the delivered fields stay as the county had them', () => {
  const CASE_KEYS = ['id', 'parcel_id', 'enterprise_id', 'route', 'status', 'opened_year', 'closed_year', 'area_mu', 'outcome', 'energy_freed_tce', 'co2_cut_t'] as const;
  const PROJECT_KEYS = ['id', 'name', 'parcel_id', 'enterprise_id', 'investment_100m', 'stage', 'chain', 'link', 'manufacturing'] as const;
  const pick = <T extends object, K extends keyof T>(o: T, keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

  it('cases and projects keep every field of the old generator', () => {
    const base = makeCases(county);
    expect(cases.map((c) => pick(c, CASE_KEYS))).toEqual(base);
    expect(projects.map((p) => pick(p, PROJECT_KEYS))).toEqual(county.projects);
    expect(makeCampaignCases(county, base)).toEqual(cases);
    expect(makeCampaignProjects(county)).toEqual(projects);
  });

  it('the old generator’s cases and projects (seed 20210, 3000 parcels) are unchanged', () => {
    // Pinned before the registers were added: the registers draw from their own streams.
    expect(sha(makeCases(county))).toBe('7a126166b2184c918bfe474f2d0e0a4c59bc1c112d988b1b46813ab29a3496c9');
    expect(sha(county.projects)).toBe('b44bfcaf0f961d6b3e0f034fda7083f61b9be81369c1f71acbb651c522ab0a99');
  });
});

describe('sample registers: cases', () => {
  it('steps open in opened_year, close in closed_year, and an open case stops on or before the as-of day', () => {
    for (const c of cases) {
      const years = c.steps.map((s) => Number(s.date.slice(0, 4)));
      expect(years[0], c.id).toBe(c.opened_year);
      expect([...c.steps.map((s) => s.date)].sort(), c.id).toEqual(c.steps.map((s) => s.date));
      expect(c.steps[0]!.stage, c.id).toBe('screening');
      const last = c.steps[c.steps.length - 1]!;
      expect(c.stage, c.id).toBe(last.stage);
      if (c.status === 'closed') {
        expect(last.stage, c.id).toBe(c.route === 'close' ? 'exited' : 'closed');
        expect(years[years.length - 1], c.id).toBe(c.closed_year);
        expect(c.steps.map((s) => s.stage), c.id).toEqual(['screening', 'filed', 'rectifying', last.stage]);
      } else {
        expect(['screening', 'filed', 'rectifying'], c.id).toContain(last.stage);
        expect(last.date <= AS_OF, c.id).toBe(true);
      }
      expect(c.steps.every((s) => s.date >= '2021-01-01' && s.note.length > 0), c.id).toBe(true);
    }
    const stages = new Set(cases.map((c) => c.stage));
    for (const s of ['screening', 'filed', 'rectifying', 'closed', 'exited']) expect(stages.has(s as CampaignCase['stage']), s).toBe(true);
  });

  it('names the firm, its town and parcels, units and criteria from the parcel', () => {
    const parcels = new Map(county.parcels.features.map((f) => [f.properties.id, f.properties]));
    const firms = new Map(county.enterprises.map((e) => [e.id, e]));
    const everyParcel = cases.flatMap((c) => c.parcel_ids);
    expect(new Set(everyParcel).size).toBe(everyParcel.length); // no parcel on two cases
    expect(cases.some((c) => c.parcel_ids.length === 2)).toBe(true);
    for (const c of cases) {
      const p = parcels.get(c.parcel_id)!;
      expect(c.parcel_ids[0], c.id).toBe(c.parcel_id);
      for (const id of c.parcel_ids.slice(1)) expect(parcels.get(id)!.enterprise_id, c.id).toBe(c.enterprise_id);
      expect(c.town, c.id).toBe(p.town);
      const firm = c.enterprise_id ? firms.get(c.enterprise_id) : undefined;
      if (firm) expect(c.enterprise_name, c.id).toBe(firm.name);
      else expect(c.enterprise_name, c.id).toMatch(/^宁海示例.+厂（已(退出|搬迁)）$/);
      expect(c.units[1], c.id).toBe('县经信局');
      expect(c.units[0], c.id).toMatch(/^.+(街道办事处|镇人民政府|乡人民政府)$/);
      if (c.route === 'close' || c.route === 'vacate' || c.outcome === 'handed_back') expect(c.units, c.id).toContain('县自然资源和规划局');
      expect(c.criteria.length, c.id).toBeGreaterThan(0);
      for (const k of c.criteria) {
        expect(k.year, c.id).toBe(c.opened_year! - 1);
        if (k.criterion === 'tax' || k.criterion === 'far') expect(k.value! < k.threshold!, c.id).toBe(true);
      }
      if (c.status === 'open') {
        // The parcel as it stands is what listed it.
        const has = (k: string) => c.criteria.some((x) => x.criterion === k);
        expect(has('status'), c.id).toBe(LOW_EFFICIENCY_STATUSES.includes(p.status));
        expect(has('dilapidated'), c.id).toBe(p.dilapidated);
        expect(has('banned'), c.id).toBe(p.banned_industry);
      }
      expect(c.deadline! >= c.steps[0]!.date, c.id).toBe(true);
    }
  });

  it('six cases carry a 两高 check of a project since 2018 using ≥ 1 000 tce, some reviews missing or unknown', () => {
    const two = cases.filter((c) => c.two_high !== null).map((c) => c.two_high!);
    expect(two).toHaveLength(6);
    for (const t of two) {
      expect(t.built_year).toBeGreaterThanOrEqual(2018);
      expect(t.energy_tce).toBeGreaterThanOrEqual(1000);
    }
    const flags = two.flatMap((t) => [t.industrial_policy, t.capacity_swap, t.energy_review, t.environment_review, t.approvals]);
    expect(flags).toContain(true);
    expect(flags.some((f) => f === false || f === null)).toBe(true);
  });
});

describe('sample registers: projects', () => {
  const ORDER = ['signed', 'land', 'start', 'completed', 'operating', 'full_output', 'contract_check'];
  const STAGE: Record<string, string> = { signed: 'attract', land: 'construct', start: 'construct', completed: 'accept', operating: 'produce', full_output: 'produce', contract_check: 'supervise' };

  it('the latest done node puts each project at its stage; done nodes in order, none after the as-of day', () => {
    for (const p of projects) {
      expect(p.nodes.map((n) => n.key), p.id).toEqual(ORDER);
      const done = p.nodes.filter((n) => n.actual !== null);
      const latest = done[done.length - 1];
      expect(latest ? STAGE[latest.key] : 'attract', p.id).toBe(p.stage);
      // done nodes are a prefix, dated in order, in 2021 – the as-of day
      expect(p.nodes.slice(0, done.length).every((n) => n.actual !== null), p.id).toBe(true);
      const days = done.map((n) => n.actual!);
      expect([...days].sort(), p.id).toEqual(days);
      expect(days.every((d) => d >= '2021-01-01' && d <= AS_OF), p.id).toBe(true);
      expect(p.nodes.every((n) => n.planned !== null), p.id).toBe(true);
      expect(p.unit, p.id).toMatch(/(办事处|人民政府|县发改局|县经信局|县投资促进中心)$/);
      if (p.parcel_id) expect(p.town, p.id).toBe(county.parcels.features.find((f) => f.properties.id === p.parcel_id)!.properties.town);
    }
  });

  it('a fifth to a third of the projects have a node overdue on the as-of day, and some nodes were done late', () => {
    const overdue = projects.filter((p) => p.nodes.some((n) => n.actual === null && n.planned! < AS_OF));
    const share = overdue.length / projects.length;
    expect(share).toBeGreaterThanOrEqual(0.15);
    expect(share).toBeLessThanOrEqual(0.4);
    expect(projects.some((p) => p.nodes.some((n) => n.actual !== null && n.actual > n.planned!))).toBe(true);
    expect(projects.some((p) => p.nodes.some((n) => n.actual !== null && n.actual <= n.planned!))).toBe(true);
  });
});

describe('sample registers: block plans, small parks, agreements', () => {
  it('one plan per block, its milestones as the block’s status and year say, over the block’s area', () => {
    const blocks = county.lowEfficiencyBlocks.features;
    expect(plans.map((p) => p.block_id)).toEqual(blocks.map((b) => b.properties.id));
    const statuses = new Set<string>();
    for (const b of blocks) {
      const plan = plans.find((p) => p.block_id === b.properties.id)!;
      const ms = plan.milestones;
      expect(ms.length).toBeGreaterThanOrEqual(4);
      expect(ms.length).toBeLessThanOrEqual(5);
      expect(ms[ms.length - 1]!.name).toMatch(/验收$/);
      const done = ms.filter((m) => m.actual !== null);
      const status = done.length === ms.length ? 'done' : done.length > 0 ? 'in_progress' : 'planned';
      expect(status, plan.block_id).toBe(b.properties.renovation_status);
      statuses.add(status);
      if (status === 'done') expect(Number(ms[ms.length - 1]!.actual!.slice(0, 4)), plan.block_id).toBe(b.properties.renovation_year);
      expect(ms.slice(0, done.length).every((m) => m.actual !== null), plan.block_id).toBe(true);
      expect(done.every((m) => m.actual! <= AS_OF), plan.block_id).toBe(true);
      const planned = ms.map((m) => m.planned);
      expect([...planned].sort(), plan.block_id).toEqual(planned);
      const mu = turfArea(b.geometry as PolygonGeometry) / (10000 / 15);
      expect(Math.abs(plan.area_mu - mu) / mu, plan.block_id).toBeLessThan(0.01);
    }
    expect(statuses.size).toBe(3);
  });

  it('about twenty 小微企业园 inside the county, built or upgraded mostly in 2021–2025, some five-star', () => {
    expect(parks.length).toBeGreaterThanOrEqual(15);
    expect(parks.length).toBeLessThanOrEqual(25);
    const inRing = (pt: Position, ring: Position[]) => {
      let inside = false;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i] as [number, number];
        const [xj, yj] = ring[j] as [number, number];
        if (yi > pt[1]! !== yj > pt[1]! && pt[0]! < ((xj - xi) * (pt[1]! - yi)) / (yj - yi) + xi) inside = !inside;
      }
      return inside;
    };
    for (const p of parks) {
      expect(county.county.features.some((f) => inRing([p.lon, p.lat], f.geometry.coordinates[0]!)), p.id).toBe(true);
      expect(p.year).toBeGreaterThanOrEqual(2019);
      expect(p.year).toBeLessThanOrEqual(2025);
      if (p.stars !== null) expect(p.rated_year! >= p.year && p.rated_year! <= 2025, p.id).toBe(true);
    }
    expect(new Set(parks.map((p) => p.name)).size).toBe(parks.length);
    expect(parks.filter((p) => p.year >= 2021).length / parks.length).toBeGreaterThan(0.6);
    expect(parks.filter((p) => p.stars === 5 && p.rated_year! >= 2021).length).toBeGreaterThanOrEqual(2);
    expect(new Set(parks.map((p) => p.kind))).toEqual(new Set(['built', 'upgraded']));
  });

  it('an agreement on every 标准地 parcel being built, on some in use; some contracted indicators met, some not', () => {
    const want = county.parcels.features
      .map((f) => f.properties)
      .filter((p) => p.standard_land && p.enterprise_id !== null && ['in_use', 'operating_below_target', 'used_not_full', 'under_construction', 'built_not_operating'].includes(p.status));
    const held = new Set(agreements.map((a) => a.parcel_id));
    const building = want.filter((p) => p.status === 'under_construction' || p.status === 'built_not_operating');
    expect(building.every((p) => held.has(p.id))).toBe(true);
    const inUse = want.filter((p) => !building.includes(p));
    const inUseHeld = inUse.filter((p) => held.has(p.id)).length;
    // About one in eight of those in use (a binomial draw: within a wide band of 12.5 %).
    expect(inUseHeld / inUse.length).toBeGreaterThan(0.06);
    expect(inUseHeld / inUse.length).toBeLessThan(0.2);
    expect([...held].every((id) => want.some((p) => p.id === id))).toBe(true);
    const byParcel = new Map(want.map((p) => [p.id, p]));
    const dir: Record<string, 'min' | 'max'> = { investment_per_mu: 'min', tax_per_mu: 'min', far: 'min', energy_per_mu: 'max', emission_per_mu: 'max' };
    let met = 0;
    let unmet = 0;
    for (const a of agreements) {
      const p = byParcel.get(a.parcel_id)!;
      expect(a.enterprise_id).toBe(p.enterprise_id);
      expect(a.agreement_no).toMatch(/^宁海标准地〔20\d\d〕\d{3}号（示例）$/);
      expect(a.agreement_no.slice(6, 10)).toBe(a.signed.slice(0, 4));
      expect(a.contracted.far!).toBeGreaterThanOrEqual(1);
      if (p.status === 'under_construction') expect(a.completed).toBeNull();
      if (a.full_output !== null) expect(a.full_output <= AS_OF && a.completed! <= a.full_output).toBe(true);
      for (const [k, v] of Object.entries(a.achieved)) {
        const c = a.contracted[k as keyof typeof a.contracted]!;
        if (dir[k] === 'min' ? v >= c : v <= c) met++;
        else unmet++;
      }
    }
    expect(new Set(agreements.map((a) => a.agreement_no)).size).toBe(agreements.length);
    expect(met).toBeGreaterThan(0);
    expect(unmet).toBeGreaterThan(0);
    // some agreements leave the achieved values to the 亩均 data
    expect(agreements.some((a) => a.completed !== null && Object.keys(a.achieved).length === 0)).toBe(true);
  });
});
