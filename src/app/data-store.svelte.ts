// Loads what the planner map needs. Parcels come from internal/ (all fields); if that path is refused (a
// deployment serving only public data, or no login), the map falls back to public parcels and says so
// instead of showing empty cards.
import policyJson from '../../data/policy/ninghai-2021-2025.json';
import { readAllFgb } from '../lib/data/fgb-read.ts';
import type {
  AreaGeometry,
  ControlLineProps,
  Feature,
  LowEfficiencyBlockProps,
  ParcelInternal,
  ParcelPublic,
  PointGeometry,
  ZoneProps,
} from '../lib/data/schema.ts';
import { buildRuleLayers, type RuleLayers } from '../lib/rules/check.ts';
import { parsePolicy, type Policy } from '../lib/rules/policy.ts';
import type { SearchEntry } from '../lib/data/search.ts';

export type ParcelProps = ParcelPublic & Partial<ParcelInternal>;
export type ParcelFeature = Feature<AreaGeometry, ParcelProps>;


export interface Manifest {
  sample: boolean;
  label: { zh: string; en: string } | null;
  generated_by: string;
  source_hash: string;
  bbox: [number, number, number, number] | null;
  layers: Record<string, { file: string; count: number }>;
}

const BASE = `${import.meta.env.BASE_URL}data/`;

class HttpError extends Error {
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`${url}: HTTP ${status}`);
  }
}

async function fetchOk(path: string): Promise<Response> {
  const res = await fetch(BASE + path);
  if (!res.ok) throw new HttpError(res.status, BASE + path);
  // Single-page-app servers answer a missing file with index.html and 200: that is a missing file, not data.
  if ((res.headers.get('content-type') ?? '').includes('text/html')) throw new HttpError(404, BASE + path);
  return res;
}
async function fgb<P>(path: string): Promise<Feature<AreaGeometry, P>[]> {
  const bytes = new Uint8Array(await (await fetchOk(path)).arrayBuffer());
  return readAllFgb(bytes) as unknown as Feature<AreaGeometry, P>[];
}
async function json<T>(path: string): Promise<T> {
  return (await (await fetchOk(path)).json()) as T;
}

export class DataStore {
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state<string | null>(null);
  /** null when internal data loaded; otherwise the HTTP status or 'network' that refused it. */
  internalProblem = $state<string | null>(null);
  manifest = $state<Manifest | null>(null);
  parcels = $state.raw<ParcelFeature[]>([]);
  byId = $state.raw(new Map<string, ParcelFeature>());
  index = $state.raw<SearchEntry[]>([]);
  controlLines = $state.raw<Feature<AreaGeometry, ControlLineProps>[]>([]);
  zones = $state.raw<Feature<AreaGeometry, ZoneProps>[]>([]);
  blocks = $state.raw<Feature<AreaGeometry, LowEfficiencyBlockProps>[]>([]);
  base = $state.raw<Record<string, Feature[]>>({});
  ruleLayers = $state.raw<RuleLayers | null>(null);
  readonly policy: Policy = parsePolicy(policyJson, 'data/policy/ninghai-2021-2025.json');

  async load(): Promise<void> {
    try {
      const manifest = await json<Manifest>('public/manifest.json');
      const optional = async (name: string) => (manifest.layers[name] ? await fgb<Record<string, unknown>>(`public/${name}.fgb`) : []);
      const [lines, zones, blocks, county, water, towns, roads] = await Promise.all([
        fgb<ControlLineProps>('public/control-lines.fgb'),
        fgb<ZoneProps>('public/zones.fgb'),
        fgb<LowEfficiencyBlockProps>('public/low-efficiency-blocks.fgb'),
        optional('base-county'),
        optional('base-water'),
        optional('base-towns'),
        optional('base-roads'),
      ]);
      let parcels: ParcelFeature[];
      let index: SearchEntry[];
      try {
        [parcels, index] = await Promise.all([fgb<ParcelProps>('internal/parcels.fgb'), json<SearchEntry[]>('internal/parcels-index.json')]);
      } catch (e) {
        this.internalProblem = e instanceof HttpError ? `HTTP ${e.status}` : 'network';
        [parcels, index] = await Promise.all([fgb<ParcelProps>('public/parcels.fgb'), json<SearchEntry[]>('public/parcels-index.json')]);
      }
      this.manifest = manifest;
      this.controlLines = lines;
      this.zones = zones;
      this.blocks = blocks;
      this.base = { county, water, towns: towns as unknown as Feature<PointGeometry>[], roads } as Record<string, Feature[]>;
      this.parcels = parcels;
      this.byId = new Map(parcels.map((p) => [p.properties.id, p]));
      this.index = index;
      this.ruleLayers = buildRuleLayers(zones, lines);
      this.status = 'ready';
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.status = 'error';
    }
  }
}
