// State of the 招商地图 (chains panel, its map overlay, the print page's sites atlas): chains and chain firms loaded
// from internal/, the demand list — the workspace's shared one when the server runs (SharedDemands), else the
// shipped list with this browser's edits kept in localStorage as an overlay — and the ranking of sites for the
// chosen demand. The chosen chain, link and demand are the
// URL's (chain=, link=, demand=): read from UrlState, changed through it, never copied here.
import { untrack } from 'svelte';
import { parseDemandCsv, parseDemandJson, type DemandImport, type KnownLinks } from '../lib/chain/demand-csv.ts';
import { applyOverlay, editDemand, EMPTY_OVERLAY, parseOverlay, removeDemand, upsertDemands, type DemandEntry, type DemandOverlay } from '../lib/chain/demand-list.ts';
import { demandInput, parseChainsFile, parseDemandsFile, parseEnterprisesFile, siteParcelOf, type ChainEnterprise } from '../lib/chain/inputs.ts';
import { rankSites } from '../lib/chain/rank.ts';
import { buildSiteIndex, type SiteIndex } from '../lib/chain/site-index.ts';
import type { DemandInput, SiteRanking } from '../lib/chain/site-types.ts';
import { computeChainStrengths, type ChainStrength, type LinkStrength } from '../lib/chain/strength.ts';
import { SiteCollector, type ChainParcel } from '../lib/chain/site-stream.ts';
import type { SiteArea } from '../lib/chain/site-area.ts';
import type { AreaGeometry, Chain, Demand } from '../lib/data/schema.ts';
import { interiorPoint } from '../lib/geo/interior-point.ts';
import { bboxOf } from '../lib/geo/shape.ts';
import { wholeRankingAsks } from '../lib/chain/ranking-limits.ts';
import { APP_CHAINS, APP_RANKING_LIMITS } from './app-policy.ts';
import { testSetting } from './test-hooks.ts';
import { fetchJson } from './data-files.ts';
import type { DataStore } from './data-store.svelte.ts';
import type { Session } from './session.svelte.ts';
import { SiteRankingClient } from './site-ranking.svelte.ts';
import { SharedDemands, type LocalImportReport } from './shared-demands.svelte.ts';
import type { UrlState } from './url-state.svelte.ts';

export const DEMANDS_STORAGE_KEY = 'tenglong.demands.v1';
/** Where the browser's list goes once imported into the workspace: kept, not deleted, in case anything was missed. */
export const DEMANDS_IMPORTED_KEY = 'tenglong.demands.v1.imported';
const getJson = (name: string): Promise<unknown> => fetchJson<unknown>(`internal/${name}`);

function readStorage(): string | null {
  try {
    return localStorage.getItem(DEMANDS_STORAGE_KEY);
  } catch {
    return null;
  }
}

export class ChainStore {
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state<string | null>(null);
  chains = $state.raw<Chain[]>([]);
  firms = $state.raw<ChainEnterprise[]>([]);
  shipped = $state.raw<Demand[]>([]);
  overlay = $state.raw<DemandOverlay>(EMPTY_OVERLAY);
  /** Set when localStorage refused a write (private mode, quota). */
  storageProblem = $state<string | null>(null);
  top = $state(10);
  /** The workspace's list, when the server runs and the user is logged in; null: this browser's own list. */
  shared = $state.raw<SharedDemands | null>(null);
  /** Changes this browser kept before the workspace existed, waiting for the user to import or set them aside. */
  localPending = $state.raw<DemandOverlay | null>(null);
  localReport = $state.raw<LocalImportReport | null>(null);
  readonly config = APP_CHAINS;

  private readonly data: DataStore;
  private readonly url: UrlState;
  private readonly session: Session;

  constructor(data: DataStore, url: UrlState, session: Session) {
    this.data = data;
    this.url = url;
    this.session = session;
  }

  /** Whether the user may change the list (a viewer or a planner reads the shared list only). */
  get canWrite(): boolean {
    return this.session.can('demands:write');
  }

  get chainId(): string | null {
    return this.url.params.chain || null;
  }
  get linkId(): string | null {
    return this.url.params.link || null;
  }
  get demandId(): string | null {
    return this.url.params.demand || null;
  }

  readonly demands: DemandEntry[] = $derived(
    this.shared ? this.shared.list.map((r) => ({ demand: r.data, origin: 'shared' as const, record: r })) : applyOverlay(this.shipped, this.overlay),
  );

  readonly strengths: ChainStrength[] = $derived(computeChainStrengths(this.chains, this.firms, this.config.strength));

  readonly chain: ChainStrength | null = $derived(this.strengths.find((c) => c.chain === this.chainId) ?? null);

  readonly link: LinkStrength | null = $derived(this.chain?.links.find((l) => l.link === this.linkId) ?? null);

  readonly demand: Demand | null = $derived(this.demands.find((e) => e.demand.id === this.demandId)?.demand ?? null);

  readonly known: KnownLinks = {
    hasChain: (c) => this.chains.some((x) => x.id === c),
    has: (c, l) => this.chains.some((x) => x.id === c && x.links.some((k) => k.id === l)),
  };

  // The area through its text: the URL changes with every pan, the area only when asked, and a derived whose value is
  // equal stops there — so neither the site worker nor the in-page index is made again while the map moves.
  private readonly areaKey: string = $derived(this.urlArea()?.join(',') ?? '');
  /**
   * The area the ranking looks in (the URL's `sa=`, taken from the map's view); null: the whole territory. A plain
   * array (not the URL state's proxy), so that it can be posted to the worker.
   */
  readonly area: SiteArea | null = $derived(this.areaKey === '' ? null : (this.areaKey.split(',').map(Number) as SiteArea));

  private urlArea(): readonly number[] | null {
    return this.url.params.siteArea;
  }

  /** Ranks within the map's view (`box`, west/south/east/north), or over the whole territory (null). */
  setArea(box: SiteArea | null): void {
    this.url.setSiteArea(box);
  }

  /** Parcels the whole territory's ranking reads (the sites file's count, else the parcels file's); null before the manifest. */
  get sitesTotal(): number | null {
    const f = this.data.sitesFile(this.config.ranking);
    return f ? f.total : null;
  }

  /**
   * Set once the whole territory's ranking was asked for although it is large (wholeHeld), by the panel's button or
   * by the print page, which was asked to print it. Kept for the page's life: the read is paid for once.
   */
  wholeAsked = $state(false);

  /**
   * Whether the whole territory's ranking (and the chain firms' parcels on the map) waits to be asked for: no area is
   * set, the site worker would read the sites file, and that file holds more parcels than data/config/ranking.json's
   * limit — a province's hundreds of MB, which the panel offers to replace with the map's view.
   */
  get wholeHeld(): boolean {
    if (this.wholeAsked || this.area !== null || this.inPage) return false;
    return wholeRankingAsks(this.sitesTotal, this.limits());
  }

  /** Reads the whole territory although it is large (the panel's 仍按全域找地, the print page). */
  askWhole(): void {
    this.wholeAsked = true;
  }

  private limits(): { whole_territory_ask_over: number } {
    // An e2e spec sets a small limit to see the question on the sample county (and the scale bench none).
    if (import.meta.env.MODE === 'e2e') {
      const over = testSetting('wholeAskOver');
      if (typeof over === 'number') return { whole_territory_ask_over: over };
    }
    return APP_RANKING_LIMITS;
  }

  /** The site workers' clients by area text ('' = the whole territory): the current one, and the whole one if ready. */
  readonly #siteClients = new Map<string, SiteRankingClient>();

  /**
   * The ranking and the chain firms' parcels without the county: streamed by the site worker (issue 16), one worker
   * per area. A new area ends the last area's worker, whose answers no longer apply; the whole territory's is kept
   * once it is ready (going back to 全域 then reads nothing again), and ended if still reading (so that it does not
   * compete with the area's). A derived of its own, not made inside the ranking's: state made while a derived runs is
   * not tracked by that derived, so it would never see the answers arrive.
   */
  readonly sites: SiteRankingClient = $derived.by(() => {
    const key = this.areaKey;
    const got = this.#siteClients.get(key);
    if (got) return got;
    untrack(() => {
      for (const [k, old] of this.#siteClients) {
        if (k === '' && old.status === 'ready') continue;
        old.stop();
        this.#siteClients.delete(k);
      }
    });
    const client = new SiteRankingClient();
    this.#siteClients.set(key, client);
    return client;
  });

  /**
   * Whether the ranking and the overlay read the county in the page, as before issue 16: when it is loaded already
   * (another panel read it), or for a build without tiles and id shards (which reads it at start anyway). Otherwise
   * the site worker streams the parcels file and the page never holds the county. False until the manifest says
   * which (the worker waits for the data too), so that nothing reads the county before it is known to be needed.
   */
  get inPage(): boolean {
    if (this.data.countyStatus === 'ready') return true;
    if (!this.data.manifest) return false;
    const layer = this.data.manifest.layers['parcels'];
    return !layer?.tiles && !layer?.ids;
  }

  private readonly siteIndex: SiteIndex | null = $derived.by(() => {
    if (this.status !== 'ready' || this.data.status !== 'ready') return null;
    const area = this.area;
    if (!area) return buildSiteIndex(this.data.parcels.map((p) => siteParcelOf(p as never)), this.firms, this.chains, this.config.ranking);
    // Within an area, what the worker keeps reading the file by range (SiteCollector), from the county in the page.
    const c = new SiteCollector(this.firms, this.config.ranking, area);
    for (const p of this.data.parcels) c.add(p as never);
    return buildSiteIndex(c.result().parcels, this.firms, this.chains, this.config.ranking);
  });

  /** Starts the site worker once the chains and the map's data are in (a no-op after the first call). */
  private startSites(): boolean {
    if (this.status !== 'ready' || this.data.status !== 'ready' || this.wholeHeld) return false;
    // The worker ranks against the zones and control lines: as the page has them, else it reads them itself.
    const rules = this.data.ruleSourceNow();
    if (!rules) return false;
    this.sites.start(() => {
      const file = this.data.sitesFile(this.config.ranking);
      if (!file) return null;
      return {
        url: file.url,
        firms: this.firms.map((f) => ({ id: f.id, name: f.name, chain: f.chain, link: f.link })),
        chains: this.chains.map((c) => ({ id: c.id, links: c.links.map((l) => ({ id: l.id, order: l.order })) })),
        cfg: this.config.ranking,
        rules,
        area: this.area,
      };
    });
    return true;
  }

  /** Parcels of chain firms by firm id, with an interior point and a box (what ChainOverlay draws, the print page frames). */
  readonly chainParcels: Map<string, ChainParcel[]> = $derived.by(() => {
    if (this.status !== 'ready') return new Map();
    if (!this.inPage) return this.startSites() ? this.sites.byEnterprise : new Map();
    const m = new Map<string, ChainParcel[]>();
    const wanted = new Set(this.firms.filter((f) => f.chain).map((f) => f.id));
    for (const p of this.data.parcels) {
      const e = p.properties.enterprise_id;
      if (!e || !wanted.has(e)) continue;
      const arr = m.get(e) ?? [];
      arr.push({ id: p.properties.id, enterprise_id: e, point: interiorPoint(p.geometry) as [number, number], bbox: bboxOf(p.geometry), area_mu_planar: p.properties.area_mu_planar, status: p.properties.status });
      m.set(e, arr);
    }
    return m;
  });

  readonly ranking: SiteRanking | null = $derived.by(() => {
    const d = this.demand;
    if (!d) return null;
    if (!this.inPage) return this.rankInWorker(demandInput(d, this.firms), this.top);
    // In the page, the ranking checks against the whole layers (read on first use, here).
    const layers = this.data.ruleLayers;
    if (!layers || !this.siteIndex) return null;
    return rankSites(this.siteIndex, demandInput(d, this.firms), { top: this.top, policy: this.data.policy, layers, cfg: this.config.ranking });
  });

  /**
   * A demand's ranking from the site worker (null while it is computed or before the chains are loaded): the panel's
   * and the print page's site list when the county is not in the page.
   */
  rankInWorker(d: DemandInput, top: number): SiteRanking | null {
    return this.startSites() ? this.sites.ranking(d, top, this.data.policy) : null;
  }

  /** Outline of a ranked site's member parcel (from the county when it is in the page, else from the worker's answer). */
  outline(id: string): AreaGeometry | undefined {
    return this.inPage ? this.data.byId.get(id)?.geometry : this.sites.outline(id);
  }

  /**
   * Outlines of chain firms' parcels (the chosen link's, which the overlay outlines): from the county when it is in
   * the page, else those the site worker has sent, the others asked of it (they arrive, and this is read again).
   */
  chainOutlines(ids: readonly string[]): Map<string, AreaGeometry> {
    if (!this.inPage) return this.sites.outlines(ids);
    const m = new Map<string, AreaGeometry>();
    for (const id of ids) {
      const g = this.data.byId.get(id)?.geometry;
      if (g) m.set(id, g);
    }
    return m;
  }

  async load(): Promise<void> {
    if (this.status !== 'idle') return;
    this.status = 'loading';
    try {
      const shared = this.session.shared ? new SharedDemands() : null;
      const [chains, demands, ents] = await Promise.all([
        getJson('chains.json'),
        shared ? shared.load().then(() => null) : getJson('demands.json'),
        getJson('enterprises.json'),
      ]);
      this.chains = parseChainsFile(chains);
      this.firms = parseEnterprisesFile(ents);
      const local = parseOverlay(readStorage());
      if (shared) {
        this.shared = shared;
        if (local.upserts.length || local.removed.length) this.localPending = local;
      } else {
        this.shipped = parseDemandsFile(demands);
        this.overlay = local;
      }
      this.status = 'ready';
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.status = 'error';
    }
  }

  selectChain(id: string | null): void {
    this.url.setChainView(id ?? '', '', '');
  }

  /** Choosing a link also chooses its first open demand, so a gap link shows its candidate sites at once. */
  selectLink(id: string | null): void {
    const ds = this.demands.filter((e) => e.demand.chain === this.chainId && e.demand.link === id).map((e) => e.demand);
    const demand = (ds.find((d) => d.status === 'open') ?? ds[0])?.id ?? '';
    this.url.setChainView(this.chainId ?? '', id ?? '', demand);
  }

  selectDemand(id: string | null): void {
    const d = this.demands.find((e) => e.demand.id === id)?.demand;
    if (d) this.url.setChainView(d.chain, d.link, d.id);
    else this.url.setChainView(this.chainId ?? '', this.linkId ?? '', '');
  }

  /**
   * Once the list is loaded, makes the URL's choice consistent: a demand brings its own chain and link (a
   * link may name the demand alone), an unknown demand is dropped. Replaces the history entry: the user
   * chose nothing new.
   */
  settleUrl(): void {
    if (this.status !== 'ready' || this.demandId === null) return;
    const d = this.demand;
    if (d) this.url.setChainView(d.chain, d.link, d.id, false);
    else this.url.setChainView(this.chainId ?? '', this.linkId ?? '', '', false);
  }

  private save(next: DemandOverlay): void {
    this.overlay = next;
    try {
      localStorage.setItem(DEMANDS_STORAGE_KEY, JSON.stringify(next));
      this.storageProblem = null;
    } catch (e) {
      this.storageProblem = e instanceof Error ? e.message : String(e);
    }
  }

  /**
   * Saves an entry: a new one (oldId null) or an edit of `oldId` started from `baseVersion` (the shared list's
   * version when the form opened, so a colleague's change in between is a conflict, not overwritten). Returns
   * whether it was saved; a conflict is then on `shared.conflict`.
   */
  async upsert(oldId: string | null, d: Demand, baseVersion: number | null = null): Promise<boolean> {
    if (this.shared) return this.shared.save(oldId, d, baseVersion);
    this.save(oldId === null ? upsertDemands(this.overlay, [d]) : editDemand(this.overlay, this.shipped, oldId, d));
    return true;
  }

  async remove(id: string): Promise<void> {
    if (this.shared) {
      if (!(await this.shared.remove(id))) return;
    } else {
      this.save(removeDemand(this.overlay, this.shipped, id));
    }
    if (this.demandId === id) this.url.setChainView(this.chainId ?? '', this.linkId ?? '', '');
  }

  /** Imports a CSV or JSON file's text: good rows are added (same id replaces), bad rows come back. */
  async importText(name: string, text: string): Promise<DemandImport> {
    const r = /\.json$/i.test(name) ? parseDemandJson(text, this.known) : parseDemandCsv(text, this.known);
    if (this.shared) return this.shared.importRows(r);
    if (r.demands.length) this.save(upsertDemands(this.overlay, r.demands));
    return r;
  }

  /** Forget every local change: back to the shipped list (this browser's own list only). */
  reset(): void {
    this.save(EMPTY_OVERLAY);
  }

  /** Imports this browser's earlier changes into the shared list; the browser's copy is kept under another key. */
  async importLocal(): Promise<void> {
    const local = this.localPending;
    if (!this.shared || !local) return;
    const report = await this.shared.importLocal(local);
    this.localReport = report;
    if (report.failed.length === 0) {
      try {
        const text = localStorage.getItem(DEMANDS_STORAGE_KEY);
        if (text !== null) localStorage.setItem(DEMANDS_IMPORTED_KEY, text);
        localStorage.removeItem(DEMANDS_STORAGE_KEY);
      } catch (e) {
        this.storageProblem = e instanceof Error ? e.message : String(e);
      }
      this.localPending = null;
    }
  }

  /** Not now: the browser keeps its changes and the prompt returns next time. */
  dismissLocal(): void {
    this.localPending = null;
  }
}
