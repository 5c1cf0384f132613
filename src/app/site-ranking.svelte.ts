// The page's side of the site worker (src/workers/sites.worker.ts, issue 16): the 招商 site ranking and the chain
// firms' parcels without the page reading the county. The worker streams the parcels file once, on the first
// ranking or overlay asked for; each demand's ranking (and its sites' outlines) is asked once and kept, and so is
// each chain firm's parcel outline, asked when its link is chosen (the firms' parcels come as points and boxes).
// One client ranks one area (or the whole territory): ChainStore makes another when the area changes.
//
// Reads happen inside deriveds and templates, where state must not change: a read starts the work and returns
// what is known now (null / empty); the answers change state when they arrive, never synchronously.
import { SvelteMap } from 'svelte/reactivity';
import type { SiteBuildRequest, SiteOutlinesRequest, SiteRankRequest, SiteReply } from '../lib/chain/site-protocol.ts';
import { byFirmFromColumns } from '../lib/chain/chain-parcel-columns.ts';
import type { ChainParcel } from '../lib/chain/site-stream.ts';
import type { DemandInput, SiteRanking } from '../lib/chain/site-types.ts';
import type { AreaGeometry } from '../lib/data/schema.ts';
import type { Policy } from '../lib/rules/policy.ts';

export type SiteBuildInput = Omit<SiteBuildRequest, 'type'>;

export class SiteRankingClient {
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  /** Why the stream (status 'error') or the last ranking asked failed; null when nothing failed. */
  error = $state<string | null>(null);
  /** Parcels of the chain firms, by firm (empty until the worker has streamed the county). */
  byEnterprise = $state.raw(new Map<string, ChainParcel[]>());
  readonly #rankings = new SvelteMap<string, SiteRanking>();
  readonly #outlines = new Map<string, AreaGeometry>();
  /** Bumped when outlines arrive, so that what read them (the overlay) reads again. */
  #outlinesVersion = $state(0);
  readonly #asked = new Set<string>();
  /** Parcel ids whose outline was asked for, and the ids of each request still unanswered. */
  readonly #outlineAsked = new Set<string>();
  readonly #outlineRequests = new Map<string, string[]>();
  #outlineSeq = 0;
  #worker: Worker | null = null;
  /**
   * When the worker was started and had built its index (the page's clock, ms), its own stream + collect + index
   * time, and when the first ranking came back: what bench/scale-map.ts splits a ranking's answer time into; and what
   * it read and kept.
   */
  readonly timing: { startedAt: number | null; builtAt: number | null; buildMs: number | null; firstRankedAt: number | null; seen: number | null; kept: number | null } = {
    startedAt: null,
    builtAt: null,
    buildMs: null,
    firstRankedAt: null,
    // Parcels the worker read, and kept (a ranking within an area reads those within reach of it only).
    seen: null,
    kept: null,
  };

  /** Starts the stream once; `input` is read only then (the chains and firms it ranks with do not change). */
  start(input: () => SiteBuildInput | null): void {
    if (this.#worker) return;
    const req = input();
    if (!req) return;
    this.timing.startedAt = performance.now();
    const w = new Worker(new URL('../workers/sites.worker.ts', import.meta.url), { type: 'module' });
    this.#worker = w;
    w.onmessage = (e: MessageEvent<SiteReply>) => this.#answer(e.data);
    w.onerror = (e) => this.#fail(e.message || 'site worker error');
    const build: SiteBuildRequest = { type: 'build', ...req };
    w.postMessage(build);
    queueMicrotask(() => {
      if (this.status === 'idle') this.status = 'loading';
    });
  }

  /** The ranking of a demand: null while it is being computed (asked of the worker on the first read). */
  ranking(demand: DemandInput, top: number, policy: Policy): SiteRanking | null {
    const key = JSON.stringify([demand, top]);
    const got = this.#rankings.get(key);
    if (got) return got;
    if (this.#worker && !this.#asked.has(key)) {
      this.#asked.add(key);
      const req: SiteRankRequest = { type: 'rank', key, demand, top, policy };
      this.#worker.postMessage(req);
    }
    return null;
  }

  /** Outline of a ranked site's member parcel (known once a ranking holding it has arrived). */
  outline(id: string): AreaGeometry | undefined {
    void this.#outlinesVersion;
    return this.#outlines.get(id);
  }

  /**
   * The outlines known of these parcels (chain firms' parcels or candidates); those not known are asked of the worker
   * in one request, once, and arrive later.
   */
  outlines(ids: readonly string[]): Map<string, AreaGeometry> {
    void this.#outlinesVersion;
    const got = new Map<string, AreaGeometry>();
    const missing: string[] = [];
    for (const id of ids) {
      const g = this.#outlines.get(id);
      if (g) got.set(id, g);
      else if (!this.#outlineAsked.has(id)) missing.push(id);
    }
    if (missing.length && this.#worker) {
      const key = `outlines:${++this.#outlineSeq}`;
      for (const id of missing) this.#outlineAsked.add(id);
      this.#outlineRequests.set(key, missing);
      const req: SiteOutlinesRequest = { type: 'outlines', key, ids: missing };
      this.#worker.postMessage(req);
    }
    return got;
  }

  #answer(m: SiteReply): void {
    if (m.type === 'built') {
      this.timing.builtAt = performance.now();
      this.timing.buildMs = m.ms;
      this.timing.seen = m.seen;
      this.timing.kept = m.kept;
      this.byEnterprise = byFirmFromColumns(m.chainParcels);
      this.status = 'ready';
    } else if (m.type === 'outlines') {
      this.#outlineRequests.delete(m.key);
      for (const [id, g] of m.outlines) this.#outlines.set(id, g);
      this.#outlinesVersion++;
    } else if (m.type === 'ranked') {
      this.timing.firstRankedAt ??= performance.now();
      for (const [id, g] of m.outlines) this.#outlines.set(id, g);
      this.#rankings.set(m.key, m.ranking);
      // an earlier ranking's failure is no longer what the list shows (a failed build stays reported)
      if (this.status !== 'error') this.error = null;
    } else if (m.key === null) {
      this.#fail(m.message);
    } else {
      // A failed ranking or outlines request is asked again on the next read.
      for (const id of this.#outlineRequests.get(m.key) ?? []) this.#outlineAsked.delete(id);
      this.#outlineRequests.delete(m.key);
      this.#asked.delete(m.key);
      this.error = m.message;
    }
  }

  /** Ends the worker (its area is no longer the one asked for); nothing it would still answer arrives. */
  stop(): void {
    this.#worker?.terminate();
    this.#worker = null;
  }

  #fail(message: string): void {
    this.error = message;
    this.status = 'error';
  }
}
