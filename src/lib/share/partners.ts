// Chain partners a prospect may see: firm names and their chain link, placed at a point inside their largest
// parcel. By design nothing else about a firm is public (no figure, grade, credit code, industry code).
// The pipeline writes this list to public/partners.json; the site page reads it and keeps those within reach.
import { haversineKm } from '../geo/distance.ts';
import { interiorPoint } from '../geo/interior-point.ts';
import type { AreaGeometry, Feature } from '../data/schema.ts';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface Partner {
  name: string;
  chain: string;
  link: string;
  lon: number;
  lat: number;
  /** Display names of the chain and link (from chains.json), when known. */
  chain_name?: Bilingual;
  link_name?: Bilingual;
}

/** The only keys a partners.json entry may carry. */
export const PARTNER_FIELDS = ['name', 'chain', 'link', 'lon', 'lat', 'chain_name', 'link_name'] as const;

function isBilingual(v: unknown): v is Bilingual {
  return isRecord(v) && typeof v['zh'] === 'string' && typeof v['en'] === 'string';
}

/** Chain and link display names from a chains.json value (`{chains: [{id, name, links: [{id, name}]}]}`). */
export function chainNames(raw: unknown): { chains: Map<string, Bilingual>; links: Map<string, Bilingual> } {
  const chains = new Map<string, Bilingual>();
  const links = new Map<string, Bilingual>();
  const list = isRecord(raw) ? raw['chains'] : raw;
  if (Array.isArray(list)) {
    for (const c of list) {
      if (!isRecord(c) || typeof c['id'] !== 'string') continue;
      if (isBilingual(c['name'])) chains.set(c['id'], { zh: c['name'].zh, en: c['name'].en });
      for (const l of Array.isArray(c['links']) ? c['links'] : []) {
        if (isRecord(l) && typeof l['id'] === 'string' && isBilingual(l['name'])) links.set(l['id'], { zh: l['name'].zh, en: l['name'].en });
      }
    }
  }
  return { chains, links };
}

interface FirmLike {
  id: string;
  name: string;
  chain: string | null;
  link: string | null;
}
interface ParcelLike {
  enterprise_id: string | null;
  area_mu_planar: number;
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/**
 * The largest parcel (planar 亩) of each firm, seen one parcel at a time (the pipeline streams its parcels); ties keep
 * the first seen. Only the interior point is kept, not the geometry.
 */
export class LargestParcels {
  private readonly best = new Map<string, { mu: number; at: [number, number] }>();
  see(p: ParcelLike, geometry: AreaGeometry): void {
    const id = p.enterprise_id;
    if (!id) return;
    const cur = this.best.get(id);
    if (cur && !(p.area_mu_planar > cur.mu)) return;
    const [lon, lat] = interiorPoint(geometry);
    this.best.set(id, { mu: p.area_mu_planar, at: [lon, lat] });
  }

  /**
   * One entry per firm that is in a chain (chain and link both set) and holds at least one parcel, located at the
   * interior point of its largest parcel. Sorted by firm id so the file is reproducible.
   */
  partners(firms: readonly FirmLike[], chainsJson?: unknown): Partner[] {
    const names = chainNames(chainsJson);
    const out: Partner[] = [];
    for (const f of [...firms].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      if (!f.chain || !f.link) continue;
      const parcel = this.best.get(f.id);
      if (!parcel) continue;
      const entry: Partner = { name: f.name, chain: f.chain, link: f.link, lon: round6(parcel.at[0]), lat: round6(parcel.at[1]) };
      const cn = names.chains.get(f.chain);
      const ln = names.links.get(f.link);
      if (cn) entry.chain_name = cn;
      if (ln) entry.link_name = ln;
      out.push(entry);
    }
    return out;
  }
}

/** Partners of a parcel list held in memory (see LargestParcels.partners). */
export function buildPartners(parcels: readonly Feature<AreaGeometry, ParcelLike>[], firms: readonly FirmLike[], chainsJson?: unknown): Partner[] {
  const largest = new LargestParcels();
  for (const p of parcels) largest.see(p.properties, p.geometry);
  return largest.partners(firms, chainsJson);
}

export interface NearbyPartner extends Partner {
  km: number;
}

/**
 * Partners within `radiusKm` of `site`, nearest first, at most `perChain` per chain (so one big chain does
 * not crowd out the others); chains listed in `preferChains` come first, then the others by their nearest firm.
 */
export function partnersWithin(
  site: readonly [number, number],
  partners: readonly Partner[],
  radiusKm: number,
  perChain: number,
  preferChains: readonly string[] = [],
): { chain: string; partners: NearbyPartner[] }[] {
  const byChain = new Map<string, NearbyPartner[]>();
  for (const p of partners) {
    const km = haversineKm(site, [p.lon, p.lat]);
    if (!(km <= radiusKm)) continue;
    const list = byChain.get(p.chain) ?? [];
    list.push({ ...p, km });
    byChain.set(p.chain, list);
  }
  const groups = [...byChain.entries()].map(([chain, list]) => ({
    chain,
    partners: list.sort((a, b) => a.km - b.km || (a.name < b.name ? -1 : 1)).slice(0, Math.max(0, perChain)),
  }));
  const rank = (c: string): number => {
    const i = preferChains.indexOf(c);
    return i === -1 ? preferChains.length : i;
  };
  return groups.sort((a, b) => rank(a.chain) - rank(b.chain) || a.partners[0]!.km - b.partners[0]!.km);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads partners.json defensively: entries of the wrong shape are dropped, extra keys are not copied. */
export function parsePartners(raw: unknown): Partner[] {
  if (!Array.isArray(raw)) return [];
  const out: Partner[] = [];
  for (const r of raw) {
    if (!isRecord(r)) continue;
    const { name, chain, link, lon, lat } = r;
    if (typeof name !== 'string' || typeof chain !== 'string' || typeof link !== 'string') continue;
    if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    const p: Partner = { name, chain, link, lon, lat };
    if (isBilingual(r['chain_name'])) p.chain_name = { zh: r['chain_name'].zh, en: r['chain_name'].en };
    if (isBilingual(r['link_name'])) p.link_name = { zh: r['link_name'].zh, en: r['link_name'].en };
    out.push(p);
  }
  return out;
}
