// The 招引需求清单 as the workspace keeps it (issue 14): read from /api/demands, kept current by polling the change
// feed (/api/changes) so a colleague's edit shows without reloading, written with the version each edit started
// from — a stale one comes back as a conflict the user resolves field by field (ConflictDialog) — and, once, the
// changes this browser kept in localStorage before the workspace existed, imported on the user's say-so.
import type { DemandImport, RowError } from '../lib/chain/demand-csv.ts';
import type { DemandOverlay } from '../lib/chain/demand-list.ts';
import type { Demand } from '../lib/data/schema.ts';
import { applyChanges, type AuditEntry, type StoredRecord } from '../lib/workspace/records.ts';
import { ChangeFeed } from './change-feed.svelte.ts';
import { api, ApiFailure } from './workspace-api.ts';


export interface DemandConflict {
  /** What this user tried to save. */
  mine: Demand;
  /** The record as it is now on the server (changed, or deleted, by someone else). */
  current: StoredRecord<Demand>;
}

export interface LocalImportReport {
  imported: number;
  failed: { id: string; error: string }[];
  /** Shipped entries this browser had removed: not removed from the shared list (a colleague may rely on them). */
  removalsNotApplied: string[];
}

const failureText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class SharedDemands {
  records = $state.raw<ReadonlyMap<string, StoredRecord<Demand>>>(new Map());
  /** The last conflict, shown by the conflict dialog until resolved. */
  conflict = $state.raw<DemandConflict | null>(null);
  /** The last write that failed for another reason (shown once, above the list). */
  writeError = $state<string | null>(null);
  private readonly feed = new ChangeFeed((changes) => this.apply(changes));

  readonly list: StoredRecord<Demand>[] = $derived([...this.records.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));

  async load(): Promise<void> {
    const r = await api.demands();
    this.records = new Map(r.demands.map((d) => [d.id, d]));
    this.feed.start(r.seq);
  }

  /** Set when polling failed: the list may be stale (cleared by the next good poll). */
  get stale(): boolean {
    return this.feed.stale;
  }

  stop(): void {
    this.feed.stop();
  }

  /** Reads the change feed once; applies what colleagues (and this user, harmlessly) changed. */
  poll(): Promise<void> {
    return this.feed.poll();
  }

  private apply(changes: readonly AuditEntry[]): void {
    this.records = applyChanges(this.records, 'demand', changes);
  }

  private put(r: StoredRecord<Demand>): void {
    const next = new Map(this.records);
    if (r.deleted) next.delete(r.id);
    else next.set(r.id, r);
    this.records = next;
  }

  /** A 409 becomes the conflict to resolve; anything else the write error. Returns whether it was a conflict. */
  private failed(e: unknown, mine: Demand | null): boolean {
    if (e instanceof ApiFailure && e.status === 409 && e.current) {
      if (!e.current.deleted) this.put(e.current);
      if (mine) {
        this.conflict = { mine, current: e.current };
        return true;
      }
    }
    this.writeError = failureText(e);
    return false;
  }

  /**
   * Saves an edit of `oldId` started from `baseVersion` (or a new entry when oldId is null). A renamed id is a new
   * record plus the old one removed, since a record's id never changes. Returns whether it was saved.
   */
  async save(oldId: string | null, d: Demand, baseVersion: number | null): Promise<boolean> {
    this.writeError = null;
    try {
      if (oldId === null || oldId !== d.id) {
        this.put(await api.createDemand(d));
        if (oldId !== null && baseVersion !== null) this.put(await api.removeDemand(oldId, baseVersion));
      } else {
        this.put(await api.updateDemand(d.id, d, baseVersion ?? this.records.get(d.id)?.version ?? 1));
      }
      return true;
    } catch (e) {
      this.failed(e, d);
      return false;
    }
  }

  async remove(id: string): Promise<boolean> {
    this.writeError = null;
    const held = this.records.get(id);
    if (!held) return false;
    try {
      this.put(await api.removeDemand(id, held.version));
      return true;
    } catch (e) {
      // Changed meanwhile: the list now shows the current record; the user decides again with it in view.
      this.failed(e, null);
      return false;
    }
  }

  /** The conflict dialog's answer: `merged` saved over the current version (restoring it if it was deleted), or null to keep theirs. */
  async resolve(merged: Demand | null): Promise<boolean> {
    const c = this.conflict;
    this.conflict = null;
    if (!c || merged === null) return true;
    let version = c.current.version;
    try {
      if (c.current.deleted) version = (await api.restoreDemand(c.current.id, version)).version;
      this.put(await api.updateDemand(c.current.id, merged, version));
      return true;
    } catch (e) {
      this.failed(e, merged);
      return false;
    }
  }

  /** Imports parsed rows: new ids are created, existing ones replaced at their current version. */
  async importRows(parsed: DemandImport): Promise<DemandImport> {
    const errors: RowError[] = [...parsed.errors];
    const saved: Demand[] = [];
    for (const d of parsed.demands) {
      const held = this.records.get(d.id);
      try {
        this.put(held ? await api.updateDemand(d.id, d, held.version) : await api.createDemand(d));
        saved.push(d);
      } catch (e) {
        const why = failureText(e);
        errors.push({ line: 0, message: { zh: `${d.id}：未保存（${why}）`, en: `${d.id}: not saved (${why})` } });
      }
    }
    return { demands: saved, errors };
  }

  /** The one-time import of what this browser kept before the workspace: its added and edited entries. */
  async importLocal(overlay: DemandOverlay): Promise<LocalImportReport> {
    const failed: LocalImportReport['failed'] = [];
    let imported = 0;
    for (const d of overlay.upserts) {
      const held = this.records.get(d.id);
      if (held && JSON.stringify(held.data) === JSON.stringify(d)) {
        imported++;
        continue;
      }
      try {
        this.put(held ? await api.updateDemand(d.id, d, held.version) : await api.createDemand(d));
        imported++;
      } catch (e) {
        failed.push({ id: d.id, error: failureText(e) });
      }
    }
    return { imported, failed, removalsNotApplied: overlay.removed.filter((id) => this.records.has(id)) };
  }

  history(id: string): Promise<AuditEntry[]> {
    return api.demandHistory(id).then((r) => r.history);
  }
}
