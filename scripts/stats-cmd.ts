// `tenglong stats [--area F] [--town NAME] [--park NAME] [--block ID] [--json]`: statistics of an area (and, for
// the whole county, the 2025 dashboard) from the internal data the pipeline wrote. Numbers come from src/lib/stats.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseChainConfig, type StrengthConfig } from '../src/lib/chain/config.ts';
import { parseChainsFile } from '../src/lib/chain/inputs.ts';
import { readAllFgb } from '../src/lib/data/fgb-read.ts';
import { ingestCollection } from '../src/lib/data/ingest.ts';
import { parseCasesFile } from '../src/lib/data/records.ts';
import { LOW_EFFICIENCY_CRITERIA, type AreaGeometry, type Chain, type Enterprise, type LowEfficiencyBlockProps, type LowEfficiencyCase, type LowEfficiencyCriterion, type Project } from '../src/lib/data/schema.ts';
import { countyRules, parseLandSupply, parseLandSwap, type CountyRules, type LandSupplyRecord, type LandSwapRecord } from '../src/lib/rules/county-rules.ts';
import type { FindingSource } from '../src/lib/rules/finding.ts';
import { parsePolicy, type Policy } from '../src/lib/rules/policy.ts';
import { areaNames, firmLand, selectParcels, statsOf, type AreaSelector, type AreaStats, type StatsParcel } from '../src/lib/stats/area-stats.ts';
import { computeDashboard, criterionSources, type DashboardRow } from '../src/lib/stats/dashboard.ts';
import { PATHS } from './paths.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliCommand } from './commands.ts';

const USAGE = 'stats [--area F] [--town NAME] [--park NAME] [--block ID] [--json] [--data DIR] [--policy F]\n                                                           statistics of an area; whole county + 2025 dashboard by default';

export interface StatsData {
  parcels: StatsParcel[];
  enterprises: Enterprise[];
  blocks: LowEfficiencyBlockProps[];
  projects: Project[];
  /** internal/land-supply.json and land-swap.json; null when the file is absent (no records, no numbers). */
  landSupply: LandSupplyRecord[] | null;
  landSwap: LandSwapRecord[] | null;
  /** internal/cases.json (低效整治 cases); null when absent: the rows counted from cases say they cannot be measured. */
  cases: LowEfficiencyCase[] | null;
  /** internal/chains.json; null when absent (强链补链 cannot be measured). */
  chains: Chain[] | null;
  sample: boolean;
}

async function readJson(path: string, what: string): Promise<unknown> {
  if (!existsSync(path)) throw new Error(`${path} is missing (${what}): run \`npx tenglong ensure-data\` or pass --data DIR`);
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: cannot read ${what} (${e instanceof Error ? e.message : String(e)})`);
  }
}

function listOf<T>(raw: unknown, key: string, path: string): T[] {
  if (Array.isArray(raw)) return raw as T[];
  const v = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(v)) throw new Error(`${path}: expected an array or an object with "${key}": [...]`);
  return v as T[];
}

/** What every county-wide command reads of a data build (stats, progress): the layers and records beside the registers. */
export interface CountyBase {
  parcels: StatsParcel[];
  enterprises: Enterprise[];
  blocks: LowEfficiencyBlockProps[];
  landSupply: LandSupplyRecord[] | null;
  landSwap: LandSwapRecord[] | null;
  chains: Chain[] | null;
  sample: boolean;
}

/**
 * Reads `DIR/internal/{parcels.fgb,enterprises.json,manifest.json}` and `DIR/public/low-efficiency-blocks.fgb`, and
 * when present `DIR/internal/{land-supply,land-swap,chains}.json`.
 */
export async function loadCountyBase(dataDir: string): Promise<CountyBase> {
  const fgbPath = join(dataDir, 'internal', 'parcels.fgb');
  if (!existsSync(fgbPath)) throw new Error(`${fgbPath} is missing: run \`npx tenglong ensure-data\` or pass --data DIR`);
  const parcels = readAllFgb(new Uint8Array(await readFile(fgbPath)), fgbPath) as unknown as StatsParcel[];
  const blocksPath = join(dataDir, 'public', 'low-efficiency-blocks.fgb');
  if (!existsSync(blocksPath)) throw new Error(`${blocksPath} is missing: run \`npx tenglong ensure-data\` or pass --data DIR`);
  const blocks = readAllFgb(new Uint8Array(await readFile(blocksPath)), blocksPath).map((f) => f.properties as unknown as LowEfficiencyBlockProps);
  const entPath = join(dataDir, 'internal', 'enterprises.json');
  const entRaw = await readJson(entPath, 'enterprises');
  const supplyPath = join(dataDir, 'internal', 'land-supply.json');
  const swapPath = join(dataDir, 'internal', 'land-swap.json');
  const landSupply = existsSync(supplyPath) ? parseLandSupply(await readJson(supplyPath, 'land supply'), supplyPath) : null;
  const landSwap = existsSync(swapPath) ? parseLandSwap(await readJson(swapPath, 'land swap'), swapPath) : null;
  const chainsPath = join(dataDir, 'internal', 'chains.json');
  const chains = existsSync(chainsPath) ? parseChainsFile(await readJson(chainsPath, 'chains'), chainsPath) : null;
  const manifest = (await readJson(join(dataDir, 'internal', 'manifest.json'), 'manifest')) as { sample?: boolean };
  return { parcels, enterprises: listOf<Enterprise>(entRaw, 'enterprises', entPath), blocks, landSupply, landSwap, chains, sample: manifest.sample === true };
}

/**
 * Reads the county base (loadCountyBase) and `DIR/internal/projects.json`, and when present `DIR/internal/cases.json`.
 */
export async function loadStatsData(dataDir: string): Promise<StatsData> {
  const base = await loadCountyBase(dataDir);
  const projPath = join(dataDir, 'internal', 'projects.json');
  const projRaw = existsSync(projPath) ? await readJson(projPath, 'projects') : [];
  const casesPath = join(dataDir, 'internal', 'cases.json');
  const cases = existsSync(casesPath) ? parseCasesFile(await readJson(casesPath, 'low-efficiency cases'), casesPath) : null;
  return { ...base, projects: listOf<Project>(projRaw, 'projects', projPath), cases };
}

/** The policy file and its chain-strength settings (null when the policy has no `chains` section). */
export async function readPolicyFile(policyPath: string): Promise<{ policy: Policy; strength: StrengthConfig | null }> {
  const rawPolicy = await readJson(policyPath, 'policy');
  const policy = parsePolicy(rawPolicy, policyPath);
  const hasChains = typeof rawPolicy === 'object' && rawPolicy !== null && 'chains' in rawPolicy;
  return { policy, strength: hasChains ? parseChainConfig(rawPolicy, policyPath).strength : null };
}

/** A polygon file: a GeoJSON FeatureCollection, Feature or bare Polygon/MultiPolygon, in any supported CRS. */
export async function readAreaFile(path: string): Promise<AreaGeometry> {
  let raw: unknown;
  try {
    raw = JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(`${path}: cannot read GeoJSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const o = raw as Record<string, unknown> | null;
  const type = o?.['type'];
  const fc =
    type === 'FeatureCollection'
      ? raw
      : type === 'Feature'
        ? { type: 'FeatureCollection', features: [raw] }
        : type === 'Polygon' || type === 'MultiPolygon'
          ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: raw }] }
          : null;
  if (fc === null) throw new Error(`${path}: expected a GeoJSON FeatureCollection, Feature, Polygon or MultiPolygon, got type ${JSON.stringify(type)}`);
  const r = ingestCollection(fc, { file: path, geometry: 'area', parseProps: () => ({ ok: true, value: {} }) });
  if (r.rejects.length) throw new Error(r.rejects.map((x) => `${x.file}: feature ${x.id ?? `#${x.index}`}: ${x.reason}`).join('\n'));
  if (r.features.length === 0) throw new Error(`${path}: no polygon in the file`);
  const polys = r.features.flatMap((f) => {
    const g = f.geometry as AreaGeometry;
    return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  });
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys };
}

export interface StatsOutput {
  label: { zh: string; en: string } | null;
  area: { kind: AreaSelector['kind']; name: string | null };
  stats: AreaStats;
  /**
   * Where the thresholds of the low-efficiency criteria come from (stats.low_efficiency.criteria): the per-industry
   * tax guideline is an assumption to confirm, the FAR bound a standard; status, dilapidated and banned apply none.
   */
  low_efficiency_sources: Partial<Record<LowEfficiencyCriterion, FindingSource>>;
  dashboard?: DashboardRow[];
  /** Whole county only: the county rules' findings (null members: the records are missing). */
  county_rules?: CountyRules;
}

/** `strength`: the policy's `chains.strength` (null when the policy has no `chains` section). */
export function computeStatsOutput(data: StatsData, sel: AreaSelector, policy: Policy, areaName: string | null, strength: StrengthConfig | null = null): StatsOutput {
  const byId = new Map(data.enterprises.map((e) => [e.id, e]));
  const stats = statsOf(selectParcels(data.parcels, sel), byId, firmLand(data.parcels));
  const out: StatsOutput = {
    label: data.sample ? { zh: '示例数据', en: 'sample data' } : null,
    area: { kind: sel.kind, name: areaName },
    stats,
    low_efficiency_sources: criterionSources(policy.sources),
  };
  if (sel.kind === 'county') {
    const county = { policy, supply: data.landSupply, swap: data.landSwap };
    out.dashboard = computeDashboard({
      parcels: data.parcels,
      enterprises: data.enterprises,
      blocks: data.blocks,
      projects: data.projects,
      targets: policy.targets_2025,
      sources: policy.sources,
      cases: data.cases,
      chains: data.chains && strength ? { chains: data.chains, strength } : null,
      county,
    });
    out.county_rules = countyRules(county.supply, county.swap, policy);
  }
  return out;
}

const f2 = (n: number | null, d = 2) => (n === null ? '—' : n.toFixed(d));
const CRITERION_ZH: Record<LowEfficiencyCriterion, string> = { status: '五类低效状态', tax: '亩均税收低于行业指导值', far: '容积率偏低', dilapidated: '厂房破旧', banned: '淘汰类产业' };
/** A source as a text tag, like the app's: [方案 四(二)], [标准 …], [假设·待县经信局确认]. */
const tagOf = (x: FindingSource | null | undefined): string =>
  x ? `  [${x.kind === 'plan' ? `方案 ${x.clause}` : x.kind === 'standard' ? `标准 ${x.ref}` : `假设·待${x.confirm_with}确认`}]` : '';

function printText(o: StatsOutput, out: (l: string) => void): void {
  const s = o.stats;
  out(`${o.label ? '示例数据 / sample data — ' : ''}${o.area.kind}${o.area.name ? ` ${o.area.name}` : ''}`);
  out(`地块 parcels: ${s.parcel_count}    企业 enterprises: ${s.enterprise_count}    面积 area: ${f2(s.area_mu)} 亩 (planar)`);
  out(`亩 by grade: ${Object.entries(s.mu_by_grade).map(([k, v]) => `${k} ${f2(v)}`).join('  ')}`);
  out(`亩 by status: ${Object.entries(s.mu_by_status).map(([k, v]) => `${k} ${f2(v)}`).join('  ')}`);
  out(`低效用地 low-efficiency: ${f2(s.low_efficiency.mu)} 亩 (five 低效 statuses ${f2(s.low_efficiency.status_mu)}, in blocks ${f2(s.low_efficiency.block_mu)})${s.low_efficiency.rule_mu !== null ? `; failing the low-efficiency rule: ${f2(s.low_efficiency.rule_mu)} 亩` : ''}`);
  const c = s.low_efficiency.criteria;
  if (c) {
    out(`低效用地规则认定 by criterion: ${f2(c.mu)} 亩 (${c.parcel_count} parcels) meet at least one criterion`);
    for (const k of LOW_EFFICIENCY_CRITERIA) {
      const b = c.by[k];
      out(`  ${CRITERION_ZH[k]} ${k}: ${f2(b.mu)} 亩 (${b.parcel_count} parcels), only this criterion ${f2(b.only_mu)} 亩 (${b.only_parcel_count})${tagOf(o.low_efficiency_sources[k])}`);
    }
  }
  out(`亩均税收 tax per mu: ${f2(s.tax_per_mu.value)} 万元/亩    亩均增加值 VA per mu: ${f2(s.va_per_mu.value)} 万元/亩  (${s.evaluated_firms} evaluated firms on ${f2(s.tax_per_mu.land_mu)} 亩)`);
  out(`可腾出 freed if D-grade and low-efficiency parcels were cleared: ${f2(s.freed.mu)} 亩 (${s.freed.parcel_count} parcels)`);
  if (o.dashboard) {
    out('');
    out('2025 目标 targets:');
    for (const r of o.dashboard) {
      const digits = r.value !== null && Number.isInteger(r.value) ? 0 : r.unit.en === 'share' ? 4 : 2;
      const v = r.measurable ? `${f2(r.value, digits)} / ${r.target ?? '—'} ${r.unit.zh}  (${r.progress === null ? '—' : `${(r.progress * 100).toFixed(1)} %`})` : r.reason?.zh ?? '';
      out(`  ${r.label.zh} (${r.key}): ${v}${tagOf(r.target_source)}`);
      for (const f of r.findings ?? []) out(`    ${f.status === 'fail' ? '✗' : f.status === 'pass' ? '✓' : f.status === 'warn' ? '!' : '·'} ${f.message.zh}`);
    }
    out('');
    out('覆盖范围 coverage: 方案中财税、金融、人才、知识产权、科技计划等部分不在本工具范围内，未显示不等于已达标（docs/coverage.md）');
  }
}

export async function runStats(argv: string[], out: (l: string) => void): Promise<number> {
  const flags = parseFlags('stats', argv, { area: 'string', town: 'string', park: 'string', block: 'string', json: 'boolean', data: 'string', policy: 'string' });
  const str = (k: string) => flags.str(k);
  const chosen = ['area', 'town', 'park', 'block'].filter((k) => flags.has(k));
  if (chosen.length > 1) throw new UsageError(`stats: give at most one of --area, --town, --park, --block (got ${chosen.map((k) => `--${k}`).join(', ')})`);
  const dataDir = resolve(str('data') ?? PATHS.dataDir);
  const policyPath = str('policy') ?? PATHS.policy;
  const { policy, strength } = await readPolicyFile(policyPath);
  // Validate the area argument before loading the data, so a bad file is reported as such.
  const areaFile = str('area');
  const areaGeom = areaFile !== undefined ? await readAreaFile(areaFile) : null;
  const data = await loadStatsData(dataDir);
  const names = areaNames(data.parcels);
  let sel: AreaSelector = { kind: 'county' };
  let name: string | null = null;
  const town = str('town');
  const park = str('park');
  const block = str('block');
  if (areaGeom && areaFile) {
    sel = { kind: 'polygon', geometry: areaGeom };
    name = areaFile;
  } else if (town !== undefined) {
    if (!names.towns.includes(town)) throw new Error(`stats: unknown town "${town}"; towns in the data: ${names.towns.join(', ')}`);
    sel = { kind: 'town', name: town };
    name = town;
  } else if (park !== undefined) {
    if (!names.parks.includes(park)) throw new Error(`stats: unknown park "${park}"; parks in the data: ${names.parks.join(', ')}`);
    sel = { kind: 'park', name: park };
    name = park;
  } else if (block !== undefined) {
    if (!data.blocks.some((b) => b.id === block)) throw new Error(`stats: unknown low-efficiency block "${block}"; blocks: ${data.blocks.map((b) => b.id).sort().join(', ')}`);
    sel = { kind: 'block', id: block };
    name = block;
  }
  const o = computeStatsOutput(data, sel, policy, name, strength);
  if (flags.bool('json')) out(JSON.stringify(o));
  else printText(o, out);
  return 0;
}

export const statsCommand: CliCommand = {
  name: 'stats',
  usage: USAGE,
  run: (argv) => runStats(argv, (l) => process.stdout.write(l + '\n')),
};
