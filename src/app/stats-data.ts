// The internal tables the stats and dashboard panels need beyond what DataStore loads for the map: enterprises.json
// and projects.json, the optional record files (chains.json, land-supply.json, land-swap.json; absent ones are null,
// and the rows they feed say the data cannot measure them — the same files and parsers `tenglong stats` uses). Each
// panel fetches them through DataStore.once, so both panels share one download. The campaign's registers (cases,
// projects with nodes, block plans, 小微企业园, 标准地 agreements) come from CampaignRegisters — the workspace's
// records, or the delivered files without a server — and appCampaignInput() puts it all together through
// campaignInput(), the one assembly `tenglong progress` uses too.
import type { StrengthConfig } from '../lib/chain/config.ts';
import { parseChainsFile } from '../lib/chain/inputs.ts';
import { campaignInput } from '../lib/campaign/input.ts';
import type { CampaignInput } from '../lib/campaign/progress.ts';
import type { Chain, Enterprise, Project } from '../lib/data/schema.ts';
import { parseLandSupply, parseLandSwap, type LandSupplyRecord, type LandSwapRecord } from '../lib/rules/county-rules.ts';
import { APP_CHAINS } from './app-policy.ts';
import type { CampaignRegisters } from './campaign-registers.svelte.ts';
import { dataUrl, fetchJson, fetchOptionalJson } from './data-files.ts';
import type { DataStore, ParcelFeature } from './data-store.svelte.ts';
import { firmLandOf, parseAreaStatsFile, type AreaStatsFile } from '../lib/stats/area-stats.ts';

export interface StatsTables {
  enterprises: Enterprise[];
  projects: Project[];
}

/** The optional record files of the dashboard; null = the file is not there. */
export interface DashboardRecords {
  chains: Chain[] | null;
  supply: LandSupplyRecord[] | null;
  swap: LandSwapRecord[] | null;
}

/** The policy's link-strength thresholds (as `tenglong chains` and `tenglong stats` read them). */
export const CHAIN_STRENGTH: StrengthConfig = APP_CHAINS.strength;

/** A published table: a bare list, or the list under `key` (build-data validated its entries). */
async function table<T>(file: string, key: string): Promise<T[]> {
  const raw = await fetchJson<unknown>(`internal/${file}`);
  if (Array.isArray(raw)) return raw as T[];
  const list = (raw as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) throw new Error(`${dataUrl(`internal/${file}`)}: no "${key}" list`);
  return list as T[];
}

/**
 * The pipeline's folded statistics (internal/area-stats.json: county, towns, parks, blocks), read once per data store
 * and shared by the stats panel, the dashboard and the print page; null for a build without the file.
 */
export function areaStatsOf(data: DataStore): Promise<AreaStatsFile | null> {
  return data.once('area-stats', () => fetchOptionalJson('internal/area-stats.json', parseAreaStatsFile));
}

export async function fetchStatsTables(): Promise<StatsTables> {
  const [enterprises, projects] = await Promise.all([table<Enterprise>('enterprises.json', 'enterprises'), table<Project>('projects.json', 'projects')]);
  return { enterprises, projects };
}

export async function fetchDashboardRecords(): Promise<DashboardRecords> {
  const [chains, supply, swap] = await Promise.all([
    fetchOptionalJson('internal/chains.json', parseChainsFile),
    fetchOptionalJson('internal/land-supply.json', parseLandSupply),
    fetchOptionalJson('internal/land-swap.json', parseLandSwap),
  ]);
  return { chains, supply, swap };
}

/**
 * The campaign's input for the dashboard and the campaign panel: the parcels the registers name (`named`, read by
 * CampaignParcels) and the map's blocks, the tables, the record files and the registers as loaded (a register the
 * county does not keep is null, and the rows it feeds say so). Each firm's county 亩 comes from enterprises.json
 * (`land_mu`, the planar sum the 亩均 evaluation made: firmLandOf), so the county is not read (issue 16); only a
 * table from before that field needs every parcel to sum it.
 */
export function appCampaignInput(
  data: DataStore,
  tables: StatsTables,
  records: DashboardRecords,
  registers: CampaignRegisters,
  named: ReadonlyMap<string, ParcelFeature>,
): CampaignInput {
  const has = registers.present;
  const land = tables.enterprises.every((e) => typeof e.land_mu === 'number') ? firmLandOf(tables.enterprises) : null;
  return campaignInput({
    ...(land ? { parcels: [...named.values()], firmLand: land } : { parcels: data.parcels }),
    enterprises: tables.enterprises,
    blocks: data.blocks.map((b) => b.properties),
    policy: data.policy,
    chains: records.chains ? { chains: records.chains, strength: CHAIN_STRENGTH } : null,
    supply: records.supply,
    swap: records.swap,
    cases: has.case ? registers.data('case') : null,
    projects: registers.data('project'),
    plans: has.block_plan ? registers.data('block_plan') : null,
    parks: has.small_park ? registers.data('small_park') : null,
    agreements: has.standard_land ? registers.data('standard_land') : null,
  });
}
