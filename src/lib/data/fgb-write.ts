// Writes FlatGeobuf files WITH a packed Hilbert R-tree, which flatgeobuf's JS `serialize` does not
// (it writes index_node_size 0, so no bbox/HTTP-range read is possible). Layout (FlatGeobuf v3):
//   magic(8) | size-prefixed Header flatbuffer | R-tree nodes | size-prefixed Feature flatbuffers...
// Node = minX,minY,maxX,maxY (float64 LE) + offset (uint64 LE). Nodes are stored root first, leaves
// last; a branch's offset is the index of its first child node, a leaf's offset is the byte offset of
// its feature counted from the start of the feature section. The leaves follow the feature order,
// which is why features are sorted by the Hilbert value of their bbox centre: neighbours on the map
// become neighbours in the file, so a small bbox touches a few contiguous byte runs.
//
// Properties: one column per key seen in any feature (first-seen order). number → Double,
// boolean → Bool, string → String, object/array → Json (JSON text, parsed back by readers).
// null or a missing key writes nothing for that feature; readers then omit the key.
// GeoJSON `Feature.id` is NOT stored (FlatGeobuf has no id field): keep ids in `properties.id`.
//
// The flatgeobuf modules below are imported by path, not through its public API, which exports none of the builders
// an indexed writer needs (docs/adr/0017-flatgeobuf-bbox-search.md); fgb-internals.test.ts pins what is used.

import * as flatbuffers from 'flatbuffers';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { Column } from 'flatgeobuf/lib/mjs/flat-geobuf/column.js';
import { Crs } from 'flatgeobuf/lib/mjs/flat-geobuf/crs.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js';
import { buildFeature, type IProperties } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import type { ColumnMeta } from 'flatgeobuf/lib/mjs/column-meta.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { calcTreeSize, generateLevelBounds, NODE_ITEM_BYTE_LEN } from 'flatgeobuf/lib/mjs/packedrtree.js';
import type { AnyGeometry, Feature } from './schema.ts';

/** flatgeobuf's geometry type enum, for the streamed writer (scripts/pipeline/fgb-file.ts) to name without a deep import. */
export type { GeometryType };

export interface WriteFgbOptions {
  /** R-tree fan-out, 2–65535. 16 is the FlatGeobuf default (GDAL uses it too). */
  nodeSize?: number;
  /** Layer name stored in the header. */
  name?: string;
  /** EPSG code stored in the header; 0 = no CRS. */
  crsCode?: number;
  /** The header's free-text `metadata` (FlatGeobuf v3.1+): what every reader of the file needs once, not per feature. */
  metadata?: string;
  /**
   * Features in the order given instead of Hilbert order: for features that come sorted already (a subset of a
   * Hilbert-sorted file, whose readers must see them in that order). The packed R-tree is valid over any order.
   */
  keepOrder?: boolean;
}

/** FlatGeobuf file signature, major version 3, patch 0. */
export const FGB_MAGIC = new Uint8Array([0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62, 0x00]);

type ColumnKind = 'number' | 'boolean' | 'string' | 'json';
const KIND_TO_TYPE: Record<ColumnKind, ColumnType> = {
  number: ColumnType.Double,
  boolean: ColumnType.Bool,
  string: ColumnType.String,
  json: ColumnType.Json,
};

const GEOMETRY_TYPES: Record<AnyGeometry['type'], GeometryType> = {
  Point: GeometryType.Point,
  LineString: GeometryType.LineString,
  Polygon: GeometryType.Polygon,
  MultiPolygon: GeometryType.MultiPolygon,
};

type Box = [number, number, number, number];

/** How to name a feature in an error: its GeoJSON id, else properties.id, else its position. */
export function featureLabel(f: Feature, index: number): string {
  const pid = f.properties?.id;
  if (f.id !== undefined) return `id ${JSON.stringify(f.id)}`;
  if (typeof pid === 'string' || typeof pid === 'number') return `id ${JSON.stringify(pid)}`;
  return `#${index}`;
}

function valueKind(value: unknown, column: string, label: string): ColumnKind | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'object':
      if (ArrayBuffer.isView(value)) break; // binary is not part of our data model
      return 'json';
    default:
      break;
  }
  throw new Error(`feature ${label}: property "${column}" has unsupported type ${typeof value}`);
}

/**
 * Columns from the union of keys, learnt one feature at a time (so a streamed writer sees exactly what the in-memory
 * one sees); a key whose values change type is an error, not a silent cast.
 */
export class ColumnSet {
  private readonly kinds = new Map<string, ColumnKind | null>();
  private readonly firstSeen = new Map<string, string>();
  private declared = false;

  /** Columns fixed in advance (a schema): a feature with another key, or another type, is an error. */
  static declared(columns: readonly { name: string; kind: 'string' | 'number' | 'boolean' }[]): ColumnSet {
    const set = new ColumnSet();
    for (const c of columns) set.kinds.set(c.name, c.kind);
    set.declared = true;
    return set;
  }

  add(props: Record<string, unknown> | null | undefined, label: string): void {
    for (const [key, value] of Object.entries(props ?? {})) {
      const kind = valueKind(value, key, label);
      const known = this.kinds.get(key);
      if (this.declared) {
        if (known === undefined) throw new Error(`feature ${label}: property "${key}" is not a declared column`);
        if (kind !== null && kind !== known) throw new Error(`feature ${label}: property "${key}" is ${kind}, declared ${known}`);
        continue;
      }
      if (known === undefined || known === null) {
        this.kinds.set(key, kind);
        if (kind !== null) this.firstSeen.set(key, label);
      } else if (kind !== null && kind !== known) {
        throw new Error(`property "${key}" mixes types: ${kind} in feature ${label}, ${known} in feature ${this.firstSeen.get(key) ?? '?'}`);
      }
    }
  }

  /** Column metadata in first-seen order; a column null everywhere still gets a type so readers know it exists. */
  meta(): ColumnMeta[] {
    return [...this.kinds].map(([name, kind]) => ({
      name,
      type: KIND_TO_TYPE[kind ?? 'string'],
      title: null,
      description: null,
      width: -1,
      precision: -1,
      scale: -1,
      nullable: true,
      unique: false,
      primary_key: false,
    }));
  }
}

/** Bbox of a geometry; also rejects empty geometries and non-finite coordinates. */
function geometryBox(g: AnyGeometry, label: string): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) throw new Error(`feature ${label}: malformed ${g.type} coordinates`);
    if (typeof c[0] === 'number') {
      const [x, y] = c as number[];
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        throw new Error(`feature ${label}: non-finite coordinate ${JSON.stringify(c)}`);
      }
      box[0] = Math.min(box[0], x!);
      box[1] = Math.min(box[1], y!);
      box[2] = Math.max(box[2], x!);
      box[3] = Math.max(box[3], y!);
      return;
    }
    for (const child of c) visit(child);
  };
  visit(g.coordinates);
  if (box[0] > box[2]) throw new Error(`feature ${label}: empty ${g.type} geometry`);
  return box;
}

/**
 * Position of (x, y) on a Hilbert curve filling a 65536×65536 grid (16 bits per axis, as the
 * FlatGeobuf reference writers use). Walks the quadrants from the coarsest level down, reflecting the
 * remaining low bits so every sub-square is entered where the previous one left off.
 */
export function hilbertIndex(x: number, y: number): number {
  const max = 0xffff;
  let d = 0;
  for (let s = 0x8000; s > 0; s >>= 1) {
    const rx = (x & s) !== 0 ? 1 : 0;
    const ry = (y & s) !== 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry); // plain arithmetic: the sum exceeds 2^31
    if (ry === 0) {
      if (rx === 1) {
        x = max - x;
        y = max - y;
      }
      const t = x;
      x = y;
      y = t;
    }
  }
  return d;
}

function buildHeader(
  meta: { geometryType: GeometryType; featuresCount: number; indexNodeSize: number; envelope: Box | null },
  columns: readonly ColumnMeta[],
  opts: { name?: string; crsCode: number; metadata?: string },
): Uint8Array {
  const b = new flatbuffers.Builder(1024);
  const columnOffsets = columns.map((c) => {
    const nameOffset = b.createString(c.name);
    Column.startColumn(b);
    Column.addName(b, nameOffset);
    Column.addType(b, c.type);
    return Column.endColumn(b);
  });
  const columnsVector = columnOffsets.length > 0 ? Header.createColumnsVector(b, columnOffsets) : 0;
  const nameOffset = opts.name !== undefined ? b.createString(opts.name) : 0;
  const envelopeOffset = meta.envelope ? Header.createEnvelopeVector(b, meta.envelope) : 0;
  const metadataOffset = opts.metadata !== undefined ? b.createString(opts.metadata) : 0;
  let crsOffset = 0;
  if (opts.crsCode) {
    const org = b.createString('EPSG');
    Crs.startCrs(b);
    Crs.addOrg(b, org);
    Crs.addCode(b, opts.crsCode);
    crsOffset = Crs.endCrs(b);
  }
  Header.startHeader(b);
  if (nameOffset) Header.addName(b, nameOffset);
  if (envelopeOffset) Header.addEnvelope(b, envelopeOffset);
  Header.addGeometryType(b, meta.geometryType);
  if (columnsVector) Header.addColumns(b, columnsVector);
  Header.addFeaturesCount(b, BigInt(meta.featuresCount));
  Header.addIndexNodeSize(b, meta.indexNodeSize);
  if (crsOffset) Header.addCrs(b, crsOffset);
  if (metadataOffset) Header.addMetadata(b, metadataOffset);
  b.finishSizePrefixed(Header.endHeader(b));
  return b.asUint8Array();
}

/** Geometry type and bounding box of one feature, checked (finite coordinates, a supported, non-empty geometry). */
export function featureBox(f: Feature, label: string): { type: GeometryType; box: Box } {
  const type = f.geometry ? GEOMETRY_TYPES[f.geometry.type] : undefined;
  if (type === undefined) throw new Error(`feature ${label}: unsupported geometry ${JSON.stringify(f.geometry?.type ?? null)}`);
  return { type, box: geometryBox(f.geometry, label) };
}

/**
 * Feature indices in Hilbert order of their box centres, scaled onto the 16-bit grid over `envelope` (all boxes when
 * omitted); ties keep input order. What the file order of an indexed file is.
 */
export function hilbertOrder(boxes: Float64Array, n: number, envelope?: Box | null): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let env = envelope;
  if (env === undefined && n > 0) {
    env = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      env[0] = Math.min(env[0], boxes[4 * i]!);
      env[1] = Math.min(env[1], boxes[4 * i + 1]!);
      env[2] = Math.max(env[2], boxes[4 * i + 2]!);
      env[3] = Math.max(env[3], boxes[4 * i + 3]!);
    }
  }
  if (!env) return order;
  const [ex, ey] = env;
  const w = env[2] - ex;
  const h = env[3] - ey;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = w > 0 ? Math.floor((0xffff * ((boxes[4 * i]! + boxes[4 * i + 2]!) / 2 - ex)) / w) : 0;
    const y = h > 0 ? Math.floor((0xffff * ((boxes[4 * i + 1]! + boxes[4 * i + 3]!) / 2 - ey)) / h) : 0;
    keys[i] = hilbertIndex(x, y);
  }
  return order.sort((a, b) => keys[a]! - keys[b]! || a - b);
}

/** Everything before the features, decided once every feature's box, type and properties have been seen. */
export interface IndexedPlan {
  /** Magic bytes and the size-prefixed header. */
  preamble: Uint8Array;
  /** Bytes of the packed R-tree that follows the preamble (0 for an empty layer). */
  treeSize: number;
  /** Features in file order (Hilbert order of their box centres; ties keep input order). */
  order: Uint32Array;
  columns: ColumnMeta[];
  headerMeta: HeaderMeta;
  nodeSize: number;
}

/**
 * Plans an indexed file of `n` features whose boxes are `boxes` (minX, minY, maxX, maxY per feature). Shared by the
 * in-memory writer below and the streamed one of the pipeline, so both write the same bytes for the same features.
 */
export function planIndexedFgb(
  n: number,
  boxes: Float64Array,
  geometryTypes: ReadonlySet<GeometryType>,
  columnSet: ColumnSet,
  opts: WriteFgbOptions = {},
): IndexedPlan {
  const nodeSize = opts.nodeSize ?? 16;
  if (!Number.isInteger(nodeSize) || nodeSize < 2 || nodeSize > 65535) {
    throw new Error(`writeIndexedFgb: nodeSize must be an integer 2–65535, got ${nodeSize}`);
  }
  const crsCode = opts.crsCode ?? 4326;
  // Mixed types: header says Unknown and each feature geometry carries its own type (spec-allowed).
  const geometryType = geometryTypes.size === 1 ? [...geometryTypes][0]! : GeometryType.Unknown;
  const columns = columnSet.meta();
  let envelope: Box | null = null;
  if (n > 0) {
    envelope = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      envelope[0] = Math.min(envelope[0], boxes[4 * i]!);
      envelope[1] = Math.min(envelope[1], boxes[4 * i + 1]!);
      envelope[2] = Math.max(envelope[2], boxes[4 * i + 2]!);
      envelope[3] = Math.max(envelope[3], boxes[4 * i + 3]!);
    }
  }
  const order = opts.keepOrder ? Uint32Array.from({ length: n }, (_, i) => i) : hilbertOrder(boxes, n, envelope);
  // An empty layer cannot have an R-tree (the tree needs ≥ 1 item): it is written unindexed.
  const indexNodeSize = n === 0 ? 0 : nodeSize;
  const headerMeta: HeaderMeta = {
    geometryType,
    columns,
    envelope: envelope ? Float64Array.from(envelope) : null,
    featuresCount: n,
    indexNodeSize,
    crs: null,
    title: null,
    description: null,
    metadata: opts.metadata ?? null,
  };
  const header = buildHeader({ geometryType, featuresCount: n, indexNodeSize, envelope }, columns, {
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(opts.metadata !== undefined ? { metadata: opts.metadata } : {}),
    crsCode,
  });
  const preamble = new Uint8Array(FGB_MAGIC.length + header.length);
  preamble.set(FGB_MAGIC, 0);
  preamble.set(header, FGB_MAGIC.length);
  return { preamble, treeSize: n === 0 ? 0 : calcTreeSize(n, nodeSize), order, columns, headerMeta, nodeSize };
}

/** One feature as a size-prefixed FlatGeobuf Feature buffer, with a value (or null) for every column. */
export function encodeFgbFeature(f: Feature, plan: IndexedPlan, label: string): Uint8Array {
  const props: IProperties = {};
  for (const c of plan.columns) {
    const v = f.properties?.[c.name];
    // buildFeature skips only null; undefined would be written as NaN/"undefined".
    props[c.name] = v === undefined ? null : (v as IProperties[string]);
  }
  try {
    return buildFeature(parseGeometry(f.geometry), props, plan.headerMeta);
  } catch (e) {
    throw new Error(`feature ${label}: cannot encode (${e instanceof Error ? e.message : String(e)})`);
  }
}

/**
 * Encodes features as an indexed FlatGeobuf file. Deterministic: the same features in the same order
 * give the same bytes (no timestamps; ties in Hilbert value keep input order).
 */
export function writeIndexedFgb(features: readonly Feature[], opts: WriteFgbOptions = {}): Uint8Array {
  const n = features.length;
  const labels = features.map(featureLabel);
  const boxes = new Float64Array(4 * n);
  const types = new Set<GeometryType>();
  const columnSet = new ColumnSet();
  features.forEach((f, i) => {
    const { type, box } = featureBox(f, labels[i]!);
    types.add(type);
    boxes.set(box, 4 * i);
  });
  features.forEach((f, i) => columnSet.add(f.properties, labels[i]!));
  const plan = planIndexedFgb(n, boxes, types, columnSet, opts);
  const buffers = Array.from(plan.order, (i) => encodeFgbFeature(features[i]!, plan, labels[i]!));
  const featuresSize = buffers.reduce((s, b) => s + b.length, 0);
  const out = new Uint8Array(plan.preamble.length + plan.treeSize + featuresSize);
  out.set(plan.preamble, 0);
  const offsets = new Float64Array(n);
  let pos = 0;
  buffers.forEach((b, k) => {
    offsets[k] = pos;
    out.set(b, plan.preamble.length + plan.treeSize + pos);
    pos += b.length;
  });
  if (n > 0) out.set(packedTree(plan, boxes, offsets), plan.preamble.length);
  return out;
}

/**
 * The packed R-tree bytes: leaves are the boxes in file order (`plan.order`) with their features' byte offsets
 * (`offsets[k]` for the k-th feature in file order, counted from the start of the feature section), then each
 * level bottom-up. Stored root first.
 */
export function packedTree(plan: IndexedPlan, boxes: Float64Array, offsets: Float64Array): Uint8Array {
  const n = plan.order.length;
  const nodeSize = plan.nodeSize;
  const levels = generateLevelBounds(n, nodeSize); // [0] = leaves … last = root, as [start, end) node indices
  const numNodes = levels[0]![1];
  const nodes = new Float64Array(numNodes * 4);
  const nodeOffsets = new Float64Array(numNodes);
  const leafStart = levels[0]![0];
  for (let k = 0; k < n; k++) {
    const i = plan.order[k]!;
    nodes.set(boxes.subarray(4 * i, 4 * i + 4), (leafStart + k) * 4);
    nodeOffsets[leafStart + k] = offsets[k]!;
  }
  for (let l = 0; l + 1 < levels.length; l++) {
    const [start, end] = levels[l]!;
    let parent = levels[l + 1]![0];
    for (let child = start; child < end; child += nodeSize, parent++) {
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (let c = child; c < Math.min(child + nodeSize, end); c++) {
        minX = Math.min(minX, nodes[c * 4]!);
        minY = Math.min(minY, nodes[c * 4 + 1]!);
        maxX = Math.max(maxX, nodes[c * 4 + 2]!);
        maxY = Math.max(maxY, nodes[c * 4 + 3]!);
      }
      nodes.set([minX, minY, maxX, maxY], parent * 4);
      nodeOffsets[parent] = child;
    }
  }
  const out = new Uint8Array(numNodes * NODE_ITEM_BYTE_LEN);
  const view = new DataView(out.buffer);
  for (let i = 0; i < numNodes; i++) {
    const p = i * NODE_ITEM_BYTE_LEN;
    for (let k = 0; k < 4; k++) view.setFloat64(p + k * 8, nodes[i * 4 + k]!, true);
    view.setBigUint64(p + 32, BigInt(nodeOffsets[i]!), true);
  }
  return out;
}
