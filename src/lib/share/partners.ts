// Chain partners a prospect may see: firm names and their chain link, placed at a point inside their largest
// parcel. By design nothing else about a firm is public (no figure, grade, credit code, industry code).
// The pipeline writes this list to public/partners.fgb (points, an indexed FlatGeobuf); the site page reads the
// partners in the box around its parcel by range requests (readPartnersNear: a page does not grow with the territory,
// issue 16) and keeps those within reach.
import type { ByteSource } from '../data/byte-source.ts';
import { memoByteSource } from '../data/by-ids.ts';
import { readFgbBbox, readFgbHeader, type BBox } from '../data/fgb-read.ts';
import { writeIndexedFgb } from '../data/fgb-write.ts';
import { haversineKm, MEAN_EARTH_RADIUS_KM } from '../geo/distance.ts';
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

/** The only keys a partner may carry (in partners.fgb: name, chain and link per point, the display names in the header). */
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

/** Reads partner records defensively: entries of the wrong shape are dropped, extra keys are not copied. */
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

/** The name of the partners file in public/ (written by build-data, read by the site page). */
export const PARTNERS_FILE = 'partners.fgb';

/** The chain and link display names, once per file (the FlatGeobuf header's metadata), not once per firm. */
interface PartnerNames {
  chains: Record<string, Bilingual>;
  links: Record<string, Bilingual>;
}

/**
 * partners.fgb: one point per partner with its name, chain and link (lon and lat are the point), indexed for box reads;
 * the chains' and links' display names in the header's metadata.
 */
export function writePartnersFgb(partners: readonly Partner[]): Uint8Array {
  const names: PartnerNames = { chains: {}, links: {} };
  const features = partners.map((p) => {
    if (p.chain_name) names.chains[p.chain] = p.chain_name;
    if (p.link_name) names.links[p.link] = p.link_name;
    const geometry = { type: 'Point' as const, coordinates: [p.lon, p.lat] as [number, number] };
    return { type: 'Feature' as const, geometry, properties: { name: p.name, chain: p.chain, link: p.link } };
  });
  return writeIndexedFgb(features, { name: 'partners', metadata: JSON.stringify(names) });
}

/** The display names of a partners.fgb header's metadata; none for missing or malformed metadata. */
function parsePartnerNames(metadata: string | null): { chains: Map<string, Bilingual>; links: Map<string, Bilingual> } {
  const names = { chains: new Map<string, Bilingual>(), links: new Map<string, Bilingual>() };
  let raw: unknown = null;
  try {
    raw = metadata ? JSON.parse(metadata) : null;
  } catch {
    return names;
  }
  if (!isRecord(raw)) return names;
  for (const key of ['chains', 'links'] as const) {
    const table = raw[key];
    if (!isRecord(table)) continue;
    for (const [id, v] of Object.entries(table)) if (isBilingual(v)) names[key].set(id, { zh: v.zh, en: v.en });
  }
  return names;
}

/**
 * Partner records from partners.fgb features (the point's coordinates become lon and lat; odd features are dropped),
 * named from the header's `metadata` (readFgbHeader).
 */
export function partnersFromFeatures(features: readonly Feature[], metadata: string | null): Partner[] {
  const names = parsePartnerNames(metadata);
  return parsePartners(
    features.flatMap((f) => (f.geometry.type === 'Point' ? [{ ...f.properties, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }] : [])),
  ).map((p) => {
    const cn = names.chains.get(p.chain);
    const ln = names.links.get(p.link);
    return { ...p, ...(cn ? { chain_name: cn } : {}), ...(ln ? { link_name: ln } : {}) };
  });
}

/**
 * The smallest lon/lat box holding every point within `radiusKm` (great-circle, as haversineKm) of `site`: ± the
 * angular radius in latitude, and in longitude the widest the circle gets, asin(sin δ / cos φ) (at the site's own
 * latitude, not the box's edge). A circle reaching a pole takes every longitude. Widened by 1e-9° against rounding.
 */
export function partnerBox(site: readonly [number, number], radiusKm: number): BBox {
  const deg = 180 / Math.PI;
  const delta = Math.max(0, radiusKm) / MEAN_EARTH_RADIUS_KM;
  const dLat = delta * deg + 1e-9;
  const phi = site[1] / deg;
  const s = Math.sin(Math.min(delta, Math.PI / 2)) / Math.cos(phi);
  if (Math.abs(site[1]) + dLat >= 90 || s >= 1) return [-180, Math.max(-90, site[1] - dLat), 180, Math.min(90, site[1] + dLat)];
  const dLon = Math.asin(s) * deg + 1e-9;
  return [site[0] - dLon, site[1] - dLat, site[0] + dLon, site[1] + dLat];
}

/** The partners in the box around `site` that holds everything within `radiusKm`, read by ranges of partners.fgb. */
export async function readPartnersNear(source: ByteSource, site: readonly [number, number], radiusKm: number): Promise<Partner[]> {
  // The header is read twice (its names, then the box read), from memory the second time.
  const memo = memoByteSource(source);
  const [header, features] = await Promise.all([readFgbHeader(memo), readFgbBbox(memo, partnerBox(site, radiusKm))]);
  return partnersFromFeatures(features, header.metadata);
}
