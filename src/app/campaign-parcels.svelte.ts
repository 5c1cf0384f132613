// The parcels the campaign's registers name (cases, projects, 标准地 agreements: a few hundred), read through
// DataStore.parcelsByIds — by id where the build has id shards and that is cheaper than the county file, else the
// county as before (issue 16). One reader per data store, shared by the dashboard, the campaign panel and cards, the
// layer panel, the map's campaign layers and the 作战图 print: each calls want() from an $effect and reads get().
// A record edited to name a new parcel reads just that parcel.
import { untrack } from 'svelte';
import { namedParcelIds } from '../lib/campaign/input.ts';
import type { CampaignRegisters } from './campaign-registers.svelte.ts';
import type { DataStore, ParcelFeature } from './data-store.svelte.ts';

export class CampaignParcels {
  /** The named parcels read so far. */
  byId = $state.raw(new Map<string, ParcelFeature>());
  /** Reads under way; 0 with `ready` = every parcel the registers name now has been read (or is unknown). */
  pending = $state(0);
  /** True once the registers were read and their parcels asked for. */
  started = $state(false);
  problem = $state<string | null>(null);
  readonly #asked = new Set<string>();
  readonly #data: DataStore;
  readonly #registers: CampaignRegisters;

  constructor(data: DataStore, registers: CampaignRegisters) {
    this.#data = data;
    this.#registers = registers;
  }

  /** Whether every parcel the registers name has been read (the campaign's numbers can be computed). */
  get ready(): boolean {
    return this.started && this.pending === 0 && this.problem === null;
  }

  /** The parcel, once read (undefined before, or when the build has no such id). */
  get(id: string): ParcelFeature | undefined {
    return this.byId.get(id);
  }

  /** Reads the parcels the registers name that are not read yet. Call from an $effect (it reads the stores' state). */
  want(): void {
    const r = this.#registers;
    if (this.#data.status !== 'ready' || (r.mode !== 'files' && r.mode !== 'shared')) return;
    const ids = namedParcelIds({ cases: r.data('case'), projects: r.data('project'), agreements: r.data('standard_land') }).filter((id) => !this.#asked.has(id));
    // The effect depends on the registers only: its own writes must not make it run again.
    untrack(() => this.#read(ids));
  }

  #read(ids: string[]): void {
    this.started = true;
    if (ids.length === 0) return;
    for (const id of ids) this.#asked.add(id);
    this.pending++;
    this.problem = null;
    this.#data.parcelsByIds(ids).then(
      (got) => {
        this.byId = new Map([...this.byId, ...got]);
        this.pending--;
      },
      (e: unknown) => {
        // asked again on the next want() (a network blip must not leave the campaign without its parcels)
        for (const id of ids) this.#asked.delete(id);
        this.problem = e instanceof Error ? e.message : String(e);
        this.pending--;
      },
    );
  }
}

const readers = new WeakMap<DataStore, CampaignParcels>();

/** The data store's reader of the campaign's parcels (made on first use). */
export function campaignParcels(data: DataStore, registers: CampaignRegisters): CampaignParcels {
  let r = readers.get(data);
  if (!r) readers.set(data, (r = new CampaignParcels(data, registers)));
  return r;
}
