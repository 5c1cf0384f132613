// The one loader of published data files, for the planner map (DataStore) and the prospect page (site-data.ts):
// fetch a file under data/ (a missing file, or an SPA server's index.html in its place, is an HttpError), read a
// whole FlatGeobuf or JSON file, and load the small context layers both maps draw. What each page reads beyond
// that (internal parcels with a public fallback; one parcel's neighbourhood by range requests) stays with it.
import { readAllFgb } from '../lib/data/fgb-read.ts';
import type { AreaGeometry, ControlLineProps, Feature, LowEfficiencyBlockProps, PointGeometry, ZoneProps } from '../lib/data/schema.ts';

export const DATA_BASE = `${import.meta.env.BASE_URL}data/`;

/** What manifest.json says of a build (public and internal alike). */
export interface Manifest {
  sample: boolean;
  label: { zh: string; en: string } | null;
  generated_by: string;
  source_hash: string;
  bbox?: [number, number, number, number] | null;
  layers: Record<string, { file: string; count: number }>;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`${url}: HTTP ${status}`);
  }
}

/** GET `path` under data/; anything but a 2xx data answer throws an HttpError naming the URL. */
export async function fetchData(path: string): Promise<Response> {
  const url = DATA_BASE + path;
  const res = await fetch(url);
  if (!res.ok) throw new HttpError(res.status, url);
  // Single-page-app servers answer a missing file with index.html and 200: that is a missing file, not data.
  if ((res.headers.get('content-type') ?? '').includes('text/html')) throw new HttpError(404, url);
  return res;
}

export async function fetchFgb<P>(path: string): Promise<Feature<AreaGeometry, P>[]> {
  const bytes = new Uint8Array(await (await fetchData(path)).arrayBuffer());
  return readAllFgb(bytes, DATA_BASE + path) as unknown as Feature<AreaGeometry, P>[];
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
    return parse((await res.json()) as unknown, DATA_BASE + path);
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

/** The public layers every map draws around the parcels: control lines, zones, blocks and the base layers. */
export async function loadContextLayers(manifest: Manifest): Promise<ContextLayers> {
  const optional = async (name: string): Promise<Feature[]> => (manifest.layers[name] ? await fetchFgb<Record<string, unknown>>(`public/${name}.fgb`) : []);
  const [controlLines, zones, blocks, county, water, roads, towns] = await Promise.all([
    fetchFgb<ControlLineProps>('public/control-lines.fgb'),
    fetchFgb<ZoneProps>('public/zones.fgb'),
    fetchFgb<LowEfficiencyBlockProps>('public/low-efficiency-blocks.fgb'),
    optional('base-county'),
    optional('base-water'),
    optional('base-roads'),
    optional('base-towns'),
  ]);
  return { controlLines, zones, blocks, base: { county, water, roads, towns: towns as unknown as Feature<PointGeometry>[] } };
}
