// Reading the chain data files (chains.json, demands.json, enterprises.json, parcels) into the shapes the
// strength and ranking functions take. Shared by the CLI and the app so both rank from the same inputs.
import type { AreaGeometry, Chain, Demand, Feature, Grade, Industry, ParcelStatus } from '../data/schema.ts';
import { interiorPoint } from '../geo/index.ts';
import { validateDemand } from './demand-csv.ts';
import type { DemandInput, SiteParcel } from './site-types.ts';
import type { ChainFirm } from './strength.ts';

export interface ChainEnterprise extends ChainFirm {
  industry: Industry | string;
  grade?: Grade | null;
}

function listOf(raw: unknown, key: string, file: string): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (typeof raw === 'object' && raw !== null && Array.isArray((raw as Record<string, unknown>)[key])) return (raw as Record<string, unknown[]>)[key]!;
  throw new Error(`${file}: expected an array or {"${key}": [...]}`);
}

export function parseChainsFile(raw: unknown, file = 'chains.json'): Chain[] {
  return listOf(raw, 'chains', file).map((c, i) => {
    const o = c as Partial<Chain>;
    if (typeof o.id !== 'string' || !Array.isArray(o.links) || !o.name) throw new Error(`${file}: chain ${i + 1} needs id, name and links`);
    for (const [j, l] of o.links.entries()) {
      if (typeof l.id !== 'string' || typeof l.order !== 'number') throw new Error(`${file}: chain ${o.id} link ${j + 1} needs id and order`);
    }
    return o as Chain;
  });
}

/** Shipped demands; an invalid entry is an error naming it (the shipped file is ours to keep correct). */
export function parseDemandsFile(raw: unknown, file = 'demands.json'): Demand[] {
  return listOf(raw, 'demands', file).map((d, i) => {
    const v = validateDemand((d ?? {}) as Record<string, unknown>);
    if (!v.ok) throw new Error(`${file}: entry ${i + 1}: ${v.en.join('; ')}`);
    return v.demand;
  });
}

export function parseEnterprisesFile(raw: unknown, file = 'enterprises.json'): ChainEnterprise[] {
  return listOf(raw, 'enterprises', file).map((e) => {
    const o = e as Record<string, unknown>;
    return {
      id: String(o['id']),
      name: String(o['name'] ?? ''),
      chain: typeof o['chain'] === 'string' ? o['chain'] : null,
      link: typeof o['link'] === 'string' ? o['link'] : null,
      anchor: o['anchor'] === true,
      value_added_10k: typeof o['value_added_10k'] === 'number' ? o['value_added_10k'] : 0,
      revenue_10k: typeof o['revenue_10k'] === 'number' ? o['revenue_10k'] : 0,
      industry: typeof o['industry'] === 'string' ? o['industry'] : 'general',
      grade: (o['grade'] as Grade | null | undefined) ?? null,
    };
  });
}

/** A parcel feature (internal or public fields) as a ranking input. */
export function siteParcelOf(f: Feature<AreaGeometry, Record<string, unknown>>): SiteParcel {
  const p = f.properties;
  const cl = p['control_line'];
  const zone = p['zone'];
  return {
    id: String(p['id']),
    name: typeof p['name'] === 'string' ? p['name'] : String(p['id']),
    point: interiorPoint(f.geometry) as [number, number],
    area_mu: typeof p['area_mu_planar'] === 'number' ? p['area_mu_planar'] : 0,
    status: p['status'] as ParcelStatus,
    grade: (p['grade'] as Grade | null | undefined) ?? null,
    enterprise_id: typeof p['enterprise_id'] === 'string' ? p['enterprise_id'] : null,
    control_line: cl === 1 || cl === 2 ? cl : 0,
    zone: zone === 'central' || zone === 'adjusted-use' ? zone : 'none',
    far_max: typeof p['far_max'] === 'number' ? p['far_max'] : null,
    park: typeof p['park'] === 'string' ? p['park'] : null,
    geometry: f.geometry,
  };
}

/** The most common industry among a chain's firms: what its new projects are assumed to be (FAR minimum). */
export function chainIndustry(chain: string, firms: readonly ChainEnterprise[]): string | undefined {
  const n = new Map<string, number>();
  for (const f of firms) if (f.chain === chain) n.set(String(f.industry), (n.get(String(f.industry)) ?? 0) + 1);
  let best: string | undefined;
  let bestN = 0;
  for (const [k, v] of [...n].sort((a, b) => a[0].localeCompare(b[0]))) if (v > bestN) ((best = k), (bestN = v));
  return best;
}

export function demandInput(d: Demand, firms: readonly ChainEnterprise[]): DemandInput {
  const industry = chainIndustry(d.chain, firms);
  return { id: d.id, chain: d.chain, link: d.link, land_mu: d.land_mu, park: d.park, ...(industry ? { industry } : {}) };
}
