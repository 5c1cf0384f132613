// A PMTiles v3 archive written from tiles that arrive in any order (the encoding itself is src/lib/tiles/pmtiles.ts).
//
// The directories and the clustered data section both need every tile id first, so tiles are appended to a temp file
// as they come and only their id, place and content number are kept, in typed arrays; finish() sorts the ids and
// copies each distinct tile once, in id order, from the temp file into the archive.
// Memory: ~30 bytes per tile plus ~100 per distinct content (mostly its hash key), whatever the tiles weigh.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import {
  buildDirectories,
  encodeHeader,
  HEADER_BYTES,
  type PmEntry,
  PmCompression,
  PmTileType,
  zxyToTileId,
} from '../../src/lib/tiles/pmtiles.ts';
import { writeFully } from './write-fully.ts';

export interface PmtilesMeta {
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
  /** [lon, lat, zoom]. */
  center: [number, number, number];
  /** The archive's JSON metadata (TileJSON-like: name, vector_layers, …). */
  metadata: Record<string, unknown>;
}

/** Size of the copy buffer of finish(): big enough that most tiles cost no syscall of their own. */
const COPY_BATCH = 1 << 20;

/** mtime 0: the same tiles give byte-identical archives (gzip would otherwise stamp the build time). */
const gzip = (b: Uint8Array): Uint8Array => gzipSync(b, { mtime: 0 });

function grow<T extends Float64Array | Uint32Array>(a: T, make: (n: number) => T, need: number): T {
  if (need <= a.length) return a;
  const next = make(Math.max(a.length * 2, need));
  next.set(a);
  return next;
}

/** Reads exactly `length` bytes at `position` into `into` at `at` (a short read is retried; a read of nothing is a truncated file). */
function readFully(fd: number, into: Uint8Array, at: number, length: number, position: number): void {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, into, at + done, length - done, position + done);
    if (n <= 0) throw new Error(`PMTiles temp file ended early: ${length - done} of ${length} bytes missing at offset ${position + done}`);
    done += n;
  }
}

export class PmtilesFileWriter {
  private readonly tempPath: string;
  private tempFd: number | null;
  /** Bytes in the temp file, the pending batch included: the offset the next new content gets. */
  private tempBytes = 0;
  /**
   * New contents are gathered here and written 1 MiB at a time rather than with a write(2) each: tiles are mostly a
   * few kB, and a county build adds hundreds of thousands of them.
   */
  private readonly pending = new Uint8Array(COPY_BATCH);
  private pendingBytes = 0;

  // Per tile (in arrival order): its id and which distinct content it has.
  private tileIds = new Float64Array(1024);
  private contentOf = new Uint32Array(1024);
  private tiles = 0;
  /** Ids added so far, for the duplicate check; ids below 2^30 are small integers in V8, so this stays compact. */
  private readonly seen = new Set<number>();
  private minZ = Infinity;
  private maxZ = -Infinity;

  // Per distinct content: where it is in the temp file. Identical tiles (open sea, a field all of one class) are
  // stored once, and only distinct contents are ever written to the temp file or the archive.
  private contentOffset = new Float64Array(1024);
  private contentLength = new Uint32Array(1024);
  private contents = 0;
  /**
   * SHA-256 digest (base64: 44 one-byte chars, against 64 in hex) → content number. Equal digests are taken as
   * equal bytes without reading the first copy back: an accidental collision is out of reach, and the tiles are
   * our own encoder's output, not input crafted against the hash.
   */
  private readonly byHash = new Map<string, number>();

  constructor(workDir: string, name: string) {
    this.tempPath = join(workDir, `${name}.pmtiles-tiles.tmp`);
    // 'w+': the tiles are read back by offset in finish(), from the same descriptor.
    this.tempFd = openSync(this.tempPath, 'w+');
  }

  /** Number of tiles added (addressed tiles, duplicates of content included). */
  get count(): number {
    return this.tiles;
  }

  /** Adds one tile (already gzip-compressed MVT). Tiles may come in any order; each z/x/y at most once. */
  add(z: number, x: number, y: number, tile: Uint8Array): void {
    const fd = this.openTemp();
    const id = zxyToTileId(z, x, y);
    if (this.seen.has(id)) throw new Error(`PMTiles writer: tile ${z}/${x}/${y} was added twice`);
    if (tile.length === 0) throw new Error(`PMTiles writer: tile ${z}/${x}/${y} is empty (a gzip-compressed tile has bytes)`);

    const key = createHash('sha256').update(tile).digest('base64');
    let content = this.byHash.get(key);
    if (content === undefined) {
      content = this.contents++;
      this.contentOffset = grow(this.contentOffset, (n) => new Float64Array(n), this.contents);
      this.contentLength = grow(this.contentLength, (n) => new Uint32Array(n), this.contents);
      this.contentOffset[content] = this.tempBytes;
      this.contentLength[content] = tile.length;
      if (this.pendingBytes + tile.length > this.pending.length) this.flushPending(fd);
      if (tile.length > this.pending.length) writeFully(fd, tile, 0, tile.length, this.tempBytes);
      else {
        this.pending.set(tile, this.pendingBytes);
        this.pendingBytes += tile.length;
      }
      this.tempBytes += tile.length;
      this.byHash.set(key, content);
    }

    const i = this.tiles++;
    this.tileIds = grow(this.tileIds, (n) => new Float64Array(n), this.tiles);
    this.contentOf = grow(this.contentOf, (n) => new Uint32Array(n), this.tiles);
    this.tileIds[i] = id;
    this.contentOf[i] = content;
    this.seen.add(id);
    this.minZ = Math.min(this.minZ, z);
    this.maxZ = Math.max(this.maxZ, z);
  }

  /** Writes the whole archive to `path` (replacing it), flushes it to disk and removes the temp file. */
  async finish(path: string, meta: PmtilesMeta): Promise<void> {
    const tempFd = this.openTemp();
    this.tempFd = null; // finished, whatever happens below: later add()/finish() calls fail clearly
    try {
      this.flushPending(tempFd);
      if (this.tiles > 0 && (this.minZ < meta.minZoom || this.maxZ > meta.maxZoom)) {
        // A reader answers nothing outside [minZoom, maxZoom] without looking, so such tiles would be unreachable.
        throw new Error(`PMTiles writer: tiles span zooms ${this.minZ}..${this.maxZ}, outside the declared ${meta.minZoom}..${meta.maxZoom}`);
      }
      const { entries, order, dataLength } = this.cluster();
      const { root, leaves } = buildDirectories(entries, gzip);
      const json = gzip(new TextEncoder().encode(JSON.stringify(meta.metadata)));

      const rootOffset = HEADER_BYTES;
      const jsonOffset = rootOffset + root.length;
      const leafOffset = jsonOffset + json.length;
      const dataOffset = leafOffset + leaves.length;
      const header = encodeHeader({
        rootDirectoryOffset: rootOffset,
        rootDirectoryLength: root.length,
        jsonMetadataOffset: jsonOffset,
        jsonMetadataLength: json.length,
        leafDirectoryOffset: leafOffset,
        leafDirectoryLength: leaves.length,
        tileDataOffset: dataOffset,
        tileDataLength: dataLength,
        numAddressedTiles: this.tiles,
        numTileEntries: entries.length,
        numTileContents: this.contents,
        clustered: true,
        internalCompression: PmCompression.Gzip,
        tileCompression: PmCompression.Gzip,
        tileType: PmTileType.Mvt,
        minZoom: meta.minZoom,
        maxZoom: meta.maxZoom,
        minLon: meta.bounds[0],
        minLat: meta.bounds[1],
        maxLon: meta.bounds[2],
        maxLat: meta.bounds[3],
        centerLon: meta.center[0],
        centerLat: meta.center[1],
        centerZoom: meta.center[2],
      });

      const out = openSync(path, 'w');
      try {
        let at = 0;
        for (const part of [header, root, json, leaves]) {
          writeFully(out, part, 0, part.length, at);
          at += part.length;
        }
        const copied = this.copyData(tempFd, out, order, at);
        if (copied !== dataLength) throw new Error(`PMTiles writer: copied ${copied} bytes of tile data, planned ${dataLength}`);
        fsyncSync(out);
      } finally {
        closeSync(out);
      }
    } finally {
      closeSync(tempFd);
      unlinkSync(this.tempPath);
      this.byHash.clear();
      this.seen.clear();
    }
  }

  /** Writes the pending batch where it belongs: just before the bytes counted in tempBytes but not yet on disk. */
  private flushPending(fd: number): void {
    writeFully(fd, this.pending, 0, this.pendingBytes, this.tempBytes - this.pendingBytes);
    this.pendingBytes = 0;
  }

  private openTemp(): number {
    if (this.tempFd === null) throw new Error('PMTiles writer: already finished');
    return this.tempFd;
  }

  /**
   * Directory entries of the clustered layout, and the contents in the order their bytes go into the data section.
   * Each content is placed where its first tile (in id order) needs it, and later tiles with the same content point
   * back at it; a tile whose id follows the previous entry's run and has the same content extends that run instead
   * of taking an entry (one entry for a whole stretch of identical sea tiles).
   */
  private cluster(): { entries: PmEntry[]; order: Uint32Array; dataLength: number } {
    const n = this.tiles;
    const ids = this.tileIds;
    const sorted = new Uint32Array(n);
    for (let i = 0; i < n; i++) sorted[i] = i;
    sorted.sort((a, b) => ids[a]! - ids[b]!);

    // Placed offset of each content in the data section, -1 until placed.
    const placed = new Float64Array(this.contents).fill(-1);
    const order = new Uint32Array(this.contents);
    let placedCount = 0;
    let dataLength = 0;
    const entries: PmEntry[] = [];
    let last: PmEntry | undefined;
    let lastContent = -1;
    for (let k = 0; k < n; k++) {
      const i = sorted[k]!;
      const id = ids[i]!;
      const c = this.contentOf[i]!;
      if (last !== undefined && c === lastContent && id === last.tileId + last.runLength) {
        last.runLength++;
        continue;
      }
      let offset = placed[c]!;
      if (offset < 0) {
        offset = dataLength;
        placed[c] = offset;
        order[placedCount++] = c;
        dataLength += this.contentLength[c]!;
      }
      last = { tileId: id, offset, length: this.contentLength[c]!, runLength: 1 };
      lastContent = c;
      entries.push(last);
    }
    return { entries, order, dataLength };
  }

  /** Copies the contents, in `order`, from the temp file to `out` from `position`; returns the bytes copied. */
  private copyData(tempFd: number, out: number, order: Uint32Array, position: number): number {
    const batch = new Uint8Array(COPY_BATCH);
    let filled = 0;
    let at = position;
    const flush = (): void => {
      writeFully(out, batch, 0, filled, at);
      at += filled;
      filled = 0;
    };
    for (const c of order) {
      const offset = this.contentOffset[c]!;
      const length = this.contentLength[c]!;
      if (filled + length > COPY_BATCH) flush();
      if (length > COPY_BATCH) {
        // A tile larger than the batch (rare: MVT tiles are meant to stay under ~500 kB) gets a buffer of its own.
        const big = new Uint8Array(length);
        readFully(tempFd, big, 0, length, offset);
        writeFully(out, big, 0, length, at);
        at += length;
        continue;
      }
      readFully(tempFd, batch, filled, length, offset);
      filled += length;
    }
    flush();
    return at - position;
  }
}
