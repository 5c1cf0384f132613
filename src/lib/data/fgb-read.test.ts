import { beforeAll, describe, expect, test, vi } from 'vitest';
import { deserialize, serialize } from 'flatgeobuf/lib/mjs/geojson.js';
import { writeIndexedFgb } from './fgb-write.ts';
import { hasSpatialIndex, readAllFgb, readFgbBbox, readFgbHeader, streamFgb } from './fgb-read.ts';
import { memoryByteSource } from './byte-source.ts';
import {
  bruteForceIds,
  extentOf,
  idOf,
  makeParcels,
  queryBoxes,
  sortedIds,
  type Box,
} from '../../../tests/unit/helpers/fgb-fixtures.ts';

/** flatgeobuf's serialize takes @types/geojson shapes; ours are structurally the same. */
type LibCollection = Parameters<typeof serialize>[0];

/** What a feature must look like after a round trip: null-valued properties are dropped. */
function withoutNulls(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null && v !== undefined));
}

/** Ids from flatgeobuf's own bbox reader over bytes, an independent implementation of the search. */
async function libraryBboxIds(bytes: Uint8Array, q: Box): Promise<string[]> {
  const ids: string[] = [];
  for await (const f of deserialize(bytes, { rect: { minX: q[0], minY: q[1], maxX: q[2], maxY: q[3] } })) {
    ids.push(String(f.properties?.id));
  }
  return ids.sort();
}

// flatgeobuf's reader logs every R-tree step with console.debug.
beforeAll(() => {
  vi.spyOn(console, 'debug').mockImplementation(() => {});
});

describe('readAllFgb', () => {
  const parcels = makeParcels({ count: 400, seed: 11, withJson: true });
  const bytes = writeIndexedFgb(parcels, { name: 'parcels' });

  test('round trip of 400 polygons keeps geometry and properties exactly (Chinese text, nulls, JSON)', () => {
    const back = readAllFgb(bytes);
    expect(back).toHaveLength(400);
    const byId = new Map(back.map((f) => [f.id, f]));
    for (const p of parcels) {
      const f = byId.get(idOf(p));
      expect(f, idOf(p)).toBeDefined();
      expect(f!.geometry).toEqual(p.geometry);
      expect(f!.properties).toEqual(withoutNulls(p.properties));
    }
    // Spot values written by the generator, read back verbatim.
    const p9 = byId.get('P00009')!.properties;
    expect(p9.name).toMatch(/^.+(街道|镇|乡)9号地块$/);
    expect(p9.note).toBe('闲置 · idle');
    expect(byId.get('P00008')!.properties.note).toBe(''); // empty string stays a string
    expect(byId.get('P00007')!.properties.note).toBeUndefined(); // key absent on every 7th
    expect(byId.get('P00003')!.properties.meta).toEqual({ owners: ['甲', 'B'], year: 2024 });
  });

  test('reads flatgeobuf.serialize output (no index) too', () => {
    const plain = parcels.slice(0, 20).map((p) => ({ ...p, properties: { id: p.properties.id, name: p.properties.name } }));
    const libBytes = serialize({ type: 'FeatureCollection', features: plain } as LibCollection);
    expect(sortedIds(readAllFgb(libBytes))).toEqual(sortedIds(plain));
  });

  test('rejects what is not FlatGeobuf, and truncated files', () => {
    expect(() => readAllFgb(new TextEncoder().encode('{"type":"FeatureCollection"}'), 'parcels.geojson')).toThrow(
      'parcels.geojson: not a FlatGeobuf file (bad magic bytes)',
    );
    expect(() => readAllFgb(bytes.slice(0, bytes.length - 10), 'cut.fgb')).toThrow(/cut\.fgb: truncated feature #399/);
  });
});

describe('streamFgb', () => {
  const parcels = makeParcels({ count: 300, seed: 23, withJson: true });
  const bytes = writeIndexedFgb(parcels, { name: 'parcels' });

  /** The bytes cut at the given sizes, cycling (1-byte pieces split every header, index node and feature). */
  async function* pieces(b: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
    for (let at = 0, i = 0; at < b.length; i++) {
      const n = sizes[i % sizes.length]!;
      yield b.slice(at, at + n);
      at += n;
    }
  }
  const collect = async (chunks: AsyncIterable<Uint8Array>, where?: string) => {
    const out = [];
    for await (const f of streamFgb(chunks, where)) out.push(f);
    return out;
  };

  test.each([[[1]], [[7, 1, 300]], [[4096]], [[bytes.length]]])('gives the same features as flatgeobuf, in file order, for chunks of %j bytes', async (sizes) => {
    const got = await collect(pieces(bytes, sizes));
    // flatgeobuf's own streaming reader is the independent reference
    const lib: { id: unknown; geometry: unknown }[] = [];
    for await (const f of deserialize(new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) }))) lib.push({ id: f.properties?.id, geometry: f.geometry });
    expect(got.map((f) => f.properties.id)).toEqual(lib.map((f) => f.id));
    expect(got.map((f) => f.geometry)).toEqual(lib.map((f) => f.geometry));
    expect(got).toEqual(readAllFgb(bytes));
  });

  test('reads a file without an index', async () => {
    const plain = parcels.slice(0, 12).map((p) => ({ ...p, properties: { id: p.properties.id } }));
    const libBytes = serialize({ type: 'FeatureCollection', features: plain } as LibCollection);
    expect(sortedIds(await collect(pieces(libBytes, [5])))).toEqual(sortedIds(plain));
  });

  test('a stream cut short throws, naming where it stopped', async () => {
    await expect(collect(pieces(bytes.slice(0, 20), [3]), 'internal/parcels.fgb')).rejects.toThrow('internal/parcels.fgb: the stream ended inside the header');
    await expect(collect(pieces(bytes.slice(0, bytes.length - 10), [999]), 'internal/parcels.fgb')).rejects.toThrow(/internal\/parcels\.fgb: truncated feature #299 at byte \d+/);
    await expect(collect(pieces(new TextEncoder().encode('{"type":"FeatureCollection"}'), [64]), 'x.geojson')).rejects.toThrow('x.geojson: not a FlatGeobuf file (bad magic bytes)');
  });
});

describe('hasSpatialIndex', () => {
  const parcels = makeParcels({ count: 50, seed: 3 });
  test('true for writeIndexedFgb output, false for flatgeobuf.serialize output', () => {
    expect(hasSpatialIndex(writeIndexedFgb(parcels))).toBe(true);
    expect(hasSpatialIndex(serialize({ type: 'FeatureCollection', features: parcels } as LibCollection))).toBe(false);
  });
  test('false when the file is cut inside the index, and for an empty layer', () => {
    const bytes = writeIndexedFgb(parcels);
    const headerEnd = 12 + new DataView(bytes.buffer).getUint32(8, true);
    expect(hasSpatialIndex(bytes.slice(0, headerEnd + 40 * 10))).toBe(false);
    expect(hasSpatialIndex(writeIndexedFgb([]))).toBe(false);
  });
});

describe('readFgbBbox over memory', () => {
  const parcels = makeParcels({ count: 600, seed: 42 });
  const bytes = writeIndexedFgb(parcels);
  const boxes = queryBoxes(parcels, 20, 99);

  test('the fixed boxes cover the edge cases they claim to', () => {
    expect(bruteForceIds(parcels, boxes[0]!)).toHaveLength(600); // whole extent
    expect(bruteForceIds(parcels, boxes[1]!)).toHaveLength(0); // outside
    expect(bruteForceIds(parcels, boxes[2]!)).toContain('P00000'); // point on a vertex
    expect(bruteForceIds(parcels, boxes[3]!)).toContain('P00000'); // edge touching
  });

  test.each(boxes.map((b, i) => [i, b] as const))('box %i returns exactly the brute-force set', async (_, box) => {
    const expected = bruteForceIds(parcels, box);
    const got = await readFgbBbox(memoryByteSource(bytes), box);
    expect(sortedIds(got)).toEqual(expected);
    expect(await libraryBboxIds(bytes, box)).toEqual(expected); // and flatgeobuf's reader agrees
  });

  test('features come back complete', async () => {
    const byId = new Map(parcels.map((p) => [idOf(p), p]));
    for (const f of await readFgbBbox(memoryByteSource(bytes), boxes[5]!)) {
      expect(f.geometry).toEqual(byId.get(idOf(f))!.geometry);
      expect(f.properties).toEqual(withoutNulls(byId.get(idOf(f))!.properties));
    }
  });

  test.each([
    [1, 16],
    [2, 2],
    [17, 16],
    [257, 2],
    [257, 4],
  ])('%i features with node size %i: every box matches brute force', async (count, nodeSize) => {
    const fs = parcels.slice(0, count);
    const b = writeIndexedFgb(fs, { nodeSize });
    for (const box of queryBoxes(fs, 20, count)) {
      expect(sortedIds(await readFgbBbox(memoryByteSource(b), box))).toEqual(bruteForceIds(fs, box));
    }
  });

  test('reads only part of a larger file for a small box', async () => {
    const big = makeParcels({ count: 5000, seed: 5 });
    const b = writeIndexedFgb(big);
    const [x0, y0, x1, y1] = extentOf(big);
    const box: Box = [x0 + 0.4 * (x1 - x0), y0 + 0.4 * (y1 - y0), x0 + 0.43 * (x1 - x0), y0 + 0.43 * (y1 - y0)];
    const src = memoryByteSource(b);
    const got = await readFgbBbox(src, box);
    expect(sortedIds(got)).toEqual(bruteForceIds(big, box));
    expect(got.length).toBeGreaterThan(0);
    expect(src.bytesRead / b.length).toBeLessThan(0.05);
  });

  test('header, empty layer, unindexed file and bad boxes', async () => {
    const h = await readFgbHeader(memoryByteSource(bytes));
    expect(h.featuresCount).toBe(600);
    expect(await readFgbBbox(memoryByteSource(writeIndexedFgb([])), [0, 0, 1, 1])).toEqual([]);
    const plain = serialize({ type: 'FeatureCollection', features: parcels } as LibCollection);
    await expect(readFgbBbox(memoryByteSource(plain, 'plain.fgb'), [0, 0, 1, 1])).rejects.toThrow(
      'plain.fgb: no spatial index (index_node_size 0)',
    );
    await expect(readFgbBbox(memoryByteSource(bytes), [1, 0, 0, 1])).rejects.toThrow('min ≤ max');
    await expect(readFgbBbox(memoryByteSource(bytes), [NaN, 0, 1, 1])).rejects.toThrow('readFgbBbox: bbox must be');
  });
});
