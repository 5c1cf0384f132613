// Reading a set of parcels by id instead of the whole county (issue 16): the campaign's views need the few hundred
// parcels its registers name, not the county's parcels.fgb (125 MB at 200 000 parcels). Each id costs its shard
// (ids/<n>.json, shared by the ids that hash to it) and a bbox read of the indexed FlatGeobuf by ranges; past some
// share of the county that costs more than the county file itself, and then the county is read.
//
// The byte figures below were measured on the sample county's build (4 000 parcels, 16 shards; the 350 parcels its
// registers name, read with one memoByteSource per batch: 6.9 KB and 2.1 range requests per id after the shared
// header). A request is counted as REQUEST_BYTES more, as fgb-read.ts weighs a round trip against unwanted bytes.
import type { ByteSource } from './byte-source.ts';

/** Bytes of the internal parcels.fgb per parcel (sample: 2 491 600 B / 4 000 parcels). */
export const COUNTY_BYTES_PER_PARCEL = 620;
/** One id shard file (IDS_PER_SHARD = 256 ids ≈ 28 KB of JSON). */
export const SHARD_BYTES = 28_000;
/** FlatGeobuf bytes per parcel read by id once the header and the R-tree's top levels are read (sample: 6.9 KB). */
export const FGB_BYTES_PER_ID = 7_000;
/** Range requests per parcel read by id (sample: 2.1). */
export const REQUESTS_PER_ID = 2;
/** What a round trip is worth in bytes (fgb-read.ts merges ranges closer than this). */
export const REQUEST_BYTES = 8_192;

/** The parcels layer as the manifest states it. */
export interface ByIdsLayer {
  count: number;
  ids?: { shards: number } | undefined;
}

/** Estimated bytes (requests counted as REQUEST_BYTES each) of reading `n` distinct parcels by id. */
export function byIdsCost(n: number, shards: number): number {
  return Math.min(n, shards) * (SHARD_BYTES + REQUEST_BYTES) + n * (FGB_BYTES_PER_ID + REQUESTS_PER_ID * REQUEST_BYTES);
}

/**
 * Whether to read `n` distinct parcels by id (true) or the whole county (false): by id only when the build has id
 * shards (a build before issue 16 has only the county) and the estimate is below the county file's size
 * (count × COUNTY_BYTES_PER_PARCEL). No ids: nothing to read, by id.
 */
export function readByIds(n: number, layer: ByIdsLayer | undefined): boolean {
  if (!layer?.ids) return false;
  if (n === 0) return true;
  return byIdsCost(n, layer.ids.shards) < layer.count * COUNTY_BYTES_PER_PARCEL;
}

/**
 * A ByteSource that asks its source once for each (offset, length): the bbox reads of one batch of ids all start with
 * the same header read and often walk the same R-tree nodes, which then cross the wire once. Kept for one batch only
 * (it holds what it read) — or, with `keep`, only the reads it accepts are kept (e.g. the header, for a long run).
 */
export function memoByteSource(source: ByteSource, keep: (offset: number, length: number) => boolean = () => true): ByteSource {
  const reads = new Map<string, Promise<Uint8Array>>();
  return {
    label: source.label,
    size: () => source.size(),
    async read(offset, length) {
      if (!keep(offset, length)) return source.read(offset, length);
      const key = `${offset}:${length}`;
      let p = reads.get(key);
      if (!p) {
        p = source.read(offset, length);
        reads.set(key, p);
        p.catch(() => reads.delete(key));
      }
      // A copy: readers build typed-array views on what they get and must not share one buffer.
      return (await p).slice();
    },
    get bytesRead() {
      return source.bytesRead;
    },
    get requestCount() {
      return source.requestCount;
    },
  };
}

/** `fn` over `items` with at most `limit` calls running at once; results in the order of `items`. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
