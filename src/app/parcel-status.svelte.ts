// The workspace's parcel status edits as the app holds them (issue 14): read once from /api/parcel-status when the
// user is logged in to a workspace server, shown on the parcel card as "to be published" until a publish rebuilds
// the data, and written with the version each edit started from — a stale one comes back as 409 with the edit as it
// now is, which the card shows so the user can check it and save again (now on that version).
import type { ParcelStatusEdit } from '../lib/workspace/parcel-status.ts';
import type { StoredRecord } from '../lib/workspace/records.ts';
import type { Session } from './session.svelte.ts';
import { api, ApiFailure } from './workspace-api.ts';

export type ParcelStatusRecord = StoredRecord<ParcelStatusEdit>;

export type SaveOutcome = { ok: true } | { ok: false; conflict: ParcelStatusRecord } | { ok: false; error: string; field: string | null };

const text = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class ParcelStatusStore {
  /** Live edits by parcel id. */
  records = $state.raw<ReadonlyMap<string, ParcelStatusRecord>>(new Map());
  loadError = $state<string | null>(null);
  /** The user the list was read for (a new login reads it again). */
  private loadedFor: string | null = null;

  /** Reads nothing yet: the app store asks once the first view's data is in (stores.ts), a parcel card when shown. */
  constructor(private readonly session: Session) {}

  /** Reads the list if logged in to a workspace and not read yet for this user (call it from an effect). */
  ensureLoaded(): void {
    const who = this.session.shared ? (this.session.user?.name ?? null) : null;
    if (who === null || who === this.loadedFor) return;
    this.loadedFor = who;
    void this.load();
  }

  async load(): Promise<void> {
    try {
      const r = await api.parcelStatuses();
      this.records = new Map(r.statuses.map((s) => [s.id, s]));
      this.loadError = null;
    } catch (e) {
      this.loadError = text(e);
    }
  }

  get(parcelId: string): ParcelStatusRecord | undefined {
    return this.records.get(parcelId);
  }

  private put(r: ParcelStatusRecord): void {
    const next = new Map(this.records);
    if (r.deleted) next.delete(r.id);
    else next.set(r.id, r);
    this.records = next;
  }

  /** 409: the record as it now is goes into the list (so a retry starts from it) and back to the caller. */
  private failure(e: unknown): SaveOutcome {
    if (e instanceof ApiFailure && e.status === 409 && typeof e.body['current'] === 'object' && e.body['current'] !== null) {
      const current = e.body['current'] as ParcelStatusRecord;
      this.put(current);
      return { ok: false, conflict: current };
    }
    const field = e instanceof ApiFailure && typeof e.body['field'] === 'string' ? e.body['field'] : null;
    return { ok: false, error: text(e), field };
  }

  /** Sets the parcel's edit: on the version held (none: a new one). */
  async save(parcelId: string, edit: Omit<ParcelStatusEdit, 'parcel_id'>): Promise<SaveOutcome> {
    try {
      this.put(await api.saveParcelStatus(parcelId, edit, this.records.get(parcelId)?.version ?? null));
      return { ok: true };
    } catch (e) {
      return this.failure(e);
    }
  }

  /** Takes the parcel's edit back: the next publish returns it to its delivered status. */
  async remove(parcelId: string): Promise<SaveOutcome> {
    const held = this.records.get(parcelId);
    if (!held) return { ok: true };
    try {
      this.put(await api.removeParcelStatus(parcelId, held.version));
      return { ok: true };
    } catch (e) {
      return this.failure(e);
    }
  }
}
