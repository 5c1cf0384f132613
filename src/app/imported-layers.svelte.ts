// The planner's imported layers (issue 13, in-app import): a county's own files dropped on the map, mapped to the
// schema, checked with the rules, and kept across reloads. One instance per app, from createAppStores() (ADR 0016).
//
// Where they are kept (issue 14, item 5): logged in to a workspace server (`session.shared`), in the workspace as
// shared records (/api/imported-layers: versioned, soft delete, audited), so colleagues see them; imported and
// removed by a role with 'imports:write'. Each layer's visibility stays with this browser (localStorage), as a
// colleague's choice of what to show is not the team's. Layers an earlier version kept in this browser's IndexedDB
// are uploaded on load and then deleted there. Without a server (a static deployment), they stay in this browser's
// IndexedDB (idb-keyval, one record per layer, visibility kept with the layer) as before.
//
// Not in the URL: a link could not restore a layer only one browser has. The import worker is created on the first
// read, from a lazily imported module (import-client.ts): the readers never weigh on the planner's first load.
import { createStore, del, set, values, type UseStore } from 'idb-keyval';
import type { SharedLayer } from '../lib/import/kept-layer-parse.ts';
import type { StoredRecord } from '../lib/workspace/records.ts';
import type { ImportReply, SourceView } from '../lib/import/import-messages.ts';
import type { KeptLayer } from '../lib/import/kept-layer.ts';
import type { Suggestion, TargetMapping } from '../lib/import/mapping.ts';
import type { LayerTarget } from '../lib/import/prepare.ts';
import type { Target } from '../lib/import/aliases.ts';
import type { ImportClient } from './import-client.ts';
import type { DataStore } from './data-store.svelte.ts';
import type { Session } from './session.svelte.ts';
import { ApiFailure, call } from './workspace-api.ts';

/** An imported layer as GET /api/imported-layers lists it: without its features. */
export interface SharedLayerSummary {
  id: string;
  name: string;
  count: number;
  target: LayerTarget;
  importedAt: string;
  created_by: string;
  version: number;
}

/** The workspace API's imported-layer endpoints (here, not in workspace-api.ts: see its `call`). */
const layersApi = {
  list: () => call<{ layers: SharedLayerSummary[]; seq: number }>('GET', 'imported-layers'),
  get: (id: string) => call<StoredRecord<SharedLayer>>('GET', `imported-layers/${encodeURIComponent(id)}`),
  /** Answers the record without its data (the client has it). */
  create: (layer: SharedLayer) => call<{ id: string; version: number }>('POST', 'imported-layers', layer),
  remove: (id: string, version: number) => call<{ id: string; version: number }>('DELETE', `imported-layers/${encodeURIComponent(id)}?version=${version}`),
};

/** Where this browser keeps the visibility of shared layers: id → shown (absent: shown). */
export const VISIBILITY_STORAGE_KEY = 'tenglong.imports.visible.v1';

function readVisibility(): Record<string, boolean> {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(VISIBILITY_STORAGE_KEY) ?? '{}');
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, boolean] => typeof e[1] === 'boolean'));
  } catch {
    return {};
  }
}

/** Keeps `visible` for `id` (only the hidden ones are stored; ids not in `keep` are dropped). */
function writeVisibility(id: string, visible: boolean, keep?: ReadonlySet<string>): void {
  const all = readVisibility();
  if (visible) delete all[id];
  else all[id] = false;
  const next = keep ? Object.fromEntries(Object.entries(all).filter(([k]) => keep.has(k))) : all;
  try {
    localStorage.setItem(VISIBILITY_STORAGE_KEY, JSON.stringify(next));
  } catch {
    // private mode or quota: the choice lasts until the reload
  }
}

const text = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const withoutVisible = ({ visible: _visible, ...data }: KeptLayer): SharedLayer => data;
const byDate = (a: KeptLayer, b: KeptLayer): number => a.importedAt.localeCompare(b.importedAt);

/** One read of dropped or picked files, while the dialog is open. */
export interface ImportSession {
  files: string[];
  status: 'reading' | 'ready' | 'accepting' | 'error';
  sources: SourceView[];
  ignored: { file: string; why: string }[];
  /** Files that could not be read, each message naming its file. */
  errors: string[];
  /** The last accept's refusal (CRS, extent), or a worker failure. */
  message: string | null;
  /** Which source the dialog shows (its preview is drawn on the map). */
  current: number;
}

export class ImportedLayers {
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state<string | null>(null);
  layers = $state.raw<KeptLayer[]>([]);
  session = $state.raw<ImportSession | null>(null);
  /** The imported feature whose card is open. */
  selected = $state.raw<{ layerId: string; index: number } | null>(null);
  /** How long the last accept took in the worker (mapping, validation, check), ms. */
  lastAcceptMs = $state<number | null>(null);

  #db: UseStore | null = null;
  #client: Promise<ImportClient> | null = null;
  /** The workspace version of each shared layer (what a remove names). */
  #versions = new Map<string, number>();

  constructor(private readonly account: Session) {}

  /** Whether the layers are the workspace's (else this browser's own). */
  get shared(): boolean {
    return this.account.shared;
  }

  /** Whether the user may import and remove layers (without a server: always, they are this browser's own). */
  get canWrite(): boolean {
    return this.account.can('imports:write');
  }

  private db(): UseStore {
    return (this.#db ??= createStore('tenglong-imports', 'layers'));
  }

  private client(): Promise<ImportClient> {
    return (this.#client ??= import('./import-client.ts').then((m) => new m.ImportClient()));
  }

  /** Reads the kept layers (oldest first): the workspace's when shared, else this browser's. */
  async load(): Promise<void> {
    if (this.shared) return this.loadShared();
    try {
      const all = await values<KeptLayer>(this.db());
      this.layers = all.sort(byDate);
      this.status = 'ready';
    } catch (e) {
      this.error = text(e);
      this.status = 'error';
    }
  }

  /** The workspace's layers (the list, then each layer), then this browser's older ones uploaded. */
  private async loadShared(): Promise<void> {
    try {
      const list = await layersApi.list();
      const records = await Promise.all(list.layers.map((l) => layersApi.get(l.id)));
      const visible = readVisibility();
      for (const r of records) this.#versions.set(r.id, r.version);
      this.layers = records.map((r) => ({ ...r.data, visible: visible[r.id] ?? true })).sort(byDate);
      this.status = 'ready';
    } catch (e) {
      this.error = text(e);
      this.status = 'error';
      return;
    }
    await this.uploadLocal();
  }

  /**
   * Layers an earlier version kept in this browser's IndexedDB go to the workspace (each deleted here once the
   * workspace has it), so nothing is lost; what could not be uploaded stays here and is named in `error`.
   */
  private async uploadLocal(): Promise<void> {
    let local: KeptLayer[];
    try {
      local = (await values<KeptLayer>(this.db())).sort(byDate);
    } catch {
      return; // no IndexedDB here (private mode): nothing was kept in it either
    }
    if (local.length === 0) return;
    if (!this.canWrite) {
      this.error = `${local.map((l) => l.name).join(', ')}: kept in this browser only (this role may not import layers into the workspace)`;
      return;
    }
    const failed: string[] = [];
    for (const l of local) {
      try {
        const r = await layersApi.create(withoutVisible(l));
        this.#versions.set(r.id, r.version);
        if (!l.visible) writeVisibility(l.id, false);
        if (!this.layers.some((x) => x.id === l.id)) this.layers = [...this.layers, l].sort(byDate);
      } catch (e) {
        // 409: the workspace has this layer already (an earlier upload whose local delete did not happen).
        if (!(e instanceof ApiFailure && e.status === 409)) {
          failed.push(`${l.name}: ${text(e)}`);
          continue;
        }
      }
      await del(l.id, this.db()).catch(() => undefined);
    }
    if (failed.length) this.error = failed.join('; ');
  }

  /** Reads files (dropped or picked) in the worker; the dialog opens on the session. */
  async read(files: readonly File[], data: DataStore): Promise<void> {
    const names = files.map((f) => f.name);
    this.session = { files: names, status: 'reading', sources: [], ignored: [], errors: [], message: null, current: 0 };
    try {
      const inputs = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
      const client = await this.client();
      const r = await client.ask({ type: 'read', files: inputs, county: countyOf(data) }, 'read', inputs.map((i) => i.bytes.buffer));
      if (this.session?.files !== names) return; // a newer read replaced this one
      this.session = { ...this.session, status: 'ready', sources: r.sources, ignored: r.ignored, errors: r.errors };
    } catch (e) {
      if (this.session?.files === names) this.session = { ...this.session, status: 'error', message: e instanceof Error ? e.message : String(e) };
    }
  }

  showSource(i: number): void {
    if (this.session) this.session = { ...this.session, current: i, message: null };
  }

  /** The alias table's suggestion for the current source under another target. */
  async suggest(target: Target): Promise<Suggestion | null> {
    const s = this.session;
    if (!s) return null;
    const r = await (await this.client()).ask({ type: 'suggest', source: s.current, target }, 'suggested');
    return r.suggestion;
  }

  /** Maps, checks and keeps the current source; the dialog closes. False (with session.message) if refused. */
  async accept(target: LayerTarget, mapping: TargetMapping, data: DataStore): Promise<boolean> {
    const s = this.session;
    if (!s || s.status !== 'ready' || data.status !== 'ready' || !this.canWrite) return false;
    const source = s.sources[s.current]!;
    this.session = { ...s, status: 'accepting', message: null };
    let reply: Extract<ImportReply, { type: 'accepted' }>;
    try {
      // The zones and control lines as the page has them, else their files: the worker reads those meeting the import.
      const context = { rules: await data.ruleSource(), policy: data.policy };
      reply = await (await this.client()).ask({ type: 'accept', source: s.current, target, mapping, context, county: countyOf(data) }, 'accepted');
    } catch (e) {
      if (this.session) this.session = { ...this.session, status: 'ready', message: e instanceof Error ? e.message : String(e) };
      return false;
    }
    const layer: KeptLayer = {
      id: `imp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`,
      name: source.name,
      files: s.files,
      target,
      count: reply.layer.features.length,
      importedAt: new Date().toISOString(),
      mapping,
      crs: reply.layer.crs,
      features: reply.layer.features,
      rejects: reply.layer.rejects,
      visible: true,
    };
    if (this.shared) {
      try {
        const r = await layersApi.create(withoutVisible(layer));
        this.#versions.set(r.id, r.version);
      } catch (e) {
        if (this.session) this.session = { ...this.session, status: 'ready', message: text(e) };
        return false;
      }
    } else await set(layer.id, layer, this.db());
    this.layers = [...this.layers, layer];
    this.lastAcceptMs = reply.ms;
    this.close();
    return true;
  }

  /** Closes the dialog and lets the worker drop what it read. */
  close(): void {
    this.session = null;
    void this.#client?.then((c) => c.ask({ type: 'forget' }, 'forgotten')).catch(() => undefined);
  }

  async remove(id: string): Promise<void> {
    if (this.shared) {
      const version = this.#versions.get(id);
      if (version === undefined) return;
      try {
        await layersApi.remove(id, version);
      } catch (e) {
        // 409 with the layer deleted already (a colleague removed it): gone either way. Anything else stays.
        const current = e instanceof ApiFailure && e.status === 409 ? e.body['current'] : null;
        if (!(typeof current === 'object' && current !== null && (current as { deleted?: unknown }).deleted === true)) {
          this.error = text(e);
          return;
        }
      }
      this.#versions.delete(id);
      writeVisibility(id, true);
    } else await del(id, this.db());
    this.layers = this.layers.filter((l) => l.id !== id);
    if (this.selected?.layerId === id) this.selected = null;
  }

  async setVisible(id: string, visible: boolean): Promise<void> {
    const l = this.layers.find((x) => x.id === id);
    if (!l) return;
    const next = { ...l, visible };
    this.layers = this.layers.map((x) => (x.id === id ? next : x));
    if (this.shared) writeVisibility(id, visible, new Set(this.layers.map((x) => x.id)));
    else await set(id, next, this.db());
  }

  select(layerId: string | null, index = 0): void {
    this.selected = layerId === null ? null : { layerId, index };
  }

  // The exports load their writer on first use (it is not needed to draw the layers).
  async exportGeoJson(id: string): Promise<void> {
    const l = this.layers.find((x) => x.id === id);
    if (l) download(`${l.name}.geojson`, (await import('../lib/import/kept-layer.ts')).layerGeoJson(l), 'application/geo+json');
  }

  async exportFindingsCsv(id: string): Promise<void> {
    const l = this.layers.find((x) => x.id === id);
    if (l) download(`${l.name}-findings.csv`, (await import('../lib/import/kept-layer.ts')).findingsCsv(l), 'text/csv;charset=utf-8');
  }
}

/** The published build's county (its extent is where features must lie); the worker parses it. A plain copy: the
 * manifest is deep state, and a state proxy cannot be posted to a worker. */
function countyOf(data: DataStore): unknown {
  return $state.snapshot((data.manifest as { county?: unknown } | null)?.county ?? null);
}

/** Saves text as a file through a Blob URL (revoked once the click has started the download). */
function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
