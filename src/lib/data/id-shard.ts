// Per-id lookup that does not grow with the county: the pipeline writes the parcels' ids into `shards` small JSON
// files (ids/<n>.json), each id in the file its hash names, with the parcel's box, a point inside it, its name and
// 亩. The card and the prospect page read one shard (a few KB) and then the parcel itself by a range request on the
// indexed FlatGeobuf, instead of a whole-county index.
//
// FNV-1a over UTF-16 code units: tiny, identical in Node and every browser, and spreads ids like "NH-0001-3"
// evenly (a shard count is a power of two, so the low bits decide).

/** About this many ids per shard (≈ 25 KB of JSON). */
export const IDS_PER_SHARD = 256;

export function shardCount(parcels: number): number {
  let n = 1;
  while (n * IDS_PER_SHARD < parcels) n *= 2;
  return n;
}

export function shardOf(id: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & (shards - 1);
}

export const shardFile = (n: number): string => `ids/${n}.json`;

/** One parcel in a shard: [west, south, east, north, lon, lat, 亩] and its name. */
export interface IdEntry {
  bbox: [number, number, number, number];
  point: [number, number];
  area_mu: number;
  name: string;
}

/** A shard file: id → [w, s, e, n, lon, lat, 亩, name]. */
export type ShardJson = Record<string, [number, number, number, number, number, number, number, string]>;

export function shardRow(e: IdEntry): ShardJson[string] {
  return [...e.bbox, ...e.point, e.area_mu, e.name];
}

/** The entry of `id` in a shard file, or null; anything malformed is null too (the caller says "not found"). */
export function readShardEntry(shard: unknown, id: string): IdEntry | null {
  if (typeof shard !== 'object' || shard === null || !Object.hasOwn(shard, id)) return null;
  const r = (shard as Record<string, unknown>)[id];
  if (!Array.isArray(r) || r.length !== 8) return null;
  const nums = r.slice(0, 7);
  if (!nums.every((v) => typeof v === 'number' && Number.isFinite(v)) || typeof r[7] !== 'string') return null;
  const [w, s, e, n, lon, lat, mu] = nums as number[];
  return { bbox: [w!, s!, e!, n!], point: [lon!, lat!], area_mu: mu!, name: r[7] };
}
