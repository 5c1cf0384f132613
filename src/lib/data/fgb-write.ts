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

export interface WriteFgbOptions {
  /** R-tree fan-out, 2–65535. 16 is the FlatGeobuf default (GDAL uses it too). */
  nodeSize?: number;
  /** Layer name stored in the header. */
  name?: string;
  /** EPSG code stored in the header; 0 = no CRS. */
  crsCode?: number;
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
function featureLabel(f: Feature, index: number): string {
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

/** Columns from the union of keys; a key whose values change type is an error, not a silent cast. */
function deriveColumns(features: readonly Feature[]): { name: string; kind: ColumnKind }[] {
  const kinds = new Map<string, ColumnKind | null>();
  const firstSeen = new Map<string, string>();
  features.forEach((f, i) => {
    const props = f.properties ?? {};
    for (const [key, value] of Object.entries(props)) {
      const label = featureLabel(f, i);
      const kind = valueKind(value, key, label);
      const known = kinds.get(key);
      if (known === undefined || known === null) {
        kinds.set(key, kind);
        if (kind !== null) firstSeen.set(key, label);
      } else if (kind !== null && kind !== known) {
        throw new Error(
          `property "${key}" mixes types: ${kind} in feature ${label}, ${known} in feature ${firstSeen.get(key) ?? '?'}`,
        );
      }
    }
  });
  // A column that is null everywhere still gets a type so readers know it exists.
  return [...kinds].map(([name, kind]) => ({ name, kind: kind ?? 'string' }));
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
  opts: { name?: string; crsCode: number },
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
  b.finishSizePrefixed(Header.endHeader(b));
  return b.asUint8Array();
}

/**
 * Encodes features as an indexed FlatGeobuf file. Deterministic: the same features in the same order
 * give the same bytes (no timestamps; ties in Hilbert value keep input order).
 */
export function writeIndexedFgb(features: readonly Feature[], opts: WriteFgbOptions = {}): Uint8Array {
  const nodeSize = opts.nodeSize ?? 16;
  if (!Number.isInteger(nodeSize) || nodeSize < 2 || nodeSize > 65535) {
    throw new Error(`writeIndexedFgb: nodeSize must be an integer 2–65535, got ${nodeSize}`);
  }
  const crsCode = opts.crsCode ?? 4326;

  const labels = features.map(featureLabel);
  const geometryTypes = new Set<GeometryType>();
  const boxes = features.map((f, i) => {
    const type = f.geometry ? GEOMETRY_TYPES[f.geometry.type] : undefined;
    if (type === undefined) {
      throw new Error(`feature ${labels[i]}: unsupported geometry ${JSON.stringify(f.geometry?.type ?? null)}`);
    }
    geometryTypes.add(type);
    return geometryBox(f.geometry, labels[i]!);
  });
  // Mixed types: header says Unknown and each feature geometry carries its own type (spec-allowed).
  const geometryType = geometryTypes.size === 1 ? [...geometryTypes][0]! : GeometryType.Unknown;

  const columns: ColumnMeta[] = deriveColumns(features).map(({ name, kind }) => ({
    name,
    type: KIND_TO_TYPE[kind],
    title: null,
    description: null,
    width: -1,
    precision: -1,
    scale: -1,
    nullable: true,
    unique: false,
    primary_key: false,
  }));

  const n = features.length;
  const envelope: Box | null = n === 0 ? null : [Infinity, Infinity, -Infinity, -Infinity];
  if (envelope) {
    for (const b of boxes) {
      envelope[0] = Math.min(envelope[0], b[0]);
      envelope[1] = Math.min(envelope[1], b[1]);
      envelope[2] = Math.max(envelope[2], b[2]);
      envelope[3] = Math.max(envelope[3], b[3]);
    }
  }

  // Hilbert order of bbox centres scaled onto the 16-bit grid over the dataset extent.
  const order = boxes.map((_, i) => i);
  if (envelope) {
    const w = envelope[2] - envelope[0];
    const h = envelope[3] - envelope[1];
    const keys = boxes.map((b) => {
      const x = w > 0 ? Math.floor((0xffff * ((b[0] + b[2]) / 2 - envelope[0])) / w) : 0;
      const y = h > 0 ? Math.floor((0xffff * ((b[1] + b[3]) / 2 - envelope[1])) / h) : 0;
      return hilbertIndex(x, y);
    });
    order.sort((a, b) => keys[a]! - keys[b]! || a - b);
  }

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
    metadata: null,
  };
  const featureBuffers = order.map((i) => {
    const f = features[i]!;
    const props: IProperties = {};
    for (const c of columns) {
      const v = f.properties?.[c.name];
      // buildFeature skips only null; undefined would be written as NaN/"undefined".
      props[c.name] = v === undefined ? null : (v as IProperties[string]);
    }
    try {
      return buildFeature(parseGeometry(f.geometry), props, headerMeta);
    } catch (e) {
      throw new Error(`feature ${labels[i]}: cannot encode (${e instanceof Error ? e.message : String(e)})`);
    }
  });

  const header = buildHeader({ geometryType, featuresCount: n, indexNodeSize, envelope }, columns, {
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    crsCode,
  });
  const treeSize = n === 0 ? 0 : calcTreeSize(n, nodeSize);
  const featuresSize = featureBuffers.reduce((s, b) => s + b.length, 0);
  const out = new Uint8Array(FGB_MAGIC.length + header.length + treeSize + featuresSize);
  out.set(FGB_MAGIC, 0);
  out.set(header, FGB_MAGIC.length);
  const treeStart = FGB_MAGIC.length + header.length;
  let pos = treeStart + treeSize;
  const featureOffsets: number[] = [];
  for (const fb of featureBuffers) {
    featureOffsets.push(pos - treeStart - treeSize);
    out.set(fb, pos);
    pos += fb.length;
  }
  if (n > 0) writeTree(out, treeStart, order.map((i) => boxes[i]!), featureOffsets, nodeSize);
  return out;
}

/** Fills the packed R-tree: leaves from the sorted boxes, then each level bottom-up. */
function writeTree(out: Uint8Array, treeStart: number, leafBoxes: Box[], featureOffsets: number[], nodeSize: number): void {
  const n = leafBoxes.length;
  const levels = generateLevelBounds(n, nodeSize); // [0] = leaves … last = root, as [start, end) node indices
  const numNodes = levels[0]![1];
  const nodes = new Float64Array(numNodes * 4);
  const offsets = new Array<number>(numNodes).fill(0);
  const leafStart = levels[0]![0];
  for (let i = 0; i < n; i++) {
    nodes.set(leafBoxes[i]!, (leafStart + i) * 4);
    offsets[leafStart + i] = featureOffsets[i]!;
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
      offsets[parent] = child;
    }
  }
  const view = new DataView(out.buffer, out.byteOffset + treeStart, numNodes * NODE_ITEM_BYTE_LEN);
  for (let i = 0; i < numNodes; i++) {
    const p = i * NODE_ITEM_BYTE_LEN;
    for (let k = 0; k < 4; k++) view.setFloat64(p + k * 8, nodes[i * 4 + k]!, true);
    view.setBigUint64(p + 32, BigInt(offsets[i]!), true);
  }
}
