// The internal tables the stats and dashboard panels need beyond what DataStore loads for the map: enterprises.json
// and projects.json, the optional record files (chains.json, cases.json, land-supply.json, land-swap.json; absent
// ones are null, and the rows they feed say the data cannot measure them — the same files and parsers
// `tenglong stats` uses). Each panel fetches them through DataStore.once, so both panels share one download.
import policyJson from '../../data/policy/ninghai-2021-2025.json';
import { parseChainConfig, type StrengthConfig } from '../lib/chain/config.ts';
import { parseChainsFile } from '../lib/chain/inputs.ts';
import { parseCasesFile } from '../lib/data/records.ts';
import type { Chain, Enterprise, LowEfficiencyCase, Project } from '../lib/data/schema.ts';
import { parseLandSupply, parseLandSwap, type LandSupplyRecord, type LandSwapRecord } from '../lib/rules/county-rules.ts';
import { DATA_BASE, fetchJson, fetchOptionalJson } from './data-files.ts';

export interface StatsTables {
  enterprises: Enterprise[];
  projects: Project[];
}

/** The optional record files of the dashboard; null = the file is not there. */
export interface DashboardRecords {
  chains: Chain[] | null;
  cases: LowEfficiencyCase[] | null;
  supply: LandSupplyRecord[] | null;
  swap: LandSwapRecord[] | null;
}

/** The policy's link-strength thresholds (as `tenglong chains` and `tenglong stats` read them). */
export const CHAIN_STRENGTH: StrengthConfig = parseChainConfig(policyJson, 'data/policy/ninghai-2021-2025.json').strength;

/** A published table: a bare list, or the list under `key` (build-data validated its entries). */
async function table<T>(file: string, key: string): Promise<T[]> {
  const raw = await fetchJson<unknown>(`internal/${file}`);
  if (Array.isArray(raw)) return raw as T[];
  const list = (raw as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) throw new Error(`${DATA_BASE}internal/${file}: no "${key}" list`);
  return list as T[];
}

export async function fetchStatsTables(): Promise<StatsTables> {
  const [enterprises, projects] = await Promise.all([table<Enterprise>('enterprises.json', 'enterprises'), table<Project>('projects.json', 'projects')]);
  return { enterprises, projects };
}

export async function fetchDashboardRecords(): Promise<DashboardRecords> {
  const [chains, cases, supply, swap] = await Promise.all([
    fetchOptionalJson('internal/chains.json', parseChainsFile),
    fetchOptionalJson('internal/cases.json', parseCasesFile),
    fetchOptionalJson('internal/land-supply.json', parseLandSupply),
    fetchOptionalJson('internal/land-swap.json', parseLandSwap),
  ]);
  return { chains, cases, supply, swap };
}
