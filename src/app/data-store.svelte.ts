// Loads what the planner map needs, and no more until something asks (issue 16). The first view reads the manifest,
// the small context layers and the parcels' vector tiles (ParcelsLayer); one parcel (the card) is read by id
// (ParcelLookup). The whole county — every parcel with its fields, the search index — is read only when a panel that
// works over all of it (statistics, the batch check, chains, print…) first reads `parcels`, `byId` or `index`.
//
// Parcels come from internal/ (all fields); if that path is refused (a deployment serving only public data, or no
// login), the map falls back to public parcels and says so instead of showing empty cards.
import { SvelteMap } from 'svelte/reactivity';
import policyJson from '../../data/policy/ninghai-2021-2025.json';
import type { AreaGeometry, ControlLineProps, Feature, LowEfficiencyBlockProps, ParcelInternal, ParcelPublic, ZoneProps } from '../lib/data/schema.ts';
import type { IdEntry } from '../lib/data/id-shard.ts';
import { fetchFgb, fetchJson, HttpError, type ContextLayers, type Manifest } from './data-files.ts';
import { takeFirstViewReads } from './first-view-data.ts';
import { dataFileUrl, ParcelLookup } from './parcel-lookup.ts';
import { buildRuleLayers, type RuleLayers } from '../lib/rules/check.ts';
import { parsePolicy, type Policy } from '../lib/rules/policy.ts';
import type { SearchEntry } from '../lib/data/search.ts';
import type { ReadJson, SearchShardsSpec } from '../lib/data/search-shards.ts';
import { bboxOf, interiorPoint } from '../lib/geo/index.ts';
import { parcelTiles, type ParcelTiles } from '../map/layers/parcel-tiles.ts';
import { readByIds } from '../lib/data/by-ids.ts';
import { testSetting } from './test-hooks.ts';

export type ParcelProps = ParcelPublic & Partial<ParcelInternal>;
export type ParcelFeature = Feature<AreaGeometry, ParcelProps>;

type Lazy = 'idle' | 'loading' | 'ready' | 'error';

export class DataStore {
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state<string | null>(null);
  /** null when internal data loaded; otherwise the HTTP status or 'network' that refused it. */
  internalProblem = $state<string | null>(null);
  manifest = $state<Manifest | null>(null);
  /** The parcels' tile archive for ParcelsLayer (null until the manifest is read, or for a build without tiles). */
  tiles = $state.raw<ParcelTiles | null>(null);
  controlLines = $state.raw<Feature<AreaGeometry, ControlLineProps>[]>([]);
  zones = $state.raw<Feature<AreaGeometry, ZoneProps>[]>([]);
  blocks = $state.raw<Feature<AreaGeometry, LowEfficiencyBlockProps>[]>([]);
  base = $state.raw<ContextLayers['base']>({ county: [], water: [], roads: [], towns: [] });
  ruleLayers = $state.raw<RuleLayers | null>(null);
  /** The whole county's parcels: 'idle' until something reads `parcels`, `byId` or `index`. */
  countyStatus = $state<Lazy>('idle');
  indexStatus = $state<Lazy>('idle');
  readonly policy: Policy = parsePolicy(policyJson, 'data/policy/ninghai-2021-2025.json');
  readonly #once = new Map<string, Promise<unknown>>();
  #parcels = $state.raw<ParcelFeature[]>([]);
  #byId = $state.raw(new Map<string, ParcelFeature>());
  #index = $state.raw<SearchEntry[]>([]);
  /** Parcels read one by one (the card), and their shard entries; null = no such parcel. */
  readonly #one = new SvelteMap<string, { feature: ParcelFeature; entry: IdEntry } | null>();
  readonly #asked = new Set<string>();
  #lookup: ParcelLookup | null = null;
  /** internal/manifest.json when readable (its search entry names the firm table the public one does not). */
  #internalManifest: Manifest | null = null;
  #manifestReady: Promise<void>;
  #manifestDone: () => void = () => {};

  constructor() {
    this.#manifestReady = new Promise((r) => (this.#manifestDone = r));
  }

  /** Every parcel of the county (read on first use: see the file's comment). */
  get parcels(): ParcelFeature[] {
    this.#wantCounty();
    return this.#parcels;
  }

  get byId(): Map<string, ParcelFeature> {
    this.#wantCounty();
    return this.#byId;
  }

  /** Rows of parcels-index.json for the search box (read on first use). */
  get index(): SearchEntry[] {
    this.#wantIndex();
    return this.#index;
  }

  /**
   * One parcel by id, read on its own unless the county is loaded: undefined while it is being read (or before the
   * data is ready), null when the build has no such parcel.
   */
  parcel(id: string): ParcelFeature | null | undefined {
    if (this.countyStatus === 'ready') return this.#byId.get(id) ?? null;
    const got = this.#one.get(id);
    if (got !== undefined) return got?.feature ?? null;
    this.#wantOne(id);
    return undefined;
  }

  /**
   * The parcels whose boxes meet `bbox` (a drawn area's statistics): from the county if it is loaded, else read by
   * ranges from the indexed parcels file — never the whole county for one area.
   */
  async parcelsInBox(bbox: [number, number, number, number]): Promise<ParcelFeature[]> {
    const meets = (b: number[]) => b[0]! <= bbox[2] && b[2]! >= bbox[0] && b[1]! <= bbox[3] && b[3]! >= bbox[1];
    if (this.countyStatus === 'ready') return this.#parcels.filter((p) => meets(bboxOf(p.geometry)));
    await this.#manifestReady;
    if (!this.#lookup) throw new Error(this.error ?? 'the data is not loaded');
    return this.#lookup.inBox<ParcelProps>(bbox, this.#folder());
  }

  /**
   * The parcels of `ids` (the few hundred the campaign's registers name), without the county when that is cheaper:
   * from the county if it is read or being read; else by id (shards + range reads, ParcelLookup.features) when
   * readByIds (lib/data/by-ids.ts) estimates that below the county file — never for a build without id shards; else
   * the county. Parcels read by id are kept (as the card's), so a later call reads only new ids. Unknown ids are left out.
   */
  async parcelsByIds(ids: readonly string[]): Promise<Map<string, ParcelFeature>> {
    await this.#manifestReady;
    const unique = [...new Set(ids)];
    const out = new Map<string, ParcelFeature>();
    if (this.countyStatus === 'idle' && this.#lookup) {
      const missing = unique.filter((id) => !this.#one.has(id));
      if (this.#readByIds(missing.length)) {
        const got = await this.#lookup.features<ParcelProps>(missing, this.#folder());
        for (const [id, g] of got) this.#one.set(id, g);
        for (const id of unique) {
          const f = this.#one.get(id)?.feature;
          if (f) out.set(id, f);
        }
        return out;
      }
    }
    await this.county();
    if (this.countyStatus === 'error') throw new Error(this.error ?? 'the parcels could not be read');
    for (const id of unique) {
      const f = this.#byId.get(id);
      if (f) out.set(id, f);
    }
    return out;
  }

  #readByIds(n: number): boolean {
    const layer = this.manifest?.layers['parcels'];
    // e2e specs can force a path: the sample county is small enough that reading it whole is the cheaper choice.
    if (import.meta.env.MODE === 'e2e') {
      const forced = testSetting('parcelsByIds');
      if (forced === 'ids') return Boolean(layer?.ids);
      if (forced === 'county') return false;
    }
    return readByIds(n, layer);
  }

  /** A point inside the parcel, read from its id shard (a few KB) unless already known; null for an unknown id. */
  async locate(id: string): Promise<[number, number] | null> {
    const known = this.point(id);
    if (known) return known;
    await this.#manifestReady;
    const entry = this.#lookup ? await this.#lookup.entry(id) : null;
    if (entry) return entry.point;
    // A build before id shards: only the county can say.
    if (this.manifest?.layers['parcels']?.ids) return null;
    const p = (await this.county()).find((f) => f.properties.id === id);
    return p ? (interiorPoint(p.geometry) as [number, number]) : null;
  }

  /**
   * The parcels file a worker streams to go over the county without the page holding it (the batch check): its URL
   * (internal when readable, with the build's id) and the count the manifest states. Null before the manifest is read.
   */
  parcelsFile(): { kind: 'stream'; url: string; total: number } | null {
    const layer = this.manifest?.layers['parcels'];
    if (!this.manifest || !layer) return null;
    return { kind: 'stream', url: dataFileUrl(`${this.#folder()}/${layer.file}`, this.manifest), total: layer.count };
  }

  /** A point inside the parcel (for the share dialog, the search's fly-to), once `parcel(id)` has read it. */
  point(id: string): [number, number] | null {
    const read = this.#one.get(id)?.entry.point;
    if (read) return read;
    const p = this.countyStatus === 'ready' ? this.#byId.get(id) : undefined;
    return p ? (interiorPoint(p.geometry) as [number, number]) : null;
  }

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
      // Whether internal data is readable is asked of its (small) manifest, not of the whole parcel file. Both
      // manifests and the context layers are read by first-view-data.ts, started early by App.svelte when it can.
      const reads = takeFirstViewReads();
      const { manifest, internal } = await reads.manifests;
      if (internal.ok) this.#internalManifest = internal.manifest;
      else this.internalProblem = internal.error instanceof HttpError ? `HTTP ${internal.error.status}` : 'network';
      this.manifest = manifest;
      this.#lookup = new ParcelLookup(manifest);
      this.#manifestDone();
      const tiles = manifest.layers['parcels']?.tiles;
      if (tiles) this.tiles = parcelTiles(dataFileUrl(`${this.#folder()}/${tiles.file}`, manifest), tiles);
      // A build without tiles (made before issue 16) is drawn from the whole county, as it used to be.
      else this.#wantCounty();
      const context = await reads.context;
      this.controlLines = context.controlLines;
      this.zones = context.zones;
      this.blocks = context.blocks;
      this.base = context.base;
      this.ruleLayers = buildRuleLayers(context.zones, context.controlLines);
      this.status = 'ready';
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.status = 'error';
    }
  }

  /** Resolves once the whole county is read (starting the read if needed). */
  async county(): Promise<ParcelFeature[]> {
    this.#wantCounty();
    await this.#countyRead;
    return this.#parcels;
  }

  /**
   * The build's search shards (lib/data/search-shards.ts) and a reader of their files (with the build's id, so a
   * new build never mixes with a cached file): the internal entry (firms too) when internal data is readable, else
   * the public one; null for a build without them (made before them) or when the manifest could not be read.
   */
  async searchShards(): Promise<{ spec: SearchShardsSpec; read: ReadJson } | null> {
    await this.#manifestReady;
    const spec = (this.internalProblem ? this.manifest : this.#internalManifest)?.layers['parcels']?.search;
    if (!spec) return null;
    const v = encodeURIComponent(this.manifest?.release ?? '');
    return { spec, read: (path) => fetchJson<unknown>(`${path}?v=${v}`) };
  }

  #folder(): 'internal' | 'public' {
    return this.internalProblem ? 'public' : 'internal';
  }

  #countyRead: Promise<void> | null = null;
  #indexRead: Promise<void> | null = null;

  #wantCounty(): void {
    this.#countyRead ??= this.#readLater(
      (s) => (this.countyStatus = s),
      async (folder) => {
        const parcels = await fetchFgb<ParcelProps>(`${folder}/parcels.fgb`);
        this.#byId = new Map(parcels.map((p) => [p.properties.id, p]));
        this.#parcels = parcels;
      },
    );
  }

  #wantIndex(): void {
    this.#indexRead ??= this.#readLater(
      (s) => (this.indexStatus = s),
      async (folder) => {
        this.#index = await fetchJson<SearchEntry[]>(`${folder}/parcels-index.json`);
      },
    );
  }

  // Reads of `parcels` or `index` happen inside templates and deriveds, where state must not change: the read starts
  // at once, and its state changes are made when it answers (never synchronously).
  async #readLater(setStatus: (s: Lazy) => void, read: (folder: 'internal' | 'public') => Promise<void>): Promise<void> {
    await Promise.resolve();
    setStatus('loading');
    await this.#manifestReady;
    try {
      await read(this.#folder());
      setStatus('ready');
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      setStatus('error');
    }
  }

  #wantOne(id: string): void {
    if (this.#asked.has(id)) return;
    this.#asked.add(id);
    void (async () => {
      await this.#manifestReady;
      try {
        const got = await this.#lookup!.feature<ParcelProps>(id, this.#folder());
        this.#one.set(id, got);
      } catch {
        // a failed read is asked again next time (a network blip must not hide the card for good)
        this.#asked.delete(id);
      }
    })();
  }
}
