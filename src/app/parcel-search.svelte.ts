// The planner map's search (issue 16). With the workspace server the query goes to GET /api/search, which searches
// the current build's parcels where they are (server/workspace/parcel-search.ts): the browser never downloads the
// whole parcels-index.json (20–40 MB at 200 000 parcels) to find one parcel or firm. Without a server (a static
// deployment), or a server that does not search, the build's search shards answer (lib/data/search-shards.ts: a few
// small files per query, the same hits as search()); only a build made before the shards has the index read once
// and searched here with search().
import { search, type SearchHit } from '../lib/data/search.ts';
import { searchShards } from '../lib/data/search-shards.ts';
import type { DataStore } from './data-store.svelte.ts';
import type { Session } from './session.svelte.ts';
import { api } from './workspace-api.ts';

/** How the browser answers when the server does not: not known until the manifest says, shards, or the whole index. */
type Local = 'unknown' | 'shards' | 'index';

export class ParcelSearch {
  #text = $state('');
  /** The answer (server's or shards') for the query it was asked (answers to older queries are dropped). */
  #answer = $state.raw<{ query: string; hits: SearchHit[] } | null>(null);
  /** The server could not search (no such route, or it failed): search here from now on. */
  #serverFailed = $state(false);
  #local = $state<Local>('unknown');
  #shards: ReturnType<DataStore['searchShards']> | null = null;
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
    if (this.#viaServer || this.#local !== 'index') return this.#answer?.query === q ? this.#answer.hits : [];
    return search(this.data.index, q); // reading the index starts its download on the first query
  });

  /** No answer for the current query yet. */
  readonly loading: boolean = $derived.by(() => {
    const q = this.#text.trim();
    if (!q) return false;
    if (this.#viaServer || this.#local !== 'index') return this.#answer?.query !== q;
    return this.data.indexStatus === 'loading' || this.data.indexStatus === 'idle';
  });

  query(text: string): void {
    this.#text = text;
    const q = text.trim();
    if (!q) return;
    const n = ++this.#asked;
    const answer = (hits: SearchHit[]) => {
      if (n === this.#asked) this.#answer = { query: q, hits };
    };
    if (!this.#viaServer) {
      this.#searchHere(q, answer);
      return;
    }
    api.search(q).then(({ hits }) => answer(hits), (e: unknown) => {
      // A server without search (404) or one that failed: the shards (or the index) in the browser still answer.
      console.warn(`tenglong: search on the server failed (${e instanceof Error ? e.message : String(e)}); searching in the browser`);
      this.#serverFailed = true;
      if (n === this.#asked) this.#searchHere(q, answer);
    });
  }

  #searchHere(q: string, answer: (hits: SearchHit[]) => void): void {
    if (this.#local === 'index') return; // `hits` searches the index itself
    this.#shards ??= this.data.searchShards().then((s) => s && { spec: s.spec, read: memo(s.read) });
    void this.#shards.then(async (shards) => {
      if (!shards) {
        this.#local = 'index';
        return;
      }
      this.#local = 'shards';
      try {
        answer(await searchShards(shards.spec, shards.read, q));
      } catch (e) {
        // A shard that cannot be read (network, a half-published build): the whole index still answers.
        console.warn(`tenglong: search shards failed (${e instanceof Error ? e.message : String(e)}); reading the whole index`);
        this.#local = 'index';
      }
    });
  }
}

/**
 * Files already read (or being read) are not asked again: the next keystroke reuses the dictionary and the rows.
 * They are small (a few KB each) and a session types a few dozen queries, so nothing is evicted.
 */
function memo(read: (path: string) => Promise<unknown>): (path: string) => Promise<unknown> {
  const cache = new Map<string, Promise<unknown>>();
  return (path) => {
    let p = cache.get(path);
    if (!p) {
      cache.set(path, (p = read(path)));
      p.catch(() => cache.delete(path));
    }
    return p;
  };
}
