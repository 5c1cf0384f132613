// Shapefile parts written by independent tools for the reader tests:
// - geometry (.shp/.shx) by @mapbox/shp-write's low-level write(), a writer we do not maintain;
// - the .dbf by hand (dBase III layout) with iconv-lite encoding the text, because shp-write's dbf writer (the `dbf`
//   package) stores each UTF-16 code unit as one byte (charCodeAt → setUint8), so it cannot write Chinese in any
//   encoding. Its own .dbf is still used for the ASCII-only cases.
import { write } from '@mapbox/shp-write';
import iconv from 'iconv-lite';

export interface ShpParts {
  shp: Uint8Array;
  shx: Uint8Array;
  dbf: Uint8Array;
}

const bytesOf = (v: DataView): Uint8Array => new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();

/** shp-write's write(): geometries are coordinate arrays (a polygon: its rings), rows the dbf records. */
export function shpWrite(type: 'POINT' | 'POLYGON' | 'POLYLINE', rows: object[], geometries: unknown[]): ShpParts {
  let out: ShpParts | null = null;
  write(rows, type, geometries as object[], (err: unknown, files: { shp: DataView; shx: DataView; dbf: DataView }) => {
    if (err) throw err;
    out = { shp: bytesOf(files.shp), shx: bytesOf(files.shx), dbf: bytesOf(files.dbf) };
  });
  if (!out) throw new Error('shp-write did not call back synchronously');
  return out;
}

export interface DbfField {
  name: string;
  type: 'C' | 'N' | 'D' | 'L';
  length: number;
  decimals?: number;
}

/** A dBase III file with text (names and values) in `encoding` ('gbk' or 'utf8'); `ldid` is byte 29. */
export function writeDbf(fields: DbfField[], rows: (string | number | null)[][], encoding: 'gbk' | 'utf8', ldid = 0): Uint8Array {
  const enc = (s: string) => new Uint8Array(iconv.encode(s, encoding));
  const recordLength = 1 + fields.reduce((n, f) => n + f.length, 0);
  const headerLength = 32 + 32 * fields.length + 1;
  const out = new Uint8Array(headerLength + recordLength * rows.length + 1);
  const v = new DataView(out.buffer);
  out[0] = 0x03;
  out.set([125, 1, 1], 1);
  v.setUint32(4, rows.length, true);
  v.setUint16(8, headerLength, true);
  v.setUint16(10, recordLength, true);
  out[29] = ldid;
  fields.forEach((f, i) => {
    const p = 32 + 32 * i;
    // Cut at 10 bytes on a character boundary, as GDAL does.
    let name = f.name;
    while (enc(name).length > 10) name = name.slice(0, -1);
    out.set(enc(name), p);
    out[p + 11] = f.type.charCodeAt(0);
    out[p + 16] = f.length;
    out[p + 17] = f.decimals ?? 0;
  });
  out[headerLength - 1] = 0x0d;
  rows.forEach((row, r) => {
    let p = headerLength + r * recordLength;
    out[p++] = 0x20;
    fields.forEach((f, i) => {
      const val = row[i];
      const cell = new Uint8Array(f.length).fill(0x20);
      const text = val === null || val === undefined ? new Uint8Array(0) : enc(f.type === 'N' && typeof val === 'number' ? val.toFixed(f.decimals ?? 0) : String(val));
      if (text.length > f.length) throw new Error(`value "${val}" longer than field ${f.name}`);
      cell.set(text, f.type === 'N' ? f.length - text.length : 0);
      out.set(cell, p);
      p += f.length;
    });
  });
  out[out.length - 1] = 0x1a;
  return out;
}

/** The Ninghai-shaped parcel attributes used across tests, in GBK or UTF-8. */
export const PARCEL_FIELDS: DbfField[] = [
  { name: '地块编号', type: 'C', length: 20 },
  { name: '权利人', type: 'C', length: 60 },
  { name: '用地面积', type: 'N', length: 14, decimals: 2 },
  { name: '登记日期', type: 'D', length: 8 },
];
export const PARCEL_ROWS: (string | number | null)[][] = [
  ['NH-0001', '宁海示例模具有限公司', 12345.67, '20230415'],
  ['NH-0002', '宁海县跃龙街道经济合作社', 800, null],
];

/** Two parcel squares in zone-40-prefixed CGCS2000 GK metres, outer rings clockwise as the Shapefile spec wants. */
export const PARCEL_RINGS: number[][][][] = [
  [[[40500100.5, 3250100.25], [40500100.5, 3250200.25], [40500200.5, 3250200.25], [40500200.5, 3250100.25], [40500100.5, 3250100.25]]],
  [[[40501000, 3251000], [40501000, 3251050], [40501050, 3251050], [40501050, 3251000], [40501000, 3251000]]],
];

/** The same rings as read back: GeoJSON order (RFC 7946: shells counter-clockwise), written out by hand. */
export const PARCEL_RINGS_GEOJSON: number[][][][] = [
  [[[40500100.5, 3250100.25], [40500200.5, 3250100.25], [40500200.5, 3250200.25], [40500100.5, 3250200.25], [40500100.5, 3250100.25]]],
  [[[40501000, 3251000], [40501050, 3251000], [40501050, 3251050], [40501000, 3251050], [40501000, 3251000]]],
];

/** shp-write cannot write a null shape: append one (record header + shape type 0, per the ESRI spec) to its .shp. */
export function appendNullShape(shp: Uint8Array): Uint8Array {
  const out = new Uint8Array(shp.length + 12);
  out.set(shp);
  const v = new DataView(out.buffer);
  let records = 0;
  for (let p = 100; p < shp.length; p += 8 + v.getInt32(p + 4, false) * 2) records++;
  v.setInt32(shp.length, records + 1, false); // record number, 1-based
  v.setInt32(shp.length + 4, 2, false); // content length in 16-bit words: the 4-byte shape type
  v.setInt32(shp.length + 8, 0, true); // shape type 0 = null shape
  v.setInt32(24, out.length / 2, false); // file length in words
  return out;
}
