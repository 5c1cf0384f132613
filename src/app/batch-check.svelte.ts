// Shared state of the batch check: runs check.worker.ts over every parcel, keeps progress and results, and
// the rows of the rule chosen in the findings view (the URL's `rule`, which FindingsOverlay colours the map
// by). One instance per app, from createAppStores().
import { countByRule, rowsForRule, type BatchReply, type BatchRequest, type BatchSource, type ParcelIssues, type RuleCount, type RuleRow } from '../lib/draw/batch.ts';
import type { RuleSource, RuleTileStats } from '../lib/rules/rule-tiles.ts';
import type { DataStore } from './data-store.svelte.ts';
import type { UrlState } from './url-state.svelte.ts';

/** Progress is posted after this many parcels (≈ 20 updates for the 4 000-parcel sample county). */
export const BATCH_PROGRESS_EVERY = 200;

export class BatchCheck {
  status = $state<'idle' | 'running' | 'done' | 'error'>('idle');
  done = $state(0);
  total = $state(0);
  error = $state<string | null>(null);
  ms = $state<number | null>(null);
  /** How the worker read the zones and control lines in the last run: its tile reads, or null when sent whole. */
  ruleTiles = $state.raw<RuleTileStats | null>(null);
  results = $state.raw<ParcelIssues[]>([]);

  private readonly url: UrlState;

  constructor(url: UrlState) {
    this.url = url;
  }

  /** Rule chosen in the findings view ('' = none): the URL's, so a shared link or a reload keeps the filter. */
  get rule(): string {
    return this.url.params.rule;
  }

  readonly counts: RuleCount[] = $derived(countByRule(this.results));
  readonly rows: RuleRow[] = $derived(this.rule ? rowsForRule(this.results, this.rule) : []);

  private worker: Worker | null = null;
  private runId = 0;

  /**
   * Runs over the whole county: the parcels in memory if a panel has read the county already, else streamed by the
   * worker from the parcels file (the page never reads the county for the check, issue 16).
   */
  async start(data: DataStore): Promise<void> {
    if (data.status !== 'ready') return;
    const source: BatchSource | null =
      data.countyStatus === 'ready' ? { kind: 'parcels', parcels: data.parcels.map((p) => ({ geometry: p.geometry, props: p.properties })) } : data.parcelsFile();
    if (source === null) return;
    const runId = ++this.runId;
    this.status = 'running';
    this.done = 0;
    this.total = source.kind === 'parcels' ? source.parcels.length : source.total;
    this.error = null;
    this.ms = null;
    // The zones and control lines: whole if the page has them, else read by the worker tile by tile.
    let rules: RuleSource;
    try {
      rules = await data.ruleSource();
    } catch (e) {
      if (runId !== this.runId) return;
      this.error = e instanceof Error ? e.message : String(e);
      this.status = 'error';
      return;
    }
    if (runId !== this.runId) return; // cancelled meanwhile
    this.worker ??= this.createWorker();
    const req: BatchRequest = {
      type: 'run',
      runId,
      source,
      rules,
      policy: data.policy,
      every: BATCH_PROGRESS_EVERY,
    };
    this.worker.postMessage(req);
  }

  cancel(): void {
    if (this.status !== 'running') return;
    this.worker?.postMessage({ type: 'cancel' });
    this.runId++;
    this.status = this.results.length ? 'done' : 'idle';
  }

  private createWorker(): Worker {
    const w = new Worker(new URL('../workers/check.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<BatchReply>) => {
      const m = e.data;
      if (m.runId !== this.runId) return; // a cancelled or superseded run
      if (m.type === 'progress') {
        this.done = m.done;
        this.total = m.total;
      } else if (m.type === 'done') {
        this.done = m.total;
        this.results = m.results;
        this.ms = m.ms;
        this.ruleTiles = m.ruleTiles;
        this.status = 'done';
      } else {
        this.error = m.message;
        this.status = 'error';
      }
    };
    w.onerror = (e) => {
      this.error = e.message || 'worker error';
      this.status = 'error';
    };
    return w;
  }
}
