import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Compression, type Header, PMTiles, type Source, TileType, tileIdToZxy, zxyToTileId } from 'pmtiles';
import { PmtilesFileWriter, type PmtilesMeta } from './pmtiles-file.ts';
import { gunzipDecompress, nodeFileSource as sharedFileSource } from './pmtiles-node-source.ts';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenglong-pmtiles-'));
});
afterEach(() => {
  for (const close of openSources.splice(0)) close();
  rmSync(dir, { recursive: true, force: true });
});

/** Sources opened by a test, closed after it (before its folder is removed). */
const openSources: (() => void)[] = [];

/** The shared file source (pmtiles-node-source.ts), closed after each test. */
function nodeFileSource(path: string): Source {
  const src = sharedFileSource(path);
  openSources.push(src.close);
  return src;
}

const fastDecompress = gunzipDecompress;

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/**
 * A fake MVT tile: some bytes as a valid gzip member (one stored deflate block), so the reader's gzip tile
 * decompression succeeds. Built by hand because a real compressor sets up its state per call, which made the
 * 40 000-tile test spend most of its time compressing a few bytes each.
 */
function tileFor(text: string): Uint8Array {
  const data = new TextEncoder().encode(text);
  if (data.length > 0xffff) throw new Error('one stored block only');
  let crc = 0xffffffff;
  for (const b of data) crc = CRC_TABLE[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  crc = (crc ^ 0xffffffff) >>> 0;
  const out = new Uint8Array(10 + 5 + data.length + 8);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]); // magic, deflate, no flags, mtime 0, no extra flags, OS unknown
  out.set([1, data.length & 0xff, data.length >> 8, ~data.length & 0xff, (~data.length >> 8) & 0xff], 10); // final stored block, LEN, NLEN
  out.set(data, 15);
  const v = new DataView(out.buffer);
  v.setUint32(15 + data.length, crc, true);
  v.setUint32(19 + data.length, data.length, true);
  return out;
}

const meta = (minZoom: number, maxZoom: number): PmtilesMeta => ({
  minZoom,
  maxZoom,
  bounds: [121.0912345, 29.0512345, 121.8, 29.5],
  center: [121.43, 29.29, 10],
  metadata: { name: 'test parcels', vector_layers: [{ id: 'parcels', fields: { id: 'String' } }], 中文: '宁海县' },
});

function shuffle<T>(a: T[], seed: number): T[] {
  let s = seed >>> 0;
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

async function expectTile(pm: PMTiles, z: number, x: number, y: number, added: Uint8Array): Promise<void> {
  const got = await pm.getZxy(z, x, y);
  expect(got, `${z}/${x}/${y}`).toBeDefined();
  // The reader decompresses tiles by the header's tileCompression: it hands back the raw MVT, not the gzip added.
  expect(new Uint8Array(got!.data), `${z}/${x}/${y}`).toEqual(new Uint8Array(gunzipSync(added)));
}

describe('PmtilesFileWriter', () => {
  test('a handful of tiles: header, metadata and every tile read back by the pmtiles reader', async () => {
    const w = new PmtilesFileWriter(dir, 'small');
    const tiles: [number, number, number, Uint8Array][] = [
      [10, 857, 425, tileFor('a')],
      [0, 0, 0, tileFor('world')],
      [12, 3430, 1701, tileFor('b'.repeat(3000))],
      [10, 856, 425, tileFor('c')],
      [5, 26, 13, tileFor('d')],
    ];
    for (const [z, x, y, t] of tiles) w.add(z, x, y, t);
    expect(w.count).toBe(5);
    const path = join(dir, 'small.pmtiles');
    await w.finish(path, meta(0, 12));

    const pm = new PMTiles(nodeFileSource(path)); // default decompression (DecompressionStream in Node 20)
    const h: Header = await pm.getHeader();
    expect(h).toMatchObject({
      specVersion: 3,
      minZoom: 0,
      maxZoom: 12,
      centerZoom: 10,
      numAddressedTiles: 5,
      numTileEntries: 5,
      numTileContents: 5,
      clustered: true,
      internalCompression: Compression.Gzip,
      tileCompression: Compression.Gzip,
      tileType: TileType.Mvt,
      leafDirectoryLength: 0,
      rootDirectoryOffset: 127,
    });
    expect(h.minLon).toBeCloseTo(121.0912345, 7);
    expect(h.minLat).toBeCloseTo(29.0512345, 7);
    expect(h.maxLon).toBeCloseTo(121.8, 7);
    expect(h.maxLat).toBeCloseTo(29.5, 7);
    expect(h.centerLon).toBeCloseTo(121.43, 7);
    expect(h.centerLat).toBeCloseTo(29.29, 7);
    expect(h.tileDataLength).toBe(tiles.reduce((s, t) => s + t[3].length, 0));
    expect(await pm.getMetadata()).toEqual(meta(0, 12).metadata);

    for (const [z, x, y, t] of tiles) await expectTile(pm, z, x, y, t);
    expect(await pm.getZxy(10, 858, 425)).toBeUndefined();
    expect(await pm.getZxy(1, 0, 0)).toBeUndefined();
    expect(await pm.getZxy(13, 0, 0)).toBeUndefined(); // past maxZoom
  });

  test('clusters the data: distinct tiles are laid out in tile id order', async () => {
    const w = new PmtilesFileWriter(dir, 'order');
    const ids = shuffle([...Array(300).keys()].map((i) => i * 3 + 100), 3);
    for (const id of ids) {
      const [z, x, y] = tileIdToZxy(id);
      w.add(z, x, y, tileFor(`tile ${id}`));
    }
    const path = join(dir, 'order.pmtiles');
    await w.finish(path, meta(0, 14));
    const pm = new PMTiles(nodeFileSource(path));
    const h = await pm.getHeader();
    const root = await pm.cache.getDirectory(pm.source, h.rootDirectoryOffset, h.rootDirectoryLength, h);
    expect(root.map((e) => e.tileId)).toEqual([...ids].sort((a, b) => a - b));
    let offset = 0;
    for (const e of root) {
      expect(e.offset).toBe(offset);
      offset += e.length;
    }
  });

  test('≥ 40 000 tiles over zooms 0..14 in shuffled order: leaf directories, every tile back', { timeout: 120_000 }, async () => {
    const all: [number, number, number][] = [];
    for (let z = 0; z <= 6; z++) for (let x = 0; x < 2 ** z; x++) for (let y = 0; y < 2 ** z; y++) all.push([z, x, y]);
    // A 70×70 window per zoom around Ninghai (121.43°E, 29.30°N) for zooms 7..14.
    for (let z = 7; z <= 14; z++) {
      const n = 2 ** z;
      const cx = Math.floor(((121.43 + 180) / 360) * n);
      const lat = (29.3 * Math.PI) / 180;
      const cy = Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * n);
      for (let x = Math.max(0, cx - 35); x < Math.min(n, cx + 35); x++) for (let y = Math.max(0, cy - 35); y < Math.min(n, cy + 35); y++) all.push([z, x, y]);
    }
    expect(all.length).toBeGreaterThanOrEqual(40_000);
    shuffle(all, 12345);

    const w = new PmtilesFileWriter(dir, 'big');
    const tiles = new Map<string, Uint8Array>();
    for (const [z, x, y] of all) {
      const t = tileFor(`${z}/${x}/${y}`);
      tiles.set(`${z}/${x}/${y}`, t);
      w.add(z, x, y, t);
    }
    expect(w.count).toBe(all.length);
    const path = join(dir, 'big.pmtiles');
    await w.finish(path, meta(0, 14));

    const pm = new PMTiles(nodeFileSource(path), undefined, fastDecompress);
    const h = await pm.getHeader();
    expect(h.leafDirectoryLength).toBeGreaterThan(0);
    expect(h.rootDirectoryLength).toBeLessThanOrEqual(16_384 - 127);
    expect(h).toMatchObject({ numAddressedTiles: all.length, numTileEntries: all.length, numTileContents: all.length, minZoom: 0, maxZoom: 14 });
    const root = await pm.cache.getDirectory(pm.source, h.rootDirectoryOffset, h.rootDirectoryLength, h);
    expect(root.length).toBeGreaterThan(1);
    expect(root.every((e) => e.runLength === 0)).toBe(true);

    const decoder = new TextDecoder();
    for (const [z, x, y] of all) {
      const got = await pm.getZxy(z, x, y);
      // Compared as text (each tile holds its own z/x/y): one string compare per tile keeps 40 000 checks fast.
      if (got === undefined || decoder.decode(got.data) !== `${z}/${x}/${y}`) expect.fail(`tile ${z}/${x}/${y} read back wrong`);
    }
    // Gaps between the added tiles and beyond the window return nothing.
    expect(await pm.getZxy(14, 0, 0)).toBeUndefined();
    expect(await pm.getZxy(7, 0, 0)).toBeUndefined();
    expect(await pm.getZxy(14, 2 ** 14 - 1, 2 ** 14 - 1)).toBeUndefined();
  });

  test('identical contents are stored once; consecutive ids with one content become runs', async () => {
    const sea = tileFor('sea');
    const land = tileFor('land');
    const w = new PmtilesFileWriter(dir, 'dups');
    const added = new Map<number, Uint8Array>();
    const base = zxyToTileId(8, 0, 0);
    const put = (id: number, t: Uint8Array): void => {
      added.set(id, t);
    };
    for (let i = 0; i < 100; i++) put(base + i, sea); // one run of 100
    put(base + 100, land);
    for (let i = 101; i < 150; i++) put(base + i, sea); // a second run of the same content, pointing at the same bytes
    for (let i = 150; i < 160; i++) put(base + i, tileFor(`unique ${i}`));
    put(base + 170, sea); // a lone copy after a gap
    put(base + 171, land);
    for (const [id, t] of shuffle([...added], 99)) {
      const [z, x, y] = tileIdToZxy(id);
      w.add(z, x, y, t);
    }
    const path = join(dir, 'dups.pmtiles');
    await w.finish(path, meta(8, 8));

    const pm = new PMTiles(nodeFileSource(path));
    const h = await pm.getHeader();
    expect(h.numAddressedTiles).toBe(added.size);
    expect(h.numTileContents).toBe(12); // sea, land and 10 unique
    expect(h.numTileEntries).toBe(15); // sea×100, land, sea×49, 10 unique, sea, land
    expect(h.numTileContents).toBeLessThan(h.numAddressedTiles);
    expect(h.tileDataLength).toBe(sea.length + land.length + [...Array(10).keys()].reduce((s, i) => s + tileFor(`unique ${150 + i}`).length, 0));

    const root = await pm.cache.getDirectory(pm.source, h.rootDirectoryOffset, h.rootDirectoryLength, h);
    expect(root.map((e) => e.runLength)).toEqual([100, 1, 49, ...Array<number>(10).fill(1), 1, 1]);
    const seaOffsets = new Set(root.filter((e) => e.length === sea.length && e.runLength !== 1).map((e) => e.offset));
    expect(seaOffsets.size).toBe(1);
    expect(root[1]!.offset).toBe(root[root.length - 1]!.offset); // both lands share bytes

    for (const [id, t] of added) {
      const [z, x, y] = tileIdToZxy(id);
      await expectTile(pm, z, x, y, t);
    }
    const [z, x, y] = tileIdToZxy(base + 165);
    expect(await pm.getZxy(z, x, y)).toBeUndefined();
  });

  test('tiles larger than the 1 MiB write and copy batches', async () => {
    // Arbitrary bytes (not gzip), read back through a pass-through decompressor: the writer never looks inside tiles.
    const big = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7 + (i >> 9)) & 0xff);
    const tiles: [number, number, number, Uint8Array][] = [
      [9, 428, 213, big(700_000, 1)],
      [9, 428, 214, big(1_500_000, 2)],
      [9, 429, 213, big(600_000, 3)],
      [9, 429, 214, big(10, 4)],
      [8, 214, 106, big(3_000_000, 5)],
    ];
    const w = new PmtilesFileWriter(dir, 'big-tiles');
    for (const [z, x, y, t] of tiles) w.add(z, x, y, t);
    const path = join(dir, 'big-tiles.pmtiles');
    await w.finish(path, meta(8, 9));
    const pm = new PMTiles(nodeFileSource(path), undefined, async (buf) => buf);
    for (const [z, x, y, t] of tiles) {
      // Buffer.equals: the matcher's deep equality walks megabytes element by element.
      expect(Buffer.from((await pm.getZxy(z, x, y))!.data).equals(t), `${z}/${x}/${y}`).toBe(true);
    }
  });

  test('an archive with no tiles is still readable', async () => {
    const w = new PmtilesFileWriter(dir, 'empty');
    const path = join(dir, 'empty.pmtiles');
    await w.finish(path, meta(0, 14));
    const pm = new PMTiles(nodeFileSource(path));
    expect((await pm.getHeader()).numAddressedTiles).toBe(0);
    expect(await pm.getMetadata()).toEqual(meta(0, 14).metadata);
    expect(await pm.getZxy(3, 1, 1)).toBeUndefined();
  });

  test('the temp file is under the work folder while writing and gone after finish', async () => {
    const workDir = mkdtempSync(join(dir, 'work-'));
    const w = new PmtilesFileWriter(workDir, 'gone');
    w.add(3, 1, 2, tileFor('x'));
    expect(readdirSync(workDir)).toHaveLength(1);
    const out = join(dir, 'gone.pmtiles');
    await w.finish(out, meta(0, 3));
    expect(readdirSync(workDir)).toEqual([]);
    expect(existsSync(out)).toBe(true);
    expect(() => w.add(3, 1, 1, tileFor('late'))).toThrow(/already finished/);
  });

  test('refuses the same z/x/y twice, and tiles outside the declared zooms', async () => {
    const w = new PmtilesFileWriter(dir, 'twice');
    w.add(4, 3, 5, tileFor('one'));
    expect(() => w.add(4, 3, 5, tileFor('two'))).toThrow('tile 4/3/5 was added twice');
    expect(w.count).toBe(1);
    await expect(w.finish(join(dir, 'twice.pmtiles'), meta(5, 14))).rejects.toThrow(/zooms 4\.\.4, outside the declared 5\.\.14/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
