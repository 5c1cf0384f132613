// Data for a prospect's site page. Reads ONLY `data/public/` (never internal/, by construction: every URL below is
// a `public/…` path), and only what the page needs, whatever the county's size (issue 16): the parcel's id shard
// (public/ids/<n>.json, a few KB) to find it, the parcel itself through the FlatGeobuf R-tree (HTTP range requests),
// its neighbourhood and the other layers from the public vector tiles (range requests too; the layers as features only
// for a build without context tiles), and the chain partners around it (partners.fgb, range requests).
// Independent of DataStore, which loads internal data for the planner map.
import siteConfigJson from '../../data/config/site.json';
import { BASEMAPS } from '../app/basemaps.ts';
import { publicBasemap } from '../lib/basemap/public.ts';
import type { Basemap } from '../lib/basemap/types.ts';
import { ParcelLookup, dataFileUrl } from '../app/parcel-lookup.ts';
import { parcelTiles, type ParcelTiles } from '../map/layers/parcel-tiles.ts';
import { contextTiles, type ContextTiles } from '../map/layers/context-tiles.ts';
import type { AreaGeometry, Feature, ParcelPublic } from '../lib/data/schema.ts';
import { fetchJson, loadContextLayers, type ContextLayers, type Manifest } from '../app/data-files.ts';
import { PARTNERS_FILE, readPartnersNear, type Partner } from '../lib/share/partners.ts';
import { httpByteSource } from '../lib/data/byte-source.ts';
import { parseSiteConfig, type SiteConfig } from '../lib/share/site-config.ts';


export const siteConfig: SiteConfig = parseSiteConfig(siteConfigJson, 'data/config/site.json');

/** The prospect page's basemap: the first configured one marked public (an internal-only one never shows here). */
export const siteBasemap: Basemap | null = publicBasemap(BASEMAPS.basemaps);

export type SiteParcel = Feature<AreaGeometry, ParcelPublic>;

export interface SiteData {
  manifest: Manifest;
  parcel: SiteParcel;
  /** A point inside the parcel (from its id shard), [lon, lat]. */
  point: [number, number];
  /** The public tile archive the map draws the neighbourhood from (the same tiles at any county size). */
  tiles: ParcelTiles;
  /** Zones, control lines, blocks and base: the build's context tiles, or its layer files for a build without them. */
  context: { kind: 'tiles'; tiles: ContextTiles } | { kind: 'features'; layers: ContextLayers };
  partners: Partner[];
}

export type SiteResult = { status: 'ok'; data: SiteData } | { status: 'not-found'; id: string };

export async function loadSite(id: string): Promise<SiteResult> {
  const manifest = await fetchJson<Manifest>('public/manifest.json');
  const tiles = manifest.layers['parcels']?.tiles;
  const ct = manifest.context_tiles;
  const lookup = new ParcelLookup(manifest);
  // The id shard says where the parcel is; the partners around it are read while the parcel itself is (the lookup
  // keeps the shard, so `feature` does not read it again).
  const entry = await lookup.entry(id);
  const [found, context, partners] = await Promise.all([
    entry ? lookup.feature<ParcelPublic>(id, 'public') : null,
    ct
      ? ({ kind: 'tiles', tiles: contextTiles(dataFileUrl(`public/${ct.file}`, manifest), ct) } as const)
      : loadContextLayers(manifest).then((layers) => ({ kind: 'features', layers }) as const),
    entry ? loadPartners(manifest, entry.point) : [],
  ]);
  // A build without tiles or id shards (before issue 16) cannot show a site: it is rebuilt, not read the old way.
  if (!found || !tiles) return { status: 'not-found', id };
  return {
    status: 'ok',
    data: {
      manifest,
      parcel: found.feature,
      point: found.entry.point,
      tiles: parcelTiles(dataFileUrl(`public/${tiles.file}`, manifest), tiles),
      context,
      partners,
    },
  };
}

/**
 * The chain partners that can be within reach of `point`: those in the box around it read by ranges of partners.fgb.
 * A build that lists no partners file (before there was one, or before it was indexed) shows the site without them;
 * so does a partners file that cannot be read, which must not keep a prospect from the parcel.
 */
async function loadPartners(manifest: Manifest, point: [number, number]): Promise<Partner[]> {
  if (!manifest.files?.includes(PARTNERS_FILE)) return [];
  try {
    return await readPartnersNear(httpByteSource(dataFileUrl(`public/${PARTNERS_FILE}`, manifest)), point, siteConfig.partners_radius_km);
  } catch {
    return [];
  }
}
