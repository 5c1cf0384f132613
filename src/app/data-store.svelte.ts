// Loads what the planner map needs, and no more until something asks (issue 16). The first view reads the manifest,
// the blocks and town names, and the vector tiles of the parcels (ParcelsLayer) and of the other layers (zones,
// control lines, blocks, base: ContextTilesLayer); one parcel (the card) is read by id (ParcelLookup), with the zones
// and control lines meeting its box (`rulesIn`, which the draw tool uses too). The whole zones and control lines are
// read when a check over many parcels in the page first needs them (`ruleLayers`: a ranking over a county the page has
// read); the workers read them themselves unless the page has them (`ruleSource()`: the batch check by tile, an import
// those meeting its parcels, the 招商 ranking whole), the base layers only when a build
// without context tiles draws them. The whole county — every parcel with its fields, the search index — is read only when a panel that works over
// all of it (statistics, the batch check, chains, print…) first reads `parcels`, `byId` or `index`.
//
// Parcels come from internal/ (all fields); if that path is refused (a deployment serving only public data, or no
// login), the map falls back to public parcels and says so instead of showing empty cards.
import { SvelteMap } from 'svelte/reactivity';
import type { AreaGeometry, ControlLineProps, Feature, LowEfficiencyBlockProps, ParcelInternal, ParcelPublic, ZoneProps } from '../lib/data/schema.ts';
import type { IdEntry } from '../lib/data/id-shard.ts';
import { fetchFgb, fetchJson, HttpError, loadBaseFeatures, loadRuleFeatures, type BaseFeatures, type ContextLayers, type Manifest, type RuleFeatures } from './data-files.ts';
import { takeFirstViewReads, type FirstViewLayers } from './first-view-data.ts';
import { dataFileUrl, ParcelLookup } from './parcel-lookup.ts';
import { buildRuleLayers, type RuleLayers } from '../lib/rules/check.ts';
import { ruleLayersNear, ruleReadBox } from '../lib/rules/layers-near.ts';
import { httpByteSource } from '../lib/data/byte-source.ts';
import type { Policy } from '../lib/rules/policy.ts';
import { APP_POLICY } from './app-policy.ts';
import type { SearchEntry } from '../lib/data/search.ts';
import type { ReadJson, SearchShardsSpec } from '../lib/data/search-shards.ts';
import { bboxOf, interiorPoint } from '../lib/geo/index.ts';
import { parcelTiles, type ParcelTiles } from '../map/layers/parcel-tiles.ts';
import { contextTiles, type ContextTiles } from '../map/layers/context-tiles.ts';
import { readByIds } from '../lib/data/by-ids.ts';
import { sitesFileServes } from '../lib/chain/sites-file.ts';
import type { RankingConfig } from '../lib/chain/config.ts';
import type { RuleSource } from '../lib/rules/rule-tiles.ts';
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
  /** The other layers' tile archive for the maps (null until the manifest is read, or for a build without it). */
  contextTiles = $state.raw<ContextTiles | null>(null);
  blocks = $state.raw<Feature<AreaGeometry, LowEfficiencyBlockProps>[]>([]);
  /** Town names (drawn as labels from features whatever else comes from tiles). */
  towns = $state.raw<ContextLayers['base']['towns']>([]);
  /** Zones and control lines as features: 'idle' until a rule (or a map without context tiles) asks. */
  rulesStatus = $state<Lazy>('idle');
  #rules = $state.raw<RuleFeatures | null>(null);
  /** Rule layers read for one box (the card's parcel), by the box's key. */
  readonly #near = new SvelteMap<string, RuleLayers>();
  readonly #nearAsked = new Set<string>();
  #nearFailed = $state(false);
  /** The base outline, water and roads as features: read only by a map without context tiles. */
  #baseFeatures = $state.raw<BaseFeatures | null>(null);
  #ruleLayers = $state.raw<RuleLayers | null>(null);
  /** The whole county's parcels: 'idle' until something reads `parcels`, `byId` or `index`. */
  countyStatus = $state<Lazy>('idle');
  indexStatus = $state<Lazy>('idle');
  readonly policy: Policy = APP_POLICY;
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

  /** The control lines as features (read on first use; empty until read). */
  get controlLines(): Feature<AreaGeometry, ControlLineProps>[] {
    this.#wantRules();
    return this.#rules?.controlLines ?? [];
  }

  /** The zones as features (read on first use; empty until read). */
  get zones(): Feature<AreaGeometry, ZoneProps>[] {
    this.#wantRules();
    return this.#rules?.zones ?? [];
  }

  /** The base layers as features (county, water and roads read on first use; towns with the first view). */
  get base(): ContextLayers['base'] {
    this.#wantBase();
    const b = this.#baseFeatures;
    return { county: b?.county ?? [], water: b?.water ?? [], roads: b?.roads ?? [], towns: this.towns };
  }

  /** Zones and control lines indexed for the rules: null until read (the first read of this starts it). */
  get ruleLayers(): RuleLayers | null {
    this.#wantRules();
    return this.#ruleLayers;
  }

  /**
   * The rule layers for one check within `parcelBox` (a card, a drawn parcel): the whole layers once something has
   * read them, else the zones and control lines meeting the box widened to the grid cells it touches (ruleReadBox),
   * read by ranges from their indexed files (lib/rules/layers-near.ts) — one parcel never reads a whole layer. The
   * cells let a shape being edited, or the card of a neighbour, use the same read. Undefined while being read; if a box
   * read fails, the whole layers are read instead.
   */
  rulesIn(parcelBox: [number, number, number, number]): RuleLayers | undefined {
    if (this.#ruleLayers) return this.#ruleLayers;
    if (this.#nearFailed || !this.manifest) return this.ruleLayers ?? undefined;
    const bbox = ruleReadBox(parcelBox);
    const key = bbox.join(',');
    const got = this.#near.get(key);
    if (got) return got;
    if (!this.#nearAsked.has(key)) {
      this.#nearAsked.add(key);
      const source = (name: string) => httpByteSource(dataFileUrl(`public/${name}.fgb`, this.manifest));
      ruleLayersNear({ zones: source('zones'), controlLines: source('control-lines') }, bbox).then(
        (layers) => this.#near.set(key, layers),
        () => {
          this.#nearAsked.delete(key);
          this.#nearFailed = true;
        },
      );
    }
    return undefined;
  }

  /**
   * The whole zones and control lines, for a worker when the page has them (ruleSource): waits for the zones and
   * control lines, read on first use; throws if they cannot be read, never hands over layers not read yet.
   */
  async rules(): Promise<{ zones: Feature<AreaGeometry, ZoneProps>[]; controlLines: Feature<AreaGeometry, ControlLineProps>[]; layers: RuleLayers }> {
    this.#wantRules();
    await this.#rulesRead;
    const d = this.#rules;
    if (!d || !this.#ruleLayers) throw new Error(this.error ?? 'the zones and control lines could not be read');
    return { zones: d.zones, controlLines: d.controlLines, layers: this.#ruleLayers };
  }

  /**
   * Where a check over the whole territory (the batch check) reads the zones and control lines: the whole layers if
   * something has read them (or is reading them) already, else their indexed files, which the worker reads itself (the
   * batch check tile by tile, lib/rules/rule-tiles.ts; an import those meeting its parcels) — the page does not read
   * them whole for it.
   */
  async ruleSource(): Promise<RuleSource> {
    // Once a whole read under way has ended (read, or failed: then the worker may still read them itself), and the
    // manifest is in, ruleSourceNow knows.
    await this.#rulesRead;
    await this.#manifestReady;
    const got = this.ruleSourceNow();
    if (!got) throw new Error(this.error ?? 'the data is not loaded');
    return got;
  }

  /**
   * ruleSource() as known now, for a worker started from a derived (the 招商 ranking): null while the whole layers are
   * being read (they are sent once read) or before the manifest is; reads `rulesStatus`, so a derived asks again.
   */
  ruleSourceNow(): RuleSource | null {
    const status = this.rulesStatus;
    if (status === 'ready' && this.#rules) return { kind: 'layers', zones: this.#rules.zones, controlLines: this.#rules.controlLines };
    if (this.#rulesRead && status !== 'error') return null;
    return this.manifest ? this.#ruleFiles(this.manifest) : null;
  }

  #ruleFiles(manifest: Manifest): RuleSource {
    return { kind: 'files', zones: dataFileUrl('public/zones.fgb', manifest), controlLines: dataFileUrl('public/control-lines.fgb', manifest) };
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

  /**
   * What the site worker streams for the 招商 ranking and the chain overlay: the build's sites file (candidates and
   * chain firms' parcels, few fields: lib/chain/sites-file.ts) when internal data is readable and the file was written
   * with every candidate status and grade `cfg` ranks with; else the whole parcels file, as parcelsFile().
   */
  sitesFile(cfg: Pick<RankingConfig, 'candidate_statuses' | 'candidate_grades'>): { kind: 'stream'; url: string; total: number } | null {
    // The scale bench times the ranking both ways in one browser: it can ask for the whole parcels file.
    if (import.meta.env.MODE === 'e2e' && testSetting('sitesFile') === 'parcels') return this.parcelsFile();
    const spec = this.internalProblem ? undefined : this.#internalManifest?.sites;
    if (this.manifest && sitesFileServes(spec, cfg)) return { kind: 'stream', url: dataFileUrl(`internal/${spec.file}`, this.manifest), total: spec.count };
    return this.parcelsFile();
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
      this.#firstContext = reads.context;
      this.#manifestDone();
      const tiles = manifest.layers['parcels']?.tiles;
      if (tiles) this.tiles = parcelTiles(dataFileUrl(`${this.#folder()}/${tiles.file}`, manifest), tiles);
      // A build without tiles (made before issue 16) is drawn from the whole county, as it used to be.
      else this.#wantCounty();
      if (manifest.context_tiles) this.contextTiles = contextTiles(dataFileUrl(`public/${manifest.context_tiles.file}`, manifest), manifest.context_tiles);
      const context = await reads.context;
      this.blocks = context.listed.blocks;
      this.towns = context.listed.towns;
      // A build without context tiles draws them from features, read with the first view as before.
      if (context.drawn) {
        this.#wantRules();
        this.#wantBase();
        await Promise.all([this.#rulesRead, this.#baseRead]);
        if (this.rulesStatus === 'error') throw new Error(this.error ?? 'the zones and control lines could not be read');
      }
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

  #rulesRead: Promise<void> | null = null;
  #baseRead: Promise<void> | null = null;
  /** The first view's context reads (load() sets it before the manifest is announced). */
  #firstContext: Promise<FirstViewLayers> | null = null;
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

  // Public layers, whichever folder the parcels come from; a build without context tiles read them with the first view.
  #wantRules(): void {
    this.#rulesRead ??= this.#readLater(
      (s) => (this.rulesStatus = s),
      async () => {
        const rules = (await this.#firstContext)?.drawn ?? (await loadRuleFeatures());
        this.#rules = rules;
        this.#ruleLayers = buildRuleLayers(rules.zones, rules.controlLines);
      },
    );
  }

  #wantBase(): void {
    this.#baseRead ??= this.#readLater(
      () => {},
      async () => {
        const drawn = (await this.#firstContext)?.drawn;
        if (!this.manifest) throw new Error(this.error ?? 'the data is not loaded');
        this.#baseFeatures = drawn?.base ?? (await loadBaseFeatures(this.manifest));
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
