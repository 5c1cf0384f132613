// `tenglong sites --demand ID [--top N] [--json] [--area W,S,E,N]`: ranked candidate sites for one 招引需求 (within
// an area: site-area.ts), with the score parts
// and any rule that would block each site. A site may be several neighbouring parcels combined (`members`). Reads public/data/internal (parcels with grades, enterprises,
// chains, demands) and the public zones/control lines for the rule check.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseChainConfig, type ChainConfig } from '../src/lib/chain/config.ts';
import { parseDemandCsv, parseDemandJson } from '../src/lib/chain/demand-csv.ts';
import { demandInput, parseChainsFile, parseDemandsFile, parseEnterprisesFile, siteParcelOf, type ChainEnterprise } from '../src/lib/chain/inputs.ts';
import { rankSites } from '../src/lib/chain/rank.ts';
import { buildSiteIndex } from '../src/lib/chain/site-index.ts';
import { collectSites } from '../src/lib/chain/site-stream.ts';
import { siteAreaParam } from '../src/lib/url/params.ts';
import type { SiteRanking } from '../src/lib/chain/site-types.ts';
import { readAllFgb } from '../src/lib/data/fgb-read.ts';
import type { AreaGeometry, Chain, ControlLineProps, Demand, Feature, ZoneProps } from '../src/lib/data/schema.ts';
import { buildRuleLayers } from '../src/lib/rules/check.ts';
import { parsePolicy, type Policy } from '../src/lib/rules/policy.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliCommand } from './commands.ts';
import { PATHS } from './paths.ts';

export const CHAIN_DEFAULTS = { data: PATHS.dataDir, policy: PATHS.policy };

async function readJson(path: string): Promise<unknown> {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npx tenglong ensure-data\` or pass --data DIR`);
  try {
    return JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(`${path}: cannot read JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}
async function readFgb<P>(path: string): Promise<Feature<AreaGeometry, P>[]> {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npx tenglong ensure-data\` or pass --data DIR`);
  return readAllFgb(new Uint8Array(await readFile(path))) as unknown as Feature<AreaGeometry, P>[];
}

export interface ChainData {
  policy: Policy;
  config: ChainConfig;
  chains: Chain[];
  demands: Demand[];
  firms: ChainEnterprise[];
}

export async function loadChainData(dataDir: string, policyPath: string): Promise<ChainData> {
  const rawPolicy = await readJson(policyPath);
  const internal = join(dataDir, 'internal');
  return {
    policy: parsePolicy(rawPolicy, policyPath),
    config: parseChainConfig(rawPolicy, policyPath),
    chains: parseChainsFile(await readJson(join(internal, 'chains.json')), join(internal, 'chains.json')),
    demands: parseDemandsFile(await readJson(join(internal, 'demands.json')), join(internal, 'demands.json')),
    firms: parseEnterprisesFile(await readJson(join(internal, 'enterprises.json')), join(internal, 'enterprises.json')),
  };
}

export async function runSites(argv: string[], out: (s: string) => void): Promise<number> {
  const flags = parseFlags('sites', argv, { demand: 'string', top: 'string', json: 'boolean', data: 'string', policy: 'string', demands: 'string', area: 'string' });
  const id = flags.str('demand');
  if (id === undefined || id === '') throw new UsageError('sites: --demand ID is required (an id from demands.json, e.g. D-004)');
  const topRaw = flags.str('top');
  let top = 10;
  if (topRaw !== undefined) {
    if (!/^[1-9]\d{0,3}$/.test(topRaw)) throw new UsageError(`sites: --top must be a whole number from 1 to 9999, got "${topRaw}"`);
    top = Number(topRaw);
  }
  // The app's `sa=` (site-area.ts): the same reading of the box.
  const areaRaw = flags.str('area');
  const area = areaRaw === undefined ? null : siteAreaParam.parse(areaRaw);
  if (area === undefined || (areaRaw !== undefined && area === null)) {
    throw new UsageError(`sites: --area must be west,south,east,north in degrees with west < east and south < north, got "${areaRaw ?? ''}"`);
  }
  const dataDir = flags.str('data') ?? CHAIN_DEFAULTS.data;
  const policyPath = flags.str('policy') ?? CHAIN_DEFAULTS.policy;
  const d = await loadChainData(dataDir, policyPath);
  let demands = d.demands;
  const file = flags.str('demands');
  if (file !== undefined) {
    if (!existsSync(file)) throw new Error(`${file}: no such file`);
    const text = await readFile(file, 'utf8');
    const known = { hasChain: (c: string) => d.chains.some((x) => x.id === c), has: (c: string, l: string) => d.chains.some((x) => x.id === c && x.links.some((k) => k.id === l)) };
    const r = file.toLowerCase().endsWith('.csv') ? parseDemandCsv(text, known) : parseDemandJson(text, known);
    if (r.errors.length) throw new Error(`${file}:\n${r.errors.map((e) => '  ' + e.message.en).join('\n')}`);
    demands = r.demands;
  }
  const demand = demands.find((x) => x.id === id);
  if (!demand) throw new Error(`sites: no demand "${id}" (known: ${demands.map((x) => x.id).join(', ')})`);
  const [parcels, zones, lines] = await Promise.all([
    readFgb<Record<string, unknown>>(join(dataDir, 'internal', 'parcels.fgb')),
    readFgb<ZoneProps>(join(dataDir, 'public', 'zones.fgb')),
    readFgb<ControlLineProps>(join(dataDir, 'public', 'control-lines.fgb')),
  ]);
  const inputs = area ? (await collectSites(parcels, d.firms, d.config.ranking, area)).parcels : parcels.map(siteParcelOf);
  const index = buildSiteIndex(inputs, d.firms, d.chains, d.config.ranking);
  const r: SiteRanking = rankSites(index, demandInput(demand, d.firms), { top, policy: d.policy, layers: buildRuleLayers(zones, lines), cfg: d.config.ranking });
  if (flags.bool('json')) {
    out(JSON.stringify({ demand, area, ...r }));
    return 0;
  }
  out(`${demand.id} ${demand.chain}/${demand.link}  ${demand.land_mu} 亩  ${demand.investment_100m} 亿元  ${demand.park ?? '—'}  (示例数据 / sample data)`);
  if (area) out(`within ${area.join(',')} (west,south,east,north; chain partners counted within ${d.config.ranking.distance_zero_km} km)`);
  out(`area window ${r.area_window_mu[0].toFixed(1)}–${r.area_window_mu[1].toFixed(1)} 亩, FAR needed ${r.need_far.toFixed(1)}, pool ${r.pool}, fitting alone ${r.area_fit}, smaller parcels that could be combined ${r.assembly_seeds ?? 0}, combined sites built ${r.assembled ?? 0}${r.assembled_complete ? ' (all)' : ' (only those that could reach the top)'}`);
  if (r.empty_reason) out(`no site: ${r.empty_reason.zh} / ${r.empty_reason.en}`);
  for (const c of r.candidates) {
    const site = c.members.length > 1 ? `拼合 ${c.members.length} 宗 / ${c.members.length} parcels combined: ${c.members.join(' + ')}` : `${c.parcel_id} ${c.name}`;
    const shared = c.variants ? `  (另有 ${c.variants} 种共用地块的拼合方案 / ${c.variants} more combination${c.variants === 1 ? '' : 's'} sharing its parcels)` : '';
    out(`#${c.rank} ${site}  ${c.area_mu.toFixed(2)} 亩  score ${c.score.toFixed(1)}/${r.max_score}${shared}`);
    for (const p of c.parts) out(`    ${p.part.padEnd(12)} ${p.points.toFixed(1).padStart(5)} / ${p.weight}  ${p.detail.zh}`);
  }
  for (const c of r.blocked) out(`blocked ${c.parcel_id} score ${c.score.toFixed(1)}: ${c.blocking.map((f) => `${f.rule} ${f.message.zh}`).join('; ')}`);
  return 0;
}

export const sitesCommand: CliCommand = {
  name: 'sites',
  usage: 'sites --demand ID [--top N] [--json] [--demands F.csv|json] [--area W,S,E,N] [--data DIR] [--policy F]\n                                                           ranked candidate sites for a 招引需求 with score parts',
  run: (argv) => runSites(argv, (s) => console.log(s)),
};
