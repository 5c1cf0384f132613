// Writes the search shards (src/lib/data/search-shards.ts) as the parcels are derived, in index order: the parcel
// table under public/search/p/ (id, name and a point: public fields, one copy for both folders, as ids/), the firm
// table under internal/search/f/. Memory holds one band's postings, one row chunk, the grams' dictionary and one
// record per firm — never the county's rows — and each file goes to disk as soon as it is complete.
import { closeSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { FIRM_ROWS_PER_SHARD, FirmPicker, firmsBase, parcelRow, parcelsBase, SearchTableBuilder, tableSpec, type SearchShardsSpec } from '../../src/lib/data/search-shards.ts';
import type { SearchEntry } from '../../src/lib/data/search.ts';
import { writeFully } from './write-fully.ts';

/** `root` holds public/ and internal/; `base` is a table's folder below it (parcelsBase / firmsBase). */
function fileWriter(root: string, base: string): (file: string, json: unknown) => void {
  const dir = join(root, base);
  mkdirSync(dir, { recursive: true });
  return (file, json) => {
    const fd = openSync(join(dir, file), 'w');
    try {
      writeFully(fd, JSON.stringify(json));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  };
}

export class SearchShardWriter {
  readonly #parcels: SearchTableBuilder;
  readonly #firms = new FirmPicker();

  /** `root`: the build's folder holding public/ and internal/; `parcels`: how many rows will come (sizes the shards). */
  constructor(
    private readonly root: string,
    parcels: number,
    private readonly dir = 'search',
  ) {
    this.#parcels = new SearchTableBuilder(tableSpec(parcels), fileWriter(root, parcelsBase(dir)), 2);
  }

  /** One row of the internal parcels index, in index order (the public index is the same rows without the firm). */
  add(e: Pick<SearchEntry, 'id' | 'name' | 'centroid' | 'area_mu_planar' | 'enterprise_name'>): void {
    this.#parcels.add(parcelRow(e));
    this.#firms.add(e);
  }

  /** Writes the rest; the manifests' `search` entries: public (parcels) and internal (parcels and firms). */
  finish(): { public: SearchShardsSpec; internal: SearchShardsSpec } {
    const parcels = this.#parcels.finish();
    const firms = new SearchTableBuilder(tableSpec(this.#firms.size, FIRM_ROWS_PER_SHARD), fileWriter(this.root, firmsBase(this.dir)), 1);
    for (const row of this.#firms.rows()) firms.add(row);
    return { public: { dir: this.dir, parcels }, internal: { dir: this.dir, parcels, firms: firms.finish() } };
  }
}
