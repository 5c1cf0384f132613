// Indexed FlatGeobuf files written from a stream of features, with the same planning code as the in-memory writer
// (src/lib/data/fgb-write.ts), hence the same layout. Two ways, because the R-tree precedes the features and needs the
// Hilbert order of all of them:
//   - FgbFileWriter: features in any order, columns learnt; each is spooled as a JSON line with only its box kept,
//     then finish() reads them back in Hilbert order, encodes and writes them. For the small layers.
//   - SortedFgbWriter: the caller already knows every box and feeds the features in file order (the pipeline sorts
//     the parcels once, by the boxes it saw while validating them); columns are declared, so each feature is encoded
//     and written straight to its place in the file, with nothing spooled. For the parcels.
// Memory either way: ~60 bytes per feature, whatever the features hold.
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { writeFully } from './write-fully.ts';
import { join } from 'node:path';
import {
  ColumnSet,
  encodeFgbFeature,
  featureBox,
  featureLabel,
  type GeometryType,
  packedTree,
  planIndexedFgb,
  type IndexedPlan,
  type WriteFgbOptions,
} from '../../src/lib/data/fgb-write.ts';
import type { Feature } from '../../src/lib/data/schema.ts';
import { Spool, SpoolReader } from './spool.ts';
import { pauseAt } from './store.ts';

const WRITE_BATCH = 1 << 20;

/** A growable Float64Array (boxes, spans) that is read back as a typed array. */
export class F64List {
  data = new Float64Array(1024);
  length = 0;
  push(...values: number[]): void {
    if (this.length + values.length > this.data.length) {
      const next = new Float64Array(Math.max(this.data.length * 2, this.length + values.length));
      next.set(this.data);
      this.data = next;
    }
    for (const v of values) this.data[this.length++] = v;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

function envelopeOf(boxes: Float64Array, n: number): [number, number, number, number] | null {
  if (n === 0) return null;
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    b[0] = Math.min(b[0], boxes[4 * i]!);
    b[1] = Math.min(b[1], boxes[4 * i + 1]!);
    b[2] = Math.max(b[2], boxes[4 * i + 2]!);
    b[3] = Math.max(b[3], boxes[4 * i + 3]!);
  }
  return b;
}

/** Buffered positional writes of the feature section, then the tree; flushed to disk at the end. */
class FeatureSectionWriter {
  private readonly fd: number;
  /** One reused buffer: features are copied in, not kept as a list until the flush (see Spool). */
  private readonly batch = Buffer.allocUnsafe(WRITE_BATCH);
  private batchBytes = 0;
  private at: number;
  /** Byte offset of each written feature from the start of the feature section. */
  readonly offsets: Float64Array;
  private k = 0;
  private pos = 0;

  constructor(
    path: string,
    private readonly plan: IndexedPlan,
  ) {
    this.fd = openSync(path, 'w');
    writeFully(this.fd, plan.preamble, 0, plan.preamble.length, 0);
    this.at = plan.preamble.length + plan.treeSize;
    this.offsets = new Float64Array(plan.order.length);
  }

  async write(bytes: Uint8Array): Promise<void> {
    this.offsets[this.k++] = this.pos;
    this.pos += bytes.length;
    if (this.batchBytes + bytes.length > WRITE_BATCH) {
      this.flush();
      await pauseAt('write-fgb');
    }
    if (bytes.length > WRITE_BATCH) {
      writeFully(this.fd, bytes, 0, bytes.length, this.at);
      this.at += bytes.length;
      return;
    }
    this.batch.set(bytes, this.batchBytes);
    this.batchBytes += bytes.length;
  }

  private flush(): void {
    if (this.batchBytes === 0) return;
    writeFully(this.fd, this.batch, 0, this.batchBytes, this.at);
    this.at += this.batchBytes;
    this.batchBytes = 0;
  }

  /** Writes the tree into the space left for it and closes the file. */
  close(boxes: Float64Array): void {
    try {
      this.flush();
      if (this.k !== this.plan.order.length) throw new Error(`FlatGeobuf writer: ${this.k} features written, ${this.plan.order.length} planned`);
      if (this.k > 0) {
        const tree = packedTree(this.plan, boxes, this.offsets);
        writeFully(this.fd, tree, 0, tree.length, this.plan.preamble.length);
      }
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
  }
}

export class FgbFileWriter {
  private readonly spool: Spool;
  private readonly boxes = new F64List();
  /** offset, length of each feature's spooled line */
  private readonly spans = new F64List();
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
    return envelopeOf(this.boxes.data, this.n);
  }

  add(f: Feature): void {
    const label = featureLabel(f, this.n);
    const { type, box } = featureBox(f, label);
    this.types.add(type);
    this.columns.add(f.properties, label);
    this.boxes.push(box[0], box[1], box[2], box[3]);
    const { offset, length } = this.spool.append({ g: f.geometry, p: f.properties });
    this.spans.push(offset, length);
    this.n++;
  }

  /** Writes the indexed file to `path` (flushed to disk) and removes the spool. */
  async finish(path: string): Promise<void> {
    this.spool.close();
    const boxes = this.boxes.view();
    const plan = planIndexedFgb(this.n, boxes, this.types, this.columns, { ...this.opts, name: this.opts.name ?? this.name });
    const out = new FeatureSectionWriter(path, plan);
    const reader = this.n > 0 ? new SpoolReader(this.spool.path) : null;
    try {
      for (let k = 0; k < this.n; k++) {
        const i = plan.order[k]!;
        const rec = reader!.readAt(this.spans.data[2 * i]!, this.spans.data[2 * i + 1]!) as { g: Feature['geometry']; p: Record<string, unknown> };
        await out.write(encodeFgbFeature({ type: 'Feature', geometry: rec.g, properties: rec.p }, plan, `#${i}`));
      }
    } finally {
      reader?.close();
      out.close(boxes);
    }
    await this.spool.remove();
  }
}

/**
 * Features fed in file order, every box known in advance (`boxes`, 4 per feature, in that order) and the columns
 * declared: each feature is encoded and written as it comes. A feature whose box differs from the one announced, or
 * with an undeclared property, is an error (the file's index would lie).
 */
export class SortedFgbWriter {
  private readonly plan: IndexedPlan;
  private readonly out: FeatureSectionWriter;
  private k = 0;

  constructor(
    path: string,
    private readonly boxes: Float64Array,
    geometryTypes: ReadonlySet<GeometryType>,
    private readonly columns: ColumnSet,
    opts: WriteFgbOptions = {},
  ) {
    const n = boxes.length / 4;
    this.plan = planIndexedFgb(n, boxes, geometryTypes, columns, opts);
    for (let k = 0; k < n; k++) {
      if (this.plan.order[k] !== k) throw new Error('SortedFgbWriter: the boxes are not in Hilbert order (sort them with hilbertOrder first)');
    }
    this.out = new FeatureSectionWriter(path, this.plan);
  }

  async add(f: Feature): Promise<void> {
    const label = featureLabel(f, this.k);
    const { box } = featureBox(f, label);
    for (let j = 0; j < 4; j++) {
      if (box[j] !== this.boxes[4 * this.k + j]) throw new Error(`feature ${label}: its box is not the one announced for position ${this.k}`);
    }
    this.columns.add(f.properties, label);
    await this.out.write(encodeFgbFeature(f, this.plan, label));
    this.k++;
  }

  finish(): void {
    this.out.close(this.boxes);
  }

  fields(): string[] {
    return this.plan.columns.map((c) => c.name);
  }

  envelope(): [number, number, number, number] | null {
    return envelopeOf(this.boxes, this.boxes.length / 4);
  }

  get count(): number {
    return this.k;
  }
}
