// The planner's imported layers (issue 13, in-app import): a county's own files dropped on the map, mapped to the
// schema, checked with the rules, and kept in this browser's IndexedDB (idb-keyval, one record per layer) across
// reloads. One instance per app, from createAppStores() (ADR 0016).
//
// Not in the URL: an imported layer exists only in the browser that imported it, so a link could not restore it.
// Its visibility is kept with the layer's record instead. The import worker is created on the first read, from a
// lazily imported module (import-client.ts): the readers never weigh on the planner's first load.
import { createStore, del, set, values, type UseStore } from 'idb-keyval';
import type { ImportReply, SourceView } from '../lib/import/import-messages.ts';
import type { KeptLayer } from '../lib/import/kept-layer.ts';
import type { Suggestion, TargetMapping } from '../lib/import/mapping.ts';
import type { LayerTarget } from '../lib/import/prepare.ts';
import type { Target } from '../lib/import/aliases.ts';
import type { ImportClient } from './import-client.ts';
import type { DataStore } from './data-store.svelte.ts';

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

  private db(): UseStore {
    return (this.#db ??= createStore('tenglong-imports', 'layers'));
  }

  private client(): Promise<ImportClient> {
    return (this.#client ??= import('./import-client.ts').then((m) => new m.ImportClient()));
  }

  /** Reads the kept layers (oldest first). */
  async load(): Promise<void> {
    try {
      const all = await values<KeptLayer>(this.db());
      this.layers = all.sort((a, b) => a.importedAt.localeCompare(b.importedAt));
      this.status = 'ready';
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.status = 'error';
    }
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
    if (!s || s.status !== 'ready' || data.status !== 'ready') return false;
    const source = s.sources[s.current]!;
    this.session = { ...s, status: 'accepting', message: null };
    const context = { zones: data.zones, controlLines: data.controlLines, policy: data.policy };
    let reply: Extract<ImportReply, { type: 'accepted' }>;
    try {
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
    await set(layer.id, layer, this.db());
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
    await del(id, this.db());
    this.layers = this.layers.filter((l) => l.id !== id);
    if (this.selected?.layerId === id) this.selected = null;
  }

  async setVisible(id: string, visible: boolean): Promise<void> {
    const l = this.layers.find((x) => x.id === id);
    if (!l) return;
    const next = { ...l, visible };
    this.layers = this.layers.map((x) => (x.id === id ? next : x));
    await set(id, next, this.db());
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
