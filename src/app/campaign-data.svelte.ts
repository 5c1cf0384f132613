// What the campaign panel, the dashboard and the 作战图 print page read (issue 15): the internal tables and record files (fetched once
// through DataStore.once, shared with the stats panel), the registers, and from them the campaign's input and its
// progress as of the year control's day — campaignProgress(campaignInput(…), url.params.year, chinaToday()), the same
// call `tenglong progress` makes, so the app and the CLI agree.
import type { AppStores } from './stores.ts';
import { campaignParcels, type CampaignParcels } from './campaign-parcels.svelte.ts';
import { appCampaignInput, fetchDashboardRecords, fetchStatsTables, type DashboardRecords, type StatsTables } from './stats-data.ts';
import { dayOf } from '../lib/campaign/as-of.ts';
import { campaignProgress, type CampaignInput, type CampaignProgress } from '../lib/campaign/progress.ts';
import type { Day } from '../lib/campaign/types.ts';
import { chinaToday } from '../lib/workspace/parcel-status.ts';

/** The stores the campaign's data comes from. */
export type CampaignStores = Pick<AppStores, 'url' | 'data' | 'registers'>;

export class CampaignData {
  tables = $state.raw<StatsTables | null>(null);
  records = $state.raw<DashboardRecords | null>(null);
  problem = $state<string | null>(null);
  /** China's today, when the view was made (the "now" of the year control). */
  readonly today: Day = chinaToday();
  private readonly ctx: CampaignStores;

  constructor(ctx: CampaignStores) {
    this.ctx = ctx;
    this.parcels = campaignParcels(ctx.data, ctx.registers);
  }

  /** The stores (the deriveds below are lazy: they first run after the constructor has set them). */
  private app(): CampaignStores {
    return this.ctx;
  }

  /** The parcels the registers name (shared by every campaign view: the county is not read for them, issue 16). */
  readonly parcels: CampaignParcels;

  /** Starts the downloads once the map's data is there (call from an $effect: it reads the data store's state). */
  load(): void {
    const { data } = this.ctx;
    if (data.status !== 'ready') return;
    // the registers' parcels (a record's town) are read even from public data; the tables need internal/
    this.parcels.want();
    if (data.internalProblem) return;
    const fail = (e: unknown) => (this.problem = e instanceof Error ? e.message : String(e));
    data.once('stats-tables', fetchStatsTables).then((tb) => (this.tables = tb), fail);
    data.once('dashboard-records', fetchDashboardRecords).then((r) => (this.records = r), fail);
  }

  /** Whether the registers are read (from the server or the delivered files). */
  get registersReady(): boolean {
    const m = this.app().registers.mode;
    return m === 'files' || m === 'shared';
  }

  /** The day the year control stands for. */
  readonly day: Day = $derived(dayOf(this.app().url.params.year, this.today));

  readonly input: CampaignInput | null = $derived.by(() => {
    const { data, registers } = this.app();
    if (!this.tables || !this.records || !this.registersReady || !this.parcels.ready) return null;
    return appCampaignInput(data, this.tables, this.records, registers, this.parcels.byId);
  });

  readonly progress: CampaignProgress | null = $derived.by(() => (this.input ? campaignProgress(this.input, this.app().url.params.year, this.today) : null));

  /** Whether the progress can be shown: loading, ready, or why not (no internal data, registers or tables failed). */
  get state(): 'loading' | 'ready' | { reason: string } {
    const { data, registers } = this.app();
    if (data.internalProblem) return { reason: data.internalProblem };
    if (registers.loadError) return { reason: registers.loadError };
    if (this.problem) return { reason: this.problem };
    if (this.parcels.problem) return { reason: this.parcels.problem };
    return this.input ? 'ready' : 'loading';
  }
}
