// `tenglong stats` end to end: the real binary over the real public/data, every number checked against a
// computation written here from the raw files (parcels.fgb properties, enterprises.json, projects.json,
// low-efficiency-blocks.fgb, parcels-index.json, cases.json, and `tenglong chains --json` for link strengths), not
// through src/lib/stats.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import { runCli } from './helpers/run-cli.ts';

const DATA = fileURLToPath(new URL('../../public/data/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tenglong-stats-'));

interface P {
  id: string;
  area_mu_planar: number;
  status: string;
  enterprise_id?: string | null;
  grade?: string | null;
  low_eff_block?: string | null;
  town: string;
  park?: string | null;
  low_efficiency?: boolean;
  low_efficiency_criteria?: string;
}
interface E {
  id: string;
  above_scale: boolean;
  evaluated: boolean;
  tax_10k: number;
  value_added_10k: number;
  revenue_10k: number;
  rd_10k: number;
  land_mu: number;
}
interface Out {
  label: { zh: string } | null;
  area: { kind: string; name: string | null };
  stats: {
    parcel_count: number;
    enterprise_count: number;
    area_mu: number;
    mu_by_grade: Record<string, number>;
    mu_by_status: Record<string, number>;
    low_efficiency: {
      mu: number;
      status_mu: number;
      block_mu: number;
      rule_mu: number | null;
      criteria: { mu: number; parcel_count: number; by: Record<string, { mu: number; parcel_count: number; only_mu: number; only_parcel_count: number }> } | null;
    };
    tax_per_mu: { value: number | null };
    va_per_mu: { value: number | null };
    freed: { mu: number; parcel_count: number };
  };
  low_efficiency_sources: Record<string, { key: string; kind: string; confirm_with?: string }>;
  dashboard?: {
    key: string;
    value: number | null;
    target: number | null;
    target_source: { key: string; kind: string; clause?: string } | null;
    measurable: boolean;
    reason: { zh: string } | null;
    by_year?: { year: number; value: number }[];
  }[];
  county_rules?: { land_supply: { status: string; values: Record<string, number> }[] | null; land_swap: { status: string; values: Record<string, number> } | null };
}

const LOW = ['approved_not_supplied', 'supplied_not_used', 'used_not_full', 'built_not_operating', 'operating_below_target'];
let parcels: P[] = [];
let ents: E[] = [];
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function run(args: string[]): Out {
  const r = runCli(['stats', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Out;
}

/** Independent expectation for a set of parcels: firms share their figures by land, D ∪ low-efficiency freed. */
function expected(sel: P[]) {
  const landAll = new Map<string, number>();
  for (const p of parcels) if (p.enterprise_id) landAll.set(p.enterprise_id, (landAll.get(p.enterprise_id) ?? 0) + p.area_mu_planar);
  const landIn = new Map<string, number>();
  for (const p of sel) if (p.enterprise_id) landIn.set(p.enterprise_id, (landIn.get(p.enterprise_id) ?? 0) + p.area_mu_planar);
  let tax = 0;
  let land = 0;
  for (const [id, mu] of landIn) {
    const e = ents.find((x) => x.id === id);
    if (!e?.evaluated) continue;
    tax += (e.tax_10k * mu) / landAll.get(id)!;
    land += mu;
  }
  const isLow = (p: P) => LOW.includes(p.status) || !!p.low_eff_block;
  return {
    parcel_count: sel.length,
    enterprise_count: landIn.size,
    area_mu: sum(sel.map((p) => p.area_mu_planar)),
    low_mu: sum(sel.filter(isLow).map((p) => p.area_mu_planar)),
    d_mu: sum(sel.filter((p) => p.grade === 'D').map((p) => p.area_mu_planar)),
    freed_mu: sum(sel.filter((p) => isLow(p) || p.grade === 'D').map((p) => p.area_mu_planar)),
    tax_per_mu: tax / land,
  };
}

beforeAll(() => {
  parcels = readAllFgb(new Uint8Array(readFileSync(join(DATA, 'internal', 'parcels.fgb')))).map((f) => f.properties as unknown as P);
  ents = (JSON.parse(readFileSync(join(DATA, 'internal', 'enterprises.json'), 'utf8')) as { enterprises: E[] }).enterprises;
});

describe('tenglong stats --json (whole county)', () => {
  let o: Out;
  beforeAll(() => {
    o = run([]);
  });

  it('counts, 亩 by grade/status and low-efficiency 亩 match the raw parcels', () => {
    const x = expected(parcels);
    expect(o.label?.zh).toBe('示例数据');
    expect(o.area.kind).toBe('county');
    expect(o.stats.parcel_count).toBe(parcels.length);
    expect(o.stats.enterprise_count).toBe(x.enterprise_count);
    expect(o.stats.area_mu).toBeCloseTo(x.area_mu, 6);
    expect(o.stats.mu_by_grade['D']).toBeCloseTo(x.d_mu, 6);
    expect(o.stats.mu_by_grade['none']).toBeCloseTo(sum(parcels.filter((p) => !p.grade).map((p) => p.area_mu_planar)), 6);
    expect(sum(Object.values(o.stats.mu_by_status))).toBeCloseTo(x.area_mu, 6);
    expect(o.stats.mu_by_status['idle']).toBeCloseTo(sum(parcels.filter((p) => p.status === 'idle').map((p) => p.area_mu_planar)), 6);
    expect(o.stats.low_efficiency.mu).toBeCloseTo(x.low_mu, 6);
    expect(o.stats.freed.mu).toBeCloseTo(x.freed_mu, 6);
    // the union is smaller than the sum of its parts when parcels are both D and low-efficiency
    expect(o.stats.freed.mu).toBeLessThanOrEqual(x.low_mu + x.d_mu + 1e-9);
  });

  it('county 亩均税收 = Σ tax / Σ land_mu of evaluated firms in enterprises.json', () => {
    const ev = ents.filter((e) => e.evaluated && e.land_mu > 0);
    expect(o.stats.tax_per_mu.value).toBeCloseTo(sum(ev.map((e) => e.tax_10k)) / sum(ev.map((e) => e.land_mu)), 9);
    expect(o.stats.va_per_mu.value).toBeCloseTo(sum(ev.map((e) => e.value_added_10k)) / sum(ev.map((e) => e.land_mu)), 9);
  });

  it('prints the dashboard with values from the raw files', () => {
    const d = new Map((o.dashboard ?? []).map((r) => [r.key, r]));
    const up = ents.filter((e) => e.above_scale && e.land_mu > 0);
    expect(d.get('tax_per_mu')?.value).toBeCloseTo(sum(up.map((e) => e.tax_10k)) / sum(up.map((e) => e.land_mu)), 9);
    expect(d.get('tax_per_mu')?.target).toBe(45);
    expect(d.get('va_per_mu')?.value).toBeCloseTo(sum(up.map((e) => e.value_added_10k)) / sum(up.map((e) => e.land_mu)), 9);
    const allUp = ents.filter((e) => e.above_scale);
    expect(d.get('rd_share')?.value).toBeCloseTo(sum(allUp.map((e) => e.rd_10k)) / sum(allUp.map((e) => e.revenue_10k)), 12);
    const blocks = readAllFgb(new Uint8Array(readFileSync(join(DATA, 'public', 'low-efficiency-blocks.fgb')))).map((f) => f.properties as { id: string; renovation_status: string; area_mu: number });
    const done = blocks.filter((b) => b.renovation_status === 'done');
    expect(d.get('blocks_renovated')?.value).toBe(done.length);
    // every target row names the plan clause of its target (targets_2025.<key> in the policy file)
    for (const r of (o.dashboard ?? []).filter((x) => !x.key.startsWith('land_'))) {
      expect(r.target_source, r.key).toMatchObject({ key: `targets_2025.${r.key}`, kind: 'plan' });
    }
    for (const k of ['zhejiang_made_standards', 'pinzibiao_firms']) {
      expect(d.get(k)?.measurable, k).toBe(false);
      expect(d.get(k)?.value, k).toBeNull();
      expect(d.get(k)?.reason?.zh, k).toMatch(/^数据无法衡量：/);
    }
    expect(d.get('zhejiang_made_standards')?.target).toBe(25);
    expect(d.get('pinzibiao_firms')?.target).toBe(30);
  });

  it('low-efficiency land by criterion equals sums over the parcels’ low_efficiency_criteria; the tax guideline is an assumption', () => {
    const c = o.stats.low_efficiency.criteria!;
    const crit = (p: P) => (p.low_efficiency_criteria ?? '').split(',').filter((x) => x !== '');
    const flagged = parcels.filter((p) => crit(p).length > 0);
    expect(c.parcel_count).toBe(flagged.length);
    expect(c.mu).toBeCloseTo(sum(flagged.map((p) => p.area_mu_planar)), 6);
    // the rule's verdict and its criteria agree: low_efficiency ⇔ at least one criterion
    expect(o.stats.low_efficiency.rule_mu).toBeCloseTo(c.mu, 6);
    for (const k of ['status', 'tax', 'far', 'dilapidated', 'banned']) {
      const has = parcels.filter((p) => crit(p).includes(k));
      const only = has.filter((p) => crit(p).length === 1);
      expect(c.by[k]!.parcel_count, k).toBe(has.length);
      expect(c.by[k]!.mu, k).toBeCloseTo(sum(has.map((p) => p.area_mu_planar)), 6);
      expect(c.by[k]!.only_parcel_count, k).toBe(only.length);
      expect(c.by[k]!.only_mu, k).toBeCloseTo(sum(only.map((p) => p.area_mu_planar)), 6);
    }
    expect(c.by['tax']!.mu).toBeGreaterThan(0);
    expect(o.low_efficiency_sources['tax']).toMatchObject({ key: 'low_efficiency.tax_per_mu_below', kind: 'assumption', confirm_with: '县经信局' });
  });

  it('projects: 10 亿元 counts landed manufacturing projects; 强链补链 ≥ 1 亿元 landed projects filling a weak or missing link', () => {
    const d = new Map((o.dashboard ?? []).map((r) => [r.key, r]));
    interface J { investment_100m: number; stage: string; manufacturing: boolean; chain: string | null; link: string | null }
    const projects = (JSON.parse(readFileSync(join(DATA, 'internal', 'projects.json'), 'utf8')) as { projects: J[] }).projects;
    const landed = (p: J) => ['construct', 'accept', 'produce', 'supervise'].includes(p.stage);
    expect(d.get('projects_10b')?.value).toBe(projects.filter((p) => p.investment_100m >= 10 && p.manufacturing && landed(p)).length);
    expect(projects.some((p) => p.investment_100m >= 10 && !landed(p))).toBe(true); // the stage rule is exercised
    const ch = runCli(['chains', '--json']);
    expect(ch.code).toBe(0);
    const strength = new Map((JSON.parse(ch.stdout) as { links: { chain: string; link: string; strength: string }[] }).links.map((l) => [`${l.chain}/${l.link}`, l.strength]));
    const fills = projects.filter((p) => p.investment_100m >= 1 && p.link && ['weak', 'missing'].includes(strength.get(`${p.chain}/${p.link}`) ?? ''));
    expect(fills.length).toBeGreaterThan(0);
    expect(d.get('chain_projects_1b')?.measurable).toBe(true);
    expect(d.get('chain_projects_1b')?.value).toBe(fills.filter(landed).length);
  });
});

describe('tenglong stats --json: targets counted from the 低效整治 cases (cases.json)', () => {
  interface C { id: string; parcel_id: string; enterprise_id: string | null; route: string; status: string; closed_year: number | null; area_mu: number; outcome: string | null; energy_freed_tce: number | null; co2_cut_t: number | null }
  let cases: C[];
  let d: Map<string, NonNullable<Out['dashboard']>[number]>;
  beforeAll(() => {
    cases = (JSON.parse(readFileSync(join(DATA, 'internal', 'cases.json'), 'utf8')) as { cases: C[] }).cases;
    d = new Map((run([]).dashboard ?? []).map((r) => [r.key, r]));
  });
  const closed = () => cases.filter((c) => c.status === 'closed' && c.closed_year! >= 2021 && c.closed_year! <= 2025);

  it('the sample register holds open and closed cases of every outcome', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(closed().map((c) => c.outcome))).toEqual(new Set(['handed_back', 'relet', 'use_raised']));
    expect(cases.some((c) => c.status === 'open')).toBe(true);
  });

  it('land freed = Σ area of closed cases (each parcel once), listed by year', () => {
    const first = new Map<string, C>();
    for (const c of [...closed()].sort((a, b) => a.closed_year! - b.closed_year! || a.id.localeCompare(b.id))) if (!first.has(c.parcel_id)) first.set(c.parcel_id, c);
    const counted = [...first.values()];
    const r = d.get('low_efficiency_land_freed_mu')!;
    expect(r.measurable).toBe(true);
    expect(r.value).toBeCloseTo(sum(counted.map((c) => c.area_mu)), 6);
    const years = [...new Set(counted.map((c) => c.closed_year!))].sort();
    expect(r.by_year?.map((y) => y.year)).toEqual(years);
    for (const y of r.by_year ?? []) expect(y.value).toBeCloseTo(sum(counted.filter((c) => c.closed_year === y.year).map((c) => c.area_mu)), 6);
  });

  it('energy and CO₂ = Σ of the figures closed cases record; firms eliminated and rectified by route', () => {
    expect(d.get('energy_freed_tce')?.value).toBeCloseTo(sum(closed().map((c) => c.energy_freed_tce ?? 0)), 6);
    expect(d.get('co2_cut_t')?.value).toBeCloseTo(sum(closed().map((c) => c.co2_cut_t ?? 0)), 6);
    const eliminated = new Set(closed().filter((c) => c.route === 'close' && c.enterprise_id).map((c) => c.enterprise_id));
    const rectified = new Set(closed().filter((c) => c.route !== 'close' && c.enterprise_id && !eliminated.has(c.enterprise_id)).map((c) => c.enterprise_id));
    expect(d.get('backward_firms_eliminated')?.value).toBe(eliminated.size);
    expect(d.get('inefficient_firms_rectified')?.value).toBe(rectified.size);
    expect(eliminated.size).toBeGreaterThan(0);
  });

  it('without cases.json (a deployment with no register yet) the rows show no number — not the old count of parcels in done blocks', () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'tenglong-stats-nocases-')), 'data');
    cpSync(DATA, copy, { recursive: true });
    rmSync(join(copy, 'internal', 'cases.json'));
    const o = run(['--data', copy]);
    for (const k of ['low_efficiency_land_freed_mu', 'energy_freed_tce', 'co2_cut_t', 'backward_firms_eliminated', 'inefficient_firms_rectified']) {
      const r = (o.dashboard ?? []).find((x) => x.key === k);
      expect(r?.measurable, k).toBe(false);
      expect(r?.value, k).toBeNull();
      expect(r?.reason?.zh, k).toBe('数据无法衡量：缺少低效整治案件记录（cases.json），不以区块或地块状态推算');
    }
    rmSync(copy, { recursive: true, force: true });
  });
});

describe('tenglong stats for one area', () => {
  it('--town: a town with a firm straddling towns shares its tax by land', () => {
    const town = '桃源街道';
    const o = run(['--town', town]);
    const inTown = parcels.filter((p) => p.town === town);
    const x = expected(inTown);
    const firms = new Set(inTown.map((p) => p.enterprise_id).filter(Boolean));
    const straddling = parcels.filter((p) => p.town !== town && firms.has(p.enterprise_id));
    expect(straddling.length).toBeGreaterThan(0); // the share rule is exercised
    expect(o.stats.parcel_count).toBe(x.parcel_count);
    expect(o.stats.enterprise_count).toBe(x.enterprise_count);
    expect(o.stats.area_mu).toBeCloseTo(x.area_mu, 6);
    expect(o.stats.tax_per_mu.value).toBeCloseTo(x.tax_per_mu, 9);
    expect(o.stats.freed.mu).toBeCloseTo(x.freed_mu, 6);
  });

  it('--park and --block', () => {
    const park = '宁海经济开发区';
    const o = run(['--park', park]);
    expect(o.stats.parcel_count).toBe(parcels.filter((p) => p.park === park).length);
    const b = run(['--block', 'LE-18']);
    const x = expected(parcels.filter((p) => p.low_eff_block === 'LE-18'));
    expect(b.stats.parcel_count).toBe(x.parcel_count);
    expect(b.stats.parcel_count).toBeGreaterThan(0);
    expect(b.stats.low_efficiency.mu).toBeCloseTo(x.area_mu, 6); // every parcel of a block is low-efficiency
    expect(b.dashboard).toBeUndefined();
    // the criteria breakdown is there for any area, with the tax guideline's source
    const inBlock = parcels.filter((p) => p.low_eff_block === 'LE-18');
    const taxed = inBlock.filter((p) => (p.low_efficiency_criteria ?? '').split(',').includes('tax'));
    expect(b.stats.low_efficiency.criteria?.by['tax']?.mu).toBeCloseTo(sum(taxed.map((p) => p.area_mu_planar)), 6);
    expect(b.low_efficiency_sources['tax']?.kind).toBe('assumption');
  });

  it('--area: a rectangle holds the parcels whose interior point (parcels-index.json) is inside', () => {
    const index = JSON.parse(readFileSync(join(DATA, 'internal', 'parcels-index.json'), 'utf8')) as { id: string; centroid: [number, number] }[];
    const box = [121.42, 29.28, 121.45, 29.33];
    // keep the test exact: no indexed point (rounded to 1e-6°) sits on the rectangle's edge
    for (const { centroid: [x, y] } of index) for (const e of [x - box[0]!, x - box[2]!, y - box[1]!, y - box[3]!]) expect(Math.abs(e)).toBeGreaterThan(2e-6);
    const ids = new Set(index.filter(({ centroid: [x, y] }) => x > box[0]! && x < box[2]! && y > box[1]! && y < box[3]!).map((e) => e.id));
    const file = join(dir, 'area.geojson');
    const [a, b, c, d] = box as [number, number, number, number];
    writeFileSync(file, JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[a, b], [c, b], [c, d], [a, d], [a, b]]] } }));
    const o = run(['--area', file]);
    const x = expected(parcels.filter((p) => ids.has(p.id)));
    expect(ids.size).toBeGreaterThan(50);
    expect(o.stats.parcel_count).toBe(ids.size);
    expect(o.stats.area_mu).toBeCloseTo(x.area_mu, 6);
    expect(o.stats.tax_per_mu.value).toBeCloseTo(x.tax_per_mu, 9);
  });
});

describe('tenglong stats refuses bad input with a clear message', () => {
  it('unknown town, unknown block, two areas at once', () => {
    const r = runCli(['stats', '--town', '火星镇']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown town "火星镇"');
    expect(r.stderr).toContain('桃源街道');
    const b = runCli(['stats', '--block', 'LE-99']);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('unknown low-efficiency block "LE-99"');
    const two = runCli(['stats', '--town', '桃源街道', '--block', 'LE-18']);
    expect(two.code).toBe(2); // a usage error, like every wrong command line
    expect(two.stderr).toContain('at most one of');
  });

  it('bad GeoJSON: not JSON, an open ring, a point', () => {
    const notJson = join(dir, 'not.geojson');
    writeFileSync(notJson, '{"type": "Polygon", ');
    const r1 = runCli(['stats', '--area', notJson]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain(`${notJson}: cannot read GeoJSON`);
    const open = join(dir, 'open.geojson');
    writeFileSync(open, JSON.stringify({ type: 'Polygon', coordinates: [[[121.4, 29.3], [121.5, 29.3], [121.5, 29.4], [121.4, 29.4]]] }));
    const r2 = runCli(['stats', '--area', open]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain(open);
    const pt = join(dir, 'pt.geojson');
    writeFileSync(pt, JSON.stringify({ type: 'Point', coordinates: [121.4, 29.3] }));
    const r3 = runCli(['stats', '--area', pt]);
    expect(r3.code).toBe(1);
    expect(r3.stderr).toContain('got type "Point"');
  });

  it('missing data', () => {
    const r = runCli(['stats', '--data', join(dir, 'nowhere')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/internal\/parcels\.fgb is missing/);
  });
});

describe('tenglong stats --json: county rules from land-supply.json and land-swap.json', () => {
  interface Supply { year: number; land_use: string; area_mu: number }
  interface Swap { change: string; control_line: number; area_mu: number }
  const raw = <T>(f: string, key: string) => (JSON.parse(readFileSync(join(DATA, 'internal', f), 'utf8')) as Record<string, T[]>)[key]!;

  it('industrial share per year and the swap balance equal sums over the raw records; the dashboard rows carry them', () => {
    const o = run([]);
    const supply = raw<Supply>('land-supply.json', 'land_supply');
    const years = [...new Set(supply.map((r) => r.year))].sort();
    const share = years.map((y) => {
      const ys = supply.filter((r) => r.year === y);
      // industrial uses of the policy file: industrial, mixed_industrial
      return sum(ys.filter((r) => r.land_use === 'industrial' || r.land_use === 'mixed_industrial').map((r) => r.area_mu)) / sum(ys.map((r) => r.area_mu));
    });
    const got = o.county_rules?.land_supply ?? [];
    expect(got.map((f) => f.values['year'])).toEqual(years);
    got.forEach((f, i) => {
      expect(f.values['share']).toBeCloseTo(share[i]!, 12);
      expect(f.status).toBe(share[i]! >= 0.35 ? 'pass' : 'fail');
    });
    expect(got.filter((f) => f.status === 'fail')).toHaveLength(1);
    const swap = raw<Swap>('land-swap.json', 'land_swap');
    const balance = sum(swap.filter((r) => r.change === 'reclaimed' && r.control_line === 0).map((r) => r.area_mu)) - sum(swap.filter((r) => r.change === 'new' && r.control_line > 0).map((r) => r.area_mu));
    expect(o.county_rules?.land_swap?.values['balance_mu']).toBeCloseTo(balance, 9);
    const d = new Map((o.dashboard ?? []).map((r) => [r.key, r]));
    expect(d.get('land_supply_industrial_share')?.value).toBeCloseTo(Math.min(...share), 12);
    expect(d.get('land_supply_industrial_share')?.target).toBe(0.35);
    expect(d.get('land_swap_balance')?.value).toBeCloseTo(balance, 9);
  });

  it('without the two files (a real deployment) says the data cannot measure them and invents no number', () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'tenglong-stats-noland-')), 'data');
    cpSync(DATA, copy, { recursive: true });
    rmSync(join(copy, 'internal', 'land-supply.json'));
    rmSync(join(copy, 'internal', 'land-swap.json'));
    const o = run(['--data', copy]);
    expect(o.county_rules).toEqual({ land_supply: null, land_swap: null });
    for (const k of ['land_supply_industrial_share', 'land_swap_balance']) {
      const r = (o.dashboard ?? []).find((x) => x.key === k);
      expect(r?.measurable, k).toBe(false);
      expect(r?.value, k).toBeNull();
      expect(r?.reason?.zh.startsWith('数据无法衡量：缺少供地记录'), k).toBe(true);
    }
    rmSync(copy, { recursive: true, force: true });
  });
});
