// Reads FlatGeobuf files: whole files from bytes, and bbox queries over any ByteSource (memory or HTTP
// Range) that fetch only the header, the R-tree nodes on the path to the query and the matching
// features. Decoding of one feature (geometry + properties) is flatgeobuf's own code.
//
// The bbox query is a BBOX filter: it returns every feature whose bounding box intersects the query
// box (edges touching count), which is what an R-tree answers. A feature whose bbox touches the box
// while its geometry does not is included; callers needing exact geometry tests do them afterwards.
//
// Returned feature ids: `properties.id` when it is a string or number, else the feature's position
// in the file (FlatGeobuf stores no GeoJSON id).
//
// flatgeobuf's public bbox read works only on a URL with its own fetch or on a whole file in memory, and misreads a
// server that ignores Range; hence this search over a ByteSource, on flatgeobuf modules imported by path
// (docs/adr/0017-flatgeobuf-bbox-search.md; fgb-internals.test.ts pins what is used).

import * as flatbuffers from 'flatbuffers';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { Feature as FgbFeature } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js';
import { fromFeature } from 'flatgeobuf/lib/mjs/geojson/feature.js';
import { fromByteBuffer, type HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { calcTreeSize, generateLevelBounds, NODE_ITEM_BYTE_LEN } from 'flatgeobuf/lib/mjs/packedrtree.js';
import { readRanges, type ByteRange, type ByteSource } from './byte-source.ts';
import type { AnyGeometry, Feature } from './schema.ts';

export type BBox = [minX: number, minY: number, maxX: number, maxY: number];

export interface FgbHeader {
  featuresCount: number;
  /** 0 = no spatial index. */
  indexNodeSize: number;
  envelope: BBox | null;
  /** `type` is the FlatGeobuf column type name: 'Double', 'Bool', 'String', 'Json', … */
  columns: { name: string; type: string }[];
  crs: { org: string | null; code: number } | null;
  /** 'Polygon', 'MultiPolygon', 'Point', 'LineString', … or 'Unknown' (mixed). */
  geometryType: string;
  name: string | null;
  /** The header's free-text metadata (null when the file has none). */
  metadata: string | null;
}

export interface BboxReadOptions {
  /**
   * Neighbouring byte ranges closer than this are fetched in one read. Over HTTP a request costs
   * a round trip (tens of ms), worth several KB of unwanted bytes; too large and a small query
   * drags in unrelated features. 8 KB ≈ 30–40 small parcels.
   */
  mergeGapBytes?: number;
}

const MAGIC_LEN = 8;
const SIZE_PREFIX_LEN = 4;
/** First read: enough for a typical header plus the top levels of the R-tree (3 levels at fan-out 16 ≈ 11 KB). */
const PREFETCH_BYTES = 16384;
const MAX_HEADER_BYTES = 10 * 1024 * 1024;
const DEFAULT_MERGE_GAP = 8192;

interface ParsedHeader {
  meta: HeaderMeta;
  /** Layer name (HeaderMeta leaves it out). */
  name: string | null;
  /** Byte offset where the R-tree (or, without one, the features) starts. */
  headerEnd: number;
}

function checkMagic(bytes: Uint8Array, where: string): void {
  const fgb = (i: number) => bytes[i] === 0x66 && bytes[i + 1] === 0x67 && bytes[i + 2] === 0x62;
  if (bytes.length < MAGIC_LEN || !fgb(0) || !fgb(4)) throw new Error(`${where}: not a FlatGeobuf file (bad magic bytes)`);
  if (bytes[3] !== 3) throw new Error(`${where}: unsupported FlatGeobuf major version ${bytes[3]} (need 3)`);
}

function headerLengthOf(bytes: Uint8Array, where: string): number {
  checkMagic(bytes, where);
  if (bytes.length < MAGIC_LEN + SIZE_PREFIX_LEN) throw new Error(`${where}: file ends inside the header`);
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC_LEN, true);
  if (len < 8 || len > MAX_HEADER_BYTES) throw new Error(`${where}: invalid header size ${len}`);
  return len;
}

/** Parses the header from bytes holding at least magic + size prefix + header. */
function parseHeader(bytes: Uint8Array, where: string): ParsedHeader {
  const len = headerLengthOf(bytes, where);
  const headerEnd = MAGIC_LEN + SIZE_PREFIX_LEN + len;
  if (bytes.length < headerEnd) throw new Error(`${where}: file ends inside the header (${bytes.length} < ${headerEnd} bytes)`);
  // A fresh copy: flatbuffers builds Float64Array views (envelope) that need an 8-aligned buffer.
  const bb = new flatbuffers.ByteBuffer(bytes.slice(MAGIC_LEN, headerEnd));
  const meta = fromByteBuffer(bb);
  bb.setPosition(0);
  return { meta, name: Header.getSizePrefixedRootAsHeader(bb).name(), headerEnd };
}

function publicHeader({ meta, name }: ParsedHeader): FgbHeader {
  const env = meta.envelope;
  return {
    featuresCount: meta.featuresCount,
    indexNodeSize: meta.indexNodeSize,
    envelope: env && env.length >= 4 ? [env[0]!, env[1]!, env[2]!, env[3]!] : null,
    columns: (meta.columns ?? []).map((c) => ({ name: c.name, type: ColumnType[c.type] ?? `type ${c.type}` })),
    crs: meta.crs ? { org: meta.crs.org, code: meta.crs.code } : null,
    geometryType: GeometryType[meta.geometryType] ?? `type ${meta.geometryType}`,
    name,
    metadata: meta.metadata ?? null,
  };
}

/** True when the file declares an R-tree (node size ≥ 2) AND is long enough to hold it. */
export function hasSpatialIndex(bytes: Uint8Array): boolean {
  const { meta, headerEnd } = parseHeader(bytes, 'hasSpatialIndex');
  if (meta.indexNodeSize < 2 || meta.featuresCount < 1) return false;
  return bytes.length >= headerEnd + calcTreeSize(meta.featuresCount, meta.indexNodeSize);
}

const SUPPORTED_GEOMETRIES = new Set(['Point', 'LineString', 'Polygon', 'MultiPolygon']);

/** Decodes one size-prefixed feature buffer (must start at byte 0 of its own ArrayBuffer). */
function decodeFeature(bytes: Uint8Array, index: number, meta: HeaderMeta, where: string): Feature {
  const raw = fromFeature(index, FgbFeature.getSizePrefixedRootAsFeature(new flatbuffers.ByteBuffer(bytes)), meta);
  const geometry = raw.geometry;
  if (!geometry || !SUPPORTED_GEOMETRIES.has(geometry.type)) {
    throw new Error(`${where}: feature #${index} has unsupported geometry ${geometry?.type ?? 'null'}`);
  }
  const properties: Record<string, unknown> = { ...raw.properties };
  const pid = properties.id;
  return {
    type: 'Feature',
    id: typeof pid === 'string' || typeof pid === 'number' ? pid : index,
    // Checked above: one of the four geometry types of our schema, in GeoJSON shape.
    geometry: geometry as AnyGeometry,
    properties,
  };
}

/** Every feature of a file held in memory, in file order. Works with or without a spatial index. */
export function readAllFgb(bytes: Uint8Array, where = 'readAllFgb'): Feature[] {
  const { meta, headerEnd } = parseHeader(bytes, where);
  let offset = headerEnd;
  if (meta.indexNodeSize > 0 && meta.featuresCount > 0) offset += calcTreeSize(meta.featuresCount, meta.indexNodeSize);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Feature[] = [];
  while (offset < bytes.length) {
    if (offset + SIZE_PREFIX_LEN > bytes.length) throw new Error(`${where}: truncated feature #${out.length} at byte ${offset}`);
    const end = offset + SIZE_PREFIX_LEN + view.getUint32(offset, true);
    if (end > bytes.length) throw new Error(`${where}: truncated feature #${out.length} at byte ${offset}`);
    out.push(decodeFeature(bytes.slice(offset, end), out.length, meta, where));
    offset = end;
  }
  // featuresCount 0 means "unknown" in streamed files, so only a stated count is checked.
  if (meta.featuresCount > 0 && out.length !== meta.featuresCount) {
    throw new Error(`${where}: header says ${meta.featuresCount} features, file holds ${out.length}`);
  }
  return out;
}

/**
 * Every feature of a file arriving in chunks (an HTTP body), in file order, each yielded as soon as its bytes are in:
 * the caller holds one feature at a time, never the file (the batch check streams the county this way, issue 16).
 * The same checks as readAllFgb: a stream that ends inside the header, the index or a feature, or holds another
 * number of features than the header states, throws naming `where` and the feature.
 */
export async function* streamFgb(chunks: AsyncIterable<Uint8Array>, where = 'streamFgb'): AsyncGenerator<Feature> {
  let buf = new Uint8Array(0);
  let start = 0; // bytes of buf already consumed
  const append = (chunk: Uint8Array): void => {
    const rest = buf.length - start;
    const next = new Uint8Array(rest + chunk.length);
    next.set(buf.subarray(start), 0);
    next.set(chunk, rest);
    buf = next;
    start = 0;
  };
  let header: ParsedHeader | null = null;
  let skip = 0; // index bytes still to pass over
  let count = 0;
  let read = 0; // bytes consumed from the stream so far, for messages
  for await (const chunk of chunks) {
    append(chunk);
    if (header === null) {
      if (buf.length < MAGIC_LEN + SIZE_PREFIX_LEN) continue;
      const headerEnd = MAGIC_LEN + SIZE_PREFIX_LEN + headerLengthOf(buf, where);
      if (buf.length < headerEnd) continue;
      header = parseHeader(buf, where);
      const { featuresCount, indexNodeSize } = header.meta;
      skip = indexNodeSize > 0 && featuresCount > 0 ? calcTreeSize(featuresCount, indexNodeSize) : 0;
      start = headerEnd;
      read = headerEnd;
    }
    if (skip > 0) {
      const n = Math.min(skip, buf.length - start);
      skip -= n;
      start += n;
      read += n;
      if (skip > 0) continue;
    }
    while (buf.length - start >= SIZE_PREFIX_LEN) {
      const len = new DataView(buf.buffer, buf.byteOffset + start).getUint32(0, true);
      const end = start + SIZE_PREFIX_LEN + len;
      if (end > buf.length) break;
      yield decodeFeature(buf.slice(start, end), count, header.meta, where);
      count++;
      read += end - start;
      start = end;
    }
  }
  if (header === null) throw new Error(`${where}: the stream ended inside the header (${buf.length} bytes)`);
  if (skip > 0) throw new Error(`${where}: the stream ended inside the spatial index`);
  if (buf.length > start) throw new Error(`${where}: truncated feature #${count} at byte ${read}`);
  if (header.meta.featuresCount > 0 && count !== header.meta.featuresCount) {
    throw new Error(`${where}: header says ${header.meta.featuresCount} features, the stream held ${count}`);
  }
}

interface OpenedFile extends ParsedHeader {
  /** The first bytes of the file, kept so R-tree nodes inside them need no second read. */
  prefix: Uint8Array;
}

async function openSource(source: ByteSource): Promise<OpenedFile> {
  let prefix = await source.read(0, PREFETCH_BYTES);
  const len = headerLengthOf(prefix, source.label);
  const headerEnd = MAGIC_LEN + SIZE_PREFIX_LEN + len;
  if (prefix.length < headerEnd && prefix.length === PREFETCH_BYTES) {
    const rest = await source.read(prefix.length, headerEnd - prefix.length);
    const joined = new Uint8Array(prefix.length + rest.length);
    joined.set(prefix, 0);
    joined.set(rest, prefix.length);
    prefix = joined;
  }
  return { ...parseHeader(prefix, source.label), prefix };
}

export async function readFgbHeader(source: ByteSource): Promise<FgbHeader> {
  return publicHeader(await openSource(source));
}

function checkBbox(bbox: BBox): void {
  const ok = bbox.length === 4 && bbox.every(Number.isFinite) && bbox[0] <= bbox[2] && bbox[1] <= bbox[3];
  if (!ok) throw new Error(`readFgbBbox: bbox must be [minX, minY, maxX, maxY] with min ≤ max, got ${JSON.stringify(bbox)}`);
}

/**
 * Features whose bbox intersects `bbox`, reading only what the R-tree points at. Walks the tree one
 * level at a time from the root, reading just the child ranges of nodes that intersect; on the leaf
 * level it reads one node past each range so the next leaf's offset gives the feature's length.
 */
export async function readFgbBbox(source: ByteSource, bbox: BBox, opts: BboxReadOptions = {}): Promise<Feature[]> {
  checkBbox(bbox);
  const gap = opts.mergeGapBytes ?? DEFAULT_MERGE_GAP;
  const { meta, headerEnd, prefix } = await openSource(source);
  const n = meta.featuresCount;
  if (n === 0) return [];
  const nodeSize = meta.indexNodeSize;
  if (nodeSize < 2) {
    throw new Error(
      `${source.label}: no spatial index (index_node_size ${nodeSize}); write it with writeIndexedFgb or use readAllFgb`,
    );
  }
  const featuresStart = headerEnd + calcTreeSize(n, nodeSize);
  const read = (ranges: ByteRange[]): Promise<Uint8Array[]> => {
    if (ranges.every((r) => r.offset + r.length <= prefix.length)) {
      return Promise.resolve(ranges.map((r) => prefix.subarray(r.offset, r.offset + r.length)));
    }
    return readRanges(source, ranges, gap);
  };

  const [qMinX, qMinY, qMaxX, qMaxY] = bbox;
  const levels = generateLevelBounds(n, nodeSize); // [0] = leaves … last = root
  const leafStart = levels[0]![0];
  const hits: { index: number; offset: number; next: number | null }[] = [];
  let candidates: [number, number][] = [[0, 1]];
  for (let level = levels.length - 1; level >= 0 && candidates.length > 0; level--) {
    const levelEnd = levels[level]![1];
    const isLeaf = level === 0;
    const lastRead = (end: number) => (isLeaf ? Math.min(end + 1, levelEnd) : end);
    const data = await read(
      candidates.map(([s, e]) => ({
        offset: headerEnd + s * NODE_ITEM_BYTE_LEN,
        length: (lastRead(e) - s) * NODE_ITEM_BYTE_LEN,
      })),
    );
    const next: [number, number][] = [];
    candidates.forEach(([s, e], k) => {
      const bytes = data[k]!;
      if (bytes.length < (lastRead(e) - s) * NODE_ITEM_BYTE_LEN) {
        throw new Error(`${source.label}: file ends inside the R-tree`);
      }
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = s; i < e; i++) {
        const p = (i - s) * NODE_ITEM_BYTE_LEN;
        if (
          view.getFloat64(p, true) > qMaxX ||
          view.getFloat64(p + 8, true) > qMaxY ||
          view.getFloat64(p + 16, true) < qMinX ||
          view.getFloat64(p + 24, true) < qMinY
        ) {
          continue;
        }
        const offset = Number(view.getBigUint64(p + 32, true));
        if (isLeaf) {
          const next = i + 1 < levelEnd ? Number(view.getBigUint64(p + NODE_ITEM_BYTE_LEN + 32, true)) : null;
          hits.push({ index: i - leafStart, offset, next });
          continue;
        }
        const childEnd = Math.min(offset + nodeSize, levels[level - 1]![1]);
        const last = next[next.length - 1];
        if (last && last[1] === offset) last[1] = childEnd; // siblings' children are contiguous
        else next.push([offset, childEnd]);
      }
    });
    candidates = next;
  }
  if (hits.length === 0) return [];

  // Only the file's last feature has no following leaf: its length comes from its own size prefix.
  const ranges: ByteRange[] = [];
  for (const h of hits) {
    let length: number;
    if (h.next !== null) {
      length = h.next - h.offset;
    } else {
      const [sizeBytes] = await read([{ offset: featuresStart + h.offset, length: SIZE_PREFIX_LEN }]);
      if (!sizeBytes || sizeBytes.length < SIZE_PREFIX_LEN) {
        throw new Error(`${source.label}: file ends before feature #${h.index}`);
      }
      length = SIZE_PREFIX_LEN + new DataView(sizeBytes.buffer, sizeBytes.byteOffset).getUint32(0, true);
    }
    ranges.push({ offset: featuresStart + h.offset, length });
  }
  const featureBytes = await read(ranges);
  return hits.map((h, k) => {
    const bytes = featureBytes[k]!;
    if (bytes.length !== ranges[k]!.length) throw new Error(`${source.label}: file ends inside feature #${h.index}`);
    // Own buffer at byte 0 keeps the coordinate Float64Array aligned.
    // Coordinates are read through a Float64Array view, which needs an 8-aligned start.
    const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
    return decodeFeature(aligned, h.index, meta, source.label);
  });
}
