import { describe, expect, test } from 'vitest';
import { gunzipSync, gzipSync } from 'fflate';
import { bytesToHeader, Compression, type Entry, type Header, SharedPromiseCache, type Source, TileType, zxyToTileId as readerTileId } from 'pmtiles';
import {
  buildDirectories,
  encodeHeader,
  HEADER_BYTES,
  MAX_ROOT_DIRECTORY_BYTES,
  type PmEntry,
  PmCompression,
  type PmtilesHeader,
  PmTileType,
  serializeDirectory,
  zxyToTileId,
} from './pmtiles.ts';
import { seededRandom } from '../util/seeded-random.ts';

/** Deterministic pseudo-random numbers, so a failure names a reproducible tile. */
const rng = seededRandom;

/** A byte source over memory, for the reader's directory decoding. */
function memorySource(bytes: Uint8Array): Source {
  return {
    getKey: () => 'memory',
    getBytes: async (offset: number, length: number) => ({ data: bytes.slice(offset, offset + length).buffer }),
  };
}

/** Decodes a directory blob with the `pmtiles` reader itself (through its cache, the public way in). */
async function readDirectory(blob: Uint8Array, compression: Compression): Promise<Entry[]> {
  const header = { internalCompression: compression, etag: undefined } as Header;
  return new SharedPromiseCache().getDirectory(memorySource(blob), 0, blob.length, header);
}

const gzip = (b: Uint8Array): Uint8Array => gzipSync(b, { mtime: 0 });

describe('zxyToTileId', () => {
  test('matches the pmtiles reader for every tile of zooms 0..7', () => {
    const mismatches: string[] = [];
    for (let z = 0; z <= 7; z++) {
      for (let x = 0; x < 2 ** z; x++) {
        for (let y = 0; y < 2 ** z; y++) if (zxyToTileId(z, x, y) !== readerTileId(z, x, y)) mismatches.push(`${z}/${x}/${y}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  test('matches the pmtiles reader for random tiles and the corners of zooms 8..16', () => {
    const r = rng(42);
    for (let z = 8; z <= 16; z++) {
      const n = 2 ** z;
      const tiles: [number, number][] = [
        [0, 0],
        [n - 1, 0],
        [0, n - 1],
        [n - 1, n - 1],
      ];
      for (let i = 0; i < 5000; i++) tiles.push([Math.floor(r() * n), Math.floor(r() * n)]);
      const mismatches = tiles.filter(([x, y]) => zxyToTileId(z, x, y) !== readerTileId(z, x, y)).map(([x, y]) => `${z}/${x}/${y}`);
      expect(mismatches).toEqual([]);
    }
  });

  test('stays exact past 2^32 and up to zoom 26', () => {
    for (const z of [17, 20, 24, 26]) {
      const n = 2 ** z;
      for (const [x, y] of [
        [0, 0],
        [n - 1, n - 1],
        [123_457 % n, 98_765 % n],
      ] as const) {
        expect(zxyToTileId(z, x, y)).toBe(readerTileId(z, x, y));
      }
    }
    // The first id of zoom z is the number of tiles above it; the last is one less than the next zoom's first.
    expect(zxyToTileId(26, 0, 0)).toBe((4 ** 26 - 1) / 3);
  });

  test('rejects tiles outside their zoom', () => {
    expect(() => zxyToTileId(3, 8, 0)).toThrow(/outside zoom 3/);
    expect(() => zxyToTileId(3, 0, -1)).toThrow(/outside zoom 3/);
    expect(() => zxyToTileId(2, 0.5, 0)).toThrow(/outside zoom 2/);
    expect(() => zxyToTileId(27, 0, 0)).toThrow(/zoom 27/);
  });
});

describe('serializeDirectory', () => {
  test('is read back exactly by the pmtiles reader, contiguous offsets included', async () => {
    const entries: PmEntry[] = [
      { tileId: 0, offset: 0, length: 10, runLength: 1 },
      { tileId: 1, offset: 10, length: 20, runLength: 3 }, // contiguous: stored as 0
      { tileId: 4, offset: 0, length: 10, runLength: 1 }, // a deduplicated copy of tile 0
      { tileId: 5, offset: 30, length: 7, runLength: 2 },
      { tileId: 2 ** 40, offset: 2 ** 33, length: 70_000, runLength: 1 }, // past 32 bits in id and offset
    ];
    expect(await readDirectory(serializeDirectory(entries), Compression.None)).toEqual(entries);
  });

  test('writes the first offset explicitly even when it is 0, and contiguous ones as a single 0 byte', () => {
    const bytes = serializeDirectory([
      { tileId: 5, offset: 0, length: 3, runLength: 1 },
      { tileId: 6, offset: 3, length: 4, runLength: 1 },
    ]);
    // count, id deltas, run lengths, lengths, offsets (+1, then 0 = contiguous)
    expect([...bytes]).toEqual([2, 5, 1, 1, 1, 3, 4, 1, 0]);
  });

  test('rejects unsorted entries', () => {
    expect(() =>
      serializeDirectory([
        { tileId: 5, offset: 0, length: 3, runLength: 1 },
        { tileId: 4, offset: 3, length: 4, runLength: 1 },
      ]),
    ).toThrow(/sorted/);
  });
});

/** Clustered entries with distinct contents: the worst case for directory size (no runs). */
function distinctEntries(n: number, spacing: (i: number) => number): PmEntry[] {
  const out: PmEntry[] = [];
  let id = 0;
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const length = 100 + ((i * 7919) % 900);
    out.push({ tileId: id, offset, length, runLength: 1 });
    offset += length;
    id += spacing(i);
  }
  return out;
}

describe('buildDirectories', () => {
  test('keeps a small directory in the root alone', async () => {
    const entries = distinctEntries(500, () => 1);
    const { root, leaves } = buildDirectories(entries, gzip);
    expect(leaves.length).toBe(0);
    expect(await readDirectory(root, Compression.Gzip)).toEqual(entries);
  });

  test('splits a large directory into leaves the root points at, each within the root budget', async () => {
    const r = rng(7);
    const entries = distinctEntries(200_000, () => 1 + Math.floor(r() * 50));
    const { root, leaves } = buildDirectories(entries, gzip);
    expect(root.length).toBeLessThanOrEqual(MAX_ROOT_DIRECTORY_BYTES);
    expect(leaves.length).toBeGreaterThan(0);

    const pointers = await readDirectory(root, Compression.Gzip);
    expect(pointers.every((p) => p.runLength === 0)).toBe(true);
    const seen: Entry[] = [];
    let expectedOffset = 0;
    for (const p of pointers) {
      expect(p.offset).toBe(expectedOffset); // leaves are packed back to back
      expectedOffset += p.length;
      const leaf = await readDirectory(leaves.subarray(p.offset, p.offset + p.length), Compression.Gzip);
      expect(leaf[0]!.tileId).toBe(p.tileId);
      seen.push(...leaf);
    }
    expect(expectedOffset).toBe(leaves.length);
    expect(seen).toEqual(entries);
  });

  test('grows the leaves until the root fits when the compressor is poor', () => {
    // No compression at all: 4096-entry leaves would need ~10 000 root pointers, far over the budget.
    const entries = distinctEntries(60_000, () => 1_000_003);
    const identity = (b: Uint8Array): Uint8Array => b;
    const { root, leaves } = buildDirectories(entries, identity);
    expect(root.length).toBeLessThanOrEqual(MAX_ROOT_DIRECTORY_BYTES);
    expect(gunzipSync(gzip(leaves)).length).toBe(leaves.length);
  });

  test('an empty directory is a root with no entries', () => {
    // (The reader refuses empty directories fetched on their own, but takes an empty root from its first read.)
    const { root, leaves } = buildDirectories([], gzip);
    expect(leaves.length).toBe(0);
    expect([...gunzipSync(root)]).toEqual([0]);
  });
});

describe('encodeHeader', () => {
  const header: PmtilesHeader = {
    rootDirectoryOffset: 127,
    rootDirectoryLength: 345,
    jsonMetadataOffset: 472,
    jsonMetadataLength: 99,
    leafDirectoryOffset: 571,
    leafDirectoryLength: 12_345,
    tileDataOffset: 12_916,
    tileDataLength: 2 ** 35 + 17,
    numAddressedTiles: 400_000,
    numTileEntries: 350_000,
    numTileContents: 300_000,
    clustered: true,
    internalCompression: PmCompression.Gzip,
    tileCompression: PmCompression.Gzip,
    tileType: PmTileType.Mvt,
    minZoom: 0,
    maxZoom: 14,
    minLon: 121.0912345,
    minLat: 29.0512345,
    maxLon: 121.8,
    maxLat: 29.5,
    centerZoom: 10,
    centerLon: -121.4321,
    centerLat: -29.3,
  };

  test('is 127 bytes starting with the magic and version 3', () => {
    const bytes = encodeHeader(header);
    expect(bytes.length).toBe(HEADER_BYTES);
    expect(new TextDecoder().decode(bytes.subarray(0, 7))).toBe('PMTiles');
    expect(bytes[7]).toBe(3);
  });

  test('is decoded to the same fields by the pmtiles reader', () => {
    const bytes = encodeHeader(header);
    const read = bytesToHeader(bytes.slice().buffer);
    expect(read.specVersion).toBe(3);
    expect(read.internalCompression).toBe(Compression.Gzip);
    expect(read.tileType).toBe(TileType.Mvt);
    for (const key of Object.keys(header) as (keyof PmtilesHeader)[]) {
      const value = header[key];
      if (typeof value === 'number' && !Number.isInteger(value)) expect(read[key], key).toBeCloseTo(value, 7);
      else expect(read[key], key).toBe(value);
    }
  });

  test('rejects values that do not fit their fields', () => {
    expect(() => encodeHeader({ ...header, maxZoom: 256 })).toThrow(/maxZoom/);
    expect(() => encodeHeader({ ...header, tileDataLength: -1 })).toThrow(/tileDataLength/);
    expect(() => encodeHeader({ ...header, minLat: 91 })).toThrow(/minLat/);
  });
});
