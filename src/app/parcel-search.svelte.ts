// The planner map's search (issue 16). With the workspace server the query goes to GET /api/search, which searches
// the current build's parcels where they are (server/workspace/parcel-search.ts): the browser never downloads the
// whole parcels-index.json (30 MB at 200 000 parcels) to find one parcel or firm. Without a server (a static
// deployment), or a server that does not search, the index is read once and searched here with the same search().
import { search, type SearchHit } from '../lib/data/search.ts';
import type { DataStore } from './data-store.svelte.ts';
import type { Session } from './session.svelte.ts';
import { api } from './workspace-api.ts';

export class ParcelSearch {
  #text = $state('');
  /** The server's answer for the query it was asked (answers to older queries are dropped). */
  #answer = $state.raw<{ query: string; hits: SearchHit[] } | null>(null);
  /** The server could not search (no such route, or it failed): search here from now on. */
  #serverFailed = $state(false);
  #asked = 0;

  constructor(
    private readonly session: Session,
    private readonly data: DataStore,
  ) {}

  get #viaServer(): boolean {
    return this.session.shared && !this.#serverFailed;
  }

  get text(): string {
    return this.#text;
  }

  readonly hits: SearchHit[] = $derived.by(() => {
    const q = this.#text.trim();
    if (!q) return [];
    if (this.#viaServer) return this.#answer?.query === q ? this.#answer.hits : [];
    return search(this.data.index, q); // reading the index starts its download on the first query
  });

  /** No answer for the current query yet. */
  readonly loading: boolean = $derived.by(() => {
    const q = this.#text.trim();
    if (!q) return false;
    if (this.#viaServer) return this.#answer?.query !== q;
    return this.data.indexStatus === 'loading' || this.data.indexStatus === 'idle';
  });

  query(text: string): void {
    this.#text = text;
    const q = text.trim();
    if (!q || !this.#viaServer) return;
    const n = ++this.#asked;
    api.search(q).then(
      ({ hits }) => {
        if (n === this.#asked) this.#answer = { query: q, hits };
      },
      (e: unknown) => {
        // A server without search (404) or one that failed: the index in the browser still answers.
        console.warn(`tenglong: search on the server failed (${e instanceof Error ? e.message : String(e)}); searching in the browser`);
        this.#serverFailed = true;
      },
    );
  }
}
