// Data for a prospect's site page. Reads ONLY `data/public/` (never internal/, by construction: every URL is
// built from PUBLIC below), and only what the page needs: the search index to find the parcel, the parcels
// within a few hundred metres through the FlatGeobuf R-tree (HTTP range requests), the small public layers,
// and partners.json. Independent of DataStore, which loads internal data for the planner map.
import siteConfigJson from '../../data/config/site.json';
import { httpByteSource } from '../lib/data/byte-source.ts';
import { readFgbBbox, type BBox } from '../lib/data/fgb-read.ts';
import type { AreaGeometry, Feature, ParcelPublic } from '../lib/data/schema.ts';
import { DATA_BASE, fetchJson, fetchOptionalJson, loadContextLayers, type ContextLayers, type Manifest } from '../app/data-files.ts';
import { parsePartners, type Partner } from '../lib/share/partners.ts';
import { parseSiteConfig, type SiteConfig } from '../lib/share/site-config.ts';

export const PUBLIC = `${DATA_BASE}public/`;

export const siteConfig: SiteConfig = parseSiteConfig(siteConfigJson, 'data/config/site.json');

interface IndexEntry {
  id: string;
  name: string;
  centroid: [number, number];
}

export type SiteParcel = Feature<AreaGeometry, ParcelPublic>;

export interface SiteData extends ContextLayers {
  manifest: Manifest;
  parcel: SiteParcel;
  /** A point inside the parcel (from the index), [lon, lat]. */
  point: [number, number];
  /** Parcels whose bbox meets the neighbourhood box, the site included. */
  neighbours: SiteParcel[];
  /** The neighbourhood box that was read. */
  bbox: BBox;
  partners: Partner[];
}

export type SiteResult = { status: 'ok'; data: SiteData } | { status: 'not-found'; id: string };

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
    fetchJson<Manifest>('public/manifest.json'),
    fetchJson<unknown>('public/parcels-index.json'),
    // A deployment built before partners.json existed still shows the site, just without partners.
    fetchOptionalJson('public/partners.json', (raw) => raw).catch(() => null),
  ]);
  const entry = (Array.isArray(index) ? index : []).find((e): e is IndexEntry => isIndexEntry(e) && e.id === id);
  if (!entry) return { status: 'not-found', id };

  const bbox = boxAround(entry.centroid, siteConfig.neighbourhood_m);
  const [near, context] = await Promise.all([
    readFgbBbox(httpByteSource(PUBLIC + 'parcels.fgb'), bbox) as unknown as Promise<SiteParcel[]>,
    loadContextLayers(manifest),
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
      ...context,
      partners: parsePartners(partnersRaw ?? []),
    },
  };
}
