// PMTiles v3 archive encoding: tile ids, directories and the fixed header. Pure (no I/O, no compression library):
// the Node writer (scripts/pipeline/pmtiles-file.ts) supplies the bytes and the gzip. The `pmtiles` npm package only
// reads archives, so this is the writing half, checked against that reader in the tests.
//
// Layout this module assumes (the spec's recommended order, which the writer follows):
//   header (127 bytes) | root directory | JSON metadata | leaf directories | tile data
// A reader fetches the first 16 384 bytes in one request and expects header + root inside them, hence the root budget.

/** Fixed size of the v3 header. */
export const HEADER_BYTES = 127;

/**
 * The most bytes the compressed root directory may take: readers fetch the first 16 KiB once and must find the
 * whole root there (the `pmtiles` reader slices it from that first response without a second request).
 */
export const MAX_ROOT_DIRECTORY_BYTES = 16_384 - HEADER_BYTES;

/** Compression codes of the header (internal = directories and metadata; tile = tile data). */
export const PmCompression = { Unknown: 0, None: 1, Gzip: 2, Brotli: 3, Zstd: 4 } as const;
export type PmCompression = (typeof PmCompression)[keyof typeof PmCompression];

/** Tile type codes of the header. */
export const PmTileType = { Unknown: 0, Mvt: 1, Png: 2, Jpeg: 3, Webp: 4, Avif: 5, Mlt: 6 } as const;
export type PmTileType = (typeof PmTileType)[keyof typeof PmTileType];

/** Highest zoom whose tile ids stay exact in a double (ids reach 4^(z+1)/3, under 2^53 up to z 26). */
export const MAX_ZOOM = 26;

/**
 * Id of tile z/x/y: the count of all tiles at lower zooms, plus the tile's position on the Hilbert curve of its zoom.
 * Ids go past 2^32 from z 16 on, so everything above the per-axis coordinates is done in doubles, never with `<<`.
 */
export function zxyToTileId(z: number, x: number, y: number): number {
  if (!Number.isInteger(z) || z < 0 || z > MAX_ZOOM) throw new RangeError(`tile zoom ${z} is not an integer in 0..${MAX_ZOOM}`);
  const n = 2 ** z;
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= n || y >= n) {
    throw new RangeError(`tile ${z}/${x}/${y} is outside zoom ${z} (x and y must be integers in 0..${n - 1})`);
  }
  // (4^z - 1) / 3 tiles at zooms 0..z-1: exact in doubles, 4^z - 1 being divisible by 3.
  let id = (n * n - 1) / 3;
  // x, y < 2^26 here, so the per-axis bit operations are safe in 32-bit integers.
  let tx = x;
  let ty = y;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) !== 0 ? 1 : 0;
    const ry = (ty & s) !== 0 ? 1 : 0;
    id += s * s * ((3 * rx) ^ ry);
    // Only the bits below s matter from here on; dropping the rest keeps the reflection below non-negative.
    tx &= s - 1;
    ty &= s - 1;
    if (ry === 0) {
      if (rx === 1) {
        tx = s - 1 - tx;
        ty = s - 1 - ty;
      }
      const t = tx;
      tx = ty;
      ty = t;
    }
  }
  return id;
}

/** One directory entry: a run of `runLength` tile ids sharing one blob, or (runLength 0) a leaf directory pointer. */
export interface PmEntry {
  tileId: number;
  /** Bytes from the start of the tile data section (or, for a leaf pointer, of the leaf directory section). */
  offset: number;
  length: number;
  runLength: number;
}

/** Growable byte buffer for varints: directories are built once per archive, so amortised doubling is enough. */
class ByteSink {
  private buf = new Uint8Array(256);
  private len = 0;

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + extra));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /**
   * Unsigned LEB128. Values may exceed 2^32 (tile ids from z 16, offsets in archives over 4 GiB), where `>>>` would
   * wrap, so the high part is peeled off with division while the value is large and bit operations only finish it.
   */
  varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint ${value} is not a non-negative safe integer`);
    this.ensure(10);
    let v = value;
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.len++] = v;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/**
 * The uncompressed directory encoding. Column-wise (all id deltas, then all run lengths, lengths, offsets) rather than
 * entry by entry: each column holds similar small numbers, which is what lets gzip shrink the directory to a few
 * bytes per entry. Offsets are stored +1 with 0 meaning "right after the previous entry's data", because in a
 * clustered archive almost every offset is exactly that and a run of zeros compresses to nearly nothing.
 */
export function serializeDirectory(entries: readonly PmEntry[]): Uint8Array {
  const out = new ByteSink();
  out.varint(entries.length);
  let lastId = 0;
  for (const e of entries) {
    if (e.tileId < lastId) throw new RangeError(`directory entries must be sorted by tile id (${e.tileId} after ${lastId})`);
    out.varint(e.tileId - lastId);
    lastId = e.tileId;
  }
  for (const e of entries) out.varint(e.runLength);
  for (const e of entries) out.varint(e.length);
  let prev: PmEntry | undefined;
  for (const e of entries) {
    // The first entry is always explicit: a reader has no previous entry to continue from.
    out.varint(prev !== undefined && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
    prev = e;
  }
  return out.bytes();
}

/** Directories of an archive: the compressed root and the concatenated compressed leaves (possibly empty). */
export interface PmDirectories {
  root: Uint8Array;
  leaves: Uint8Array;
}

/**
 * Root and leaf directories for `entries` (sorted by tile id). When the whole directory fits the root budget it is
 * the root alone; otherwise the entries are cut into leaves of `leafSize` entries and the root only points at them.
 * The leaf size starts where the spec's reference writer starts (entries / 3500, at least 4096) and grows by 20 %
 * until the root fits: bigger leaves mean fewer root pointers but more bytes fetched per leaf lookup, so the
 * smallest leaf size that fits is the one that keeps tile lookups cheapest.
 */
export function buildDirectories(entries: readonly PmEntry[], compress: (b: Uint8Array) => Uint8Array): PmDirectories {
  // Compressing 16 384 entries of a few bytes each can't fit 16 257 bytes in practice, so skip the attempt there.
  if (entries.length < 16_384) {
    const root = compress(serializeDirectory(entries));
    if (root.length <= MAX_ROOT_DIRECTORY_BYTES) return { root, leaves: new Uint8Array(0) };
  }
  let leafSize = Math.max(4096, Math.floor(entries.length / 3500));
  for (;;) {
    const built = rootAndLeaves(entries, leafSize, compress);
    if (built.root.length <= MAX_ROOT_DIRECTORY_BYTES) return built;
    leafSize = Math.ceil(leafSize * 1.2);
  }
}

function rootAndLeaves(entries: readonly PmEntry[], leafSize: number, compress: (b: Uint8Array) => Uint8Array): PmDirectories {
  const pointers: PmEntry[] = [];
  const parts: Uint8Array[] = [];
  let leafBytes = 0;
  for (let i = 0; i < entries.length; i += leafSize) {
    const leaf = compress(serializeDirectory(entries.slice(i, i + leafSize)));
    // runLength 0 marks a leaf pointer; a lookup lands on it for every id from its first entry up to the next pointer.
    pointers.push({ tileId: entries[i]!.tileId, offset: leafBytes, length: leaf.length, runLength: 0 });
    parts.push(leaf);
    leafBytes += leaf.length;
  }
  const leaves = new Uint8Array(leafBytes);
  let at = 0;
  for (const p of parts) {
    leaves.set(p, at);
    at += p.length;
  }
  return { root: compress(serializeDirectory(pointers)), leaves };
}

/** The v3 header fields, offsets and lengths in bytes from the start of the archive, coordinates in degrees. */
export interface PmtilesHeader {
  rootDirectoryOffset: number;
  rootDirectoryLength: number;
  jsonMetadataOffset: number;
  jsonMetadataLength: number;
  leafDirectoryOffset: number;
  leafDirectoryLength: number;
  tileDataOffset: number;
  tileDataLength: number;
  numAddressedTiles: number;
  numTileEntries: number;
  numTileContents: number;
  clustered: boolean;
  internalCompression: PmCompression;
  tileCompression: PmCompression;
  tileType: PmTileType;
  minZoom: number;
  maxZoom: number;
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
  centerZoom: number;
  centerLon: number;
  centerLat: number;
}

const MAGIC = 'PMTiles';

/** The 127-byte header, little-endian throughout. */
export function encodeHeader(h: PmtilesHeader): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES);
  const v = new DataView(bytes.buffer);
  for (let i = 0; i < MAGIC.length; i++) bytes[i] = MAGIC.charCodeAt(i);
  bytes[7] = 3;
  // DataView has setBigUint64, but BigInt per field buys nothing: every value is a safe integer (< 2^53), so the
  // two 32-bit halves are exact in doubles.
  const u64 = (at: number, value: number, field: string): void => {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`header ${field} ${value} is not a non-negative safe integer`);
    v.setUint32(at, value % 0x1_0000_0000, true);
    v.setUint32(at + 4, Math.floor(value / 0x1_0000_0000), true);
  };
  const u8 = (at: number, value: number, field: string): void => {
    if (!Number.isInteger(value) || value < 0 || value > 255) throw new RangeError(`header ${field} ${value} is not a byte`);
    v.setUint8(at, value);
  };
  // Coordinates are fixed-point 1e-7 degrees (about 1 cm): a 4-byte integer instead of an 8-byte double, and exact
  // round trips at the precision any tile bounds need.
  const e7 = (at: number, degrees: number, field: string, limit: number): void => {
    if (!Number.isFinite(degrees) || Math.abs(degrees) > limit) throw new RangeError(`header ${field} ${degrees} is not within ±${limit}°`);
    v.setInt32(at, Math.round(degrees * 1e7), true);
  };
  u64(8, h.rootDirectoryOffset, 'rootDirectoryOffset');
  u64(16, h.rootDirectoryLength, 'rootDirectoryLength');
  u64(24, h.jsonMetadataOffset, 'jsonMetadataOffset');
  u64(32, h.jsonMetadataLength, 'jsonMetadataLength');
  u64(40, h.leafDirectoryOffset, 'leafDirectoryOffset');
  u64(48, h.leafDirectoryLength, 'leafDirectoryLength');
  u64(56, h.tileDataOffset, 'tileDataOffset');
  u64(64, h.tileDataLength, 'tileDataLength');
  u64(72, h.numAddressedTiles, 'numAddressedTiles');
  u64(80, h.numTileEntries, 'numTileEntries');
  u64(88, h.numTileContents, 'numTileContents');
  u8(96, h.clustered ? 1 : 0, 'clustered');
  u8(97, h.internalCompression, 'internalCompression');
  u8(98, h.tileCompression, 'tileCompression');
  u8(99, h.tileType, 'tileType');
  u8(100, h.minZoom, 'minZoom');
  u8(101, h.maxZoom, 'maxZoom');
  e7(102, h.minLon, 'minLon', 180);
  e7(106, h.minLat, 'minLat', 90);
  e7(110, h.maxLon, 'maxLon', 180);
  e7(114, h.maxLat, 'maxLat', 90);
  u8(118, h.centerZoom, 'centerZoom');
  e7(119, h.centerLon, 'centerLon', 180);
  e7(123, h.centerLat, 'centerLat', 90);
  return bytes;
}
