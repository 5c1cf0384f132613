import { describe, expect, it } from 'vitest';
import { gpkgBlob, hex, multiPolygonZWkb, POINT_BE, POINT_LE, polygonWkb, RING, Wkb } from './wkb-fixtures.test-fixture.ts';
import { parseWkb } from './wkb.ts';
import { parseGpkgGeometry } from './geopackage.ts';

describe('parseWkb', () => {
  it('reads points in both byte orders', () => {
    expect(parseWkb(POINT_LE)).toEqual({ geometry: { type: 'Point', coordinates: [1, 2] }, end: 21 });
    expect(parseWkb(POINT_BE).geometry).toEqual({ type: 'Point', coordinates: [1, 2] });
  });

  it('reads a polygon and an ISO MultiPolygon Z, dropping Z', () => {
    expect(parseWkb(polygonWkb()).geometry).toEqual({ type: 'Polygon', coordinates: [RING] });
    expect(parseWkb(multiPolygonZWkb()).geometry).toEqual({
      type: 'MultiPolygon',
      coordinates: [[RING], [RING.map(([x, y]) => [x! + 1000, y])]],
    });
  });

  it('reads LineString M (2002), EWKB Z points with SRID, MultiPoint and MultiLineString', () => {
    const lineM = new Wkb().u8(1).u32(2002).u32(2).f64(0, 0, 5, 1, 1, 6).bytes();
    expect(parseWkb(lineM).geometry).toEqual({ type: 'LineString', coordinates: [[0, 0], [1, 1]] });
    const ewkb = new Wkb(false).u8(0).u32(0xa0000001).u32(4549).f64(10, 20, 30).bytes();
    expect(parseWkb(ewkb).geometry).toEqual({ type: 'Point', coordinates: [10, 20] });
    const mp = new Wkb().u8(1).u32(4).u32(2).u8(1).u32(1).f64(1, 2).u8(0).bytes();
    const mpFull = new Uint8Array([...mp, ...POINT_BE.subarray(1)]);
    expect(parseWkb(mpFull).geometry).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [1, 2]] });
    const mls = new Wkb().u8(1).u32(5).u32(1).u8(1).u32(2).u32(2).f64(0, 0, 3, 4).bytes();
    expect(parseWkb(mls).geometry).toEqual({ type: 'MultiLineString', coordinates: [[[0, 0], [3, 4]]] });
  });

  it('an empty point (NaN) or polygon is null; bad input says what is wrong', () => {
    expect(parseWkb(new Wkb().u8(1).u32(1).f64(NaN, NaN).bytes()).geometry).toBeNull();
    expect(parseWkb(new Wkb().u8(1).u32(3).u32(0).bytes()).geometry).toBeNull();
    expect(() => parseWkb(hex('02 01000000'))).toThrow('byte 0: byte-order mark 2 is neither 0 (big endian) nor 1 (little endian)');
    expect(() => parseWkb(hex('01 09000000'))).toThrow('geometry type code 9 is not a WKB geometry type');
    expect(() => parseWkb(POINT_LE.subarray(0, 15))).toThrow('WKB ends at byte 15, 8 more bytes expected at 13');
    expect(() => parseWkb(new Wkb().u8(1).u32(7).u32(0).bytes())).toThrow(/GeometryCollection is not supported/);
    expect(() => parseWkb(new Wkb().u8(1).u32(6).u32(1).u8(1).u32(1).f64(1, 2).bytes())).toThrow('a MultiPolygon holds a Point');
  });
});

describe('parseGpkgGeometry', () => {
  it('skips the header and envelope; the empty flag gives null', () => {
    expect(parseGpkgGeometry(gpkgBlob(POINT_LE, 4549))).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(parseGpkgGeometry(gpkgBlob(polygonWkb(), 4549, { envelope: [500100.5, 500200.5, 3250100.25, 3250200.25] }))).toEqual({ type: 'Polygon', coordinates: [RING] });
    expect(parseGpkgGeometry(gpkgBlob(POINT_LE, 4549, { empty: true }))).toBeNull();
    expect(() => parseGpkgGeometry(POINT_LE)).toThrow('the blob does not start with the GeoPackage magic "GP"');
  });
});
