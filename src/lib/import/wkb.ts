// Well-Known Binary → GeoJSON-shaped geometry, for GeoPackage blobs. Z and M ordinates are read and dropped (the app
// is 2D). Both ways of flagging them are accepted: ISO WKB (type + 1000 Z, + 2000 M, + 3000 ZM, what GeoPackage
// specifies) and the EWKB high bits (0x80000000 Z, 0x40000000 M, 0x20000000 SRID follows), which some writers use.
//
// Why our own: WKB is a small, fixed format (OGC 06-103r4 §8.2) and this is ~100 lines; the maintained JS parsers
// (wkx) are unmaintained since 2019, depend on Node's Buffer (a polyfill in the browser worker) and are not installed.
// GeometryCollection is refused: no layer of the app holds one, and RawFeature carries coordinates only.

export class WkbError extends Error {
  override name = 'WkbError';
}

export type WkbGeometry = { type: string; coordinates: unknown };

const TYPES = ['', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection'];

class Reader {
  private view: DataView;
  pos: number;
  little = true;
  constructor(
    readonly bytes: Uint8Array,
    offset: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = offset;
  }
  need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new WkbError(`WKB ends at byte ${this.bytes.length}, ${n} more bytes expected at ${this.pos}`);
  }
  u8(): number {
    this.need(1);
    return this.view.getUint8(this.pos++);
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, this.little);
    this.pos += 4;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, this.little);
    this.pos += 8;
    return v;
  }
}

interface Head {
  kind: number;
  dims: number;
}

function head(r: Reader): Head {
  const order = r.u8();
  if (order > 1) throw new WkbError(`byte ${r.pos - 1}: byte-order mark ${order} is neither 0 (big endian) nor 1 (little endian)`);
  r.little = order === 1;
  const raw = r.u32();
  let code = raw & 0x0fffffff;
  let z = (raw & 0x80000000) !== 0;
  let m = (raw & 0x40000000) !== 0;
  if (raw & 0x20000000) r.u32(); // EWKB SRID: the GeoPackage header already says the srs
  const iso = Math.floor(code / 1000);
  if (iso >= 1 && iso <= 3) {
    z ||= iso === 1 || iso === 3;
    m ||= iso === 2 || iso === 3;
    code %= 1000;
  }
  if (!(code >= 1 && code <= 7)) throw new WkbError(`geometry type code ${raw} is not a WKB geometry type`);
  return { kind: code, dims: 2 + (z ? 1 : 0) + (m ? 1 : 0) };
}

function position(r: Reader, dims: number): number[] {
  const x = r.f64();
  const y = r.f64();
  for (let i = 2; i < dims; i++) r.f64();
  return [x, y];
}

function positions(r: Reader, dims: number): number[][] {
  const n = r.u32();
  r.need(n * dims * 8);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) out.push(position(r, dims));
  return out;
}

function rings(r: Reader, dims: number): number[][][] {
  const n = r.u32();
  const out: number[][][] = [];
  for (let i = 0; i < n; i++) out.push(positions(r, dims));
  return out;
}

/** The members of a Multi*: each a full WKB geometry of the single type. */
function members(r: Reader, single: number): unknown[] {
  const n = r.u32();
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const h = head(r);
    if (h.kind !== single) throw new WkbError(`a ${TYPES[single + 3]} holds a ${TYPES[h.kind]}`);
    out.push(body(r, h));
  }
  return out;
}

function body(r: Reader, h: Head): unknown {
  switch (h.kind) {
    case 1:
      return position(r, h.dims);
    case 2:
      return positions(r, h.dims);
    case 3:
      return rings(r, h.dims);
    case 4:
      return members(r, 1);
    case 5:
      return members(r, 2);
    case 6:
      return members(r, 3);
    default:
      throw new WkbError('GeometryCollection is not supported: split it into single-type layers');
  }
}

/**
 * The geometry at `offset` and the offset after it. An empty geometry (a Point of NaN, or no parts) is null, as a
 * GeoPackage "empty" geometry is.
 */
export function parseWkb(bytes: Uint8Array, offset = 0): { geometry: WkbGeometry | null; end: number } {
  const r = new Reader(bytes, offset);
  const h = head(r);
  const coordinates = body(r, h);
  const type = TYPES[h.kind]!;
  const empty = h.kind === 1 ? (coordinates as number[]).every(Number.isNaN) : (coordinates as unknown[]).length === 0;
  return { geometry: empty ? null : { type, coordinates }, end: r.pos };
}
