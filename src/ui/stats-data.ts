// The internal tables the stats and dashboard panels need beyond DataStore (enterprises.json, projects.json), fetched
// once per page and shared by both panels. A refused internal/ path (no login) rejects the promise. The dashboard
// also reads the optional record files (chains.json, cases.json): absent ones are null, and the rows they feed say
// the data cannot measure them — the same files and parsers `tenglong stats` uses.
import policyJson from '../../data/policy/ninghai-2021-2025.json';
import { parseChainConfig, type StrengthConfig } from '../lib/chain/config.ts';
import { parseChainsFile } from '../lib/chain/inputs.ts';
import { parseCasesFile } from '../lib/data/records.ts';
import type { Chain, Enterprise, LowEfficiencyCase, Project } from '../lib/data/schema.ts';

export interface StatsTables {
  enterprises: Enterprise[];
  projects: Project[];
}

/** The optional record files of the dashboard; null = the file is not there. */
export interface DashboardRecords {
  chains: Chain[] | null;
  cases: LowEfficiencyCase[] | null;
}

/** The policy's link-strength thresholds (as `tenglong chains` and `tenglong stats` read them). */
export const CHAIN_STRENGTH: StrengthConfig = parseChainConfig(policyJson, 'data/policy/ninghai-2021-2025.json').strength;

let pending: Promise<StatsTables> | null = null;
let pendingRecords: Promise<DashboardRecords> | null = null;

const urlOf = (file: string) => `${import.meta.env.BASE_URL}data/internal/${file}`;

async function get<T>(file: string, key: string): Promise<T[]> {
  const url = urlOf(file);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const raw = (await res.json()) as unknown;
  if (Array.isArray(raw)) return raw as T[];
  const list = (raw as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) throw new Error(`${url}: no "${key}" list`);
  return list as T[];
}

/** An internal JSON file, or null when it is not there (HTTP 404, or a non-JSON fallback page). */
export async function optionalJson<T>(file: string, parse: (raw: unknown, file: string) => T): Promise<T | null> {
  const u = urlOf(file);
  const res = await fetch(u);
  if (res.status === 404 || !(res.headers.get('content-type') ?? '').includes('json')) return null;
  if (!res.ok) throw new Error(`${u}: HTTP ${res.status}`);
  return parse((await res.json()) as unknown, u);
}

export function loadStatsTables(): Promise<StatsTables> {
  pending ??= Promise.all([get<Enterprise>('enterprises.json', 'enterprises'), get<Project>('projects.json', 'projects')]).then(
    ([enterprises, projects]) => ({ enterprises, projects }),
    (e: unknown) => {
      pending = null;
      throw e;
    },
  );
  return pending;
}

export function loadDashboardRecords(): Promise<DashboardRecords> {
  pendingRecords ??= Promise.all([optionalJson('chains.json', parseChainsFile), optionalJson('cases.json', parseCasesFile)]).then(
    ([chains, cases]) => ({ chains, cases }),
    (e: unknown) => {
      pendingRecords = null;
      throw e;
    },
  );
  return pendingRecords;
}
