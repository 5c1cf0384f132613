// Writes a polygon Shapefile (.shp, .shx, .dbf) with its text in a chosen encoding (GBK for the sample county's
// "as the 自然资源和规划局 hands it over" export). Hand-written: the maintained writer (@mapbox/shp-write) encodes
// .dbf text one byte per UTF-16 unit, which destroys Chinese, and takes no encoding; the format is small and fixed
// (ESRI Shapefile Technical Description, 1998; dBASE III table). What it writes is read back in the tests by an
// independent reader (the `shapefile` package) and by the project's own import readers.
import iconv from 'iconv-lite';

export type ShpPolygon = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface DbfField {
  /** Field name: at most 10 bytes in the table's encoding (a GBK character takes 2). */
  name: string;
  type: 'C' | 'N' | 'L';
  /** Width in bytes (C: text, N: digits incl. sign and point). */
  length: number;
  /** N only: digits after the point. */
  decimals?: number;
}

export interface ShapefileParts {
  shp: Uint8Array;
  shx: Uint8Array;
  dbf: Uint8Array;
}

const POLYGON = 5;

/** Signed area ×2 of a ring (x right, y up): > 0 counter-clockwise. */
function signedArea2(ring: readonly number[][]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return s;
}

/** Shapefile rings: outer rings clockwise, holes counter-clockwise (the opposite of GeoJSON's RFC 7946 advice). */
function shpRings(g: ShpPolygon): number[][][] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const out: number[][][] = [];
  for (const poly of polys) {
    poly.forEach((ring, k) => {
      const ccw = signedArea2(ring) > 0;
      const wantCcw = k > 0;
      out.push(ccw === wantCcw ? ring : [...ring].reverse());
    });
  }
  return out;
}

function header(view: DataView, fileBytes: number, box: [number, number, number, number]): void {
  view.setInt32(0, 9994, false);
  view.setInt32(24, fileBytes / 2, false);
  view.setInt32(28, 1000, true);
  view.setInt32(32, POLYGON, true);
  box.forEach((v, i) => view.setFloat64(36 + 8 * i, v, true));
}

/** .shp and .shx of polygons (one record each, in order). */
export function writeShp(geoms: readonly ShpPolygon[]): { shp: Uint8Array; shx: Uint8Array } {
  const records = geoms.map(shpRings);
  const contentBytes = records.map((rings) => 44 + 4 * rings.length + 16 * rings.reduce((n, r) => n + r.length, 0));
  const shpBytes = 100 + contentBytes.reduce((n, c) => n + 8 + c, 0);
  const shp = new Uint8Array(shpBytes);
  const shx = new Uint8Array(100 + 8 * records.length);
  const sv = new DataView(shp.buffer);
  const xv = new DataView(shx.buffer);
  const all: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  let at = 100;
  records.forEach((rings, i) => {
    const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const r of rings) for (const [x, y] of r) {
      box[0] = Math.min(box[0], x!);
      box[1] = Math.min(box[1], y!);
      box[2] = Math.max(box[2], x!);
      box[3] = Math.max(box[3], y!);
    }
    for (let k = 0; k < 2; k++) all[k] = Math.min(all[k]!, box[k]!);
    for (let k = 2; k < 4; k++) all[k] = Math.max(all[k]!, box[k]!);
    xv.setInt32(100 + 8 * i, at / 2, false);
    xv.setInt32(104 + 8 * i, contentBytes[i]! / 2, false);
    sv.setInt32(at, i + 1, false);
    sv.setInt32(at + 4, contentBytes[i]! / 2, false);
    let p = at + 8;
    sv.setInt32(p, POLYGON, true);
    box.forEach((v, k) => sv.setFloat64(p + 4 + 8 * k, v, true));
    sv.setInt32(p + 36, rings.length, true);
    sv.setInt32(p + 40, rings.reduce((n, r) => n + r.length, 0), true);
    p += 44;
    let start = 0;
    for (const r of rings) {
      sv.setInt32(p, start, true);
      p += 4;
      start += r.length;
    }
    for (const r of rings) for (const [x, y] of r) {
      sv.setFloat64(p, x!, true);
      sv.setFloat64(p + 8, y!, true);
      p += 16;
    }
    at += 8 + contentBytes[i]!;
  });
  const box = records.length ? all : ([0, 0, 0, 0] as [number, number, number, number]);
  header(sv, shp.length, box);
  header(xv, shx.length, box);
  return { shp, shx };
}

/** dBASE language driver ids (byte 29) for the encodings the sample writes. */
const LANGUAGE_DRIVER: Record<string, number> = { gbk: 0x4d, 'utf-8': 0x00 };

/** A .dbf table; values by field name (null → blank). Text longer than the field is an error, not truncated. */
export function writeDbf(fields: readonly DbfField[], rows: readonly Record<string, string | number | boolean | null>[], encoding: 'gbk' | 'utf-8'): Uint8Array {
  const enc = (s: string): Buffer => iconv.encode(s, encoding);
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((n, f) => n + f.length, 0);
  const out = new Uint8Array(headerLength + recordLength * rows.length + 1);
  const v = new DataView(out.buffer);
  out[0] = 0x03;
  out[1] = 126; // last update 2026-12-01 (YY since 1900, MM, DD): fixed so the sample stays byte-identical
  out[2] = 12;
  out[3] = 1;
  v.setUint32(4, rows.length, true);
  v.setUint16(8, headerLength, true);
  v.setUint16(10, recordLength, true);
  out[29] = LANGUAGE_DRIVER[encoding] ?? 0;
  fields.forEach((f, i) => {
    const at = 32 + 32 * i;
    const name = enc(f.name);
    if (name.length > 10) throw new Error(`dbf field name "${f.name}" takes ${name.length} bytes in ${encoding}; at most 10`);
    out.set(name, at);
    out[at + 11] = f.type.charCodeAt(0);
    out[at + 16] = f.length;
    out[at + 17] = f.decimals ?? 0;
  });
  out[headerLength - 1] = 0x0d;
  rows.forEach((row, r) => {
    let at = headerLength + r * recordLength;
    out[at++] = 0x20;
    for (const f of fields) {
      const value = row[f.name] ?? null;
      let bytes: Uint8Array;
      if (value === null) bytes = new Uint8Array(0);
      else if (f.type === 'L') bytes = enc(value === true ? 'T' : 'F');
      else if (f.type === 'N') {
        const text = typeof value === 'number' ? value.toFixed(f.decimals ?? 0) : String(value);
        bytes = enc(text.padStart(f.length, ' '));
      } else bytes = enc(String(value));
      if (bytes.length > f.length) throw new Error(`dbf row ${r + 1} field "${f.name}": ${JSON.stringify(value)} takes ${bytes.length} bytes, the field ${f.length}`);
      out.fill(0x20, at, at + f.length);
      out.set(bytes, at);
      at += f.length;
    }
  });
  out[out.length - 1] = 0x1a;
  return out;
}
