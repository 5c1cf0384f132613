// An indexed FlatGeobuf file written from a stream of features. The R-tree comes before the features and needs the
// Hilbert order of all of them, so each feature is first appended to a spool (JSON line) while only its box, type
// and the column set are kept; finish() plans the file (src/lib/data/fgb-write.ts, the same code as the in-memory
// writer, hence the same bytes), then reads the features back in file order, encodes and writes them after a space
// left for the tree, and fills the tree in last. Memory: ~60 bytes per feature, whatever the features hold.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { ColumnSet, encodeFgbFeature, featureBox, packedTree, planIndexedFgb, featureLabel, type WriteFgbOptions } from '../../src/lib/data/fgb-write.ts';
import type { Feature } from '../../src/lib/data/schema.ts';
import { Spool, SpoolReader } from './spool.ts';
import { pauseAt } from './store.ts';

const WRITE_BATCH = 1 << 20;

class GrowableF64 {
  data = new Float64Array(1024);
  length = 0;
  push4(a: number, b: number, c: number, d: number): void {
    if (this.length + 4 > this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = a;
    this.data[this.length++] = b;
    this.data[this.length++] = c;
    this.data[this.length++] = d;
  }
  push2(a: number, b: number): void {
    if (this.length + 2 > this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = a;
    this.data[this.length++] = b;
  }
}

export class FgbFileWriter {
  private readonly spool: Spool;
  private readonly boxes = new GrowableF64();
  /** offset, length of each feature's spooled line */
  private readonly spans = new GrowableF64();
  private readonly types = new Set<GeometryType>();
  private readonly columns = new ColumnSet();
  private n = 0;

  constructor(
    tmpDir: string,
    readonly name: string,
    private readonly opts: WriteFgbOptions = {},
  ) {
    this.spool = new Spool(join(tmpDir, `${name.replace(/[^\w.-]/g, '_')}.fgb-spool`));
  }

  get count(): number {
    return this.n;
  }

  /** Property names in column order (what the manifest lists). */
  fields(): string[] {
    return this.columns.meta().map((c) => c.name);
  }

  /** Bounding box of every feature added, or null for none. */
  envelope(): [number, number, number, number] | null {
    if (this.n === 0) return null;
    const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    const d = this.boxes.data;
    for (let i = 0; i < this.n; i++) {
      b[0] = Math.min(b[0], d[4 * i]!);
      b[1] = Math.min(b[1], d[4 * i + 1]!);
      b[2] = Math.max(b[2], d[4 * i + 2]!);
      b[3] = Math.max(b[3], d[4 * i + 3]!);
    }
    return b;
  }

  add(f: Feature): void {
    const label = featureLabel(f, this.n);
    const { type, box } = featureBox(f, label);
    this.types.add(type);
    this.columns.add(f.properties, label);
    this.boxes.push4(box[0], box[1], box[2], box[3]);
    const { offset, length } = this.spool.append({ g: f.geometry, p: f.properties });
    this.spans.push2(offset, length);
    this.n++;
  }

  /** Writes the indexed file to `path` (flushed to disk) and removes the spool. */
  async finish(path: string): Promise<void> {
    this.spool.close();
    const boxes = this.boxes.data.subarray(0, 4 * this.n);
    const plan = planIndexedFgb(this.n, boxes, this.types, this.columns, { ...this.opts, name: this.opts.name ?? this.name });
    const fd = openSync(path, 'w');
    const reader = this.n > 0 ? new SpoolReader(this.spool.path) : null;
    try {
      writeSync(fd, plan.preamble, 0, plan.preamble.length, 0);
      const featuresStart = plan.preamble.length + plan.treeSize;
      const offsets = new Float64Array(this.n);
      let pos = 0;
      let batch: Uint8Array[] = [];
      let batchBytes = 0;
      let batchStart = 0;
      const flush = () => {
        if (batchBytes === 0) return;
        writeSync(fd, Buffer.concat(batch, batchBytes), 0, batchBytes, featuresStart + batchStart);
        batchStart += batchBytes;
        batch = [];
        batchBytes = 0;
      };
      for (let k = 0; k < this.n; k++) {
        const i = plan.order[k]!;
        const rec = reader!.readAt(this.spans.data[2 * i]!, this.spans.data[2 * i + 1]!) as { g: Feature['geometry']; p: Record<string, unknown> };
        const bytes = encodeFgbFeature({ type: 'Feature', geometry: rec.g, properties: rec.p }, plan, `#${i}`);
        offsets[k] = pos;
        pos += bytes.length;
        batch.push(bytes);
        batchBytes += bytes.length;
        if (batchBytes >= WRITE_BATCH) {
          flush();
          await pauseAt('write-fgb');
        }
      }
      flush();
      if (this.n > 0) {
        const tree = packedTree(plan, boxes, offsets);
        writeSync(fd, tree, 0, tree.length, plan.preamble.length);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
      reader?.close();
    }
    await this.spool.remove();
  }
}
