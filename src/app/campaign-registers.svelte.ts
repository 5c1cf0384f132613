// The campaign's registers in the app (issue 15): 整治 cases, projects, block plans, 小微企业园 and 标准地 agreements.
// With the workspace server they are the shared records (/api/cases, /api/projects, /api/block-plans,
// /api/small-parks, /api/standard-land), kept current from the change feed like the demand list and written with
// the version an edit started from (409 → the record as it now is, shown with the error). A static deployment
// without /api reads the delivered files (internal/*.json) and cannot write.
import { parseCampaignFile, REGISTER_FILES, type RegisterKind, type RegisterTypes } from '../lib/campaign/files.ts';
import { applyChanges, type AuditEntry, type StoredRecord } from '../lib/workspace/records.ts';
import { fetchOptionalJson } from './data-files.ts';
import { ChangeFeed } from './change-feed.svelte.ts';
import { ApiFailure, call } from './workspace-api.ts';

export { REGISTER_KINDS, type RegisterKind } from '../lib/campaign/files.ts';


type Records<K extends RegisterKind> = ReadonlyMap<string, StoredRecord<RegisterTypes[K]>>;
type AllRecords = { [K in RegisterKind]: Records<K> };

const empty = (): AllRecords => ({ case: new Map(), project: new Map(), block_plan: new Map(), small_park: new Map(), standard_land: new Map() });

/** A record read from a delivered file, wrapped as the API would send it (version 0: never written). */
function delivered<T>(kind: string, id: string, data: T): StoredRecord<T> {
  return { kind, id, data, version: 0, deleted: false, created_at: '', created_by: 'tenglong-import', updated_at: '', updated_by: 'tenglong-import' };
}

export class CampaignRegisters {
  records = $state.raw<AllRecords>(empty());
  /**
   * 'files': read from the delivered files (no server); 'shared': the workspace's records; 'loading' from the start
   * (the app store reads them once the first view's data is in), 'none' when they could not be read.
   */
  mode = $state<'none' | 'loading' | 'files' | 'shared'>('loading');
  /** Which kinds exist at all (a county without block plans has none; a file-less register is null). */
  present = $state.raw<Record<RegisterKind, boolean>>({ case: false, project: false, block_plan: false, small_park: false, standard_land: false });
  loadError = $state<string | null>(null);
  writeError = $state<string | null>(null);
  /** The record a 409 brought back (someone changed it meanwhile): the form reopens on it. */
  conflict = $state.raw<StoredRecord<unknown> | null>(null);
  private readonly feed = new ChangeFeed((changes) => this.apply(changes));

  list<K extends RegisterKind>(kind: K): StoredRecord<RegisterTypes[K]>[] {
    return [...(this.records[kind] as Records<K>).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  data<K extends RegisterKind>(kind: K): RegisterTypes[K][] {
    return this.list(kind).map((r) => r.data);
  }
  get<K extends RegisterKind>(kind: K, id: string): StoredRecord<RegisterTypes[K]> | null {
    return (this.records[kind] as Records<K>).get(id) ?? null;
  }

  /** Reads the registers: from the server when `shared`, else from the delivered files. */
  async load(shared: boolean): Promise<void> {
    this.mode = 'loading';
    this.loadError = null;
    try {
      if (shared) await this.loadShared();
      else await this.loadFiles();
    } catch (e) {
      this.loadError = e instanceof Error ? e.message : String(e);
      this.mode = 'none';
    }
  }

  private async loadShared(): Promise<void> {
    const next = empty();
    let seq = Number.POSITIVE_INFINITY;
    const present = { ...this.present };
    // The five reads at once (the map's first view draws the block plans' progress).
    const kinds = Object.keys(REGISTER_FILES) as RegisterKind[];
    const answers = await Promise.all(kinds.map((kind) => call<{ records: StoredRecord<unknown>[]; seq: number }>('GET', REGISTER_FILES[kind].api)));
    for (const [i, kind] of kinds.entries()) {
      const r = answers[i]!;
      (next[kind] as Map<string, StoredRecord<unknown>>) = new Map(r.records.map((x) => [x.id, x]));
      present[kind] = true;
      // The oldest feed position of the five reads: changes after it are applied again, harmlessly (versions).
      seq = Math.min(seq, r.seq);
    }
    this.records = next;
    this.present = present;
    this.mode = 'shared';
    this.feed.start(Number.isFinite(seq) ? seq : 0);
  }

  private async loadFiles(): Promise<void> {
    const next = empty();
    const present = { ...this.present };
    const kinds = Object.keys(REGISTER_FILES) as RegisterKind[];
    const lists = await Promise.all(kinds.map((kind) => fetchOptionalJson(`internal/${REGISTER_FILES[kind].file}`, (raw, file) => parseCampaignFile(kind, raw, file))));
    for (const [i, kind] of kinds.entries()) {
      const spec = REGISTER_FILES[kind];
      const list = lists[i] ?? null;
      present[kind] = list !== null;
      (next[kind] as Map<string, StoredRecord<unknown>>) = new Map((list ?? []).map((d) => [spec.idOf(d as never), delivered(kind, spec.idOf(d as never), d)]));
    }
    this.records = next;
    this.present = present;
    this.mode = 'files';
  }

  /** Set when polling failed: the registers may be stale (cleared by the next good poll). */
  get stale(): boolean {
    return this.feed.stale;
  }

  stop(): void {
    this.feed.stop();
  }

  private apply(changes: readonly AuditEntry[]): void {
    const next = { ...this.records };
    for (const kind of Object.keys(REGISTER_FILES) as RegisterKind[]) {
      if (changes.some((c) => c.kind === kind)) (next[kind] as Map<string, StoredRecord<unknown>>) = applyChanges(this.records[kind] as Records<RegisterKind>, kind, changes) as Map<string, StoredRecord<unknown>>;
    }
    this.records = next;
  }

  private put(r: StoredRecord<unknown>): void {
    const kind = r.kind as RegisterKind;
    const m = new Map(this.records[kind] as Map<string, StoredRecord<unknown>>);
    if (r.deleted) m.delete(r.id);
    else m.set(r.id, r);
    this.records = { ...this.records, [kind]: m };
  }

  /**
   * Saves a record of `kind`: an edit of the version it started from, or a new one when `baseVersion` is null.
   * Returns the saved record, or null (writeError says why; on a 409 `conflict` holds the record as it now is).
   */
  async save<K extends RegisterKind>(kind: K, data: RegisterTypes[K], baseVersion: number | null): Promise<StoredRecord<RegisterTypes[K]> | null> {
    this.writeError = null;
    this.conflict = null;
    const spec = REGISTER_FILES[kind];
    const id = spec.idOf(data as never);
    try {
      const saved =
        baseVersion === null
          ? await call<StoredRecord<RegisterTypes[K]>>('POST', spec.api, data)
          : await call<StoredRecord<RegisterTypes[K]>>('PUT', `${spec.api}/${encodeURIComponent(id)}`, { data, version: baseVersion });
      this.put(saved);
      return saved;
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 409 && e.current) {
        const current = e.current as unknown as StoredRecord<unknown>;
        if (!current.deleted) this.put(current);
        this.conflict = current;
      }
      this.writeError = e instanceof Error ? e.message : String(e);
      return null;
    }
  }

  history(kind: RegisterKind, id: string): Promise<AuditEntry[]> {
    return call<{ history: AuditEntry[] }>('GET', `${REGISTER_FILES[kind].api}/${encodeURIComponent(id)}/history`).then((r) => r.history);
  }
}
