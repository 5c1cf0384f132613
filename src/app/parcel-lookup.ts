// One parcel by id without a whole-county file (issue 16): its shard (public/ids/<n>.json, a few KB: box, point,
// 亩, name), then the parcel itself by a bbox read of the indexed FlatGeobuf over HTTP ranges (the header, the R-tree
// nodes on the way, the few features whose boxes meet it). Used by the planner map's card and the prospect page.
import { httpByteSource } from '../lib/data/byte-source.ts';
import { mapLimit, memoByteSource } from '../lib/data/by-ids.ts';
import { readFgbBbox } from '../lib/data/fgb-read.ts';
import { readShardEntry, shardFile, shardOf, type IdEntry } from '../lib/data/id-shard.ts';
import type { AreaGeometry, Feature } from '../lib/data/schema.ts';
import { dataUrl, fetchJson, type Manifest } from './data-files.ts';

/** The absolute URL of a published file (the tile protocol and range reads need one), with the build's id. */
export function dataFileUrl(path: string, manifest: Manifest | null): string {
  const url = new URL(dataUrl(path));
  if (manifest?.release) url.searchParams.set('v', manifest.release);
  return url.href;
}

export class ParcelLookup {
  readonly #shards = new Map<number, Promise<unknown>>();
  constructor(readonly manifest: Manifest) {}

  /** The parcel's shard entry, or null when the build has no such id (or no shards: a build before issue 16). */
  async entry(id: string): Promise<IdEntry | null> {
    const shards = this.manifest.layers['parcels']?.ids?.shards;
    if (!shards) return null;
    const n = shardOf(id, shards);
    let p = this.#shards.get(n);
    if (!p) {
      p = fetchJson<unknown>(`public/${shardFile(n)}?v=${encodeURIComponent(this.manifest.release ?? '')}`);
      this.#shards.set(n, p);
      p.catch(() => this.#shards.delete(n));
    }
    return readShardEntry(await p, id);
  }

  /** Every parcel whose box meets `bbox`, with every field of `folder`'s parcels.fgb (an R-tree read by ranges). */
  async inBox<P>(bbox: [number, number, number, number], folder: 'internal' | 'public'): Promise<Feature<AreaGeometry, P>[]> {
    return (await readFgbBbox(httpByteSource(dataFileUrl(`${folder}/parcels.fgb`, this.manifest)), bbox)) as unknown as Feature<AreaGeometry, P>[];
  }

  /**
   * Many parcels by id (the campaign's named parcels): their shards through the same cache, then one bbox read each on
   * a byte source shared by the batch (memoByteSource: the header and the R-tree nodes they share cross the wire
   * once), at most `concurrency` at a time. An unknown id maps to null.
   */
  async features<P extends { id: string }>(
    ids: readonly string[],
    folder: 'internal' | 'public',
    concurrency = 6,
  ): Promise<Map<string, { feature: Feature<AreaGeometry, P>; entry: IdEntry } | null>> {
    const source = memoByteSource(httpByteSource(dataFileUrl(`${folder}/parcels.fgb`, this.manifest)));
    const got = await mapLimit([...new Set(ids)], concurrency, async (id) => {
      const entry = await this.entry(id);
      if (!entry) return [id, null] as const;
      const near = (await readFgbBbox(source, entry.bbox)) as unknown as Feature<AreaGeometry, P>[];
      const feature = near.find((f) => f.properties.id === id);
      return [id, feature ? { feature, entry } : null] as const;
    });
    return new Map(got);
  }

  /** The parcel with every field of `folder`'s parcels.fgb ('internal' or 'public'), or null. */
  async feature<P extends { id: string }>(id: string, folder: 'internal' | 'public'): Promise<{ feature: Feature<AreaGeometry, P>; entry: IdEntry } | null> {
    return (await this.features<P>([id], folder, 1)).get(id) ?? null;
  }
}
