// The one loader of published data files, for the planner map (DataStore) and the prospect page (site-data.ts):
// fetch `public/…` or `internal/…` from the folders index.html configures (dataUrl below; a missing file, or an SPA
// server's index.html in its place, is an HttpError), read a whole FlatGeobuf or JSON file, and load the small
// context layers both maps draw. What each page reads beyond that (internal parcels with a public fallback; one
// parcel's neighbourhood by range requests) stays with it.
import { readAllFgb } from '../lib/data/fgb-read.ts';
import type { SearchShardsSpec } from '../lib/data/search-shards.ts';
import type { SitesFileSpec } from '../lib/chain/sites-file.ts';
import { fetchDataUrl, HttpError } from './fetch-data-url.ts';
import type { AreaGeometry, ControlLineProps, Feature, LowEfficiencyBlockProps, PointGeometry, ZoneProps } from '../lib/data/schema.ts';
import { DATA_URL_META, dataFileUrl, dataRootUrl, INTERNAL_URL_META, resolveDataUrls, type DataUrls } from '../lib/share/data-url.ts';

/**
 * Where the data is, read once from index.html's `<meta name="tenglong-data-url">` (and the optional
 * `tenglong-internal-url`), resolved against the page: configuration, not a build constant (docs/deployment.md,
 * "Data on an object store or CDN"). A value it cannot use does not stop the module: every read throws its message.
 */
function readDataUrls(): { urls: DataUrls; problem: Error | null } {
  const meta = (name: string): string | null => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? null;
  try {
    return { urls: resolveDataUrls(meta(DATA_URL_META), meta(INTERNAL_URL_META), document.baseURI), problem: null };
  } catch (e) {
    const problem = e instanceof Error ? e : new Error(String(e));
    console.error(`tenglong: ${problem.message}`);
    return { urls: { public: 'about:invalid/public/', internal: 'about:invalid/internal/' }, problem };
  }
}
const config = readDataUrls();

/** Absolute URL of the public/ data folder, trailing slash (e.g. `https://cdn.example.cn/tenglong/data/public/`). */
export const PUBLIC_BASE = config.urls.public;
/** Absolute URL of the internal/ data folder, trailing slash (by default `<data_url>internal/`). */
export const INTERNAL_BASE = config.urls.internal;
/**
 * The configured data_url, the folder holding public/ (absolute, trailing slash). `DATA_BASE + 'public/…'` still
 * works, but `internal/` may live elsewhere (tenglong-internal-url): build URLs with dataUrl() instead.
 */
export const DATA_BASE = dataRootUrl(config.urls);

/** The URL of `public/<file>` or `internal/<file>` in the configured folders; throws if the configuration is bad. */
export function dataUrl(path: string): string {
  if (config.problem) throw config.problem;
  return dataFileUrl(config.urls, path);
}

/** What manifest.json says of a build (public and internal alike). */
export interface Manifest {
  sample: boolean;
  /** The build's id (store.ts): appended to the URLs of files read by ranges, so a new build never mixes with a cached one. */
  release?: string;
  label: { zh: string; en: string } | null;
  generated_by: string;
  source_hash: string;
  bbox?: [number, number, number, number] | null;
  layers: Record<string, { file: string; count: number; tiles?: TileArchive; ids?: { shards: number; dir: string }; search?: SearchShardsSpec }>;
  /** The other layers as vector tiles (scripts/pipeline/context-tiles.ts); absent in a build made before them. */
  context_tiles?: ContextTileArchive;
  /** The folder's other files (public: the search index, the partners file; internal: its JSON tables). */
  files?: string[];
  /** Internal only: the 招商 ranking's parcels (lib/chain/sites-file.ts); absent in a build made before it. */
  sites?: SitesFileSpec;
}

/** The context layers' tile archive in public/: one source layer per layer file it names. */
export interface ContextTileArchive {
  file: string;
  minzoom: number;
  maxzoom: number;
  layers: Record<string, string[]>;
}

/** The parcels' vector tiles (scripts/pipeline/parcel-tiles.ts). */
export interface TileArchive {
  file: string;
  minzoom: number;
  maxzoom: number;
  parcel_minzoom: number;
}

export { HttpError };

/** GET `path` (`public/…` or `internal/…`); anything but a 2xx data answer throws an HttpError naming the URL. */
export async function fetchData(path: string): Promise<Response> {
  return fetchDataUrl(dataUrl(path));
}

export async function fetchFgb<P>(path: string): Promise<Feature<AreaGeometry, P>[]> {
  const bytes = new Uint8Array(await (await fetchData(path)).arrayBuffer());
  return readAllFgb(bytes, dataUrl(path)) as unknown as Feature<AreaGeometry, P>[];
}

export async function fetchJson<T>(path: string): Promise<T> {
  return (await (await fetchData(path)).json()) as T;
}

/**
 * An optional JSON file, parsed by `parse` (given the file's URL for its messages), or null when the build has none:
 * HTTP 404, or a fallback page in its place. Any other refusal (403 without a login, 500) is an HttpError.
 */
export async function fetchOptionalJson<T>(path: string, parse: (raw: unknown, file: string) => T): Promise<T | null> {
  try {
    const res = await fetchData(path);
    return parse((await res.json()) as unknown, dataUrl(path));
  } catch (e) {
    if (e instanceof HttpError && e.status === 404) return null;
    throw e;
  }
}

export interface ContextLayers {
  controlLines: Feature<AreaGeometry, ControlLineProps>[];
  zones: Feature<AreaGeometry, ZoneProps>[];
  blocks: Feature<AreaGeometry, LowEfficiencyBlockProps>[];
  /** The sample base layers; each empty when the build has none (a county without them). */
  base: { county: Feature[]; water: Feature[]; roads: Feature[]; towns: Feature<PointGeometry>[] };
}

/** What a page needs of the context layers as features before its first view, whatever it draws from tiles. */
export type ListedLayers = Pick<ContextLayers, 'blocks'> & { towns: Feature<PointGeometry>[] };
/** Zones and control lines as features: what the rules check against. */
export type RuleFeatures = Pick<ContextLayers, 'zones' | 'controlLines'>;
/** The base outline, water and roads as features. */
export type BaseFeatures = Omit<ContextLayers['base'], 'towns'>;
/** The layers a build with context tiles draws from them: features only when asked, or for a build without tiles. */
export type DrawnLayers = RuleFeatures & { base: BaseFeatures };

const optionalLayer = (manifest: Manifest, name: string): Promise<Feature[]> =>
  manifest.layers[name] ? fetchFgb<Record<string, unknown>>(`public/${name}.fgb`) : Promise.resolve([]);

/**
 * The blocks (their names and areas are listed by the card, the statistics and print) and the town names (HTML labels,
 * drawn from features): read whole by every map, with tiles or without.
 */
export async function loadListedLayers(manifest: Manifest): Promise<ListedLayers> {
  const [blocks, towns] = await Promise.all([fetchFgb<LowEfficiencyBlockProps>('public/low-efficiency-blocks.fgb'), optionalLayer(manifest, 'base-towns')]);
  return { blocks, towns: towns as unknown as Feature<PointGeometry>[] };
}

/** The zones and control lines whole (a check over many parcels; a card reads by box instead: DataStore.rulesIn). */
export async function loadRuleFeatures(): Promise<RuleFeatures> {
  const [controlLines, zones] = await Promise.all([fetchFgb<ControlLineProps>('public/control-lines.fgb'), fetchFgb<ZoneProps>('public/zones.fgb')]);
  return { controlLines, zones };
}

/** The base outline, water and roads whole (a map drawing them as features: a build without context tiles). */
export async function loadBaseFeatures(manifest: Manifest): Promise<BaseFeatures> {
  const [county, water, roads] = await Promise.all([optionalLayer(manifest, 'base-county'), optionalLayer(manifest, 'base-water'), optionalLayer(manifest, 'base-roads')]);
  return { county, water, roads };
}

/** Both of the above: a build without context tiles reads them with the first view. */
export async function loadDrawnLayers(manifest: Manifest): Promise<DrawnLayers> {
  const [rules, base] = await Promise.all([loadRuleFeatures(), loadBaseFeatures(manifest)]);
  return { ...rules, base };
}

/** The public layers every map draws around the parcels, all as features (the prospect page, a build without tiles). */
export async function loadContextLayers(manifest: Manifest): Promise<ContextLayers> {
  const [listed, drawn] = await Promise.all([loadListedLayers(manifest), loadDrawnLayers(manifest)]);
  return { controlLines: drawn.controlLines, zones: drawn.zones, blocks: listed.blocks, base: { ...drawn.base, towns: listed.towns } };
}
