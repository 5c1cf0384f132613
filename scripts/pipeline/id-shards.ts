// Writes public/ids/<n>.json (src/lib/data/id-shard.ts): each parcel's row spooled as it is derived, then the
// shards written one at a time — memory holds three numbers per parcel, never the county's rows.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { shardCount, shardFile, shardOf, shardRow, type IdEntry } from '../../src/lib/data/id-shard.ts';
import { F64List } from './fgb-file.ts';
import { Spool, SpoolReader } from './spool.ts';
import { writeFully } from './write-fully.ts';

export class IdShardWriter {
  readonly #spool: Spool;
  readonly #rows = new F64List();
  readonly shards: number;

  constructor(work: string, parcels: number) {
    this.shards = shardCount(parcels);
    this.#spool = new Spool(join(work, 'id-shards.jsonl'));
  }

  add(id: string, e: IdEntry): void {
    const { offset, length } = this.#spool.appendText(`${JSON.stringify(id)}:${JSON.stringify(shardRow(e))}`);
    this.#rows.push(shardOf(id, this.shards), offset, length);
  }

  /** Writes every shard (an empty one too, so a lookup never meets a 404 for a valid build) under `dir`/ids/. */
  async finish(dir: string): Promise<{ shards: number; dir: string }> {
    this.#spool.close();
    await mkdir(join(dir, 'ids'));
    const n = this.#rows.length / 3;
    const d = this.#rows.data;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => d[3 * a]! - d[3 * b]! || d[3 * a + 1]! - d[3 * b + 1]!);
    const reader = new SpoolReader(this.#spool.path);
    try {
      let i = 0;
      for (let s = 0; s < this.shards; s++) {
        const parts: string[] = [];
        for (; i < n && d[3 * order[i]!] === s; i++) parts.push(reader.readText(d[3 * order[i]! + 1]!, d[3 * order[i]! + 2]!));
        const fd = openSync(join(dir, shardFile(s)), 'w');
        try {
          writeFully(fd, `{${parts.join(',')}}`);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
    } finally {
      reader.close();
    }
    await this.#spool.remove();
    return { shards: this.shards, dir: 'ids' };
  }
}
