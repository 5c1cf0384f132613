// Loads what the planner map needs. Parcels come from internal/ (all fields); if that path is refused (a
// deployment serving only public data, or no login), the map falls back to public parcels and says so
// instead of showing empty cards.
import policyJson from '../../data/policy/ninghai-2021-2025.json';
import type { AreaGeometry, ControlLineProps, Feature, LowEfficiencyBlockProps, ParcelInternal, ParcelPublic, ZoneProps } from '../lib/data/schema.ts';
import { fetchFgb, fetchJson, HttpError, loadContextLayers, type ContextLayers, type Manifest } from './data-files.ts';
import { buildRuleLayers, type RuleLayers } from '../lib/rules/check.ts';
import { parsePolicy, type Policy } from '../lib/rules/policy.ts';
import type { SearchEntry } from '../lib/data/search.ts';

export type ParcelProps = ParcelPublic & Partial<ParcelInternal>;
export type ParcelFeature = Feature<AreaGeometry, ParcelProps>;

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
  base = $state.raw<ContextLayers['base']>({ county: [], water: [], roads: [], towns: [] });
  ruleLayers = $state.raw<RuleLayers | null>(null);
  readonly policy: Policy = parsePolicy(policyJson, 'data/policy/ninghai-2021-2025.json');
  readonly #once = new Map<string, Promise<unknown>>();

  /**
   * What a panel fetches beyond the map's data (e.g. the stats tables), loaded on first use and shared by every
   * panel that asks for the same `key`. A failure is not kept: the next call tries again.
   */
  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.#once.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.#once.set(key, p);
      p.catch(() => this.#once.delete(key));
    }
    return p;
  }

  async load(): Promise<void> {
    try {
      const manifest = await fetchJson<Manifest>('public/manifest.json');
      const context = await loadContextLayers(manifest);
      let parcels: ParcelFeature[];
      let index: SearchEntry[];
      try {
        [parcels, index] = await Promise.all([fetchFgb<ParcelProps>('internal/parcels.fgb'), fetchJson<SearchEntry[]>('internal/parcels-index.json')]);
      } catch (e) {
        this.internalProblem = e instanceof HttpError ? `HTTP ${e.status}` : 'network';
        [parcels, index] = await Promise.all([fetchFgb<ParcelProps>('public/parcels.fgb'), fetchJson<SearchEntry[]>('public/parcels-index.json')]);
      }
      this.manifest = manifest;
      this.controlLines = context.controlLines;
      this.zones = context.zones;
      this.blocks = context.blocks;
      this.base = context.base;
      this.parcels = parcels;
      this.byId = new Map(parcels.map((p) => [p.properties.id, p]));
      this.index = index;
      this.ruleLayers = buildRuleLayers(context.zones, context.controlLines);
      this.status = 'ready';
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.status = 'error';
    }
  }
}
