import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js';
import { describe, expect, test } from 'vitest';
import { hilbertIndex, writeIndexedFgb } from './fgb-write.ts';
import { readAllFgb, readFgbBbox, readFgbHeader } from './fgb-read.ts';
import { memoryByteSource } from './byte-source.ts';
import type { Feature } from './schema.ts';
import { coordinateBox, extentOf, makeParcels, type Box } from '../../../tests/unit/helpers/fgb-fixtures.ts';

/** The tree layout, parsed here by hand from the spec (not with the reader under test). */
function parseLayout(bytes: Uint8Array, nodeSize: number) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const treeStart = 8 + 4 + view.getUint32(8, true);
  const n = Number(readAllFgb(bytes).length);
  // Level sizes bottom-up: n, ceil(n/ns), … 1; stored root first.
  const sizes = [n];
  do sizes.push(Math.ceil(sizes[sizes.length - 1]! / nodeSize));
  while (sizes[sizes.length - 1] !== 1);
  const numNodes = sizes.reduce((a, b) => a + b, 0);
  const nodes = Array.from({ length: numNodes }, (_, i) => {
    const p = treeStart + i * 40;
    return {
      box: [0, 8, 16, 24].map((o) => view.getFloat64(p + o, true)) as Box,
      offset: Number(view.getBigUint64(p + 32, true)),
    };
  });
  const featuresStart = treeStart + numNodes * 40;
  const featureOffsets: number[] = [];
  for (let p = featuresStart; p < bytes.length; p += 4 + view.getUint32(p, true)) featureOffsets.push(p - featuresStart);
  return { sizes, nodes, featureOffsets };
}

describe('writeIndexedFgb', () => {
  const parcels = makeParcels({ count: 300, seed: 7 });

  test('same input gives byte-identical output', () => {
    const a = writeIndexedFgb(parcels, { name: 'parcels' });
    const b = writeIndexedFgb(structuredClone(parcels), { name: 'parcels' });
    expect(a.length).toBeGreaterThan(300 * 100);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  test('magic bytes and header fields', async () => {
    const bytes = writeIndexedFgb(parcels, { name: 'parcels', nodeSize: 8 });
    expect([...bytes.subarray(0, 8)]).toEqual([0x66, 0x67, 0x62, 3, 0x66, 0x67, 0x62, 0]);
    const h = await readFgbHeader(memoryByteSource(bytes));
    expect(h.featuresCount).toBe(300);
    expect(h.indexNodeSize).toBe(8);
    expect(h.geometryType).toBe('Polygon');
    expect(h.name).toBe('parcels');
    expect(h.crs).toEqual({ org: 'EPSG', code: 4326 });
    expect(h.envelope).toEqual(extentOf(parcels));
    expect(h.columns).toEqual([
      { name: 'id', type: 'String' },
      { name: 'name', type: 'String' },
      { name: 'area_mu', type: 'Double' },
      { name: 'floors', type: 'Double' },
      { name: 'standard_land', type: 'Bool' },
      { name: 'park', type: 'String' },
      { name: 'note', type: 'String' },
    ]);
  });

  test('metadata goes into the header, where flatgeobuf’s own reader finds it too', async () => {
    const text = JSON.stringify({ chains: { pv: { zh: '光伏', en: 'PV' } } });
    const bytes = writeIndexedFgb(parcels.slice(0, 5), { metadata: text });
    expect((await readFgbHeader(memoryByteSource(bytes))).metadata).toBe(text);
    let seen: string | null | undefined;
    for await (const _ of deserialize(bytes, { headerMetaFn: (m) => (seen = m.metadata) })) void _;
    expect(seen).toBe(text);
    expect((await readFgbHeader(memoryByteSource(writeIndexedFgb(parcels.slice(0, 5))))).metadata).toBeNull();
  });

  test('crsCode 0 writes no CRS; 4490 (CGCS2000) is kept', async () => {
    const one = parcels.slice(0, 3);
    expect((await readFgbHeader(memoryByteSource(writeIndexedFgb(one, { crsCode: 0 })))).crs).toBeNull();
    expect((await readFgbHeader(memoryByteSource(writeIndexedFgb(one, { crsCode: 4490 })))).crs?.code).toBe(4490);
  });

  test.each([
    [1, 16],
    [2, 2],
    [16, 16],
    [17, 16],
    [300, 16],
    [300, 4],
    [300, 2],
  ])('R-tree layout matches the spec for %i features, node size %i', (count, nodeSize) => {
    const fs = parcels.slice(0, count);
    const bytes = writeIndexedFgb(fs, { nodeSize });
    const { sizes, nodes, featureOffsets } = parseLayout(bytes, nodeSize);
    const decoded = readAllFgb(bytes);
    const leafStart = nodes.length - count;
    expect(featureOffsets).toHaveLength(count);
    // Leaves are in feature order and point at each feature; their box is the feature's bbox.
    for (let i = 0; i < count; i++) {
      expect(nodes[leafStart + i]!.offset).toBe(featureOffsets[i]);
      expect(nodes[leafStart + i]!.box).toEqual(coordinateBox(decoded[i]!.geometry.coordinates));
    }
    // Every branch points at its first child and its box is the union of its ≤ nodeSize children.
    let levelStart = nodes.length;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const childStart = levelStart - sizes[l]!;
      const parentStart = childStart - sizes[l + 1]!;
      for (let p = 0; p < sizes[l + 1]!; p++) {
        const node = nodes[parentStart + p]!;
        const first = childStart + p * nodeSize;
        expect(node.offset).toBe(first);
        const kids = nodes.slice(first, Math.min(first + nodeSize, levelStart));
        const union: Box = [
          Math.min(...kids.map((k) => k.box[0])),
          Math.min(...kids.map((k) => k.box[1])),
          Math.max(...kids.map((k) => k.box[2])),
          Math.max(...kids.map((k) => k.box[3])),
        ];
        expect(node.box).toEqual(union);
      }
      levelStart = childStart;
    }
    expect(nodes[0]!.box).toEqual(extentOf(fs));
  });

  test('features are stored in Hilbert order: neighbours in the file are neighbours on the map', () => {
    const bytes = writeIndexedFgb(parcels);
    const centre = (f: Feature) => {
      const b = coordinateBox(f.geometry.coordinates);
      return [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] as const;
    };
    const step = (fs: Feature[]) => {
      let sum = 0;
      for (let i = 1; i < fs.length; i++) {
        const [ax, ay] = centre(fs[i - 1]!);
        const [bx, by] = centre(fs[i]!);
        sum += Math.hypot(ax - bx, ay - by);
      }
      return sum / (fs.length - 1);
    };
    // Random order: mean step ≈ 0.52 × extent size (≈ 0.26°); Hilbert order of 300 points: ≈ 1/√300 of that.
    expect(step(readAllFgb(bytes))).toBeLessThan(step(parcels) / 5);
  });

  test('keepOrder: features stay in the order given, and a box search through the R-tree still finds them', async () => {
    const bytes = writeIndexedFgb(parcels, { keepOrder: true, nodeSize: 4 });
    expect(readAllFgb(bytes).map((f) => f.properties['id'])).toEqual(parcels.map((f) => f.properties['id']));
    // Not the Hilbert order (the fixture is random), so the test above would fail on this file.
    expect(readAllFgb(writeIndexedFgb(parcels)).map((f) => f.properties['id'])).not.toEqual(parcels.map((f) => f.properties['id']));
    const [x0, y0, x1, y1] = extentOf(parcels);
    for (const [fx, fy] of [[0.1, 0.2], [0.4, 0.5], [0.7, 0.3]] as const) {
      const rect = { minX: x0 + (x1 - x0) * fx, minY: y0 + (y1 - y0) * fy, maxX: x0 + (x1 - x0) * (fx + 0.15), maxY: y0 + (y1 - y0) * (fy + 0.15) };
      const want = parcels
        .filter((f) => {
          const b = coordinateBox(f.geometry.coordinates);
          return b[0] <= rect.maxX && b[2] >= rect.minX && b[1] <= rect.maxY && b[3] >= rect.minY;
        })
        .map((f) => f.properties['id']);
      const got = (await readFgbBbox(memoryByteSource(bytes), [rect.minX, rect.minY, rect.maxX, rect.maxY])).map((f) => f.properties['id']);
      expect(want.length).toBeGreaterThan(3);
      expect(got).toEqual(want);
      // flatgeobuf's own reader reads the file in the order given too.
      const theirs: unknown[] = [];
      for await (const f of deserialize(bytes)) theirs.push(f.properties?.['id']);
      expect(theirs).toEqual(parcels.map((f) => f.properties['id']));
    }
  });

  test('null and missing properties are omitted; objects go to a Json column', async () => {
    const fs: Feature[] = [
      { type: 'Feature', geometry: { type: 'Point', coordinates: [121.4, 29.3] }, properties: { id: 'a', k: null, o: { x: [1, '二'] } } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [121.5, 29.4] }, properties: { id: 'b', k: 2.5 } },
    ];
    const bytes = writeIndexedFgb(fs);
    const h = await readFgbHeader(memoryByteSource(bytes));
    expect(h.columns).toEqual([
      { name: 'id', type: 'String' },
      { name: 'k', type: 'Double' },
      { name: 'o', type: 'Json' },
    ]);
    const byId = new Map(readAllFgb(bytes).map((f) => [f.id, f.properties]));
    expect(byId.get('a')).toEqual({ id: 'a', o: { x: [1, '二'] } });
    expect(byId.get('b')).toEqual({ id: 'b', k: 2.5 });
  });

  test('point, line, multipolygon and mixed files', async () => {
    const point: Feature = { type: 'Feature', geometry: { type: 'Point', coordinates: [121.43, 29.29] }, properties: { id: 'pt' } };
    const line: Feature = {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [[121.4, 29.3], [121.41, 29.31], [121.42, 29.3]] },
      properties: { id: 'ln' },
    };
    const multi: Feature = {
      type: 'Feature',
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [[[121.4, 29.3], [121.41, 29.3], [121.41, 29.31], [121.4, 29.3]]],
          [
            [[121.5, 29.3], [121.53, 29.3], [121.53, 29.33], [121.5, 29.33], [121.5, 29.3]],
            [[121.51, 29.31], [121.52, 29.31], [121.52, 29.32], [121.51, 29.31]],
          ],
        ],
      },
      properties: { id: 'mp' },
    };
    for (const f of [point, line, multi]) {
      const bytes = writeIndexedFgb([f]);
      expect((await readFgbHeader(memoryByteSource(bytes))).geometryType).toBe(f.geometry.type);
      expect(readAllFgb(bytes)[0]!.geometry).toEqual(f.geometry);
    }
    const mixed = writeIndexedFgb([point, line, multi]);
    expect((await readFgbHeader(memoryByteSource(mixed))).geometryType).toBe('Unknown');
    const back = new Map(readAllFgb(mixed).map((f) => [f.id, f.geometry]));
    expect(back.get('pt')).toEqual(point.geometry);
    expect(back.get('ln')).toEqual(line.geometry);
    expect(back.get('mp')).toEqual(multi.geometry);
  });

  test('an empty layer is written without index and reads back empty', async () => {
    const bytes = writeIndexedFgb([]);
    const h = await readFgbHeader(memoryByteSource(bytes));
    expect(h).toMatchObject({ featuresCount: 0, indexNodeSize: 0, envelope: null, columns: [] });
    expect(readAllFgb(bytes)).toEqual([]);
  });

  describe('bad input names the feature and field', () => {
    const pt = (id: string, props: Record<string, unknown>): Feature => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [121.4, 29.3] },
      properties: { id, ...props },
    });
    test('a column mixing number and string', () => {
      expect(() => writeIndexedFgb([pt('a', { far: 1.2 }), pt('b', { far: null }), pt('c', { far: '1.5' })])).toThrow(
        'property "far" mixes types: string in feature id "c", number in feature id "a"',
      );
    });
    test('a column mixing bool and number', () => {
      expect(() => writeIndexedFgb([pt('a', { std: true }), pt('b', { std: 1 })])).toThrow(/property "std".*feature id "b"/);
    });
    test('unsupported geometry type', () => {
      const bad = { type: 'Feature', geometry: { type: 'MultiLineString', coordinates: [] }, properties: { id: 'x9' } };
      expect(() => writeIndexedFgb([bad as unknown as Feature])).toThrow('feature id "x9": unsupported geometry "MultiLineString"');
    });
    test('non-finite and empty coordinates', () => {
      const nan: Feature = { type: 'Feature', geometry: { type: 'Point', coordinates: [NaN, 29] }, properties: { id: 'n1' } };
      expect(() => writeIndexedFgb([nan])).toThrow('feature id "n1": non-finite coordinate');
      const empty: Feature = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: {} };
      expect(() => writeIndexedFgb([empty])).toThrow('feature #0: empty Polygon geometry');
    });
    test('node size out of range', () => {
      expect(() => writeIndexedFgb([pt('a', {})], { nodeSize: 1 })).toThrow('nodeSize must be an integer 2–65535, got 1');
    });
  });
});

describe('hilbertIndex', () => {
  test('the first 4^k positions fill the 2^k square at the origin as one continuous path', () => {
    // Independent property of a Hilbert curve: a bijection onto 0…255 on the 16×16 corner, and
    // cells with consecutive indices share an edge.
    const cells: [number, number, number][] = [];
    for (let x = 0; x < 16; x++) for (let y = 0; y < 16; y++) cells.push([hilbertIndex(x, y), x, y]);
    cells.sort((a, b) => a[0] - b[0]);
    expect(cells.map((c) => c[0])).toEqual(Array.from({ length: 256 }, (_, i) => i));
    for (let i = 1; i < cells.length; i++) {
      expect(Math.abs(cells[i]![1] - cells[i - 1]![1]) + Math.abs(cells[i]![2] - cells[i - 1]![2])).toBe(1);
    }
  });
  test('the four quadrants of the full grid take consecutive quarters of 0…2^32', () => {
    const q = 2 ** 30;
    const corners = [hilbertIndex(0, 0), hilbertIndex(0, 65535), hilbertIndex(65535, 65535), hilbertIndex(65535, 0)];
    expect(corners.map((d) => Math.floor(d / q))).toEqual([0, 1, 2, 3]);
    expect(corners[0]).toBe(0);
    expect(corners[3]).toBe(2 ** 32 - 1); // the curve ends in the bottom-right corner
  });
});
