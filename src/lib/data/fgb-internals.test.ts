// Pins the flatgeobuf internals that fgb-read.ts and fgb-write.ts import by path (flatgeobuf/lib/mjs/..., not its
// public API; docs/adr/0017-flatgeobuf-bbox-search.md says why). A flatgeobuf upgrade that moves a module, renames
// an export or changes what it reads or writes fails here, naming the piece, before the app misreads a file.
// Expected values come from the FlatGeobuf format (the .fbs schema and the packed R-tree layout), not from the
// library.
import * as flatbuffers from 'flatbuffers';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { Column } from 'flatgeobuf/lib/mjs/flat-geobuf/column.js';
import { Crs } from 'flatgeobuf/lib/mjs/flat-geobuf/crs.js';
import { Feature as FgbFeature } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js';
import { buildFeature } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { fromFeature } from 'flatgeobuf/lib/mjs/geojson/feature.js';
import { parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import { fromByteBuffer, type HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { calcTreeSize, generateLevelBounds, NODE_ITEM_BYTE_LEN } from 'flatgeobuf/lib/mjs/packedrtree.js';
import { describe, expect, test } from 'vitest';
import { ColumnSet, writeIndexedFgb } from './fgb-write.ts';
import type { Feature, PolygonGeometry } from './schema.ts';

describe('flatgeobuf internals we import by path', () => {
  test('every module and name is still there', () => {
    const functions: Record<string, unknown> = {
      'packedrtree calcTreeSize': calcTreeSize,
      'packedrtree generateLevelBounds': generateLevelBounds,
      'header-meta fromByteBuffer': fromByteBuffer,
      'geojson/feature fromFeature': fromFeature,
      'geojson/geometry parseGeometry': parseGeometry,
      'generic/feature buildFeature': buildFeature,
      'flat-geobuf/feature Feature.getSizePrefixedRootAsFeature': FgbFeature.getSizePrefixedRootAsFeature,
      'flat-geobuf/header Header.getSizePrefixedRootAsHeader': Header.getSizePrefixedRootAsHeader,
      'flat-geobuf/column Column.startColumn': Column.startColumn,
      'flat-geobuf/crs Crs.startCrs': Crs.startCrs,
    };
    for (const [name, f] of Object.entries(functions)) expect(typeof f, name).toBe('function');
    // The header builder methods fgb-write.ts calls.
    for (const m of ['createColumnsVector', 'createEnvelopeVector', 'startHeader', 'addName', 'addEnvelope', 'addGeometryType', 'addColumns', 'addFeaturesCount', 'addIndexNodeSize', 'addCrs', 'endHeader'] as const) {
      expect(typeof Header[m], `Header.${m}`).toBe('function');
    }
  });

  test('enum values written into files are the FlatGeobuf schema values', () => {
    expect([GeometryType.Unknown, GeometryType.Point, GeometryType.LineString, GeometryType.Polygon, GeometryType.MultiPolygon]).toEqual([0, 1, 2, 3, 6]);
    expect([ColumnType.Bool, ColumnType.Double, ColumnType.String, ColumnType.Json]).toEqual([2, 10, 11, 12]);
    // fgb-read.ts names columns and geometry types through the reverse mapping of these enums.
    expect([ColumnType[10], GeometryType[6]]).toEqual(['Double', 'MultiPolygon']);
  });

  test('packed R-tree layout: 40-byte nodes, levels root first and leaves last', () => {
    expect(NODE_ITEM_BYTE_LEN).toBe(40); // minX, minY, maxX, maxY as float64 + a uint64 offset
    for (const [n, nodeSize] of [[1, 16], [16, 16], [17, 16], [4000, 16], [100_000, 16], [5, 2], [1000, 4]] as const) {
      // Level sizes bottom-up: n leaves, then ⌈·/nodeSize⌉ per level up to a single root (always ≥ one level above
      // the leaves, even for one item).
      const sizes: number[] = [n];
      do sizes.push(Math.ceil(sizes[sizes.length - 1]! / nodeSize));
      while (sizes[sizes.length - 1] !== 1);
      const total = sizes.reduce((a, b) => a + b, 0);
      // Stored root first: a level starts where all the levels above it end.
      const bounds = sizes.map((size, i) => {
        const start = sizes.slice(i + 1).reduce((a, b) => a + b, 0);
        return [start, start + size];
      });
      expect(generateLevelBounds(n, nodeSize), `levels of ${n} items at node size ${nodeSize}`).toEqual(bounds);
      expect(calcTreeSize(n, nodeSize), `tree bytes of ${n} items at node size ${nodeSize}`).toBe(total * 40);
    }
  });

  const square: Feature<PolygonGeometry> = {
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [[[121.4, 29.3], [121.401, 29.3], [121.401, 29.301], [121.4, 29.301], [121.4, 29.3]]] },
    properties: { id: 'P1', name: '跃龙街道1号地块', area_mu: 12.5, standard_land: true, meta: { year: 2024 }, note: null },
  };

  test('fromByteBuffer and Header.name() read the header fgb-write.ts builds', () => {
    const bytes = writeIndexedFgb([square], { name: 'parcels', crsCode: 4490, nodeSize: 16 });
    const len = new DataView(bytes.buffer).getUint32(8, true);
    const bb = new flatbuffers.ByteBuffer(bytes.slice(8, 12 + len));
    const meta = fromByteBuffer(bb);
    expect(meta.featuresCount).toBe(1);
    expect(meta.indexNodeSize).toBe(16);
    expect(meta.geometryType).toBe(GeometryType.Polygon);
    expect(Array.from(meta.envelope ?? [])).toEqual([121.4, 29.3, 121.401, 29.301]);
    expect(meta.crs).toMatchObject({ org: 'EPSG', code: 4490 });
    expect(meta.columns?.map((c) => [c.name, c.type])).toEqual([
      ['id', ColumnType.String],
      ['name', ColumnType.String],
      ['area_mu', ColumnType.Double],
      ['standard_land', ColumnType.Bool],
      ['meta', ColumnType.Json],
      ['note', ColumnType.String],
    ]);
    // fgb-read.ts rewinds the same buffer to read the layer name, which HeaderMeta leaves out.
    bb.setPosition(0);
    expect(Header.getSizePrefixedRootAsHeader(bb).name()).toBe('parcels');
  });

  test('buildFeature + parseGeometry write a size-prefixed feature that Feature + fromFeature read back', () => {
    const { note: _omitted, ...props } = square.properties;
    // Column metadata as fgb-write.ts makes it (our code, not flatgeobuf's): one column per key, null included.
    const columnSet = new ColumnSet();
    columnSet.add(square.properties, 'P1');
    const columns = columnSet.meta();
    const header: HeaderMeta = {
      geometryType: GeometryType.Polygon,
      columns,
      envelope: null,
      featuresCount: 1,
      indexNodeSize: 0,
      crs: null,
      title: null,
      description: null,
      metadata: null,
    };
    const bytes = buildFeature(parseGeometry(square.geometry), { ...props, note: null }, header);
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true)).toBe(bytes.length - 4);
    const decoded = fromFeature(7, FgbFeature.getSizePrefixedRootAsFeature(new flatbuffers.ByteBuffer(bytes)), header);
    // The id argument is passed through; a null property is not written, so its key is absent; Json comes back parsed.
    expect(decoded).toEqual({ type: 'Feature', id: 7, geometry: square.geometry, properties: props });
  });
});
