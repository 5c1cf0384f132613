// Data for a prospect's site page. Reads ONLY `data/public/` (never internal/, by construction: every URL is
// built from PUBLIC below), and only what the page needs: the search index to find the parcel, the parcels
// within a few hundred metres through the FlatGeobuf R-tree (HTTP range requests), the small public layers,
// and partners.json. Independent of DataStore, which loads internal data for the planner map.
import siteConfigJson from '../../data/config/site.json';
import { httpByteSource } from '../lib/data/byte-source.ts';
import { readAllFgb, readFgbBbox, type BBox } from '../lib/data/fgb-read.ts';
import type { AreaGeometry, ControlLineProps, Feature, LowEfficiencyBlockProps, ParcelPublic, PointGeometry, ZoneProps } from '../lib/data/schema.ts';
import { parsePartners, type Partner } from '../lib/share/partners.ts';
import { parseSiteConfig, type SiteConfig } from '../lib/share/site-config.ts';

export const PUBLIC = `${import.meta.env.BASE_URL}data/public/`;

export const siteConfig: SiteConfig = parseSiteConfig(siteConfigJson, 'data/config/site.json');

export interface PublicManifest {
  sample: boolean;
  label: { zh: string; en: string } | null;
  generated_by: string;
  source_hash: string;
  layers: Record<string, { file: string; count: number }>;
}

interface IndexEntry {
  id: string;
  name: string;
  centroid: [number, number];
}

export type SiteParcel = Feature<AreaGeometry, ParcelPublic>;

export interface SiteData {
  manifest: PublicManifest;
  parcel: SiteParcel;
  /** A point inside the parcel (from the index), [lon, lat]. */
  point: [number, number];
  /** Parcels whose bbox meets the neighbourhood box, the site included. */
  neighbours: SiteParcel[];
  /** The neighbourhood box that was read. */
  bbox: BBox;
  controlLines: Feature<AreaGeometry, ControlLineProps>[];
  zones: Feature<AreaGeometry, ZoneProps>[];
  blocks: Feature<AreaGeometry, LowEfficiencyBlockProps>[];
  base: { county: Feature[]; water: Feature[]; roads: Feature[]; towns: Feature<PointGeometry>[] };
  partners: Partner[];
}

export type SiteResult = { status: 'ok'; data: SiteData } | { status: 'not-found'; id: string };

async function get(name: string): Promise<Response> {
  const res = await fetch(PUBLIC + name);
  if (!res.ok) throw new Error(`${PUBLIC + name}: HTTP ${res.status}`);
  return res;
}

async function fgbAll<P>(name: string): Promise<Feature<AreaGeometry, P>[]> {
  const bytes = new Uint8Array(await (await get(name)).arrayBuffer());
  return readAllFgb(bytes, PUBLIC + name) as unknown as Feature<AreaGeometry, P>[];
}

function isIndexEntry(v: unknown): v is IndexEntry {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  const c = r['centroid'];
  return typeof r['id'] === 'string' && Array.isArray(c) && c.length === 2 && c.every((n) => typeof n === 'number' && Number.isFinite(n));
}

/** A box of ±`metres` around a point, in degrees (1° latitude ≈ 111.32 km; longitude shrinks with cos φ). */
export function boxAround([lon, lat]: [number, number], metres: number): BBox {
  const dLat = metres / 111_320;
  const dLon = metres / (111_320 * Math.cos((lat * Math.PI) / 180));
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}

export async function loadSite(id: string): Promise<SiteResult> {
  const [manifest, index, partnersRaw] = await Promise.all([
    get('manifest.json').then((r) => r.json() as Promise<PublicManifest>),
    get('parcels-index.json').then((r) => r.json() as Promise<unknown>),
    // A deployment built before partners.json existed still shows the site, just without partners.
    fetch(PUBLIC + 'partners.json').then((r) => (r.ok ? (r.json() as Promise<unknown>) : [])).catch(() => []),
  ]);
  const entry = (Array.isArray(index) ? index : []).find((e): e is IndexEntry => isIndexEntry(e) && e.id === id);
  if (!entry) return { status: 'not-found', id };

  const bbox = boxAround(entry.centroid, siteConfig.neighbourhood_m);
  const optional = async (name: string): Promise<Feature[]> => (manifest.layers[name] ? fgbAll<Record<string, unknown>>(`${name}.fgb`) : []);
  const [near, controlLines, zones, blocks, county, water, roads, towns] = await Promise.all([
    readFgbBbox(httpByteSource(PUBLIC + 'parcels.fgb'), bbox) as unknown as Promise<SiteParcel[]>,
    fgbAll<ControlLineProps>('control-lines.fgb'),
    fgbAll<ZoneProps>('zones.fgb'),
    fgbAll<LowEfficiencyBlockProps>('low-efficiency-blocks.fgb'),
    optional('base-county'),
    optional('base-water'),
    optional('base-roads'),
    optional('base-towns'),
  ]);
  const parcel = near.find((p) => p.properties.id === id);
  if (!parcel) return { status: 'not-found', id };
  return {
    status: 'ok',
    data: {
      manifest,
      parcel,
      point: entry.centroid,
      neighbours: near,
      bbox,
      controlLines,
      zones,
      blocks,
      base: { county, water, roads, towns: towns as unknown as Feature<PointGeometry>[] },
      partners: parsePartners(partnersRaw),
    },
  };
}
